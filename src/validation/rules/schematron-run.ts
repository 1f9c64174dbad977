import { loadSaxonJS } from '../../saxon';
import { withSandbox } from './sandbox';

/**
 * One SaxonJS run of compiled Schematron rules over documents: the part of the rules layer that needs
 * SaxonJS, the same whether it runs on the main thread or in the rules worker (rules-worker.ts). It
 * reads no file: documents and the collection `doc()` may read come as text.
 */

const RUN_NS = 'urn:tei-edition:schematron-run';

type SaxonJS = {
  transform(options: Record<string, unknown>): { principalResult: unknown };
  getResource(options: Record<string, unknown>): Promise<unknown>;
  getPlatform(): unknown;
};

/** What the compiled rules report for one finding (see xslt/schematron/sch2xslt.xsl). */
export interface Finding {
  rule: string;
  role: string;
  pattern: string;
  message: string;
  location: { path: number[]; attribute: string };
}

/** A document's outcome: its findings, or why SaxonJS could not read it, or why the rules failed on it. */
export type DocumentOutcome = { findings: Finding[] } | { unreadable: string } | { failure: string };

/** What a job gives: each document's outcome, in order, and every local file the rules asked for (see withSandbox). */
export interface RulesOutcome {
  documents: DocumentOutcome[];
  reads: string[];
}

export interface RulesJob {
  /** The compiled rules (SEF) and the URI of their Schematron file (the stylesheet's base URI). */
  sef: string;
  sefBaseURI: string;
  documents: Array<{ text: string; baseURI: string }>;
  /** Absolute path → text: the only documents the rules can read with doc(). */
  collection: Map<string, string>;
}

/**
 * Parsed SEF by text. SaxonJS prepares a parsed stylesheet once, on its first run: reusing the object
 * saves parsing and preparing it again for every chunk of a large collection.
 */
const stylesheets = new Map<string, unknown>();
function stylesheetOf(sef: string): unknown {
  let stylesheet = stylesheets.get(sef);
  if (stylesheet === undefined) {
    stylesheet = JSON.parse(sef) as unknown;
    stylesheets.set(sef, stylesheet);
  }
  return stylesheet;
}

/**
 * Runs the rules over the documents in one transformation; when a rule fails with a dynamic error on
 * one of several documents, again one by one, to say which. The files read are those of the whole job:
 * SaxonJS reads a file once per transformation, whichever document asks first, so which of the
 * documents asked for it cannot be told.
 */
export async function runRules(job: RulesJob): Promise<RulesOutcome> {
  const SaxonJS = loadSaxonJS<SaxonJS>();
  // SaxonJS parses again; its parser refuses a few things libxml2 accepts (entities defined in
  // terms of other entities): such a document gets its own outcome, the others are still checked.
  const parsed = await Promise.allSettled(job.documents.map(({ text, baseURI }) => SaxonJS.getResource({ text, type: 'xml', baseURI })));
  const readable = parsed.flatMap((settled, i) => (settled.status === 'fulfilled' ? [i] : []));
  const nodes = readable.map((i) => (parsed[i] as PromiseFulfilledResult<unknown>).value);
  const stylesheet = stylesheetOf(job.sef);
  const reads = new Set<string>();
  const run = (documents: unknown[]): Finding[][] =>
    withSandbox(SaxonJS, job.collection, () => {
      const result = SaxonJS.transform({
        stylesheetInternal: stylesheet,
        stylesheetBaseURI: job.sefBaseURI,
        initialTemplate: `Q{${RUN_NS}}main`,
        templateParams: { documents },
        destination: 'serialized',
      });
      return JSON.parse(String(result.principalResult)) as Finding[][];
    }, reads);

  let perDocument: DocumentOutcome[];
  try {
    perDocument = nodes.length > 0 ? run(nodes).map((findings) => ({ findings })) : [];
  } catch (error) {
    if (nodes.length === 1) {
      perDocument = [{ failure: saxonMessage(error) }];
    } else {
      perDocument = nodes.map((node) => {
        try {
          return { findings: run([node])[0] };
        } catch (single) {
          return { failure: saxonMessage(single) };
        }
      });
    }
  }
  const byDocument = new Map(readable.map((documentIndex, k) => [documentIndex, perDocument[k]]));
  return {
    documents: parsed.map((settled, i) =>
      settled.status === 'rejected' ? { unreadable: saxonMessage(settled.reason).replace(/^Failed parsing XML in \S+: /, '') } : byDocument.get(i)!),
    reads: [...reads].sort(),
  };
}

/** A SaxonJS error as one line. */
export function saxonMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/\s+/g, ' ')
    .replace(/^Terminated with /, '')
    .replace(/ on line \d+ in \S+| on line \d+/g, '')
    .trim();
}
