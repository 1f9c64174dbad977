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
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:array="http://www.w3.org/2005/xpath-functions/array"
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

  <!--
    The collection pages, as build.ts renders them: every file summarized in a transformation of its own
    (mode ed:summary, with its own `source-path`: saxon-summary.xsl, through fn:transform delivering the
    map itself); the mentions joined to the register entries they reach (build.ts collectionPagesOf: one
    page per register and xml:id, its first entry's; a pointer reaches the first entry with its target);
    then html.xsl's collection entry point, whose parameters (index, registers, entry-pages: each page's
    data) these variables override. Evaluated only for the collection trigger (global variables are lazy).
  -->
  <xsl:template match="document-node(element(bench:collection))" priority="10">
    <xsl:call-template name="xsl:initial-template"/>
  </xsl:template>

  <xsl:variable name="bench:summaries" as="map(*)*" select="$bench-collection ! transform(map {
      'stylesheet-location': 'saxon-summary.xsl',
      'source-node': ?document,
      'initial-mode': QName('urn:tei-edition', 'summary'),
      'stylesheet-params': map { QName('', 'source-path'): ?path, QName('', 'collection'): . },
      'delivery-format': 'raw' })?output"/>
  <xsl:variable name="bench:entries" as="map(*)*" select="$bench:summaries ! array:flatten(?entries)"/>
  <xsl:variable name="bench:groups" as="xs:string*" select="$bench:entries ! ?group"/>
  <xsl:variable name="bench:targets" as="xs:string*" select="$bench:entries ! ?target"/>
  <xsl:variable name="bench:winners" as="map(*)*" select="for $g in distinct-values($bench:groups) return $bench:entries[index-of($bench:groups, $g)[1]]"/>
  <!-- target → the group whose page lists what points to it (only when the entry it reaches has the page). -->
  <xsl:variable name="bench:reaches" as="map(*)" select="map:merge(
      for $t in distinct-values($bench:targets[. != '']), $first in index-of($bench:targets, $t)[1]
      return if (index-of($bench:groups, $bench:groups[$first])[1] = $first) then map { $t: $bench:groups[$first] } else ())"/>
  <xsl:variable name="bench:documents" as="map(*)*" select="$bench:summaries[?edition-document]"/>

  <xsl:variable name="entry-pages" as="map(*)*" select="
      for $entry in $bench:winners return map {
        'xml': $entry?xml,
        'documents': for $d in $bench:documents
                     return let $listed := for $m in array:flatten($d?mentions), $t in array:flatten($m?targets)
                                           return if ($bench:reaches($t) = $entry?group) then map:put($m, 'targets', ()) else ()
                            return if (empty($listed)) then () else map {
                              'path': $d?document?path, 'name': $d?document?name, 'title': $d?document?title,
                              'date-key': $d?document?date-key, 'mentions': $listed } }"/>
  <xsl:variable name="registers" as="map(*)*" select="
      for $register in ('persons', 'places', 'organisations')
      return map { 'register': $register, 'entries':
        for $i in 1 to count($bench:winners) return
          if ($bench:winners[$i]?register = $register)
          then map { 'xml': $bench:winners[$i]?xml, 'mentions': count($entry-pages[$i]?documents ! ?mentions) } else () }"/>
  <xsl:variable name="index" as="map(*)" select="map {
      'documents': $bench:documents ! ?document,
      'entries': map:merge($registers ! map { ?register: count(?entries) }) }"/>

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
