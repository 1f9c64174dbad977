/**
 * Datatype libraries: the RELAX NG built-ins (string, token) and W3C XML Schema datatypes
 * (http://www.w3.org/2001/XMLSchema-datatypes) with their facets, as jing implements them.
 *
 * A datatype answers three questions: is a string valid (and if not, why, in jing's words), what is the
 * value of a string (a canonical key, so that `<value>` patterns compare values, e.g. decimal "1.0" = "1"),
 * and what is its DTD-compatibility ID-type.
 */
import { compileXsdRegex, XsdRegexError } from './xsd-regex';

export const XSD_LIBRARY = 'http://www.w3.org/2001/XMLSchema-datatypes';

export const enum IdType { None = 0, Id = 1, Idref = 2, Idrefs = 3 }

/** Resolves namespace prefixes for QName values; `undefined` for an undeclared prefix. */
export interface ValueContext {
  resolvePrefix(prefix: string): string | undefined;
}

export interface Datatype {
  /** Local name of the datatype, e.g. "date". */
  readonly name: string;
  readonly idType: IdType;
  /** True when validity or value depends on the namespace context (QName). */
  readonly contextDependent: boolean;
  /** `null` when the string is valid, else what it must be, e.g. "must be an ISO date". */
  check(value: string, ctx: ValueContext): string | null;
  /** Canonical key of the value (equal keys = equal values), `undefined` when the string is invalid. */
  key(value: string, ctx: ValueContext): string | undefined;
  /** The string after the datatype's whitespace processing (how jing shows expected values). */
  normalize(value: string): string;
}

export class DatatypeError extends Error {}

// ---------------------------------------------------------------------------------------------------
// Whitespace and XML names

const WS_RUN = /[\t\n\r ]+/g;
export function collapseWhitespace(s: string): string {
  return s.replace(WS_RUN, ' ').replace(/^ | $/g, '');
}
function replaceWhitespace(s: string): string {
  return s.replace(/[\t\n\r]/g, ' ');
}
export function isXmlWhitespace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

const NAME_START_CLASS =
  'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F' +
  '\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_CHAR_CLASS = `${NAME_START_CLASS}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
const NCNAME_RE = new RegExp(`^[${NAME_START_CLASS}][${NAME_CHAR_CLASS}]*$`, 'u');
const NAME_RE = new RegExp(`^[:${NAME_START_CLASS}][:${NAME_CHAR_CLASS}]*$`, 'u');
const NMTOKEN_RE = new RegExp(`^[:${NAME_CHAR_CLASS}]+$`, 'u');
export function isNcName(s: string): boolean {
  return NCNAME_RE.test(s);
}

// ---------------------------------------------------------------------------------------------------
// Value kinds of the XSD primitives, each with a lexical parser, a key and (for ordered kinds) an order

interface Kind {
  /** Noun phrase for messages, "an ISO date". */
  readonly noun: string;
  /** Parses a whitespace-processed string; `undefined` when invalid. */
  parse(s: string, ctx: ValueContext): unknown;
  key(v: unknown): string;
  compare?(a: unknown, b: unknown): number;
  /** Length in the sense of the length facets. */
  length?(v: unknown, s: string): number;
  /** Message for an invalid lexical form; defaults to "must be " + noun. */
  invalid?: string;
}

const stringKind: Kind = {
  noun: 'a string',
  parse: (s) => s,
  key: (v) => v as string,
  length: (_v, s) => codePointLength(s),
};
function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

function nameKind(noun: string, re: RegExp): Kind {
  return { noun, parse: (s) => (re.test(s) ? s : undefined), key: (v) => v as string, length: (_v, s) => codePointLength(s) };
}

