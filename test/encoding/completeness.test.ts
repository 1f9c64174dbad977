import * as fs from 'fs';
import * as path from 'path';
import { describeWithShared, REPO_ROOT } from '../support/shared';
import { frusDocument, wilsonCenterDocument } from '../support/seeds';
import { sourceText, words } from '../support/tei-words';

/** Index of the first position where two word sequences differ, or -1. */
function firstDifference(a: string[], b: string[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i += 1) if (a[i] !== b[i]) return i;
  return -1;
}

function context(seq: string[], at: number): string {
  return seq.slice(Math.max(0, at - 6), at + 6).join(' ');
}

const cases = [
  { tei: 'politburo-directive-1980.xml', seed: () => wilsonCenterDocument('000_d6f580bb2726d328.txt') },
  { tei: 'carter-brezhnev-1979.xml', seed: () => frusDocument('004_b54a4294b51ec064.txt') },
];

describeWithShared('the encoded text is complete and invents nothing', () => {
  for (const { tei, seed } of cases) {
    test(`${tei}: every word of the source, in order, and no other`, () => {
      const expected = words(seed());
      const actual = words(sourceText(fs.readFileSync(path.join(REPO_ROOT, 'tei', tei), 'utf8')));
      const at = firstDifference(expected, actual);
      if (at >= 0) {
        throw new Error(
          `${tei}: word ${at + 1} differs\n  source:  …${context(expected, at)}…\n  encoded: …${context(actual, at)}…`,
        );
      }
      expect(actual.length).toBe(expected.length);
      expect(actual.length).toBeGreaterThan(300);
    });
  }
});
