import * as path from 'path';
import { fileURLToPath } from 'url';

/** The parts of SaxonJS's platform object through which every file and network access goes. */
interface SaxonPlatform {
  readFile: (uri: unknown, ...rest: unknown[]) => unknown;
  writeFileSync: (...args: unknown[]) => unknown;
  writeFileAsync: (...args: unknown[]) => unknown;
}

/**
 * Runs `body` while SaxonJS may read only the given documents. SaxonJS resolves `doc()`,
 * `doc-available()`, `unparsed-text()` and `json-doc()` through its platform's `readFile`; here that
 * answers from the texts we already read (so the rules see exactly what the other layers checked) and
 * refuses everything else, so a rule can read neither files outside the collection nor the network,
 * and can write nothing. (Without a collectionFinder, SaxonJS's `collection()` fails and
 * `uri-collection()` is empty: neither lists folders.)
 *
 * `reads`, when given, receives the path of every local file asked for, whether it was answered or
 * refused (an absent file is an answer too: `doc-available()` is false): the result cache keeps a
 * document's rules results only as long as each of those files is as it was (src/validation/pipeline.ts).
 * URIs that are not local files are always refused, so they need no recording.
 */
export function withSandbox<T>(saxon: { getPlatform(): unknown }, documents: Map<string, string>, body: () => T, reads?: Set<string>): T {
  const platform = saxon.getPlatform() as SaxonPlatform;
  const { readFile, writeFileSync, writeFileAsync } = platform;
  platform.readFile = (uri: unknown) => {
    const file = toPath(uri);
    if (file !== undefined) reads?.add(file);
    const text = file === undefined ? undefined : documents.get(file);
    if (text === undefined) throw new Error(`tei-edition's rules may read only documents of the collection, not ${String(uri)}`);
    return text;
  };
  platform.writeFileSync = () => {
    throw new Error("tei-edition's rules may not write files");
  };
  platform.writeFileAsync = platform.writeFileSync;
  try {
    return body();
  } finally {
    platform.readFile = readFile;
    platform.writeFileSync = writeFileSync;
    platform.writeFileAsync = writeFileAsync;
  }
}

/** The absolute file path a SaxonJS URI (string or URL) names, or undefined for anything not a local file. */
function toPath(uri: unknown): string | undefined {
  const text = String(uri);
  if (!/^file:/i.test(text)) return undefined;
  try {
    return path.resolve(fileURLToPath(text));
  } catch {
    return undefined;
  }
}
