/// <reference lib="dom" />
import * as fs from 'fs';
import * as path from 'path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { REPO_ROOT } from './shared';

/** Debian's chromium, launched as DEVELOPERS.md prescribes; never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

export const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); .ci/run does this in CI`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/**
 * A browser context that may only read files: any other request (network) is aborted and recorded,
 * so tests can assert that the site works with no server and no network.
 */
export async function offlineContext(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; requests: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: { width: 1200, height: 900 } });
  const requests: string[] = [];
  await context.route(/^(?!file:)/, async (route) => {
    requests.push(route.request().url());
    await route.abort();
  });
  return { context, requests };
}

/**
 * A page of an offline context that records every dialog a script opens (and dismisses it): a hostile page
 * must open none.
 */
export async function offlinePage(browser: Browser): Promise<{ context: BrowserContext; page: Page; requests: string[]; dialogs: string[] }> {
  const { context, requests } = await offlineContext(browser);
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { context, page, requests, dialogs };
}

export function fileUrl(file: string): string {
  return `file://${file}`;
}

/** An entry page's data as a reader reads it: each label with its values. */
export async function entryData(page: Page, file: string): Promise<Array<[string, string[]]>> {
  await page.goto(fileUrl(file));
  return page.locator('dl.entry-data > div').evaluateAll((divs) => divs.map((div): [string, string[]] => [
    div.querySelector('dt')!.textContent!, Array.from(div.querySelectorAll('dd'), (dd) => (dd as HTMLElement).innerText.replace(/\s+/g, ' ').trim()),
  ]));
}

/** The mentions an entry page lists: each document's title and the mentions' words, linked to the document. */
export async function listedMentions(page: Page): Promise<Array<[string, string[]]>> {
  return page.locator('section.mentions-in-document').evaluateAll((sections) => sections.map((section): [string, string[]] => [
    section.querySelector('h3')!.textContent!.trim(),
    Array.from(section.querySelectorAll('ol.mentions a'), (a) => `${a.textContent} → ${a.getAttribute('href')!.replace(/#.*$/, '')}`),
  ]));
}

/** The links of an entry page's data: text → address. */
export async function entryDataLinks(page: Page): Promise<Array<[string, string]>> {
  return page.locator('dl.entry-data a').evaluateAll((links) => links.map((a): [string, string] => [a.textContent!, a.getAttribute('href')!]));
}

/**
 * The documents the site's search lists for a query (each result title's link, without its fragment), in a page of an
 * offline context, once the search has finished; a script error or a request outside the folder fails the test.
 */
export async function searchResultDocuments(browser: Browser, site: string, query: string): Promise<string[]> {
  const { context, requests } = await offlineContext(browser);
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${fileUrl(path.join(site, 'search.html'))}#q=${encodeURIComponent(query)}`);
    await page.waitForFunction(() => document.documentElement.getAttribute('data-search-done') !== null, undefined, { timeout: 30000 });
    const links = await page.evaluate(() => Array.from(document.querySelectorAll('.result .result-title a'), (a) => a.getAttribute('href') ?? ''));
    if (errors.length > 0 || requests.length > 0) throw new Error(`the search page failed: ${JSON.stringify({ errors, requests })}`);
    return links.map((href) => href.replace(/#.*$/, ''));
  } finally {
    await context.close();
  }
}

