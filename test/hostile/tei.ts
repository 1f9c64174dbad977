/**
 * Valid TEI documents for the hostile suite: each passes all three layers (well-formedness, the
 * project's RelaxNG schema, the edition rules) until a test breaks it on purpose.
 */
export interface TeiOptions {
  /** The xml-model href (the project schema, relative to the document's folder). */
  schemaHref?: string;
  /** Title text (escaped by the caller). */
  title?: string;
  /** The body paragraphs (markup, as written). */
  body?: string;
  /** The XML declaration's encoding label. */
  encoding?: string;
  /** Extra attributes on a <ref>, etc.: anything between the <div> start tag and the paragraphs. */
  head?: string;
}

export function teiDocument(id: string, options: TeiOptions = {}): string {
  const { schemaHref = 'schemas/edition.rng', title = `Document ${id}`, body = '<p>Crème brûlée in Zürich, naïve façade.</p>', encoding = 'UTF-8', head = `Document ${id}` } = options;
  return `<?xml version="1.0" encoding="${encoding}"?>
<?xml-model href="${schemaHref}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="${id}" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main">${title}</title>
      </titleStmt>
      <publicationStmt>
        <publisher>Hostile fixtures</publisher>
        <date when="2026-11-23">2026</date>
        <availability>
          <licence target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</licence>
        </availability>
      </publicationStmt>
      <sourceDesc>
        <bibl>A test fixture.</bibl>
      </sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
      <div type="document" n="1" xml:id="${id}-d1">
        <head>${head}</head>
        ${body}
      </div>
    </body>
  </text>
</TEI>
`;
}

/** The line (1-based) on which teiDocument puts the body: positions in tests count from it. */
export const BODY_LINE = 25;
