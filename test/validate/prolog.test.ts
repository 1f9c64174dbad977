import { parseXmlTree, prologProcessingInstructions } from '../../src/xml/tree';

/** The schema layer starts from the prolog alone; it must find what the full parse finds. */
describe('prologProcessingInstructions', () => {
  const cases: Record<string, string> = {
    plain: '<?xml version="1.0"?>\n<?xml-model href="a.rng"?>\n<TEI/>',
    'after a BOM, comments and a DOCTYPE with an internal subset': '\ufeff<?xml version="1.0"?>\n<!-- a <?xml-model href="no.rng"?> in a comment -->\n<!DOCTYPE TEI [\n<!ENTITY x "y">\n]>\n  <?xml-model href="b.rng" schematypens="http://relaxng.org/ns/structure/1.0"?><?other x?>\n<TEI>&x;</TEI>',
    'none at all': '<TEI><?xml-model href="late.rng"?></TEI>',
  };
  test.each(Object.entries(cases))('%s', (_name, text) => {
    expect(prologProcessingInstructions(text)).toEqual(parseXmlTree(text).processingInstructions.filter((pi) => pi.inProlog));
  });

  test('a prolog it cannot read is left to the full parse (null)', () => {
    expect(prologProcessingInstructions('<?xml version="1.0"?>\ntext before the root<TEI/>')).toBeNull();
    expect(prologProcessingInstructions('<!-- never closed <TEI/>')).toBeNull();
  });
});
