import { XMLValidator } from 'fast-xml-parser';
import { LineIndex, parseXmlTree, XmlSyntaxError, XmlSyntaxRule, XmlTree } from './tree';

export interface WellFormednessOptions {
  /** Keep text in the tree (default true); see ParseOptions.text. */
  text?: boolean;
}

export type WellFormedness =
  | { ok: true; tree: XmlTree; lines: LineIndex }
  | { ok: false; rule: XmlSyntaxRule; message: string; raw: string; line: number; column: number; lines: LineIndex };

/**
 * Layer 1: is the text well-formed XML?
 *
 * The reference is fast-xml-parser's validator (fast, with line and column) followed by our own scan
 * (parseXmlTree), which builds the position tree and catches what the validator lets through; a
 * malformed document gets the first of their errors, the validator's before ours.
 *
 * Reading every document twice cost half the layer, so the scan first runs alone in strict mode, which
 * also refuses whatever the validator might refuse (and some unusual but well-formed markup). A document
 * it accepts is one the validator accepts, so the answer is the reference's without running the
 * validator. Any other document takes the reference path, so every verdict, message and position is the
 * reference's: test/validate/wellformed-fast-path.test.ts checks that on real and mutated documents.
 */
export function checkWellFormed(text: string, options: WellFormednessOptions = {}): WellFormedness {
  const lines = new LineIndex(text);
  try {
    return { ok: true, tree: parseXmlTree(text, lines, { strict: true, text: options.text }), lines };
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
  }
  return checkWellFormedReference(text, options, lines);
}

/** The reference path: a word for JSON, then fast-xml-parser's validator, then our lenient scan. */
export function checkWellFormedReference(text: string, options: WellFormednessOptions = {}, lines = new LineIndex(text)): WellFormedness {
  const start = /^\uFEFF?\s*/.exec(text)![0].length;
  if (text[start] === '{' || text[start] === '[') {
    const { line, column } = lines.position(start);
    const message = `the file is not XML: it starts with "${text[start]}" (JSON?); an XML document starts with "<"`;
    return { ok: false, rule: 'xml-malformed', message, raw: message, line, column, lines };
  }
  const verdict = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    // Elements still open at the end of the file: the validator lists their names at 1:1 ("Invalid '[ "TEI", … ]'
    // found"); the scan names the innermost one at its start tag.
    if (/^Invalid '\[[\s\S]*\]' found\.?$/.test(msg)) {
      try {
        parseXmlTree(text, lines, { text: false });
      } catch (error) {
        if (error instanceof XmlSyntaxError) return { ok: false, rule: error.rule, message: error.message, raw: msg, line: error.line, column: error.column, lines };
        throw error;
      }
    }
    return { ok: false, rule: 'xml-malformed', message: rewordParserMessage(msg), raw: msg, line: line ?? 1, column: col ?? 1, lines };
  }
  try {
    return { ok: true, tree: parseXmlTree(text, lines, { text: options.text }), lines };
  } catch (error) {
    if (error instanceof XmlSyntaxError) {
      return { ok: false, rule: error.rule, message: error.message, raw: error.message, line: error.line, column: error.column, lines };
    }
    throw error;
  }
}

/** fast-xml-parser's messages are mostly clear; a few are reworded for editors. */
function rewordParserMessage(message: string): string {
  const rules: Array<[RegExp, (...groups: string[]) => string]> = [
    [/^Expected closing tag '(.+)' \(opened in line (\d+), col (\d+)\) instead of closing tag '(.+)'\.$/,
      (open, line, col, close) => `closing tag </${close}> does not match <${open}> (opened at line ${line}, column ${col})`],
    [/^Unclosed tag '(.+)'\.$/, (name) => `the element <${name}> is never closed`],
    [/^Closing tag '(.+)' has not been opened\.$/, (name) => `closing tag </${name}> has no matching start tag`],
    [/^Attribute '(.+)' is repeated\.$/, (name) => `the attribute ${name} appears twice on the same element`],
    [/^Attribute '(.+)' is without value\.$/, (name) => `the attribute ${name} has no quoted value (write ${name}="…")`],
    [/^char '&' is not expected\.$/, () => 'a bare "&" is not allowed; write &amp;'],
    [/^Extra text at the end$/, () => 'text is not allowed after the root element'],
    [/^Start tag expected\.$/, () => 'the file is empty or does not start with an element'],
    [/^Invalid space after '<'\.$/, () => 'a "<" in text must be written &lt;'],
    [/^Tag '(.+)' is an invalid name\.$/, (name) => `"${name}" is not a valid element name`],
  ];
  for (const [pattern, reword] of rules) {
    const match = pattern.exec(message);
    if (match) return reword(...match.slice(1));
  }
  return message.replace(/\.$/, '');
}
