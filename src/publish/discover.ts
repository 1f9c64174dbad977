import { discoverFiles } from '../collection';

/** The files of a collection folder, found exactly as `validate` finds them (src/collection). */
export function discoverCollection(srcDir: string): string[] {
  return discoverFiles([srcDir]).map((file) => file.absolutePath);
}
