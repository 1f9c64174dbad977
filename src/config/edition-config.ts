import * as fs from 'fs';
import * as path from 'path';
import type { Node, Scalar } from 'yaml';
import { contentHash, ResultCache, toolFingerprint } from '../cache';
import type { Diagnostic } from '../diagnostics/diagnostic';

// The YAML parser is loaded only when there is a file to read: it costs `validate` twice what yargs does to load.
let yamlModule: typeof import('yaml') | undefined;
function yaml(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (yamlModule ??= require('yaml') as typeof import('yaml'));
}
const isMap = (node: unknown): node is import('yaml').YAMLMap => yaml().isMap(node);
const isSeq = (node: unknown): node is import('yaml').YAMLSeq => yaml().isSeq(node);
const isScalar = (node: unknown): node is Scalar => yaml().isScalar(node);

/**
 * The edition configuration, `edition.yml` in the working folder (docs/configuration.md): what the edition
 * says about itself, that no single TEI document can (its title, description, licence, editors, address).
 * `tei-edition init` writes one; without one, everything falls back to what the documents' headers say.
 * Its keys reach the stylesheets unchanged, in the `edition` map parameter, so the names here are the
 * names there.
 */
export interface EditionConfig {
  title?: string;
  subtitle?: string;
  /** What the edition is: shown under the title on the home page and at the head of the text edition. */
  description?: string;
  /** The languages of the documents, BCP 47 codes in canonical form (`en`, `de-AT`). */
  languages?: string[];
  licence?: { label: string; url?: string };
  /** Where the site is published, absolute http(s), ending with `/`: canonical links and citations. */
  'base-url'?: string;
  editors?: string[];
}

export type EditionConfigResult =
  /** `file`: the file read (absolute); undefined when there is none, and then `config` is empty. */
  | { ok: true; file?: string; config: EditionConfig }
  | { ok: false; file: string; diagnostics: Diagnostic[] };

/** Its name in the working folder. */
export const EDITION_CONFIG_FILE = 'edition.yml';

/** Every key, for the "unknown key" message and docs/configuration.md. */
export const EDITION_CONFIG_KEYS = ['title', 'subtitle', 'description', 'languages', 'licence', 'base-url', 'editors'] as const;

/**
 * The configuration file a command reads: `option` is the value of `--config` (a path, relative to `cwd`),
 * `false` for `--no-config`; by default `edition.yml` in the working folder, when there is one. An explicit
 * path is returned even when it does not exist, so that loading it reports it.
 */
export function editionConfigFile(option?: string | false, cwd: string = process.cwd()): string | undefined {
  if (option === false) return undefined;
  if (option !== undefined && option !== '') return path.resolve(cwd, option);
  const file = path.join(cwd, EDITION_CONFIG_FILE);
  return fs.existsSync(file) ? file : undefined;
}

/**
 * Reads and checks a configuration file; no file (undefined) is the empty configuration. With a result cache,
 * an unchanged file is answered from it without loading the YAML parser (its require alone costs a warm
 * validate or build about 75 ms of CPU, measured under load).
 */
export function loadEditionConfig(file: string | undefined, cwd: string = process.cwd(), cache?: ResultCache): EditionConfigResult {
  if (file === undefined) return { ok: true, config: {} };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the edition configuration file does not exist' : `cannot be read: ${(error as Error).message}`;
    return { ok: false, file, diagnostics: [problem(displayPath(file, cwd), 0, 0, 'config-unreadable', reason)] };
  }
  const key = cache ? contentHash('edition config', toolFingerprint(), displayPath(file, cwd), text) : '';
  const cached = cache?.get<EditionConfigResult>(key, (value) => typeof value === 'object' && value !== null && 'ok' in value);
  if (cached) return { ...cached, file };
  const result = parseEditionConfig(text, file, cwd);
  cache?.set(key, result);
  return result;
}

