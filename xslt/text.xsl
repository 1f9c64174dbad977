<?xml version="1.0" encoding="UTF-8"?>
<!--
  The plain-text edition. Two entry points (see src/publish/transform.ts):

  - per document: the TEI document node as context item. Writes <name>.txt and returns a JSON
    manifest { "kind": "document", "name": ... } (or { "kind": "register" }).
  - collection (initial template xsl:initial-template): edition.txt, every document in chronological order.

  Rendering goes in two steps: the TEI becomes a flat sequence of <ed:block> elements (mode
  text:blocks, inline content as strings from the reading model's mode ed:text in common.xsl), then
  each block is wrapped at 78 columns and blocks are joined with blank lines (text:serialize). UTF-8,
  LF line endings.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:tei-edition"
  xmlns:err="http://www.w3.org/2005/xqt-errors"
  xmlns:text="urn:tei-edition:text"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:import href="common.xsl"/>

  <xsl:output method="json" indent="no"/>
  <xsl:output name="text" method="text" encoding="UTF-8"/>

  <xsl:variable name="text:width" select="78" as="xs:integer"/>
  <xsl:variable name="text:nl" select="'&#10;'" as="xs:string"/>

  <!-- ===================================================================================== -->
  <!-- Entry points                                                                          -->
  <!-- ===================================================================================== -->

  <xsl:template match="/">
    <xsl:variable name="name" select="ed:document-name(., $source-path)"/>
    <xsl:choose>
      <xsl:when test="ed:is-edition-document(.)">
        <xsl:result-document href="{$name}.txt" format="text">
          <xsl:value-of select="text:document(., $source-path)"/>
        </xsl:result-document>
        <xsl:sequence select="map { 'kind': 'document', 'name': $name }"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="map { 'kind': 'register' }"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The edition documents' summaries (map { 'path', 'date-key', 'title' }, mode ed:summary), in collection
       order, each with its text edition already rendered ('text'): with them, edition.txt needs no parsed
       document (an incremental build). The texts travel inside the summaries rather than in one map keyed by
       path: SaxonJS builds a map of thousands of such keys in quadratic time. -->
  <xsl:param name="summaries" as="map(*)*" select="()"/>

  <xsl:template name="xsl:initial-template">
    <xsl:variable name="documents" select="if (exists($summaries)) then ed:sort-chronologically($summaries) else ed:chronological($collection)"/>
    <xsl:result-document href="edition.txt" format="text">
      <xsl:variable name="heading" as="element()*">
        <ed:block kind="title">{ed:edition-title()}</ed:block>
        <xsl:if test="ed:edition-subtitle()"><ed:block kind="p">{ed:edition-subtitle()}</ed:block></xsl:if>
        <xsl:if test="ed:edition-purpose()"><ed:block kind="p">{ed:edition-purpose()}</ed:block></xsl:if>
        <!-- What the edition configuration (edition.yml) says of the edition, where it says it. -->
        <xsl:if test="exists(ed:edition-list('editors'))"><ed:block kind="p" tight="edition" prefix="Edited by:  ">{ed:edition-list('editors') => string-join(', ')}</ed:block></xsl:if>
        <xsl:if test="exists(ed:edition-list('language-names'))"><ed:block kind="p" tight="edition" prefix="Languages:  ">{ed:edition-list('language-names') => string-join(', ')}</ed:block></xsl:if>
        <xsl:if test="exists($edition?licence)"><ed:block kind="p" tight="edition" prefix="Licence:    ">{string-join(($edition?licence?label, $edition?licence?url ! ('&lt;' || . || '&gt;')), ' ')}</ed:block></xsl:if>
        <xsl:if test="$edition?base-url"><ed:block kind="p" tight="edition" prefix="Online:     ">{$edition?base-url}</ed:block></xsl:if>
        <ed:block kind="p" tight="edition" prefix="Version:    ">{ed:edition-info('version')}</ed:block>
        <ed:block kind="p" tight="edition" prefix="Built:      ">{ed:edition-info('build-date')}</ed:block>
        <ed:block kind="p" tight="edition" prefix="Commit:     ">{ed:edition-info('commit')}</ed:block>
        <ed:block kind="p" tight="edition" prefix="Documents:  ">{count($documents)}, in chronological order</ed:block>
      </xsl:variable>
      <xsl:value-of select="text:serialize($heading)"/>
      <xsl:for-each select="$documents">
        <xsl:value-of select="$text:nl || $text:nl || string-join((1 to $text:width) ! '*') || $text:nl || $text:nl"/>
        <xsl:value-of select="if (map:contains(., 'text')) then string(?text) else text:document(?document, ?path)"/>
      </xsl:for-each>
    </xsl:result-document>
    <xsl:sequence select="map { 'kind': 'collection' }"/>
  </xsl:template>

  <!-- One document: title block, text, notes. Ends with exactly one newline. -->
  <xsl:function name="text:document" as="xs:string">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="path" as="xs:string"/>
    <xsl:variable name="numbering" select="ed:numbering($doc)"/>
    <xsl:variable name="blocks" as="element()*">
      <xsl:call-template name="text:title-block">
        <xsl:with-param name="doc" select="$doc"/>
      </xsl:call-template>
      <!-- A manuscript's description: a catalogue record's substance, a transcription's source's (ed:described-manuscripts). -->
      <xsl:apply-templates select="ed:described-manuscripts($doc)" mode="text:ms"/>
      <xsl:if test="exists(ed:described-manuscripts($doc)) and not(ed:is-catalogue-record($doc))"><ed:block kind="head">Text</ed:block></xsl:if>
      <!-- The conspectus siglorum, before the text it is read with. -->
      <xsl:if test="exists(ed:witness-lists($doc)) and ed:has-apparatus($doc)">
        <ed:block kind="head">Witnesses</ed:block>
        <xsl:apply-templates select="ed:witness-lists($doc)" mode="text:blocks"/>
      </xsl:if>
      <xsl:apply-templates select="ed:texts($doc)" mode="text:blocks">
        <xsl:with-param name="ed:numbering" select="$numbering" tunnel="yes"/>
        <xsl:with-param name="path" select="$path" tunnel="yes"/>
      </xsl:apply-templates>
      <!-- The critical apparatus: one entry per app of the text, "{n} lemma Wit] reading Wit" (ed:apparatus-text). -->
      <xsl:variable name="apparatus" select="ed:apparatus($doc)"/>
      <xsl:if test="exists($apparatus)">
        <ed:block kind="head">Apparatus</ed:block>
        <xsl:for-each select="$apparatus">
          <xsl:variable name="label" select="ed:app-marker(ed:app-number(., $numbering)) || ' '"/>
          <ed:block kind="p" indent="{string-length($label)}" label="{$label}" tight="apparatus">{ed:apparatus-text(., $numbering)}</ed:block>
        </xsl:for-each>
      </xsl:if>
      <xsl:if test="exists(ed:notes($doc))">
        <ed:block kind="head">Notes</ed:block>
        <xsl:apply-templates select="ed:notes($doc)" mode="text:note-body">
          <xsl:with-param name="ed:numbering" select="$numbering" tunnel="yes"/>
          <xsl:with-param name="path" select="$path" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:if>
      <!-- The document's own register (its back matter's lists): each entry's one-line description. -->
      <xsl:if test="exists(ed:document-register($doc))">
        <ed:block kind="head">Register</ed:block>
        <xsl:for-each-group select="ed:document-register($doc)" group-adjacent="ed:register-of(.)">
          <ed:block kind="p">{ed:register-title(current-grouping-key())}</ed:block>
          <xsl:for-each select="current-group()">
            <ed:block kind="p" tight="{current-grouping-key()}" prefix="- ">{ed:entry-description(.)}</ed:block>
          </xsl:for-each>
        </xsl:for-each-group>
      </xsl:if>
    </xsl:variable>
    <xsl:sequence select="text:serialize($blocks) || $text:nl"/>
  </xsl:function>

  <xsl:template name="text:title-block">
    <xsl:param name="doc" as="document-node()"/>
    <ed:block kind="title">{ed:title($doc)}</ed:block>
    <xsl:if test="ed:subtitle($doc)"><ed:block kind="p">{ed:subtitle($doc)}</ed:block></xsl:if>
    <xsl:variable name="correspondence" select="ed:correspondence($doc)"/>
    <xsl:variable name="fields" as="map(*)*" select="(
      map { 'label': 'Date', 'value': ed:date-label($doc) },
      map { 'label': 'From', 'value': string-join($correspondence[?type eq 'sent'] ! (?who, ?where) ! ed:plain(.), ', ') },
      map { 'label': 'To', 'value': string-join($correspondence[?type eq 'received'] ! (?who, ?where) ! ed:plain(.), ', ') },
      map { 'label': 'Source', 'value': ed:source-bibl($doc) ! ed:source-text(.) },
      map { 'label': 'Archive', 'value': string-join((ed:archive-identifier($doc), ed:archive-links($doc)), ', ') },
      map { 'label': 'Translator', 'value': string-join(ed:translators($doc), ', ') },
      map { 'label': 'Edition', 'value': ed:edition-title() || ', version ' || ed:edition-info('version') })"/>
    <xsl:for-each select="$fields[normalize-space(?value)]">
      <ed:block kind="p" tight="fields" prefix="{substring(?label || ':' || string-join((1 to 12) ! ' '), 1, 12)}">{?value}</ed:block>
    </xsl:for-each>
  </xsl:template>

  <!-- ===================================================================================== -->
  <!-- Manuscript descriptions (msDesc), laid out as html.xsl lays them out                    -->
  <!-- ===================================================================================== -->

  <!-- A description or a part of one: heading, shelfmark, heading and prose, identifiers, then each group of fields
       under its heading; its parts after it. -->
  <xsl:template match="tei:msDesc | tei:msPart | tei:msFrag" mode="text:ms">
    <ed:block kind="head">{if (self::tei:msDesc) then ed:ms-heading(.)
                           else (if (self::tei:msPart) then 'Part ' else 'Fragment ')
                                || (normalize-space(@n)[.], string(count(preceding-sibling::*[local-name() = local-name(current())]) + 1))[1]}</ed:block>
    <xsl:variable name="identifier" select="ed:ms-identifier(.)"/>
    <xsl:for-each select="ed:ms-shelfmark($identifier)"><ed:block kind="p">{.}</ed:block></xsl:for-each>
    <xsl:for-each select="(tei:head | tei:p)[normalize-space()]"><ed:block kind="p">{text:ms-text(node())}</ed:block></xsl:for-each>
    <xsl:apply-templates select="ed:ms-other-identifiers($identifier)" mode="text:ms-field"/>
    <xsl:for-each select="ed:ms-sections(.)">
      <xsl:variable name="section" select="?element"/>
      <xsl:variable name="fields" select="(if ($section/self::tei:msContents) then ed:ms-item-fields($section) else ed:ms-fields($section))[ed:ms-has-content(.)]"/>
      <xsl:variable name="items" select="$section/(tei:msItem | tei:msItemStruct)"/>
      <xsl:if test="exists(($fields, $items))">
        <ed:block kind="p">{upper-case(?heading)}</ed:block>
        <xsl:apply-templates select="$fields" mode="text:ms-field"/>
        <xsl:apply-templates select="$items" mode="text:ms-item"/>
      </xsl:if>
    </xsl:for-each>
    <xsl:apply-templates select="tei:msPart | tei:msFrag" mode="text:ms"/>
  </xsl:template>

  <!-- A field: "Label: content", its lines hanging under the content. -->
  <xsl:template match="*" mode="text:ms-field">
    <xsl:param name="indent" as="xs:integer" select="0"/>
    <xsl:variable name="label" select="ed:ms-label(.) || ': '"/>
    <ed:block kind="p" indent="{$indent}" prefix="{$label}">{text:ms-field-text(.)}</ed:block>
  </xsl:template>

  <!-- An item of the contents: "1. fols. 1r–120v Author, Title", its fields and its own items indented below. -->
  <xsl:template match="tei:msItem | tei:msItemStruct" mode="text:ms-item">
    <xsl:param name="indent" as="xs:integer" select="0"/>
    <xsl:variable name="lead" select="ed:ms-item-lead(.)[ed:ms-has-content(.)]"/>
    <xsl:variable name="number" select="normalize-space(@n)[.] ! (. || '. ')"/>
    <xsl:variable name="line" select="string-join(for $l in $lead return
      ((if ($l is $lead[1]) then '' else if ($l/preceding-sibling::*[1][self::tei:locus or self::tei:locusGrp]) then ' ' else ', ') || text:ms-text($l)))"/>
    <ed:block kind="p" indent="{$indent}" prefix="{($number, '- ')[1]}">{($line[.], '(untitled)')[1]}</ed:block>
    <xsl:apply-templates select="ed:ms-item-fields(.)[ed:ms-has-content(.)]" mode="text:ms-field">
      <xsl:with-param name="indent" select="$indent + 4"/>
    </xsl:apply-templates>
    <xsl:apply-templates select="tei:msItem | tei:msItemStruct" mode="text:ms-item">
      <xsl:with-param name="indent" select="$indent + 4"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- A field's content as one paragraph: its children (a list's heading is its label), notes in brackets where
       they stand; a language by the name of its code where it has no name; origin's date and place apart. -->
  <xsl:function name="text:ms-field-text" as="xs:string">
    <xsl:param name="field" as="element()"/>
    <xsl:sequence select="if ($field/(self::tei:objectDesc | self::tei:supportDesc | self::tei:handDesc | self::tei:layout[not(normalize-space())])) then string(ed:ms-attribute-fact($field))
                          else if ($field/self::tei:textLang[not(normalize-space())]) then string-join(($field/@mainLang, tokenize($field/@otherLangs)) ! normalize-space(.)[.] ! ed:language-name(.), ', ')
                          else if ($field/self::tei:origin[empty(text()[normalize-space()])]) then string-join($field/* ! text:ms-text(.)[.], '; ')
                          else text:ms-text($field/node() except $field/self::tei:listBibl/tei:head)"/>
  </xsl:function>

  <xsl:function name="text:ms-text" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:variable name="parts" as="item()*">
      <xsl:apply-templates select="$nodes" mode="ed:text">
        <xsl:with-param name="ed:markers" select="true()" tunnel="yes"/>
        <xsl:with-param name="ed:inline-notes" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($parts[. instance of xs:string]))"/>
  </xsl:function>

  <!-- ===================================================================================== -->
  <!-- Blocks                                                                                -->
  <!--   tunnel $indent: left margin of the blocks (restricted passages, lists, quotations)     -->
  <!--   tunnel $tight:  blocks with the same non-empty value follow each other line by line   -->
  <!--                   (the lines of one block: verse, items, salutation and signature).   -->
  <!-- ===================================================================================== -->

  <xsl:mode name="text:blocks" on-no-match="shallow-skip"/>

  <!-- A block holding text and other blocks: runs of running text become paragraphs, nested blocks
       keep their own rendering. -->
  <xsl:template match="*" mode="text:blocks">
    <xsl:param name="indent" as="xs:integer" select="0" tunnel="yes"/>
    <xsl:param name="tight" as="xs:string" select="''" tunnel="yes"/>
    <xsl:param name="kind" as="xs:string" select="'p'"/>
    <!-- A sense's senses follow it line by line, as its entry's senses do (tei:entry below). -->
    <xsl:variable name="lines" select="if (self::tei:sense and $tight) then $tight else generate-id()"/>
    <xsl:for-each-group select="node()" group-adjacent="text:is-block(.)">
      <xsl:choose>
        <xsl:when test="current-grouping-key()">
          <!-- Lines (of verse, of an address, items, the salutation and signature...) follow each other
               line by line; other blocks are separated by a blank line. -->
          <xsl:for-each select="current-group()">
            <xsl:apply-templates select="." mode="text:blocks">
              <xsl:with-param name="tight" select="if (text:is-line(.)) then $lines else ''" tunnel="yes"/>
            </xsl:apply-templates>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <xsl:variable name="content" as="xs:string">
            <xsl:call-template name="text:inline"><xsl:with-param name="nodes" select="current-group()"/></xsl:call-template>
          </xsl:variable>
          <xsl:variable name="content" select="normalize-space($content)"/>
          <xsl:if test="$content">
            <ed:block kind="{$kind}" indent="{$indent}" tight="{$tight}">{$content}</ed:block>
          </xsl:if>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:function name="text:is-block" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="$node instance of element() and ed:is-block($node)"/>
  </xsl:function>

  <xsl:function name="text:is-line" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="(ed:kind($element) = ('line', 'unit') and not($element/self::tei:head)) or exists($element/self::tei:sense)"/>
  </xsl:function>

  <!-- Errors name the file (TypeScript) and the innermost block element being rendered (here). -->
  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7 | tei:p | tei:ab
                       | tei:head | tei:l | tei:item | tei:sp | tei:floatingText | tei:opener | tei:closer" mode="text:blocks" priority="20">
    <xsl:try>
      <xsl:next-match/>
      <xsl:catch errors="*">
        <xsl:sequence select="ed:element-failed(., $err:code, $err:description)"/>
      </xsl:catch>
    </xsl:try>
  </xsl:template>

  <xsl:template match="tei:teiHeader | comment() | processing-instruction()" mode="text:blocks"/>

  <!-- A figDesc that its figure's image carries ("[image: …]", common.xsl) is not printed twice. -->
  <xsl:template match="tei:figDesc[ed:is-image-description(.)]" mode="text:blocks" priority="1"/>

  <xsl:template match="tei:head" mode="text:blocks">
    <xsl:next-match><xsl:with-param name="kind" select="'head'"/></xsl:next-match>
  </xsl:template>

  <xsl:template match="tei:floatingText | tei:quote | tei:cit | tei:epigraph | tei:postscript" mode="text:blocks">
    <xsl:param name="indent" as="xs:integer" select="0" tunnel="yes"/>
    <xsl:if test="self::tei:floatingText">
      <ed:block kind="p" indent="{$indent + 4}">[{ed:floating-text-label(.)}]</ed:block>
    </xsl:if>
    <xsl:next-match><xsl:with-param name="indent" select="$indent + 4" tunnel="yes"/></xsl:next-match>
  </xsl:template>

  <!-- An event of a spoken text standing among blocks (ed:is-spoken-event): its own line, in brackets as in the
       running text ("[Applause.]"). -->
  <xsl:template match="tei:vocal | tei:kinesic | tei:incident | tei:pause" mode="text:blocks">
    <xsl:param name="indent" as="xs:integer" select="0" tunnel="yes"/>
    <xsl:param name="tight" as="xs:string" select="''" tunnel="yes"/>
    <xsl:variable name="content" as="xs:string"><xsl:call-template name="text:inline"><xsl:with-param name="nodes" select="."/></xsl:call-template></xsl:variable>
    <xsl:if test="normalize-space($content)">
      <ed:block kind="p" indent="{$indent}" tight="{$tight}">{normalize-space($content)}</ed:block>
    </xsl:if>
  </xsl:template>

  <!-- An xi:include among blocks: the blocks of what it includes (ed:included), else of its xi:fallback. -->
  <xsl:template match="Q{http://www.w3.org/2001/XInclude}include" mode="text:blocks">
    <xsl:param name="ed:including" as="xs:string*" select="()" tunnel="yes"/>
    <xsl:variable name="included" select="ed:included(., $ed:including)"/>
    <xsl:choose>
      <xsl:when test="exists($included)">
        <xsl:apply-templates select="$included" mode="text:blocks">
          <xsl:with-param name="ed:including" select="($ed:including, ed:included-uri($included))" tunnel="yes"/>
          <xsl:with-param name="ed:included-by" select="." tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:when>
      <xsl:otherwise><xsl:next-match/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A numbered division of a document cited by its divisions (ed:division-reference): a heading of its number,
       or its reference before its first paragraph, the paragraph hanging ("1.2.3  Gallia est omnis…"), as the page
       has it in the margin. -->
  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7" mode="text:blocks" priority="1">
    <xsl:param name="indent" as="xs:integer" select="0" tunnel="yes"/>
    <xsl:variable name="heading" select="ed:division-heading(.)"/>
    <xsl:variable name="margin" select="ed:division-margin-reference(.)"/>
    <xsl:choose>
      <xsl:when test="exists($heading)">
        <ed:block kind="head" indent="{$indent}" tight="">{$heading}</ed:block>
        <xsl:next-match/>
      </xsl:when>
      <xsl:when test="exists($margin)">
        <xsl:variable name="blocks" as="item()*"><xsl:next-match/></xsl:variable>
        <xsl:variable name="first" select="$blocks[. instance of element(ed:block)][1][@kind = 'p'][not(@prefix or @label)]"/>
        <xsl:for-each select="$blocks">
          <xsl:choose>
            <xsl:when test=". is $first">
              <xsl:copy><xsl:copy-of select="@*"/><xsl:attribute name="prefix" select="$margin || '  '"/><xsl:value-of select="."/></xsl:copy>
            </xsl:when>
            <xsl:otherwise><xsl:sequence select="."/></xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise><xsl:next-match/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A page of the source (surface): its heading in brackets, as a page break's marker (ed:surface-label), then its
       zones and lines. Its label and images are that heading (and the HTML page's image link). -->
  <xsl:template match="tei:surface" mode="text:blocks">
    <xsl:param name="ed:included-by" as="element()?" select="()" tunnel="yes"/>
    <ed:block kind="p">[{ed:surface-label(., $ed:included-by)}]</ed:block>
    <xsl:next-match/>
  </xsl:template>
  <xsl:template match="tei:surface/tei:label[1] | tei:surface/tei:graphic" mode="text:blocks"/>

  <xsl:template match="tei:milestone" mode="text:blocks">
    <xsl:if test="ed:is-section-break(.)">
      <ed:block kind="center">{ed:section-break-text(.)}</ed:block>
    </xsl:if>
  </xsl:template>

  <!-- A dictionary entry (Guidelines 9): its headword paragraph and its senses line by line, a blank line between
       entries; each sense indented, its number (ed:sense-number) in the margin, before a nested sense's own. -->
  <xsl:template match="tei:entry" mode="text:blocks">
    <xsl:next-match><xsl:with-param name="tight" select="generate-id()" tunnel="yes"/></xsl:next-match>
  </xsl:template>

  <xsl:template match="tei:sense" mode="text:blocks">
    <xsl:param name="indent" as="xs:integer" select="0" tunnel="yes"/>
    <xsl:variable name="label" select="ed:sense-number(.) ! (. || ' ')"/>
    <xsl:variable name="inner" as="element()*">
      <xsl:next-match><xsl:with-param name="indent" select="$indent + 4" tunnel="yes"/></xsl:next-match>
    </xsl:variable>
    <xsl:for-each select="$inner">
      <xsl:copy>
        <xsl:copy-of select="@*"/>
        <xsl:if test="position() eq 1 and $label"><xsl:attribute name="label" select="$label || @label"/></xsl:if>
        <xsl:copy-of select="node()"/>
      </xsl:copy>
    </xsl:for-each>
  </xsl:template>

  <!-- List items and speeches carry a hanging label: "- ", "1. ", the item's own label. -->
  <xsl:template match="tei:item" mode="text:blocks">
    <xsl:param name="indent" as="xs:integer" select="0" tunnel="yes"/>
    <xsl:variable name="label" select="if (preceding-sibling::*[1][self::tei:label]) then ()
                                       else if (matches(../@rend || ../@type, 'numbered|ordered|decimal|arabic', 'i'))
                                       then count(preceding-sibling::tei:item) + 1 || '. ' else '- '"/>
    <xsl:variable name="inner" as="element()*">
      <xsl:next-match><xsl:with-param name="indent" select="$indent + string-length($label)" tunnel="yes"/></xsl:next-match>
    </xsl:variable>
    <xsl:sequence select="text:with-label($inner, $label)"/>
  </xsl:template>

  <xsl:template match="tei:row" mode="text:blocks">
    <xsl:param name="indent" as="xs:integer" select="0" tunnel="yes"/>
    <xsl:variable name="cells" as="xs:string*">
      <xsl:for-each select="*">
        <xsl:variable name="cell" as="xs:string"><xsl:call-template name="text:inline"><xsl:with-param name="nodes" select="node()"/></xsl:call-template></xsl:variable>
        <xsl:sequence select="normalize-space($cell)"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:if test="string-join($cells)">
      <ed:block kind="p" indent="{$indent}" tight="{generate-id(..)}">{string-join($cells, ' | ')}</ed:block>
    </xsl:if>
  </xsl:template>

  <!-- Examples of encoding: kept as preformatted code. -->
  <xsl:template match="*:egXML" mode="text:blocks" priority="3">
    <xsl:param name="indent" as="xs:integer" select="0" tunnel="yes"/>
    <ed:block kind="pre" indent="{$indent + 4}">{string-join(node() ! serialize(.))}</ed:block>
  </xsl:template>
  <xsl:template match="tei:eg" mode="text:blocks">
    <xsl:param name="indent" as="xs:integer" select="0" tunnel="yes"/>
    <ed:block kind="pre" indent="{$indent + 4}">{string(.)}</ed:block>
  </xsl:template>

  <!-- A witness list: one line per witness, its siglum in the margin (nested lists indented). -->
  <xsl:template match="tei:listWit" mode="text:blocks" priority="2">
    <xsl:param name="indent" as="xs:integer" select="0" tunnel="yes"/>
    <xsl:apply-templates select="* except (tei:witness | tei:listWit)" mode="text:blocks"/>
    <xsl:variable name="lines" select="generate-id()"/>
    <xsl:for-each select="tei:witness | tei:listWit">
      <xsl:if test="self::tei:listWit"><xsl:apply-templates select="." mode="text:blocks"/></xsl:if>
      <xsl:if test="self::tei:witness">
      <xsl:variable name="siglum" select="ed:witness-siglum(.)"/>
      <xsl:variable name="width" select="max((8, string-length($siglum) + 2))"/>
      <!-- Its description with the text edition's markers (an apparatus entry in it is shown as one), fields apart. -->
      <xsl:variable name="description" select="ed:witness-description(.)"/>
      <xsl:variable name="inline" as="xs:string">
        <xsl:call-template name="text:inline"><xsl:with-param name="nodes" select="$description"/></xsl:call-template>
      </xsl:variable>
      <ed:block kind="p" indent="{$indent + $width}" tight="{$lines}"
                label="{$siglum || text:spaces($width - string-length($siglum))}">{if (ed:is-field-list($description)) then ed:witness-label(.) else normalize-space($inline)}</ed:block>
      <xsl:apply-templates select="tei:listWit" mode="text:blocks">
        <xsl:with-param name="indent" select="$indent + $width" tunnel="yes"/>
      </xsl:apply-templates>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- Apparatus entries standing apart from the text (a listApp, an app with @from): one block each, where they stand. -->
  <xsl:template match="tei:listApp" mode="text:blocks" priority="2">
    <xsl:param name="indent" as="xs:integer" select="0" tunnel="yes"/>
    <xsl:param name="ed:numbering" as="map(*)?" select="()" tunnel="yes"/>
    <xsl:apply-templates select="* except (tei:app | tei:listApp)" mode="text:blocks"/>
    <xsl:variable name="lines" select="generate-id()"/>
    <!-- Not the detached ones: in the Apparatus section, their markers where they point (ed:detached-anchor). -->
    <xsl:for-each select="tei:app[not(ed:is-moved(., $ed:numbering))]">
      <ed:block kind="p" indent="{$indent + 2}" label="- " tight="{$lines}">{ed:apparatus-text(., $ed:numbering)}</ed:block>
    </xsl:for-each>
    <xsl:apply-templates select="tei:listApp" mode="text:blocks"/>
  </xsl:template>

  <!-- Notes: the Notes section at the end, one numbered entry per note. -->
  <xsl:template match="tei:note" mode="text:note-body">
    <xsl:param name="ed:numbering" as="map(*)" tunnel="yes"/>
    <xsl:variable name="label" select="'[' || ed:note-number(., $ed:numbering) || '] '"/>
    <xsl:variable name="inner" as="element()*">
      <xsl:apply-templates select="." mode="text:blocks">
        <xsl:with-param name="indent" select="string-length($label)" tunnel="yes"/>
        <xsl:with-param name="tight" select="''" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:sequence select="if (exists($inner)) then text:with-label($inner, $label)
                          else text:with-label(text:empty-block(string-length($label)), $label)"/>
  </xsl:template>

  <xsl:function name="text:empty-block" as="element()">
    <xsl:param name="indent" as="xs:integer"/>
    <ed:block kind="p" indent="{$indent}"/>
  </xsl:function>

  <!-- The first block gets the label in the margin that its indent leaves free. -->
  <xsl:function name="text:with-label" as="element()*">
    <xsl:param name="blocks" as="element()*"/>
    <xsl:param name="label" as="xs:string?"/>
    <xsl:for-each select="$blocks">
      <xsl:copy>
        <xsl:copy-of select="@*"/>
        <xsl:if test="position() = 1 and $label">
          <xsl:attribute name="label" select="$label"/>
        </xsl:if>
        <xsl:copy-of select="node()"/>
      </xsl:copy>
    </xsl:for-each>
  </xsl:function>

  <!-- ===================================================================================== -->
  <!-- Inline content as a string: the reading model's mode ed:text (common.xsl), with markers  -->
  <!-- ===================================================================================== -->

  <!-- A template, not a function: tunnel parameters (the note numbering) must reach the notes. -->
  <xsl:template name="text:inline" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:variable name="parts" as="item()*">
      <xsl:apply-templates select="$nodes" mode="ed:text">
        <xsl:with-param name="ed:markers" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:sequence select="string-join($parts)"/>
  </xsl:template>

  <!-- ===================================================================================== -->
  <!-- Layout: wrapping at 78 columns, blank lines between blocks                             -->
  <!-- ===================================================================================== -->

  <xsl:function name="text:serialize" as="xs:string">
    <xsl:param name="blocks" as="element()*"/>
    <!-- Materialised once: positional access into them is then constant-time. -->
    <xsl:variable name="tight" as="xs:string*" select="$blocks ! string(@tight)"/>
    <xsl:variable name="rendered" as="xs:string*" select="$blocks ! text:render(.)"/>
    <xsl:sequence select="string-join(
      for $i in 1 to count($rendered)
      return (if ($i = 1) then ''
              else if ($tight[$i] != '' and $tight[$i] = $tight[$i - 1]) then $text:nl
              else $text:nl || $text:nl) || $rendered[$i])"/>
  </xsl:function>

  <!-- A block's lines; a marker's spaces (ed:unbroken) given back once they are wrapped. -->
  <xsl:function name="text:render" as="xs:string">
    <xsl:param name="block" as="element()"/>
    <xsl:sequence select="translate(text:lines($block), '&#xFDD0;', ' ')"/>
  </xsl:function>

  <xsl:function name="text:lines" as="xs:string">
    <xsl:param name="block" as="element()"/>
    <xsl:variable name="indent" select="xs:integer(($block/@indent, 0)[1])"/>
    <xsl:variable name="label" select="string(($block/@label, $block/@prefix)[1])"/>
    <xsl:variable name="hang" select="if ($block/@prefix) then string-length($block/@prefix) else 0"/>
    <xsl:variable name="margin" select="text:spaces($indent - (if ($block/@label) then string-length($label) else 0))"/>
    <xsl:choose>
      <xsl:when test="$block/@kind = 'pre'">
        <xsl:sequence select="string-join(tokenize(replace(string($block), '^\s*\n|\s+$', ''), '\n') ! (text:spaces($indent) || replace(., '\s+$', '')), $text:nl)"/>
      </xsl:when>
      <xsl:when test="$block/@kind = 'center'">
        <xsl:sequence select="text:spaces(($text:width - string-length($block)) idiv 2) || string($block)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="lines" select="text:wrap(normalize-space($block), $text:width - $indent - $hang)"/>
        <xsl:variable name="lines" select="($margin || $label || $lines[1], subsequence($lines, 2) ! (text:spaces($indent + $hang) || .))"/>
        <xsl:variable name="underline" select="if ($block/@kind = 'title') then '=' else if ($block/@kind = 'head') then '-' else ()"/>
        <xsl:sequence select="string-join(($lines,
          if ($underline) then text:spaces($indent) || string-join((1 to min(($text:width - $indent, max($lines ! string-length(.)) - $indent))) ! $underline) else ()), $text:nl)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- Greedy word wrap; a word longer than the line stays whole on a line of its own. -->
  <xsl:function name="text:wrap" as="xs:string*">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="width" as="xs:integer"/>
    <xsl:variable name="width" select="max((20, $width))"/>
    <xsl:sequence select="if ($text = '') then ''
      else tokenize(replace(replace($text, '(.{1,' || $width || '})( |$)', '$1&#10;'), '&#10;$', ''), '&#10;') ! replace(., '^ +| +$', '')"/>
  </xsl:function>

  <xsl:function name="text:spaces" as="xs:string">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:sequence select="string-join((1 to $n) ! ' ')"/>
  </xsl:function>
</xsl:stylesheet>
