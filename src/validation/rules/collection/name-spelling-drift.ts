import type { Diagnostic } from '../../../diagnostics/diagnostic';
import { attribute, textContent, XmlElement } from '../../../xml/tree';
import { Collection, CollectionRule, isEntry, TEI_NS, xmlId } from '../model';

const NAME_ELEMENTS = new Set(['persName', 'placeName', 'orgName', 'rs', 'name']);
const READING = new Set(['corr', 'reg', 'expan']);
const DIPLOMATIC = new Set(['sic', 'orig', 'abbr']);

/**
 * A tagged name should read as one of the forms its register entry lists (the main name or a
 * variant). Anything else is either a slip ("Brehznev" for "Brezhnev", in the text or in the
 * register) or a form the register should list: a warning either way. Matching ignores case,
 * accents, punctuation and a possessive "’s"; a name may give some of the form's words ("Brezhnev"
 * for "Brezhnev, Leonid Ilyich"), and initials match the words they abbreviate.
 */
export const nameSpellingDrift: CollectionRule = {
  id: 'name-spelling-drift',
  severity: 'warning',
  description: "a tagged name whose text is not among the forms its register entry lists (a misspelling, or a variant to add to the register)",
  check(collection: Collection): Diagnostic[] {
    const diagnostics: Diagnostic[] = [];
    // The same names and register forms recur throughout a collection: each is normalised once a run.
    const normalised = new Map<string, string[]>();
    const wordsOf = (text: string): string[] => {
      let found = normalised.get(text);
      if (!found) normalised.set(text, (found = words(text)));
      return found;
    };
    for (const document of collection.targets) {
      for (const element of document.tree.elements) {
        if (element.ns !== TEI_NS || !NAME_ELEMENTS.has(element.local)) continue;
        const ref = attribute(element, 'ref');
        if (!ref) continue;
        const entries = ref
          .split(/\s+/)
          .filter(Boolean)
          .map((token) => collection.resolve(token, document)?.element)
          .filter((target): target is XmlElement => target !== undefined && target !== null && isEntry(target));
        if (entries.length === 0) continue;
        const forms = entries.flatMap(entryForms);
        if (forms.length === 0) continue;
        const texts = readings(element).map((text) => text.trim()).filter((text) => wordsOf(text).length > 0);
        if (texts.length === 0) continue;
        if (texts.some((text) => forms.some((form) => matches(wordsOf(text), wordsOf(form))))) continue;
        diagnostics.push({
          file: document.path,
          line: element.line,
          column: element.column,
          severity: 'warning',
          rule: 'name-spelling-drift',
          layer: 'rules',
          message: explain(texts[texts.length - 1], forms, entries),
        });
      }
    }
    return diagnostics;
  },
};

/** The forms an entry lists: the text of each of its name children. */
function entryForms(entry: XmlElement): string[] {
  return entry.children
    .filter((child): child is XmlElement => typeof child !== 'string' && NAME_ELEMENTS.has(child.local))
    .map((name) => textContent(name).replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** The name as the source writes it and as the editors read it (they differ inside choice). */
function readings(element: XmlElement): string[] {
  const walk = (node: XmlElement, mode: 'diplomatic' | 'reading'): string => {
    let out = '';
    for (const child of node.children) {
      if (typeof child === 'string') out += child;
      else if (child.local === 'note') continue;
      else if (child.local === 'choice') {
        const pick = child.children.find((c): c is XmlElement => typeof c !== 'string' && (mode === 'reading' ? READING : DIPLOMATIC).has(c.local));
        out += pick ? walk(pick, mode) : walk(child, mode);
      } else out += walk(child, mode);
    }
    return out;
  };
  const diplomatic = walk(element, 'diplomatic');
  const reading = walk(element, 'reading');
  return diplomatic === reading ? [reading] : [diplomatic, reading];
}

export function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’'`´]s\b/g, '')
    .replace(/[.’'`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function words(text: string): string[] {
  const normal = normalise(text);
  return normal === '' ? [] : normal.split(' ');
}

function matches(textWords: string[], formWords: string[]): boolean {
  if (textWords.join('') === formWords.join('')) return true;
  return textWords.every((word) => formWords.includes(word) || (word.length === 1 && formWords.some((f) => f.startsWith(word))));
}

function explain(text: string, forms: string[], entries: XmlElement[]): string {
  const ids = entries.map((entry) => xmlId(entry)).join(', ');
  const listed = [...new Set(forms)].map((form) => `“${form}”`).join(', ');
  const formWords = [...new Set(forms.flatMap(words))];
  let closest: { word: string; form: string; distance: number } | undefined;
  for (const word of words(text)) {
    if (formWords.includes(word)) continue;
    for (const candidate of formWords) {
      const distance = editDistance(word, candidate);
      if (!closest || distance < closest.distance) closest = { word, form: candidate, distance };
    }
  }
  const likeSlip = closest && closest.distance <= Math.max(2, Math.floor(closest.form.length / 3));
  const shown = `“${text.replace(/\s+/g, ' ')}”`;
  if (likeSlip) {
    const original = originalSpelling(closest!.form, forms);
    return `${shown} is not a form the register lists for ${ids} (${listed}); it looks like a misspelling of “${original}”. If the source spells it so, add it to the entry as a variant`;
  }
  return `${shown} is not among the forms the register lists for ${ids} (${listed}): a wrong pointer, or a variant to add to the register`;
}

/** The word as the register writes it (capitals, accents), for the message. */
function originalSpelling(normalWord: string, forms: string[]): string {
  for (const form of forms) for (const word of form.split(/[^\p{L}\p{N}’'.-]+/u)) if (normalise(word) === normalWord) return word.replace(/[,.;:]$/, '');
  return normalWord;
}

/** Damerau–Levenshtein distance (optimal string alignment): a swap of two letters costs one. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j += 1) d[0][j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
