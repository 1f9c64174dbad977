<?xml version="1.0" encoding="UTF-8"?>
<!--
  Saxon-HE Java's side of the build comparison, text half (see saxon-html.xsl and scripts/bench/saxon.js).
  One transformation in one JVM, as text.xsl needs no per-document global:

    java -cp Saxon-HE.jar net.sf.saxon.Transform -xsl:saxon-text.xsl -it:{urn:tei-edition:bench}main
         -o:OUT/text/manifest.json ?collection=… ?edition=…

  Each document's text edition is rendered once (text:document, as text.xsl's per-document entry point
  does with `source-path`), written to <name>.txt, and reused for edition.txt through `summaries`,
  as build.ts does (text.xsl's $summaries).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:ed="urn:tei-edition"
  xmlns:text="urn:tei-edition:text"
  xmlns:bench="urn:tei-edition:bench"
  exclude-result-prefixes="#all">

  <xsl:import href="../../xslt/text.xsl"/>

  <!-- See saxon-html.xsl: Saxon Java's resolve-uri() writes file:/ for file:///. -->
  <xsl:variable name="ed:collection-base" as="xs:string" select="'file:/collection/'"/>

  <xsl:variable name="bench:documents" select="$collection[ed:is-edition-document(?document)]"/>
  <!-- text.xsl's $summaries, as build.ts passes them: each edition document's chronological key, title and
       text edition, rendered once. -->
  <xsl:variable name="summaries" as="map(*)*" select="$bench:documents ! map {
      'path': ?path, 'name': ed:document-name(?document, ?path), 'date-key': ed:date-key(?document),
      'title': ed:title(?document), 'text': text:document(?document, ?path) }"/>

  <xsl:template name="bench:main">
    <xsl:for-each select="$summaries">
      <xsl:result-document href="{?name}.txt" format="text">
        <xsl:value-of select="?text"/>
      </xsl:result-document>
    </xsl:for-each>
    <xsl:call-template name="xsl:initial-template"/>
  </xsl:template>
</xsl:stylesheet>
