import { isUtf8 } from 'buffer';
import * as fs from 'fs';
import { promises as fsp } from 'fs';
import { MAX_FILE_ENV, maxFileBytes } from '../limits';
import type { CollectionFile } from './index';

/** A file's bytes (what libxml2 reads) and its decoded text (what everything else reads). */
export interface Source {
  file: CollectionFile;
  bytes: Uint8Array;
  text: string;
  /**
   * The text is the bytes decoded as UTF-8 (after a byte order mark, if any): a thread may be sent the bytes and decode
   * them itself (TextDecoder gives the same text), which copies less than the text.
   */
  utf8?: boolean;
}

export type ReadResult =
  | { ok: true; source: Source }
  | { ok: false; file: CollectionFile; rule: 'file-unreadable' | 'file-encoding' | 'limit-exceeded' | 'xml-malformed'; message: string; line: number; column: number };

/**
 * Reads a file without throwing: an unreadable file, an unsupported encoding or bytes that are not
 * valid in the file's encoding become a ReadResult with a message and, where there is one, a position.
 */
export async function readSource(file: CollectionFile): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    const over = overLimit(file, await fsp.stat(file.absolutePath));
    if (over) return over;
    bytes = await fsp.readFile(file.absolutePath);
  } catch (error) {
    return unreadable(file, error);
  }
  return fromBytes(file, bytes);
}

/**
 * readSource, on this thread: for a run that reads one or two files (an incremental `validate`), where
 * the asynchronous read's five trips through the thread pool and back took 50-100 ms on a busy machine.
 */
export function readSourceSync(file: CollectionFile): ReadResult {
  let bytes: Buffer;
  try {
    const over = overLimit(file, fs.statSync(file.absolutePath));
    if (over) return over;
    bytes = fs.readFileSync(file.absolutePath);
  } catch (error) {
    return unreadable(file, error);
  }
  return fromBytes(file, bytes);
}

/** A file over the size limit is not read. */
function overLimit(file: CollectionFile, stat: fs.Stats): ReadResult | undefined {
  const limit = maxFileBytes();
  if (!stat.isFile() || stat.size <= limit) return undefined;
  const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1).replace(/\.0$/, '')} MB`;
  return { ok: false, file, rule: 'limit-exceeded', message: `the file is ${mib(stat.size)}, over the limit of ${mib(limit)} per file, so it is not read (set ${MAX_FILE_ENV} to change the limit; see SECURITY.md)`, line: 0, column: 0 };
}

function unreadable(file: CollectionFile, error: unknown): ReadResult {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : code === 'ENOENT' ? 'it does not exist' : String(code ?? error);
  return { ok: false, file, rule: 'file-unreadable', message: `cannot read the file: ${why}`, line: 0, column: 0 };
}

function fromBytes(file: CollectionFile, bytes: Buffer): ReadResult {
  const kind = NOT_XML.find(([signature]) => bytes.subarray(0, signature.length).equals(signature));
  if (kind) return { ok: false, file, rule: 'xml-malformed', message: `the file is ${kind[1]}, not XML`, line: 1, column: 1 };
  const decoded = decode(bytes);
  if ('problem' in decoded) return { ok: false, file, rule: 'file-encoding', ...decoded.problem };
  return { ok: true, source: decoded.utf8 ? { file, bytes, text: decoded.text, utf8: true } : { file, bytes, text: decoded.text } };
}

/** Files often saved or renamed as .xml by mistake, by their first bytes: named rather than decoded. */
const NOT_XML: Array<[Buffer, string]> = [
  [Buffer.from('%PDF-'), 'a PDF file'],
  [Buffer.from('PK\x03\x04', 'latin1'), 'a ZIP archive (a .docx or .odt document?)'],
  [Buffer.from('\x89PNG', 'latin1'), 'a PNG image'],
  [Buffer.from('\xff\xd8\xff', 'latin1'), 'a JPEG image'],
  [Buffer.from('GIF8'), 'a GIF image'],
  [Buffer.from('\x1f\x8b', 'latin1'), 'a gzip archive'],
];

type Decoded = { text: string; utf8?: boolean } | { problem: { message: string; line: number; column: number } };

function decode(bytes: Buffer): Decoded {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const head = bytes.subarray(bom, bom + 200).toString('latin1');
  const declared = /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
  const label = declared?.toLowerCase();
  if (label && !['utf-8', 'utf8', 'us-ascii', 'ascii'].includes(label)) {
    if (label.startsWith('utf-16')) {
      return { problem: { message: `the XML declaration says encoding="${declared}" but the file has no UTF-16 byte order mark; save it as UTF-8`, line: 1, column: 1 } };
    }
    try {
      return { text: new TextDecoder(label, { fatal: true }).decode(bytes) };
    } catch {
      return { problem: { message: `the encoding "${declared}" is not supported or the file is not valid ${declared}; save it as UTF-8`, line: 1, column: 1 } };
    }
  }
  // Node's native check first (several times faster); ours only to find where the bytes go wrong.
  const bad = isUtf8(bytes.subarray(bom)) ? -1 : firstInvalidUtf8(bytes, bom);
  if (bad >= 0) {
    const before = bytes.subarray(bom, bad).toString('utf8');
    const lines = before.split('\n');
    return {
      problem: {
        message: `the file is not valid UTF-8 (byte 0x${bytes[bad].toString(16).toUpperCase().padStart(2, '0')}); save it as UTF-8`,
        line: lines.length,
        column: lines[lines.length - 1].length + 1,
      },
    };
  }
  return { text: bytes.subarray(bom).toString('utf8'), utf8: true };
}

/** Offset of the first byte that breaks UTF-8, or -1. */
function firstInvalidUtf8(bytes: Uint8Array, start: number): number {
  let i = start;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i += 1;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k += 1) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    // Overlong forms, surrogates and code points above U+10FFFF.
    if ((b === 0xe0 && bytes[i + 1] < 0xa0) || (b === 0xed && bytes[i + 1] > 0x9f) || (b === 0xf0 && bytes[i + 1] < 0x90) || (b === 0xf4 && bytes[i + 1] > 0x8f)) return i;
    i += length;
  }
  return -1;
}
