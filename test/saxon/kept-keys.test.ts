import * as fs from 'fs';
import * as path from 'path';
import { CollectionEntry, parseDocument, renderDocument } from '../../src/publish/transform';
import { loadSaxonJS, saxonSourceEdits } from '../../src/saxon';
import { REPO_ROOT } from '../support/shared';

/*
 * The edition's stylesheets keep a key's index of a file for their later transformations that are given the same
 * parsed file again (src/saxon keepKeyIndexes): a worker keeps the register files parsed (src/publish/jobs.ts), and
 * SaxonJS had indexed them anew, and kept every index, for each page naming their entries (the Alfred Escher letters
 * name people by @key in a register of 3,710 persons). Right only while every xsl:key depends on the document alone.
 */

const XSLT = path.join(REPO_ROOT, 'xslt');
const KEYS = path.join(REPO_ROOT, 'test', 'fixtures', 'publish', 'keys');
const EDITION = { version: '0.0.0', commit: 'test', 'build-date': '2026-01-01' };

function sef(name: string): object {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'lib', 'xslt', `${name}.sef.json`), 'utf8')) as object;
}

async function parsed(file: string): Promise<CollectionEntry> {
  return { path: file, document: await parseDocument(fs.readFileSync(path.join(KEYS, file), 'utf8')) };
}

/** The key indexes SaxonJS keeps on a document node. */
function indexesOn(entry: CollectionEntry): string[] {
  return Object.keys((entry.document as unknown as { _saxonIndexes?: object })._saxonIndexes ?? {});
}

interface Declaration { kind: string; name: string; text: string }

/** The top-level declarations of the stylesheet modules (each from its line to the next one's). */
function declarations(): Declaration[] {
  const found: Declaration[] = [];
  for (const file of fs.readdirSync(XSLT).filter((name) => name.endsWith('.xsl'))) {
    const text = fs.readFileSync(path.join(XSLT, file), 'utf8');
    const starts = [...text.matchAll(/^ {2}<(xsl:[\w-]+|!--)/gm)].map((match) => match.index!);
    starts.forEach((start, at) => {
      const chunk = text.slice(start, starts[at + 1] ?? text.length);
      const head = /^ {2}<xsl:([\w-]+)\b[^>]*?\bname="([^"]+)"/.exec(chunk);
      if (head) found.push({ kind: head[1], name: head[2], text: chunk });
    });
  }
  return found;
}

/**
 * The stylesheet parameters a key's match or use depends on: those it names, and those of the global variables,
 * functions, named templates and keys it uses, and theirs in turn. A name declared inside a function or template
 * (its own parameters and variables, a let or for) is its own.
 */
function parametersOf(key: Declaration, all: Declaration[]): string[] {
  const parameters = new Set(all.filter((d) => d.kind === 'param').map((d) => d.name));
  const reached = new Set<string>();
  const seen = new Set<Declaration>();
  const visit = (declaration: Declaration): void => {
    if (seen.has(declaration)) return;
    seen.add(declaration);
    const text = declaration.text;
    const local = new Set([...text.matchAll(/<xsl:(?:param|variable)\s+name="([^"]+)"/g), ...text.matchAll(/\$([\w.:-]+)\s*(?::=|in\b)/g)].map((m) => m[1]));
    for (const [, name] of text.matchAll(/\$([A-Za-z_][\w.:-]*)/g)) {
      if (local.has(name)) continue;
      if (parameters.has(name)) reached.add(name);
      for (const variable of all.filter((d) => d.kind === 'variable' && d.name === name)) visit(variable);
    }
    for (const [, name] of text.matchAll(/([A-Za-z][\w-]*:[\w.-]+)\(/g)) for (const fn of all.filter((d) => d.kind === 'function' && d.name === name)) visit(fn);
    for (const [, name] of text.matchAll(/call-template\s+name="([^"]+)"/g)) for (const template of all.filter((d) => d.kind === 'template' && d.name === name)) visit(template);
    for (const [, name] of text.matchAll(/key\('([^']+)'/g)) for (const other of all.filter((d) => d.kind === 'key' && d.name === name)) visit(other);
  };
  visit(key);
  return [...reached];
}

describe("the stylesheets' key indexes kept across transformations", () => {
  test('the edit applies', () => {
    loadSaxonJS();
    expect(saxonSourceEdits()).toContain('key indexes kept across the transformations of a marked stylesheet');
  });

  test('every xsl:key depends on the document alone: no stylesheet parameter, directly or through what it uses', () => {
    const all = declarations();
    const keys = all.filter((d) => d.kind === 'key');
    expect(keys.map((key) => key.name)).toEqual(expect.arrayContaining(['ed:id', 'ed:entry-code', 'ed:idno', 'ed:entry-list']));
    // The check finds a parameter where one is used: a key on $source-path's document would be one.
    expect(parametersOf({ kind: 'key', name: 'probe', text: `<xsl:key name="probe" match="*" use="ed:uri-of($source-path)"/>` }, all)).toEqual(['source-path']);
    expect(keys.map((key) => [key.name, parametersOf(key, all)])).toEqual(keys.map((key) => [key.name, []]));
  });

  test('register files given again are indexed once per stylesheet, and every page is what fresh files give', async () => {
    const html = sef('html');
    const text = sef('text');
    const letter = 'letters/K_0133.xml';
    const render = async (registers: CollectionEntry[]): Promise<string[]> => {
      const entry = await parsed(letter);
      const collection = [entry, ...registers];
      return [html, text].flatMap((stylesheet) => [...renderDocument(stylesheet, entry, collection, EDITION, ['Publisher']).outputs.values()]);
    };
    const kept = [await parsed('data/people.xml'), await parsed('data/places.xml')];
    const first = await render(kept);
    const indexes = kept.map(indexesOn);
    // people.xml: the letter's keys are looked up by xml:id, @n and idno.
    expect(indexes[0].length).toBeGreaterThanOrEqual(2);
    for (let round = 0; round < 3; round++) {
      expect(await render(kept)).toEqual(first);
      expect(kept.map(indexesOn)).toEqual(indexes);
    }
    expect(await render([await parsed('data/people.xml'), await parsed('data/places.xml')])).toEqual(first);
  });
});
