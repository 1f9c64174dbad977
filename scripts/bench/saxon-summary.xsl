<?xml version="1.0" encoding="UTF-8"?>
<!--
  Saxon-HE Java's side of the build comparison: a file's summary (mode ed:summary of xslt/common.xsl), as
  src/publish/build.ts computes it, one transformation per file with its own `source-path`. saxon-html.xsl
  calls it through fn:transform (delivery "raw": the map itself, nothing serialized, so Saxon-HE 9.9's
  serialization quirk does not apply).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:ed="urn:tei-edition"
  exclude-result-prefixes="#all">

  <xsl:import href="../../xslt/html.xsl"/>

  <!-- See saxon-html.xsl: Saxon Java's resolve-uri() writes file:/ for file:///. -->
  <xsl:variable name="ed:collection-base" as="xs:string" select="'file:/collection/'"/>
</xsl:stylesheet>
