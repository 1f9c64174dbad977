import * as v8 from 'v8';
import * as vm from 'vm';
import { collectAfterStage, GARBAGE_WORTH_COLLECTING, GarbageWatch, heapInUse } from '../../src/publish/garbage';

v8.setFlagsFromString('--expose-gc');
/** The test's own full collection: the heap in use measured from what is live, not from the garbage earlier tests left (which V8 may collect at any allocation). */
const collectNow = vm.runInNewContext('gc') as () => void;

/** At least `mb` MB of heap, in arrays of 1 MB of doubles (in V8's heap, where typed arrays' contents are not). */
function heapData(mb: number): number[][] {
  return Array.from({ length: mb }, (_, chunk) => Array.from({ length: 128 * 1024 }, (_value, i) => chunk + i + 0.5));
}

describe('a full collection between build stages (src/publish/garbage.ts)', () => {
  test('a stage that left more than GARBAGE_WORTH_COLLECTING behind is collected: the heap in use falls back', () => {
    collectNow();
    const before = heapInUse();
    // Held until the heap in use has grown past the threshold: V8 may meanwhile collect garbage the earlier suites of
    // this process left (CI saw 128 MB allocated at once show as 27 MB of growth), so a fixed amount proves nothing.
    const left: number[][] = [];
    while (heapInUse() - before <= GARBAGE_WORTH_COLLECTING && left.length < 1024) left.push(...heapData(8));
    expect(heapInUse() - before).toBeGreaterThan(GARBAGE_WORTH_COLLECTING);
    left.length = 0; // garbage now, and still counted in the heap in use until a collection
    expect(collectAfterStage(before)).toBe(true);
    expect(heapInUse() - before).toBeLessThan(GARBAGE_WORTH_COLLECTING / 2);
  });

  test('a stage that left little behind is not collected (an incremental build pays nothing)', () => {
    const before = heapInUse();
    const kept = heapData(8);
    expect(collectAfterStage(before)).toBe(false);
    expect(kept.length).toBe(8);
  });
});

describe('a full collection within a long stage, polled after each job (GarbageWatch)', () => {
  test('collects once the heap has grown by GARBAGE_WORTH_COLLECTING since the last collection, and counts the time', () => {
    collectNow();
    const stages: string[] = [];
    const watch = new GarbageWatch({ add: (stage) => stages.push(stage) });
    const mb = GARBAGE_WORTH_COLLECTING / (1024 * 1024);
    // Jobs of 8 MB each, held (so that V8 cannot collect them on its own and the growth is certain).
    const held: number[][][] = [];
    for (let job = 0; job < mb / 8 - 2; job++) {
      held.push(heapData(8));
      watch.poll();
    }
    expect(stages).toEqual([]);
    for (let job = 0; job < 4; job++) {
      held.push(heapData(8));
      watch.poll();
    }
    expect(stages).toEqual(['collect-garbage']);
    // Measured from that collection, not from the start: the next jobs pay nothing until they too add up.
    held.push(heapData(8));
    watch.poll();
    expect(stages).toEqual(['collect-garbage']);
    expect(held.length).toBe(mb / 8 + 3);
  });
});