/** Checks the text of a configuration file; `file` names it in the diagnostics. */
export function parseEditionConfig(fileText: string, file: string, cwd: string = process.cwd()): EditionConfigResult {
  // A byte order mark is no column of the first line.
  const text = fileText.replace(/^\uFEFF/, '');
  const shown = displayPath(file, cwd);
  const lines = new (yaml().LineCounter)();
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number, rule: string, message: string): void => {
    const { line, col } = lines.linePos(offset);
    // LineCounter counts UTF-16 code units; diagnostics count characters.
    const lineStart = offset - (col - 1);
    diagnostics.push(problem(shown, line, Array.from(text.slice(lineStart, offset)).length + 1, rule, message));
  };
  const document = yaml().parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  for (const error of document.errors) at(error.pos[0], 'config-syntax', `not valid YAML: ${yamlMessage(error.message)}`);
  if (diagnostics.length > 0) return { ok: false, file, diagnostics };

  const config: EditionConfig = {};
  const root = document.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { ok: true, file, config };
  if (!isMap(root)) {
    at(offsetOf(root), 'config-invalid', 'the edition configuration is made of `key: value` lines (title, subtitle, description, languages, licence, base-url, editors)');
    return { ok: false, file, diagnostics };
  }
  const invalid = (node: Node | null | undefined, fallback: number, message: string): void => at((node ? offsetOf(node) : fallback), 'config-invalid', message);

  for (const pair of root.items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const keyOffset = keyNode ? offsetOf(keyNode) : 0;
    const value = pair.value as Node | null;
    if (!(EDITION_CONFIG_KEYS as readonly string[]).includes(key)) {
      const suggestion = closest(key, EDITION_CONFIG_KEYS);
      invalid(keyNode, keyOffset, `unknown key "${key}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (the keys are ${EDITION_CONFIG_KEYS.join(', ')})`);
      continue;
    }
    // `subtitle:` with nothing after it: the key is not set.
    if (value === null || (isScalar(value) && value.value === null)) continue;
    switch (key) {
      case 'title':
      case 'subtitle':
      case 'description': {
        const textValue = textOf(value, text);
        if (textValue === undefined) invalid(value, keyOffset, `${key} is text, not ${kindOf(value)}`);
        else if (textValue === '') invalid(value, keyOffset, `${key} is empty; leave the key out to use the default`);
        else config[key] = textValue;
        break;
      }
      case 'languages': {
        const codes = listOf(value, text, key, invalid);
        if (!codes) break;
        const canonical: string[] = [];
        codes.forEach(({ value: code, node }) => {
          let tag: string | undefined;
          try {
            tag = Intl.getCanonicalLocales(code)[0];
          } catch {
            // not a BCP 47 tag
          }
          // The syntax allows a language of 5 to 8 letters ("english"), but none is registered: a name, not a code.
          if (tag && /^([a-z]{2,3}|x|i)(-|$)/i.test(tag)) canonical.push(tag);
          else invalid(node, keyOffset, `"${code}" is not a language code (BCP 47: en, de, fr-CA, la, grc)`);
        });
        if (canonical.length === codes.length) config.languages = [...new Set(canonical)];
        break;
      }
      case 'editors': {
        const names = listOf(value, text, key, invalid);
        if (names) config.editors = names.map((name) => name.value);
        break;
      }
      case 'licence': {
        // `licence: CC BY 4.0` is a label alone; the map form adds the link.
        const label = textOf(value, text);
        if (label !== undefined) {
          if (label === '') invalid(value, keyOffset, 'licence is empty; leave the key out, or give its label');
          else config.licence = { label };
          break;
        }
        if (!isMap(value)) {
          invalid(value, keyOffset, `licence is its label, or \`label\` and \`url\` on the lines below it, not ${kindOf(value)}`);
          break;
        }
        const licence: { label?: string; url?: string } = {};
        let ok = true;
        for (const item of value.items) {
          const part = isScalar(item.key) ? String(item.key.value) : '';
          const partNode = item.value as Node | null;
          const partText = partNode ? textOf(partNode, text) : undefined;
          if (part !== 'label' && part !== 'url') {
            invalid(item.key as Node, keyOffset, `unknown key "${part}" in licence (the keys are label, url)`);
            ok = false;
          } else if (partText === undefined || partText === '') {
            invalid(partNode ?? (item.key as Node), keyOffset, `licence ${part} is text${partNode ? `, not ${kindOf(partNode)}` : ''}`);
            ok = false;
          } else if (part === 'url' && !isWebAddress(partText)) {
            invalid(partNode, keyOffset, `licence url "${partText}" is not an absolute http(s) address`);
            ok = false;
          } else {
            licence[part] = partText;
          }
        }
        if (ok && licence.label === undefined) {
          invalid(value, keyOffset, 'licence needs a label (the words the pages show, e.g. "CC BY 4.0")');
          ok = false;
        }
        if (ok) config.licence = { label: licence.label!, ...(licence.url ? { url: licence.url } : {}) };
        break;
      }
      case 'base-url': {
        const address = textOf(value, text);
        if (address === undefined) invalid(value, keyOffset, `base-url is an address, not ${kindOf(value)}`);
        else if (!isWebAddress(address)) invalid(value, keyOffset, `base-url "${address}" is not an absolute http(s) address (e.g. https://example.github.io/my-edition/)`);
        else config['base-url'] = address.endsWith('/') ? address : `${address}/`;
        break;
      }
    }
  }
  return diagnostics.length > 0 ? { ok: false, file, diagnostics } : { ok: true, file, config };
}

