<?xml version="1.0" encoding="UTF-8"?>
<!--
  The HTML edition. Two entry points (see src/publish/transform.ts):

  - per document: the TEI document node as context item, with $source-path and $collection. Writes
    documents/<name>.html with xsl:result-document and returns a JSON manifest:
    { "kind": "document", "name": ..., "tei-copy": "documents/<name>.xml", "images": the collection's image files its
    pages show (ed:local-images: paths in the source folder, URI-encoded; the build copies them to media/) } or
    { "kind": "register" }.
  - collection (initial template xsl:initial-template): whichever of index.html, persons.html, places.html,
    organisations.html and the register entries' pages (persons/<id>.html ...) the build asks for, from
    the data of the files' summaries (mode ed:summary in common.xsl), without any parsed document.

  All result-document hrefs are relative to the site root (dist/html/). Text from TEI is only ever
  output as text nodes or attribute values (serializer-escaped); links pass ed:safe-href.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:array="http://www.w3.org/2005/xpath-functions/array"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:tei-edition"
  xmlns:err="http://www.w3.org/2005/xqt-errors"
  xmlns:html="urn:tei-edition:html"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:import href="common.xsl"/>
  <!-- The search box, the search page, the timeline and the map. -->
  <xsl:include href="search-pages.xsl"/>

  <xsl:output method="json" indent="no"/>
  <xsl:output name="page" method="html" html-version="5" encoding="UTF-8" include-content-type="no" indent="no"/>

  <xsl:mode name="html" on-no-match="shallow-skip"/>

  <!-- ===================================================================================== -->
  <!-- Entry point: one document                                                             -->
  <!-- ===================================================================================== -->

  <xsl:template match="/">
    <xsl:variable name="name" select="ed:document-name(., $source-path)"/>
    <xsl:choose>
      <xsl:when test="ed:is-edition-document(.)">
        <xsl:result-document href="documents/{$name}.html" format="page">
          <xsl:call-template name="html:page">
            <xsl:with-param name="title" select="ed:title(.)"/>
            <xsl:with-param name="root" select="'../'"/>
            <xsl:with-param name="document-name" select="$name"/>
          </xsl:call-template>
        </xsl:result-document>
        <xsl:sequence select="map { 'kind': 'document', 'name': $name, 'tei-copy': 'documents/' || $name || '.xml', 'images': array { ed:local-images(.) } }"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="map { 'kind': 'register' }"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A document's article, inside the page frame (html:page calls it: the article is written into the page as
       it is made, not made as a temporary tree and copied into the page). -->
  <xsl:template name="html:document-page">
    <xsl:param name="name" as="xs:string"/>
    <xsl:variable name="doc" select="."/>
    <!-- With the search blocks' numbers: a search result links to the block of its hit (xslt/search.xsl). -->
    <xsl:variable name="numbering" select="if ($ed:search-enabled) then map:put(ed:numbering(.), 'block', ed:block-numbers(.)) else ed:numbering(.)"/>
    <xsl:variable name="lang" select="ed:language(*)"/>
    <!-- The text's language (text/@xml:lang, else the document's) and its direction: the text, its notes and its
         apparatus are laid out right to left in an Arabic, Hebrew or Syriac text (ed:direction). -->
    <xsl:variable name="text-lang" select="ed:language((ed:texts(.), *)[1])"/>
    <xsl:variable name="text-direction" select="ed:direction($text-lang)"/>
    <!-- Each entry of the apparatus worked out once (its marker's tooltip in the text and its item in the Apparatus
         section read the same parts), and each siglum once (an apparatus of 300 entries names a few witnesses). -->
    <xsl:variable name="apparatus" select="ed:apparatus(.)"/>
    <xsl:variable name="entries" as="map(xs:string, array(map(*)))" select="map:merge($apparatus ! map { generate-id(.): array { ed:apparatus-entry(.) } })"/>
    <xsl:variable name="sigla" as="map(xs:string, map(*))" select="html:sigla-table(., $entries)"/>
    <article class="document" data-document="{$name}">
      <header class="document-header">
        <h1 lang="{$lang}"><xsl:sequence select="html:isolate(ed:title(.))"/>{ed:title(.)}</h1>
        <xsl:if test="ed:subtitle(.)"><p class="subtitle" lang="{$lang}"><xsl:sequence select="html:isolate(ed:subtitle(.))"/>{ed:subtitle(.)}</p></xsl:if>
      </header>
      <xsl:call-template name="html:metadata"/>
      <!-- A manuscript description is the page of a catalogue record, whose text is empty (no view to switch, no
           text to show); a transcription's source's, ahead of the text. -->
      <xsl:call-template name="html:manuscript-descriptions"><xsl:with-param name="numbering" select="$numbering"/></xsl:call-template>
      <xsl:variable name="is-record" select="ed:is-catalogue-record(.)"/>
      <!-- The conspectus siglorum: the header's witness lists, where the text has an apparatus to read them by. -->
      <xsl:if test="exists(ed:witness-lists(.)) and ed:has-apparatus(.)">
        <section class="witnesses" aria-labelledby="witnesses-heading">
          <h2 id="witnesses-heading">Witnesses</h2>
          <xsl:apply-templates select="ed:witness-lists(.)" mode="html">
            <xsl:with-param name="html:in-header" select="true()" tunnel="yes"/>
            <xsl:with-param name="ed:numbering" select="$numbering" tunnel="yes"/>
            <xsl:with-param name="path" select="$source-path" tunnel="yes"/>
          </xsl:apply-templates>
        </section>
      </xsl:if>
      <xsl:if test="not($is-record)">
      <fieldset class="view-switch">
        <legend>View</legend>
        <input type="radio" name="view" id="view-reading" value="reading" checked="checked"/>
        <label for="view-reading">Reading (corrected, expanded)</label>
        <input type="radio" name="view" id="view-diplomatic" value="diplomatic"/>
        <label for="view-diplomatic">Diplomatic (as written)</label>
      </fieldset>
      <section class="text" aria-labelledby="text-heading" lang="{$text-lang}">
        <xsl:sequence select="html:direction($text-direction, 'ltr')"/>
        <h2 id="text-heading" class="visually-hidden" lang="en">Text</h2>
        <xsl:apply-templates select="ed:texts(.)" mode="html">
          <xsl:with-param name="ed:numbering" select="$numbering" tunnel="yes"/>
          <xsl:with-param name="path" select="$source-path" tunnel="yes"/>
          <xsl:with-param name="html:apparatus-entries" select="$entries" tunnel="yes"/>
          <xsl:with-param name="html:sigla" select="$sigla" tunnel="yes"/>
        </xsl:apply-templates>
      </section>
      </xsl:if>
      <xsl:if test="exists($apparatus)">
        <section class="notes apparatus" aria-labelledby="apparatus-heading">
          <h2 id="apparatus-heading">Apparatus</h2>
          <ol class="notes apparatus" lang="{$text-lang}">
            <xsl:sequence select="html:direction($text-direction, 'ltr')"/>
            <xsl:apply-templates select="$apparatus" mode="html:apparatus-item">
              <xsl:with-param name="ed:numbering" select="$numbering" tunnel="yes"/>
              <xsl:with-param name="path" select="$source-path" tunnel="yes"/>
              <xsl:with-param name="html:apparatus-entries" select="$entries" tunnel="yes"/>
              <xsl:with-param name="html:sigla" select="$sigla" tunnel="yes"/>
            </xsl:apply-templates>
          </ol>
        </section>
      </xsl:if>
      <xsl:if test="exists(ed:notes(.))">
        <section class="notes" aria-labelledby="notes-heading">
          <h2 id="notes-heading">Notes</h2>
          <ol class="notes" lang="{$text-lang}">
            <xsl:sequence select="html:direction($text-direction, 'ltr')"/>
            <xsl:apply-templates select="ed:notes(.)" mode="html:note-body">
              <xsl:with-param name="html:text-language" select="$text-lang" tunnel="yes"/>
              <xsl:with-param name="ed:numbering" select="$numbering" tunnel="yes"/>
              <xsl:with-param name="path" select="$source-path" tunnel="yes"/>
            </xsl:apply-templates>
          </ol>
        </section>
      </xsl:if>
      <xsl:call-template name="html:document-register"/>
      <xsl:call-template name="html:entity-descriptions"/>
      <xsl:call-template name="html:citation">
        <xsl:with-param name="name" select="$name"/>
      </xsl:call-template>
    </article>
  </xsl:template>

  <!-- The metadata panel: what a historian needs before reading, from any project's header: title and dates,
       correspondents (correspDesc: who, where, when), source (bibl, biblStruct, msDesc), responsibility
       (editors, respStmt), licence (a short label linked to its terms, the full text below), languages. -->
  <xsl:template name="html:metadata">
    <xsl:variable name="doc" select="."/>
    <xsl:variable name="header" select="ed:header(.)"/>
    <xsl:variable name="file" select="$header/tei:fileDesc"/>
    <xsl:variable name="actions" select="$header/tei:profileDesc/tei:correspDesc/tei:correspAction"/>
    <section class="metadata" aria-labelledby="metadata-heading">
      <h2 id="metadata-heading">About this document</h2>
      <dl>
        <xsl:variable name="date" select="ed:date-label(.)"/>
        <xsl:if test="$date"><div><dt>Date</dt><dd>{$date}</dd></div></xsl:if>
        <xsl:if test="empty($actions)">
          <xsl:variable name="authors" select="$file/tei:titleStmt/tei:author[normalize-space()]"/>
          <xsl:if test="exists($authors)">
            <div><dt>{if (count($authors) gt 1) then 'Authors' else 'Author'}</dt><dd><xsl:call-template name="html:header-list"><xsl:with-param name="items" select="$authors"/></xsl:call-template></dd></div>
          </xsl:if>
        </xsl:if>
        <xsl:for-each select="ed:correspondence(.)">
          <xsl:variable name="who" select="?who"/>
          <xsl:variable name="where" select="?where"/>
          <xsl:variable name="when" select="?when"/>
          <xsl:if test="exists(($who, $where, $when))">
            <div class="correspondence">
              <dt>{html:correspondence-label(?type)}</dt>
              <dd>
                <xsl:if test="exists($who)"><span class="correspondent"><xsl:call-template name="html:header-list"><xsl:with-param name="items" select="$who"/></xsl:call-template></span></xsl:if>
                <xsl:if test="exists($where)"><xsl:if test="exists($who)"> · </xsl:if><span class="correspondence-place"><xsl:call-template name="html:header-list"><xsl:with-param name="items" select="$where"/></xsl:call-template></span></xsl:if>
                <!-- Every date of the action (a letter begun on one day and finished on another): a correspAction has date*. -->
                <xsl:for-each select="$when">
                  <xsl:if test="position() eq 1 and exists(($who, $where))"> · </xsl:if>
                  <xsl:if test="position() gt 1">, </xsl:if>
                  <span class="correspondence-date">{(normalize-space(.)[.], string-join(ed:date-bounds(.) ! ed:iso-date-label(.), ' – '))[1]}</span>
                </xsl:for-each>
              </dd>
            </div>
          </xsl:if>
        </xsl:for-each>
        <xsl:for-each select="ed:source-bibl(.)">
          <xsl:variable name="fields" select="ed:citation-fields(.)"/>
          <div><dt>Source</dt><dd class="source">
            <xsl:choose>
              <xsl:when test="exists($fields)">
                <!-- A citation of its fields, each rendered as header content (its names, titles and links). -->
                <xsl:for-each select="$fields">
                  <xsl:variable name="i" select="position()"/>
                  <xsl:value-of select="ed:citation-separator($fields[$i - 1], .)"/>
                  <xsl:variable name="href" select="(self::tei:ref | self::tei:ptr)[not(normalize-space())] ! ed:safe-href(ed:citation-field-text(.))"/>
                  <xsl:choose>
                    <xsl:when test="self::tei:respStmt">{ed:citation-field-text(.)}</xsl:when>
                    <!-- A link with no text of its own, named by the site it leads to (as an archive's catalogue link). -->
                    <xsl:when test="$href"><a class="ref" href="{$href}">{replace($href, '^https?://([^/?#]+).*$', '$1', 'is')}</a></xsl:when>
                    <xsl:when test="self::tei:ref | self::tei:ptr and not(normalize-space())">{ed:citation-field-text(.)}</xsl:when>
                    <xsl:otherwise><xsl:apply-templates select="." mode="html:header"><xsl:with-param name="spaced" select="false()"/></xsl:apply-templates></xsl:otherwise>
                  </xsl:choose>
                </xsl:for-each>
              </xsl:when>
              <xsl:otherwise><xsl:sequence select="html:field-language(.)"/><xsl:apply-templates mode="html:header"><xsl:with-param name="field" select="."/></xsl:apply-templates></xsl:otherwise>
            </xsl:choose>
          </dd></div>
        </xsl:for-each>
        <xsl:variable name="archive" select="ed:archive-identifier(.)"/>
        <xsl:variable name="archive-links" select="ed:archive-links(.)"/>
        <xsl:if test="$archive or exists($archive-links)">
          <div><dt>Archive</dt><dd class="archive">{$archive}<xsl:for-each select="$archive-links">
            <xsl:if test="$archive or position() gt 1">, </xsl:if>
            <!-- Labelled by the site it leads to, so a reader sees where the link goes; an address the link policy
                 refuses stays text. -->
            <xsl:variable name="href" select="ed:safe-href(.)"/>
            <xsl:choose>
              <xsl:when test="$href"><a class="idno" href="{$href}">{replace($href, '^https?://([^/?#]+).*$', '$1', 'is')}</a></xsl:when>
              <xsl:otherwise>{.}</xsl:otherwise>
            </xsl:choose>
          </xsl:for-each></dd></div>
        </xsl:if>
        <xsl:if test="exists(ed:translators(.))">
          <div><dt>Translator</dt><dd>{string-join(ed:translators(.), ', ')}</dd></div>
        </xsl:if>
        <xsl:variable name="editors" select="$file/tei:titleStmt/tei:editor[normalize-space()]"/>
        <xsl:if test="exists($editors)">
          <div><dt>{if (count($editors) gt 1 or count($editors/*) gt 1) then 'Editors' else 'Editor'}</dt>
            <dd><xsl:call-template name="html:header-names"><xsl:with-param name="names" select="$editors ! (if (*) then * else .)"/></xsl:call-template></dd></div>
        </xsl:if>
        <!-- Each statement with its responsibilities (resp+: "Encoding and markup, Cataloguer"), but for translation, the Translator row's. -->
        <xsl:for-each select="($file/tei:titleStmt, $file/tei:editionStmt)/tei:respStmt[empty(tei:resp) or tei:resp[not(matches(., 'transl', 'i'))]]">
          <div><dt>{string-join(tei:resp[not(matches(., 'transl', 'i'))] ! normalize-space(.), ', ')}</dt><dd><xsl:call-template name="html:header-names"><xsl:with-param name="names" select="tei:persName | tei:name | tei:orgName"/></xsl:call-template></dd></div>
        </xsl:for-each>
        <xsl:for-each select="$header/tei:profileDesc/tei:creation[normalize-space()]">
          <div><dt>Creation</dt><dd><xsl:sequence select="html:field-language(.)"/><xsl:apply-templates mode="html:header"><xsl:with-param name="field" select="."/></xsl:apply-templates></dd></div>
        </xsl:for-each>
        <!-- (Not the summary and provenance of a manuscript described in full below: html:manuscript-descriptions.) -->
        <xsl:variable name="described" select="ed:described-manuscripts(.)"/>
        <xsl:for-each select="($header/tei:profileDesc/tei:abstract, $header//tei:msContents/tei:summary[empty(ancestor::tei:msDesc intersect $described)])[normalize-space()][1]">
          <div><dt>Summary</dt><dd><xsl:sequence select="html:field-language(.)"/><xsl:apply-templates mode="html:header"><xsl:with-param name="field" select="."/></xsl:apply-templates></dd></div>
        </xsl:for-each>
        <xsl:for-each select="$header//tei:msDesc[empty(. intersect $described)]/tei:history/tei:provenance[normalize-space()]">
          <div><dt>Provenance</dt><dd><xsl:sequence select="html:field-language(.)"/><xsl:apply-templates mode="html:header"><xsl:with-param name="field" select="."/></xsl:apply-templates></dd></div>
        </xsl:for-each>
        <xsl:variable name="languages" select="$header/tei:profileDesc/tei:langUsage/tei:language"/>
        <xsl:if test="exists($languages)">
          <div><dt>{if (count($languages) gt 1) then 'Languages' else 'Language'}</dt>
            <dd>{string-join($languages ! (normalize-space(.)[.], ed:language-name(string(@ident)))[1], ', ')}</dd></div>
        </xsl:if>
        <xsl:for-each select="$file/tei:publicationStmt/tei:availability/tei:licence">
          <div><dt>Licence</dt><dd class="licence"><xsl:apply-templates select="." mode="html:header"/></dd></div>
        </xsl:for-each>
        <xsl:for-each select="$file/tei:publicationStmt/tei:availability[empty(tei:licence)][normalize-space()]">
          <div><dt>Availability</dt><dd><xsl:sequence select="html:field-language(.)"/><xsl:apply-templates mode="html:header"><xsl:with-param name="field" select="."/></xsl:apply-templates></dd></div>
        </xsl:for-each>
      </dl>
    </section>
  </xsl:template>

  <!-- ===================================================================================== -->
  <!-- Manuscript descriptions (msDesc, TEI ch. 10) laid out as a catalogue entry             -->
  <!-- ===================================================================================== -->

  <!-- The document's described manuscripts (ed:described-manuscripts): a catalogue record's page, or the description
       of a transcription's source. Names link to their register entries as in the metadata panel; each field and
       item carries the anchor its search hit leads to (ed:ms-blocks). -->
  <xsl:template name="html:manuscript-descriptions">
    <xsl:param name="numbering" as="map(*)"/>
    <xsl:apply-templates select="ed:described-manuscripts(.)" mode="html:ms">
      <xsl:with-param name="ed:numbering" select="map:merge((map { 'note': map{}, 'mention': map{}, 'page': map{} }, map { 'block': $numbering?block }))" tunnel="yes"/>
      <xsl:with-param name="path" select="$source-path" tunnel="yes"/>
      <xsl:with-param name="html:in-header" select="true()" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- A description, or a part of one (msPart, msFrag: a description of its own, one heading level down): its
       identifier, heading and prose, then its contents, physical description, history and additional information,
       each under a heading, its fields in a definition list. -->
  <xsl:template match="tei:msDesc | tei:msPart | tei:msFrag" mode="html:ms">
    <xsl:param name="level" as="xs:integer" select="2"/>
    <!-- "ms-1", a part of it "ms-1-2": its place among its siblings, down from the sourceDesc. -->
    <xsl:variable name="heading-id" select="'ms-' || string-join(ancestor-or-self::*[self::tei:msDesc or self::tei:msPart or self::tei:msFrag]
                                              ! (count(preceding-sibling::*[self::tei:msDesc or self::tei:msPart or self::tei:msFrag]) + 1), '-')"/>
    <xsl:variable name="identifier" select="ed:ms-identifier(.)"/>
    <section class="{local-name()} ms-description" aria-labelledby="{$heading-id}">
      <xsl:if test="normalize-space(@xml:lang)"><xsl:attribute name="lang" select="normalize-space(@xml:lang)"/><xsl:sequence select="html:language-direction(.)"/></xsl:if>
      <xsl:element name="h{min(($level, 6))}">
        <xsl:attribute name="id" select="$heading-id"/>
        <xsl:value-of select="if (self::tei:msDesc) then ed:ms-heading(.)
                              else (if (self::tei:msPart) then 'Part ' else 'Fragment ')
                                   || (normalize-space(@n)[.], string(count(preceding-sibling::*[local-name() = local-name(current())]) + 1))[1]"/>
      </xsl:element>
      <xsl:for-each select="$identifier[exists(ed:ms-shelfmark(.))]">
        <p class="{local-name()}"><xsl:call-template name="html:ms-anchor"/>{ed:ms-shelfmark(.)}</p>
      </xsl:for-each>
      <xsl:for-each select="(tei:head | tei:p)[normalize-space()]">
        <p class="{local-name()}"><xsl:call-template name="html:ms-anchor"/><xsl:apply-templates mode="html:ms-content"/></p>
      </xsl:for-each>
      <xsl:variable name="others" select="ed:ms-other-identifiers($identifier)"/>
      <xsl:if test="exists($others)">
        <dl class="ms-fields identifiers"><xsl:apply-templates select="$others" mode="html:ms-field"/></dl>
      </xsl:if>
      <xsl:for-each select="ed:ms-sections(.)">
        <xsl:variable name="section" select="?element"/>
        <xsl:variable name="fields" select="if ($section/self::tei:msContents) then ed:ms-item-fields($section) else ed:ms-fields($section)"/>
        <xsl:variable name="items" select="$section/(tei:msItem | tei:msItemStruct)"/>
        <xsl:if test="exists($fields[ed:ms-has-content(.)]) or exists($items)">
          <section class="{local-name($section)}">
            <xsl:element name="h{min(($level + 1, 6))}">{?heading}</xsl:element>
            <xsl:if test="exists($fields[ed:ms-has-content(.)])">
              <dl class="ms-fields"><xsl:apply-templates select="$fields[ed:ms-has-content(.)]" mode="html:ms-field"/></dl>
            </xsl:if>
            <xsl:if test="exists($items)">
              <ol class="ms-items"><xsl:apply-templates select="$items" mode="html:ms-item"/></ol>
            </xsl:if>
          </section>
        </xsl:if>
      </xsl:for-each>
      <xsl:apply-templates select="tei:msPart | tei:msFrag" mode="html:ms">
        <xsl:with-param name="level" select="$level + 1"/>
      </xsl:apply-templates>
    </section>
  </xsl:template>

  <!-- A field: its label and its content. A field of fields of the same kind follows the one before it under the
       same label (a second handNote is not labelled "Hand" again: screen readers still hear one dt per dd). -->
  <xsl:template match="*" mode="html:ms-field">
    <div class="{local-name()}">
      <dt>{ed:ms-label(.)}</dt>
      <dd>
        <xsl:call-template name="html:ms-anchor"/>
        <xsl:apply-templates select="." mode="html:ms-field-content"/>
      </dd>
    </div>
  </xsl:template>

  <!-- A field's content: its children (the field element is the dd), a list's heading being its label. -->
  <xsl:template match="*" mode="html:ms-field-content">
    <xsl:apply-templates select="node() except self::tei:listBibl/tei:head" mode="html:ms-content"/>
  </xsl:template>

  <!-- A fact given by attributes alone (ed:ms-attribute-fact): a group's ("Form: codex"), a layout's. -->
  <xsl:template match="tei:objectDesc | tei:supportDesc | tei:handDesc | tei:layout[not(normalize-space())]" mode="html:ms-field-content">
    <xsl:value-of select="ed:ms-attribute-fact(.)"/>
  </xsl:template>

  <!-- A language given only by its code (<textLang mainLang="la"/>): its name. -->
  <xsl:template match="tei:textLang[not(normalize-space())]" mode="html:ms-field-content">
    <xsl:value-of select="string-join((@mainLang, tokenize(@otherLangs)) ! normalize-space(.)[.] ! ed:language-name(.), ', ')"/>
  </xsl:template>

  <!-- Origin made of a date and a place alone: "15th century; England". -->
  <xsl:template match="tei:origin[empty(text()[normalize-space()])]" mode="html:ms-field-content">
    <xsl:for-each select="*">
      <xsl:if test="position() gt 1">; </xsl:if>
      <xsl:apply-templates select="." mode="html:ms-content"/>
    </xsl:for-each>
  </xsl:template>

  <!-- An item of the contents: its number, its one line (locus; authors and titles), its fields, its own items. -->
  <xsl:template match="tei:msItem | tei:msItemStruct" mode="html:ms-item">
    <xsl:variable name="lead" select="ed:ms-item-lead(.)[ed:ms-has-content(.)]"/>
    <xsl:variable name="fields" select="ed:ms-item-fields(.)[ed:ms-has-content(.)]"/>
    <li class="{local-name()}">
      <xsl:for-each select="@n"><xsl:attribute name="data-n" select="normalize-space(.)"/></xsl:for-each>
      <xsl:if test="exists($lead) or normalize-space(@n)">
        <p class="ms-item-lead">
          <xsl:if test="exists($lead)"><xsl:call-template name="html:ms-anchor"/></xsl:if>
          <xsl:for-each select="normalize-space(@n)[.]"><span class="ms-item-number">{.}. </span></xsl:for-each>
          <xsl:for-each select="$lead">
            <xsl:if test="position() gt 1">{if (preceding-sibling::*[1][self::tei:locus or self::tei:locusGrp]) then ' ' else ', '}</xsl:if>
            <xsl:apply-templates select="." mode="html:ms-content"/>
          </xsl:for-each>
        </p>
      </xsl:if>
      <xsl:if test="exists($fields)">
        <dl class="ms-fields"><xsl:apply-templates select="$fields" mode="html:ms-field"/></dl>
      </xsl:if>
      <xsl:if test="tei:msItem | tei:msItemStruct">
        <ol class="ms-items"><xsl:apply-templates select="tei:msItem | tei:msItemStruct" mode="html:ms-item"/></ol>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- The id of a description's part on the page: its xml:id, else its search block's (ed:added-block-id). Put on the
       element the part is rendered as (the current node's). -->
  <xsl:template name="html:ms-anchor">
    <xsl:param name="ed:numbering" as="map(*)" tunnel="yes"/>
    <xsl:for-each select="(normalize-space(@xml:id)[.], ed:added-block-id(., $ed:numbering))[1]">
      <xsl:attribute name="id" select="."/>
    </xsl:for-each>
  </xsl:template>

  <!-- A description's content, rendered as the text's: names link to their entries, notes stand in brackets
       where they are; paragraphs and lists stay blocks inside a field (dd holds flow content). -->
  <xsl:template match="node()" mode="html:ms-content">
    <xsl:apply-templates select="." mode="html"/>
  </xsl:template>

  <!-- A locus written by its attributes alone: its range, as a catalogue writes it. -->
  <xsl:template match="tei:locus[not(normalize-space())][@from or @to]" mode="html" priority="3">
    <span class="locus">{ed:locus-label(.)}</span>
  </xsl:template>

  <!-- Dimensions of measurements alone: "246 × 183 mm (leaf)", apart from the measurement before them. -->
  <xsl:template match="tei:dimensions[exists(ed:dimensions-label(.))]" mode="html" priority="3">
    <xsl:value-of select="ed:dimensions-separator(.)"/>
    <span class="dimensions">
      <xsl:for-each select="@type"><xsl:attribute name="data-type" select="normalize-space(.)"/></xsl:for-each>
      <xsl:value-of select="ed:dimensions-label(.)"/>
    </span>
  </xsl:template>

  <!-- What a correspAction's type says of its people: "From", "To", or the type itself ("Forwarded"). -->
  <xsl:function name="html:correspondence-label" as="xs:string">
    <xsl:param name="type" as="xs:string?"/>
    <xsl:sequence select="if ($type = 'sent') then 'From' else if ($type = 'received') then 'To'
                          else if ($type) then upper-case(substring($type, 1, 1)) || substring($type, 2) else 'Correspondence'"/>
  </xsl:function>

  <xsl:template name="html:header-list">
    <xsl:param name="items" as="element()*"/>
    <xsl:for-each select="$items">
      <xsl:if test="position() gt 1">, </xsl:if>
      <xsl:apply-templates select="." mode="html:header"/>
    </xsl:for-each>
  </xsl:template>

  <!-- Header content: rendered like text, but names are links without mention anchors; a source's fields apart. -->
  <xsl:template match="node()" mode="html:header">
    <!-- False: the caller puts what stands between fields (a citation's separators). -->
    <xsl:param name="spaced" as="xs:boolean" select="true()"/>
    <!-- The field it shows (html:language-direction): this element, or the field whose content this is, shown as
         its dd (html:field-language). -->
    <xsl:param name="field" as="element()?" select="self::*"/>
    <xsl:if test="$spaced and ed:are-fields(preceding-sibling::node()[1], .)"><xsl:text> </xsl:text></xsl:if>
    <xsl:apply-templates select="." mode="html">
      <xsl:with-param name="html:in-header" select="true()" tunnel="yes"/>
      <xsl:with-param name="html:shown" select="$field" tunnel="yes"/>
      <xsl:with-param name="phrasing" select="true()" tunnel="yes"/>
      <xsl:with-param name="path" select="$source-path" tunnel="yes"/>
      <xsl:with-param name="ed:numbering" select="map { 'note': map{}, 'mention': map{}, 'page': map{} }" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- A name of the header as the metadata panel lists it: a person's name written surname first
       ("<surname>Geyken</surname> <forename>Alexander</forename>", the DTA's headers) as a sort name, "Geyken,
       Alexander", the form register entries take (ed:name-label); any other name as it is written. -->
  <xsl:function name="html:header-name" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="if ($name/self::tei:persName) then ed:name-label($name) else normalize-space($name)"/>
  </xsl:function>

  <!-- Names of the header listed as text (editors, a statement's persons: html:header-name), separated by ";": each in
       its own direction where it is in a right-to-left language (its xml:lang or an ancestor's) or holds right-to-left
       letters, so that the separators and the names after it keep their places (al-Muqtabas's "Transcription:
       المكتبة الشاملة"). -->
  <xsl:template name="html:header-names">
    <xsl:param name="names" as="element()*"/>
    <xsl:for-each select="$names">
      <xsl:if test="position() gt 1">; </xsl:if>
      <xsl:variable name="name" select="html:header-name(.)"/>
      <xsl:variable name="lang" select="normalize-space(ancestor-or-self::*[@xml:lang][1]/@xml:lang)[.][ed:direction(.) eq 'rtl']"/>
      <xsl:choose>
        <xsl:when test="$lang"><span lang="{$lang}" dir="rtl">{$name}</span></xsl:when>
        <xsl:when test="ed:needs-isolation($name)"><bdi>{$name}</bdi></xsl:when>
        <xsl:otherwise>{$name}</xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- The same for a linked name of the header (an author's): the comma after its surname. The text keeps its
       names as they are written. -->
  <xsl:template match="tei:persName/tei:surname[following-sibling::*[1][self::tei:forename]]" mode="html" priority="1">
    <xsl:param name="html:in-header" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:next-match/>
    <xsl:if test="$html:in-header and empty(../text()[normalize-space()]) and starts-with(ed:name-label(..), normalize-space(string-join(../tei:surname, ' ')) || ', ')">
      <xsl:text>,</xsl:text>
      <xsl:if test="not(following-sibling::node()[1][self::text()][normalize-space() = ''])"><xsl:text> </xsl:text></xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- An identifier of a header's author or editor (DraCor's <author><persName>…</persName><idno type="wikidata">Q692</idno>)
       is not part of the name: a link to its authority file labelled by the file ("Wikidata") where the identifier has
       that file's form, else nothing. In the text, an idno stays what it is. -->
  <xsl:template match="tei:author/tei:idno | tei:editor/tei:idno" mode="html" priority="3">
    <xsl:param name="html:in-header" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="$html:in-header">
        <xsl:variable name="authority" select="html:authority-of(.)"/>
        <xsl:for-each select="html:authority-link($authority, .)[not($in-link)]"><xsl:text> </xsl:text><a class="idno" href="{.}">{$authority/@label}</a></xsl:for-each>
      </xsl:when>
      <xsl:otherwise><xsl:next-match/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A licence: a short label, linked to its terms where it names them; its text below (folded when long). -->
  <xsl:template match="tei:licence" mode="html:header">
    <xsl:variable name="href" select="@target ! ed:safe-href(.)[matches(., '^https?://')]"/>
    <xsl:variable name="label" select="ed:licence-label(.)"/>
    <xsl:variable name="text" select="normalize-space(.)"/>
    <xsl:choose>
      <xsl:when test="$href"><a href="{$href}" rel="license">{$label}</a></xsl:when>
      <xsl:otherwise><span class="licence-label">{$label}</span></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$text and $text != $label">
      <xsl:choose>
        <xsl:when test="string-length($text) gt 200">
          <details class="licence-text"><summary>Licence text</summary><xsl:apply-templates mode="html:header-block"/></details>
        </xsl:when>
        <xsl:otherwise><div class="licence-text"><xsl:apply-templates mode="html:header-block"/></div></xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- Header content laid out as blocks (a licence's paragraphs inside a dd: div and p are flow content there). -->
  <xsl:template match="node()" mode="html:header-block">
    <xsl:apply-templates select="." mode="html">
      <xsl:with-param name="path" select="$source-path" tunnel="yes"/>
      <xsl:with-param name="ed:numbering" select="map { 'note': map{}, 'mention': map{}, 'page': map{} }" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- The document's own register (the back matter's lists of persons, places... ed:document-register-lists):
       each entry's name, linked to its page in the edition's register, with its short data. -->
  <xsl:template name="html:document-register">
    <xsl:variable name="entries" select="ed:document-register(.)"/>
    <xsl:if test="exists($entries)">
      <section class="document-register" aria-labelledby="document-register-heading">
        <h2 id="document-register-heading">Register of this document</h2>
        <xsl:for-each-group select="$entries" group-adjacent="ed:register-of(.)">
          <h3>{ed:register-title(current-grouping-key())}</h3>
          <ul class="register-list">
            <xsl:for-each select="current-group()">
              <li><a href="../{ed:entry-page(.)}"><xsl:sequence select="html:isolate(ed:entry-name(.))"/>{ed:entry-name(.)}</a><xsl:call-template name="html:entry-short"/></li>
            </xsl:for-each>
          </ul>
        </xsl:for-each-group>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- What follows an entry's name in a list: its dates and its note, occupation or authors (ed:entry-description without the name). -->
  <xsl:template name="html:entry-short">
    <xsl:variable name="name" select="ed:entry-name(.)"/>
    <xsl:variable name="rest" select="substring(ed:entry-description(.), string-length($name) + 1)"/>
    <xsl:if test="normalize-space($rest)"><span class="entry-short"><xsl:sequence select="html:isolate($rest)"/>{replace($rest, '^: ', ': ')}</span></xsl:if>
  </xsl:template>

  <!-- The register descriptions the mentions point to with aria-describedby (screen readers read them
       on focus; sighted readers get the same text as a tooltip from data-desc). -->
  <xsl:template name="html:entity-descriptions">
    <!-- Also those of the names and speeches in the files it includes, each resolved from its own file (ed:written-in). -->
    <xsl:variable name="included" select="if (exists(ed:text-includes(.)) or exists(tei:*/tei:teiHeader//Q{http://www.w3.org/2001/XInclude}include)) then ed:inclusions(.) else ()"/>
    <xsl:variable name="speakers" select="(descendant::tei:sp[@who][tei:speaker] ! ed:speaker-entries(., $source-path)[last() eq 1],
                                           $included/descendant-or-self::tei:sp[@who][tei:speaker] ! ed:speaker-entries(., ed:written-in(.))[last() eq 1])"/>
    <xsl:variable name="entries" select="(descendant::*[@ref or @key] ! ed:entries-of(., $source-path)[1],
                                          $included/descendant-or-self::*[@ref or @key] ! ed:entries-of(., ed:written-in(.))[1], $speakers)"/>
    <xsl:if test="exists($entries)">
      <div hidden="hidden" class="entity-descriptions">
        <xsl:for-each-group select="$entries" group-by="ed:register-of(.) || '-' || ed:entry-anchor(.)">
          <span id="desc-{current-grouping-key()}">{ed:entry-description(.)}</span>
        </xsl:for-each-group>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- Set by the build when the document's TEI copy is withheld (src/publish/transform.ts activeContent). -->
  <xsl:param name="tei-copy-withheld" as="xs:boolean" select="false()"/>

  <xsl:template name="html:citation">
    <xsl:param name="name" as="xs:string"/>
    <section class="cite" aria-labelledby="cite-heading">
      <h2 id="cite-heading">Cite this document</h2>
      <p class="citation">“<xsl:choose><xsl:when test="ed:needs-isolation(ed:title(.))"><bdi>{ed:title(.)}</bdi></xsl:when><xsl:otherwise>{ed:title(.)}</xsl:otherwise></xsl:choose>.” In <i><xsl:sequence select="html:isolate(ed:edition-title())"/>{ed:edition-title()}</i>, version {ed:edition-info('version')}.
        <xsl:choose>
          <!-- The edition's published address (edition.yml base-url) is the one to cite; else the address the reader has (edition.js). -->
          <xsl:when test="$edition?base-url"><a class="cite-link" href="{$edition?base-url}documents/{encode-for-uri($name)}.html">{$edition?base-url}documents/{$name}.html</a>.</xsl:when>
          <xsl:otherwise><span class="cite-url" data-path="documents/{$name}.html">documents/{$name}.html</span>.</xsl:otherwise>
        </xsl:choose>
        Accessed <span class="cite-accessed">[date of access]</span>.</p>
      <xsl:choose>
        <xsl:when test="$tei-copy-withheld">
          <p class="tei-copy-withheld">The TEI source is not offered for download: it contains markup (XHTML, SVG or MathML, or a stylesheet instruction) that a browser would run when opening it.</p>
        </xsl:when>
        <xsl:otherwise>
          <p><a href="{$name}.xml" download="{$name}.xml" type="application/tei+xml">Download the TEI source ({$name}.xml)</a></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- ===================================================================================== -->
  <!-- Entry point: the collection's pages                                                    -->
  <!-- ===================================================================================== -->

  <!-- The collection pages to render, each with the data it shows, taken by the build from the files'
       summaries (mode ed:summary): no document is parsed here. The build renders only the pages whose data
       changed, so each parameter is one page or a few.
       - $index (index.html): map { 'documents': the edition documents' summaries ('document'), in collection
         order; 'entries': map { register name: number of entries } };
       - $registers (persons.html, places.html, organisations.html): map { 'register', 'entries': map { 'xml':
         the entry, 'mentions', 'speeches': how many, 'qualifier': what tells it from entries of the same name
         (the title of the document that defines it), if any } for each entry of the register, in collection order };
       - $entry-pages (persons/<id>.html ...): map { 'xml': the entry, 'qualifier' (as a register's), 'mentions',
         'speeches': how many, 'documents': map { 'path', 'name', 'title', 'date-key', 'mentions': its mentions of
         the entry and speeches ascribed to it (mode ed:summary), in document order } for each document that
         mentions it, in collection order; 'relations': the relations it is a party to (map { 'xml': the relation,
         'side': its side, 'others': the other parties, each map { 'label', 'qualifier', 'page' } of the entry it
         reaches or map { 'pointer' } as written }); 'page': where the page goes, if not where ed:entry-page puts it (the
         name of a copy of the entry that lists its URIs in another order: the same page under both names); 'links': where the pointers inside it lead (@ed:targets:
         ed:entry-record), map { target: map { 'label', 'qualifier', 'page' } }; 'statements': what other entries' records
         state of it (map { 'xml': their affiliation to it, birth in it…: ed:entry-statements, 'of': the entry that states it,
         as 'others' are given }) }.
       One page per entry: the build keeps one entry of each group (register and xml:id, or URI: ed:entry-key).
       An entry page's mentions may be rendered apart, a few documents at a time (the page of a place named in
       every letter of thousands is megabytes of mentions, too large a tree for one transformation): its map then
       has 'mentions-elsewhere': true and no 'documents', and the page holds the element <tei-edition-mentions/>
       where they go; $mention-sections renders them:
       - $mention-sections: map { 'href': where to write them, 'documents': as an entry page's, already in
         chronological order } (the build puts the sections in place of the element, in order). -->
  <xsl:param name="index" as="map(*)?" select="()"/>
  <xsl:param name="registers" as="map(*)*" select="()"/>
  <xsl:param name="entry-pages" as="map(*)*" select="()"/>
  <xsl:param name="mention-sections" as="map(*)*" select="()"/>

  <xsl:template name="xsl:initial-template">
    <xsl:if test="exists($index)">
      <xsl:result-document href="index.html" format="page">
        <xsl:call-template name="html:index">
          <xsl:with-param name="documents" select="ed:sort-chronologically($index?documents)"/>
          <xsl:with-param name="counts" select="$index?entries"/>
        </xsl:call-template>
      </xsl:result-document>
    </xsl:if>
    <xsl:for-each select="$registers">
      <xsl:variable name="register" select="string(?register)"/>
      <xsl:variable name="entries" as="map(*)*">
        <xsl:perform-sort select="?entries ! map { 'entry': parse-xml(?xml)/*, 'mentions': xs:integer(?mentions), 'speeches': xs:integer((?speeches, 0)[1]),
                                                  'qualifier': string(?qualifier) }">
          <xsl:sort select="ed:entry-sort-key(?entry)"/>
          <xsl:sort select="?qualifier"/>
        </xsl:perform-sort>
      </xsl:variable>
      <xsl:result-document href="{$register}.html" format="page">
        <xsl:call-template name="html:register-page">
          <xsl:with-param name="register" select="$register"/>
          <xsl:with-param name="entries" select="$entries"/>
        </xsl:call-template>
      </xsl:result-document>
    </xsl:for-each>
    <xsl:for-each select="$entry-pages">
      <xsl:variable name="documents" select="ed:sort-chronologically(?documents)"/>
      <xsl:variable name="mentions-elsewhere" select="?mentions-elsewhere = true()"/>
      <xsl:variable name="counts" select="map { 'mentions': xs:integer((?mentions, 0)[1]), 'speeches': xs:integer((?speeches, 0)[1]) }"/>
      <xsl:variable name="qualifier" select="string(?qualifier)"/>
      <xsl:variable name="relations" select="?relations"/>
      <xsl:variable name="statements" select="?statements"/>
      <xsl:variable name="links" select="(?links, map {})[1]"/>
      <xsl:variable name="page" select="?page"/>
      <xsl:for-each select="parse-xml(?xml)/*">
        <xsl:result-document href="{($page, ed:entry-page(.))[1]}" format="page">
          <xsl:call-template name="html:entry-page">
            <xsl:with-param name="documents" select="$documents"/>
            <xsl:with-param name="mentions-elsewhere" select="$mentions-elsewhere"/>
            <xsl:with-param name="counts" select="$counts"/>
            <xsl:with-param name="qualifier" select="$qualifier"/>
            <xsl:with-param name="relations" select="$relations"/>
            <xsl:with-param name="statements" select="$statements"/>
            <xsl:with-param name="links" select="$links" tunnel="yes"/>
          </xsl:call-template>
        </xsl:result-document>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:for-each select="$mention-sections">
      <xsl:result-document href="{?href}" format="page">
        <xsl:call-template name="html:mentions-in-documents">
          <xsl:with-param name="documents" select="?documents"/>
        </xsl:call-template>
      </xsl:result-document>
    </xsl:for-each>
    <xsl:call-template name="html:search-pages"/>
    <xsl:sequence select="map { 'kind': 'collection' }"/>
  </xsl:template>

  <xsl:template name="html:index">
    <xsl:param name="documents" as="map(*)*"/>
    <xsl:param name="counts" as="map(*)"/>
    <xsl:call-template name="html:page">
      <xsl:with-param name="title" select="ed:edition-title()"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="is-home" select="true()"/>
      <xsl:with-param name="content">
        <h1><xsl:sequence select="html:isolate(ed:edition-title())"/>{ed:edition-title()}</h1>
        <xsl:if test="ed:edition-subtitle()"><p class="subtitle"><xsl:sequence select="html:isolate(ed:edition-subtitle())"/>{ed:edition-subtitle()}</p></xsl:if>
        <xsl:if test="ed:edition-purpose()"><p class="purpose"><xsl:sequence select="html:isolate(ed:edition-purpose())"/>{ed:edition-purpose()}</p></xsl:if>
        <xsl:call-template name="html:edition-facts"/>
        <section aria-labelledby="documents-heading" id="documents">
          <h2 id="documents-heading">Documents</h2>
          <ol class="document-list">
            <xsl:for-each select="$documents">
              <li>
                <xsl:if test="?date-label">
                  <span class="document-date"><xsl:call-template name="html:date-text"/></span>
                </xsl:if>
                <a class="document-title" href="documents/{?name}.html" lang="{?lang}"><xsl:sequence select="html:isolate(?title)"/>{?title}</a>
                <xsl:if test="?source"><span class="document-source"><xsl:sequence select="html:isolate(?source)"/>{?source}</span></xsl:if>
                <xsl:if test="?summary"><p class="document-summary" lang="{?lang}"><xsl:sequence select="html:isolate(?summary)"/>{?summary}</p></xsl:if>
              </li>
            </xsl:for-each>
          </ol>
        </section>
        <section aria-labelledby="registers-heading">
          <h2 id="registers-heading">Registers</h2>
          <ul class="register-links">
            <xsl:for-each select="$ed:shown-registers">
              <li><a href="{.}.html">{ed:register-title(.)}</a> ({xs:integer(($counts(.), 0)[1])} entries)</li>
            </xsl:for-each>
          </ul>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- What the edition configuration (edition.yml) says of the edition, on the home page; nothing without it. -->
  <xsl:template name="html:edition-facts">
    <xsl:variable name="facts" as="element()*">
      <xsl:if test="exists(ed:edition-list('editors'))">
        <dt>Edited by</dt><dd>{ed:edition-list('editors') => string-join(', ')}</dd>
      </xsl:if>
      <xsl:if test="exists(ed:edition-list('language-names'))">
        <dt>Languages</dt><dd>{ed:edition-list('language-names') => string-join(', ')}</dd>
      </xsl:if>
      <xsl:if test="exists($edition?licence)">
        <dt>Licence</dt><dd><xsl:call-template name="html:edition-licence"/></dd>
      </xsl:if>
      <xsl:if test="$edition?base-url">
        <dt>Published at</dt><dd><a href="{$edition?base-url}">{$edition?base-url}</a></dd>
      </xsl:if>
    </xsl:variable>
    <xsl:if test="exists($facts)"><dl class="edition-facts"><xsl:sequence select="$facts"/></dl></xsl:if>
  </xsl:template>

  <!-- The edition's licence (edition.yml), linked when it has an address. -->
  <xsl:template name="html:edition-licence">
    <xsl:choose>
      <xsl:when test="$edition?licence?url"><a href="{$edition?licence?url}" rel="license">{$edition?licence?label}</a></xsl:when>
      <xsl:otherwise>{$edition?licence?label}</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A document's date on the home page (context: its summary, mode ed:summary). -->
  <xsl:template name="html:date-text">
    <xsl:choose>
      <xsl:when test="matches(?date-key, '^\d{4}(-\d{2}(-\d{2})?)?$')"><time datetime="{?date-key}">{?date-label}</time></xsl:when>
      <xsl:otherwise>{?date-label}</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="html:register-page">
    <xsl:param name="register" as="xs:string"/>
    <!-- map { 'entry', 'mentions', 'speeches' (how many), 'qualifier' }, in the order of the list -->
    <xsl:param name="entries" as="map(*)*"/>
    <xsl:call-template name="html:page">
      <xsl:with-param name="title" select="ed:register-title($register)"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="content">
        <h1>{ed:register-title($register)}</h1>
        <xsl:choose>
          <xsl:when test="empty($entries)"><p>No entries.</p></xsl:when>
          <xsl:otherwise>
            <ul class="register-list">
              <xsl:for-each select="$entries">
                <xsl:variable name="counts" select="."/>
                <xsl:for-each select="?entry">
                  <li>
                    <a href="{ed:entry-page(.)}"><xsl:call-template name="html:entry-title"><xsl:with-param name="qualifier" select="$counts?qualifier"/></xsl:call-template></a>
                    <xsl:call-template name="html:entry-short"/>
                    <xsl:text> </xsl:text>
                    <span class="mention-count">({html:count-text($counts?speeches, $counts?mentions)})</span>
                  </li>
                </xsl:for-each>
              </xsl:for-each>
            </ul>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- How often an entry is spoken by and named: "3 speeches, 1 mention", "3 speeches", "2 mentions", "0 mentions". -->
  <xsl:function name="html:count-text" as="xs:string">
    <xsl:param name="speeches" as="xs:integer"/>
    <xsl:param name="mentions" as="xs:integer"/>
    <xsl:sequence select="string-join((
      if ($speeches gt 0) then $speeches || (if ($speeches = 1) then ' speech' else ' speeches') else (),
      if ($mentions gt 0 or $speeches = 0) then $mentions || (if ($mentions = 1) then ' mention' else ' mentions') else ()), ', ')"/>
  </xsl:function>

  <!-- An entry's name as its list and its page title it (context: the entry), with what tells it from entries of
       the same name ($qualifier: the document that defines it, "Servant (Othello)") where there is one. -->
  <xsl:template name="html:entry-title">
    <xsl:param name="qualifier" as="xs:string?"/>
    <xsl:variable name="name" select="ed:entry-name(.)"/>
    <xsl:choose>
      <xsl:when test="ed:needs-isolation($name)"><bdi>{$name}</bdi></xsl:when>
      <xsl:otherwise><xsl:value-of select="$name"/></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$qualifier"><xsl:text> </xsl:text><span class="entry-qualifier"><xsl:sequence select="html:isolate($qualifier)"/>({$qualifier})</span></xsl:if>
  </xsl:template>

  <!-- An entry's page (context: the entry). $documents: map { 'name', 'title', 'mentions' } for each document
       that mentions it or ascribes speeches to it, in chronological order. -->
  <xsl:template name="html:entry-page">
    <xsl:param name="documents" as="map(*)*"/>
    <!-- True: the mentions are rendered apart ($mention-sections); the element stands where they go. -->
    <xsl:param name="mentions-elsewhere" as="xs:boolean" select="false()"/>
    <!-- map { 'mentions', 'speeches' }: how many, in all its documents. -->
    <xsl:param name="counts" as="map(*)" select="map { 'mentions': 0, 'speeches': 0 }"/>
    <xsl:param name="qualifier" as="xs:string" select="''"/>
    <!-- The relations it is a party to ($entry-pages' 'relations'), in collection and document order. -->
    <xsl:param name="relations" as="map(*)*" select="()"/>
    <!-- What other entries' records state of it ($entry-pages' 'statements'), in collection order. -->
    <xsl:param name="statements" as="map(*)*" select="()"/>
    <xsl:variable name="entry" select="."/>
    <xsl:call-template name="html:page">
      <xsl:with-param name="title" select="string-join((ed:entry-name(.), $qualifier[.] ! ('(' || . || ')')), ' ')"/>
      <xsl:with-param name="root" select="'../'"/>
      <xsl:with-param name="content">
        <article class="entry" id="{ed:entry-anchor(.)}" data-register="{ed:register-of(.)}">
          <p class="breadcrumb"><a href="../{ed:register-of(.)}.html"><xsl:sequence select="html:isolate(ed:register-title(ed:register-of(.)))"/>{ed:register-title(ed:register-of(.))}</a></p>
          <h1><xsl:call-template name="html:entry-title"><xsl:with-param name="qualifier" select="$qualifier"/></xsl:call-template></h1>
          <dl class="entry-data">
            <xsl:variable name="variants" select="distinct-values((tei:persName | tei:placeName | tei:orgName | tei:name)[not(@type = 'main')] ! ed:name-label(.))[. != ed:entry-name($entry)]"/>
            <xsl:if test="exists($variants)"><div><dt>Named in the texts</dt><dd><xsl:for-each select="$variants">
              <xsl:if test="position() gt 1">; </xsl:if>
              <xsl:choose><xsl:when test="ed:needs-isolation(.)"><bdi>{.}</bdi></xsl:when><xsl:otherwise>{.}</xsl:otherwise></xsl:choose>
            </xsl:for-each></dd></div></xsl:if>
            <xsl:if test="@type"><div><dt>Type</dt><dd>{@type}</dd></div></xsl:if>
            <xsl:for-each select="ed:role-descriptions(.)[normalize-space()]"><div><dt>Role</dt><dd>{normalize-space(.)}</dd></div></xsl:for-each>
            <xsl:variable name="authors" select="ed:work-authors(., false())"/>
            <xsl:if test="exists($authors)"><div><dt>{if (count($authors) gt 1) then 'Authors' else 'Author'}</dt><dd>{string-join(distinct-values($authors ! normalize-space(.)), '; ')}</dd></div></xsl:if>
            <xsl:if test="ed:entry-dates(.)"><div><dt>Dates</dt><dd>{ed:entry-dates(.)}</dd></div></xsl:if>
            <xsl:for-each select="(tei:birth, tei:death)[.//(tei:placeName | tei:settlement)[normalize-space()]]">
              <div><dt>{if (self::tei:birth) then 'Born' else 'Died'}</dt>
                <dd>
                  <xsl:if test="ed:event-date(.)">{ed:event-date(.)}, </xsl:if>
                  <!-- Linked by the pointer of the name or of what holds it in the birth (schnitzler-briefe's
                       <settlement ref="pmb50"><placeName type="pref">Wien</placeName></settlement>). -->
                  <xsl:variable name="event" select="."/>
                  <xsl:for-each select="(.//tei:placeName, .//tei:settlement)[normalize-space()][1]">
                    <xsl:variable name="name" select="normalize-space(.)"/>
                    <xsl:for-each select="(ancestor-or-self::*[@ed:targets][exists(ancestor::* intersect $event)][1], .)[1]">
                      <xsl:call-template name="html:reached"><xsl:with-param name="content" select="$name"/></xsl:call-template>
                    </xsl:for-each>
                  </xsl:for-each>
                </dd></div>
            </xsl:for-each>
            <!-- Those that say something: a coded state of nothing but a type and a category pointer (ParlaMint's
                 <state type="politicalOrientation">) is no line. -->
            <xsl:for-each-group select="*[map:contains($html:person-data, local-name())][namespace-uri() = 'http://www.tei-c.org/ns/1.0']
                                         [normalize-space() or @role or @ref or exists(ed:period-label(.))]" group-by="local-name()">
              <div><dt>{$html:person-data(current-grouping-key())[if (count(current-group()) gt 1) then 2 else 1]}</dt>
                <xsl:for-each select="current-group()"><dd><xsl:call-template name="html:entry-datum"/></dd></xsl:for-each></div>
            </xsl:for-each-group>
            <xsl:variable name="register" select="ed:register-of(.)"/>
            <!-- A relation said alike more than once (each of two records restating it, in whatever XML, or one record
                 saying it from each side: broader here, narrower there) is one line: the same wording, the same other
                 parties (in any order) and the same time; with what each statement's desc adds. -->
            <xsl:for-each-group select="$relations ! map:put(., 'relation', parse-xml(?xml)/*)" group-by="ed:relation-label(?relation, ?side, $register)">
              <div class="relation"><dt>{current-grouping-key()}</dt>
                <xsl:for-each-group select="current-group()" group-by="string-join(sort(?others ! (if (map:contains(., 'page')) then ?page else html:party-key(?pointer))), ' ') || '&#10;' || ed:period-label(?relation)">
                  <dd data-side="{?side}">
                    <xsl:call-template name="html:relation">
                      <xsl:with-param name="descs" select="distinct-values(current-group() ! html:relation-desc(?relation, $entry, ?others))"/>
                    </xsl:call-template>
                  </dd>
                </xsl:for-each-group></div>
            </xsl:for-each-group>
            <xsl:for-each-group select="$statements ! map:put(., 'datum', parse-xml(?xml)/*)" group-by="html:statement-label(?datum)">
              <div class="statement"><dt>{current-grouping-key()}</dt>
                <xsl:for-each select="current-group()"><dd><xsl:call-template name="html:statement"/></dd></xsl:for-each></div>
            </xsl:for-each-group>
            <!-- The entry's own location (not that of a person's birthplace, which is the place's own data). -->
            <xsl:for-each select="(tei:location | self::tei:place | self::tei:org)/tei:geo[normalize-space()] | tei:location/tei:geo[normalize-space()]">
              <div><dt>Coordinates</dt><dd><span class="geo">{normalize-space(.)}</span> (latitude, longitude)</dd></div>
            </xsl:for-each>
            <xsl:for-each select="tei:idno[normalize-space()]">
              <xsl:variable name="authority" select="html:authority-of(.)"/>
              <div><dt>Authority ({($authority/@label, @subtype[../@type = ('URL', 'URI', 'url', 'uri')], @type, 'identifier')[1]})</dt>
                <dd>
                  <xsl:variable name="href" select="ed:safe-href(normalize-space(.))[matches(., '^https?://')], html:authority-link($authority, .)"/>
                  <xsl:choose>
                    <xsl:when test="exists($href)"><a href="{$href[1]}">{normalize-space(.)}</a></xsl:when>
                    <xsl:otherwise>{normalize-space(.)}</xsl:otherwise>
                  </xsl:choose>
                </dd></div>
            </xsl:for-each>
            <xsl:for-each select="tei:note[normalize-space()]">
              <div><dt>Note</dt><dd><xsl:call-template name="html:entry-note"/></dd></div>
            </xsl:for-each>
          </dl>
          <section aria-labelledby="mentions-heading">
            <h2 id="mentions-heading">{if ($counts?speeches = 0) then 'Mentions' else if ($counts?mentions = 0) then 'Speeches' else 'Speeches and mentions'}</h2>
            <xsl:choose>
              <xsl:when test="$mentions-elsewhere"><tei-edition-mentions/></xsl:when>
              <xsl:when test="empty($documents)"><p>Not mentioned in the documents of this edition.</p></xsl:when>
              <xsl:otherwise>
                <xsl:call-template name="html:mentions-in-documents">
                  <xsl:with-param name="documents" select="$documents"/>
                </xsl:call-template>
              </xsl:otherwise>
            </xsl:choose>
          </section>
        </article>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- What a register says of its entries besides names and dates (Guidelines 13.3.2: a person's affiliations,
       occupations, residences...; an organisation's events), each kind under one label on its page: element → its
       label, and the label of several. -->
  <xsl:variable name="html:person-data" as="map(xs:string, xs:string+)" select="map {
    'affiliation': ('Affiliation', 'Affiliations'), 'occupation': ('Occupation', 'Occupations'), 'education': ('Education', 'Education'),
    'residence': ('Residence', 'Residences'), 'state': ('State', 'States'), 'trait': ('Trait', 'Traits'), 'faith': ('Faith', 'Faith'),
    'nationality': ('Nationality', 'Nationalities'), 'socecStatus': ('Social status', 'Social status'), 'event': ('Event', 'Events') }"/>

  <!-- One of them (context: the element of the entry's record, ed:entry-record): its type, where a state or trait has
       one ("Rank: "); the role it names and the entry its pointer reaches, linked to its page ("Member of National
       Council": html:reached); its own words, several parts without words between them (the same in two languages) set
       apart ("Abgeordneter; Member of Parliament"), a name in them that reaches an entry linked; and when it held
       (ed:period-label: "(2008–2013)"), after the role, else after the words. -->
  <xsl:template name="html:entry-datum">
    <xsl:variable name="datum" select="."/>
    <xsl:variable name="type" select="(self::tei:state | self::tei:trait)/@type ! ed:readable-name(.)[.]"/>
    <xsl:variable name="role" select="@role ! ed:readable-name(.)[.]"/>
    <xsl:variable name="reached" as="node()*"><xsl:call-template name="html:reached"/></xsl:variable>
    <xsl:variable name="parts" select="if (empty(text()[normalize-space()]) and count(*) gt 1) then *[normalize-space()] else .[normalize-space()]"/>
    <xsl:variable name="words" as="node()*">
      <xsl:for-each select="$parts">
        <xsl:if test="position() gt 1">; </xsl:if>
        <xsl:variable name="rendered" as="node()*"><xsl:apply-templates select="if (. is $datum) then node() else ." mode="html:entry-words"/></xsl:variable>
        <xsl:choose>
          <xsl:when test="every $node in $rendered satisfies $node instance of text()"><xsl:value-of select="normalize-space(string-join($rendered))"/></xsl:when>
          <xsl:otherwise><xsl:sequence select="$rendered"/></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="period" select="ed:period-label(.)"/>
    <xsl:variable name="lead" select="exists($role) or exists($reached)"/>
    <xsl:if test="$type">{$type}: </xsl:if>
    <xsl:if test="$role">{$role}<xsl:if test="exists($reached)"> of </xsl:if></xsl:if>
    <xsl:sequence select="$reached"/>
    <!-- The period after what it is the period of: the membership ("Member of National Council (1897–1901): Abgeordneter"), else the words. -->
    <xsl:if test="$lead and $period"> ({$period})</xsl:if>
    <xsl:if test="$lead and exists($words)">: </xsl:if>
    <xsl:sequence select="$words"/>
    <xsl:if test="not($lead) and $period"><xsl:if test="exists($words)"> (</xsl:if>{$period}<xsl:if test="exists($words)">)</xsl:if></xsl:if>
  </xsl:template>

  <!-- The words of a register's datum: text, with the names in it that reach an entry linked (html:reached), and the
       phrases the edition's style sets apart (a title of a book, a foreign word) kept as its text shows them. -->
  <xsl:mode name="html:entry-words" on-no-match="text-only-copy"/>

  <xsl:template match="text()" mode="html:entry-words">
    <xsl:value-of select="replace(., '\s+', ' ')"/>
  </xsl:template>

  <xsl:template match="tei:title[@level] | tei:hi[@rend] | tei:foreign | tei:emph | tei:term" mode="html:entry-words" priority="1">
    <xsl:variable name="phrase" as="element()">
      <span class="{local-name()}">
        <xsl:for-each select="@level, @rend"><xsl:attribute name="data-{local-name()}" select="normalize-space(.)"/></xsl:for-each>
        <xsl:for-each select="@xml:lang[normalize-space()]"><xsl:attribute name="lang" select="normalize-space(.)"/></xsl:for-each>
        <xsl:apply-templates mode="#current"/>
      </span>
    </xsl:variable>
    <!-- A title that reaches a work's entry is a link to it, set apart. -->
    <xsl:call-template name="html:reached"><xsl:with-param name="content" select="$phrase"/></xsl:call-template>
  </xsl:template>

  <!-- A register entry's note on its page (context: the note of the entry's record): its words as a datum's are
       (html:entry-words: the names in it linked to their entries' pages), a note of paragraphs in paragraphs. -->
  <xsl:template name="html:entry-note">
    <xsl:variable name="paragraphs" select="if (tei:p and empty(text()[normalize-space()])) then tei:p[normalize-space()] else ."/>
    <xsl:for-each select="$paragraphs">
      <xsl:variable name="rendered" as="node()*"><xsl:apply-templates mode="html:entry-words"/></xsl:variable>
      <xsl:choose>
        <xsl:when test="count($paragraphs) gt 1"><p><xsl:sequence select="html:trimmed($rendered)"/></p></xsl:when>
        <xsl:otherwise><xsl:sequence select="html:trimmed($rendered)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- Rendered words without the white space at their edges (a text node first or last: an element there keeps its own),
       and one space where two text nodes meet with white space on both sides (the line breaks of an indented source). -->
  <xsl:function name="html:trimmed" as="node()*">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:for-each select="$nodes">
      <xsl:variable name="at" select="position()"/>
      <xsl:choose>
        <xsl:when test=". instance of text()">
          <xsl:variable name="start" select="if ($at eq 1 or ($nodes[$at - 1] instance of text() and matches($nodes[$at - 1], '\s$'))) then replace(., '^\s+', '') else string(.)"/>
          <xsl:value-of select="if (position() eq last()) then replace($start, '\s+$', '') else $start"/>
        </xsl:when>
        <xsl:otherwise><xsl:sequence select="."/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:function>

  <xsl:template match="*[@ed:targets]" mode="html:entry-words">
    <xsl:variable name="content" as="node()*"><xsl:apply-templates mode="#current"/></xsl:variable>
    <xsl:call-template name="html:reached"><xsl:with-param name="content" select="$content"/></xsl:call-template>
  </xsl:template>

  <!-- The entry an element of an entry's record points to (its @ed:targets: ed:entry-record), linked to that entry's
       page ($links: EntryPage.links) with $content, else with the entry's name (and what tells it apart, as the
       register lists show it). Where its pointers reach no entry: $content; without content, a pointer "#id" into the
       collection that reaches nothing as its id, and a web address as a link; else nothing. -->
  <xsl:template name="html:reached">
    <xsl:param name="links" as="map(*)" select="map {}" tunnel="yes"/>
    <xsl:param name="content" as="item()*" select="()"/>
    <xsl:variable name="link" select="(tokenize(@ed:targets) ! $links(.))[1]"/>
    <xsl:choose>
      <xsl:when test="exists($link) and exists($content)"><a href="../{$link?page}"><xsl:sequence select="$content"/></a></xsl:when>
      <xsl:when test="exists($link)"><xsl:call-template name="html:entry-link"><xsl:with-param name="link" select="$link"/></xsl:call-template></xsl:when>
      <xsl:when test="exists($content)"><xsl:sequence select="$content"/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="pointer" select="tokenize(@ref)[1]"/>
        <xsl:choose>
          <xsl:when test="starts-with($pointer, '#') and string-length($pointer) gt 1">{substring($pointer, 2)}</xsl:when>
          <xsl:when test="exists(ed:safe-href($pointer)[matches(., '^https?://', 'i')])"><a href="{ed:safe-href($pointer)}">{$pointer}</a></xsl:when>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Another entry as an entry page names it ($link: map { 'label', 'qualifier', 'page' }: RegisterIndex.linkOf), linked to
       its page; a party of a relation that reaches no entry (map { 'pointer' }) as html:reached shows a pointer. -->
  <xsl:template name="html:entry-link">
    <xsl:param name="link" as="map(*)"/>
    <xsl:choose>
      <xsl:when test="map:contains($link, 'page')">
        <a href="../{$link?page}">{$link?label}</a>
        <xsl:if test="$link?qualifier"><xsl:text> </xsl:text><span class="entry-qualifier">({$link?qualifier})</span></xsl:if>
      </xsl:when>
      <xsl:when test="starts-with($link?pointer, '#') and string-length($link?pointer) gt 1">{substring($link?pointer, 2)}</xsl:when>
      <xsl:when test="exists(ed:safe-href($link?pointer)[matches(., '^https?://', 'i')])"><a href="{ed:safe-href($link?pointer)}">{$link?pointer}</a></xsl:when>
      <xsl:otherwise>{$link?pointer}</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A relation on the page of one of its parties (context: map { 'relation', 'side', 'others' }: its label is
       ed:relation-label's): its other parties, each linked to its page (html:entry-link), when it held
       (ed:period-label), and what the relation's desc says of it. -->
  <xsl:template name="html:relation">
    <!-- What its desc says (html:relation-desc), of each statement of it. -->
    <xsl:param name="descs" as="xs:string*"/>
    <xsl:variable name="relation" select="?relation"/>
    <xsl:variable name="others" select="?others"/>
    <!-- Names are "Müller, Hans": a semicolon between them. -->
    <xsl:for-each select="$others">
      <xsl:if test="position() gt 1">; </xsl:if>
      <xsl:call-template name="html:entry-link"><xsl:with-param name="link" select="."/></xsl:call-template>
    </xsl:for-each>
    <xsl:variable name="period" select="ed:period-label($relation)"/>
    <xsl:if test="$period"><xsl:if test="exists($others)"> (</xsl:if>{$period}<xsl:if test="exists($others)">)</xsl:if></xsl:if>
    <xsl:variable name="desc" select="string-join($descs, ' ')"/>
    <xsl:if test="$desc"><xsl:if test="exists($others) or $period">: </xsl:if>{$desc}</xsl:if>
  </xsl:template>

  <!-- What a relation's desc says on the page of $entry, one of its parties ($others: the others, as html:relation shows
       them): its words, unless it is only the name of a party, as Syriaca.org's records label the place a relation
       leads to (<desc><placeName ref="http://syriaca.org/place/145">Osrhoene</placeName></desc>), and the page shows
       that name already: it names this entry, or it is the name the page gives the other party. -->
  <xsl:function name="html:relation-desc" as="xs:string?">
    <xsl:param name="relation" as="element()"/>
    <xsl:param name="entry" as="element()"/>
    <xsl:param name="others" as="map(*)*"/>
    <xsl:variable name="desc" select="normalize-space(string-join($relation/tei:desc, ' '))"/>
    <xsl:variable name="names" select="$relation/tei:desc/*"/>
    <xsl:variable name="only-names" select="exists($names) and empty($relation/tei:desc/text()[normalize-space()])
                                            and (every $name in $names satisfies tokenize($name/@ref) ! html:party-key(.) = $relation/(@active, @passive, @mutual) ! tokenize(.) ! html:party-key(.))"/>
    <xsl:variable name="this" select="(ed:entry-uris($entry), $entry/@xml:id ! ('#' || .))"/>
    <xsl:sequence select="$desc[.][not($only-names and ($names/@ref ! tokenize(.) ! html:party-key(.) = $this or . = $others[map:contains(., 'label')]?label))]"/>
  </xsl:function>

  <!-- A party's pointer as relations are compared by it: an absolute URI as ed:uri-key writes it, any other as written. -->
  <xsl:function name="html:party-key" as="xs:string">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:sequence select="if (ed:is-entry-uri($pointer)) then ed:uri-key($pointer) else $pointer"/>
  </xsl:function>

  <!-- What another entry's record states of this one (ed:entry-statements), as this entry's page words it, from its side:
       an affiliation to it by the affiliation's role, the Guidelines' @role ("Member": the persons who are members of this
       organisation, as a relation's passive side reads; "Affiliated" without one); a birth, death, residence, education in
       it as what happened here ("Born here", "Lived here"). -->
  <xsl:function name="html:statement-label" as="xs:string">
    <xsl:param name="datum" as="element()"/>
    <xsl:sequence select="if ($datum/self::tei:affiliation) then (($datum/@role ! ed:readable-name(.))[.], 'Affiliated')[1]
                          else (map { 'birth': 'Born here', 'death': 'Died here', 'residence': 'Lived here', 'education': 'Educated here' }(local-name($datum)), 'Related')[1]"/>
  </xsl:function>

  <!-- One of them (context: map { 'datum', 'of' }): the entry that states it, linked to its page (html:entry-link); when
       (ed:period-label, a birth's or death's date: ed:event-date); an affiliation's or education's own words, as text
       ("Reader at the Müller press"; parts without words between them set apart: "Abgeordneter; Member of Parliament"). -->
  <xsl:template name="html:statement">
    <xsl:variable name="datum" select="?datum"/>
    <xsl:call-template name="html:entry-link"><xsl:with-param name="link" select="?of"/></xsl:call-template>
    <xsl:variable name="when" select="if ($datum/(self::tei:birth | self::tei:death)) then ed:event-date($datum) else ed:period-label($datum)"/>
    <xsl:if test="$when"> ({$when})</xsl:if>
    <xsl:variable name="words" select="$datum[self::tei:affiliation or self::tei:education]
                                       ! (if (empty(text()[normalize-space()]) and count(*) gt 1) then *[normalize-space()] else .[normalize-space()])
                                       ! normalize-space(.)"/>
    <xsl:if test="exists($words)">: {string-join($words, '; ')}</xsl:if>
  </xsl:template>

  <!-- Authority files whose identifiers registers give bare (<idno type="VIAF">59259382</idno>): the entry page links
       such an identifier to the file's own page for it. The @types name each file as projects write it (compared
       without case); the pattern is the identifier's form, so a value of any other form (a note, a typo, a URL of
       its own) is not made into a link, and every URL made is one of these prefixes followed by URL-safe
       characters. A type not listed here (a project's own numbering) stays text. (In these attribute value
       templates, {{ and }} write a brace.) -->
  <xsl:variable name="html:authorities" as="element(html:authority)+">
    <html:authority types="viaf" label="VIAF" pattern="^[1-9][0-9]*$" prefix="https://viaf.org/viaf/"/>
    <html:authority types="wikidata wd" label="Wikidata" pattern="^Q[1-9][0-9]*$" prefix="https://www.wikidata.org/wiki/"/>
    <html:authority types="gnd dnb" label="GND" pattern="^[0-9][0-9X-]*$" prefix="https://d-nb.info/gnd/"/>
    <html:authority types="geonames" label="GeoNames" pattern="^[1-9][0-9]*$" prefix="https://www.geonames.org/"/>
    <html:authority types="tgn getty-tgn" label="Getty TGN" pattern="^[1-9][0-9]*$" prefix="https://vocab.getty.edu/page/tgn/"/>
    <html:authority types="ulan getty-ulan" label="Getty ULAN" pattern="^[1-9][0-9]*$" prefix="https://vocab.getty.edu/page/ulan/"/>
    <html:authority types="pleiades" label="Pleiades" pattern="^[1-9][0-9]*$" prefix="https://pleiades.stoa.org/places/"/>
    <html:authority types="lcnaf loc lc" label="Library of Congress" pattern="^n[bors]?[0-9]+$" prefix="https://id.loc.gov/authorities/names/"/>
    <html:authority types="orcid" label="ORCID" pattern="^[0-9]{{4}}-[0-9]{{4}}-[0-9]{{4}}-[0-9]{{3}}[0-9X]$" prefix="https://orcid.org/"/>
    <html:authority types="isni" label="ISNI" pattern="^[0-9]{{15}}[0-9X]$" prefix="https://isni.org/isni/"/>
    <html:authority types="doi" label="DOI" pattern="^10\.[0-9]{{4,9}}/[-._;()/:A-Za-z0-9]+$" prefix="https://doi.org/"/>
    <html:authority types="handle hdl" label="Handle" pattern="^[0-9][0-9.]*/[-._;()/:A-Za-z0-9]+$" prefix="https://hdl.handle.net/"/>
  </xsl:variable>

  <xsl:function name="html:authority-of" as="element(html:authority)?">
    <xsl:param name="idno" as="element(tei:idno)"/>
    <xsl:variable name="type" select="lower-case(normalize-space($idno/@type))"/>
    <xsl:sequence select="$html:authorities[tokenize(@types) = $type][1]"/>
  </xsl:function>

  <!-- The authority file's page for $idno's identifier, if its value has the file's form. -->
  <xsl:function name="html:authority-link" as="xs:string?">
    <xsl:param name="authority" as="element(html:authority)?"/>
    <xsl:param name="idno" as="element(tei:idno)"/>
    <xsl:variable name="id" select="normalize-space($idno)"/>
    <xsl:sequence select="$authority[matches($id, @pattern)] ! ed:safe-href(@prefix || $id)"/>
  </xsl:function>

  <!-- An entry's mentions in each of $documents (map { 'name', 'title', 'mentions' }), in the order given: one
       section per document. The speeches ascribed to it ('speech': ed:speech-summaries) come first, each with where
       it stands and its first words; where a document has both, each list says what it is. -->
  <xsl:template name="html:mentions-in-documents">
    <xsl:param name="documents" as="map(*)*"/>
    <xsl:for-each select="$documents">
      <xsl:variable name="name" select="?name"/>
      <xsl:variable name="speeches" select="?mentions[?speech = true()]"/>
      <xsl:variable name="mentions" select="?mentions[not(?speech = true())]"/>
      <section class="mentions-in-document">
        <h3><a href="../documents/{$name}.html"><xsl:sequence select="html:isolate(?title)"/>{?title}</a></h3>
        <xsl:if test="exists($speeches)">
          <h4 class="speech-count">{html:count-text(count($speeches), 0)}</h4>
          <ol class="speeches">
            <xsl:for-each select="$speeches">
              <li lang="{?lang}">
                <xsl:sequence select="html:direction(ed:direction(?lang), 'ltr')"/>
                <xsl:if test="?where"><span class="speech-place"><xsl:sequence select="html:isolate(?where)"/>{?where}</span><xsl:text> </xsl:text></xsl:if>
                <a href="../documents/{$name}.html#{?id}">{?label}</a>
                <xsl:if test="?note"><xsl:text> </xsl:text><span class="mention-kind" lang="en"><xsl:sequence select="html:direction('ltr', ed:direction(?lang))"/>(in note {?note})</span></xsl:if>
              </li>
            </xsl:for-each>
          </ol>
          <xsl:if test="exists($mentions)"><h4 class="mention-count">{html:count-text(0, count($mentions))}</h4></xsl:if>
        </xsl:if>
        <xsl:if test="exists($mentions)">
          <ol class="mentions">
            <xsl:for-each select="$mentions">
              <li lang="{?lang}">
                <xsl:sequence select="html:direction(ed:direction(?lang), 'ltr')"/>
                <span class="context">{?before}</span>
                <a href="../documents/{$name}.html#{?id}">{?label}</a>
                <span class="context">{?after}</span>
                <xsl:if test="?note"><xsl:text> </xsl:text><span class="mention-kind" lang="en"><xsl:sequence select="html:direction('ltr', ed:direction(?lang))"/>(in note {?note})</span></xsl:if>
                <xsl:if test="?metonym"><xsl:text> </xsl:text><span class="mention-kind" lang="en"><xsl:sequence select="html:direction('ltr', ed:direction(?lang))"/>(metonym)</span></xsl:if>
              </li>
            </xsl:for-each>
          </ol>
        </xsl:if>
      </section>
    </xsl:for-each>
  </xsl:template>

  <!-- ===================================================================================== -->
  <!-- Page frame                                                                            -->
  <!-- ===================================================================================== -->

  <xsl:template name="html:page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="root" as="xs:string"/>
    <xsl:param name="content"/>
    <!-- The document whose article the page shows (html:document-page), instead of $content. -->
    <xsl:param name="document-name" as="xs:string?" select="()"/>
    <xsl:param name="is-home" as="xs:boolean" select="false()"/>
    <!-- Further scripts of this page (relative to the site root), after edition.js. -->
    <xsl:param name="scripts" as="xs:string*" select="()"/>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="tei-edition {ed:edition-info('version')}"/>
        <!-- A title element holds no markup: a right-to-left title is isolated from the edition's name after it by the
             Unicode first-strong isolate (FSI … PDI), as dir="auto" does in the page. -->
        <title>{if ($is-home) then $title else html:isolated-text($title) || ' · ' || ed:edition-title()}</title>
        <xsl:if test="$edition?description"><meta name="description" content="{$edition?description}"/></xsl:if>
        <link rel="stylesheet" href="{$root}assets/edition.css"/>
        <script src="{$root}assets/edition.js" defer="defer"></script>
        <xsl:for-each select="$scripts"><script src="{$root}{.}" defer="defer"></script></xsl:for-each>
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="site-header">
          <p class="site-title"><a href="{$root}index.html"><xsl:sequence select="html:isolate(ed:edition-title())"/>{ed:edition-title()}</a></p>
          <nav aria-label="Edition">
            <ul>
              <li><a href="{$root}index.html#documents">Documents</a></li>
              <xsl:if test="$ed:search-enabled"><li><a href="{$root}timeline.html">Timeline</a></li></xsl:if>
              <xsl:for-each select="$ed:shown-registers">
                <li><a href="{$root}{.}.html"><xsl:sequence select="html:isolate(ed:register-title(.))"/>{ed:register-title(.)}</a></li>
              </xsl:for-each>
              <xsl:if test="$ed:search-enabled"><li><a href="{$root}map.html">Map</a></li></xsl:if>
            </ul>
          </nav>
          <xsl:if test="$ed:search-enabled">
            <xsl:call-template name="html:search-box">
              <xsl:with-param name="root" select="$root"/>
            </xsl:call-template>
          </xsl:if>
        </header>
        <main id="main">
          <xsl:choose>
            <xsl:when test="exists($document-name)">
              <xsl:call-template name="html:document-page"><xsl:with-param name="name" select="$document-name"/></xsl:call-template>
            </xsl:when>
            <xsl:otherwise><xsl:sequence select="$content"/></xsl:otherwise>
          </xsl:choose>
        </main>
        <footer class="site-footer">
          <xsl:if test="exists($edition?licence)"><p class="edition-licence">Licence: <xsl:call-template name="html:edition-licence"/></p></xsl:if>
          <p>Built <span class="build-date">{ed:edition-info('build-date')}</span> · version <span class="version">{ed:edition-info('version')}</span>
            · commit <span class="commit">{ed:edition-info('commit')}</span> · published with tei-edition.</p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- ===================================================================================== -->
  <!-- The text: mode html                                                                   -->
  <!--   tunnel $phrasing: true inside HTML phrasing content (p, h*, span, a): blocks become   -->
  <!--                     spans there, so the page stays valid whatever the TEI nests.        -->
  <!--   tunnel $in-link:  true inside an <a>: no nested links.                                -->
  <!-- ===================================================================================== -->

  <!-- Errors name the file (TypeScript) and the innermost block element being rendered (here). -->
  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7 | tei:p | tei:ab
                       | tei:head | tei:l | tei:item | tei:sp | tei:floatingText | tei:opener | tei:closer" mode="html" priority="20">
    <xsl:try>
      <xsl:next-match/>
      <xsl:catch errors="*">
        <xsl:sequence select="ed:element-failed(., $err:code, $err:description)"/>
      </xsl:catch>
    </xsl:try>
  </xsl:template>

  <!-- The space between two measurements that ed:dimensions-separator sets apart ("leaves; 246 × 183 mm"). -->
  <xsl:template match="text()[following-sibling::node()[1][self::tei:dimensions]][not(normalize-space())]" mode="html" priority="2">
    <xsl:if test="not(ed:dimensions-separator(following-sibling::node()[1]))"><xsl:next-match/></xsl:if>
  </xsl:template>

  <xsl:template match="text()" mode="html">
    <xsl:value-of select="ed:text-value(.)"/>
  </xsl:template>

  <xsl:template match="text()[following-sibling::node()[1][self::tei:pb or self::tei:cb]]" mode="html" priority="1">
    <xsl:variable name="value" select="ed:text-value(.)"/>
    <xsl:variable name="page-break" select="ed:page-break-inside-word(.)"/>
    <xsl:choose>
      <xsl:when test="exists($page-break)">
        <xsl:variable name="parts" select="ed:split-before-last-word($value)"/>
        <xsl:value-of select="$parts[1]"/>
        <xsl:apply-templates select="$page-break" mode="html:page-marker"/>
        <xsl:value-of select="$parts[2]"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$value"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction() | tei:teiHeader" mode="html"/>

  <!-- Any element, known or not, by its kind in the reading model (common.xsl): what is not part of the
       reading text is left out; the rest keeps its text, as a block or inline as TEI uses it. An element
       whose start and end are word boundaries gets a space on each side where it is inline
       (ed:space-before, ed:space-after), so that no two words touch. -->
  <xsl:template match="*" mode="html">
    <xsl:param name="phrasing" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="extra-class" as="xs:string?" select="()"/>
    <!-- Where its content links to (a speaker label: its speaker's entry page), if anywhere, and the register
         entry that link describes on hover and focus, as a mention's does. -->
    <xsl:param name="href" as="xs:string?" select="()"/>
    <xsl:param name="entry" as="element()?" select="()"/>
    <!-- What the reading adds at its start and after its end (common.xsl, Dictionaries): a sense's number, a
         cross-reference's marker; the separator of two equivalents. -->
    <xsl:param name="lead" as="node()*" select="()"/>
    <xsl:param name="after" as="xs:string?" select="()"/>
    <xsl:param name="content" as="node()*" select="node()"/>
    <xsl:param name="html:shown" as="element()*" select="()" tunnel="yes"/>
    <xsl:variable name="kind" select="ed:kind(.)"/>
    <xsl:if test="$kind != 'meta'">
      <xsl:variable name="block" select="ed:is-block(., $kind)"/>
      <xsl:variable name="spaced" select="($phrasing or not($block)) and ed:boundary($kind) ne 'no'"/>
      <xsl:variable name="edges" select="if (($phrasing or not($block)) and empty($href)) then html:isolated-edges(., $content, $html:shown) else ()"/>
      <xsl:value-of select="html:space-outside($content[1] intersect $edges, true(), if ($spaced) then ed:space-before(.) else '')"/>
      <xsl:element name="{if ($block and not($phrasing)) then 'div' else 'span'}">
        <xsl:apply-templates select="." mode="html:attributes">
          <xsl:with-param name="class" select="string-join((local-name(), $extra-class, if ($block and $phrasing) then 'block' else ()), ' ')"/>
        </xsl:apply-templates>
        <xsl:choose>
          <xsl:when test="$href">
            <a href="{$href}">
              <xsl:if test="exists($entry)">
                <xsl:attribute name="data-desc" select="ed:entry-description($entry)"/>
                <xsl:attribute name="aria-describedby" select="'desc-' || ed:register-of($entry) || '-' || ed:entry-anchor($entry)"/>
              </xsl:if>
              <xsl:apply-templates mode="html">
                <xsl:with-param name="phrasing" select="true()" tunnel="yes"/>
                <xsl:with-param name="in-link" select="true()" tunnel="yes"/>
              </xsl:apply-templates>
            </a>
          </xsl:when>
          <xsl:otherwise>
            <xsl:sequence select="$lead"/>
            <xsl:value-of select="html:edge-text($content[1] intersect $edges, $content)"/>
            <xsl:apply-templates select="$content except $edges" mode="html">
              <xsl:with-param name="phrasing" select="$phrasing or not($block)" tunnel="yes"/>
            </xsl:apply-templates>
            <xsl:value-of select="html:edge-text(($content[last()] intersect $edges) except $content[1], $content)"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:element>
      <xsl:value-of select="$after"/>
      <xsl:value-of select="html:space-outside($content[last()] intersect $edges, false(), if ($spaced) then ed:space-after(.) else '')"/>
    </xsl:if>
  </xsl:template>

  <!-- A speech's speaker label, as the text prints it, leads to its speaker's entry page as a name does, when the
       speech's @who reaches one register entry (ed:speaker-entries); a speech of several speakers ("BOTH") links to
       none of them. -->
  <xsl:template match="tei:sp[@who]/tei:speaker" mode="html" priority="0.7">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="path" as="xs:string" select="$source-path" tunnel="yes"/>
    <xsl:variable name="entries" select="ed:speaker-entries(.., $path)"/>
    <xsl:next-match>
      <xsl:with-param name="href" select="if (count($entries) eq 1 and not($in-link)) then '../' || ed:entry-page($entries) else ()"/>
      <xsl:with-param name="entry" select="if (count($entries) eq 1 and not($in-link)) then $entries else ()"/>
    </xsl:next-match>
  </xsl:template>

  <!-- Dictionaries (Guidelines 9; the reading policy in common.xsl): a sense leads with its number, a cross-reference
       that says nothing of its own with "→", two equivalents side by side are set apart. -->
  <xsl:template match="tei:orth | tei:pron | tei:hyph | tei:syll | tei:def | tei:form | tei:gramGrp | tei:etym | tei:usg | tei:lbl | tei:xr | tei:sense
                       | tei:cit[parent::tei:sense or parent::tei:entry or parent::tei:hom or parent::tei:entryFree or parent::tei:dictScrap]" mode="html" priority="1">
    <xsl:variable name="separator" select="ed:entry-separator(.)"/>
    <xsl:next-match>
      <xsl:with-param name="lead" as="node()*">
        <xsl:for-each select="if (self::tei:sense) then ed:sense-number(.) else ()"><span class="sense-number">{.}</span><xsl:text> </xsl:text></xsl:for-each>
        <xsl:for-each select="if (self::tei:xr) then ed:xr-marker(.) else ()"><span class="xr-marker">{.}</span><xsl:text> </xsl:text></xsl:for-each>
      </xsl:with-param>
      <xsl:with-param name="after" select="$separator"/>
      <xsl:with-param name="content" select="ed:entry-part-content(., $separator)"/>
    </xsl:next-match>
  </xsl:template>

  <!-- A cross-reference's ref without a target that names an entry of the document by its headword leads to that
       entry (ed:headword-entry), when the entry has an anchor on the page. -->
  <xsl:template match="tei:xr//tei:ref[not(@target)]" mode="html">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="ed:numbering" as="map(*)" select="map {}" tunnel="yes"/>
    <xsl:variable name="entry" select="if ($in-link) then () else ed:headword-entry(.)"/>
    <xsl:variable name="anchor" select="$entry ! (normalize-space(@xml:id)[.], ed:added-block-id(., $ed:numbering))[1]"/>
    <xsl:choose>
      <xsl:when test="$anchor">
        <a href="#{encode-for-uri($anchor)}">
          <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'ref'"/></xsl:apply-templates>
          <xsl:apply-templates mode="html">
            <xsl:with-param name="in-link" select="true()" tunnel="yes"/>
            <xsl:with-param name="phrasing" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </a>
      </xsl:when>
      <xsl:otherwise><xsl:next-match/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Token-level markup (ELTeC level 2 wraps every word in w): the text without a span per token,
       which would triple the page size and tell the reader nothing. Above the foreign-namespace template's
       priority: these are most of a tokenised text's elements. -->
  <xsl:template match="tei:w[not(@xml:id or @xml:lang or @ref)][not(*)] | tei:pc[not(@xml:id or @xml:lang or @ref)][not(*)]" mode="html" priority="11">
    <xsl:value-of select="ed:token(.)"/>
  </xsl:template>
  <xsl:template match="tei:w[not(@xml:id or @xml:lang or @ref)] | tei:pc[not(@xml:id or @xml:lang or @ref)]" mode="html" priority="10">
    <xsl:value-of select="ed:space-before(.)"/>
    <xsl:apply-templates mode="html"/>
    <xsl:value-of select="ed:space-after(.)"/>
  </xsl:template>
  <xsl:template match="tei:c[not(@xml:id or @xml:lang or @ref)] | tei:g[not(@xml:id or @xml:lang or @ref)]" mode="html" priority="10">
    <xsl:apply-templates mode="html"/>
  </xsl:template>

  <!-- A g that points to a declaration (common.xsl, "Characters and glyphs"): its content, the declared name on hover;
       an empty one what the declaration maps it to in each view, the reading view's and the diplomatic view's side by
       side as a choice's are when they differ (the diplomatic view prefers the declaration's image to a mapping of
       another kind), else the image, else its name in brackets: never nothing. -->
  <xsl:template match="tei:g[@ref]" mode="html" priority="6">
    <xsl:variable name="reference" select="ed:glyph-reference(.)"/>
    <span>
      <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'g'"/></xsl:apply-templates>
      <xsl:attribute name="title" select="ed:glyph-title(.)"/>
      <xsl:choose>
        <xsl:when test="not(ed:is-declared-glyph(.))">
          <xsl:apply-templates mode="html"><xsl:with-param name="phrasing" select="true()" tunnel="yes"/></xsl:apply-templates>
        </xsl:when>
        <xsl:otherwise>
          <xsl:variable name="reading" select="ed:glyph-view-text(., 'reading', 0)"/>
          <xsl:variable name="image" select="ed:glyph-image(.)"/>
          <xsl:variable name="diplomatic" select="(ed:glyph-mappings(., 0)?diplomatic, if (exists($image)) then () else ed:glyph-view-text(., 'diplomatic', 0))[1]"/>
          <xsl:choose>
            <xsl:when test="deep-equal($reading, $diplomatic)"><xsl:sequence select="html:glyph-shown($reading, $image, $reference?name)"/></xsl:when>
            <xsl:otherwise>
              <span class="reading"><xsl:sequence select="html:glyph-shown($reading, $image, $reference?name)"/></span>
              <span class="diplomatic"><xsl:sequence select="html:glyph-shown($diplomatic, $image, $reference?name)"/></span>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- What a view shows of an empty g: its text, else the declaration's image (its name the alt text), else the name in
       brackets, set apart as a name. -->
  <xsl:function name="html:glyph-shown" as="node()*">
    <xsl:param name="text" as="xs:string?"/>
    <xsl:param name="image" as="map(*)?"/>
    <xsl:param name="name" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="exists($text)"><xsl:value-of select="$text"/></xsl:when>
      <xsl:when test="exists($image)">
        <img class="glyph-image" src="{html:image-src($image)}" alt="{$name}">
          <xsl:for-each select="$image?graphic/(@width, @height)">
            <xsl:variable name="attribute" select="local-name()"/>
            <xsl:for-each select="html:pixels(.)"><xsl:attribute name="{$attribute}" select="."/></xsl:for-each>
          </xsl:for-each>
        </img>
      </xsl:when>
      <xsl:otherwise><span class="glyph-name">[{$name}]</span></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- Elements of other namespaces (MathML, SVG, ...) keep their text but never their markup:
       nothing foreign reaches the page as an element. -->
  <xsl:template match="*[not(namespace-uri() = ('http://www.tei-c.org/ns/1.0', 'http://www.tei-c.org/ns/Examples'))]" mode="html" priority="4">
    <span class="foreign-markup" data-element="{local-name()}"><xsl:apply-templates mode="html">
      <xsl:with-param name="phrasing" select="true()" tunnel="yes"/>
    </xsl:apply-templates></span>
  </xsl:template>

  <!-- Writing direction in the page (ed:direction). The page is English, left to right; the text, its notes and its
       apparatus are in the direction of the text's language, and any element whose xml:lang is of the other
       direction than the language around it is marked so (HTML dir): an Arabic quotation in English, an English
       note or a Latin transliteration in Arabic. Text whose language is not encoded (titles, names, summaries shown
       in lists and headings) is isolated where it holds right-to-left letters (html:isolate). -->

  <!-- dir="rtl" or dir="ltr" where $direction is not that of the context ($context); else nothing. -->
  <xsl:function name="html:direction" as="attribute()?">
    <xsl:param name="direction" as="xs:string"/>
    <xsl:param name="context" as="xs:string"/>
    <xsl:if test="$direction ne $context"><xsl:attribute name="dir" select="$direction"/></xsl:if>
  </xsl:function>

  <!-- The dir of an element with an xml:lang: where its direction is not that of the language around it (its parent's,
       in the TEI: the text's elements nest in the page as in the TEI). Header content is shown in pieces, in the
       left-to-right panels of the page ($shown, html:header: the elements a field shows, whatever the language
       around them in the TEI): there the context of an element is the panel's where it is shown at the top of a
       field, else its parent's, which is shown around it (a placeName in an Arabic title is not isolated again,
       and its letters join the title's). Where the shown elements are not known (a manuscript description), a
       right-to-left element of the header is always marked. -->
  <xsl:function name="html:language-direction" as="attribute()?">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="html:language-direction($element, ())"/>
  </xsl:function>

  <xsl:function name="html:language-direction" as="attribute()?">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="shown" as="element()*"/>
    <xsl:variable name="lang" select="html:shown-language($element, $shown)"/>
    <xsl:variable name="direction" select="ed:direction($lang)"/>
    <xsl:sequence select="if (empty($lang)) then () else html:direction($direction,
      if (exists($shown)) then html:header-context($element, $shown)
      else if (empty($element/ancestor::tei:teiHeader)) then ed:direction(ed:language($element/..))
      else if ($direction eq 'rtl') then 'ltr' else ed:direction(ed:language($element/..)))"/>
  </xsl:function>

  <!-- The language an element is shown in: its xml:lang; at the top of a header field ($shown), a right-to-left
       language it inherits from an element not shown (a TEI or teiHeader xml:lang="ar": the field's text is Arabic,
       amid the panel's English). Not the language the header's langUsage gives the text: the header of a Syriac
       text may be English. -->
  <xsl:function name="html:shown-language" as="xs:string?">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="shown" as="element()*"/>
    <xsl:sequence select="(normalize-space($element/@xml:lang)[.],
      (if (exists($shown) and empty($element/ancestor::* intersect $shown))
       then normalize-space($element/ancestor::*[@xml:lang][1]/@xml:lang)[.][ed:direction(.) eq 'rtl'] else ()))[1]"/>
  </xsl:function>

  <!-- The direction around a header element in the panel: the panel's (left to right) at the top of a field ($shown),
       else that of the language its parent is shown in (only xml:lang: the panel's own language is English). -->
  <xsl:function name="html:header-context" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="shown" as="element()*"/>
    <xsl:variable name="top" select="($element/ancestor::* intersect $shown)[1]"/>
    <xsl:sequence select="if (empty($top)) then 'ltr'
      else ed:direction((html:shown-language($top, $shown), normalize-space(($element/ancestor::*[@xml:lang] intersect $top/descendant::*)[last()]/@xml:lang)[.])[last()])"/>
  </xsl:function>

  <!-- lang and dir of a field of the panel shown as its dd (its children shown in it, html:header): where the field
       is in a right-to-left language; the panel and its fields are otherwise English, left to right. -->
  <xsl:function name="html:field-language" as="attribute()*">
    <xsl:param name="field" as="element()"/>
    <xsl:variable name="lang" select="normalize-space($field/ancestor-or-self::*[@xml:lang][1]/@xml:lang)[.][ed:direction(.) eq 'rtl']"/>
    <xsl:if test="$lang">
      <xsl:attribute name="lang" select="$lang"/>
      <xsl:attribute name="dir" select="'rtl'"/>
    </xsl:if>
  </xsl:function>

  <!-- dir="auto" (HTML: the direction of its first strong letter, isolated from the text around it) for an element
       that shows $text, text of no encoded language amid the page's English (a title in a list, a name in a
       register), where the text holds right-to-left letters or bidirectional controls (ed:needs-isolation); a name
       shown with no element of its own is put in a bdi. Text of left-to-right letters only needs nothing. -->
  <xsl:function name="html:isolate" as="attribute()?">
    <xsl:param name="text" as="xs:string?"/>
    <xsl:if test="ed:needs-isolation($text)"><xsl:attribute name="dir" select="'auto'"/></xsl:if>
  </xsl:function>

  <!-- The same where no element can carry dir (the page's title, an SVG label): the text between Unicode's first-strong
       isolate and its pop (FSI … PDI), which is what dir="auto" does. -->
  <xsl:function name="html:isolated-text" as="xs:string?">
    <xsl:param name="text" as="xs:string?"/>
    <xsl:sequence select="if (ed:needs-isolation($text)) then '&#x2068;' || $text || '&#x2069;' else $text"/>
  </xsl:function>

  <!-- The text nodes at the edges of an inline element of the other direction than the text around it that begin
       (the first) or end (the last) with white space: pretty-printed markup (<persName xml:lang="ar">
       <forename>…</forename> </persName>) or a space typed inside the name (<persName xml:lang="ar"> محمد</persName>).
       The element is isolated (its dir), and of the spaces that collapse HTML keeps the first: a space at its edge
       would stay inside the isolate, laid out at its far side, and the words outside would touch it (al-Muqtabas's
       author: "محمد كرد عليMuḥammad Kurd ʿAlī"). Such white space is written outside it (html:space-outside), the
       rest of the text inside (html:edge-text). A text node the reading splits at a page break in a word, or that a
       span (addSpan) covers, is rendered by its own template: only its white space alone is moved. -->
  <xsl:function name="html:isolated-edges" as="text()*">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="content" as="node()*"/>
    <xsl:param name="shown" as="element()*"/>
    <xsl:variable name="edges" select="($content[1][self::text()][not(normalize-space(substring(., 1, 1)))],
                                        $content[last()][self::text()][not(normalize-space(substring(., string-length(.))))])"/>
    <xsl:sequence select="if (exists($edges) and exists(html:language-direction($element, $shown)))
                          then $edges[not(normalize-space()) or not(following-sibling::node()[1][self::tei:pb or self::tei:cb] or exists(key('ed:spans', 'span', root(.))))]
                          else ()"/>
  </xsl:function>

  <!-- The space before ($start) or after an element: one where white space at its edge is written outside it
       (html:isolated-edges), else what the reading puts there ($space). -->
  <xsl:function name="html:space-outside" as="xs:string">
    <xsl:param name="edge" as="text()?"/>
    <xsl:param name="start" as="xs:boolean"/>
    <xsl:param name="space" as="xs:string"/>
    <xsl:sequence select="if (exists($edge) and matches($edge, if ($start) then '^\s' else '\s$')) then ' ' else $space"/>
  </xsl:function>

  <!-- An edge text node's text inside the element (html:isolated-edges): without its white space at the element's edges
       (the first node of $content, the last). -->
  <xsl:function name="html:edge-text" as="xs:string?">
    <xsl:param name="edge" as="text()?"/>
    <xsl:param name="content" as="node()*"/>
    <xsl:for-each select="$edge">
      <xsl:variable name="value" select="if (. is $content[1]) then replace(ed:text-value(.), '^\s+', '') else ed:text-value(.)"/>
      <xsl:sequence select="if (. is $content[last()]) then replace($value, '\s+$', '') else $value"/>
    </xsl:for-each>
  </xsl:function>

  <!-- id, lang, class and the TEI attributes the stylesheet styles on (CETEIcean's restraint). -->
  <xsl:template match="*" mode="html:attributes">
    <xsl:param name="class" as="xs:string"/>
    <xsl:param name="html:shown" as="element()*" select="()" tunnel="yes"/>
    <xsl:param name="ed:numbering" as="map(*)" select="map {}" tunnel="yes"/>
    <xsl:if test="normalize-space(@xml:id)"><xsl:attribute name="id" select="normalize-space(@xml:id)"/></xsl:if>
    <xsl:for-each select="ed:added-block-id(., $ed:numbering)"><xsl:attribute name="id" select="."/></xsl:for-each>
    <!-- A speech's anchor: its speakers' entry pages link to it. -->
    <xsl:if test="not(normalize-space(@xml:id))"><xsl:for-each select="ed:speech-id(., $ed:numbering)"><xsl:attribute name="id" select="."/></xsl:for-each></xsl:if>
    <!-- (At the top of a header field, a right-to-left language it inherits: html:shown-language.) -->
    <xsl:if test="normalize-space(@xml:lang) or exists($html:shown)">
      <xsl:for-each select="html:shown-language(., $html:shown)"><xsl:attribute name="lang" select="."/></xsl:for-each>
      <xsl:sequence select="html:language-direction(., $html:shown)"/>
    </xsl:if>
    <xsl:attribute name="class" select="$class"/>
    <!-- (Most lines' numbers end in neither 0 nor 5: no call for them, in a play of thousands of lines.) -->
    <xsl:if test="self::tei:l and (ends-with(normalize-space(@n), '0') or ends-with(normalize-space(@n), '5'))">
      <xsl:for-each select="ed:line-number(.)"><xsl:attribute name="data-line" select="."/></xsl:for-each>
    </xsl:if>
    <xsl:for-each select="@type, @subtype, @n, @rend, @place, @unit, @level, @reason">
      <xsl:attribute name="data-{local-name()}" select="normalize-space(.)"/>
    </xsl:for-each>
  </xsl:template>

  <!-- Divisions, paragraphs, headings -->

  <!-- A numbered division of a document cited by its divisions (ed:division-reference): its anchor, and its number
       as a heading or in the margin. -->
  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7" mode="html" priority="1">
    <xsl:param name="phrasing" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="ed:numbering" as="map(*)" select="map {}" tunnel="yes"/>
    <xsl:variable name="reference" select="ed:division-reference(.)"/>
    <xsl:choose>
      <xsl:when test="empty($reference) or $phrasing"><xsl:next-match/></xsl:when>
      <xsl:otherwise>
        <div>
          <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="local-name()"/></xsl:apply-templates>
          <xsl:if test="not(normalize-space(@xml:id)) and empty(ed:added-block-id(., $ed:numbering)) and empty(id($reference, root()))">
            <xsl:attribute name="id" select="translate($reference, ' ', '_')"/>
          </xsl:if>
          <xsl:for-each select="ed:division-margin-reference(.)"><xsl:attribute name="data-ref" select="."/></xsl:for-each>
          <!-- At the level a head of its own would have (the head template's). -->
          <xsl:variable name="level" select="min((6, 1 + max((1, count(ancestor-or-self::*[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3
            or self::tei:div4 or self::tei:div5 or self::tei:div6 or self::tei:div7 or self::tei:floatingText or self::tei:group])))))"/>
          <xsl:for-each select="ed:division-heading(.)">
            <xsl:element name="h{$level}">
              <xsl:attribute name="class" select="'head'"/>
              <xsl:value-of select="."/>
            </xsl:element>
          </xsl:for-each>
          <xsl:apply-templates mode="html"/>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:head" mode="html">
    <xsl:param name="phrasing" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="divisions" select="ancestor::*[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3
      or self::tei:div4 or self::tei:div5 or self::tei:div6 or self::tei:div7 or self::tei:floatingText or self::tei:group]"/>
    <xsl:variable name="is-heading" select="not($phrasing) and ../(self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3
      or self::tei:div4 or self::tei:div5 or self::tei:div6 or self::tei:div7 or self::tei:body or self::tei:front or self::tei:back)"/>
    <xsl:if test="$phrasing"><xsl:value-of select="ed:space-before(.)"/></xsl:if>
    <xsl:element name="{if ($is-heading) then 'h' || min((6, 1 + max((1, count($divisions))))) else if ($phrasing) then 'span' else 'div'}">
      <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'head'"/></xsl:apply-templates>
      <xsl:apply-templates mode="html"><xsl:with-param name="phrasing" select="true()" tunnel="yes"/></xsl:apply-templates>
    </xsl:element>
    <xsl:if test="$phrasing"><xsl:value-of select="ed:space-after(.)"/></xsl:if>
  </xsl:template>

  <xsl:template match="tei:p | tei:ab" mode="html">
    <xsl:param name="phrasing" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="holds-blocks" select="exists(*[ed:is-block(.)])"/>
    <xsl:if test="$phrasing"><xsl:value-of select="ed:space-before(.)"/></xsl:if>
    <xsl:element name="{if ($phrasing) then 'span' else if ($holds-blocks) then 'div' else 'p'}">
      <xsl:apply-templates select="." mode="html:attributes">
        <xsl:with-param name="class" select="string-join((local-name(), if ($phrasing) then 'block' else ()), ' ')"/>
      </xsl:apply-templates>
      <xsl:apply-templates mode="html"><xsl:with-param name="phrasing" select="$phrasing or not($holds-blocks)" tunnel="yes"/></xsl:apply-templates>
    </xsl:element>
    <xsl:if test="$phrasing"><xsl:value-of select="ed:space-after(.)"/></xsl:if>
  </xsl:template>

  <xsl:template match="tei:floatingText" mode="html">
    <xsl:param name="phrasing" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:if test="$phrasing"><xsl:value-of select="ed:space-before(.)"/></xsl:if>
    <xsl:element name="{if ($phrasing) then 'span' else 'div'}">
      <xsl:apply-templates select="." mode="html:attributes">
        <xsl:with-param name="class" select="string-join(('floatingText', if ($phrasing) then 'block' else ()), ' ')"/>
      </xsl:apply-templates>
      <xsl:attribute name="role" select="'group'"/>
      <xsl:attribute name="aria-label" select="ed:floating-text-label(.)"/>
      <xsl:element name="{if ($phrasing) then 'span' else 'p'}">
        <xsl:attribute name="class" select="'floatingText-label'"/>
        <xsl:attribute name="lang" select="'en'"/>
        <xsl:value-of select="ed:floating-text-label(.)"/>
      </xsl:element>
      <xsl:apply-templates mode="html"/>
    </xsl:element>
    <xsl:if test="$phrasing"><xsl:value-of select="ed:space-after(.)"/></xsl:if>
  </xsl:template>

  <xsl:template match="tei:milestone" mode="html" priority="2">
    <xsl:param name="phrasing" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="ed:breaks-word(.)"/>
      <xsl:when test="ed:is-section-break(.)">
        <xsl:text> </xsl:text>
        <xsl:element name="{if ($phrasing) then 'span' else 'div'}">
          <xsl:apply-templates select="." mode="html:attributes">
            <xsl:with-param name="class" select="string-join(('milestone', if ($phrasing) then 'block' else ()), ' ')"/>
          </xsl:apply-templates>
          <xsl:attribute name="role" select="'separator'"/>
          <xsl:for-each select="ed:milestone-label(.)"><xsl:attribute name="aria-label" select="substring(., 2, string-length(.) - 2)"/></xsl:for-each>
          <xsl:value-of select="ed:section-break-text(.)"/>
        </xsl:element>
        <xsl:text> </xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text> </xsl:text>
        <span><xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'milestone'"/></xsl:apply-templates>
          <xsl:for-each select="ed:milestone-label(.)"><span class="milestone-label">{.}</span></xsl:for-each></span>
        <xsl:text> </xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Lists and tables: real HTML lists and tables when the TEI is regular, otherwise the generic blocks. -->

  <xsl:template match="tei:list[not(text()[normalize-space()])][every $c in * satisfies $c/(self::tei:item or self::tei:head)]" mode="html">
    <xsl:param name="phrasing" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="$phrasing"><xsl:next-match/></xsl:when>
      <xsl:otherwise>
        <div>
          <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'list'"/></xsl:apply-templates>
          <xsl:apply-templates select="tei:head" mode="html"/>
          <xsl:if test="tei:item">
            <xsl:element name="{if (matches(@rend || @type, 'numbered|ordered|decimal|arabic', 'i')) then 'ol' else 'ul'}">
              <xsl:for-each select="tei:item">
                <li>
                  <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'item'"/></xsl:apply-templates>
                  <xsl:apply-templates mode="html"/>
                </li>
              </xsl:for-each>
            </xsl:element>
          </xsl:if>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:table[not(text()[normalize-space()])][every $c in * satisfies $c/(self::tei:row or self::tei:head)]
                                [every $r in tei:row satisfies ($r/not(text()[normalize-space()]) and (every $c in $r/* satisfies $c/self::tei:cell))]"
                mode="html">
    <xsl:param name="phrasing" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="$phrasing or not(tei:row/tei:cell)"><xsl:next-match/></xsl:when>
      <xsl:otherwise>
        <table>
          <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'table'"/></xsl:apply-templates>
          <xsl:if test="tei:head">
            <caption>
              <xsl:for-each select="tei:head">
                <xsl:apply-templates mode="html"><xsl:with-param name="phrasing" select="true()" tunnel="yes"/></xsl:apply-templates>
                <xsl:text> </xsl:text>
              </xsl:for-each>
            </caption>
          </xsl:if>
          <tbody>
            <xsl:for-each select="tei:row">
              <tr>
                <xsl:for-each select="tei:cell">
                  <xsl:element name="{if (@role = 'label' or ../@role = 'label') then 'th' else 'td'}">
                    <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'cell'"/></xsl:apply-templates>
                    <xsl:if test="matches(@cols, '^[1-9][0-9]{0,2}$')"><xsl:attribute name="colspan" select="@cols"/></xsl:if>
                    <xsl:if test="matches(@rows, '^[1-9][0-9]{0,2}$')"><xsl:attribute name="rowspan" select="@rows"/></xsl:if>
                    <xsl:apply-templates mode="html"/>
                  </xsl:element>
                </xsl:for-each>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Examples of encoding (ODD files): shown as code, escaped by the serializer. -->
  <xsl:template match="*:egXML" mode="html" priority="3">
    <xsl:param name="phrasing" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="code" select="string-join(node() ! serialize(.))"/>
    <xsl:choose>
      <xsl:when test="$phrasing"><xsl:value-of select="ed:space-before(.)"/><code class="egXML">{$code}</code><xsl:value-of select="ed:space-after(.)"/></xsl:when>
      <xsl:otherwise><pre class="egXML"><code>{$code}</code></pre></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Examples of text (eg): shown as code, every character of it. -->
  <xsl:template match="tei:eg" mode="html">
    <xsl:param name="phrasing" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="$phrasing or not(ed:is-block(.))"><xsl:value-of select="ed:space-before(.)"/><code class="eg">{string(.)}</code><xsl:value-of select="ed:space-after(.)"/></xsl:when>
      <xsl:otherwise><pre class="eg"><code>{string(.)}</code></pre></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Editorial interventions: both views are in the page; CSS shows one (reading by default). -->

  <xsl:template match="tei:choice" mode="html" priority="2">
    <xsl:variable name="reading" select="ed:reading(.)"/>
    <xsl:variable name="diplomatic" select="ed:diplomatic(.)"/>
    <span>
      <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'choice'"/></xsl:apply-templates>
      <xsl:choose>
        <xsl:when test="$reading is $diplomatic">
          <xsl:apply-templates select="$reading" mode="html"><xsl:with-param name="phrasing" select="true()" tunnel="yes"/></xsl:apply-templates>
        </xsl:when>
        <xsl:otherwise>
          <span class="reading">
            <xsl:apply-templates select="$reading" mode="html"><xsl:with-param name="phrasing" select="true()" tunnel="yes"/></xsl:apply-templates>
          </span>
          <span class="diplomatic">
            <xsl:apply-templates select="$diplomatic" mode="html"><xsl:with-param name="phrasing" select="true()" tunnel="yes"/></xsl:apply-templates>
          </span>
        </xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- A substitution: the reading view shows what was put in; what was taken out (del) only in the
       diplomatic view. -->
  <xsl:template match="tei:subst" mode="html" priority="2">
    <span>
      <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'subst'"/></xsl:apply-templates>
      <!-- Elements only: the white space between them is not a space of the text (common.xsl, tei:subst). -->
      <xsl:apply-templates select="node()[not(self::text()) or normalize-space()]" mode="html"><xsl:with-param name="phrasing" select="true()" tunnel="yes"/></xsl:apply-templates>
    </span>
  </xsl:template>

  <!-- The critical apparatus (common.xsl, ed:apparatus-entry). An app of the text: its lemma in the reading text,
       and a numbered marker leading to its entry in the Apparatus section, as notes do. -->
  <xsl:template match="tei:app" mode="html" priority="2">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="ed:numbering" as="map(*)" select="map {}" tunnel="yes"/>
    <xsl:param name="html:apparatus-entries" as="map(*)" select="map {}" tunnel="yes"/>
    <xsl:param name="html:sigla" as="map(*)" select="map {}" tunnel="yes"/>
    <xsl:variable name="n" select="ed:app-number(., $ed:numbering)"/>
    <xsl:variable name="id" select="ed:app-id(., $ed:numbering)"/>
    <xsl:choose>
      <!-- A detached entry: in the Apparatus section, its marker where it points (ed:detached-anchor). -->
      <xsl:when test="ed:is-moved(., $ed:numbering)"/>
      <xsl:when test="empty($n) and not(ed:is-inline-app(.))">
        <span>
          <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'app app-entry'"/></xsl:apply-templates>
          <xsl:apply-templates select="." mode="html:apparatus-entry"/>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <span>
          <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'app'"/></xsl:apply-templates>
          <!-- The entry carries the app's own id; the lemma in the text is reached by the marker's. -->
          <xsl:if test="exists($n)"><xsl:attribute name="id" select="$id || '-lem'"/></xsl:if>
          <xsl:apply-templates select="ed:reading(.)" mode="html"><xsl:with-param name="phrasing" select="true()" tunnel="yes"/></xsl:apply-templates>
        </span>
        <xsl:call-template name="html:app-marker"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An app's numbered marker, leading to its entry in the Apparatus section (the entry in its tooltip). -->
  <xsl:template name="html:app-marker">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="ed:numbering" as="map(*)" select="map {}" tunnel="yes"/>
    <xsl:param name="html:apparatus-entries" as="map(*)" select="map {}" tunnel="yes"/>
    <xsl:param name="html:sigla" as="map(*)" select="map {}" tunnel="yes"/>
    <xsl:variable name="n" select="ed:app-number(., $ed:numbering)"/>
    <xsl:variable name="id" select="ed:app-id(., $ed:numbering)"/>
    <xsl:choose>
      <xsl:when test="empty($n)"/>
      <xsl:when test="$in-link"><sup class="note-ref app-ref" id="{$id}-ref"><i>{$n}</i></sup></xsl:when>
      <xsl:otherwise>
        <a class="note-ref app-ref" id="{$id}-ref" href="#{$id}" role="doc-noteref" aria-label="Variant readings {$n}"
           title="{substring(ed:apparatus-text(., html:apparatus-parts(., $html:apparatus-entries), (), $html:sigla), 1, 160)}"><sup><i>{$n}</i></sup></a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An element a detached note or apparatus entry points at (ed:detached-anchor): their markers after it. -->
  <xsl:template match="*[@xml:id]" mode="html" priority="200">
    <xsl:param name="ed:numbering" as="map(*)" select="map {}" tunnel="yes"/>
    <!-- The end of the spans that end here (ed:spans-ending), innermost first. -->
    <xsl:for-each select="reverse(ed:spans-ending(.))[exists(ed:span-brackets(.))]">
      <span class="{ed:span-kind(.)}" data-span="{local-name()}"><span class="bracket">{ed:span-brackets(.)[2]}</span></span>
    </xsl:for-each>
    <xsl:next-match/>
    <xsl:for-each select="ed:detached-markers(., $ed:numbering)">
      <xsl:choose>
        <xsl:when test="self::tei:note"><xsl:apply-templates select="." mode="html"><xsl:with-param name="html:at-anchor" select="true()" tunnel="yes"/></xsl:apply-templates></xsl:when>
        <xsl:otherwise><xsl:call-template name="html:app-marker"/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:rdgGrp" mode="html" priority="2">
    <xsl:apply-templates select="ed:reading(.)" mode="html"><xsl:with-param name="phrasing" select="true()" tunnel="yes"/></xsl:apply-templates>
  </xsl:template>

  <!-- The Apparatus section: one entry per app of the text, numbered as its marker, with a link back. -->
  <xsl:template match="tei:app" mode="html:apparatus-item">
    <xsl:param name="ed:numbering" as="map(*)" tunnel="yes"/>
    <xsl:variable name="n" select="ed:app-number(., $ed:numbering)"/>
    <xsl:variable name="id" select="ed:app-id(., $ed:numbering)"/>
    <li id="{$id}" value="{$n}" class="note app">
      <span class="note-body"><xsl:apply-templates select="." mode="html:apparatus-entry"/></span>
      <a class="note-back" href="#{$id}-ref" aria-label="Back to variant readings {$n} in the text">↩ back</a>
    </li>
  </xsl:template>

  <!-- A list of apparatus entries standing apart from the text (the location-referenced and double-end-point
       methods: a listApp in the back matter, a note, an apparatus division): one entry per app, where it stands. -->
  <xsl:template match="tei:listApp" mode="html" priority="2">
    <xsl:param name="phrasing" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="ed:numbering" as="map(*)" select="map {}" tunnel="yes"/>
    <xsl:element name="{if ($phrasing) then 'span' else 'div'}">
      <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'listApp'"/></xsl:apply-templates>
      <xsl:apply-templates select="* except (tei:app | tei:listApp)" mode="html"/>
      <xsl:element name="{if ($phrasing) then 'span' else 'ul'}">
        <xsl:attribute name="class" select="'apparatus'"/>
        <xsl:for-each select="(tei:app | tei:listApp)[not(ed:is-moved(., $ed:numbering))]">
          <!-- In running text the entries are spans: a space keeps them apart. -->
          <xsl:if test="$phrasing"><xsl:text> </xsl:text></xsl:if>
          <xsl:element name="{if ($phrasing) then 'span' else 'li'}">
            <xsl:apply-templates select="." mode="html"/>
          </xsl:element>
          <xsl:if test="$phrasing"><xsl:text> </xsl:text></xsl:if>
        </xsl:for-each>
      </xsl:element>
    </xsl:element>
  </xsl:template>

  <!-- An entry's content (ed:apparatus-entry): lemma Wit] reading Wit; om. Wit — comment. The readings keep their markup. -->
  <xsl:template match="tei:app" mode="html:apparatus-entry">
    <xsl:param name="html:apparatus-entries" as="map(*)" select="map {}" tunnel="yes"/>
    <xsl:variable name="doc" select="root(.)"/>
    <xsl:variable name="parts" select="html:apparatus-parts(., $html:apparatus-entries)"/>
    <xsl:for-each select="$parts">
      <xsl:variable name="i" select="position()"/>
      <xsl:choose>
        <xsl:when test="?part = 'place'"><span class="app-place">{?text}</span><xsl:text> </xsl:text></xsl:when>
        <xsl:when test="?part = 'lemma'">
          <xsl:if test="?text"><span class="lem">{?text}</span></xsl:if>
          <xsl:call-template name="html:apparatus-marks"><xsl:with-param name="marks" select="?marks"/></xsl:call-template>
          <xsl:call-template name="html:sigla"><xsl:with-param name="pointers" select="?sigla"/><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
          <xsl:if test="exists($parts[?part = 'reading'])">]</xsl:if>
        </xsl:when>
        <xsl:when test="?part = 'reading'">
          <xsl:variable name="reading" select="?reading"/>
          <xsl:value-of select="if (exists($parts[position() lt $i][?part = 'reading'])) then '; ' else ' '"/>
          <xsl:if test="not(?marks = ('om.', 'inc.', 'des.', 'lac.', 'lac. des.'))">
            <span>
              <xsl:apply-templates select="$reading" mode="html:attributes"><xsl:with-param name="class" select="local-name($reading)"/></xsl:apply-templates>
              <xsl:apply-templates select="$reading/node()" mode="html"><xsl:with-param name="phrasing" select="true()" tunnel="yes"/></xsl:apply-templates>
            </span>
          </xsl:if>
          <xsl:call-template name="html:apparatus-marks"><xsl:with-param name="marks" select="?marks"/></xsl:call-template>
          <xsl:call-template name="html:sigla"><xsl:with-param name="pointers" select="?sigla"/><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
          <xsl:if test="exists(?qualifiers)"><xsl:text> </xsl:text><span class="app-qualifier">(<i>{string-join(?qualifiers, ', ')}</i>)</span></xsl:if>
        </xsl:when>
        <!-- A note of the app is a note: its marker here, its text in the Notes section. -->
        <xsl:when test="?node/self::tei:note"><xsl:apply-templates select="?node" mode="html"/></xsl:when>
        <xsl:otherwise>
          <xsl:text> — </xsl:text>
          <span class="witDetail">
            <xsl:for-each select="?node/@wit">
              <xsl:call-template name="html:sigla"><xsl:with-param name="pointers" select="tokenize(.)"/><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
              <xsl:text>: </xsl:text>
            </xsl:for-each>
            <xsl:apply-templates select="?node/node()" mode="html"><xsl:with-param name="phrasing" select="true()" tunnel="yes"/></xsl:apply-templates>
          </span>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- The apparatus's abbreviations (om., add., inc. ...), in italics, with what they mean. -->
  <xsl:template name="html:apparatus-marks">
    <xsl:param name="marks" as="xs:string*"/>
    <xsl:for-each select="$marks">
      <xsl:text> </xsl:text><i><abbr class="app-mark" title="{$ed:apparatus-marks(.)}" lang="la">{.}</abbr></i>
    </xsl:for-each>
  </xsl:template>

  <!-- Sigla: a witness of the page's witness lists links to its description there (and shows it on hover); an
       edition or person named by @source or @resp shows its description on hover. -->
  <xsl:template name="html:sigla">
    <xsl:param name="pointers" as="xs:string*"/>
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="html:sigla" as="map(*)" select="map {}" tunnel="yes"/>
    <xsl:for-each select="$pointers">
      <xsl:variable name="known" select="($html:sigla(.), html:siglum(., $doc))[1]"/>
      <xsl:variable name="witness" select="$known?witness"/>
      <xsl:text> </xsl:text>
      <xsl:choose>
        <xsl:when test="$witness/self::tei:witness[ancestor::tei:listWit][normalize-space(@xml:id)]">
          <a class="siglum" href="#{normalize-space($witness/@xml:id)}" title="{$known?label}">{$known?siglum}</a>
        </xsl:when>
        <xsl:when test="exists($witness)"><abbr class="siglum" title="{$known?label}">{$known?siglum}</abbr></xsl:when>
        <xsl:otherwise><span class="siglum">{$known?siglum}</span></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- What a siglum shows: map { 'siglum', 'witness' (the element its pointer names here, if any), 'label' (the witness's description) }. -->
  <xsl:function name="html:siglum" as="map(*)">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="witness" select="ed:witness-of($pointer, $doc)"/>
    <xsl:sequence select="map { 'siglum': ed:siglum($pointer, $doc), 'witness': $witness, 'label': $witness ! ed:witness-label(.) }"/>
  </xsl:function>

  <!-- The sigla of every pointer the entries name (pointer → html:siglum). -->
  <xsl:function name="html:sigla-table" as="map(xs:string, map(*))">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="entries" as="map(xs:string, array(map(*)))"/>
    <xsl:sequence select="map:merge(distinct-values($entries?* ! array:flatten(.) ! ?sigla) ! map { .: html:siglum(., $doc) })"/>
  </xsl:function>

  <!-- An app's entry (ed:apparatus-entry), from those the page worked out already when it is one of them. -->
  <xsl:function name="html:apparatus-parts" as="map(*)*">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:param name="entries" as="map(*)"/>
    <xsl:variable name="known" select="$entries(generate-id($app))"/>
    <xsl:sequence select="if (exists($known)) then array:flatten($known) else ed:apparatus-entry($app)"/>
  </xsl:function>

  <!-- A witness list: each witness by its siglum, with its description (Guidelines 12.1.4). In the header (the
       Witnesses section) names are links without mention anchors, as in the other header fields. -->
  <xsl:template match="tei:listWit" mode="html" priority="2">
    <xsl:param name="phrasing" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="html:in-header" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:element name="{if ($phrasing) then 'span' else 'div'}">
      <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'listWit'"/></xsl:apply-templates>
      <xsl:apply-templates select="* except (tei:witness | tei:listWit)" mode="html"/>
      <!-- Runs of witnesses are a list each; a list of witnesses among them (a group) stands between. -->
      <xsl:for-each-group select="tei:witness | tei:listWit" group-adjacent="exists(self::tei:witness)">
        <xsl:choose>
          <xsl:when test="not(current-grouping-key())"><xsl:apply-templates select="current-group()" mode="html"/></xsl:when>
          <xsl:otherwise>
      <xsl:element name="{if ($phrasing) then 'span' else 'dl'}">
        <xsl:attribute name="class" select="'witnesses'"/>
        <xsl:for-each select="current-group()">
          <xsl:variable name="description" select="ed:witness-description(.)"/>
          <xsl:element name="{if ($phrasing) then 'span' else 'div'}">
            <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'witness'"/></xsl:apply-templates>
            <xsl:element name="{if ($phrasing) then 'span' else 'dt'}"><b class="siglum">{ed:witness-siglum(.)}</b></xsl:element>
            <xsl:if test="$phrasing"><xsl:text> </xsl:text></xsl:if>
            <xsl:element name="{if ($phrasing) then 'span' else 'dd'}">
              <xsl:for-each select="if (ed:is-field-list($description)) then $description[self::*] else $description">
                <xsl:if test="position() gt 1 and ed:is-field-list($description)">, </xsl:if>
                <xsl:apply-templates select="." mode="html"><xsl:with-param name="phrasing" select="true()" tunnel="yes"/></xsl:apply-templates>
              </xsl:for-each>
              <xsl:apply-templates select="tei:listWit" mode="html"/>
            </xsl:element>
          </xsl:element>
        </xsl:for-each>
      </xsl:element>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each-group>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:supplied | tei:del" mode="html" priority="1">
    <span>
      <xsl:apply-templates select="." mode="html:attributes">
        <xsl:with-param name="class" select="string-join((local-name(), if (ed:is-substituted(.)) then 'diplomatic' else ()), ' ')"/>
      </xsl:apply-templates>
      <span class="bracket">{ed:brackets(.)[1]}</span>
      <xsl:apply-templates mode="html"><xsl:with-param name="phrasing" select="true()" tunnel="yes"/></xsl:apply-templates>
      <span class="bracket">{ed:brackets(.)[2]}</span>
    </span>
  </xsl:template>

  <!-- Documentary transcription (common.xsl, "Documentary transcription") ================== -->

  <!-- A page of the source (surface): a section under its heading (ed:surface-label), with a link to its image as a
       page break's marker has (ed:surface-image, by the image policy); its zones and lines below, as blocks and
       lines. Its label and graphics are that heading and that image. -->
  <xsl:template match="tei:surface" mode="html" priority="2">
    <xsl:param name="path" as="xs:string" select="$source-path" tunnel="yes"/>
    <xsl:param name="ed:included-by" as="element()?" select="()" tunnel="yes"/>
    <xsl:variable name="label" select="ed:surface-label(., $ed:included-by)"/>
    <section>
      <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'surface'"/></xsl:apply-templates>
      <xsl:element name="{if (ancestor::tei:surface) then 'h4' else 'h3'}">
        <xsl:attribute name="class" select="'surface-label'"/>
        <xsl:value-of select="$label"/>
        <xsl:for-each select="ed:surface-image(., $path)">
          <xsl:text> </xsl:text><a class="pb-facs" href="{html:image-src(.)}" aria-label="Image of {$label}" lang="en">image</a>
        </xsl:for-each>
      </xsl:element>
      <xsl:apply-templates select="node() except (tei:label[1], tei:graphic)" mode="html">
        <xsl:with-param name="phrasing" select="false()" tunnel="yes"/>
      </xsl:apply-templates>
    </section>
  </xsl:template>

  <!-- The text between a span element and its end (ed:spans-over) is shown as the add, del or damage it stands for
       would show it: each piece of text in its class, the deletion's brackets where it starts and ends. Only in
       a file that has spans (the key answers at once for the others). -->
  <xsl:template match="text()[key('ed:spans', 'span', root(.))]" mode="html" priority="3">
    <xsl:variable name="spans" select="if (normalize-space()) then ed:spans-over(.) else ()"/>
    <xsl:choose>
      <xsl:when test="empty($spans)"><xsl:next-match/></xsl:when>
      <xsl:otherwise>
        <span class="{string-join(distinct-values($spans ! ed:span-kind(.)), ' ')}" data-span="{string-join(distinct-values($spans ! local-name(.)), ' ')}"><xsl:next-match/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:addSpan[@spanTo] | tei:delSpan[@spanTo] | tei:damageSpan[@spanTo]" mode="html" priority="2">
    <xsl:if test="exists(ed:span-brackets(.)) and exists(ed:span-end(.))">
      <span class="{ed:span-kind(.)}" data-span="{local-name()}"><span class="bracket">{ed:span-brackets(.)[1]}</span></span>
    </xsl:if>
  </xsl:template>

  <!-- The writer's marks on the page (metamark): shown in the diplomatic view only, as the common reading leaves
       them out. -->
  <xsl:template match="tei:metamark" mode="html" priority="2">
    <span>
      <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'metamark diplomatic'"/></xsl:apply-templates>
      <xsl:for-each select="@function[normalize-space()]"><xsl:attribute name="title" select="'mark: ' || normalize-space(.)"/></xsl:for-each>
      <xsl:apply-templates mode="html"><xsl:with-param name="phrasing" select="true()" tunnel="yes"/></xsl:apply-templates>
    </span>
  </xsl:template>

  <!-- A change of hand: a small sign in the diplomatic view, the hand (ed:hand-label) on hover and for a screen reader. -->
  <xsl:template match="tei:handShift" mode="html" priority="2">
    <span class="handShift diplomatic" title="Hand: {ed:hand-label(.)}" lang="en"><span class="visually-hidden">(hand: {ed:hand-label(.)})</span></span>
  </xsl:template>

  <xsl:template match="tei:gap" mode="html" priority="2">
    <span>
      <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'gap'"/></xsl:apply-templates>
      <!-- Why, and how much is missing ("gap: illegible, 1 letter"). -->
      <xsl:if test="@reason"><xsl:attribute name="title" select="'gap: ' || string-join((normalize-space(@reason), normalize-space(@extent)[.]), ', ')"/></xsl:if>
      <xsl:value-of select="ed:gap-label(.)"/>
    </span>
  </xsl:template>

  <!-- What happens around the words of a spoken text (ed:is-spoken-event), and a transcription's own notes
       (ed:is-transcription-note): where they happen, set apart as a stage direction is; in brackets where they stand
       in the running text of an utterance (an event always: "[Applause.]"). -->
  <xsl:template match="tei:vocal | tei:kinesic | tei:incident | tei:pause | tei:note[ed:is-transcription-note(.)]" mode="html" priority="3">
    <xsl:param name="phrasing" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="event" select="ed:is-spoken-event(.)"/>
    <xsl:variable name="desc" select="if ($event) then ed:shown-desc(.) else ()"/>
    <xsl:variable name="label" select="if ($event and empty($desc)) then ed:event-label(.) else ()"/>
    <xsl:if test="not($event) or exists($desc) or exists($label)">
      <xsl:variable name="block" select="ed:is-block(.)"/>
      <xsl:variable name="brackets" select="$event or not($block)"/>
      <xsl:if test="$phrasing or not($block)"><xsl:value-of select="ed:space-before(.)"/></xsl:if>
      <xsl:element name="{if ($block and not($phrasing)) then 'div' else 'span'}">
        <xsl:apply-templates select="." mode="html:attributes">
          <xsl:with-param name="class" select="string-join((local-name(), 'spoken-event'[$event], 'transcription-note'[not($event)], 'block'[$block and $phrasing]), ' ')"/>
        </xsl:apply-templates>
        <xsl:for-each select="@type"><xsl:attribute name="data-type" select="normalize-space(.)"/></xsl:for-each>
        <xsl:if test="normalize-space($desc/@xml:lang)"><xsl:attribute name="lang" select="normalize-space($desc/@xml:lang)"/><xsl:sequence select="html:language-direction($desc)"/></xsl:if>
        <xsl:if test="$brackets"><span class="bracket">[</span></xsl:if>
        <xsl:choose>
          <xsl:when test="exists($desc)">
            <xsl:apply-templates select="$desc/node()" mode="html"><xsl:with-param name="phrasing" select="true()" tunnel="yes"/></xsl:apply-templates>
          </xsl:when>
          <xsl:when test="exists($label)"><xsl:value-of select="$label"/></xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates mode="html"><xsl:with-param name="phrasing" select="true()" tunnel="yes"/></xsl:apply-templates>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$brackets"><span class="bracket">]</span></xsl:if>
      </xsl:element>
      <xsl:if test="$phrasing or not($block)"><xsl:value-of select="ed:space-after(.)"/></xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- An xi:include: what it includes (ed:included), where it stands; else its xi:fallback. -->
  <xsl:template match="Q{http://www.w3.org/2001/XInclude}include" mode="html" priority="5">
    <xsl:param name="ed:including" as="xs:string*" select="()" tunnel="yes"/>
    <xsl:param name="phrasing" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="included" select="ed:included(., $ed:including)"/>
    <xsl:choose>
      <xsl:when test="exists($included)">
        <xsl:if test="$phrasing or ed:in-running-text(.)"><xsl:value-of select="ed:space-before(.)"/></xsl:if>
        <!-- Its pointers resolve from its own file (ed:written-in). -->
        <xsl:apply-templates select="$included" mode="html">
          <xsl:with-param name="ed:including" select="($ed:including, ed:included-uri($included))" tunnel="yes"/>
          <xsl:with-param name="ed:included-by" select="." tunnel="yes"/>
          <xsl:with-param name="path" select="ed:written-in($included)" tunnel="yes"/>
        </xsl:apply-templates>
        <xsl:if test="$phrasing or ed:in-running-text(.)"><xsl:value-of select="ed:space-after(.)"/></xsl:if>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="Q{http://www.w3.org/2001/XInclude}fallback/node()" mode="html"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:space" mode="html"><xsl:text> </xsl:text></xsl:template>

  <!-- Line breaks show in the diplomatic view; in the reading view the line is reflowed. Where the text marks the lines
       of several editions, the view follows one edition's (ed:is-followed-line); another's break is a light mark in the
       line (span.lb), which says on hover whose line begins there (data-ed: its editions). -->
  <xsl:template match="tei:lb" mode="html" priority="2">
    <xsl:param name="ed:numbering" as="map(*)" select="map {}" tunnel="yes"/>
    <xsl:variable name="followed" select="ed:is-followed-line(., $ed:numbering)"/>
    <xsl:if test="not(ed:breaks-word(.))"><xsl:text> </xsl:text></xsl:if>
    <xsl:choose>
      <xsl:when test="$followed">
        <br>
          <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'lb'"/></xsl:apply-templates>
        </br>
      </xsl:when>
      <!-- (Between blocks, as Perseus marks another numbering's lines between verse lines, there is no line to mark.) -->
      <xsl:when test="not(ed:in-running-text(.))"/>
      <xsl:otherwise>
        <span>
          <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'lb diplomatic'"/></xsl:apply-templates>
          <xsl:variable name="editions" select="string-join(ed:break-editions(.), ' ')"/>
          <xsl:if test="$editions"><xsl:attribute name="data-ed" select="$editions"/></xsl:if>
          <xsl:attribute name="title" select="'Line break' || $editions[.] ! (' of ' || .)"/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
    <!-- The line's number in the margin (ed:line-number), with the line breaks of the diplomatic view. -->
    <xsl:if test="$followed and (ends-with(normalize-space(@n), '0') or ends-with(normalize-space(@n), '5'))">
      <xsl:for-each select="ed:line-number(.)"><span class="diplomatic line-number" data-line="{.}"></span></xsl:for-each>
    </xsl:if>
    <!-- The page and column breaks just before the line (html:breaks-before-line): their markers at the line they begin. -->
    <xsl:apply-templates select="html:breaks-before-line(.)" mode="html:page-marker"/>
  </xsl:template>

  <!-- The page and column breaks written just before a line break, with nothing but white space between (the DTA's and
       I.Sicily's <pb/><cb/><lb/>): the page or column begins with the line that follows, and in the diplomatic view
       its marker stands beside that line, not beside the one before. One sibling at a time: most lines have text
       before them, and end the walk at once. -->
  <xsl:function name="html:breaks-before-line" as="element()*">
    <xsl:param name="lb" as="element()"/>
    <xsl:sequence select="html:breaks-before($lb/preceding-sibling::node()[1])[not(ed:is-moved-page-break(.))]"/>
  </xsl:function>

  <xsl:function name="html:breaks-before" as="element()*">
    <xsl:param name="node" as="node()?"/>
    <xsl:sequence select="if ($node/self::text() and not(normalize-space($node))) then html:breaks-before($node/preceding-sibling::node()[1])
                          else if ($node/self::tei:pb or $node/self::tei:cb) then (html:breaks-before($node/preceding-sibling::node()[1]), $node)
                          else ()"/>
  </xsl:function>

  <!-- Whether a page or column break is written just before a line break (html:breaks-before-line): its marker is there. -->
  <xsl:function name="html:is-before-line" as="xs:boolean">
    <xsl:param name="break" as="element()"/>
    <xsl:variable name="after" select="$break/following-sibling::node()[not(self::text()[not(normalize-space())] or self::tei:pb or self::tei:cb)][1]"/>
    <xsl:sequence select="exists($after/self::tei:lb)"/>
  </xsl:function>

  <xsl:template match="tei:cb | tei:gb" mode="html" priority="2">
    <xsl:if test="not(ed:breaks-word(.))"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <!-- Page breaks, and numbered column breaks: a marker in the margin (ed:page-label), a page's with its own anchor. A
       break inside a word is moved before the word by the text() template, so the word is never split. -->
  <xsl:template match="tei:pb | tei:cb[normalize-space(@n)]" mode="html" priority="3">
    <xsl:if test="not(ed:is-moved-page-break(.))">
      <xsl:if test="not(html:is-before-line(.))"><xsl:apply-templates select="." mode="html:page-marker"/></xsl:if>
      <xsl:if test="not(ed:breaks-word(.))"><xsl:text> </xsl:text></xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- A page's marker: its label (none when nothing names the page: the anchor stays, empty) and the link to its image
       (pb/@facs, by the image policy; "[image]", a marker of its own, when there is no label), unless the page before it in its edition has the same image (a double page
       photographed whole, as EEBO-TCP's images are: linked once, at its first page). The marker of each edition's
       page says which edition it is of (data-ed). -->
  <xsl:template match="tei:pb" mode="html:page-marker">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="ed:numbering" as="map(*)" tunnel="yes"/>
    <xsl:param name="path" as="xs:string" select="$source-path" tunnel="yes"/>
    <xsl:variable name="id" select="ed:page-id(., $ed:numbering)"/>
    <xsl:variable name="label" select="ed:page-label(., $ed:numbering)"/>
    <xsl:variable name="pb" select="."/>
    <span class="pb" id="{$id}" lang="en">
      <xsl:for-each select="@n"><xsl:attribute name="data-n" select="normalize-space(.)"/></xsl:for-each>
      <xsl:for-each select="ed:page-edition(.)[.]"><xsl:attribute name="data-ed" select="."/></xsl:for-each>
      <xsl:for-each select="$label">
        <!-- A label that names its edition may break after the name, and only there ("[shamela:" over "p. n1-p3]"). -->
        <xsl:variable name="edition" select="ed:page-label-edition($pb, $ed:numbering)"/>
        <xsl:variable name="text" as="node()+">
          <xsl:choose>
            <xsl:when test="empty($edition)"><xsl:value-of select="."/></xsl:when>
            <xsl:otherwise><span class="pb-edition">[{$edition}:</span><xsl:text> </xsl:text><span>{substring(., string-length($edition) + 4)}</span></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:choose>
          <xsl:when test="$in-link"><span class="pb-label"><xsl:sequence select="$text"/></span></xsl:when>
          <xsl:otherwise><a class="pb-label" href="#{$id}"><xsl:sequence select="$text"/></a></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
      <xsl:if test="@facs and not($in-link)">
        <xsl:for-each select="ed:page-image(., $path)[not(ed:is-repeated-page-image($pb, ., $ed:numbering))]">
          <a class="pb-facs" href="{html:image-src(.)}" aria-label="Image of {($label ! substring(., 2, string-length(.) - 2), 'the page')[1]}">{if (exists($label)) then 'image' else '[image]'}</a>
        </xsl:for-each>
      </xsl:if>
    </span>
  </xsl:template>

  <!-- A column's marker: its label, with no anchor of its own. -->
  <xsl:template match="tei:cb" mode="html:page-marker">
    <xsl:param name="ed:numbering" as="map(*)" tunnel="yes"/>
    <xsl:for-each select="ed:page-label(., $ed:numbering)">
      <span class="cb" lang="en"><span class="cb-label">{.}</span></span>
    </xsl:for-each>
  </xsl:template>

  <!-- Notes: a numbered marker in the text, the note itself in the Notes section, links both ways. -->
  <xsl:template match="tei:note" mode="html" priority="2">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="ed:numbering" as="map(*)" tunnel="yes"/>
    <xsl:param name="html:at-anchor" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="n" select="ed:note-number(., $ed:numbering)"/>
    <xsl:variable name="id" select="ed:note-id(., $ed:numbering)"/>
    <xsl:choose>
      <!-- A detached note: its marker is where it points (ed:detached-anchor), not where it stands. -->
      <xsl:when test="not($html:at-anchor) and ed:is-moved(., $ed:numbering)"/>
      <!-- A note outside the text (in the header fields of the metadata panel) has no number: it is shown
           where it stands, in brackets. -->
      <xsl:when test="empty($n)">
        <span class="note note-inline"> (<xsl:apply-templates mode="html"><xsl:with-param name="phrasing" select="true()" tunnel="yes"/></xsl:apply-templates>)</span>
      </xsl:when>
      <xsl:when test="$in-link"><sup class="note-ref" id="{$id}-ref">{$n}</sup></xsl:when>
      <xsl:otherwise>
        <a class="note-ref" id="{$id}-ref" href="#{$id}" role="doc-noteref" aria-label="Note {$n}"
           title="{substring(ed:plain(node()), 1, 160)}"><sup>{$n}</sup></a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:note" mode="html:note-body">
    <xsl:param name="ed:numbering" as="map(*)" tunnel="yes"/>
    <xsl:param name="html:text-language" as="xs:string" select="ed:language(.)" tunnel="yes"/>
    <xsl:variable name="id" select="ed:note-id(., $ed:numbering)"/>
    <li id="{$id}" value="{ed:note-number(., $ed:numbering)}" class="note">
      <xsl:for-each select="@type"><xsl:attribute name="data-type" select="normalize-space(.)"/></xsl:for-each>
      <xsl:if test="normalize-space(@xml:lang)"><xsl:attribute name="lang" select="normalize-space(@xml:lang)"/></xsl:if>
      <!-- In the list of notes, in the text's direction: a note in a language of the other direction (an English
           note to an Arabic text) is laid out in its own. -->
      <xsl:sequence select="html:direction(ed:direction(ed:language(.)), ed:direction($html:text-language))"/>
      <div class="note-body">
        <xsl:apply-templates mode="html">
          <xsl:with-param name="phrasing" select="false()" tunnel="yes"/>
          <xsl:with-param name="in-link" select="false()" tunnel="yes"/>
        </xsl:apply-templates>
      </div>
      <a class="note-back" href="#{$id}-ref" aria-label="Back to note {ed:note-number(., $ed:numbering)} in the text"><xsl:sequence select="html:direction('ltr', ed:direction(ed:language(.)))"/>↩ back</a>
    </li>
  </xsl:template>

  <!-- Names and other mentions: links to the register entry, described on hover and focus. -->
  <xsl:template match="*[@ref or @key][ed:kind(.) = 'meta']" mode="html" priority="0.7"/>
  <xsl:template match="*[@ref or @key]" mode="html" priority="0.6">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="ed:numbering" as="map(*)" tunnel="yes"/>
    <xsl:param name="path" as="xs:string" select="$source-path" tunnel="yes"/>
    <xsl:param name="phrasing" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="html:shown" as="element()*" select="()" tunnel="yes"/>
    <xsl:variable name="entries" select="ed:entries-of(., $path)"/>
    <xsl:variable name="is-mention" select="exists($ed:numbering?mention(generate-id(.)))"/>
    <xsl:variable name="href" select="if (exists($entries)) then '../' || ed:entry-page($entries[1]) else if (@ref) then html:href(ed:pointers(.)[1], $path) else ()"/>
    <xsl:variable name="kind" select="ed:kind(.)"/>
    <xsl:variable name="block" select="ed:is-block(., $kind) and not($phrasing)"/>
    <xsl:variable name="spaced" select="not($block) and ed:boundary($kind) ne 'no'"/>
    <!-- A name with names inside it ("<rs ref=work><rs ref=person>Rousseau</rs>'s opera</rs>"): links cannot nest,
         so the inner names are the links, and the outer one's entry is a small link after it (unless an inner
         name already leads to the same page). -->
    <xsl:variable name="this" select="."/>
    <xsl:variable name="nested" select="if (exists($entries) and not($in-link) and not($block))
                                        then descendant::*[@ref or @key][empty(ancestor::tei:note intersect $this/descendant::tei:note)] ! ed:entries-of(., $path)[1] else ()"/>
    <xsl:variable name="marker" select="exists($nested) and not(some $n in $nested satisfies ed:entry-page($n) = ed:entry-page($entries[1]))"/>
    <xsl:variable name="href" select="if (exists($nested)) then () else $href"/>
    <xsl:variable name="edges" select="if ($block) then () else html:isolated-edges(., node(), $html:shown)"/>
    <xsl:value-of select="html:space-outside(node()[1] intersect $edges, true(), if ($spaced) then ed:space-before(.) else '')"/>
    <xsl:element name="{if ($href and not($in-link) and not($block)) then 'a' else if ($block) then 'div' else 'span'}">
      <xsl:if test="$is-mention and not(@xml:id)"><xsl:attribute name="id" select="ed:mention-id(., $ed:numbering)"/></xsl:if>
      <xsl:apply-templates select="." mode="html:attributes">
        <xsl:with-param name="class" select="string-join((local-name(), 'mention', @type[. = 'metonym']), ' ')"/>
      </xsl:apply-templates>
      <xsl:if test="$href and not($in-link) and not($block)">
        <xsl:attribute name="href" select="$href"/>
        <xsl:if test="exists($entries)">
          <xsl:attribute name="data-desc" select="(if (@type = 'metonym') then 'Metonym for ' else '') || ed:entry-description($entries[1])"/>
          <xsl:attribute name="aria-describedby" select="'desc-' || ed:register-of($entries[1]) || '-' || ed:entry-anchor($entries[1])"/>
        </xsl:if>
      </xsl:if>
      <xsl:value-of select="html:edge-text(node()[1] intersect $edges, node())"/>
      <xsl:apply-templates select="node() except $edges" mode="html">
        <xsl:with-param name="in-link" select="$in-link or ($href and not($block))" tunnel="yes"/>
        <xsl:with-param name="phrasing" select="$phrasing or not($block)" tunnel="yes"/>
      </xsl:apply-templates>
      <xsl:value-of select="html:edge-text((node()[last()] intersect $edges) except node()[1], node())"/>
      <xsl:if test="$marker">
        <a class="mention-entry" href="../{ed:entry-page($entries[1])}" aria-label="{ed:entry-name($entries[1])} (register entry)"
           data-desc="{ed:entry-description($entries[1])}" aria-describedby="desc-{ed:register-of($entries[1])}-{ed:entry-anchor($entries[1])}">↗</a>
      </xsl:if>
    </xsl:element>
    <xsl:value-of select="html:space-outside(node()[last()] intersect $edges, false(), if ($spaced) then ed:space-after(.) else '')"/>
  </xsl:template>

  <!-- Links: ref and ptr point into the edition, to another document of the collection, or outside. -->
  <xsl:template match="tei:ref[@target] | tei:ptr[@target]" mode="html">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="path" as="xs:string" select="$source-path" tunnel="yes"/>
    <xsl:variable name="href" select="html:href(tokenize(@target)[1], $path)"/>
    <xsl:variable name="label" select="if (self::tei:ptr) then normalize-space(@target) else ()"/>
    <xsl:element name="{if ($href and not($in-link)) then 'a' else 'span'}">
      <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="local-name()"/></xsl:apply-templates>
      <xsl:if test="$href and not($in-link)"><xsl:attribute name="href" select="$href"/></xsl:if>
      <xsl:value-of select="$label"/>
      <xsl:apply-templates mode="html">
        <xsl:with-param name="in-link" select="true()" tunnel="yes"/>
        <xsl:with-param name="phrasing" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- Where a TEI pointer leads on the site: a register entry's page, another document's page, an
       anchor in this page, or (safe) external URL. Returns empty when the pointer is not safe. -->
  <xsl:function name="html:href" as="xs:string?">
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:param name="path" as="xs:string"/>
    <xsl:variable name="doc" select="($ed:documents-by-uri(ed:uri-of($path)), ())[1]"/>
    <xsl:variable name="target" select="if ($pointer and exists($doc)) then ed:resolve($pointer, $doc, $path) else ()"/>
    <xsl:choose>
      <xsl:when test="empty($pointer)"/>
      <xsl:when test="$target instance of element() and ed:is-register-entry($target)">
        <xsl:sequence select="'../' || ed:entry-page($target)"/>
      </xsl:when>
      <xsl:when test="exists($target) and not(root($target) is $doc) and ed:is-edition-document(root($target))">
        <xsl:variable name="other" select="root($target)"/>
        <xsl:sequence select="ed:document-name($other, ed:path-of($other)) || '.html'
                              || (if ($target instance of element()) then '#' || encode-for-uri($target/@xml:id) else '')"/>
      </xsl:when>
      <!-- Something in a register that is not a register entry (an event, an object): the site has no page for it. -->
      <xsl:when test="exists($target) and not(root($target) is $doc)"/>
      <!-- A relative pointer that reaches nothing the edition publishes: "#id" that names nothing in this document nor
           any register entry of the collection (no anchor of this page has that id), or a file the collection does not
           have (the Escher letters' <ref target="Lochers_Pamphlete_und_das_System_d1"/> into their commentary, which is
           another collection): the site has no such page, so a link would go nowhere (the validator reports "#id"). -->
      <xsl:when test="exists($doc) and empty($target) and ed:is-relative-uri($pointer)"/>
      <xsl:when test="starts-with($pointer, '#')">
        <xsl:sequence select="ed:safe-href($pointer)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="ed:safe-href($pointer)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <xsl:template match="tei:date[matches(@when, '^\d{4}(-\d{2}(-\d{2})?)?$')]" mode="html">
    <time datetime="{@when}">
      <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'date'"/></xsl:apply-templates>
      <xsl:apply-templates mode="html"><xsl:with-param name="phrasing" select="true()" tunnel="yes"/></xsl:apply-templates>
    </time>
  </xsl:template>

  <!-- Images (Guidelines 14.4, 11.1). Where they are, and which addresses are refused, is common.xsl's image policy
       (ed:image-location); here how the page shows them. -->

  <!-- A figure with an image, among blocks: an HTML figure, its heads as the caption under its images; its figDesc is
       the images' alt text (ed:is-image-description). Inside running text it stays inline, like any block there; a
       figure without an image (the DTA's empty figure, a figDesc of an illustration not reproduced) is its text. -->
  <xsl:template match="tei:figure[tei:graphic or tei:media or tei:binaryObject]" mode="html" priority="1">
    <xsl:param name="phrasing" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="$phrasing"><xsl:next-match/></xsl:when>
      <xsl:otherwise>
        <figure>
          <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'figure'"/></xsl:apply-templates>
          <xsl:apply-templates select="node() except tei:head" mode="html"/>
          <xsl:if test="tei:head">
            <figcaption class="head">
              <xsl:for-each select="tei:head">
                <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
                <xsl:apply-templates mode="html"><xsl:with-param name="phrasing" select="true()" tunnel="yes"/></xsl:apply-templates>
              </xsl:for-each>
            </figcaption>
          </xsl:if>
        </figure>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:figDesc[ed:is-image-description(.)]" mode="html" priority="1"/>

  <!-- An image: an img (lazy, its size where the TEI gives one in absolute units, never wider than the text), linked
       to itself so that a reader can open it whole; its alt text the figDesc, else "Image" (a caption is read with
       its figure: repeated as the alt, a screen reader would read it twice); a media file that is no image, a link to it. An address the
       image policy refuses shows "[image: what it shows]" as text, never as a link or source. -->
  <xsl:template match="tei:graphic | tei:media" mode="html" priority="1">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="path" as="xs:string" select="$source-path" tunnel="yes"/>
    <xsl:variable name="location" select="ed:graphic-location(., $path)"/>
    <xsl:variable name="description" select="ed:image-description(.)"/>
    <xsl:variable name="is-image" select="exists(self::tei:graphic) or starts-with(normalize-space(@mimeType), 'image/')"/>
    <xsl:text> </xsl:text>
    <xsl:choose>
      <xsl:when test="empty($location)">
        <span>
          <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="local-name() || ' image-unavailable'"/></xsl:apply-templates>
          <xsl:text>[{if ($is-image) then 'image' else 'media'}{$description ! (': ' || .)}]</xsl:text>
        </span>
      </xsl:when>
      <xsl:when test="$is-image">
        <xsl:variable name="image" as="element()">
          <img src="{html:image-src($location)}" alt="{($description, 'Image')[1]}" loading="lazy" decoding="async">
            <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="local-name()"/></xsl:apply-templates>
            <xsl:for-each select="@width, @height">
              <xsl:variable name="name" select="local-name()"/>
              <xsl:for-each select="html:pixels(.)"><xsl:attribute name="{$name}" select="."/></xsl:for-each>
            </xsl:for-each>
          </img>
        </xsl:variable>
        <xsl:choose>
          <xsl:when test="$in-link"><xsl:sequence select="$image"/></xsl:when>
          <xsl:otherwise><a class="image-link" href="{html:image-src($location)}"><xsl:sequence select="$image"/></a></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise>
        <xsl:element name="{if ($in-link) then 'span' else 'a'}">
          <xsl:if test="not($in-link)"><xsl:attribute name="href" select="html:image-src($location)"/></xsl:if>
          <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="local-name()"/></xsl:apply-templates>
          <xsl:text>[media{normalize-space(@mimeType)[.] ! (' (' || . || ')')}{$description ! (': ' || .)}]</xsl:text>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- Embedded image data is never made a data: address: its description, as text. -->
  <xsl:template match="tei:binaryObject" mode="html" priority="1">
    <xsl:text> </xsl:text>
    <span>
      <xsl:apply-templates select="." mode="html:attributes"><xsl:with-param name="class" select="'binaryObject image-unavailable'"/></xsl:apply-templates>
      <xsl:text>[image{ed:image-description(.) ! (': ' || .)}]</xsl:text>
    </span>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- An image's address as a document page uses it: a file of the collection is published under media/, beside
       documents/ (the build copies it there: src/publish/stages/media.ts). -->
  <xsl:function name="html:image-src" as="xs:string">
    <xsl:param name="location" as="map(*)"/>
    <xsl:sequence select="if (exists($location?local)) then '../' || $location?src else $location?src"/>
  </xsl:function>

  <!-- A TEI size (data.outputMeasurement: "400px", "10cm", "3in") in CSS pixels, for an img's width or height;
       none for relative units (%, em), which the stylesheet's max-width handles, or for absurd sizes. -->
  <xsl:function name="html:pixels" as="xs:integer?">
    <xsl:param name="measure" as="xs:string"/>
    <xsl:variable name="parts" select="analyze-string(normalize-space($measure), '^(\d+(?:\.\d+)?)(px|in|cm|mm|pt|pc)?$')//*:group"/>
    <xsl:variable name="factor" select="map { '': 1, 'px': 1, 'in': 96, 'cm': 37.795, 'mm': 3.7795, 'pt': 1.3333, 'pc': 16 }(string($parts[2]))"/>
    <xsl:sequence select="if (exists($parts)) then xs:integer(round(number($parts[1]) * $factor))[. ge 1 and . le 10000] else ()"/>
  </xsl:function>
</xsl:stylesheet>
