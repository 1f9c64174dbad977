import * as fs from 'fs';
import * as path from 'path';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';
import { collectionRegister, unlinkedMentions } from '../support/register-mentions';

/**
 * Issue 13, point 1, on a small collection that keeps its register everywhere TEI allows: a register file
 * that is a text of lists (persons.xml), a standOff of its own (places.xml) and in a letter (an org), a
 * letter's back matter (a repeat of an index entry, an event, a work), a header's particDesc; pointers as
 * "#id" in the file, "#id" of another file, "file.xml#id", a prefixDef prefix, and @key.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'foreign-registers');

describe('registers wherever a project keeps them', () => {
  let site: string;
  let result: Awaited<ReturnType<typeof publish>>['result'];
  const page = (file: string): string => read(path.join(site, file));

  beforeAll(async () => {
    const built = await publish(SRC);
    site = path.join(built.out, 'html');
    result = built.result;
  }, 120_000);

  test('the letters are documents; the index files are registers, with no page of their own', () => {
    expect(result.published).toBe(true);
    expect(result.diagnostics).toEqual([]);
    expect(result.documents.sort()).toEqual(['letter-a.xml', 'letter-b.xml']);
  });

  test('every kind of pointer leads to its entry page: "#id", "#id" kept in another file, file.xml#id, a prefix, @key', () => {
    const a = page('documents/letter-a.html');
    const text = /<section class="text"[\s\S]*?<\/section>/.exec(a)![0];
    expect(text).toMatch(/<a [^>]*class="persName mention" href="\.\.\/persons\/goethe\.html"/);
    expect(text).toMatch(/<a [^>]*class="persName mention" href="\.\.\/persons\/schiller\.html"[^>]*>I<\/a>/);
    expect(text).toMatch(/<a [^>]*class="placeName mention" href="\.\.\/places\/weimar\.html"/);
    expect(text).toMatch(/<a [^>]*class="persName mention" href="\.\.\/persons\/herder\.html"[^>]*>Herder<\/a>/);
    expect(text).toMatch(/<a [^>]*class="orgName mention" href="\.\.\/organisations\/court\.html"/);
    const b = page('documents/letter-b.html');
    expect(b).toMatch(/<a [^>]*class="rs mention" data-type="person" href="\.\.\/persons\/goethe\.html"[^>]*>The poet<\/a>/);
    expect(b).toMatch(/<a [^>]*href="\.\.\/persons\/reader\.html"[^>]*>the reader<\/a>/);
    expect(b).toMatch(/<a [^>]*href="\.\.\/events\/fair\.html"[^>]*>fair<\/a>/);
    expect(b).toMatch(/<a [^>]*href="\.\.\/works\/faust\.html"[^>]*>Faust<\/a>/);
  });

  test("the test's own reading of the register agrees: every mention of an entry linked, and linked back", () => {
    const files = fs.readdirSync(SRC).filter((f) => f.endsWith('.xml')).sort();
    const { mentions } = collectionRegister(SRC, files);
    expect(mentions.map((m) => `${m.file} ${m.register}/${m.id}`).sort()).toEqual([
      'letter-a.xml organisations/court', 'letter-a.xml persons/goethe', 'letter-a.xml persons/herder', 'letter-a.xml places/weimar',
      'letter-b.xml events/fair', 'letter-b.xml persons/goethe', 'letter-b.xml persons/reader', 'letter-b.xml works/faust',
    ]);
    // (The prefixed pointer is left to the build: the reading above does not expand prefixes.)
    expect(unlinkedMentions(site, result.names, mentions)).toEqual([]);
  });

  test("one entry per xml:id: the index's fuller entry, with the mentions of every file that repeats or points to it", () => {
    const goethe = page('persons/goethe.html');
    expect(goethe).toContain('<h1>Goethe, Johann Wolfgang</h1>');
    expect(goethe).toContain('<dd>Poet</dd>');
    expect(goethe).toContain('href="../documents/letter-a.html#mention-');
    expect(goethe).toContain('href="../documents/letter-b.html#mention-1"');
    const persons = page('persons.html');
    expect(persons.match(/href="persons\/goethe\.html"/g)).toHaveLength(1);
    expect(persons).toMatch(/Goethe, Johann Wolfgang<\/a><span class="entry-short"> \(28 August 1749 – 22 March 1832\): Poet<\/span> <span class="mention-count">\(2 mentions\)<\/span>/);
    // Works and events have their lists, and every page names them.
    expect(page('works.html')).toContain('<a href="works/faust.html">Faust. Ein Fragment</a><span class="entry-short"> (1790): Goethe</span>');
    expect(page('events.html')).toContain('<a href="events/fair.html">Leipzig book fair</a>');
    expect(page('documents/letter-a.html')).toContain('<li><a href="../events.html">Events</a></li>');
  });

  test('an authority identifier given bare links to its authority file; a project\'s own number, or a value of another form, stays text', () => {
    const goethe = page('persons/goethe.html');
    expect(goethe).toContain('<div><dt>Authority (VIAF)</dt><dd><a href="https://viaf.org/viaf/24602065">24602065</a></dd></div>');
    expect(goethe).toContain('<div><dt>Authority (GND)</dt><dd><a href="https://d-nb.info/gnd/118540238">118540238</a></dd></div>');
    expect(goethe).toContain('<div><dt>Authority (Wikidata)</dt><dd><a href="https://www.wikidata.org/wiki/Q5879">Q5879</a></dd></div>');
    expect(goethe).toContain('<div><dt>Authority (wikipedia)</dt><dd><a href="https://de.wikipedia.org/wiki/Johann_Wolfgang_von_Goethe">https://de.wikipedia.org/wiki/Johann_Wolfgang_von_Goethe</a></dd></div>');
    expect(goethe).toContain('<div><dt>Authority (MAP)</dt><dd>203</dd></div>');
    const schiller = page('persons/schiller.html');
    expect(schiller).toContain('<div><dt>Authority (VIAF)</dt><dd>see "Schiller" &lt;viaf&gt;</dd></div>');
    expect(schiller).toContain('<div><dt>Authority (Wikidata)</dt><dd>javascript:alert(1)</dd></div>');
    expect(schiller).not.toMatch(/href="[^"]*(viaf|wikidata)/);
    const weimar = page('places/weimar.html');
    expect(weimar).toContain('<a href="https://www.geonames.org/2812482">2812482</a>');
    expect(weimar).toContain('<div><dt>Authority (Getty TGN)</dt><dd><a href="https://vocab.getty.edu/page/tgn/7004469">7004469</a></dd></div>');
  });

  test("a letter's back matter is its register, not text; its header reads well", () => {
    const b = page('documents/letter-b.html');
    expect(b).toMatch(/<div class="back">\s*<\/div>/);
    expect(b).toMatch(/<section class="document-register"[\s\S]*<h3>Works<\/h3>[\s\S]*<a href="\.\.\/works\/faust\.html">Faust\. Ein Fragment<\/a>/);
    const a = page('documents/letter-a.html');
    expect(a).toContain('<h1 lang="de">Schiller to Goethe, 1 May 1795</h1>');
    expect(a).toMatch(/<dt>From<\/dt><dd><span class="correspondent"><a class="persName mention" href="\.\.\/persons\/schiller\.html"[^>]*>Schiller<\/a><\/span> · <span class="correspondence-place"><a [^>]*href="\.\.\/places\/weimar\.html"[^>]*>Weimar<\/a><\/span> · <span class="correspondence-date">1 May 1795<\/span>/);
    expect(a).toContain('<dt>Editor</dt><dd>Doe, Jane</dd>');
    expect(a).toContain('<dt>Transcription</dt><dd>Roe, Richard</dd>');
    expect(a).toContain('<dt>Archive</dt><dd class="archive">Goethe- und Schiller-Archiv, Weimar, GSA 28/1</dd>');
    expect(a).toContain('<dt>Language</dt><dd>German</dd>');
    expect(a).toContain('<a href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license">CC BY-SA 4.0</a>');
    expect(a).toMatch(/<div class="licence-text">|<details class="licence-text">/);
    // The edition is named after the series its documents belong to, not after their publisher.
    expect(a).toContain('<p class="site-title"><a href="../index.html">Weimar Letters</a></p>');
  });
});
