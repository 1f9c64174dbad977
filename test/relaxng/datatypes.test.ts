import { createDatatype, Datatype, DatatypeError, XSD_LIBRARY } from '../../src/relaxng/datatypes';

const ctx = { resolvePrefix: (p: string) => ({ '': '', tei: 'http://www.tei-c.org/ns/1.0', xml: 'http://www.w3.org/XML/1998/namespace' } as Record<string, string>)[p] };
function xsd(type: string, params: Record<string, string> = {}): Datatype {
  return createDatatype(XSD_LIBRARY, type, Object.entries(params).map(([name, value]) => ({ name, value })), ctx);
}
const valid = (type: string, value: string, params?: Record<string, string>) => xsd(type, params).check(value, ctx) === null;

describe('XML Schema dates', () => {
  test('year 0000 is not a year in XSD 1.0; years need four digits and no superfluous leading zero', () => {
    expect(valid('gYear', '0000')).toBe(false);
    expect(valid('gYear', '-0000')).toBe(false);
    expect(valid('gYear', '1980')).toBe(true);
    expect(valid('gYear', '-0044')).toBe(true);
    expect(valid('gYear', '20200')).toBe(true);
    expect(valid('gYear', '99')).toBe(false);
    expect(valid('date', '02020-01-01')).toBe(false);
    expect(valid('date', '0000-01-01')).toBe(false);
  });

  test('--MM-DD is a gMonthDay (29 February included), --MM a gMonth', () => {
    expect(valid('gMonthDay', '--05-12')).toBe(true);
    expect(valid('gMonthDay', '--02-29')).toBe(true);
    expect(valid('gMonthDay', '--02-30')).toBe(false);
    expect(valid('gMonthDay', '--04-31')).toBe(false);
    expect(valid('gMonth', '--05')).toBe(true);
    expect(valid('gMonth', '--05--')).toBe(false);
    expect(valid('gDay', '---31')).toBe(true);
    expect(valid('gDay', '---32')).toBe(false);
  });

  test('days exist in their month; leap years follow the Gregorian rule (and -0001 is a leap year)', () => {
    expect(valid('date', '1980-02-30')).toBe(false);
    expect(valid('date', '2020-02-29')).toBe(true);
    expect(valid('date', '2019-02-29')).toBe(false);
    expect(valid('date', '1900-02-29')).toBe(false);
    expect(valid('date', '2000-02-29')).toBe(true);
    expect(valid('date', '-0001-02-29')).toBe(true);
    expect(valid('date', '-0005-02-29')).toBe(true);
    expect(valid('date', '-0004-02-29')).toBe(false);
    expect(valid('date', '2020-04-31')).toBe(false);
    expect(valid('date', '2020-1-1')).toBe(false);
  });

  test('time zones and times', () => {
    expect(valid('date', '2020-01-01Z')).toBe(true);
    expect(valid('date', '2020-01-01+14:00')).toBe(true);
    expect(valid('date', '2020-01-01+14:01')).toBe(false);
    expect(valid('dateTime', '2020-01-01T10:00:00.123-05:30')).toBe(true);
    expect(valid('dateTime', '2020-01-01T24:00:00')).toBe(false);
    expect(valid('dateTime', '2020-01-01')).toBe(false);
    expect(valid('time', '25:00:00')).toBe(false);
    expect(valid('duration', 'P1Y2M3DT4H5M6.7S')).toBe(true);
    expect(valid('duration', 'P')).toBe(false);
    expect(valid('duration', 'PT')).toBe(false);
    expect(valid('duration', 'P1.5D')).toBe(false);
  });

  test('messages are jing\'s', () => {
    expect(xsd('date').check('1980-02-30', ctx)).toBe('must be an ISO date');
    expect(xsd('gYear').check('0000', ctx)).toBe('must be a year');
    expect(xsd('date', { minInclusive: '2000-01-01' }).check('1999-12-31', ctx)).toBe('must be an ISO date greater than or equal to 2000-01-01');
  });

  test('values compare in the value space', () => {
    expect(xsd('date').key('2020-01-01Z', ctx)).toBe(xsd('date').key('2020-01-01+00:00', ctx));
    expect(xsd('date').key('2020-01-01Z', ctx)).not.toBe(xsd('date').key('2020-01-01', ctx));
    expect(xsd('decimal').key('1.50', ctx)).toBe(xsd('decimal').key('+1.5', ctx));
    expect(xsd('QName').key('tei:p', ctx)).toBe('{http://www.tei-c.org/ns/1.0}p');
  });
});

