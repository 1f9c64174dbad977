import * as fs from 'fs';
import * as path from 'path';
import { CollectionFile, readSource, toCollectionFile } from '../../collection';
import { contentHash } from '../../cache';
import { FileIndex } from '../../cache/file-index';
import { maxFileBytes } from '../../limits';
import { discoverCollectionFiles } from '../discover';
import type { BuildContext } from './context';

/**
 * Stage `read`: the collection's files, found as `validate` finds them, each read once to know its
 * content hash (what every cache key starts from) and whether it can be read at all. Texts are not
 * kept: a job reads its file again when it needs the text (loadText), so that memory does not grow
 * with the collection.
 */

/** One file of the collection. */
export interface SourceFile {
  /** Absolute path. */
  file: string;
  /** Path relative to the collection folder, forward slashes: the document's place in the edition. */
  path: string;
  /** Content hash of its bytes. */
  hash: string;
  /** Size in bytes (the largest documents start first). */
  size: number;
}

export interface ReadOutput {
  /** The files found (absolute paths), for the validator. */
  paths: string[];
  /** The same files as discovery found them (not with an explicit file list): the validator does not look for them again. */
  found?: CollectionFile[];
  /** The files that could be read, in collection order. */
  sources: SourceFile[];
}

/** Finds and reads the collection; null when there is nothing to build (reported). */
export async function read(context: BuildContext): Promise<ReadOutput | null> {
  const { srcDir, options, problems } = context;
  if (!fs.existsSync(srcDir) || !fs.statSync(srcDir).isDirectory()) {
    problems.io(srcDir, 'src-missing', 'the collection folder does not exist');
    return null;
  }
  const found = options.files ? undefined : discoverCollectionFiles(srcDir);
  const paths = options.files ?? found!.map((file) => file.absolutePath);
  if (paths.length === 0) {
    problems.io(srcDir, 'collection-empty', 'no .xml files to publish');
    return null;
  }
  const sources: SourceFile[] = [];
  let done = 0;
  const limit = maxFileBytes();
  // Files found by discovery are absolute and normal, under the (resolved) folder: their collection path is what
  // follows its prefix (path.relative resolves both paths again for each of 2,000 files). An explicit list may hold any path.
  const prefix = srcDir.endsWith(path.sep) ? srcDir : `${srcDir}${path.sep}`;
  for (const file of paths) {
    const relative = found && file.startsWith(prefix) ? file.slice(prefix.length) : path.relative(srcDir, file);
    const collectionPath = path.sep === '/' ? relative : relative.split(path.sep).join('/');
    // A file as it was when an earlier run hashed it (FileIndex) is not read again.
    const stat = context.files ? FileIndex.stat(file) : undefined;
    const known = stat && stat.size <= limit ? context.files!.hashOf(file, stat) : undefined;
    if (known !== undefined) {
      sources.push({ file, path: collectionPath, hash: known, size: Number(stat!.size) });
      context.timer.progress('read', ++done, paths.length);
      continue;
    }
    const readAt = Date.now();
    // Decoded as validate decodes it (BOM, UTF-16, the declared encoding): never as UTF-8 regardless.
    const read = await readSource(toCollectionFile(file));
    if (read.ok) {
      const hash = contentHash(read.source.bytes);
      if (stat) context.files!.record(file, stat, hash, readAt);
      sources.push({ file, path: collectionPath, hash, size: read.source.bytes.length });
    } else {
      problems.leaveOut({ file, path: collectionPath }, read.rule, `cannot be read, so it is not published: ${read.message}`, read);
    }
    context.timer.progress('read', ++done, paths.length);
  }
  context.timer.add('read', 0, paths.length);
  return { paths, found, sources };
}

export type Loaded = { ok: true; text: string; bytes: Uint8Array } | { ok: false; rule: string; message: string; line?: number; column?: number };

/** A file's text, read again for a job: the same bytes as were hashed, or why not. */
export async function loadText(source: SourceFile): Promise<Loaded> {
  const read = await readSource(toCollectionFile(source.file));
  if (!read.ok) return { ok: false, rule: read.rule, message: `cannot be read, so it is not published: ${read.message}`, line: read.line, column: read.column };
  if (contentHash(read.source.bytes) !== source.hash) {
    return { ok: false, rule: 'file-changed', message: 'changed while the edition was being built, so it is not published: build again' };
  }
  return { ok: true, text: read.source.text, bytes: read.source.bytes };
}
