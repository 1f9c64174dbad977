import {
  activeContent, CollectionEntry, CollectionPages, EditionInfo, errorMessage, parseDocument, renderCollectionPages, renderDocument, summarizeDocument, Summary, SummaryEdition,
} from './transform';
import { MAX_ELEMENT_DEPTH } from '../limits';
import type * as SaxonTypes from 'saxon-js';

/**
 * The units of work of a build that run SaxonJS: a file's summary, a document's pages, a batch of
 * collection pages. Each is a pure function of its message (texts in, strings out), so that it runs
 * alike on the main thread or in a worker thread (src/publish/workers.ts): a build publishes the same
 * bytes either way.
 */

/** A file of the collection as a job receives it. */
export interface JobFile {
  /** Collection path (forward slashes). */
  path: string;
  text: string;
  /** Content hash of its bytes: a worker keeps the files that many documents point to (the register) parsed. */
  hash: string;
}

export interface SummaryJob {
  kind: 'summary';
  file: JobFile;
  /**
   * The files its header's and text's includes may name, and the files those may name in turn (stages/summarise.ts
   * includedFiles): what it includes is summarised as if written where it is included. Usually none.
   */
  includes?: JobFile[];
  /** What of the edition the summary depends on (summaryEdition): `--no-search`, the languages. */
  edition: SummaryEdition;
}

export interface DocumentJob {
  kind: 'document';
  file: JobFile;
  /** The files its pointers reach (Summary.references), in collection order. */
  references: JobFile[];
  edition: EditionInfo;
  /** Every readable file's publishers, in collection order: the edition title. */
  publishers: string[];
}

export interface PagesJob {
  kind: 'pages';
  pages: CollectionPages;
  edition: EditionInfo;
  publishers: string[];
  projectDescriptions: string[];
}

export type Job = SummaryJob | DocumentJob | PagesJob;

/** Why a job produced nothing: the file does not parse, or the stylesheet failed on it. */
export interface JobFailure {
  ok: false;
  /** SaxonJS's parser message, when the file itself could not be parsed. */
  parseError?: string;
  /** The transformation's message otherwise. */
  error?: string;
  /** JavaScript's stack ran out (thousands of nested elements). */
  tooDeep?: boolean;
}

export interface Timed {
  /** Milliseconds spent, by stage ('read' for parsing). */
  ms: { read: number; html: number; text: number; pages: number; summary: number };
}

export type SummaryResult = ({ ok: true; summary: Summary } | JobFailure) & Timed;

export type DocumentResult = ({
  ok: true;
  /** 'register' for a file without a text: it has no pages. */
  kind: 'document' | 'register';
  name: string;
  teiCopy: string;
  /** What makes the TEI copy unsafe to publish, if anything (activeContent). */
  active?: string;
  /** The collection's image and media files its pages show (URI-encoded paths in the collection folder: stages/media.ts). */
  images: string[];
  /** Output path (html/…, text/…) → content. */
  outputs: Array<[string, string]>;
  /** The document's text edition (also in outputs), for edition.txt. */
  text?: string;
} | JobFailure) & Timed;

export type PagesResult = ({ ok: true; outputs: Array<[string, string]> } | JobFailure) & Timed;

export type JobResult = SummaryResult | DocumentResult | PagesResult;

/** Referenced files kept parsed (by content hash); a collection's pointers mostly reach one register or a few. */
const PARSED_REFERENCES = 8;

export class JobRunner {
  private readonly references = new Map<string, CollectionEntry>();

  constructor(private readonly stylesheets: { html: object; text: object }) {}

