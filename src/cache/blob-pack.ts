import * as fs from 'fs';
import * as path from 'path';
import { makeFolders } from '../make-folders';

/**
 * Many small content-addressed texts of one kind in one file, read one at a time: the lists of mentions an
 * entry page shows (some ten per document, tens of thousands at 2,000 documents), which as files of their own
 * cost a file creation each on a cold build, and which a pack (Pack in ./index.ts) would hold in memory whole.
 *
 * Two files per scope and kind, appended to: `<name>.blobs` holds each text as a record `<key>\t<text>\n`, and
 * `<name>.blobs.idx` says where each record is, in lines of fixed width (`<key> <offset> <length>\n`, offset and
 * length in hexadecimal, so that the number of records is about the file's size / INDEX_LINE). The index is read on the first
 * look-up only; a text is read by its offset, and its record checked (key, end of line) before it is used. So a
 * record that is not what the index says (two processes appending at once, a run killed between the two appends,
 * a pack written anew by another process) is a miss, never a wrong text: the caller makes the text again.
 *
 * Keys are the texts' own hashes (callers give them): a key stands for one text, forever, so a record is never
 * stale. Records of texts no longer used are dropped when the pack is written anew (keepOnly): the texts a run
 * says are live, copied record by record, when the pack holds a quarter more than them.
 */
export class BlobPack {
  private readonly index: string;
  /** Key → [offset, length] of its record, when the index has been read (held) or written in this run. */
  private places: Map<string, [number, number]> | undefined;
  /** Keys appended in this run (not looked up in the index: a cold run only writes). */
  private readonly added = new Set<string>();
  private readFd: number | undefined;
  private live: Set<string> | undefined;

  constructor(readonly file: string) {
    this.index = `${file}.idx`;
  }

  /** The text stored under `key`, or undefined (not there, or its record damaged or moved). */
  get(key: string): string | undefined {
    const place = this.held().get(key);
    if (!place) return undefined;
    const [offset, length] = place;
    try {
      this.readFd ??= fs.openSync(this.file, 'r');
      const record = Buffer.allocUnsafe(length);
      const head = key.length + 1;
      if (fs.readSync(this.readFd, record, 0, length, offset) === length && record.toString('latin1', 0, head) === `${key}\t` && record[length - 1] === NEWLINE) {
        return record.toString('utf8', head, length - 1);
      }
    } catch {
      // unreadable: a miss
    }
    // Not there: forgotten, so that the text made again is added again (not skipped as already held).
    this.places?.delete(key);
    return undefined;
  }

  /**
   * Stores texts under their keys (32 hexadecimal digits: a hash of the text; each once: a key already in the pack is the same text): their records in one
   * append to the pack, then their places in one append to the index. A pack that cannot be written is skipped.
   */
  add(entries: Iterable<readonly [key: string, text: string]>): void {
    const fresh: Array<readonly [string, Buffer]> = [];
    for (const [key, text] of entries) {
      if (this.added.has(key) || this.places?.has(key) || !KEY_PATTERN.test(key) || text.includes('\n')) continue;
      this.added.add(key);
      fresh.push([key, Buffer.from(`${key}\t${text}\n`, 'utf8')]);
    }
    if (fresh.length === 0) return;
    try {
      makeFolders(path.dirname(this.file));
      const fd = fs.openSync(this.file, 'a');
      let offset: number;
      try {
        // Where the records land, if no other process appends at the same moment (then they are misses, see above).
        offset = fs.fstatSync(fd).size;
        fs.writeSync(fd, Buffer.concat(fresh.map(([, record]) => record)));
      } finally {
        fs.closeSync(fd);
      }
      let lines = '';
      for (const [key, record] of fresh) {
        lines += indexLine(key, offset, record.length);
        this.places?.set(key, [offset, record.length]);
        offset += record.length;
      }
      appendLines(this.index, lines);
    } catch {
      // a cache that cannot be written is skipped
    }
  }

  /** Says which keys are still used (the others may be dropped when the run ends: save). */
  keepOnly(live: Set<string>): void {
    this.live = live;
  }

