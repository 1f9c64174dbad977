import type { Diagnostic } from '../../../diagnostics/diagnostic';
import type { Collection, CollectionRule, RuleDocument } from '../model';
import { MAX_INCLUDE_DEPTH, resolveInclude } from '../../xinclude';

/**
 * An xi:include (XInclude 1.1) names a file of the collection, as a whole, as XML: what a corpus kept in many files
 * needs (a teiCorpus root including its header's registers and its members, ParlaMint's layout). tei-edition never
 * reads a URL, an absolute path or a file outside the files validated (test/hostile), and does not include text
 * (parse="text") or parts of files (xpointer). An include with an xi:fallback is never unresolved: the fallback
 * stands in. Whether the included content is allowed where it is included is the schema's business; the schema
 * layer validates the document with its includes in place, as `xmllint --xinclude` does (src/validation/xinclude.ts).
 */
export const xincludeUnresolved: CollectionRule = {
  id: 'xinclude-unresolved',
  severity: 'error',
  everyDocument: true,
  description: 'an xi:include names a URL, a file outside the collection or one that is not there, or asks for what tei-edition does not include (parse="text", xpointer)',
  check(collection: Collection): Diagnostic[] {
    const diagnostics: Diagnostic[] = [];
    for (const document of collection.targets) {
      for (const [href, parse, xpointer, fallback, line, column] of document.facts.includes ?? []) {
        const target = included(collection, document, href, parse, xpointer);
        let problem = typeof target === 'string' ? target : undefined;
        // An inclusion loop is a fatal error whatever the fallback (XInclude 1.1, 4.2.8); so is nesting past the limit.
        if (typeof target !== 'string') {
          const chain = loopOrDepth(collection, target, document);
          if (chain) problem = chain;
        } else if (fallback) problem = undefined;
        if (problem) diagnostics.push({ file: document.path, line, column, severity: 'error', rule: 'xinclude-unresolved', layer: 'rules', message: problem });
      }
    }
    return diagnostics;
  },
};


/** The message when following this include comes back to `from` or nests deeper than MAX_INCLUDE_DEPTH. */
function loopOrDepth(collection: Collection, start: RuleDocument, from: RuleDocument): string | undefined {
  // Files already followed to the end without coming back: a corpus's members share its registers.
  const done = new Set<RuleDocument>();
  const walk = (document: RuleDocument, chain: RuleDocument[]): string | undefined => {
    if (done.has(document)) return undefined;
    if (document === from || chain.includes(document)) {
      return `xi:include makes an inclusion loop (${[from, ...chain, document].map((item) => item.path).join(' → ')}): a file cannot include itself, directly or through others`;
    }
    if (chain.length >= MAX_INCLUDE_DEPTH) return `xi:include nests more than ${MAX_INCLUDE_DEPTH} files deep (${[from, ...chain].map((item) => item.path).join(' → ')} → …)`;
    for (const [href, parse, xpointer] of document.facts.includes ?? []) {
      const next = included(collection, document, href, parse, xpointer);
      if (typeof next === 'string') continue;
      const found = walk(next, [...chain, document]);
      if (found) return found;
    }
    done.add(document);
    return undefined;
  };
  return walk(start, []);
}

/** The document an include names, or why it cannot be followed. */
function included(collection: Collection, from: RuleDocument, href: string | null, parse: string | null, xpointer: string | null): RuleDocument | string {
  const resolved = resolveInclude(from, href, parse, xpointer);
  if ('problem' in resolved) return resolved.problem;
  const shown = href === null ? '' : JSON.stringify(href);
  return collection.document(resolved.file) ?? `xi:include href=${shown} names no file of the collection (it does not exist, is outside the files validated, or is not well-formed)`;
}
