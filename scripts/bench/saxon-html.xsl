<?xml version="1.0" encoding="UTF-8"?>
<!--
  Saxon-HE Java's side of the build comparison, HTML half (scripts/bench/saxon.js runs it; text half:
  saxon-text.xsl). The same work as src/publish/build.ts does with xslt/html.xsl, in one JVM that
  compiles html.xsl once:

    java -cp Saxon-HE.jar net.sf.saxon.Transform -xsl:saxon-html.xsl -s:STAGE -o:OUT/html
         ?bench-collection=… ?bench-paths=… ?edition=…

  -s over a folder makes every file its own transformation, so each document gets its own global
  `source-path`, as build.ts gives it; `collection` (every document, parsed once, given as an XPath
  parameter) is shared. The staged file collection.xml (a bench:collection element) stands for the
  collection entry point: its transformation writes index.html and the register pages.

  Why not fn:transform: Saxon-HE 9.9 serializes the secondary results of fn:transform with the principal
  result's serialization parameters (JSON, for our manifest), so its pages come out as JSON strings.
  Here every page is serialized by the top-level transformation, with html.xsl's own format "page".
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:ed="urn:tei-edition"
  xmlns:bench="urn:tei-edition:bench"
  exclude-result-prefixes="#all">

  <xsl:import href="../../xslt/html.xsl"/>

  <!-- Every document of the collection: map { 'path', 'document' }, as build.ts passes `collection`. -->
  <xsl:param name="bench-collection" as="map(*)*"/>
  <!-- Staged file name → collection path (the staged copies are numbered: any path, any folder). -->
  <xsl:param name="bench-paths" as="map(*)"/>

  <xsl:variable name="bench:document" select="/"/>
  <xsl:variable name="source-path" as="xs:string" select="string($bench-paths(tokenize(base-uri(/), '/')[last()]))"/>
  <!-- The document being rendered is the one in the collection (html.xsl compares documents with `is`). -->
  <xsl:variable name="collection" as="map(*)*"
    select="$bench-collection ! (if (?path = $source-path) then map { 'path': ?path, 'document': $bench:document } else .)"/>
  <!-- Saxon Java's resolve-uri() turns file:/// into file:/, so html.xsl's collection URIs must be
       written that way for its lookups (by resolved URI) to find the documents. -->
  <xsl:variable name="ed:collection-base" as="xs:string" select="'file:/collection/'"/>

  <xsl:template match="document-node(element(bench:collection))" priority="10">
    <xsl:call-template name="xsl:initial-template"/>
  </xsl:template>

  <!-- A document: its page (html.xsl), then its TEI copy, as build.ts writes it beside the page. -->
  <xsl:template match="/">
    <xsl:apply-imports/>
    <xsl:if test="ed:is-edition-document(.)">
      <xsl:result-document href="documents/{ed:document-name(., $source-path)}.xml" method="text" encoding="UTF-8">
        <xsl:value-of select="unparsed-text(base-uri(.))"/>
      </xsl:result-document>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
