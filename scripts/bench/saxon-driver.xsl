<?xml version="1.0" encoding="UTF-8"?>
<!--
  The Saxon-Java side of the build comparison (scripts/bench/index.js): the same work as
  src/publish/build.ts does with SaxonJS, on the same files, in one JVM.

    java -cp Saxon-HE.jar net.sf.saxon.Transform -it -xsl:saxon-driver.xsl list=FILES.txt src=DIR/ out=OUT/ xslt=XSLT/

  - every file is parsed once; `collection` is the same sequence of map { 'path', 'document' };
  - each stylesheet is compiled once (fn:transform caches compiled stylesheets by location);
  - per document: html.xsl then text.xsl with the document as context item and the parameters
    `collection`, `source-path`, `edition`; every xsl:result-document is written under OUT/html or
    OUT/text, the TEI source is copied as the manifest's `tei-copy`; a register (manifest kind
    other than "document") gets no text edition, as in build.ts;
  - the collection pages: the initial template of html.xsl, and of text.xsl with `rendered-texts`.
  Not done here (so Saxon-Java does less than `build`): validation, the static assets, the atomic swap.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  exclude-result-prefixes="#all">

  <xsl:param name="list" as="xs:string"/>
  <xsl:param name="src" as="xs:string"/>
  <xsl:param name="out" as="xs:string"/>
  <xsl:param name="xslt" as="xs:string"/>

  <xsl:variable name="files" select="unparsed-text-lines(resolve-uri($list, static-base-uri()))[normalize-space()]"/>
  <xsl:variable name="src-uri" select="resolve-uri($src, static-base-uri())"/>
  <xsl:variable name="out-uri" select="resolve-uri($out, static-base-uri())"/>
  <xsl:variable name="html-xsl" select="resolve-uri('html.xsl', resolve-uri($xslt, static-base-uri()))"/>
  <xsl:variable name="text-xsl" select="resolve-uri('text.xsl', resolve-uri($xslt, static-base-uri()))"/>
  <xsl:variable name="edition" select="map { 'version': 'bench', 'commit': 'bench', 'build-date': '2026-01-01' }"/>
  <xsl:variable name="initial-template" select="QName('http://www.w3.org/1999/XSL/Transform', 'initial-template')"/>

  <xsl:variable name="collection" as="map(*)*">
    <xsl:for-each select="$files">
      <xsl:variable name="uri" select="resolve-uri(., $src-uri)"/>
      <xsl:sequence select="map { 'path': substring-after($uri, $src-uri), 'document': doc($uri), 'uri': $uri }"/>
    </xsl:for-each>
  </xsl:variable>

  <xsl:function name="ed:run" xmlns:ed="urn:bench" as="map(*)">
    <xsl:param name="stylesheet" as="xs:string"/>
    <xsl:param name="options" as="map(*)"/>
    <xsl:param name="params" as="map(*)"/>
    <xsl:param name="folder" as="xs:string"/>
    <xsl:sequence select="transform(map:merge(($options, map {
      'stylesheet-location': $stylesheet,
      'stylesheet-params': $params,
      'delivery-format': 'serialized',
      'base-output-uri': $out-uri || $folder || '/'
    })))"/>
  </xsl:function>

  <!-- Writes the secondary results of a transform (every key but the principal result's). -->
  <xsl:template name="write">
    <xsl:param name="result" as="map(*)"/>
    <xsl:param name="folder" as="xs:string"/>
    <xsl:for-each select="map:keys($result)[. ne $out-uri || $folder || '/' and . ne 'output']">
      <xsl:result-document href="{.}" method="text"><xsl:value-of select="$result(.)"/></xsl:result-document>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="xsl:initial-template" xmlns:ed="urn:bench">
    <xsl:variable name="params" select="map { QName('', 'collection'): $collection, QName('', 'edition'): $edition }"/>
    <!-- Transform first, write afterwards (xsl:result-document cannot run inside a variable). -->
    <xsl:variable name="rendered" as="map(*)*">
      <xsl:for-each select="$collection">
        <xsl:variable name="entry" select="."/>
        <xsl:variable name="document-params" select="map:put($params, QName('', 'source-path'), $entry?path)"/>
        <xsl:variable name="html" select="ed:run($html-xsl, map { 'source-node': $entry?document }, $document-params, 'html')"/>
        <xsl:variable name="manifest" select="parse-json(replace(($html($out-uri || 'html/'), $html?output)[1], '^&lt;\?xml[^>]*>\s*', ''))"/>
        <xsl:sequence select="map { 'entry': $entry, 'html': $html, 'manifest': $manifest,
          'text': if ($manifest?kind eq 'document') then ed:run($text-xsl, map { 'source-node': $entry?document }, $document-params, 'text') else () }"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="texts" select="map:merge($rendered[exists(?text)] ! map { ?entry?path:
      string((for $k in map:keys(?text)[. ne $out-uri || 'text/' and . ne 'output'] return ?text($k))[1]) })"/>
    <xsl:variable name="collection-html" select="ed:run($html-xsl, map { 'initial-template': $initial-template }, $params, 'html')"/>
    <xsl:variable name="collection-text" select="ed:run($text-xsl, map { 'initial-template': $initial-template },
      map:put($params, QName('', 'rendered-texts'), $texts), 'text')"/>

    <xsl:for-each select="$rendered">
      <xsl:call-template name="write"><xsl:with-param name="result" select="?html"/><xsl:with-param name="folder" select="'html'"/></xsl:call-template>
      <xsl:if test="exists(?text)">
        <xsl:call-template name="write"><xsl:with-param name="result" select="?text"/><xsl:with-param name="folder" select="'text'"/></xsl:call-template>
        <xsl:result-document href="{$out-uri}html/{?manifest?tei-copy}" method="text"><xsl:value-of select="unparsed-text(?entry?uri)"/></xsl:result-document>
      </xsl:if>
    </xsl:for-each>
    <xsl:call-template name="write"><xsl:with-param name="result" select="$collection-html"/><xsl:with-param name="folder" select="'html'"/></xsl:call-template>
    <xsl:call-template name="write"><xsl:with-param name="result" select="$collection-text"/><xsl:with-param name="folder" select="'text'"/></xsl:call-template>
    <xsl:value-of select="count($rendered[exists(?text)])"/>
  </xsl:template>
</xsl:stylesheet>
