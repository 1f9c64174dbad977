/**
 * Casting atomic values (`cast as`, `castable as`, constructor functions such as `xs:date(…)`), for the
 * types the fast evaluator knows. A cast it cannot do exactly is Unsupported; one that XPath refuses
 * returns undefined (the caller raises the error, or answers false for `castable`).
 */
import { Atomic, atomicString, CalendarType, trimXml, unsupported, Untyped, XAnyURI, XCalendar, XDecimal, XDouble, XDuration } from './xdm';

export const XS = 'http://www.w3.org/2001/XMLSchema';

export const ATOMIC_TYPES = new Set([
  'anyAtomicType', 'string', 'untypedAtomic', 'boolean', 'integer', 'decimal', 'double', 'anyURI',
  'date', 'dateTime', 'time', 'gYear', 'gYearMonth', 'gMonth', 'gMonthDay', 'gDay', 'duration', 'yearMonthDuration', 'dayTimeDuration',
]);

/** The name of an atomic value's type (xs: local name). */
export function typeOf(value: Atomic): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'integer';
  if (value instanceof Untyped) return 'untypedAtomic';
  if (value instanceof XDouble) return 'double';
  if (value instanceof XDecimal) return 'decimal';
  if (value instanceof XAnyURI) return 'anyURI';
  if (value instanceof XCalendar) return value.type;
  return value.type;
}

/** Is a value of type `actual` an instance of `wanted` (derivation among the supported types)? */
export function derivesFrom(actual: string, wanted: string): boolean {
  if (actual === wanted || wanted === 'anyAtomicType') return true;
  if (wanted === 'decimal') return actual === 'integer';
  if (wanted === 'duration') return actual === 'yearMonthDuration' || actual === 'dayTimeDuration';
  return false;
}

export function isNumeric(value: Atomic): value is number | XDouble | XDecimal {
  return typeof value === 'number' || value instanceof XDouble || value instanceof XDecimal;
}

export function numericValue(value: number | XDouble | XDecimal): number {
  return typeof value === 'number' ? value : value.v;
}

/** Casts `value` to the xs type `target`; undefined when XPath would raise an error. */
export function cast(value: Atomic, target: string): Atomic | undefined {
  const source = typeOf(value);
  if (source === target) return value;
  if (target === 'string') return atomicString(value);
  if (target === 'untypedAtomic') return new Untyped(atomicString(value));
  if (source === 'string' || source === 'untypedAtomic') return fromString(atomicString(value), target);
  switch (target) {
    case 'anyURI':
      return undefined;
    case 'boolean':
      if (isNumeric(value)) {
        const v = numericValue(value);
        return !(v === 0 || Number.isNaN(v));
      }
      return undefined;
    case 'double':
      if (typeof value === 'boolean') return new XDouble(value ? 1 : 0);
      if (isNumeric(value)) return new XDouble(numericValue(value));
      return undefined;
    case 'decimal':
    case 'integer': {
      let v: number;
      if (typeof value === 'boolean') v = value ? 1 : 0;
      else if (isNumeric(value)) v = numericValue(value);
      else return undefined;
      if (!Number.isFinite(v)) return undefined;
      if (target === 'integer') {
        const truncated = Math.trunc(v);
        if (!Number.isSafeInteger(truncated)) return unsupported('an integer beyond 2^53');
        return truncated === 0 ? 0 : truncated;
      }
      if (value instanceof XDouble && !Number.isInteger(v)) return unsupported('a double to decimal');
      return new XDecimal(v);
    }
    case 'date':
    case 'gYear':
    case 'gYearMonth':
    case 'gMonth':
    case 'gMonthDay':
    case 'gDay':
    case 'time':
      if (value instanceof XCalendar && (value.type === 'dateTime' || (value.type === 'date' && target !== 'time'))) {
        const c = value;
        return new XCalendar(target as CalendarType, c.year, c.month, c.day, c.hour, c.minute, c.second, c.fraction, c.tz);
      }
      return undefined;
    case 'dateTime':
      if (value instanceof XCalendar && value.type === 'date') return new XCalendar('dateTime', value.year, value.month, value.day, 0, 0, 0, '', value.tz);
      return undefined;
    case 'yearMonthDuration':
      if (value instanceof XDuration) return new XDuration('yearMonthDuration', value.months, 0);
      return undefined;
    case 'dayTimeDuration':
      if (value instanceof XDuration) return new XDuration('dayTimeDuration', 0, value.seconds);
      return undefined;
    case 'duration':
      if (value instanceof XDuration) return new XDuration('duration', value.months, value.seconds);
      return undefined;
    default:
      return unsupported(`a cast to xs:${target}`);
  }
}

const INTEGER = /^[+-]?[0-9]+$/;
const DECIMAL = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/;
const DOUBLE = /^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN)$/;
const YEAR = '(-?(?:[1-9][0-9]{3,}|0[0-9]{3}))';
const TZ = '(Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?';
const TIME = '([01][0-9]|2[0-4]):([0-5][0-9]):([0-5][0-9])(?:\\.([0-9]+))?';
const PATTERNS: Record<string, RegExp> = {
  date: new RegExp(`^${YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])${TZ}$`),
  dateTime: new RegExp(`^${YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T${TIME}${TZ}$`),
  time: new RegExp(`^${TIME}${TZ}$`),
  gYear: new RegExp(`^${YEAR}${TZ}$`),
  gYearMonth: new RegExp(`^${YEAR}-(0[1-9]|1[0-2])${TZ}$`),
  gMonth: new RegExp(`^--(0[1-9]|1[0-2])${TZ}$`),
  gMonthDay: new RegExp(`^--(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])${TZ}$`),
  gDay: new RegExp(`^---(0[1-9]|[12][0-9]|3[01])${TZ}$`),
};

