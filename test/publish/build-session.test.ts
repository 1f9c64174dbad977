import * as path from 'path';
import { buildEdition, BuildOptions, BuildSession } from '../../src/publish/build';
import { CompiledSchemas } from '../../src/validation/layers/compiled';
import { PINNED_EDITION, TEI_DIR, temporaryDir } from '../support/publish';

/**
 * What a build keeps of the validator: a session that builds again (serve) keeps the schemas and rules it
 * compiled; a build of its own (buildEdition, the CLI) lets go of them, and of the RelaxNG schema's thread,
 * as soon as the collection is validated, not at the end of the build.
 */

jest.setTimeout(180_000);

afterEach(() => jest.restoreAllMocks());

/** How often CompiledSchemas.close had been called when each stage first reported progress. */
function closedByStage(close: jest.SpyInstance): { seen: Map<string, number>; onProgress: BuildOptions['onProgress'] } {
  const seen = new Map<string, number>();
  return { seen, onProgress: (event) => void (seen.has(event.stage) || seen.set(event.stage, close.mock.calls.length)) };
}

test('a build of its own lets go of the compiled schemas once validated; a session keeps them until it is closed', async () => {
  const close = jest.spyOn(CompiledSchemas.prototype, 'close');
  const options = (): BuildOptions => ({ src: TEI_DIR, out: path.join(temporaryDir('session-out'), 'dist'), validate: true, edition: PINNED_EDITION, cache: false });

  const once = closedByStage(close);
  const alone = await buildEdition({ ...options(), onProgress: once.onProgress });
  expect(alone.published).toBe(true);
  // render-documents: the first stage that starts once the collection is validated (its few summaries are made
  // while it is validated: pipeline.ts).
  expect(once.seen.get('render-documents')).toBe(1);

  close.mockClear();
  const kept = closedByStage(close);
  const session = new BuildSession();
  try {
    expect((await session.build({ ...options(), onProgress: kept.onProgress })).published).toBe(true);
    expect(kept.seen.get('render-documents')).toBe(0);
    expect(close).not.toHaveBeenCalled();
  } finally {
    await session.close();
  }
  expect(close).toHaveBeenCalledTimes(1);
});
