import { compileXsdRegex, translateXsdRegex, XsdRegexError } from '../../src/relaxng/xsd-regex';

function matches(xsd: string, value: string): boolean {
  return compileXsdRegex(xsd).test(value);
}

describe('XSD regular expressions translated to JavaScript', () => {
  test('are implicitly anchored', () => {
    expect(matches('abc', 'abc')).toBe(true);
    expect(matches('abc', 'xabc')).toBe(false);
    expect(matches('abc', 'abcx')).toBe(false);
    expect(matches('a|b', 'ab')).toBe(false);
  });

  test('treat ^ and $ as ordinary characters', () => {
    expect(matches('\\^a$', '^a$')).toBe(true);
    expect(matches('a$', 'a')).toBe(false);
    expect(matches('^a', '^a')).toBe(true);
  });

  test('. matches anything but newline and carriage return, including astral characters', () => {
    expect(matches('a.c', 'abc')).toBe(true);
    expect(matches('a.c', 'a\nc')).toBe(false);
    expect(matches('a.c', 'a\rc')).toBe(false);
    expect(matches('.', '😀')).toBe(true);
    expect(matches('.', '\u2028')).toBe(true);
  });

  test('\\i and \\c are XML name characters, \\I and \\C their complements', () => {
    expect(matches('\\i\\c*', '_a.b-c')).toBe(true);
    expect(matches('\\i\\c*', 'é·x')).toBe(true);
    expect(matches('\\i\\c*', '1abc')).toBe(false);
    expect(matches('\\I+', '123')).toBe(true);
    expect(matches('\\I+', 'a')).toBe(false);
    expect(matches('\\C+', ' +')).toBe(true);
    expect(matches('\\C', 'a')).toBe(false);
  });

  test('\\d, \\w, \\s and their complements follow XSD, not JavaScript', () => {
    expect(matches('\\d+', '١٢')).toBe(true); // Arabic-Indic digits are Nd
    expect(matches('\\w+', 'abc123é')).toBe(true);
    expect(matches('\\w', '-')).toBe(false);
    expect(matches('\\w', '+')).toBe(true); // Sm is not excluded by \w
    expect(matches('\\W', '-')).toBe(true);
    expect(matches('\\s', '\u00a0')).toBe(false);
    expect(matches('\\S', '\u00a0')).toBe(true);
    expect(matches('[\\d\\s]+', '1 2')).toBe(true);
  });

  test('categories and blocks: \\p{..} and \\P{..}', () => {
    expect(matches('\\p{Lu}\\p{Ll}+', 'Ölfass')).toBe(true);
    expect(matches('\\p{Lu}\\p{Ll}+', 'hello')).toBe(false);
    expect(matches('\\P{L}+', '12 3')).toBe(true);
    expect(matches('[^\\p{C}\\p{Z}]+', 'abc')).toBe(true);
    expect(matches('[^\\p{C}\\p{Z}]+', 'a b')).toBe(false);
    expect(matches('[^\\p{C}\\p{Z}]+', 'a\u00a0b')).toBe(false);
    // like jing: in a negated class of several items some categories are ignored (see JING_NEGATED_IGNORED)
    expect(matches('[^\\p{C}\\p{Z}]+', 'a\u00adb\ue000')).toBe(true);
    expect(matches('[^\\p{C}]', '\u00ad')).toBe(false);
    expect(matches('[^\\p{Cc}\\p{Z}]', '\u007f')).toBe(false);
    expect(matches('\\p{IsBasicLatin}+', 'abc')).toBe(true);
    expect(matches('\\p{IsBasicLatin}+', 'abcé')).toBe(false);
    expect(matches('\\p{IsGreek}+', 'αβγ')).toBe(true);
    expect(matches('\\P{IsGreek}+', 'abc')).toBe(true);
    expect(() => compileXsdRegex('\\p{IsKlingon}')).toThrow(XsdRegexError);
  });

  test('character class subtraction, nested', () => {
    expect(matches('[a-z-[aeiou]]+', 'bcd')).toBe(true);
    expect(matches('[a-z-[aeiou]]+', 'bad')).toBe(false);
    expect(matches('[a-z-[b-y-[m]]]+', 'azm')).toBe(true);
    expect(matches('[a-z-[b-y-[m]]]+', 'abz')).toBe(false);
    expect(matches('[^a-z-[0-9]]', '5')).toBe(false);
    expect(matches('[^a-z-[0-9]]', 'A')).toBe(true);
  });

  test('quantifiers, groups, escapes and characters JavaScript would read as syntax', () => {
    expect(matches('x{2}y{1,}z{0,1}', 'xxyyy')).toBe(true);
    expect(matches('x{2}y{1,}z{0,1}', 'xxyzz')).toBe(false);
    expect(matches('(ab)*c', 'ababc')).toBe(true);
    expect(matches('[\\-+]?\\d+(\\.\\d+)?(%|cm|mm)', '-1.5cm')).toBe(true);
    expect(matches('[0-9.,DHMPRSTWYZ/:+\\-]+', 'P1Y-2')).toBe(true);
    expect(matches('a/b', 'a/b')).toBe(true);
    expect(matches('[/]', '/')).toBe(true);
    expect(matches('\\{\\}', '{}')).toBe(true);
  });

  test('invalid expressions are rejected', () => {
    for (const bad of ['(a', 'a)', '[a', 'a{2,1}', '\\q', '[z-a]', '*a', '[]']) {
      expect(() => translateXsdRegex(bad)).toThrow(XsdRegexError);
    }
  });
});
