/**
 * Translation of W3C XML Schema (XSD 1.0, Appendix F) regular expressions to JavaScript `u` regexes.
 *
 * XSD regexes are implicitly anchored, know no `^`/`$` anchors (those are ordinary characters), define `.`
 * as "anything but \n and \r", and have escapes JavaScript lacks (`\i`, `\c`, Unicode block escapes
 * `\p{IsBasicLatin}`) and character-class subtraction (`[a-z-[aeiou]]`). Every escape is turned into a
 * positive set of code points or Unicode properties, so the result needs only the `u` flag.
 */

export class XsdRegexError extends Error {}

type Range = [number, number];

/** XML 1.0 (fifth edition) NameStartChar, the set behind `\i`. */
const NAME_START: Range[] = [
  [0x3a, 0x3a], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a], [0xc0, 0xd6], [0xd8, 0xf6], [0xf8, 0x2ff],
  [0x370, 0x37d], [0x37f, 0x1fff], [0x200c, 0x200d], [0x2070, 0x218f], [0x2c00, 0x2fef], [0x3001, 0xd7ff],
  [0xf900, 0xfdcf], [0xfdf0, 0xfffd], [0x10000, 0xeffff],
];
/** XML 1.0 (fifth edition) NameChar, the set behind `\c`. */
const NAME_CHAR: Range[] = normalise([
  ...NAME_START, [0x2d, 0x2e], [0x30, 0x39], [0xb7, 0xb7], [0x300, 0x36f], [0x203f, 0x2040],
]);
const SPACE: Range[] = [[0x9, 0xa], [0xd, 0xd], [0x20, 0x20]];

