import type { Diagnostic } from '../../diagnostics/diagnostic';
import type { ValidationError, ValidationResult } from '../../relaxng';
import { findAttribute } from '../../xml/positions';
import type { XmlAttribute, XmlElement } from '../../xml/tree';
import { startTag, SchemaFacts } from './messages';
import type { SchemaDocumentResult, SchemaInput } from './relaxng';

/**
 * Words the TypeScript engine's messages (jing's wording: `element "head" not allowed here; expected
 * …`) for editors, with the rule IDs the xmllint engine gives the same problem (messages.ts), and the
 * position of the element or attribute concerned (the engine says which, by document order).
 */
export function interpretTypescriptErrors(input: SchemaInput, result: ValidationResult, facts: SchemaFacts, displaySchema: string): SchemaDocumentResult {
  const diagnostics: Diagnostic[] = [];
  const errors = result.errors;
  // Read once: the index may parse the document, and a document that does not parse (over the nesting limit)
  // would be parsed again for every error (100,000 nested elements: 1,000 errors took 90 s).
  let index: SchemaInput['index'] | null = null;
  const positions = (): SchemaInput['index'] => (index === null ? (index = input.index) : index);
  for (let i = 0; i < errors.length; i += 1) {
    const error = errors[i];
    const raw = `${input.path}:${error.line}:${error.column}: error: ${error.message}`;
    if (error.fatal) {
      diagnostics.push({ file: input.path, line: error.line, column: error.column, severity: 'error', rule: 'xml-malformed', layer: 'wellformed', message: error.message, raw });
      continue;
    }
    const positioned = error.element !== undefined ? positions() : undefined;
    const element = error.element !== undefined && positioned ? positioned.tree.elements[error.element] : undefined;
    const attribute = element && error.attribute ? findAttribute(element, error.attribute) : undefined;
    // jing names the first occurrence of a duplicate ID in a message of its own: fold it into the duplicate's.
    const next = errors[i + 1];
    const firstOccurrence = /^ID "(.*)" has already been defined$/.test(error.message) && next && /^first occurrence of ID /.test(next.message) ? next : undefined;
    if (firstOccurrence) i += 1;
    const { rule, message } = explain(error, element, attribute, facts, firstOccurrence);
    const at: { line: number; column: number } = attribute ?? element ?? error;
    diagnostics.push({
      file: input.path,
      line: at.line,
      column: at.column,
      severity: 'error',
      rule,
      layer: 'schema',
      message,
      raw: firstOccurrence ? `${raw}\n${input.path}:${firstOccurrence.line}:${firstOccurrence.column}: error: ${firstOccurrence.message}` : raw,
    });
  }
  if (result.incomplete === 'patternLimit' || result.incomplete === 'timeLimit') {
    const last = diagnostics.pop()!;
    diagnostics.push({ ...last, rule: 'schema-engine-failed', message: `validation against ${displaySchema} stopped early: ${errors[errors.length - 1].message.replace(/^validation stopped: /, '')}` });
  }
  if (result.incomplete === 'maxErrors') {
    const last = diagnostics[diagnostics.length - 1];
    const message = `validation against ${displaySchema} stopped after ${errors.length.toLocaleString('en')} errors in this document: the rest of it was not checked (fix these and validate again)`;
    diagnostics.push({ file: input.path, line: last.line, column: last.column, severity: 'error', rule: 'schema-error-limit', layer: 'schema', message, raw: message });
  }
  const wellformed = result.wellFormed && result.incomplete !== 'patternLimit' && result.incomplete !== 'timeLimit';
  const verdict = !wellformed ? (diagnostics.some((d) => d.layer === 'schema' && d.rule !== 'schema-engine-failed') ? 'invalid' : 'not-checked') : result.valid ? 'valid' : 'invalid';
  return { verdict, diagnostics: diagnostics.sort((a, b) => a.line - b.line || a.column - b.column) };
}

/** `"a", "b" or "c"` (jing's quoting) → `<a>, <b> or <c>`, keeping its namespace note out. */
function elementList(text: string): string {
  return text.replace(/ \(with xmlns[^)]*\)/g, '').replace(/"([^"]+)"/g, (_m, name: string) => `<${name.replace(/^ns\d*:/, '')}>`);
}

function attributeList(text: string): string {
  return text.replace(/"([^"]+)"/g, '$1');
}