export function isLeap(year: number): boolean {
  // XSD 1.1: year 0 is 1 BCE, a leap year.
  return year % 400 === 0 || (year % 4 === 0 && year % 100 !== 0);
}

export function daysIn(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

function tzMinutes(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (text === 'Z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  return sign * (Number(text.slice(1, 3)) * 60 + Number(text.slice(4, 6)));
}

function yearOf(text: string): number {
  const year = Number(text);
  if (!Number.isSafeInteger(year) || Math.abs(year) > 9999999) unsupported('a year out of range');
  return year;
}

function fromString(input: string, target: string): Atomic | undefined {
  const s = trimXml(input);
  switch (target) {
    case 'boolean':
      if (s === 'true' || s === '1') return true;
      if (s === 'false' || s === '0') return false;
      return undefined;
    case 'integer': {
      if (!INTEGER.test(s)) return undefined;
      const v = Number(s);
      if (!Number.isSafeInteger(v)) return unsupported('an integer beyond 2^53');
      return v === 0 ? 0 : v;
    }
    case 'decimal': {
      if (!DECIMAL.test(s)) return undefined;
      const v = Number(s);
      // Only decimals a double holds exactly enough to print back the same (whole numbers).
      if (!Number.isSafeInteger(v)) return unsupported('a fractional or large decimal');
      return new XDecimal(v === 0 ? 0 : v);
    }
    case 'double':
      if (!DOUBLE.test(s)) return undefined;
      return new XDouble(s === 'INF' || s === '+INF' ? Infinity : s === '-INF' ? -Infinity : Number(s));
    case 'anyURI':
      return unsupported('a cast to xs:anyURI');
    case 'yearMonthDuration':
    case 'dayTimeDuration':
    case 'duration':
      return parseDuration(s, target);
    default: {
      const pattern = PATTERNS[target];
      if (!pattern) return unsupported(`a cast to xs:${target}`);
      const m = pattern.exec(s);
      if (!m) return undefined;
      return calendarFrom(target as CalendarType, m);
    }
  }
}

function calendarFrom(type: CalendarType, m: RegExpExecArray): XCalendar | undefined {
  let year = 1972;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fraction = '';
  let tz: string | undefined;
  const time = (i: number): void => {
    hour = Number(m[i]);
    minute = Number(m[i + 1]);
    second = Number(m[i + 2]);
    fraction = (m[i + 3] ?? '').replace(/0+$/, '');
  };
  switch (type) {
    case 'date':
      [year, month, day, tz] = [yearOf(m[1]), Number(m[2]), Number(m[3]), m[4]];
      break;
    case 'dateTime':
      [year, month, day] = [yearOf(m[1]), Number(m[2]), Number(m[3])];
      time(4);
      tz = m[8];
      break;
    case 'time':
      time(1);
      tz = m[5];
      break;
    case 'gYear':
      [year, tz] = [yearOf(m[1]), m[2]];
      break;
    case 'gYearMonth':
      [year, month, tz] = [yearOf(m[1]), Number(m[2]), m[3]];
      break;
    case 'gMonth':
      [month, tz] = [Number(m[1]), m[2]];
      break;
    case 'gMonthDay':
      [month, day, tz] = [Number(m[1]), Number(m[2]), m[3]];
      break;
    case 'gDay':
      [day, tz] = [Number(m[1]), m[2]];
      break;
  }
  if (day > daysIn(type === 'gMonthDay' ? 2000 : year, month)) return undefined;
  if (hour === 24) {
    if (minute !== 0 || second !== 0 || fraction !== '') return undefined;
    // 24:00:00 is the first instant of the next day: what SaxonJS does with it is not modelled.
    return unsupported('24:00:00');
  }
  return new XCalendar(type, year, month, day, hour, minute, second, fraction, tzMinutes(tz));
}

function parseDuration(s: string, type: 'yearMonthDuration' | 'dayTimeDuration' | 'duration'): XDuration | undefined {
  const m = /^(-)?P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)D)?(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+)(?:\.([0-9]+))?S)?)?$/.exec(s);
  if (!m || s.endsWith('P') || s.endsWith('T') || s === '-P') return undefined;
  if (m.slice(2, 9).every((part) => part === undefined)) return undefined;
  if (m[8] !== undefined) return unsupported('fractional seconds in a duration');
  const hasYearMonth = m[2] !== undefined || m[3] !== undefined;
  const hasDayTime = m[4] !== undefined || m[5] !== undefined || m[6] !== undefined || m[7] !== undefined;
  if (type === 'yearMonthDuration' && hasDayTime) return undefined;
  if (type === 'dayTimeDuration' && hasYearMonth) return undefined;
  const sign = m[1] ? -1 : 1;
  const months = (Number(m[2] ?? 0) * 12 + Number(m[3] ?? 0)) * sign;
  const seconds = (Number(m[4] ?? 0) * 86400 + Number(m[5] ?? 0) * 3600 + Number(m[6] ?? 0) * 60 + Number(m[7] ?? 0)) * sign;
  if (!Number.isSafeInteger(months) || !Number.isSafeInteger(seconds)) return unsupported('a duration out of range');
  return new XDuration(type, months === 0 ? 0 : months, seconds === 0 ? 0 : seconds);
}
