import { partsByteLength } from '../../cache';
import type { ResultCache } from '../../cache';
import { BuildKeys } from '../cache-keys';

/**
 * Rendered pages in the build cache: each page's content is stored once, as a blob under its own hash
 * (BuildKeys.blob), and the cache entry of a document or a collection page lists its outputs as
 * [output path, blob key, size]. An unchanged page is copied from its blob, never rendered again.
 */

export type StoredOutputs = Array<[output: string, blob: string, size: number]>;

/** A page of a cached entry: its output path, the blob's file, and the blob key (the page's content key in the output manifest). */
export interface StoredPage {
  output: string;
  file: string;
  blob: string;
}

export interface CachedOutputs {
  outputs: StoredOutputs;
}

export class PageStore {
  /**
   * @param held whether the previous output already holds a page's content (OutputFolder.holds): its blob is then
   *   not looked for, since the page is linked (or kept) from there, not copied from the blob. An incremental
   *   build of 2,000 documents would otherwise look at 6,000 blobs to copy none of them.
   */
  constructor(private readonly cache: ResultCache, private readonly held?: (output: string, blob: string) => boolean) {}

  /** The blob's file, when it is there and whole (a damaged one, cut short, is never used). */
  file(blob: string, size: number): string | undefined {
    const entry = this.cache.entrySize(blob);
    return entry?.size === size ? entry.file : undefined;
  }

  /** Stores content under its own hash (once); returns the blob key. */
  store(content: string): string {
    const key = BuildKeys.blob(content);
    if (!this.file(key, Buffer.byteLength(content))) this.cache.setBuffer(key, content);
    return key;
  }

  storeAll(outputs: Iterable<readonly [string, string]>): StoredOutputs {
    return [...outputs].map(([output, content]) => [output, this.store(content), Buffer.byteLength(content)]);
  }

  /**
   * Stores a page made of parts (their texts joined, as store would), without joining them: an entry page of megabytes
   * is hashed and written a section at a time. Returns its stored output and the blob's file (undefined if it could not be written).
   */
  storeParts(output: string, parts: readonly string[]): { stored: StoredOutputs[number]; file?: string } {
    const key = BuildKeys.blobOfParts(parts);
    const size = partsByteLength(parts);
    let file = this.file(key, size);
    if (!file) {
      this.cache.setBuffer(key, parts);
      file = this.file(key, size);
    }
    return { stored: [output, key, size], file };
  }

  /** The files of a cached entry's outputs, provided every blob is still there and whole; else undefined (a miss). */
  files(entry: CachedOutputs | undefined): StoredPage[] | undefined {
    if (!entry || !Array.isArray(entry.outputs)) return undefined;
    const files: StoredPage[] = [];
    for (const [output, blob, size] of entry.outputs) {
      // A blob not looked for has the file it would be in: used only if the output's file could not be linked.
      const file = this.held?.(output, blob) ? this.cache.entryPath(blob) : this.file(blob, size);
      if (!file) return undefined;
      files.push({ output, file, blob });
    }
    return files;
  }
}