const qnameKind: Kind = {
  noun: 'an XML QName',
  parse(s, ctx) {
    const colon = s.indexOf(':');
    if (colon < 0) return NCNAME_RE.test(s) ? `{${ctx.resolvePrefix('') ?? ''}}${s}` : undefined;
    const prefix = s.slice(0, colon);
    const local = s.slice(colon + 1);
    if (!NCNAME_RE.test(prefix) || !NCNAME_RE.test(local)) return undefined;
    const ns = ctx.resolvePrefix(prefix);
    if (ns === undefined) return { undeclared: prefix };
    return `{${ns}}${local}`;
  },
  key: (v) => v as string,
};

const decimalRe = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
/** A decimal as sign, integer digits without leading zeros, fraction digits without trailing zeros. */
interface Dec { neg: boolean; int: string; frac: string }
function parseDecimal(s: string): Dec | undefined {
  if (!decimalRe.test(s)) return undefined;
  let neg = false;
  let t = s;
  if (t[0] === '+' || t[0] === '-') {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  const dot = t.indexOf('.');
  let int = dot < 0 ? t : t.slice(0, dot);
  let frac = dot < 0 ? '' : t.slice(dot + 1);
  int = int.replace(/^0+/, '');
  frac = frac.replace(/0+$/, '');
  if (int === '' && frac === '') neg = false;
  return { neg, int, frac };
}
function compareDec(a: Dec, b: Dec): number {
  const sa = a.int === '' && a.frac === '' ? 0 : a.neg ? -1 : 1;
  const sb = b.int === '' && b.frac === '' ? 0 : b.neg ? -1 : 1;
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  let mag: number;
  if (a.int.length !== b.int.length) mag = a.int.length < b.int.length ? -1 : 1;
  else if (a.int !== b.int) mag = a.int < b.int ? -1 : 1;
  else {
    const n = Math.max(a.frac.length, b.frac.length);
    const fa = a.frac.padEnd(n, '0');
    const fb = b.frac.padEnd(n, '0');
    mag = fa === fb ? 0 : fa < fb ? -1 : 1;
  }
  return sa * mag;
}
const decKey = (d: Dec) => `${d.neg ? '-' : ''}${d.int || '0'}${d.frac ? `.${d.frac}` : ''}`;

const decimalKind: Kind = {
  noun: 'a decimal number',
  parse: parseDecimal,
  key: (v) => decKey(v as Dec),
  compare: (a, b) => compareDec(a as Dec, b as Dec),
};
const integerKind: Kind = {
  noun: 'an integer',
  parse: (s) => (/^[+-]?\d+$/.test(s) ? parseDecimal(s) : undefined),
  key: (v) => decKey(v as Dec),
  compare: (a, b) => compareDec(a as Dec, b as Dec),
};

const floatRe = /^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|-?INF|NaN)$/;
function floatKind(single: boolean): Kind {
  return {
    noun: 'a floating-point number',
    parse(s) {
      if (!floatRe.test(s)) return undefined;
      if (s === 'INF') return Infinity;
      if (s === '-INF') return -Infinity;
      if (s === 'NaN') return NaN;
      const n = Number(s);
      return single ? Math.fround(n) : n;
    },
    key: (v) => (Object.is(v, -0) ? '0' : String(v)),
    compare: (a, b) => {
      const x = a as number;
      const y = b as number;
      if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
      return x < y ? -1 : x > y ? 1 : 0;
    },
  };
}

const booleanKind: Kind = {
  noun: 'a boolean',
  parse: (s) => (s === 'true' || s === '1' ? true : s === 'false' || s === '0' ? false : undefined),
  key: (v) => String(v),
};