  /**
   * At the end of a run: writes the pack anew with only the live texts (keepOnly) when it holds a quarter more
   * records than them (old versions of documents, texts appended twice by runs at once); closes its file.
   */
  save(): void {
    this.close();
    const live = this.live;
    this.live = undefined;
    if (!live) return;
    let records: number;
    try {
      records = fs.statSync(this.index).size / INDEX_LINE;
    } catch {
      return;
    }
    if (records <= live.size * (1 + STALE_SHARE) + SLACK) return;
    const places = this.held();
    const temporary = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const temporaryIndex = `${temporary}.idx`;
    let from: number | undefined;
    let to: number | undefined;
    try {
      from = fs.openSync(this.file, 'r');
      to = fs.openSync(temporary, 'w');
      let offset = 0;
      let lines = '';
      for (const key of live) {
        const place = places.get(key);
        if (!place) continue;
        const record = Buffer.allocUnsafe(place[1]);
        if (fs.readSync(from, record, 0, place[1], place[0]) !== place[1] || record.toString('latin1', 0, key.length + 1) !== `${key}\t` || record[place[1] - 1] !== NEWLINE) continue;
        fs.writeSync(to, record);
        lines += indexLine(key, offset, record.length);
        offset += record.length;
      }
      fs.writeFileSync(temporaryIndex, lines);
      // The records first, then their index: a reader between the two renames finds records not where the index
      // says, misses, and makes them again.
      fs.renameSync(temporary, this.file);
      fs.renameSync(temporaryIndex, this.index);
    } catch {
      for (const file of [temporary, temporaryIndex]) fs.rmSync(file, { force: true });
    } finally {
      if (from !== undefined) fs.closeSync(from);
      if (to !== undefined) fs.closeSync(to);
      this.places = undefined;
    }
  }

  /** Lets go of the pack's file (it is opened again on the next look-up). */
  close(): void {
    if (this.readFd !== undefined) fs.closeSync(this.readFd);
    this.readFd = undefined;
  }

  /** The index, read on the first look-up (a later line of a key wins: the same text, or a pack written anew). */
  private held(): Map<string, [number, number]> {
    if (this.places) return this.places;
    const places = new Map<string, [number, number]>();
    let text = '';
    try {
      text = fs.readFileSync(this.index, 'latin1');
    } catch {
      // no index yet: no texts
    }
    for (const line of text.split('\n')) {
      const match = INDEX_PATTERN.exec(line);
      // A damaged line (cut short by a killed run) is a miss: its text is added again.
      if (match) places.set(match[1], [parseInt(match[2], 16), parseInt(match[3], 16)]);
    }
    return (this.places = places);
  }
}

const NEWLINE = 0x0a;

/** Appends lines to a file, after a line break if its last line was cut short (a run killed while appending). */
function appendLines(file: string, lines: string): void {
  const fd = fs.openSync(file, 'a+');
  try {
    const size = fs.fstatSync(fd).size;
    const last = Buffer.alloc(1);
    const broken = size > 0 && fs.readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== NEWLINE;
    fs.writeSync(fd, broken ? `\n${lines}` : lines);
  } finally {
    fs.closeSync(fd);
  }
}

/** Index lines: a key of KEY_LENGTH characters, its record's offset and length (hexadecimal, fixed width). */
const KEY_LENGTH = 32;
const INDEX_LINE = KEY_LENGTH + 1 + 12 + 1 + 8 + 1;
const INDEX_PATTERN = /^([0-9a-f]{32}) ([0-9a-f]{12}) ([0-9a-f]{8})$/;

const KEY_PATTERN = /^[0-9a-f]{32}$/;

function indexLine(key: string, offset: number, length: number): string {
  return `${key} ${offset.toString(16).padStart(12, '0')} ${length.toString(16).padStart(8, '0')}\n`;
}

/** The share of records beyond the live ones from which the pack is written anew, and a few records never worth it. */
const STALE_SHARE = 0.25;
const SLACK = 64;
