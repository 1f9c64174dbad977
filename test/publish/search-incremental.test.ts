import * as fs from 'fs';
import * as path from 'path';
import { buildEdition, BuildOptions, BuildStageEvent } from '../../src/publish/build';
import { PINNED_EDITION, snapshot, TEI_DIR, temporaryDir } from '../support/publish';

/**
 * The search index by difference (src/search/index-update.ts) and the other parts of an incremental build
 * publish byte for byte what a build from nothing publishes, on a collection large enough to have several
 * pieces of every kind, for changes the index takes by difference (a word changed, added, removed in a
 * mention's sentence: the entry page changes too) and for one it does not (a document retitled: another order).
 */

jest.setTimeout(900_000);

// eslint-disable-next-line @typescript-eslint/no-var-requires
const generator = require('../../scripts/bench/generate.js') as { generateCollection(src: string, out: string, count: number): string[] };

function differences(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => !before.get(name)?.equals(after.get(name) ?? Buffer.alloc(0)) || !after.has(name)).sort();
}

async function build(src: string, out: string, options: Partial<BuildOptions>): Promise<{ files: Map<string, Buffer>; search?: BuildStageEvent }> {
  const stages = new Map<string, BuildStageEvent>();
  const result = await buildEdition({ src, out, validate: false, edition: PINNED_EDITION, onStage: (event) => stages.set(event.stage, event), ...options });
  expect(result.diagnostics).toEqual([]);
  expect(result.published).toBe(true);
  return { files: snapshot(out), search: stages.get('search') };
}

function editFile(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(file, text.replace(from, to));
}

test('an incremental build publishes what a build from nothing publishes, the search index updated by difference or built again', async () => {
  const work = temporaryDir('search-incremental');
  const src = path.join(work, 'tei');
  generator.generateCollection(TEI_DIR, src, 24);
  const cacheDir = path.join(work, 'cache');
  const out = path.join(work, 'dist');
  const first = await build(src, out, { cacheDir });
  expect(first.search?.detail).toContain('built from every document');
  // Several pieces of texts, so that pieces before and after the changed one are kept.
  expect([...first.files.keys()].filter((name) => name.startsWith('html/search/x')).length).toBeGreaterThanOrEqual(2);

  // One document of the middle: a word of a mention's sentence changed (the entry page shows the sentence), a new
  // word added and one removed (new and vanished terms and forms).
  const changed = fs.readdirSync(src).filter((name) => name.startsWith('carter-brezhnev'))[3];
  editFile(path.join(src, changed), 'weapons and military hardware to the', 'weapons and military zyxwarequipment to the');
  editFile(path.join(src, changed), 'attentively', 'carefully');
  const second = await build(src, out, { cacheDir });
  expect(second.search?.detail).toContain('updated by difference');
  const cold = await build(src, path.join(work, 'cold-1'), { cache: false });
  expect(differences(cold.files, second.files)).toEqual([]);
  const changedOutputs = differences(first.files, second.files);
  expect(changedOutputs).toEqual(expect.arrayContaining(['html/places/china.html', 'html/search/manifest.js']));
  expect(changedOutputs.filter((name) => name.startsWith('html/search/x'))).toHaveLength(1);

  // Back as it was: the pieces of the first build again.
  editFile(path.join(src, changed), 'weapons and military zyxwarequipment to the', 'weapons and military hardware to the');
  editFile(path.join(src, changed), 'carefully', 'attentively');
  const third = await build(src, out, { cacheDir });
  expect(third.search?.detail).toContain('updated by difference');
  expect(differences(first.files, third.files)).toEqual([]);

  // Retitled: another place in the chronological order, so the index is built from every document.
  const text = fs.readFileSync(path.join(src, changed), 'utf8');
  const title = /<title[^>]*>([^<]+)<\/title>/.exec(text)![1];
  editFile(path.join(src, changed), `>${title}</title>`, `>Aaa ${title}</title>`);
  const fourth = await build(src, out, { cacheDir });
  expect(fourth.search?.detail).toContain('built from every document');
  const coldAgain = await build(src, path.join(work, 'cold-2'), { cache: false });
  expect(differences(coldAgain.files, fourth.files)).toEqual([]);
});
