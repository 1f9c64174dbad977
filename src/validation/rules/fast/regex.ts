/**
 * XPath 3.1 regular expressions (F&O 5.6.1) as JavaScript `u` regexes, for the part of the syntax whose
 * meaning is certain to be the same: anything else (flags, character-class subtraction, block escapes,
 * `\i`/`\c`, `\w` inside a class…) is Unsupported, and the document then goes to SaxonJS.
 */
import { unsupported } from './xdm';

const cache = new Map<string, RegExp>();

/** The JS regex for an XPath regex (no flags), global for replace/tokenize when `global`. */
export function xpathRegex(pattern: string, flags: string, global: boolean): RegExp {
  if (flags !== '') unsupported('regex flags');
  const key = `${global ? 'g' : ''}\0${pattern}`;
  let regex = cache.get(key);
  if (regex === undefined) {
    regex = new RegExp(translate(pattern), global ? 'gu' : 'u');
    if (cache.size > 1000) cache.clear();
    cache.set(key, regex);
  }
  regex.lastIndex = 0;
  return regex;
}

const SYNTAX = new Set(['\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}']);
const SINGLE_ESCAPES: Record<string, string> = { n: '\\n', r: '\\r', t: '\\t' };

function translate(source: string): string {
  let out = '';
  let i = 0;
  let groups = 0;
  const chars = [...source];
  while (i < chars.length) {
    const c = chars[i];
    if (c === '\\') {
      const next = chars[i + 1];
      if (next === undefined) unsupported('a regex ending in \\');
      if (SINGLE_ESCAPES[next]) out += SINGLE_ESCAPES[next];
      else if (SYNTAX.has(next) || next === '-') out += next === '-' ? '-' : `\\${next}`;
      else if (next === 'd') out += '\\p{Nd}';
      else if (next === 'D') out += '\\P{Nd}';
      else if (next === 's') out += '[ \\t\\n\\r]';
      else if (next === 'S') out += '[^ \\t\\n\\r]';
      else if (next === 'w') out += '[^\\p{P}\\p{Z}\\p{C}]';
      else if (next === 'W') out += '[\\p{P}\\p{Z}\\p{C}]';
      else if (/[1-9]/.test(next)) {
        // A back-reference: only to a group already closed, one digit.
        if (Number(next) > groups || /[0-9]/.test(chars[i + 2] ?? '')) unsupported('a back-reference');
        out += `\\${next}`;
      } else if (next === 'p' || next === 'P') {
        const close = chars.indexOf('}', i);
        const name = chars.slice(i + 3, close).join('');
        if (chars[i + 2] !== '{' || close < 0 || !/^(L[ultmo]?|M[nce]?|N[dlo]?|P[cdseifo]?|Z[slp]?|S[mcko]?|C[cfon]?)$/.test(name) || name === 'Cn') unsupported('a \\p escape');
        out += `\\${next}{${name}}`;
        i = close + 1;
        continue;
      } else unsupported(`the regex escape \\${next}`);
      i += 2;
      continue;
    }
    if (c === '[') {
      const end = classEnd(chars, i);
      out += translateClass(chars.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if (c === '(') {
      if (chars[i + 1] === '?') {
        if (chars[i + 2] !== ':') unsupported('a (? group');
        out += '(?:';
        i += 3;
        continue;
      }
      groups += 1;
      out += '(';
      i += 1;
      continue;
    }
    if (c === '.') {
      out += '[^\\n\\r]';
      i += 1;
      continue;
    }
    if (c === '{') {
      const m = /^\{([0-9]+)(,([0-9]*))?\}/.exec(chars.slice(i, i + 24).join(''));
      if (!m) unsupported('a { in a regex that is not a quantifier');
      out += m[0];
      i += m[0].length;
      continue;
    }
    if (c === '}' || c === ']') unsupported(`an unescaped ${c}`);
    if (c === '/' ) {
      out += '\\/';
      i += 1;
      continue;
    }
    out += c;
    i += 1;
  }
  return out;
}

function classEnd(chars: string[], start: number): number {
  for (let i = start + 1; i < chars.length; i += 1) {
    if (chars[i] === '\\') i += 1;
    else if (chars[i] === '[') unsupported('a nested character class (subtraction)');
    else if (chars[i] === ']' && i > start + 1) return i;
    else if (chars[i] === ']') unsupported('an empty character class');
  }
  return unsupported('an unclosed character class');
}

function translateClass(body: string[]): string {
  let out = '[';
  let i = 0;
  if (body[0] === '^') {
    out += '^';
    i = 1;
  }
  for (; i < body.length; i += 1) {
    const c = body[i];
    if (c === '\\') {
      const next = body[i + 1];
      i += 1;
      if (SINGLE_ESCAPES[next]) out += SINGLE_ESCAPES[next];
      else if (SYNTAX.has(next) || next === '-') out += `\\${next}`;
      else if (next === 'd') out += '\\p{Nd}';
      else if (next === 's') out += ' \\t\\n\\r';
      else if (next === 'p' || next === 'P') {
        const close = body.indexOf('}', i);
        const name = body.slice(i + 2, close).join('');
        if (body[i + 1] !== '{' || close < 0 || !/^(L[ultmo]?|M[nce]?|N[dlo]?|P[cdseifo]?|Z[slp]?|S[mcko]?|C[cfon]?)$/.test(name) || name === 'Cn') unsupported('a \\p escape');
        out += `\\${next}{${name}}`;
        i = close;
      } else unsupported(`the class escape \\${next}`);
      continue;
    }
    if (c === '-' && i > 0 && i < body.length - 1 && !(i === 1 && body[0] === '^')) {
      out += '-';
      continue;
    }
    if (c === '-' ) {
      out += '\\-';
      continue;
    }
    if (c === '[' || c === ']' || c === '/' || c === '{' || c === '}' || c === '(' || c === ')' || c === '|') {
      out += `\\${c}`;
      continue;
    }
    out += c;
  }
  return `${out}]`;
}

/** An XPath replacement string (`$1`, `\$`, `\\`) applied to a match's groups. */
export function replacement(template: string, groupCount: number): (groups: Array<string | undefined>) => string {
  const parts: Array<string | number> = [];
  let literal = '';
  for (let i = 0; i < template.length; i += 1) {
    const c = template[i];
    if (c === '\\') {
      const next = template[i + 1];
      if (next !== '\\' && next !== '$') unsupported('an invalid replacement string (an error)');
      literal += next;
      i += 1;
    } else if (c === '$') {
      let digits = '';
      let j = i + 1;
      while (/[0-9]/.test(template[j] ?? '')) digits += template[j++];
      if (digits === '') unsupported('an invalid replacement string (an error)');
      // The longest prefix of the digits that names a group; the rest is literal.
      let n = digits.length;
      while (n > 1 && Number(digits.slice(0, n)) > groupCount) n -= 1;
      const group = Number(digits.slice(0, n));
      if (literal) parts.push(literal);
      literal = '';
      parts.push(group > groupCount ? '' : group);
      literal += digits.slice(n);
      i += digits.length;
    } else literal += c;
  }
  if (literal) parts.push(literal);
  return (groups) => parts.map((part) => (typeof part === 'number' ? groups[part] ?? '' : part)).join('');
}
