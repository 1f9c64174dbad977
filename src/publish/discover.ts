import { CollectionFile, discoverFiles } from '../collection';

/** The files of a collection folder, found exactly as `validate` finds them (src/collection). */
export function discoverCollection(srcDir: string): string[] {
  return discoverCollectionFiles(srcDir).map((file) => file.absolutePath);
}

/** The same, as found: each with its real path (the build hands them to the validator, which then need not resolve them again). */
export function discoverCollectionFiles(srcDir: string): CollectionFile[] {
  return discoverFiles([srcDir]);
}
