import * as fs from 'fs';
import { sharedPath } from './shared';

/**
 * The seed texts are copies of web pages. These functions reduce a seed to the document as the
 * encoding must contain it: the archive's page chrome removed, page markers ("[Page 509]") removed
 * without splitting the word, and footnotes moved from the end of the page to their anchors.
 */

/** The Wilson Center page: the document starts after the "English HTML" tab label. */
export function wilsonCenterDocument(file: string): string {
  const page = fs.readFileSync(sharedPath('seeds', file), 'utf8');
  const start = page.indexOf('English HTML');
  if (start < 0) throw new Error(`${file}: no "English HTML" marker; has the seed changed?`);
  return page.slice(start + 'English HTML'.length);
}

/** The FRUS page: footnotes ("  1. Source: …") at the end are moved to their markers ("Brezhnev1", "China.2"). */
export function frusDocument(file: string): string {
  const page = fs.readFileSync(sharedPath('seeds', file), 'utf8').replace(/\[Page \d+\]/g, '');
  const lines = page.split('\n');
  const notes = new Map<number, string>();
  let bodyEnd = lines.length;
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const match = /^\s+(\d+)\.\s+(.*)$/.exec(lines[i]);
    if (!match) break;
    notes.set(Number(match[1]), match[2]);
    bodyEnd = i;
  }
  let body = lines.slice(0, bodyEnd).join('\n');
  for (const [n, note] of [...notes.entries()].sort((a, b) => a[0] - b[0])) {
    // A marker is the note number glued to the end of a word or to punctuation after it.
    const marker = new RegExp(`(?<=[\\p{L}.,;:”’)])${n}(?=\\s|$)`, 'u');
    if (!marker.test(body)) throw new Error(`${file}: no marker for footnote ${n}`);
    body = body.replace(marker, ` ${note} `);
  }
  return body;
}
