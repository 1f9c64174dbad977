<?xml version="1.0" encoding="UTF-8"?>
<!--
  What the search needs of a file (included by common.xsl, so both outputs agree on the block anchors):

  - the search blocks of a document's text: every block (ed:is-block) or note that holds text of its own,
    in document order, each with the anchor the HTML page gives it (its xml:id; a note's id; a mention's
    id; else "block-N") and its reading-view text (ed:plain: the same policy as the reading view and the
    text edition), its language and the mentions it holds;
  - the document's facets: type, date range (ed:date-bounds of ed:date-element);
  - the names and coordinates of the file's register entries (name search, map).

  Summarised once per file (mode ed:summary, key 'search'), cached with the summary; src/search/ builds the
  index from it, never from the HTML. One walk of the text per document: the blocks are selected once, and
  each block's text is read once.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:tei-edition"
  exclude-result-prefixes="#all">

  <!-- Search is on unless the build says otherwise (build option "no search": edition map { 'search': false() }):
       then no file has a search record, no page numbers its blocks or shows the search box. -->
  <xsl:variable name="ed:search-enabled" as="xs:boolean" select="if (map:contains($edition, 'search')) then boolean($edition?search) else true()"/>

  <!-- The search blocks: every block (ed:is-block) or note whose own content (not that of the blocks and notes
       inside it) is running text or an inline element. A structural test: the HTML page numbers the same
       blocks without reading their text. -->
  <xsl:function name="ed:search-blocks" as="element()*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="ed:search-block-structure($doc)?blocks ! ?block"/>
  </xsl:function>

  <!-- map { generate-id(block): its number }: the HTML page's tunnel numbering gets it as 'block'. -->
  <xsl:function name="ed:block-numbers" as="map(*)">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="ed:positions(ed:search-blocks($doc))"/>
  </xsl:function>

  <!-- The id of a block on the document page: its own xml:id, a note's, a mention's or a speech's id, else block-N
       (a note of the header, a field of a manuscript description, has no number: it is a block like the others).
       $numbering: 'note', 'mention', 'speech' and 'block' positions (ed:numbering with 'block', ed:block-numbers). -->
  <xsl:function name="ed:block-anchor" as="xs:string">
    <xsl:param name="block" as="element()"/>
    <xsl:param name="numbering" as="map(*)"/>
    <xsl:sequence select="if (normalize-space($block/@xml:id)) then normalize-space($block/@xml:id)
                          else if ($block/self::tei:note[empty(ancestor::tei:teiHeader)]) then ed:note-id($block, $numbering)
                          else if (exists($numbering?mention(generate-id($block)))) then ed:mention-id($block, $numbering)
                          else if (exists(ed:speech-id($block, $numbering))) then ed:speech-id($block, $numbering)
                          else 'block-' || $numbering?block(generate-id($block))"/>
  </xsl:function>

  <!-- The id the HTML page adds to an element that has none of its own: a search block's block-N (notes,
       mentions and speeches have theirs already). Empty for every other element. -->
  <xsl:function name="ed:added-block-id" as="xs:string?">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="numbering" as="map(*)"/>
    <xsl:variable name="n" select="map:get(($numbering?block, map {})[1], generate-id($element))"/>
    <xsl:sequence select="if (empty($n) or normalize-space($element/@xml:id) or $element/self::tei:note[empty(ancestor::tei:teiHeader)]
                              or exists(map:get(($numbering?mention, map {})[1], generate-id($element)))
                              or exists(map:get(($numbering?speech, map {})[1], generate-id($element)))) then ()
                          else 'block-' || $n"/>
  </xsl:function>

  <!-- What kind of document it is: what the encoders say (text/@type, TEI/@type, textClass, msItem/@class),
       else a letter when the header describes a correspondence, else nothing. -->
  <xsl:function name="ed:document-type" as="xs:string">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="header" select="ed:header($doc)"/>
    <xsl:variable name="class" select="$header/tei:profileDesc/tei:textClass"/>
    <xsl:sequence select="(($doc/*/tei:text/@type, $doc/*/@type, $class//tei:keywords/tei:term, $class/tei:catRef/@target ! replace(., '^.*#', ''),
                            $header//tei:msContents/tei:msItem/@class ! replace(., '^.*#', '')) ! normalize-space(.)[.],
                           if ($header/tei:profileDesc/tei:correspDesc/tei:correspAction) then 'letter' else (), '')[1]"/>
  </xsl:function>

  <!-- The search record of one file (mode ed:summary's 'search'). -->
  <xsl:function name="ed:search-record" as="map(*)">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="is-document" as="xs:boolean"/>
    <!-- ed:mention-data of the document (an empty map when it is not a document). -->
    <xsl:param name="mentions" as="map(*)"/>
    <xsl:variable name="bounds" select="if ($is-document) then ed:date-element($doc) ! ed:date-bounds(.) else ()"/>
    <xsl:sequence select="map {
      'type': if ($is-document) then ed:document-type($doc) else '',
      'from': string($bounds[1]),
      'to': string($bounds[last()]),
      'blocks': array { if ($is-document and $ed:search-enabled) then ed:search-block-records($doc, $mentions) else () },
      'entries': array { if ($ed:search-enabled) then ed:search-entries($doc) else () }
    }"/>
  </xsl:function>

  <!-- The search blocks of a document, each with its own content (the nodes ed:plain reads for its text):
       map { 'blocks': map { 'block', 'own' }*, 'is-block': map { generate-id(element): whether it is a block } }.
       ed:is-block is asked once per element of the text (it is the costly part), through one map. No text is
       read here: the HTML page needs only the blocks (ed:block-numbers), the search record their texts too. -->
  <xsl:function name="ed:search-block-structure" as="map(*)">
    <xsl:param name="doc" as="document-node()"/>
    <!-- Not the back matter's register lists (ed:is-register-list): the document's register, not its text. -->
    <xsl:variable name="registers" select="ed:texts($doc)/tei:back//*[local-name() = $ed:register-lists][ed:is-register-list(.)]"/>
    <xsl:variable name="elements" select="ed:texts($doc)/descendant-or-self::* except $registers/descendant-or-self::*"/>
    <!-- With the files its text includes, where they are included (ed:with-included): an xi:include is no block (what it
         includes is read in its place), nor part of its parent's own content. -->
    <xsl:variable name="includes" select="exists(ed:text-includes($doc))"/>
    <xsl:variable name="elements" select="if ($includes) then ed:with-included($elements, $doc, ()) else $elements"/>
    <xsl:variable name="is-block" as="map(*)" select="map:merge($elements ! map { generate-id(.): exists(self::tei:note) or ed:is-block(., ed:kind(.))
                                                                  or ($includes and exists(self::Q{http://www.w3.org/2001/XInclude}include)) })"/>
    <xsl:variable name="blocks" as="map(*)*">
      <xsl:for-each select="$elements[$is-block(generate-id(.))][not($includes and self::Q{http://www.w3.org/2001/XInclude}include)]">
        <xsl:variable name="own" select="node()[not(self::* and ($is-block(generate-id(.)) or exists(. intersect $registers)))]"/>
        <xsl:if test="exists($own[self::* or self::text()[normalize-space()]])">
          <xsl:sequence select="map { 'block': ., 'own': $own }"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <!-- A manuscript description the page lays out (ed:described-manuscripts) is read before the text: its fields
         and items (ed:ms-blocks) are blocks too, an item's own content its one line (ed:ms-item-lead); a group
         that is a field for a fact of its attributes ("Form: codex") has no words of its own to find. -->
    <xsl:variable name="descriptions" as="map(*)*" select="ed:described-manuscripts($doc) ! ed:ms-blocks(.)
      ! map { 'block': ., 'own': if (self::tei:msItem or self::tei:msItemStruct) then ed:ms-item-lead(.)
                                 else if (self::tei:objectDesc or self::tei:supportDesc or self::tei:handDesc) then () else node() }"/>
    <xsl:sequence select="map { 'blocks': ($descriptions, $blocks), 'is-block': $is-block }"/>
  </xsl:function>

  <!-- A search block's text: the reading model's words (ed:plain) of its own content. Where a block inside it
       is left out (it is a search block of its own), the runs of content on either side are read apart and
       joined with a space when the left-out element is a word boundary (ed:is-boundary): words are never
       glued across it. -->
  <xsl:function name="ed:search-text" as="xs:string">
    <xsl:param name="block" as="element()"/>
    <xsl:param name="own" as="node()*"/>
    <xsl:param name="is-block" as="map(*)"/>
    <xsl:variable name="inner" select="$block/*[$is-block(generate-id(.))]"/>
    <xsl:choose>
      <xsl:when test="empty($inner)">
        <xsl:sequence select="ed:plain($own)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="parts" as="xs:string*">
          <xsl:for-each-group select="$block/node()" group-starting-with="*[$is-block(generate-id(.))]">
            <xsl:variable name="left-out" select="current-group()[1][self::* and $is-block(generate-id(.))]"/>
            <xsl:if test="exists($left-out) and ed:is-boundary($left-out)"><xsl:sequence select="' '"/></xsl:if>
            <xsl:sequence select="ed:plain(current-group() except $left-out)"/>
          </xsl:for-each-group>
        </xsl:variable>
        <xsl:sequence select="normalize-space(string-join($parts))"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <xsl:function name="ed:search-block-records" as="map(*)*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="data" as="map(*)"/>
    <xsl:variable name="structure" select="ed:search-block-structure($doc)"/>
    <xsl:variable name="is-block" select="$structure?is-block"/>
    <xsl:variable name="blocks" select="$structure?blocks"/>
    <xsl:variable name="numbering" select="map:put($data?numbering, 'block', ed:positions($blocks ! ?block))"/>
    <!-- The mentions of a block, in 'mentions': their ids, as the summary's mentions have them. -->
    <xsl:variable name="ids" select="$data?ids"/>
    <!-- Run once per block (a novel has thousands): ed:search-text, ed:block-anchor and ed:reading-language written
         out for the common case (a block with no block inside it, without an id of its own, in the document itself),
         each function called only where its other branches are needed. -->
    <xsl:variable name="mention-numbers" select="$numbering?mention"/>
    <xsl:variable name="speech-numbers" select="$numbering?speech"/>
    <xsl:variable name="block-numbers" select="$numbering?block"/>
    <xsl:variable name="by-block" select="$data?by-block"/>
    <xsl:variable name="contexts" select="$data?contexts"/>
    <xsl:variable name="language" select="(map:get($data?included-languages, generate-id($doc/*)), $data?language)[1]"/>
    <xsl:for-each select="$blocks">
      <xsl:variable name="block" select="?block"/>
      <xsl:variable name="text" as="xs:string">
        <xsl:choose>
          <!-- The same text as a mention's context block's (ed:mention-data's 'contexts': ed:plain of its content, with
               markers that ed:plain leaves out) when its own content is all its content: read from that walk. -->
          <xsl:when test="exists($contexts(generate-id($block))) and count(?own) eq count($block/node()) and empty($block/*[$is-block(generate-id(.))])">
            <xsl:sequence select="normalize-space($contexts(generate-id($block))(''))"/>
          </xsl:when>
          <xsl:when test="empty($block/*[$is-block(generate-id(.))])">
            <xsl:variable name="parts" as="item()*"><xsl:apply-templates select="?own" mode="ed:text"/></xsl:variable>
            <xsl:sequence select="normalize-space(string-join($parts[. instance of xs:string]))"/>
          </xsl:when>
          <xsl:otherwise><xsl:sequence select="ed:search-text($block, ?own, $is-block)"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:for-each select="$block[$text]">
        <xsl:variable name="id" select="generate-id()"/>
        <xsl:sequence select="map {
          'id': if (normalize-space(@xml:id)) then normalize-space(@xml:id)
                else if (self::tei:note[empty(ancestor::tei:teiHeader)]) then ed:note-id(., $numbering)
                else if (map:contains($mention-numbers, $id)) then ed:mention-id(., $numbering)
                else if (map:contains($speech-numbers, $id)) then ed:speech-id(., $numbering)
                else 'block-' || $block-numbers($id),
          'lang': if (root() is $doc) then (normalize-space(ancestor-or-self::*[@xml:lang][1]/@xml:lang)[.], $language)[1] else ed:reading-language(., $data),
          'text': $text,
          'mentions': array { $by-block($id)?mentions ! $ids(generate-id(.)) }
        }"/>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:function>

  <!-- The file's register entries as ed:entry-summaries lists them (same elements, same 'group'), with every
       form of their names and their coordinates (the first geo, as written). The build keeps one per group, that
       of the entry its page shows, with the names of all (src/publish/stages/search.ts, RegisterIndex). -->
  <xsl:function name="ed:search-entries" as="map(*)*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:for-each select="$doc/descendant::*[map:contains($ed:register-by-entry, local-name())][ed:is-register-entry(.)]">
      <xsl:sequence select="map {
        'group': ed:register-of(.) || '/' || ed:entry-key(.),
        'id': ed:entry-key(.),
        'label': ed:entry-name(.),
        'names': array { distinct-values((tei:persName | tei:placeName | tei:orgName | tei:name | tei:eventName | tei:title) ! normalize-space(.)[.]) },
        'geo': string((.//tei:geo ! normalize-space(.)[.])[1])
      }"/>
    </xsl:for-each>
  </xsl:function>
</xsl:stylesheet>