/** Unicode blocks named by XSD 1.0 (`\p{IsX}`), as listed in Unicode 3.1. */
const BLOCKS: Record<string, Range[]> = {
  BasicLatin: [[0x0000, 0x007f]], 'Latin-1Supplement': [[0x0080, 0x00ff]], 'LatinExtended-A': [[0x0100, 0x017f]],
  'LatinExtended-B': [[0x0180, 0x024f]], IPAExtensions: [[0x0250, 0x02af]], SpacingModifierLetters: [[0x02b0, 0x02ff]],
  CombiningDiacriticalMarks: [[0x0300, 0x036f]], Greek: [[0x0370, 0x03ff]], GreekandCoptic: [[0x0370, 0x03ff]],
  Cyrillic: [[0x0400, 0x04ff]], CyrillicSupplement: [[0x0500, 0x052f]], Armenian: [[0x0530, 0x058f]], Hebrew: [[0x0590, 0x05ff]],
  Arabic: [[0x0600, 0x06ff]], Syriac: [[0x0700, 0x074f]], Thaana: [[0x0780, 0x07bf]], Devanagari: [[0x0900, 0x097f]],
  Bengali: [[0x0980, 0x09ff]], Gurmukhi: [[0x0a00, 0x0a7f]], Gujarati: [[0x0a80, 0x0aff]], Oriya: [[0x0b00, 0x0b7f]],
  Tamil: [[0x0b80, 0x0bff]], Telugu: [[0x0c00, 0x0c7f]], Kannada: [[0x0c80, 0x0cff]], Malayalam: [[0x0d00, 0x0d7f]],
  Sinhala: [[0x0d80, 0x0dff]], Thai: [[0x0e00, 0x0e7f]], Lao: [[0x0e80, 0x0eff]], Tibetan: [[0x0f00, 0x0fff]],
  Myanmar: [[0x1000, 0x109f]], Georgian: [[0x10a0, 0x10ff]], HangulJamo: [[0x1100, 0x11ff]], Ethiopic: [[0x1200, 0x137f]],
  Cherokee: [[0x13a0, 0x13ff]], UnifiedCanadianAboriginalSyllabics: [[0x1400, 0x167f]], Ogham: [[0x1680, 0x169f]],
  Runic: [[0x16a0, 0x16ff]], Khmer: [[0x1780, 0x17ff]], Mongolian: [[0x1800, 0x18af]],
  LatinExtendedAdditional: [[0x1e00, 0x1eff]], GreekExtended: [[0x1f00, 0x1fff]], GeneralPunctuation: [[0x2000, 0x206f]],
  SuperscriptsandSubscripts: [[0x2070, 0x209f]], CurrencySymbols: [[0x20a0, 0x20cf]],
  CombiningMarksforSymbols: [[0x20d0, 0x20ff]], LetterlikeSymbols: [[0x2100, 0x214f]], NumberForms: [[0x2150, 0x218f]],
  Arrows: [[0x2190, 0x21ff]], MathematicalOperators: [[0x2200, 0x22ff]], MiscellaneousTechnical: [[0x2300, 0x23ff]],
  ControlPictures: [[0x2400, 0x243f]], OpticalCharacterRecognition: [[0x2440, 0x245f]],
  EnclosedAlphanumerics: [[0x2460, 0x24ff]], BoxDrawing: [[0x2500, 0x257f]], BlockElements: [[0x2580, 0x259f]],
  GeometricShapes: [[0x25a0, 0x25ff]], MiscellaneousSymbols: [[0x2600, 0x26ff]], Dingbats: [[0x2700, 0x27bf]],
  BraillePatterns: [[0x2800, 0x28ff]], CJKRadicalsSupplement: [[0x2e80, 0x2eff]], KangxiRadicals: [[0x2f00, 0x2fdf]],
  IdeographicDescriptionCharacters: [[0x2ff0, 0x2fff]], CJKSymbolsandPunctuation: [[0x3000, 0x303f]],
  Hiragana: [[0x3040, 0x309f]], Katakana: [[0x30a0, 0x30ff]], Bopomofo: [[0x3100, 0x312f]],
  HangulCompatibilityJamo: [[0x3130, 0x318f]], Kanbun: [[0x3190, 0x319f]], BopomofoExtended: [[0x31a0, 0x31bf]],
  EnclosedCJKLettersandMonths: [[0x3200, 0x32ff]], CJKCompatibility: [[0x3300, 0x33ff]],
  CJKUnifiedIdeographsExtensionA: [[0x3400, 0x4db5]], CJKUnifiedIdeographs: [[0x4e00, 0x9fff]],
  YiSyllables: [[0xa000, 0xa48f]], YiRadicals: [[0xa490, 0xa4cf]], HangulSyllables: [[0xac00, 0xd7a3]],
  HighSurrogates: [[0xd800, 0xdb7f]], HighPrivateUseSurrogates: [[0xdb80, 0xdbff]], LowSurrogates: [[0xdc00, 0xdfff]],
  PrivateUse: [[0xe000, 0xf8ff], [0xf0000, 0xffffd], [0x100000, 0x10fffd]], PrivateUseArea: [[0xe000, 0xf8ff]],
  CJKCompatibilityIdeographs: [[0xf900, 0xfaff]], AlphabeticPresentationForms: [[0xfb00, 0xfb4f]],
  'ArabicPresentationForms-A': [[0xfb50, 0xfdff]], CombiningHalfMarks: [[0xfe20, 0xfe2f]],
  CJKCompatibilityForms: [[0xfe30, 0xfe4f]], SmallFormVariants: [[0xfe50, 0xfe6f]],
  'ArabicPresentationForms-B': [[0xfe70, 0xfefe]], Specials: [[0xfeff, 0xfeff], [0xfff0, 0xfffd]],
  HalfwidthandFullwidthForms: [[0xff00, 0xffef]], OldItalic: [[0x10300, 0x1032f]], Gothic: [[0x10330, 0x1034f]],
  Deseret: [[0x10400, 0x1044f]], ByzantineMusicalSymbols: [[0x1d000, 0x1d0ff]], MusicalSymbols: [[0x1d100, 0x1d1ff]],
  MathematicalAlphanumericSymbols: [[0x1d400, 0x1d7ff]], CJKUnifiedIdeographsExtensionB: [[0x20000, 0x2a6d6]],
  CJKCompatibilityIdeographsSupplement: [[0x2f800, 0x2fa1f]], Tags: [[0xe0000, 0xe007f]],
};

/**
 * jing compatibility: in a negated character class with more than one item, jing's translation ignores these
 * categories (measured with jing 20220510: `[^\p{C}\p{Z}]`, TEI's pattern for words and names, lets control,
 * format, private-use and unassigned characters through, while `[^\p{C}]` alone excludes them). We do the same,
 * so that verdicts agree with jing and oXygen on TEI documents.
 */
const JING_NEGATED_IGNORED = new Set(['L', 'Lu', 'Ll', 'Nl', 'No', 'P', 'Pi', 'Pf', 'C', 'Cn']);

