/// <reference lib="dom" />
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, fileUrl, launchChromium, offlineContext } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * Notes and apparatus entries kept apart from the text and pointing into it (TEI Guidelines 3.9: note/@target and
 * @targetEnd; 12.2: the double end-point method, app/@from and @to), as CBETA's editions keep theirs in the back
 * matter: each is read where it points, its marker after the element it points at, numbered in the order a reader
 * meets the markers, mixed with the notes and apps written in the text. A pointer that leads nowhere in the text
 * (a missing id, the header, the note itself) moves nothing. Fixture: test/fixtures/publish/detached/sutra.xml.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'detached');

describe('detached notes and apparatus entries', () => {
  let site: string;
  let text: string;
  let browser: Browser;

  beforeAll(async () => {
    const built = await publish(SRC);
    expect(built.result.published).toBe(true);
    site = path.join(built.out, 'html');
    text = read(path.join(built.out, 'text', 'sutra.txt'));
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  test('the page: each marker where its note or entry points, numbered in reading order, there and back', async () => {
    const { context, requests } = await offlineContext(browser);
    const tab = await context.newPage();
    await tab.goto(fileUrl(path.join(site, 'documents', 'sutra.html')));
    const body = (await tab.locator('section.text .body').innerText()).replace(/\s+/g, ' ');
    expect(body).toContain('Thus have I heard1: at one time the teacher1 stayed in the Jeta grove23 with many2 monks.');
    expect(body).toContain('He spoke3 to them about the four truths4, and they rejoiced5.');
    // The marker after a span (a seg, a from-to pair) follows its end; the tooltip is the note's text.
    await expect(tab.locator('#grove + a.note-ref').getAttribute('title')).resolves.toBe('The grove of Prince Jeta.');
    await expect(tab.locator('a.app-ref').first().getAttribute('title')).resolves.toBe('heard T] listened S');
    const notes = await tab.locator('#notes-heading + ol > li').evaluateAll((items) => items.map((li) => `${(li as HTMLLIElement).value} ${li.querySelector('.note-body')!.textContent!.replace(/\s+/g, ' ').trim()}`));
    expect(notes.slice(0, 5)).toEqual([
      '1 The teacher is the Buddha.',
      '2 The grove of Prince Jeta.',
      '3 A note written where it applies.',
      '4 The noble truths.',
      '5 A note in the text that points elsewhere stays where it stands.',
    ]);
    const entries = await tab.locator('#apparatus-heading + ol > li').evaluateAll((items) => items.map((li) => `${(li as HTMLLIElement).value} ${li.querySelector('.note-body')!.textContent!.replace(/\s+/g, ' ').trim()}`));
    expect(entries).toEqual(['1 heard T] listened S', '2 many T] all S', '3 spoke T] preached S']);
    // Keyboard: from the marker to the note, and back to the marker where the note points.
    await tab.locator('#grove + a.note-ref').focus();
    await tab.keyboard.press('Enter');
    expect(new URL(tab.url()).hash).toBe('#note-2');
    await tab.locator('#note-2 a.note-back').focus();
    await tab.keyboard.press('Enter');
    expect(new URL(tab.url()).hash).toBe('#note-2-ref');
    // Every marker and back link lands on one element of the page.
    const targets = await tab.locator('a.note-ref, a.app-ref, a.note-back').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    for (const target of targets) await expect(tab.locator(`[id="${target.slice(1)}"]`).count()).resolves.toBe(1);
    await tab.screenshot({ path: path.join(ARTIFACTS, 'detached-notes.png'), fullPage: true });
    expect(requests).toEqual([]);
    await context.close();
  }, 60_000);

  test('where they stand, the moved notes and entries leave nothing; those that point nowhere in the text stay there', async () => {
    const { context } = await offlineContext(browser);
    const tab = await context.newPage();
    await tab.goto(fileUrl(path.join(site, 'documents', 'sutra.html')));
    const back = (await tab.locator('section.text .back').innerText()).replace(/\s+/g, ' ').trim();
    // The three that stay keep their markers (6, 7, 8) in the back matter; the missing anchor's entry stays in its list.
    expect(back).toBe('Notes 6 7 8 gone T] lost S');
    await context.close();
  }, 60_000);

  test('the text edition reads them the same way', () => {
    expect(text).toContain('Thus have I heard{1}: at one time the teacher[1] stayed in the Jeta\ngrove[2][3] with many{2} monks.');
    expect(text).toContain('He spoke{3} to them about the four truths[4], and they rejoiced[5].');
    expect(text).toContain('\n[6] [7] [8]\n\n- gone T] lost S\n');
    expect(text).toContain('\n{1} heard T] listened S\n{2} many T] all S\n{3} spoke T] preached S\n');
    expect(text).toContain('\n[1] The teacher is the Buddha.\n\n[2] The grove of Prince Jeta.\n\n[3] A note written where it applies.\n');
  });
});