function problem(file: string, line: number, column: number, rule: string, message: string): Diagnostic {
  return { file, line, column, severity: 'error', rule, layer: 'config', message };
}

function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return (relative.startsWith('..') || path.isAbsolute(relative) ? file : relative).split(path.sep).join('/');
}

function offsetOf(node: Node): number {
  return node.range?.[0] ?? 0;
}

/**
 * A scalar's text. A value YAML reads as a number or a boolean (`title: 1984`) is taken as written: in this
 * file every value is words, and an editor should not need to know YAML's types to write a year as a title.
 */
function textOf(node: Node, source: string): string | undefined {
  if (!isScalar(node)) return undefined;
  const scalar = node as Scalar;
  if (typeof scalar.value === 'string') return scalar.value.trim();
  if (typeof scalar.value === 'number' || typeof scalar.value === 'boolean') {
    return scalar.range ? source.slice(scalar.range[0], scalar.range[1]).trim() : String(scalar.value);
  }
  return undefined;
}

/** A list of words, or one word alone (`languages: en`). */
function listOf(
  node: Node, source: string, key: string, invalid: (node: Node | null | undefined, fallback: number, message: string) => void,
): Array<{ value: string; node: Node }> | undefined {
  const single = textOf(node, source);
  if (single !== undefined) return single === '' ? [] : [{ value: single, node }];
  if (!isSeq(node)) {
    invalid(node, 0, `${key} is a list (\`- item\` lines, or [a, b]), not ${kindOf(node)}`);
    return undefined;
  }
  const items: Array<{ value: string; node: Node }> = [];
  let ok = true;
  for (const item of node.items as Array<Node | null>) {
    const value = item ? textOf(item, source) : undefined;
    if (value === undefined || value === '') {
      invalid(item ?? node, 0, `each item of ${key} is text${item ? `, not ${kindOf(item)}` : ''}`);
      ok = false;
    } else {
      items.push({ value, node: item! });
    }
  }
  return ok ? items : undefined;
}

function kindOf(node: Node): string {
  if (isMap(node)) return 'a group of keys';
  if (isSeq(node)) return 'a list';
  if (isScalar(node) && node.value === null) return 'empty';
  return 'a value of another kind';
}

function isWebAddress(address: string): boolean {
  try {
    const url = new URL(address);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** The yaml package's messages end with a code excerpt when prettyErrors is on; it is off, but keep one line. */
function yamlMessage(message: string): string {
  return message.split('\n')[0].replace(/\s*at line \d+, column \d+.*$/, '');
}

/** The known key an unknown one is probably a misspelling of (`license` → `licence`), if any. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}
