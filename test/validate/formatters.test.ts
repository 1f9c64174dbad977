import { XMLValidator } from 'fast-xml-parser';
import type { Diagnostic } from '../../src/diagnostics/diagnostic';
import { FORMATS, formatReport, formatReportBytes, githubStepSummary } from '../../src/diagnostics/formatters';
import { annotation, escapeData, escapeProperty } from '../../src/diagnostics/formatters/github';
import { summarize } from '../../src/diagnostics/summary';

const tricky: Diagnostic = {
  file: 'tei/a, b: c.xml',
  line: 3,
  column: 7,
  severity: 'error',
  rule: 'rng-invalid',
  layer: 'schema',
  message: '100% wrong:\r\nsecond line, with <tags> & "quotes" | pipes *stars* \u0001',
};
const report = (diagnostics: Diagnostic[], files = ['tei/a, b: c.xml', 'tei/clean.xml']) => ({ diagnostics, files: files.map((file) => ({ file })), summary: summarize(diagnostics, files.length) });

describe('github format', () => {
  test('escapes as GitHub documents: % CR LF in data; also : and , in properties', () => {
    expect(escapeData('a%b\r\nc')).toBe('a%25b%0D%0Ac');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    expect(annotation(tricky)).toBe('::error file=tei/a%2C b%3A c.xml,line=3,col=7,title=rng-invalid (schema)::100%25 wrong:%0D%0Asecond line, with <tags> & "quotes" | pipes *stars* \u0001');
  });

  test('a diagnostic without a position has no line or col', () => {
    expect(annotation({ ...tricky, line: 0, column: 0, severity: 'warning', message: 'x' })).toBe('::warning file=tei/a%2C b%3A c.xml,title=rng-invalid (schema)::x');
  });

  test('the step summary escapes Markdown and HTML in cells and links to lines', () => {
    const summary = githubStepSummary(report([tricky]), { blobUrl: 'https://github.com/o/r/blob/abc' });
    const row = summary.split('\n').find((line) => line.startsWith('| ['))!;
    expect(row).toBe(
      '| [tei/a, b: c.xml:3](https://github.com/o/r/blob/abc/tei/a%2C%20b%3A%20c.xml#L3) | 3:7 | 100% wrong: second line, with &lt;tags&gt; &amp; "quotes" \\| pipes \\*stars\\* \u0001 | `rng-invalid` |',
    );
    expect(summary).toMatch(/- Files validated: 2\n- Files with issues: 1\n- Total issues: 1\n- Errors: 1\n- Warnings: 0/);
  });
});

describe('junit format', () => {
  test('is XML even with control characters, quotes and markup in messages', () => {
    const xml = formatReport(report([tricky]), 'junit');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<testcase classname="tei-edition.validate" name="tei/clean.xml" file="tei/clean.xml" time="0"/>');
    expect(xml).toContain('failures="1"');
  });
});

describe('pretty format', () => {
  test('one line per diagnostic, newlines in messages folded, summary pluralised', () => {
    const text = formatReport(report([tricky]), 'pretty');
    expect(text.split('\n')).toEqual([
      'tei/a, b: c.xml',
      `tei/a, b: c.xml:3:7  error    100% wrong: second line, with <tags> & "quotes" | pipes *stars* \u0001  rng-invalid`,
      '',
      '1 error, 0 warnings in 2 files',
      '',
    ]);
    expect(formatReport(report([]), 'pretty')).toBe('0 errors, 0 warnings in 2 files\n');
  });

  test('the bytes the CLI writes are the text as UTF-8, in every format (long lines, two-byte and astral characters, a lone surrogate, colours, raw lines)', () => {
    const many: Diagnostic[] = [];
    for (let i = 0; i < 3000; i += 1) {
      many.push({ ...tricky, file: i < 1500 ? 'tei/a.xml' : 'tei/Ä 𝔅.xml', line: i + 1, message: `xml:id "n${i}" must start with "Ä-…" 𝔅 ${'x'.repeat(i % 97)}`, raw: `raw \ud800 line\nsecond ${'é'.repeat(i % 13)}` });
    }
    for (const format of FORMATS) {
      for (const options of [{}, { color: true, verbose: true }, { quiet: true }]) {
        const shown = report(many, ['tei/a.xml', 'tei/Ä 𝔅.xml']);
        expect(formatReportBytes(shown, format, options).equals(Buffer.from(formatReport(shown, format, options), 'utf8'))).toBe(true);
      }
    }
  });
});

