import * as fs from 'fs';
import { contentHash, toolFingerprint } from '../cache';
import type { Summary } from '../publish/transform';
import { core, CORE_FILE } from './core';
import { useStemmer } from './stemmers';

/**
 * One document as the index takes it: what its summary says (xslt/search.xsl), cut into words, stemmed in the
 * language of each block and counted. A pure function of the summary and the document's published name, so
 * the build caches it per document: an incremental build indexes again only the documents that changed, and
 * the collection's index is then assembled from these (src/search/index-builder.ts).
 */
export interface IndexedDocument {
  path: string;
  /** documents/<name>.html */
  name: string;
  title: string;
  dateLabel: string;
  /** The chronological key's date part (ed:date-key): the timeline and the order of equal results. */
  dateKey: string;
  lang: string;
  type: string;
  /** The date range as numbers (core.dateNumber), null when undated. */
  from: number | null;
  to: number | null;
  /** The title (anchor '': the top of the page) and the text's blocks: [anchor on the page, stemmer id, reading-view text]. */
  blocks: Array<[string, string, string]>;
  /** The mentions that may point to a register entry, found in their block's text: [block, start, end, targets]. */
  mentions: Array<[number, number, number, string[]]>;
  /** [term, occurrences], title included, in the order of their first occurrence. */
  terms: Array<[string, number]>;
  /** The words as they occur (folded) and the term each stands for: the vocabulary of prefix queries. */
  forms: Array<[string, string]>;
  /**
   * Where each of `forms` occurs (same order), as the index writes it: "occurrences,first,gap,gap…" in word
   * numbers, the title's and each block's words numbered on, each block from a multiple of BLOCK_NUMBERS after
   * the previous block's last word plus one (at least one number left out between blocks: a phrase does not run
   * from one block into the next). Exact phrases are found from these, without the texts. (Text, not arrays of
   * numbers: two thousand documents' worth of small arrays kept the garbage collector busy.)
   */
  positions: string[];
  /** Number of words (title and text): the length in the ranking. */
  length: number;
  /** Targets of its mentions and its speeches → how many. */
  targets: Array<[string, number]>;
}

/**
 * Each block's words are numbered from a multiple of this (nextBlockStart), not from where the previous block
 * ended: a word added to or taken from a block then moves the numbers of that block's words alone, not those of
 * every later block. An edit changes the positions of the forms of the block it is in, and an update by difference
 * (index-update.ts) cuts again only the p pieces of those forms, not every piece holding a word of the document
 * (at 2,000 generated documents all of them: each recut and compressed again after one word). A block longer
 * than this takes as many multiples as it needs. 1024: the p pieces of 500 generated documents grow from 30.6 to
 * 35.7 KB compressed (the gaps between blocks are longer numbers), the whole index by 1 %.
 */
export const BLOCK_NUMBERS = 1024;

/** Where the next block's words start after a block whose last word was numbered `end - 1`: the first multiple of BLOCK_NUMBERS after `end` (left out). */
function nextBlockStart(end: number): number {
  return (Math.floor(end / BLOCK_NUMBERS) + 1) * BLOCK_NUMBERS;
}

let codeKey: string | undefined;

/** What an indexed document depends on besides its summary: the build's code, the search core (an asset, not in lib/) and how it numbers words. */
export function searchCodeKey(): string {
  return (codeKey ??= contentHash('search code', toolFingerprint(), fs.readFileSync(CORE_FILE), `block numbers ${BLOCK_NUMBERS}`));
}

/** Stemmer id → word as written → [its term, its folded form]: each distinct word is stemmed and folded once per run. */
const analysed = new Map<string, Map<string, [string, string]>>();

function analyse(stemmer: string, word: string): [string, string] {
  let words = analysed.get(stemmer);
  if (!words) analysed.set(stemmer, (words = new Map()));
  let found = words.get(word);
  if (!found) {
    found = [core.term(stemmer, word), core.fold(word)];
    words.set(word, found);
  }
  return found;
}

/** The words one indexing analysed: stemmer id → word as written → [its term, its folded form] (indexDocument's `used`). */
export type AnalysedWords = Map<string, Map<string, [string, string]>>;

/** Analysed words as JSON, for a later process (knowWords). */
export function analysedWordsJson(words: AnalysedWords): string {
  return JSON.stringify([...words].map(([stemmer, analysedWords]) => [stemmer, [...analysedWords].map(([word, [term, form]]) => [word, term, form])]));
}

/**
 * Takes words analysed by an earlier process (analysedWordsJson) as this run's: indexDocument then stems none of
 * them again. A word's term and form depend only on the word, its stemmer and the search core, which the caller's
 * key must name (searchCodeKey). Anything unreadable is ignored (the words are stemmed).
 */
