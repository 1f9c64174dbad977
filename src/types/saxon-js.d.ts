/** The parts of SaxonJS 2 (saxon-js, no bundled typings) that the publisher uses. */
declare module 'saxon-js' {
  /** An XDM node as SaxonJS represents it (a DOM-like object); opaque to TypeScript. */
  export type XdmNode = object;

  export interface ResultDocumentSink {
    destination: 'serialized';
    save: (uri: string, value: string, encoding?: string) => void;
  }

  export interface TransformOptions {
    stylesheetInternal: object;
    sourceNode?: XdmNode;
    initialTemplate?: string;
    initialMode?: string;
    stylesheetParams?: Record<string, unknown>;
    destination: 'serialized';
    baseOutputURI: string;
    deliverResultDocument: (uri: string) => ResultDocumentSink;
    deliverMessage?: (message: unknown, errorCode?: unknown) => void;
    collectionFinder?: (uri: string) => unknown;
  }

  export interface TransformResult {
    principalResult: string;
  }

  export function transform(options: TransformOptions, execution: 'sync'): TransformResult;
  export function getResource(options: { text: string; type: 'xml' }): Promise<XdmNode>;
  export const XPath: { evaluate(xpath: string, context: XdmNode): unknown };
}