  async run(job: SummaryJob): Promise<SummaryResult>;
  async run(job: DocumentJob): Promise<DocumentResult>;
  async run(job: PagesJob): Promise<PagesResult>;
  async run(job: Job): Promise<JobResult>;
  async run(job: Job): Promise<JobResult> {
    const ms = { read: 0, html: 0, text: 0, pages: 0, summary: 0 };
    const timed = <T>(stage: keyof typeof ms, body: () => T): T => {
      const started = performance.now();
      try {
        return body();
      } finally {
        ms[stage] += performance.now() - started;
      }
    };
    let entry: CollectionEntry;
    if (job.kind !== 'pages') {
      const started = performance.now();
      try {
        entry = { path: job.file.path, document: await parseDocument(job.file.text) };
      } catch (error) {
        return { ok: false, parseError: errorMessage(error), ms };
      } finally {
        ms.read += performance.now() - started;
      }
    }
    // Deeper than the limit our parser and the validator apply: the stylesheets would recurse that deep (a
    // stack overflow at best, minutes of work at worst), so the document is refused before any of them runs.
    if (job.kind !== 'pages' && nestsDeeperThan(entry!.document, MAX_ELEMENT_DEPTH)) {
      return { ok: false, error: `elements nest more than ${MAX_ELEMENT_DEPTH} deep, over the limit; see SECURITY.md`, tooDeep: true, ms };
    }
    try {
      switch (job.kind) {
        case 'summary': {
          const collection = [entry!];
          // An included file that cannot be parsed is not included (validate reports it): its xi:fallback stands in.
          for (const included of job.includes ?? []) {
            try {
              collection.push(await this.reference(included, ms));
            } catch {
              // left out
            }
          }
          return { ok: true, summary: timed('summary', () => summarizeDocument(this.stylesheets.html, entry, job.edition, collection)), ms };
        }
        case 'document': {
          const collection = [entry!];
          for (const reference of job.references) collection.push(await this.reference(reference, ms));
          const active = activeContent(entry!.document, job.file.text) ?? undefined;
          const html = timed('html', () => renderDocument(this.stylesheets.html, entry, collection, job.edition, job.publishers, active !== undefined));
          if (html.manifest.kind !== 'document') return { ok: true, kind: 'register', name: '', teiCopy: '', images: [], outputs: [], ms };
          const text = timed('text', () => renderDocument(this.stylesheets.text, entry, collection, job.edition, job.publishers));
          return {
            ok: true, kind: 'document', name: html.manifest.name!, teiCopy: html.manifest['tei-copy']!, active, images: html.manifest.images ?? [],
            outputs: [...[...html.outputs].map(([output, value]) => [`html/${output}`, value] as [string, string]),
              ...[...text.outputs].map(([output, value]) => [`text/${output}`, value] as [string, string])],
            text: [...text.outputs.values()][0],
            ms,
          };
        }
        case 'pages': {
          const rendered = timed('pages', () => renderCollectionPages(this.stylesheets.html, job.pages, job.edition, job.publishers, job.projectDescriptions));
          return { ok: true, outputs: [...rendered.outputs].map(([output, value]) => [`html/${output}`, value]), ms };
        }
      }
    } catch (error) {
      // RangeError: JavaScript's stack, not the stylesheet (a worker thread has its own, see workers.ts).
      return { ok: false, error: errorMessage(error), tooDeep: error instanceof RangeError, ms };
    }
  }

  /** A referenced file, parsed once while it stays among the last few used. */
  private async reference(file: JobFile, ms: Timed['ms']): Promise<CollectionEntry> {
    const key = `${file.hash} ${file.path}`;
    let entry = this.references.get(key);
    if (entry) {
      this.references.delete(key);
    } else {
      const started = performance.now();
      entry = { path: file.path, document: await parseDocument(file.text) };
      ms.read += performance.now() - started;
      if (this.references.size >= PARSED_REFERENCES) this.references.delete(this.references.keys().next().value!);
    }
    this.references.set(key, entry);
    return entry;
  }
}

/** Whether any node of the tree lies more than `limit` elements deep: a walk by pointers, no recursion, no allocation. */
function nestsDeeperThan(document: SaxonTypes.XdmNode, limit: number): boolean {
  type Node = { nodeType: number; firstChild: Node | null; nextSibling: Node | null; parentNode: Node | null };
  const root = document as unknown as Node;
  let node: Node | null = root.firstChild;
  let depth = node ? 1 : 0;
  while (node) {
    if (depth > limit && node.nodeType === 1) return true;
    if (node.firstChild) {
      node = node.firstChild;
      depth++;
      continue;
    }
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode;
      depth--;
    }
    if (!node || node === root) break;
    node = node.nextSibling;
  }
  return false;
}
