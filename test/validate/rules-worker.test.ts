import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { prestartRulesWorker, releaseRulesWorker, runInRulesWorker } from '../../src/validation/rules/rules-worker';
import { compileSchematron } from '../../src/validation/rules/schematron';
import { DocumentOutcome, runRules, RulesJob } from '../../src/validation/rules/schematron-run';
import { FIXTURES } from './helpers';

/*
 * The rules worker (started ahead by the CLI) only moves the Schematron run to another thread: the same
 * job must give the same outcomes there as on the calling thread, for every kind of outcome.
 */
describe('the rules worker', () => {
  const dir = path.join(FIXTURES, 'schematron');
  const file = (name: string): string => path.join(dir, name);
  const document = (name: string, text: string): RulesJob['documents'][number] => ({ text, baseURI: pathToFileURL(file(name)).href });
  const items = fs.readFileSync(file('items.xml'), 'utf8');
  const other = fs.readFileSync(file('other.xml'), 'utf8');
  const compiled = compileSchematron(file('features.sch'));
  const job: RulesJob = {
    sef: compiled.sef,
    sefBaseURI: pathToFileURL(compiled.file).href,
    documents: [
      document('items.xml', items),
      // xs:integer('x') in the rules: a dynamic error on this document only.
      document('not-a-number.xml', '<list xmlns="urn:test"><item n="x" code="a"/></list>'),
      // An entity SaxonJS's parser cannot resolve.
      document('entity.xml', '<!DOCTYPE list [<!ENTITY a "x"><!ENTITY b "&a;y">]><list xmlns="urn:test">&b;</list>'),
      document('other.xml', other),
    ],
    collection: new Map([[file('items.xml'), items], [file('other.xml'), other]]),
  };
  const kind = (outcome: DocumentOutcome): string => Object.keys(outcome)[0];

  afterEach(() => releaseRulesWorker());

  test('gives the outcomes the calling thread gives: findings, a failing rule, an unreadable document', async () => {
    const here = await runRules(job);
    expect(here.documents.map(kind)).toEqual(['findings', 'failure', 'unreadable', 'findings']);
    expect(here.documents[0]).toMatchObject({ findings: expect.arrayContaining([expect.objectContaining({ rule: 'item-limit' }), expect.objectContaining({ rule: 'reads-collection' })]) });
    // Every local file the rules asked for, found or refused, for the result cache; not the network.
    expect(here.reads).toEqual(['/etc/hostname', '/etc/passwd', file('other.xml')].sort());

    prestartRulesWorker({ evenWithFastRules: true });
    expect(await runInRulesWorker(job)).toEqual(here);
    // The same worker takes several jobs (a large collection runs in chunks).
    const last = await runInRulesWorker({ ...job, documents: job.documents.slice(3) });
    expect(last?.documents).toEqual(here.documents.slice(3));
  });

  test('without a worker (never started, or released once the rules ran) the caller runs the job itself', async () => {
    expect(await runInRulesWorker(job)).toBeUndefined();
    prestartRulesWorker({ evenWithFastRules: true });
    releaseRulesWorker();
    expect(await runInRulesWorker(job)).toBeUndefined();
  });
});
