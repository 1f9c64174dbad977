import type { Summary } from '../../src/publish/transform';

/*
 * The words a document's indexing stemmed, kept for the next process that indexes it again
 * (src/search/document.ts, analysedWordsJson / knowWords; the search stage keeps them per document path):
 * a new process takes their terms and forms as given, and stems only the words the table lacks.
 */

function summary(texts: string[]): Summary {
  return {
    document: { path: 'L.xml', title: 'Letters', lang: 'en', 'date-label': '', 'date-key': 'L' },
    search: { type: 'letter', from: '', to: '', blocks: texts.map((text, i) => ({ id: `p${i}`, lang: i === 1 ? 'de' : 'en', text, mentions: [] })) },
    mentions: [],
  } as unknown as Summary;
}

type DocumentModule = typeof import('../../src/search/document');

/** The document module as a new process has it (nothing analysed yet). */
function freshModule(): DocumentModule {
  let loaded: DocumentModule | undefined;
  jest.isolateModules(() => {
    loaded = require('../../src/search/document') as DocumentModule;
  });
  return loaded!;
}

test('words kept by one process index a document in another exactly as stemming them would, and are taken as given', () => {
  const texts = ['The negotiations were resumed, negotiating again.', 'Die Verhandlungen wurden fortgesetzt.'];
  const first = freshModule();
  const used = new Map() as import('../../src/search/document').AnalysedWords;
  const indexed = first.indexDocument(summary(texts), 'l', used);
  expect([...used.keys()].sort()).toEqual(['de', 'en']);
  expect(used.get('en')!.get('negotiations')).toEqual(['negoti|en', 'negotiations']);
  const json = first.analysedWordsJson(used);

  // A new process with the words: the same indexed document, also for a text with a word the table lacks.
  const second = freshModule();
  second.knowWords(json);
  expect(second.indexDocument(summary(texts), 'l')).toEqual(indexed);
  const edited = [`${texts[0]} Edited`, texts[1]];
  expect(second.indexDocument(summary(edited), 'l')).toEqual(freshModule().indexDocument(summary(edited), 'l'));

  // The terms come from the table, not from the stemmer: a table that says otherwise is what the index gets.
  const third = freshModule();
  third.knowWords(json.replace('"negoti|en"', '"kept|en"'));
  const fromTable = third.indexDocument(summary(texts), 'l');
  expect(fromTable.terms.find(([term]) => term === 'kept|en')).toEqual(['kept|en', 1]);
  expect(fromTable.terms.find(([term]) => term === 'negoti|en')).toEqual(['negoti|en', 1]);

  // Unreadable tables are ignored.
  const fourth = freshModule();
  fourth.knowWords('{not json');
  fourth.knowWords('[["en", [["word", 1, null]]]]');
  expect(fourth.indexDocument(summary(texts), 'l')).toEqual(indexed);
});
