import * as fs from 'fs';
import * as path from 'path';
import { loadStylesheets } from '../../src/publish/stylesheets';
import { parseDocument, summarizeDocument } from '../../src/publish/transform';
import { PUBLISH_FIXTURES, publish, read, temporaryDir } from '../support/publish';

/**
 * Speeches (TEI Guidelines ch. 7, "Performance Texts", and 8.3; att.ascribed): an sp, said or u whose @who names
 * its speakers, who are defined in a header's particDesc as persons. The speaker's entry page lists the speeches
 * ascribed to it, apart from the mentions of it; the persons list counts both. Register entries of one name from
 * different documents (every play has its Servant) are told apart by the document that defines them.
 * The fixtures: two small plays (sp in acts and scenes; a said in a stage direction) and a transcribed interview (u).
 */

const SRC = path.join(PUBLISH_FIXTURES, 'drama');

describe('speeches ascribed with @who', () => {
  let site: string;
  const page = (file: string): string => read(path.join(site, file));
  /** The main content of a page (not its navigation). */
  const main = (file: string): string => /<main[\s\S]*<\/main>/.exec(page(file))![0];
  /** The ids of the elements of a page. */
  const ids = (file: string): Set<string> => new Set([...page(file).matchAll(/ id="([^"]+)"/g)].map((match) => match[1]));

  beforeAll(async () => {
    const built = await publish(SRC);
    site = path.join(built.out, 'html');
    expect(built.result.published).toBe(true);
    expect(built.result.diagnostics).toEqual([]);
  }, 120_000);

  test('the persons list counts speeches beside mentions, and never says "0 mentions" of a character who speaks', () => {
    const persons = main('persons.html');
    expect(persons).toContain('<a href="persons/storm-captain.html">Captain</a> <span class="mention-count">(4 speeches)</span>');
    expect(persons).toContain('<a href="persons/storm-cook.html">Cook</a> <span class="mention-count">(1 speech)</span>');
    // Named in a line, never speaking: a mention, as before.
    expect(persons).toContain('<a href="persons/storm-mate.html">Mate</a> <span class="mention-count">(1 mention)</span>');
    expect(persons).toContain('<a href="persons/interview-ann.html">Ann Lee</a> <span class="mention-count">(2 speeches)</span>');
    // (The second Fisherman neither speaks nor is named; the first speaks once, in a q.)
    expect(persons.match(/0 mentions/g)).toHaveLength(1);
    expect(persons).not.toMatch(/(Captain|Cook|Servant|Ann Lee)<\/a>[^<]*<span class="mention-count">\(0 mentions/);
  });

  test("a speaker's entry page lists its speeches per document: how many, where each stands, its first words, linked to it", () => {
    const captain = main('persons/storm-captain.html');
    expect(captain).toContain('<h2 id="mentions-heading">Speeches</h2>');
    // A speech with an xml:id keeps it as its anchor; one without is numbered among the document's speeches.
    expect(captain).toContain('<h3><a href="../documents/the-storm.html">The Storm</a></h3><h4 class="speech-count">3 speeches</h4><ol class="speeches">'
      + '<li lang="en"><span class="speech-place">Act 1, Scene 1</span> <a href="../documents/the-storm.html#storm-sp-1">Reef the sails, the sky is black with rain and the wind …</a></li>'
      + '<li lang="en"><span class="speech-place">Act 1, Scene 1</span> <a href="../documents/the-storm.html#speech-3">Hold fast!</a></li>'
      // The speech's words are text: markup spelled in it stays spelled.
      + '<li lang="en"><span class="speech-place">Act 1, Scene 2</span> <a href="../documents/the-storm.html#speech-5">All hands &lt;b&gt;on deck&lt;/b&gt;.</a></li></ol>');
    // A speaker defined in one play, speaking in another that points to it.
    expect(captain).toContain('<h4 class="speech-count">1 speech</h4><ol class="speeches"><li lang="en"><span class="speech-place">Act 1</span> <a href="../documents/the-calm.html#speech-2">It is, and I am glad of it.</a></li></ol>');
    // A speech is not a mention: the page lists no mentions.
    expect(captain).not.toContain('class="mentions"');
    // A said in a stage direction; an utterance of a transcription, without divisions.
    expect(main('persons/storm-cook.html')).toContain('<a href="../documents/the-storm.html#speech-6">crying "Fire in the galley!"</a>');
    expect(main('persons/interview-ann.html')).toContain('<ol class="speeches"><li lang="en"><a href="../documents/interview.html#speech-1">Well, I was born in the harbour town, and my father was …</a></li>'
      + '<li lang="en"><a href="../documents/interview.html#interview-u2">Yes.</a></li></ol>');
  });

  test('every speech link lands on its speech in the document page', () => {
    const links = ['storm-captain', 'storm-servant', 'storm-cook', 'calm-servant', 'interview-ann']
      .flatMap((id) => [...main(`persons/${id}.html`).matchAll(/<ol class="speeches">[\s\S]*?<\/ol>/g)].flatMap((list) => [...list[0].matchAll(/href="\.\.\/documents\/([^"#]+)#([^"]+)"/g)]));
    expect(links.length).toBe(10);
    for (const [, document, anchor] of links) expect([document, anchor, ids(`documents/${document}`).has(anchor)]).toEqual([document, anchor, true]);
    // The numbered anchors are on the speeches themselves.
    expect(page('documents/the-storm.html')).toMatch(/<div id="speech-3" class="sp">\s*<div [^>]*class="speaker">BOTH<\/div>/);
    expect(page('documents/interview.html')).toContain('<div id="speech-1" class="u">Well, I was born');
  });

  test('a speech of two speakers counts for each; a speaker the collection does not have is ignored, as a dangling pointer is', () => {
    expect(main('persons/storm-servant.html')).toContain('<a href="../documents/the-storm.html#speech-3">Hold fast!</a>');
    expect(main('persons/storm-captain.html')).toContain('<a href="../documents/the-storm.html#speech-3">Hold fast!</a>');
    expect(fs.readdirSync(path.join(site, 'persons')).sort()).toEqual(['calm-fisher-1.html', 'calm-fisher-2.html', 'calm-servant.html', 'interview-ann.html',
      'storm-captain.html', 'storm-cook.html', 'storm-mate.html', 'storm-servant.html']);
    for (const id of ['storm-captain', 'storm-servant', 'storm-cook', 'calm-servant', 'interview-ann', 'storm-mate']) expect(main(`persons/${id}.html`)).not.toContain('Let me out');
  });

  test('an entry both spoken by and named has both lists, each saying what it is', async () => {
    // The Servant speaks twice and is never named; the Mate is named once and never speaks: their pages as such.
    const mate = main('persons/storm-mate.html');
    expect(mate).toContain('<h2 id="mentions-heading">Mentions</h2>');
    expect(mate).toContain('<ol class="mentions"><li lang="en"><span class="context">Aye, sir. Shall I call the </span><a href="../documents/the-storm.html#mention-1">mate</a>');
    expect(mate).not.toContain('speech');
    const both = temporaryDir('drama');
    fs.writeFileSync(path.join(both, 'the-storm.xml'), read(path.join(SRC, 'the-storm.xml')).replace('<sp who="#storm-captain">\n            <speaker>CAPTAIN</speaker>\n            <l>All hands',
      '<sp who="#storm-mate">\n            <speaker>MATE</speaker>\n            <l>All hands'));
    const built = await publish(both);
    const page = read(path.join(built.out, 'html', 'persons', 'storm-mate.html'));
    expect(page).toContain('<h2 id="mentions-heading">Speeches and mentions</h2>');
    expect(page).toContain('<h4 class="speech-count">1 speech</h4><ol class="speeches">');
    expect(page).toContain('</ol><h4 class="mention-count">1 mention</h4><ol class="mentions">');
    expect(read(path.join(built.out, 'html', 'persons.html'))).toContain('Mate</a> <span class="mention-count">(1 speech, 1 mention)</span>');
  }, 60_000);

  test('entries of one name are told apart by the document that defines them, in the list and on their pages; others are not', () => {
    const persons = main('persons.html');
    expect(persons).toContain('<a href="persons/calm-servant.html">Servant <span class="entry-qualifier">(The Calm)</span></a>');
    expect(persons).toContain('<a href="persons/storm-servant.html">Servant <span class="entry-qualifier">(The Storm)</span></a>');
    expect(page('persons/storm-servant.html')).toContain('<title>Servant (The Storm) · ');
    expect(main('persons/storm-servant.html')).toContain('<h1>Servant <span class="entry-qualifier">(The Storm)</span></h1>');
    expect(page('persons/storm-captain.html')).toContain('<title>Captain · ');
    // Two of one name in one document: its title would not tell them apart, their ids do.
    expect(persons).toContain('<a href="persons/calm-fisher-1.html">Fisherman <span class="entry-qualifier">(calm-fisher-1)</span></a>');
    expect(persons).toContain('<a href="persons/calm-fisher-2.html">Fisherman <span class="entry-qualifier">(calm-fisher-2)</span></a>');
    expect(persons.match(/entry-qualifier/g)).toHaveLength(4);
    // A quotation ascribed to its speaker (q/@who) is a speech of its speaker.
    expect(persons).toContain('<a href="persons/calm-fisher-1.html">Fisherman <span class="entry-qualifier">(calm-fisher-1)</span></a> <span class="mention-count">(1 speech)</span>');
    expect(main('persons/calm-fisher-1.html')).toContain('<ol class="speeches"><li lang="en"><span class="speech-place">Act 1</span> <a href="../documents/the-calm.html#speech-3">Fair winds!</a></li></ol>');
    expect(main('documents/the-calm.html')).toMatch(/<span id="speech-3" class="q">Fair winds!<\/span>/);
  });

  test("the search's blocks have the anchors the document page gives them: a speech's own", async () => {
    const { html } = loadStylesheets();
    for (const name of ['the-storm', 'interview']) {
      const document = await parseDocument(read(path.join(SRC, `${name}.xml`)));
      const summary = summarizeDocument(html, { path: `${name}.xml`, document });
      const anchors = summary.search.blocks.map((block) => block.id);
      for (const anchor of anchors) expect([name, anchor, ids(`documents/${name}.html`).has(anchor)]).toEqual([name, anchor, true]);
      if (name === 'interview') expect(anchors).toEqual(['speech-1', 'interview-u2']);
    }
  });
});
