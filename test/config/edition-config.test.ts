import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { HtmlValidate } from 'html-validate';
import * as path from 'path';
import { editionConfigFile, loadEditionConfig, parseEditionConfig } from '../../src/config/edition-config';
import { publish, PUBLISH_FIXTURES, read, TEI_DIR, temporaryDir } from '../support/publish';
import { REPO_ROOT } from '../support/shared';

const CWD = '/edition';
const FILE = path.join(CWD, 'edition.yml');
const parse = (text: string) => parseEditionConfig(text, FILE, CWD);
/** The diagnostics of a configuration that must be refused, as `line:column rule message`. */
function problems(text: string): string[] {
  const result = parse(text);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.config)}`);
  for (const diagnostic of result.diagnostics) expect(diagnostic).toMatchObject({ file: 'edition.yml', severity: 'error', layer: 'config' });
  return result.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule} ${d.message}`);
}

describe('edition.yml: the loader', () => {
  test('every key, as the stylesheets take it', () => {
    const result = parse(`# comment
title: Letters of Example Person
subtitle: "A digital edition"
description: >-
  The letters, 1860-1870,
  transcribed and encoded.
languages: [en, DE-at]
licence:
  label: CC BY 4.0
  url: https://creativecommons.org/licenses/by/4.0/
base-url: https://example.github.io/letters
editors:
  - Ada Example
  - Ben Example
`);
    expect(result).toEqual({
      ok: true,
      file: FILE,
      config: {
        title: 'Letters of Example Person',
        subtitle: 'A digital edition',
        description: 'The letters, 1860-1870, transcribed and encoded.',
        languages: ['en', 'de-AT'],
        licence: { label: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
        'base-url': 'https://example.github.io/letters/',
        editors: ['Ada Example', 'Ben Example'],
      },
    });
  });

  test('short forms: one language, a licence label alone, a title YAML would read as a number; empty keys are not set', () => {
    expect(parse('\uFEFFtitle: 1984\nlanguages: la\nlicence: CC0\nsubtitle:\neditors: Ada Example\n')).toEqual({
      ok: true, file: FILE, config: { title: '1984', languages: ['la'], licence: { label: 'CC0' }, editors: ['Ada Example'] },
    });
    expect(parse('')).toEqual({ ok: true, file: FILE, config: {} });
    expect(parse('# nothing yet\n')).toEqual({ ok: true, file: FILE, config: {} });
  });

  test('unknown keys, with the probable one', () => {
    expect(problems('title: x\nlicense: CC0\ncolour: red\n')).toEqual([
      '2:1 config-invalid unknown key "license"; did you mean "licence"? (the keys are title, subtitle, description, languages, licence, base-url, editors)',
      '3:1 config-invalid unknown key "colour" (the keys are title, subtitle, description, languages, licence, base-url, editors)',
    ]);
    expect(problems('licence:\n  label: CC0\n  link: https://example.org/\n')).toEqual(['3:3 config-invalid unknown key "link" in licence (the keys are label, url)']);
  });

  test('wrong kinds of value, each at its place', () => {
    expect(problems('title: [a, b]\neditors:\n  - Ada\n  - {name: Ben}\nbase-url: ftp://example.org/\nlanguages: [en, english]\nlicence:\n  url: https://example.org/\n')).toEqual([
      '1:8 config-invalid title is text, not a list',
      '4:5 config-invalid each item of editors is text, not a group of keys',
      '5:11 config-invalid base-url "ftp://example.org/" is not an absolute http(s) address (e.g. https://example.github.io/my-edition/)',
      '6:17 config-invalid "english" is not a language code (BCP 47: en, de, fr-CA, la, grc)',
      '8:3 config-invalid licence needs a label (the words the pages show, e.g. "CC BY 4.0")',
    ]);
    expect(problems('- title\n- subtitle\n')).toEqual(['1:1 config-invalid the edition configuration is made of `key: value` lines (title, subtitle, description, languages, licence, base-url, editors)']);
    expect(problems('title: ""\n')).toEqual(['1:8 config-invalid title is empty; leave the key out to use the default']);
  });

  test('YAML mistakes, with their place; columns count characters', () => {
    expect(problems('title: x\ntitle: y\n')).toEqual(['2:1 config-syntax not valid YAML: Map keys must be unique']);
    expect(problems('title: Ære\ndescription: "unclosed\n')[0]).toMatch(/^\d+:\d+ config-syntax not valid YAML: .*quote/);
    expect(problems('title: é\n  bad: indent\n')[0]).toMatch(/^1:8 config-syntax not valid YAML: Nested mappings/);
    // 𝔄 is one character (two UTF-16 code units): the item after it is at column 16.
    expect(problems('editors: [𝔄da, {a: b}]\n')).toEqual(['1:16 config-invalid each item of editors is text, not a group of keys']);
  });

  test('which file a command reads: edition.yml in the working folder, --config, --no-config', () => {
    const folder = temporaryDir('config');
    expect(editionConfigFile(undefined, folder)).toBeUndefined();
    fs.writeFileSync(path.join(folder, 'edition.yml'), 'title: x\n');
    expect(editionConfigFile(undefined, folder)).toBe(path.join(folder, 'edition.yml'));
    expect(editionConfigFile(false, folder)).toBeUndefined();
    expect(editionConfigFile('other.yml', folder)).toBe(path.join(folder, 'other.yml'));
    expect(loadEditionConfig(undefined)).toEqual({ ok: true, config: {} });
    const missing = loadEditionConfig(path.join(folder, 'other.yml'), folder);
    expect(missing).toMatchObject({ ok: false, diagnostics: [{ file: 'other.yml', line: 0, rule: 'config-unreadable', message: 'the edition configuration file does not exist' }] });
  });

  test("this repository's own edition.yml is valid and keeps the title its documents give", () => {
    const result = loadEditionConfig(path.join(REPO_ROOT, 'edition.yml'), REPO_ROOT);
    expect(result).toMatchObject({ ok: true, config: { title: 'Cold War Diplomatic Sources: a TEI edition', languages: ['en'] } });
  });
});

describe('edition.yml in the build', () => {
  const CONFIG = `title: The <Example> & Edition
subtitle: Letters and directives
description: What this edition is.
languages: [en, ru]
licence:
  label: CC BY 4.0
  url: https://creativecommons.org/licenses/by/4.0/
base-url: https://example.github.io/edition
editors: [Ada Example, Ben Example]
`;

  test('title, subtitle, description, licence, editors and languages reach every page and the text edition, as text', async () => {
    const config = path.join(temporaryDir('config'), 'edition.yml');
    fs.writeFileSync(config, CONFIG);
    const { out, result } = await publish(TEI_DIR, { config });
    expect(result.published).toBe(true);
    const home = read(path.join(out, 'html', 'index.html'));
    expect(home).toContain('<title>The &lt;Example&gt; &amp; Edition</title>');
    expect(home).toContain('<h1>The &lt;Example&gt; &amp; Edition</h1><p class="subtitle">Letters and directives</p><p class="purpose">What this edition is.</p>');
    expect(home).toContain('<meta name="description" content="What this edition is.">');
    expect(home).toMatch(/<dt>Edited by<\/dt><dd>Ada Example, Ben Example<\/dd><dt>Languages<\/dt><dd>English, Russian<\/dd>/);
    expect(home).toContain('<dt>Published at</dt><dd><a href="https://example.github.io/edition/">');
    const page = read(path.join(out, 'html', 'documents', 'carter-brezhnev-1979.html'));
    expect(page).toContain('<title>Letter From President Carter to Soviet General Secretary Brezhnev · The &lt;Example&gt; &amp; Edition</title>');
    expect(page).toContain('<p class="site-title"><a href="../index.html">The &lt;Example&gt; &amp; Edition</a></p>');
    expect(page).toContain('<p class="edition-licence">Licence: <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a></p>');
    // The citation names the published address, not whatever address the reader has open.
    expect(page).toContain('<a class="cite-link" href="https://example.github.io/edition/documents/carter-brezhnev-1979.html">');
    expect(read(path.join(out, 'html', 'persons.html'))).toContain('<title>Persons · The &lt;Example&gt; &amp; Edition</title>');
    // What the configuration adds is valid HTML too.
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    for (const file of ['index.html', 'documents/carter-brezhnev-1979.html']) {
      const report = await validator.validateFile(path.join(out, 'html', file));
      expect(report.results.flatMap((result) => result.messages.map((message) => `${file}:${message.line}: ${message.message}`))).toEqual([]);
    }

    const text = read(path.join(out, 'text', 'edition.txt'));
    expect(text.split('\n').slice(0, 12).join('\n')).toBe(`The <Example> & Edition
=======================

Letters and directives

What this edition is.

Edited by:  Ada Example, Ben Example
Languages:  English, Russian
Licence:    CC BY 4.0 <https://creativecommons.org/licenses/by/4.0/>
Online:     https://example.github.io/edition/
Version:    ${JSON.parse(read(path.join(REPO_ROOT, 'package.json'))).version}`);
    expect(read(path.join(out, 'text', 'carter-brezhnev-1979.txt'))).toMatch(/^Edition: +The <Example> & Edition, version /m);
  });

  test('without a configuration, the title comes from the documents (the fallback is the behaviour before edition.yml)', async () => {
    const { out } = await publish(TEI_DIR);
    const home = read(path.join(out, 'html', 'index.html'));
    expect(home).toContain('<h1>Cold War Diplomatic Sources: a TEI edition</h1>');
    expect(home).not.toMatch(/edition-facts|edition-licence|class="subtitle"/);
    expect(read(path.join(out, 'html', 'documents', 'carter-brezhnev-1979.html'))).toContain('class="cite-url"');
  });

  test('a changed title renders the pages again (it is part of every cache key); an unchanged one reuses them', async () => {
    const folder = temporaryDir('config-cache');
    const config = path.join(folder, 'edition.yml');
    const cacheDir = path.join(folder, 'cache');
    fs.writeFileSync(config, 'title: First title\n');
    const build = (out: string) => publish(path.join(PUBLISH_FIXTURES, 'isolation'), { config, cache: true, cacheDir, out: path.join(folder, out), files: [path.join(PUBLISH_FIXTURES, 'isolation', 'good.xml')] });
    const first = await build('one');
    expect(first.result.rendered.documents).toBe(1);
    // Into the same output folder: edition.txt, put together from the texts rather than cached, is kept too.
    const again = await build('one');
    expect(again.result.rendered).toEqual({ summaries: 0, documents: 0, pages: [], indexed: 0 });
    fs.writeFileSync(config, 'title: Second title\n');
    const changed = await build('three');
    expect(changed.result.rendered.documents).toBe(1);
    expect(changed.result.rendered.pages).toContain('html/index.html');
    expect(read(path.join(folder, 'three', 'html', 'documents', 'good.html'))).toContain('Second title');
  });

  test('a mistake in the configuration publishes nothing and is reported at its place, by build and by validate (exit 1)', async () => {
    const folder = temporaryDir('config-bad');
    const config = path.join(folder, 'edition.yml');
    fs.writeFileSync(config, 'title: Fine\nlicense: CC0\n');
    const out = path.join(folder, 'dist');
    const { result } = await publish(TEI_DIR, { config, out });
    expect(result.published).toBe(false);
    expect(fs.existsSync(out)).toBe(false);
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 2, column: 1, rule: 'config-invalid', layer: 'config' })]);

    const cli = path.join(REPO_ROOT, 'bin', 'tei-edition.js');
    const build = spawnSync(process.execPath, [cli, 'build', '--src', TEI_DIR, '--out', out, '--no-validate'], { cwd: folder, encoding: 'utf8' });
    expect(build.status).toBe(1);
    expect(build.stderr).toMatch(/^edition\.yml:2:1 +error +unknown key "license"; did you mean "licence"\?/m);
    expect(build.stderr).not.toMatch(/at .*\.js:\d+/);
    const validate = spawnSync(process.execPath, [cli, 'validate', path.join(TEI_DIR, 'register.xml'), '--format', 'json'], { cwd: folder, encoding: 'utf8' });
    expect(validate.status).toBe(1);
    expect(JSON.parse(validate.stdout).diagnostics).toEqual([expect.objectContaining({ file: 'edition.yml', line: 2, column: 1, rule: 'config-invalid' })]);
    const ignored = spawnSync(process.execPath, [cli, 'validate', path.join(TEI_DIR, 'register.xml'), '--no-config'], { cwd: folder, encoding: 'utf8' });
    expect(ignored.status).toBe(0);
  });
});
