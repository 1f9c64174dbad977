import type { Diagnostic } from '../../../diagnostics/diagnostic';
import type { RuleNames } from '../facts';
import type { Collection, CollectionRule, Resolved, RuleDocument } from '../model';

/** The register entries a @ref points to: their xml:ids and the forms they list. */
interface Entries {
  ids: string[];
  forms: string[];
  /** Names (their readings) already checked against these entries, and the message (null: it reads as one of the forms). */
  verdicts: Map<string, string | null>;
}

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
  checker(collection: Collection): (document: RuleDocument, names: RuleNames) => Diagnostic[] {
    // The same names and register forms recur throughout a collection: each is normalised once a run.
    const normalised = new Map<string, string[]>();
    const wordsOf = (text: string): string[] => {
      let found = normalised.get(text);
      if (!found) normalised.set(text, (found = words(text)));
      return found;
    };
    // The entries a @ref points to (pointers that resolve to a register entry itself), as one object per
    // distinct set, so that the verdicts below can be remembered per set of entries and reading.
    const resolutions = new Map<string, Entries>();
    const entriesOf = (ref: string, document: RuleDocument): Entries => {
      const tokens = ref.split(/\s+/).filter(Boolean);
      const targets = tokens.map((token) => collection.resolve(token, document))
        .filter((target): target is Resolved => target !== undefined && target !== null && target.isEntry);
      const key = targets.map((target) => `${target.document.absolutePath}#${target.entry}`).join(' ');
      let entries = resolutions.get(key);
      if (!entries) {
        const list = targets.map((target) => target.document.facts.entries[target.entry]);
        resolutions.set(key, (entries = { ids: list.map((entry) => entry[1] || entry[5]![0]), forms: list.flatMap((entry) => entry[4]), verdicts: new Map() }));
      }
      return entries;
    };
    /** The message for a name that reads as none of the forms, or null: the same names recur, and so do their verdicts. */
    const verdict = (names: string[], entries: Entries): string | null => {
      const key = names.join('\u0000');
      let found = entries.verdicts.get(key);
      if (found === undefined) {
        const texts = names.map((text) => text.trim()).filter((text) => wordsOf(text).length > 0);
        const reads = entries.forms.length === 0 || texts.length === 0 || texts.some((text) => entries.forms.some((form) => matches(wordsOf(text), wordsOf(form))));
        found = reads ? null : explain(texts[texts.length - 1], entries.forms, entries.ids);
        entries.verdicts.set(key, found);
      }
      return found;
    };
    return (document, names) => {
      const diagnostics: Diagnostic[] = [];
      for (const [line, column, ref, readings] of names) {
        const message = verdict(readings, entriesOf(ref, document));
        if (message === null) continue;
        diagnostics.push({ file: document.path, line, column, severity: 'warning', rule: 'name-spelling-drift', layer: 'rules', message });
      }
      return diagnostics;
    };
  },
};

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

function explain(text: string, forms: string[], entryIds: string[]): string {
  const ids = entryIds.join(', ');
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