describe('XML Schema numbers, names, URIs and facets', () => {
  test('integers and their subtypes', () => {
    expect(valid('integer', '1.0')).toBe(false);
    expect(xsd('integer').check('1.0', ctx)).toBe('must be a decimal number without any significant digits after the decimal point');
    expect(valid('nonNegativeInteger', '0')).toBe(true);
    expect(xsd('nonNegativeInteger').check('-1', ctx)).toBe('must be an integer greater than or equal to 0');
    expect(valid('positiveInteger', '007')).toBe(true);
    expect(valid('long', '9223372036854775808')).toBe(false);
    expect(valid('unsignedLong', '18446744073709551615')).toBe(true);
    expect(valid('byte', '-128')).toBe(true);
  });

  test('decimals, floats and booleans', () => {
    expect(valid('decimal', '+.5')).toBe(true);
    expect(valid('decimal', '.')).toBe(false);
    expect(valid('decimal', '1e3')).toBe(false);
    expect(valid('double', '-INF')).toBe(true);
    expect(valid('double', '+INF')).toBe(false);
    expect(valid('double', '.5e1')).toBe(true);
    expect(valid('float', '1E400')).toBe(true);
    expect(valid('boolean', ' true ')).toBe(true);
    expect(valid('boolean', 'TRUE')).toBe(false);
  });

  test('names and language tags', () => {
    expect(valid('NCName', ' a ')).toBe(true);
    expect(valid('NCName', 'a:b')).toBe(false);
    expect(valid('Name', 'a:b')).toBe(true);
    expect(valid('NMTOKEN', '12')).toBe(true);
    expect(valid('NMTOKENS', '')).toBe(false);
    expect(xsd('QName').check('x:y', ctx)).toBe('must be a QName whose prefix, if any, is declared (prefix "x" is not declared)');
    expect(valid('language', 'x-klingon')).toBe(true);
    expect(valid('language', 'en_US')).toBe(false);
  });

  test('anyURI is lenient like jing but rejects broken escapes, several fragments and stray brackets', () => {
    for (const ok of ['http://example.org/a?b#c', 'a b', 'http://x/ü', 'a|b', '', 'http://[::1]/x', '#frag']) expect(valid('anyURI', ok)).toBe(true);
    for (const bad of ['a%2', 'a%zz', '[', '#a#b']) expect(valid('anyURI', bad)).toBe(false);
  });

  test('length, range and digit facets', () => {
    expect(xsd('string', { minLength: '2', maxLength: '4' }).check('a', ctx)).toBe('must be a string with length at least 2 (actual length was 1)');
    expect(valid('token', 'abc', { length: '3' })).toBe(true);
    expect(valid('token', ' abc ', { length: '3' })).toBe(true);
    expect(valid('string', '😀😀', { maxLength: '2' })).toBe(true);
    expect(xsd('integer', { maxExclusive: '10' }).check('10', ctx)).toBe('must be an integer less than 10');
    expect(valid('decimal', '0.5', { minExclusive: '0.5' })).toBe(false);
    expect(xsd('decimal', { totalDigits: '4' }).check('12345', ctx)).toBe('must be a decimal number with at most 4 significant digits (found 5 digits)');
    expect(valid('decimal', '1.20', { fractionDigits: '1' })).toBe(false);
    expect(xsd('token', { pattern: '[a-z]+' }).check('A', ctx)).toBe('must be a string matching the regular expression "[a-z]+"');
  });

  test('unknown datatypes, libraries and parameters are schema errors', () => {
    expect(() => xsd('notAType')).toThrow(DatatypeError);
    expect(() => createDatatype('http://example.org/dt', 'x', [], ctx)).toThrow(DatatypeError);
    expect(() => createDatatype('', 'integer', [], ctx)).toThrow(DatatypeError);
    expect(() => xsd('boolean', { minLength: '1' })).toThrow(DatatypeError);
    expect(() => xsd('token', { pattern: '(' })).toThrow(DatatypeError);
  });
});
