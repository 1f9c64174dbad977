import { editionTitle } from '../transform';
import type { BuildContext } from './context';

/**
 * The edition title the pages show for these publishers (ed:edition-title in xslt/common.xsl); cached
 * too, so that a build with nothing to render never loads SaxonJS.
 */
export function titleOf(context: BuildContext, publishers: string[]): string {
  const { cache, keys, timer, stylesheets } = context;
  const key = keys.title(publishers);
  let title = cache ? timer.time('cache', 0, () => cache.get<string>(key)) : undefined;
  if (title === undefined) {
    title = timer.time('edition-title', 0, () => editionTitle(stylesheets.html, publishers));
    cache?.set(key, title);
  }
  return title;
}
