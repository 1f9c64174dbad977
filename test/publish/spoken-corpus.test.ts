/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: these tests type-check it against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { fileUrl, launchChromium, offlineContext } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * A corpus kept as large TEI corpora are (ParlaMint): a teiCorpus root whose header includes its registers
 * and whose sittings come in by XInclude, each sitting a transcription (TEI Guidelines 8.3): utterances (u with
 * @who), the transcription's own notes among them (time, speaker as the minutes name them, a vote), and what
 * happens around the words (vocal, kinesic, incident, pause) and what could not be heard (gap with desc).
 * A reader sees the events where they happen, in brackets, never run into the speakers' words; the notes of the
 * record where they stand, not as numbered footnotes; and the corpus's title as the edition's name.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'spoken-corpus');

describe('a spoken corpus: teiCorpus root, sittings by XInclude, transcriptions', () => {
  let out: string;
  let browser: Browser;
  const html = (file: string): string => path.join(out, 'html', file);

  beforeAll(async () => {
    const built = await publish(SRC);
    out = built.out;
    expect(built.result.diagnostics).toEqual([]);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  test('the sittings are the documents; the corpus root and its included registers are not pages of their own', () => {
    expect(fs.readdirSync(html('documents')).filter((name) => name.endsWith('.html')).sort())
      .toEqual(['Harbour-Council_1921-03-02.html', 'Harbour-Council_1921-04-06.html']);
    expect(fs.readdirSync(html('persons')).sort()).toEqual(['MarshAda.html', 'QuayTom.html']);
  });

  test('the text edition reads as a transcript: events in brackets where they happen, the record\'s notes in place', () => {
    const text = read(path.join(out, 'text', 'Harbour-Council_1921-03-02.txt'));
    expect(text).toContain("The sitting opened at ten o'clock.\nTHE CHAIR (Ada Marsh):\n\nI open the sitting.");
    // The description in the text's language (of two), the pause, the applause between utterances on its own line.
    expect(text).toContain('I open the sitting. [noise in the hall] Order, please. [pause] Thank you.\n\n[Applause.]\nTOM QUAY:');
    expect(text).not.toContain('bruit dans la salle');
    // What could not be heard, with its description; an incident; a vote noted inside the utterance; laughter with only a type.
    expect(text).toContain('The new pier is overdue [… microphone off] and over budget. [A minute of\nsilence for the drowned crew.] We vote now. [Twelve voted for.] The motion\npasses[1]. [laughter]');
    // Only the editors' footnote (place="foot") is a numbered note.
    expect(text).toMatch(/Notes\n-----\n\n\[1\] The minutes record no abstentions\.\n*$/);
  });

  test('the HTML page shows the same to a reader, and the corpus title names the edition', async () => {
    const { context, requests } = await offlineContext(browser);
    const page = await context.newPage();
    await page.goto(fileUrl(html('documents/Harbour-Council_1921-03-02.html')));
    const reading = (await page.locator('section.text').innerText()).replace(/\s+/g, ' ');
    expect(reading).toContain("The sitting opened at ten o'clock. THE CHAIR (Ada Marsh): I open the sitting. [noise in the hall] Order, please. [pause] Thank you. [Applause.] TOM QUAY:");
    expect(reading).toContain('The new pier is overdue [… microphone off] and over budget. [A minute of silence for the drowned crew.] We vote now. [Twelve voted for.] The motion passes');
    expect(reading).toContain('[laughter]');
    // Set apart from the speakers' words (italic), the bracket itself upright.
    expect(await page.locator('.kinesic.spoken-event').evaluate((node) => getComputedStyle(node).fontStyle)).toBe('italic');
    expect(await page.locator('.vocal.spoken-event').first().getAttribute('lang')).toBe('en');
    expect(await page.locator('section.notes li').count()).toBe(1);
    // The corpus's main title in the corpus's language (not the publisher every sitting names).
    expect(await page.locator('.site-title').innerText()).toBe('Minutes of the Harbour Council');
    await page.goto(fileUrl(html('index.html')));
    expect(await page.locator('h1').innerText()).toBe('Minutes of the Harbour Council');
    expect(requests).toEqual([]);
    await context.close();
  });

  test('an event\'s description is text: markup spelled in it stays spelled', async () => {
    const { context } = await offlineContext(browser);
    const page = await context.newPage();
    await page.goto(fileUrl(html('documents/Harbour-Council_1921-04-06.html')));
    expect(await page.locator('section.text script, section.text b').count()).toBe(0);
    expect((await page.locator('section.text').innerText()).replace(/\s+/g, ' ')).toContain('The pier is finished <script>alert(1)</script>. [Applause <b>loud</b>.]');
    await context.close();
  });
});
