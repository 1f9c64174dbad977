import * as fs from 'fs';
import * as path from 'path';
import { publish, PUBLISH_FIXTURES, read, snapshot, temporaryDir } from '../support/publish';

/*
 * After an editor's save the pipeline overlaps stages (src/publish/pipeline.ts): the search index is made while the
 * documents render, from the names their summaries give. When the rendering leaves a document out, that index
 * is not the one to publish: it is made again from what was published. A small collection on worker threads is such
 * a build (two documents to summarize); on the main thread alone the stages run in order, with the same result.
 */

const GOOD = path.join(PUBLISH_FIXTURES, 'isolation', 'good.xml');

/** A document that summarizes (it parses) but loses its name to good.xml, with a person only it names. */
const LOSER = `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="good" xml:lang="en">
  <teiHeader><fileDesc><titleStmt><title>Another document that claims the id "good"</title></titleStmt>
    <publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc></teiHeader>
  <text><body><p>A letter from <persName ref="#quux">Zebedee Quux</persName> about gooseberries.</p></body>
  <back><listPerson><person xml:id="quux"><persName>Quux, Zebedee</persName></person></listPerson></back></text>
</TEI>
`;

function searchFiles(out: string): Map<string, Buffer> {
  return snapshot(path.join(out, 'html', 'search'));
}

describe.each([
  ['on the main thread', 0],
  ['in worker threads', 2],
])('the search index made while the documents render, %s', (_where, workers) => {
  test('a document the rendering leaves out (its name taken) is not in it: the index is that of the collection without it', async () => {
    const withLoser = temporaryDir('overlap-loser');
    fs.copyFileSync(GOOD, path.join(withLoser, 'good.xml'));
    fs.writeFileSync(path.join(withLoser, 'same-id.xml'), LOSER);
    const alone = temporaryDir('overlap-alone');
    fs.copyFileSync(GOOD, path.join(alone, 'good.xml'));

    const built = await publish(withLoser, { workers });
    expect(built.result.published).toBe(true);
    expect(built.result.failed).toEqual(['same-id.xml']);
    expect(built.result.diagnostics.map((d) => d.rule)).toEqual(['document-name-duplicate']);
    const reference = await publish(alone, { workers });

    const index = searchFiles(built.out);
    expect(index.size).toBeGreaterThan(0);
    expect([...index.keys()].sort()).toEqual([...searchFiles(reference.out).keys()].sort());
    for (const [file, bytes] of searchFiles(reference.out)) expect({ file, same: index.get(file)!.equals(bytes) }).toEqual({ file, same: true });
    // The search page's data too (made by the same stage).
    expect(read(path.join(built.out, 'html', 'search.html'))).toBe(read(path.join(reference.out, 'html', 'search.html')));
  });
});