/** General categories XSD allows in `\p{..}`; JavaScript knows all of them under the same names. */
const CATEGORIES = new Set([
  'L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'M', 'Mn', 'Mc', 'Me', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi',
  'Pf', 'Po', 'Z', 'Zs', 'Zl', 'Zp', 'S', 'Sm', 'Sc', 'Sk', 'So', 'C', 'Cc', 'Cf', 'Co', 'Cn',
]);

function normalise(ranges: Range[]): Range[] {
  const sorted = ranges.map((r) => [r[0], r[1]] as Range).sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push(r);
  }
  return out;
}

function complement(ranges: Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of normalise(ranges)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
}

/** One code point written so that it means itself inside a JavaScript `u` character class. */
function classChar(cp: number): string {
  if (cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0xffff) return `\\u{${cp.toString(16)}}`;
  const ch = String.fromCodePoint(cp);
  return '\\]^-[/{}()|.*+?$'.includes(ch) ? `\\${ch}` : ch;
}

function rangesToClassBody(ranges: Range[]): string {
  return ranges.map(([lo, hi]) => (lo === hi ? classChar(lo) : `${classChar(lo)}-${classChar(hi)}`)).join('');
}

/** Translates one XSD regex to the source of an anchored JavaScript regex (to be compiled with flag `u`). */
export function translateXsdRegex(xsd: string): string {
  return new Translator(xsd).translate();
}

/** Compiles an XSD regex; throws XsdRegexError when it is not a valid XSD regex. */
export function compileXsdRegex(xsd: string): RegExp {
  const source = translateXsdRegex(xsd);
  try {
    return new RegExp(source, 'u');
  } catch (e) {
    throw new XsdRegexError(`invalid regular expression "${xsd}": ${(e as Error).message}`);
  }
}

class Translator {
  private readonly cps: number[];
  private pos = 0;

  constructor(private readonly source: string) {
    this.cps = Array.from(source, (ch) => ch.codePointAt(0) as number);
  }

  translate(): string {
    const body = this.regExp();
    if (this.pos < this.cps.length) this.fail(`unexpected "${String.fromCodePoint(this.cps[this.pos])}"`);
    return `^(?:${body})$`;
  }

  private fail(message: string): never {
    throw new XsdRegexError(`invalid regular expression "${this.source}": ${message} at position ${this.pos}`);
  }

  private peek(): number | undefined {
    return this.cps[this.pos];
  }

  private regExp(): string {
    const branches = [this.branch()];
    while (this.peek() === 0x7c /* | */) {
      this.pos++;
      branches.push(this.branch());
    }
    return branches.join('|');
  }