export function knowWords(json: string): void {
  try {
    for (const [stemmer, words] of JSON.parse(json) as Array<[string, Array<[string, string, string]>]>) {
      let known = analysed.get(stemmer);
      if (!known) analysed.set(stemmer, (known = new Map()));
      for (const [word, term, form] of words) if (typeof term === 'string' && typeof form === 'string' && !known.has(word)) known.set(word, [term, form]);
    }
  } catch {
    // stemmed again
  }
}

/** A word's term (core.term), stemmed once per run (the cache of indexDocument); the word's stemmer must be loaded (useStemmer). */
export function termOf(stemmer: string, word: string): string {
  return analyse(stemmer, word)[0];
}

/**
 * The language a document is read in, for the search's Language facet: the one most of its text is written in (its
 * blocks' languages, weighed by their length), else the document's own (TEI/@xml:lang, langUsage…). A text's
 * language is often declared below the TEI element (OpenArabicPE's <TEI xml:lang="en"> with an Arabic <text
 * xml:lang="ar">, Perseus's <div type="edition" xml:lang="lat">): the document's own is then its header's.
 */
export function textLanguage(blocks: ReadonlyArray<{ lang: string; text: string }>, fallback: string): string {
  const weight = new Map<string, number>();
  for (const block of blocks) if (block.lang) weight.set(block.lang, (weight.get(block.lang) ?? 0) + block.text.length);
  let best = fallback;
  let most = 0;
  for (const [lang, length] of weight) if (length > most) [best, most] = [lang, length];
  return best;
}

/** `used`: filled with the words analysed (AnalysedWords), when given. */
export function indexDocument(summary: Summary, name: string, used?: AnalysedWords): IndexedDocument {
  const document = summary.document;
  const search = summary.search;
  const terms = new Map<string, number>();
  const forms = new Map<string, string>();
  const positions = new Map<string, number[]>();
  let length = 0;
  let position = 0;
  const addText = (text: string, stemmer: string): void => {
    let usedWords = used?.get(stemmer);
    if (used && !usedWords) used.set(stemmer, (usedWords = new Map()));
    for (const word of core.wordList(text)) {
      const analysis = analyse(stemmer, word);
      usedWords?.set(word, analysis);
      const [term, form] = analysis;
      terms.set(term, (terms.get(term) ?? 0) + 1);
      const at = positions.get(form);
      if (at) at.push(position);
      else {
        forms.set(form, term);
        positions.set(form, [position]);
      }
      position++;
      length++;
    }
    position = nextBlockStart(position);
  };
  const stemmerOf = (lang: string): string => {
    const id = core.stemmerId(lang);
    if (id !== '' && id !== 'la') useStemmer(id);
    return id;
  };

  const mentionsById = new Map(summary.mentions.map((mention) => [mention.id, mention]));
  const titleStemmer = stemmerOf(document.lang);
  const blocks: IndexedDocument['blocks'] = [['', titleStemmer, document.title]];
  addText(document.title, titleStemmer);
  const mentions: IndexedDocument['mentions'] = [];
  const targets = new Map<string, number>();
  for (const block of search.blocks) {
    const stemmer = stemmerOf(block.lang);
    const index = blocks.length;
    blocks.push([block.id, stemmer, block.text]);
    addText(block.text, stemmer);
    let from = 0;
    for (const id of block.mentions) {
      const mention = mentionsById.get(id);
      if (!mention) continue;
      for (const target of mention.targets) targets.set(target, (targets.get(target) ?? 0) + 1);
      const start = mention.label ? block.text.indexOf(mention.label, from) : -1;
      if (start < 0) continue;
      from = start + mention.label.length;
      mentions.push([index, start, from, mention.targets]);
    }
  }
  // A speaker is in the documents where it speaks as a name is where it is mentioned: its facet finds the plays it
  // speaks in. A speech is in no block's mentions (its words are the block's own, not a name in them).
  for (const mention of summary.mentions) {
    if (mention.speech) for (const target of mention.targets) targets.set(target, (targets.get(target) ?? 0) + 1);
  }
  return {
    path: document.path,
    name,
    title: document.title,
    dateLabel: document['date-label'],
    dateKey: document['date-key'],
    lang: textLanguage(search.blocks, document.lang),
    type: search.type,
    from: core.dateNumber(search.from) ?? core.dateNumber(search.to),
    to: core.dateNumber(search.to, true) ?? core.dateNumber(search.from, true),
    blocks,
    mentions,
    terms: [...terms],
    forms: [...forms],
    positions: [...positions.values()].map((at) => {
      let encoded = `${at.length},${at[0]}`;
      for (let k = 1; k < at.length; k++) encoded += `,${at[k] - at[k - 1]}`;
      return encoded;
    }),
    length,
    targets: [...targets],
  };
}
