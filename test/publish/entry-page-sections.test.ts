import * as path from 'path';
import { buildEdition, BuildOptions } from '../../src/publish/build';
import { buildInChild, PINNED_EDITION, snapshot, TEI_DIR, temporaryDir } from '../support/publish';

/**
 * An entry page named more often than one collection-pages job renders (about 1,500 mentions) is rendered in parts:
 * the page with the place of its mentions marked, and its mentions in sections of a few documents each, put in that
 * place (src/publish/stages/collection-pages.ts). The page must be whole, in the order html.xsl gives its documents,
 * and the same whether the mentions come from the cache's lists or from the summaries of a build without a cache.
 */

jest.setTimeout(1_200_000);

// eslint-disable-next-line @typescript-eslint/no-var-requires
const generator = require('../../scripts/bench/generate.js') as { generateCollection(src: string, out: string, count: number): string[] };

async function build(src: string, options: Partial<BuildOptions>): Promise<Map<string, Buffer>> {
  const out = path.join(temporaryDir('sections-out'), 'dist');
  const result = await buildEdition({ src, out, validate: false, search: false, edition: PINNED_EDITION, ...options });
  expect(result.diagnostics).toEqual([]);
  expect(result.published).toBe(true);
  return snapshot(out);
}

/** The documents an HTML page links to, in order (href="…documents/<name>.html", anchors left out), each once. */
function documentLinks(html: string): string[] {
  const names = [...html.matchAll(/href="(?:\.\.\/)?documents\/([^"#]+)\.html"/g)].map((match) => match[1]);
  return names.filter((name, index) => names.indexOf(name) === index);
}

test('an entry page of thousands of mentions is rendered in sections and put together whole, in chronological order', async () => {
  // 80 copies of the bundled letters: places/china.html has some 1,700 mentions.
  const src = path.join(temporaryDir('sections'), 'tei');
  generator.generateCollection(TEI_DIR, src, 80);
  const cached = await build(src, { cacheDir: temporaryDir('sections-cache'), workers: 2 });
  const page = cached.get('html/places/china.html')!.toString('utf8');
  const mentions = page.match(/<li lang=/g)?.length ?? 0;
  expect(mentions).toBeGreaterThan(1500);
  // One mentions section, its place filled (no marker left in any page), every document's section complete.
  expect(page.match(/<section aria-labelledby="mentions-heading">/g)).toHaveLength(1);
  for (const [output, content] of cached) expect([output, content.includes('tei-edition-mentions')]).toEqual([output, false]);
  const sections = page.match(/<section class="mentions-in-document">/g)?.length ?? 0;
  expect(page.match(/<\/ol><\/section>/g)?.length).toBe(sections);
  // The documents in the home page's chronological order (ed:sort-chronologically, which orders both).
  const onPage = documentLinks(page);
  expect(onPage.length).toBe(sections);
  const home = documentLinks(cached.get('html/index.html')!.toString('utf8'));
  expect(home.filter((name) => onPage.includes(name))).toEqual(onPage);
  // The same bytes when the mentions come from the summaries (no cache) and one thread renders every part: built in a
  // child process, where the main thread's SaxonJS runs faster than in Jest's sandbox (about half the CPU).
  const uncachedOut = path.join(temporaryDir('sections-out'), 'dist');
  const uncachedResult = buildInChild(src, undefined, uncachedOut, { search: false, workers: 0 });
  expect(uncachedResult.diagnostics).toEqual([]);
  expect(uncachedResult.published).toBe(true);
  const uncached = snapshot(uncachedOut);
  expect(uncached.get('html/places/china.html')!.equals(cached.get('html/places/china.html')!)).toBe(true);
  const differing = [...cached.keys()].filter((output) => !uncached.get(output)?.equals(cached.get(output)!));
  expect(differing).toEqual([]);
});