// Dates and times. XSD 1.0: no year 0000; year -0001 is 1 BCE (a leap year, like 1 CE - 1 in proleptic reckoning).
const YEAR = '(-?(?:[1-9]\\d{4,}|\\d{4}))';
const TZ = '(Z|[+-]\\d\\d:\\d\\d)?';
const MONTH = '(\\d\\d)';
const DAY = '(\\d\\d)';
const TIME = '(\\d\\d):(\\d\\d):(\\d\\d(?:\\.\\d+)?)';
const dateTimeRes = {
  dateTime: new RegExp(`^${YEAR}-${MONTH}-${DAY}T${TIME}${TZ}$`),
  date: new RegExp(`^${YEAR}-${MONTH}-${DAY}${TZ}$`),
  time: new RegExp(`^${TIME}${TZ}$`),
  gYearMonth: new RegExp(`^${YEAR}-${MONTH}${TZ}$`),
  gYear: new RegExp(`^${YEAR}${TZ}$`),
  gMonthDay: new RegExp(`^--${MONTH}-${DAY}${TZ}$`),
  gDay: new RegExp(`^---${DAY}${TZ}$`),
  gMonth: new RegExp(`^--${MONTH}${TZ}$`),
};
type DateKindName = keyof typeof dateTimeRes;