  private branch(): string {
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === 0x7c || c === 0x29 /* ) */) return out;
      out += this.atom() + this.quantifier();
    }
  }

  private quantifier(): string {
    const c = this.peek();
    if (c === 0x3f || c === 0x2a || c === 0x2b) {
      this.pos++;
      return String.fromCodePoint(c);
    }
    if (c === 0x7b /* { */) {
      const rest = String.fromCodePoint(...this.cps.slice(this.pos, this.pos + 40));
      const m = /^\{(\d+)(,(\d*))?\}/.exec(rest);
      if (!m) this.fail('malformed quantifier');
      if (m[3] !== undefined && m[3] !== '' && Number(m[3]) < Number(m[1])) this.fail('quantifier range out of order');
      this.pos += m[0].length;
      return m[0];
    }
    return '';
  }

  private atom(): string {
    const c = this.cps[this.pos];
    switch (c) {
      case 0x28: { // (
        this.pos++;
        const inner = this.regExp();
        if (this.peek() !== 0x29) this.fail('missing ")"');
        this.pos++;
        return `(?:${inner})`;
      }
      case 0x5b: // [
        return this.charClassExpr();
      case 0x2e: // .
        this.pos++;
        return '[^\\n\\r]';
      case 0x5c: { // backslash
        const esc = this.escape();
        return typeof esc === 'number' ? this.literal(esc) : `[${esc}]`;
      }
      case 0x3f: case 0x2a: case 0x2b: case 0x29: case 0x5d: case 0x7b: case 0x7d:
        return this.fail(`unescaped "${String.fromCodePoint(c)}"`);
      default:
        this.pos++;
        return this.literal(c);
    }
  }

  private literal(cp: number): string {
    const ch = String.fromCodePoint(cp);
    if ('\\^$.*+?()[]{}|/'.includes(ch)) return `\\${ch}`;
    if (cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff)) return `\\u{${cp.toString(16)}}`;
    return ch;
  }

  /** Parses an escape after `\`: returns a code point for a single-character escape, or a class body. */
  private escape(): number | string {
    this.pos++; // backslash
    const c = this.cps[this.pos++];
    if (c === undefined) this.fail('trailing backslash');
    const ch = String.fromCodePoint(c);
    switch (ch) {
      case 'n': return 0x0a;
      case 'r': return 0x0d;
      case 't': return 0x09;
      case 'd': return '\\p{Nd}';
      case 'D': return '\\P{Nd}';
      case 's': return rangesToClassBody(SPACE);
      case 'S': return rangesToClassBody(complement(SPACE));
      case 'i': return rangesToClassBody(NAME_START);
      case 'I': return rangesToClassBody(complement(NAME_START));
      case 'c': return rangesToClassBody(NAME_CHAR);
      case 'C': return rangesToClassBody(complement(NAME_CHAR));
      // \w is "not punctuation, separator or other": the remaining general categories L, M, N and S.
      case 'w': return '\\p{L}\\p{M}\\p{N}\\p{S}';
      case 'W': return '\\p{P}\\p{Z}\\p{C}';
      case 'p':
      case 'P': {
        if (this.peek() !== 0x7b) this.fail('expected "{" after \\p');
        const close = this.cps.indexOf(0x7d, this.pos);
        if (close < 0) this.fail('missing "}"');
        const name = String.fromCodePoint(...this.cps.slice(this.pos + 1, close));
        this.pos = close + 1;
        const negate = ch === 'P';
        if (CATEGORIES.has(name)) return `\\${ch}{${name}}`;
        if (name.startsWith('Is')) {
          const block = BLOCKS[name.slice(2)];
          if (!block) this.fail(`unknown Unicode block "${name}"`);
          return rangesToClassBody(negate ? complement(block) : block);
        }
        return this.fail(`unknown character property "${name}"`);
      }
      default:
        if ('\\|.?*+(){}-[]^'.includes(ch)) return c;
        return this.fail(`unknown escape "\\${ch}"`);
    }
  }

  /** `[ ... ]`, possibly negated, possibly with a subtraction; returns a regex matching one code point. */
  private charClassExpr(): string {
    this.pos++; // [
    let negated = false;
    if (this.peek() === 0x5e /* ^ */) {
      negated = true;
      this.pos++;
    }
    const items: string[] = [];
    const ignorable: boolean[] = [];
    let first = true;
    let subtraction: string | null = null;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail('missing "]"');
      if (c === 0x5d /* ] */ && !first) {
        this.pos++;
        break;
      }
      if (c === 0x2d /* - */ && !first) {
        const next = this.cps[this.pos + 1];
        if (next === 0x5b /* [ */) {
          this.pos++;
          subtraction = this.charClassExpr();
          if (this.peek() !== 0x5d) this.fail('subtraction must end the character class');
          this.pos++;
          break;
        }
        if (next === 0x5d) { // trailing "-" is literal
          this.pos++;
          items.push(classChar(0x2d));
          ignorable.push(false);
          continue;
        }
        this.fail('"-" must be escaped here');
      }
      first = false;
      const lo = this.classAtom();
      if (typeof lo === 'string') {
        items.push(lo);
        const category = /^\\p\{(\w+)\}$/.exec(lo);
        ignorable.push(category !== null && JING_NEGATED_IGNORED.has(category[1]));
        continue;
      }
      if (this.peek() === 0x2d && this.cps[this.pos + 1] !== 0x5d && this.cps[this.pos + 1] !== 0x5b) {
        this.pos++;
        const hi = this.classAtom();
        if (typeof hi === 'string') this.fail('a range must end with a single character');
        if (hi < lo) this.fail('character range out of order');
        items.push(`${classChar(lo)}-${classChar(hi)}`);
      } else {
        items.push(classChar(lo));
      }
      ignorable.push(false);
    }
    if (items.length === 0) this.fail('empty character class');
    const kept = negated && items.length > 1 ? items.filter((_item, i) => !ignorable[i]) : items;
    const body = kept.join('');
    const base = negated ? `[^${body}]` : `[${body}]`;
    return subtraction === null ? base : `(?:(?!${subtraction})${base})`;
  }

  private classAtom(): number | string {
    const c = this.cps[this.pos];
    if (c === 0x5c) return this.escape();
    if (c === 0x5b) this.fail('"[" must be escaped in a character class');
    this.pos++;
    return c;
  }
}