/** jing's "; expected …" tail in plain words. */
function expected(tail: string): string {
  const match = /; expected (.*)$/.exec(tail);
  if (!match) return '';
  const words = match[1]
    .replace(/the element end-tag/, 'the end of the element')
    .replace(/\belement ((?:"[^"]+"(?:, | or )?)+(?: \(with [^)]*\))?)/, (_m, list: string) => elementList(list))
    .replace(/\battribute ((?:"[^"]+"(?:, | or )?)+)/, (_m, list: string) => `attribute ${attributeList(list)}`);
  return `; expected ${words}`;
}

/**
 * jing's reasons in plain words: "must be a date, must be a year or must be …" → "it must be a date, a
 * year or …"; "missing token; must be …" → "a value is missing; it must be …".
 */
function reason(why: string): string {
  return why
    .split('; ')
    .map((part) => {
      if (/^must be /.test(part)) return `it ${part.replace(/(, | or )must be /g, '$1')}`;
      if (part === 'missing token') return 'a value is missing';
      const token = /^token (.*) invalid$/.exec(part);
      return token ? `the value ${token[1]} is not valid` : part;
    })
    .join('; ');
}

function explain(error: ValidationError, element: XmlElement | undefined, attribute: XmlAttribute | undefined, facts: SchemaFacts, firstOccurrence: ValidationError | undefined): { rule: string; message: string } {
  const text = error.message;
  const inside = element?.parent ? ` inside <${element.parent.name}>` : '';
  let m: RegExpExecArray | null;
  if ((m = /^element "(.+?)" not allowed (yet|here|anywhere)(.*)$/.exec(text))) {
    const name = element?.name ?? m[1];
    // jing: `element "TEI" not allowed anywhere; expected element "TEI" (with xmlns="http://www.tei-c.org/ns/1.0")`
    const local = name.replace(/^.*:/, '');
    const expectedHere = [...m[3].matchAll(/"(?:[^":]*:)?([^"]+)"/g)].map((x) => x[1]);
    if (expectedHere.includes(local)) {
      const ns = /\(with xmlns(?::[^=]*)?="([^"]*)"\)/.exec(m[3])?.[1];
      if (element && element.ns === '' && ns) return { rule: 'rng-namespace', message: `<${name}> is in no namespace; the schema expects ${ns}${ns === 'http://www.tei-c.org/ns/1.0' ? ' (TEI: add xmlns="http://www.tei-c.org/ns/1.0" to the root element)' : ''}` };
      return { rule: 'rng-namespace', message: `<${name}> is in the wrong namespace; the schema expects ${ns ?? 'another namespace'}` };
    }
    if (m[2] === 'anywhere') return { rule: 'rng-element-unexpected', message: `<${name}> is not allowed here${inside}; the schema defines no element <${name}>` };
    const missing = /^; missing required elements? (.*)$/.exec(m[3]);
    if (missing) return { rule: 'rng-element-unexpected', message: `<${name}> is not allowed yet${inside}: ${elementList(missing[1])} must come first` };
    return { rule: 'rng-element-unexpected', message: `<${name}> is not allowed here${inside}${expected(m[3])}` };
  }
  if ((m = /^found attribute "(.+?)", but no attributes allowed here$/.exec(text)) || (m = /^attribute "(.+?)" not allowed here(.*)$/.exec(text))) {
    const name = attribute?.name ?? m[1];
    const on = element ? `<${element.name}>` : 'the element';
    if (!facts.declaresAttribute(name)) return { rule: 'rng-attribute-invalid', message: `${on} has an attribute ${name} that the schema does not define` };
    return { rule: 'rng-attribute-invalid', message: `${name} is not allowed on ${on} here${expected(m[2] ?? '')}` };
  }
  if ((m = /^value of attribute "(.+?)" is invalid(?:; (.*))?$/.exec(text))) {
    const name = attribute?.name ?? m[1];
    const value = attribute ? `="${attribute.value}"` : '';
    const on = element ? ` on <${element.name}>` : '';
    const why = m[2] ?? '';
    const enumerated = /^must be equal to (.*)$/.exec(why);
    if (enumerated) return { rule: 'rng-attribute-invalid', message: `${name}${value}${on} is not one of the values the schema allows: ${enumerated[1]}` };
    return { rule: 'rng-value-invalid', message: `${name}${value}${on} is not valid${why ? `: ${reason(why)}` : ''}` };
  }
  if ((m = /^element "(.+?)" missing (?:one or more )?required attributes?(.*)$/.exec(text))) {
    const tag = element ? startTag(element) : `<${m[1]}>`;
    const named = /^ (.*)$/.exec(m[2]);
    if (named) return { rule: 'rng-attribute-invalid', message: `${tag} is missing the required attribute ${attributeList(named[1])}` };
    return { rule: 'rng-attribute-invalid', message: `${tag} is missing a required attribute${expected(m[2]).replace('; expected attribute', ': one of')}` };
  }
  if ((m = /^text not allowed here(.*)$/.exec(text))) {
    return { rule: 'rng-text-unexpected', message: `${element ? `<${element.name}>` : 'this element'} may not contain text here${expected(m[1])}` };
  }
  if ((m = /^element "(.+?)" incomplete(.*)$/.exec(text))) {
    const name = element?.name ?? m[1];
    const missing = /^; missing required elements? (.*)$/.exec(m[2]);
    if (missing) return { rule: 'rng-content-missing', message: `<${name}> is incomplete: a required ${elementList(missing[1])} is missing` };
    return { rule: 'rng-content-missing', message: `<${name}> is incomplete: required content is missing${expected(m[2])}` };
  }
  if ((m = /^empty content for element "(.+?)" not allowed/.exec(text))) {
    return { rule: 'rng-value-invalid', message: `<${element?.name ?? m[1]}> is empty but must contain a value` };
  }
  if ((m = /^character content of element "(.+?)" invalid(?:; (.*))?$/.exec(text))) {
    return { rule: 'rng-value-invalid', message: `the text of <${element?.name ?? m[1]}> is not valid${m[2] ? `: ${reason(m[2])}` : ''}` };
  }
  if ((m = /^ID "(.*)" has already been defined$/.exec(text))) {
    const shown = attribute ? `${attribute.name}="${m[1]}"` : `the identifier "${m[1]}"`;
    return { rule: 'rng-id-duplicate', message: `${shown} is already used${firstOccurrence ? ` on line ${firstOccurrence.line}` : ''}; identifiers must be unique` };
  }
  if ((m = /^IDREF "(.*)" without matching ID$/.exec(text))) {
    return { rule: 'rng-idref-unresolved', message: `${attribute ? `${attribute.name}="${attribute.value}"` : `"${m[1]}"`} names no identifier (xml:id) in this document` };
  }
  if (/^value of attribute of type (ID|IDREFS?) contained/.test(text)) {
    return { rule: 'rng-value-invalid', message: `${attribute ? `${attribute.name}="${attribute.value}"` : 'the value'} is not ${/multiple/.test(text) ? 'a single identifier' : 'an identifier'}` };
  }
  return { rule: 'rng-invalid', message: text };
}