function isLeap(year: number): boolean {
  const y = year < 0 ? year + 1 : year; // XSD 1.0: -0001 is the year before 0001
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
function daysInMonth(year: number | undefined, month: number): number {
  if (month === 2) return year === undefined || isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
function parseTz(tz: string | undefined): number | null | undefined {
  if (tz === undefined) return null;
  if (tz === 'Z') return 0;
  const h = Number(tz.slice(1, 3));
  const m = Number(tz.slice(4, 6));
  if (h > 14 || m > 59 || (h === 14 && m !== 0)) return undefined;
  return (tz[0] === '-' ? -1 : 1) * (h * 60 + m);
}
/** Days from 0001-01-01 to the given date (proleptic Gregorian, year -0001 directly before 0001). */
function dayNumber(year: number, month: number, day: number): number {
  const y = (year < 0 ? year + 1 : year) - 1;
  const cum = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
  let days = 365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + cum[month - 1] + day - 1;
  if (month > 2 && isLeap(year)) days++;
  return days;
}

interface DateValue { t: number; tz: boolean }

function dateKind(kind: DateKindName): Kind {
  const re = dateTimeRes[kind];
  const nouns: Record<DateKindName, string> = {
    dateTime: 'an ISO date and time', date: 'an ISO date', time: 'an ISO time', gYearMonth: 'an ISO year and month',
    gYear: 'a year', gMonthDay: 'an ISO month and day (of the form --MM-DD)',
    gDay: 'an ISO day of the month (of the form ---DD)', gMonth: 'an ISO month (of the form --MM)',
  };
  return {
    noun: nouns[kind],
    parse(s) {
      const m = re.exec(s);
      if (!m) return undefined;
      let i = 1;
      let year: number | undefined;
      let month = 1;
      let day = 1;
      let hour = 0;
      let minute = 0;
      let second = 0;
      if (kind === 'dateTime' || kind === 'date' || kind === 'gYearMonth' || kind === 'gYear') {
        year = Number(m[i++]);
        if (year === 0 || !Number.isSafeInteger(year)) return undefined;
      }
      if (kind !== 'time' && kind !== 'gYear' && kind !== 'gDay') month = Number(m[i++]);
      if (kind === 'dateTime' || kind === 'date' || kind === 'gMonthDay' || kind === 'gDay') day = Number(m[i++]);
      if (kind === 'dateTime' || kind === 'time') {
        hour = Number(m[i++]);
        minute = Number(m[i++]);
        second = Number(m[i++]);
        if (hour > 23 || minute > 59 || second >= 61) return undefined;
      }
      if (month < 1 || month > 12) return undefined;
      if (day < 1 || day > daysInMonth(kind === 'gMonthDay' || kind === 'gDay' ? undefined : year, month)) return undefined;
      const tz = parseTz(m[i]);
      if (tz === undefined) return undefined;
      const days = dayNumber(year ?? 2000, month, day);
      const t = ((days * 24 + hour) * 60 + minute - (tz ?? 0)) * 60 + second;
      return { t, tz: tz !== null } as DateValue;
    },
    key: (v) => `${(v as DateValue).t}${(v as DateValue).tz ? 'Z' : ''}`,
    compare: (a, b) => {
      const x = a as DateValue;
      const y = b as DateValue;
      return x.t < y.t ? -1 : x.t > y.t ? 1 : 0;
    },
  };
}

const durationRe = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const durationKind: Kind = {
  noun: 'a duration',
  parse(s) {
    const m = durationRe.exec(s);
    if (!m || s.endsWith('P') || s.endsWith('T')) return undefined;
    const sign = m[1] ? -1 : 1;
    const months = sign * (Number(m[2] ?? 0) * 12 + Number(m[3] ?? 0));
    const seconds = sign * (((Number(m[4] ?? 0) * 24 + Number(m[5] ?? 0)) * 60 + Number(m[6] ?? 0)) * 60 + Number(m[7] ?? 0));
    return { months, seconds };
  },
  key: (v) => `${(v as { months: number }).months}M${(v as { seconds: number }).seconds}S`,
  compare: (a, b) => {
    const x = a as { months: number; seconds: number };
    const y = b as { months: number; seconds: number };
    if (x.months === y.months) return x.seconds < y.seconds ? -1 : x.seconds > y.seconds ? 1 : 0;
    const dm = x.months - y.months;
    const ds = x.seconds - y.seconds;
    if (dm > 0 && ds >= 0) return 1;
    if (dm < 0 && ds <= 0) return -1;
    return NaN; // partially ordered
  },
};

const hexKind: Kind = {
  noun: 'a hexadecimal string',
  parse: (s) => (/^([0-9a-fA-F]{2})*$/.test(s) ? s.toUpperCase() : undefined),
  key: (v) => v as string,
  length: (v) => (v as string).length / 2,
};
const base64Kind: Kind = {
  noun: 'a base64 string',
  parse(s) {
    const t = s.replace(/ /g, '');
    if (!/^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=|[A-Za-z0-9+/][AQgw]==)?$/.test(t)) return undefined;
    return t;
  },
  key: (v) => v as string,
  length: (v) => {
    const t = v as string;
    return (t.length / 4) * 3 - (t.endsWith('==') ? 2 : t.endsWith('=') ? 1 : 0);
  },
};

function isUri(s: string): boolean {
  if ((s.match(/#/g) ?? []).length > 1) return false;
  if (/%(?![0-9A-Fa-f]{2})/.test(s)) return false;
  if (/[[\]]/.test(s)) {
    // brackets are allowed only around an IP literal host: scheme://[...]
    const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/?#]*@)?\[[0-9A-Fa-f:.vV]+\](.*)$/.exec(s);
    if (!m || /[[\]]/.test(m[1])) return false;
  }
  return true;
}
const anyUriKind: Kind = {
  noun: 'a URI',
  parse: (s) => (isUri(s) ? s : undefined),
  key: (v) => v as string,
  length: (_v, s) => codePointLength(s),
};
const languageKind: Kind = {
  noun: 'an RFC 3066 language identifier',
  parse: (s) => (/^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/.test(s) ? s.toLowerCase() : undefined),
  key: (v) => v as string,
  length: (_v, s) => codePointLength(s),
};

function listKind(noun: string, item: Kind): Kind {
  return {
    noun,
    parse(s, ctx) {
      const items = s === '' ? [] : s.split(' ');
      const values: unknown[] = [];
      for (const it of items) {
        const v = item.parse(it, ctx);
        if (v === undefined) return undefined;
        values.push(v);
      }
      return values;
    },
    key: (v) => (v as unknown[]).map((x) => item.key(x)).join(' '),
    length: (v) => (v as unknown[]).length,
  };
}
const nmtokenKind = nameKind('an XML NMTOKEN', NMTOKEN_RE);
const ncnameKind = nameKind('an XML name without colons', NCNAME_RE);

const entityKind: Kind = { ...ncnameKind, noun: 'a name declared in the DTD as an unparsed entity', parse: () => undefined };

// ---------------------------------------------------------------------------------------------------
// The XSD datatypes as (kind, whitespace, built-in facets)

interface TypeDef {
  kind: Kind;
  ws: 'preserve' | 'replace' | 'collapse';
  idType?: IdType;
  min?: string;
  max?: string;
  minLength?: number;
}

const XSD_TYPES: Record<string, TypeDef> = {
  string: { kind: stringKind, ws: 'preserve' },
  normalizedString: { kind: stringKind, ws: 'replace' },
  token: { kind: stringKind, ws: 'collapse' },
  language: { kind: languageKind, ws: 'collapse' },
  Name: { kind: nameKind('an XML name', NAME_RE), ws: 'collapse' },
  NCName: { kind: ncnameKind, ws: 'collapse' },
  NMTOKEN: { kind: nmtokenKind, ws: 'collapse' },
  NMTOKENS: { kind: listKind('a list of XML NMTOKENs', nmtokenKind), ws: 'collapse', minLength: 1 },
  ID: { kind: ncnameKind, ws: 'collapse', idType: IdType.Id },
  IDREF: { kind: ncnameKind, ws: 'collapse', idType: IdType.Idref },
  IDREFS: { kind: listKind('a list of XML names without colons', ncnameKind), ws: 'collapse', idType: IdType.Idrefs, minLength: 1 },
  ENTITY: { kind: entityKind, ws: 'collapse' },
  ENTITIES: { kind: listKind('a list of names declared in the DTD as unparsed entities', entityKind), ws: 'collapse', minLength: 1 },
  QName: { kind: qnameKind, ws: 'collapse' },
  anyURI: { kind: anyUriKind, ws: 'collapse' },
  boolean: { kind: booleanKind, ws: 'collapse' },
  decimal: { kind: decimalKind, ws: 'collapse' },
  integer: { kind: integerKind, ws: 'collapse' },
  nonPositiveInteger: { kind: integerKind, ws: 'collapse', max: '0' },
  negativeInteger: { kind: integerKind, ws: 'collapse', max: '-1' },
  nonNegativeInteger: { kind: integerKind, ws: 'collapse', min: '0' },
  positiveInteger: { kind: integerKind, ws: 'collapse', min: '1' },
  long: { kind: integerKind, ws: 'collapse', min: '-9223372036854775808', max: '9223372036854775807' },
  int: { kind: integerKind, ws: 'collapse', min: '-2147483648', max: '2147483647' },
  short: { kind: integerKind, ws: 'collapse', min: '-32768', max: '32767' },
  byte: { kind: integerKind, ws: 'collapse', min: '-128', max: '127' },
  unsignedLong: { kind: integerKind, ws: 'collapse', min: '0', max: '18446744073709551615' },
  unsignedInt: { kind: integerKind, ws: 'collapse', min: '0', max: '4294967295' },
  unsignedShort: { kind: integerKind, ws: 'collapse', min: '0', max: '65535' },
  unsignedByte: { kind: integerKind, ws: 'collapse', min: '0', max: '255' },
  float: { kind: floatKind(true), ws: 'collapse' },
  double: { kind: floatKind(false), ws: 'collapse' },
  duration: { kind: durationKind, ws: 'collapse' },
  dateTime: { kind: dateKind('dateTime'), ws: 'collapse' },
  date: { kind: dateKind('date'), ws: 'collapse' },
  time: { kind: dateKind('time'), ws: 'collapse' },
  gYearMonth: { kind: dateKind('gYearMonth'), ws: 'collapse' },
  gYear: { kind: dateKind('gYear'), ws: 'collapse' },
  gMonthDay: { kind: dateKind('gMonthDay'), ws: 'collapse' },
  gDay: { kind: dateKind('gDay'), ws: 'collapse' },
  gMonth: { kind: dateKind('gMonth'), ws: 'collapse' },
  hexBinary: { kind: hexKind, ws: 'collapse' },
  base64Binary: { kind: base64Kind, ws: 'collapse' },
};

interface Facet {
  /** Returns a message ("must be ...") when the value violates the facet. */
  check(v: unknown, s: string): string | null;
}

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

class XsdDatatype implements Datatype {
  readonly idType: IdType;
  readonly contextDependent: boolean;
  private readonly facets: Facet[] = [];
  private readonly def: TypeDef;

  constructor(readonly name: string, params: Array<{ name: string; value: string }>, paramCtx: ValueContext) {
    const def = XSD_TYPES[name];
    if (!def) throw new DatatypeError(`datatype "${name}" from library "${XSD_LIBRARY}" not recognized`);
    this.def = def;
    this.idType = def.idType ?? IdType.None;
    this.contextDependent = def.kind === qnameKind;
    const kind = def.kind;
    if (def.minLength !== undefined) this.addLengthFacet('minLength', String(def.minLength));
    if (def.min !== undefined) this.addBound('minInclusive', def.min, paramCtx, true);
    if (def.max !== undefined) this.addBound('maxInclusive', def.max, paramCtx, true);
    for (const p of params) {
      switch (p.name) {
        case 'pattern': {
          let re: RegExp;
          try {
            re = compileXsdRegex(p.value);
          } catch (e) {
            throw new DatatypeError(e instanceof XsdRegexError ? e.message : String(e));
          }
          const noun = kind.noun;
          this.facets.push({ check: (_v, s) => (re.test(s) ? null : `must be ${noun} matching the regular expression "${p.value}"`) });
          break;
        }
        case 'length': case 'minLength': case 'maxLength':
          if (!kind.length) throw new DatatypeError(`invalid parameter "${p.name}" for datatype "${name}"`);
          this.addLengthFacet(p.name, p.value);
          break;
        case 'minInclusive': case 'minExclusive': case 'maxInclusive': case 'maxExclusive':
          if (!kind.compare) throw new DatatypeError(`invalid parameter "${p.name}" for datatype "${name}"`);
          this.addBound(p.name, p.value, paramCtx, false);
          break;
        case 'totalDigits': case 'fractionDigits': {
          if (kind !== decimalKind && kind !== integerKind) throw new DatatypeError(`invalid parameter "${p.name}" for datatype "${name}"`);
          const n = Number(collapseWhitespace(p.value));
          if (!Number.isInteger(n) || n < 0) throw new DatatypeError(`invalid value "${p.value}" for parameter "${p.name}"`);
          if (p.name === 'totalDigits') {
            this.facets.push({
              check: (v) => {
                const d = v as Dec;
                const digits = (d.int + d.frac).replace(/^0+/, '').length;
                return digits > n ? `must be a decimal number with at most ${n} significant digits (found ${digits} digits)` : null;
              },
            });
          } else {
            // jing counts the digits written after the point, trailing zeros included
            this.facets.push({
              check: (_v, s) => {
                const dot = s.indexOf('.');
                const found = dot < 0 ? 0 : s.length - dot - 1;
                if (found <= n) return null;
                const what = n === 0 ? 'without any significant digits' : `with at most ${NUMBER_WORDS[n] ?? n} significant digit${n === 1 ? '' : 's'}`;
                return `must be a decimal number ${what} after the decimal point (found ${found} digits)`;
              },
            });
          }
          break;
        }
        case 'enumeration': case 'whiteSpace':
          throw new DatatypeError(`parameter "${p.name}" is not allowed in RELAX NG (use "value" or the datatype's own whitespace)`);
        default:
          throw new DatatypeError(`unknown parameter "${p.name}" for datatype "${name}"`);
      }
    }
  }

  private addLengthFacet(facet: string, raw: string): void {
    const n = Number(collapseWhitespace(raw));
    if (!Number.isInteger(n) || n < 0) throw new DatatypeError(`invalid value "${raw}" for parameter "${facet}"`);
    const kind = this.def.kind;
    const noun = kind.noun;
    const len = kind.length as (v: unknown, s: string) => number;
    const rel = facet === 'length' ? 'equal to' : facet === 'minLength' ? 'at least' : 'at most';
    const ok = facet === 'length' ? (l: number) => l === n : facet === 'minLength' ? (l: number) => l >= n : (l: number) => l <= n;
    this.facets.push({
      check: (v, s) => {
        const l = len(v, s);
        return ok(l) ? null : `must be ${noun} with length ${rel} ${n} (actual length was ${l})`;
      },
    });
  }

  private addBound(facet: string, raw: string, ctx: ValueContext, builtin: boolean): void {
    const kind = this.def.kind;
    const bound = kind.parse(collapseWhitespace(raw), ctx);
    if (bound === undefined) throw new DatatypeError(`invalid value "${raw}" for parameter "${facet}"`);
    const cmp = kind.compare as (a: unknown, b: unknown) => number;
    const shown = collapseWhitespace(raw);
    const noun = builtin || kind === integerKind ? 'an integer' : kind.noun;
    const [rel, ok] = {
      minInclusive: ['greater than or equal to', (c: number) => c >= 0],
      minExclusive: ['greater than', (c: number) => c > 0],
      maxInclusive: ['less than or equal to', (c: number) => c <= 0],
      maxExclusive: ['less than', (c: number) => c < 0],
    }[facet] as [string, (c: number) => boolean];
    this.facets.push({ check: (v) => (ok(cmp(v, bound)) ? null : `must be ${noun} ${rel} ${shown}`) });
  }

  normalize(value: string): string {
    return this.normalise(value);
  }

  private normalise(value: string): string {
    const ws = this.def.ws;
    return ws === 'preserve' ? value : ws === 'replace' ? replaceWhitespace(value) : collapseWhitespace(value);
  }

  private parse(value: string, ctx: ValueContext): { v: unknown; s: string } | string {
    const s = this.normalise(value);
    const v = this.def.kind.parse(s, ctx);
    if (v === undefined) return this.invalidMessage(s);
    if (typeof v === 'object' && v !== null && 'undeclared' in (v as object)) {
      return `must be a QName whose prefix, if any, is declared (prefix "${(v as { undeclared: string }).undeclared}" is not declared)`;
    }
    return { v, s };
  }

  private invalidMessage(s: string): string {
    const kind = this.def.kind;
    if (kind === integerKind && parseDecimal(s)) return 'must be a decimal number without any significant digits after the decimal point';
    return `must be ${kind.noun}`;
  }

  check(value: string, ctx: ValueContext): string | null {
    const r = this.parse(value, ctx);
    if (typeof r === 'string') return r;
    for (const f of this.facets) {
      const m = f.check(r.v, r.s);
      if (m !== null) return m;
    }
    return null;
  }

  key(value: string, ctx: ValueContext): string | undefined {
    const r = this.parse(value, ctx);
    if (typeof r === 'string') return undefined;
    for (const f of this.facets) if (f.check(r.v, r.s) !== null) return undefined;
    return this.def.kind.key(r.v);
  }
}

class BuiltinDatatype implements Datatype {
  readonly idType = IdType.None;
  readonly contextDependent = false;
  constructor(readonly name: 'string' | 'token') {}
  check(): string | null {
    return null;
  }
  key(value: string): string {
    return this.name === 'string' ? value : collapseWhitespace(value);
  }
  normalize(value: string): string {
    return this.key(value);
  }
}

/** Looks up a datatype; throws DatatypeError for an unknown library, type or parameter. */
export function createDatatype(
  library: string,
  name: string,
  params: Array<{ name: string; value: string }>,
  paramCtx: ValueContext,
): Datatype {
  if (library === '') {
    if (name !== 'string' && name !== 'token') throw new DatatypeError(`no such builtin datatype "${name}": must be "string" or "token"`);
    if (params.length > 0) throw new DatatypeError('builtin datatypes do not have any parameters');
    return new BuiltinDatatype(name);
  }
  if (library === XSD_LIBRARY) return new XsdDatatype(name, params, paramCtx);
  throw new DatatypeError(`datatype library "${library}" not recognized`);
}
