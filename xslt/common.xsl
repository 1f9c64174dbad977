<?xml version="1.0" encoding="UTF-8"?>
<!--
  The edition's shared module, imported by html.xsl and text.xsl. It holds every decision the two
  outputs must make the same way, so the HTML reading view and the text edition can never drift apart:

  - the collection model (which files are documents, which are registers, what each document is called);
  - pointer resolution into the register and across documents, and the safe-href policy;
  - the editorial policy (which reading of a choice/app each view shows, brackets for supplied text,
    where a page marker goes when the page breaks inside a word, whitespace at break="no");
  - numbering of notes and mentions (so register pages can link to the exact spot on a document page);
  - what counts as a block and what as inline text, for every TEI element, known or not;
  - the document metadata shown by both editions (title, date, source, translator, summary...).

  Output-specific rendering lives in the importing stylesheets, in their own modes.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:array="http://www.w3.org/2005/xpath-functions/array"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:tei-edition"
  exclude-result-prefixes="#all">

  <!-- ===================================================================================== -->
  <!-- Parameters: the contract with the TypeScript orchestrator (src/publish/transform.ts)    -->
  <!-- ===================================================================================== -->

  <!-- Every parsed file of the collection: map { 'path': 'relative/path.xml', 'document': document-node() }.
       Documents that failed to transform are left out by the orchestrator, so nothing links to them. -->
  <xsl:param name="collection" as="map(*)*" select="()"/>
  <!-- Per-document entry point: the path (relative to the collection folder, forward slashes) of the
       document being rendered. -->
  <xsl:param name="source-path" as="xs:string" select="''"/>
  <!-- Edition metadata from the build: map { 'version', 'commit', 'build-date' } (strings), and the edition
       configuration's keys where edition.yml sets them (src/config/edition-config.ts): 'title', 'subtitle',
       'description', 'base-url' (strings), 'languages', 'language-names', 'editors' (arrays of strings),
       'licence' (map { 'label', 'url'? }). -->
  <xsl:param name="edition" as="map(*)" select="map{}"/>

  <xsl:key name="ed:id" match="*[@xml:id]" use="string(@xml:id)"/>

  <!-- ===================================================================================== -->
  <!-- Collection model                                                                      -->
  <!-- ===================================================================================== -->

  <xsl:variable name="ed:collection-base" select="'file:///collection/'" as="xs:string"/>

  <!-- A collection path as an absolute URI, so relative pointers resolve exactly as on disk. -->
  <xsl:function name="ed:uri-of" as="xs:string">
    <xsl:param name="path" as="xs:string"/>
    <xsl:sequence select="$ed:collection-base || string-join(tokenize($path, '/') ! encode-for-uri(.), '/')"/>
  </xsl:function>

  <xsl:variable name="ed:documents-by-uri" as="map(xs:string, document-node())"
    select="map:merge($collection ! map { ed:uri-of(?path): ?document })"/>

  <xsl:variable name="ed:paths-by-uri" as="map(xs:string, xs:string)"
    select="map:merge($collection ! map { ed:uri-of(?path): ?path })"/>

  <!-- A document of the edition has a text; a register has only lists (in standOff). -->
  <xsl:function name="ed:is-edition-document" as="xs:boolean">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="exists(ed:texts($doc))"/>
  </xsl:function>

  <!-- The text elements of a TEI or teiCorpus document (not the nested ones of a group: they are
       rendered as part of their outer text). -->
  <xsl:function name="ed:texts" as="element(tei:text)*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="$doc/(tei:TEI | tei:teiCorpus/descendant::tei:TEI)/tei:text"/>
  </xsl:function>

  <!-- The file name a document is published under: its xml:id, else its file name without .xml;
       any character but letters and digits (of any script), ".", "_" and "-" becomes a hyphen: no "/", no markup. -->
  <xsl:function name="ed:document-name" as="xs:string">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="path" as="xs:string"/>
    <xsl:variable name="id" select="normalize-space($doc/*/@xml:id)"/>
    <xsl:variable name="name" select="if ($id) then $id else replace(tokenize($path, '/')[last()], '\.xml$', '')"/>
    <xsl:sequence select="ed:file-name($name)"/>
  </xsl:function>

  <!-- Any character but letters and digits (of any script), ".", "_" and "-" becomes a hyphen. SaxonJS
       translates a regex with \p{L} afresh on every call (about 0.3 ms, once per mention on a page): names
       that are plain ASCII already, nearly all of them, skip it. -->
  <xsl:function name="ed:file-name" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:sequence select="if (translate($name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-', '') = '') then $name
                          else replace($name, '[^\p{L}\p{N}._-]', '-')"/>
  </xsl:function>

  <!-- The documents of the edition in chronological order (undated ones last, then by title). -->
  <xsl:function name="ed:chronological" as="map(*)*">
    <xsl:param name="entries" as="map(*)*"/>
    <xsl:sequence select="ed:sort-chronologically($entries[ed:is-edition-document(?document)])"/>
  </xsl:function>

  <!-- Sorts (stably) by ed:chronological-key. xsl:perform-sort rather than fn:sort with a key function, and no
       inline functions anywhere: Saxon-HE 9.9 (Debian's libsaxonhe-java, which the benchmark compares with)
       has no higher-order functions. -->
  <xsl:function name="ed:sort-chronologically" as="map(*)*">
    <xsl:param name="entries" as="map(*)*"/>
    <xsl:perform-sort select="$entries">
      <xsl:sort select="ed:chronological-key(.)[1]"/>
      <xsl:sort select="ed:chronological-key(.)[2]"/>
      <xsl:sort select="ed:chronological-key(.)[3]"/>
    </xsl:perform-sort>
  </xsl:function>

  <!-- The sort key, from a collection entry (map { 'path', 'document' }) or from a document's summary
       (map { 'path', 'date-key', 'title' }, mode ed:summary), which sorts the same without the document. -->
  <xsl:function name="ed:chronological-key" as="xs:string+">
    <xsl:param name="entry" as="map(*)"/>
    <xsl:sequence select="if (map:contains($entry, 'document')) then (ed:date-key($entry?document), ed:title($entry?document), $entry?path)
                          else ($entry?date-key, $entry?title, $entry?path)"/>
  </xsl:function>

  <!-- ===================================================================================== -->
  <!-- Register                                                                              -->
  <!-- ===================================================================================== -->

  <!-- Register entries: persons, places and organisations listed in a standOff, or in a file that has
       no text (a register). Entries inside a document's own text are part of that text. -->
  <xsl:function name="ed:is-register-entry" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="exists($element[self::tei:person or self::tei:place or self::tei:org][@xml:id]
                                  [ancestor::tei:standOff or not(ed:is-edition-document(root(.)))])"/>
  </xsl:function>

  <!-- The register an entry belongs to: also the folder of its pages. -->
  <xsl:function name="ed:register-of" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="if ($entry/self::tei:person) then 'persons'
                          else if ($entry/self::tei:place) then 'places' else 'organisations'"/>
  </xsl:function>

  <xsl:function name="ed:register-title" as="xs:string">
    <xsl:param name="register" as="xs:string"/>
    <xsl:sequence select="map { 'persons': 'Persons', 'places': 'Places', 'organisations': 'Organisations' }($register)"/>
  </xsl:function>

  <!-- Where an entry's page is, relative to the site root. -->
  <xsl:function name="ed:entry-page" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="ed:register-of($entry) || '/' || ed:file-name($entry/@xml:id) || '.html'"/>
  </xsl:function>

  <xsl:function name="ed:entry-name" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="names" select="$entry/(tei:persName | tei:placeName | tei:orgName | tei:name)"/>
    <xsl:sequence select="normalize-space(string(($names[@type = 'main'], $names, $entry/@xml:id)[1]))"/>
  </xsl:function>

  <!-- The one-line description shown on hover/focus of a mention, and in register lists. A page describes the
       same few entries at every mention of them: those its pointers reach are described once
       ($ed:entry-descriptions). -->
  <xsl:function name="ed:entry-description" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="known" select="$ed:entry-descriptions(generate-id($entry))"/>
    <xsl:sequence select="if (exists($known)) then $known else ed:describe-entry($entry)"/>
  </xsl:function>

  <xsl:variable name="ed:entry-descriptions" as="map(xs:string, xs:string)"
    select="map:merge($ed:ref-entries?* ! map { generate-id(.): ed:describe-entry(.) }, map { 'duplicates': 'use-first' })"/>

  <xsl:function name="ed:describe-entry" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="life" select="ed:entry-dates($entry)"/>
    <xsl:variable name="note" select="normalize-space(($entry/tei:note, $entry/tei:occupation, $entry/tei:desc)[1])"/>
    <xsl:sequence select="string-join((ed:entry-name($entry) || (if ($life) then ' (' || $life || ')' else ''), $note[.]), ': ')"/>
  </xsl:function>

  <xsl:function name="ed:entry-dates" as="xs:string?">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="birth" select="($entry/tei:birth/(@when, @notBefore, @from), $entry/tei:birth)[1] ! ed:iso-date-label(string(.))"/>
    <xsl:variable name="death" select="($entry/tei:death/(@when, @notBefore, @from), $entry/tei:death)[1] ! ed:iso-date-label(string(.))"/>
    <!-- Full dates read better with a spaced dash: "1 October 1924 – 29 December 2024", "1906–1982". -->
    <xsl:variable name="dash" select="if (contains($birth, ' ') or contains($death, ' ')) then ' – ' else '–'"/>
    <xsl:sequence select="if ($birth or $death) then ($birth, '')[1] || $dash || ($death, '')[1] else ()"/>
  </xsl:function>

  <!-- An ISO 8601 date as readers write it: "1 October 1924", "October 1924", "1924"; anything else unchanged. -->
  <xsl:function name="ed:iso-date-label" as="xs:string">
    <xsl:param name="iso" as="xs:string"/>
    <!-- The pattern first: a failed cast costs SaxonJS an error object with its stack (≈0.1 ms), and most dates
         of a register are years. -->
    <xsl:sequence select="
      if (matches($iso, '^\d{4}-\d{2}-\d{2}$') and $iso castable as xs:date) then format-date(xs:date($iso), '[D] [MNn] [Y]', 'en', (), ())
      else if (matches($iso, '^\d{4}-(0[1-9]|1[0-2])$')) then format-date(xs:date($iso || '-01'), '[MNn] [Y]', 'en', (), ())
      else $iso"/>
  </xsl:function>

  <!-- ===================================================================================== -->
  <!-- Pointers                                                                              -->
  <!-- ===================================================================================== -->

  <!-- What one pointer of a document refers to, inside the collection: an element (register entry or
       element of another document) or a whole document, or nothing (external or unresolved). -->
  <xsl:function name="ed:resolve" as="node()?">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="path" as="xs:string"/>
    <xsl:variable name="file" select="substring-before($pointer || '#', '#')"/>
    <xsl:variable name="fragment" select="substring-after($pointer, '#')"/>
    <xsl:choose>
      <xsl:when test="not(ed:is-relative-uri($pointer))"/>
      <xsl:when test="$file = ''">
        <xsl:sequence select="if ($fragment) then key('ed:id', $fragment, $doc)[1] else ()"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="target-uri" select="ed:resolve-uri($file, ed:uri-of($path))"/>
        <xsl:variable name="target" select="if (exists($target-uri)) then $ed:documents-by-uri($target-uri) else ()"/>
        <xsl:sequence select="if (empty($target)) then ()
                              else if ($fragment) then key('ed:id', $fragment, $target)[1]
                              else $target"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <xsl:function name="ed:resolve-uri" as="xs:string?">
    <xsl:param name="relative" as="xs:string"/>
    <xsl:param name="base" as="xs:string"/>
    <xsl:try>
      <xsl:sequence select="string(resolve-uri($relative, $base))"/>
      <xsl:catch/>
    </xsl:try>
  </xsl:function>

  <!-- The register entries an element points at with @ref (several pointers are space-separated). In the
       document being rendered, each distinct pointer is resolved once ($ed:ref-entries). -->
  <xsl:function name="ed:entries-of" as="element()*">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="path" as="xs:string"/>
    <xsl:sequence select="if ($path = $source-path and root($element) is $ed:source-document) then tokenize($element/@ref) ! $ed:ref-entries(.)
                          else for $p in tokenize($element/@ref) return ed:register-entry($p, root($element), $path)"/>
  </xsl:function>

  <xsl:function name="ed:register-entry" as="element()?">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="path" as="xs:string"/>
    <xsl:sequence select="ed:resolve($pointer, $doc, $path)[. instance of element()][ed:is-register-entry(.)]"/>
  </xsl:function>

  <!-- The document of a per-document call or summary (the file at $source-path), if it is in the collection. -->
  <xsl:variable name="ed:source-document" as="document-node()?" select="$ed:documents-by-uri(ed:uri-of($source-path))"/>

  <!-- Each distinct @ref pointer of that document → the register entry it reaches, if any: a document names
       the same few entries again and again, and resolving a pointer (its URI, the file, the key) costs far
       more than looking it up. -->
  <xsl:variable name="ed:ref-entries" as="map(xs:string, element()?)"
    select="map:merge(distinct-values($ed:source-document//@ref ! tokenize(.)) ! map { .: ed:register-entry(., $ed:source-document, $source-path) })"/>

  <!-- The collection path of a document node, if it belongs to the collection. -->
  <xsl:function name="ed:path-of" as="xs:string?">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="($collection[?document is $doc]?path)[1]"/>
  </xsl:function>

  <!-- A relative URI reference: no scheme before the first '/', '?' or '#', and no whitespace or
       characters that could break out of an attribute or smuggle a scheme. -->
  <xsl:function name="ed:is-relative-uri" as="xs:boolean">
    <xsl:param name="uri" as="xs:string"/>
    <xsl:sequence select="matches($uri, '^[^\s:/?#\\]*([/?#][^\s\\]*)?$') and not(matches($uri, '^//'))"/>
  </xsl:function>

  <!-- The safe-href policy: a TEI pointer becomes a link only if it is a #fragment, a relative path or an
       http(s) URL. Anything else (javascript:, data:, vbscript:, file:, mailto: ...) returns empty: the
       caller renders the element's text without a link. -->
  <xsl:function name="ed:safe-href" as="xs:string?">
    <xsl:param name="uri" as="xs:string?"/>
    <xsl:variable name="u" select="normalize-space($uri)"/>
    <xsl:sequence select="if ($u = '') then ()
                          else if (matches($u, '^https?://[^\s\\&quot;&lt;&gt;]+$', 'i')) then $u
                          else if (ed:is-relative-uri($u)) then $u
                          else ()"/>
  </xsl:function>

  <!-- ===================================================================================== -->
  <!-- Numbering (notes, mentions), computed once per document and passed down as a tunnel    -->
  <!-- parameter, so per-document pages and collection pages agree on every number.           -->
  <!-- ===================================================================================== -->

  <xsl:function name="ed:notes" as="element(tei:note)*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="ed:texts($doc)//tei:note"/>
  </xsl:function>

  <xsl:function name="ed:mentions" as="element()*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="ed:texts($doc)//*[@ref]"/>
  </xsl:function>

  <xsl:function name="ed:numbering" as="map(*)">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="map {
      'note': ed:positions(ed:notes($doc)),
      'mention': ed:positions(ed:mentions($doc)),
      'page': ed:positions(ed:texts($doc)//tei:pb)
    }"/>
  </xsl:function>

  <!-- map { generate-id(node): its position in $nodes } -->
  <xsl:function name="ed:positions" as="map(*)">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:sequence select="map:merge(for $i in 1 to count($nodes) return map { generate-id($nodes[$i]): $i })"/>
  </xsl:function>

  <!-- Notes are numbered 1..N in document order (the label the reader sees, in both editions). -->
  <xsl:function name="ed:note-number" as="xs:integer">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:param name="numbering" as="map(*)"/>
    <xsl:sequence select="$numbering?note(generate-id($note))"/>
  </xsl:function>

  <xsl:function name="ed:note-id" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:param name="numbering" as="map(*)"/>
    <xsl:sequence select="(normalize-space($note/@xml:id)[.], 'note-' || ed:note-number($note, $numbering))[1]"/>
  </xsl:function>

  <!-- A mention's anchor: its own xml:id when it has one (an element carries one id), else its number. -->
  <xsl:function name="ed:mention-id" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="numbering" as="map(*)"/>
    <xsl:sequence select="(normalize-space($element/@xml:id)[.], 'mention-' || $numbering?mention(generate-id($element)))[1]"/>
  </xsl:function>

  <xsl:function name="ed:page-id" as="xs:string">
    <xsl:param name="pb" as="element()"/>
    <xsl:param name="numbering" as="map(*)"/>
    <xsl:sequence select="(normalize-space($pb/@xml:id)[.], 'page-' || $numbering?page(generate-id($pb)))[1]"/>
  </xsl:function>

  <!-- ===================================================================================== -->
  <!-- Editorial policy                                                                      -->
  <!-- ===================================================================================== -->

  <!-- Reading view: the editors' reading (corr, reg, expan); within app the lemma. Otherwise the first
       alternative. This is also what the text edition prints. -->
  <xsl:function name="ed:reading" as="node()?">
    <xsl:param name="alternatives" as="element()"/>
    <xsl:variable name="children" select="$alternatives/*"/>
    <xsl:sequence select="if ($alternatives/self::tei:app) then ($children[self::tei:lem], $children[self::tei:rdg or self::tei:rdgGrp])[1]
                          else ($children[self::tei:corr], $children[self::tei:reg], $children[self::tei:expan], $children)[1]"/>
  </xsl:function>

  <!-- Diplomatic view: the source as written (sic, orig, abbr). -->
  <xsl:function name="ed:diplomatic" as="node()?">
    <xsl:param name="alternatives" as="element()"/>
    <xsl:variable name="children" select="$alternatives/*"/>
    <xsl:sequence select="if ($alternatives/self::tei:app) then ed:reading($alternatives)
                          else ($children[self::tei:sic], $children[self::tei:orig], $children[self::tei:abbr], $children)[1]"/>
  </xsl:function>

  <!-- Elements whose text the editors added or marked, and the brackets that show it in every view. -->
  <xsl:function name="ed:brackets" as="xs:string*">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="if ($element/self::tei:supplied) then ('[', ']')
                          else if ($element/self::tei:del) then ('⟦', '⟧')
                          else ()"/>
  </xsl:function>

  <!-- A gap in the source: what the reader sees in its place. -->
  <xsl:function name="ed:gap-label" as="xs:string">
    <xsl:param name="gap" as="element()"/>
    <xsl:sequence select="'[…]'"/>
  </xsl:function>

  <xsl:function name="ed:page-label" as="xs:string">
    <xsl:param name="pb" as="element()"/>
    <xsl:sequence select="if (normalize-space($pb/@n)) then '[p. ' || normalize-space($pb/@n) || ']' else '[page break]'"/>
  </xsl:function>

  <xsl:function name="ed:floating-text-label" as="xs:string?">
    <xsl:param name="floating" as="element()"/>
    <xsl:sequence select="if ($floating/@type = 'restricted') then 'Restricted distribution'
                          else if ($floating/@type) then 'Inserted text (' || $floating/@type || ')' else 'Inserted text'"/>
  </xsl:function>

  <xsl:function name="ed:breaks-word" as="xs:boolean">
    <xsl:param name="node" as="node()?"/>
    <xsl:sequence select="exists($node[self::tei:pb or self::tei:lb or self::tei:cb][@break = ('no', 'false', 'n')])"/>
  </xsl:function>

  <!-- A text node's characters, with the whitespace around a break="no" removed: the word goes on across
       the break ("in<pb break='no'/>terests" is one word, even when the encoder indented the line). -->
  <xsl:function name="ed:text-value" as="xs:string">
    <xsl:param name="text" as="text()"/>
    <xsl:variable name="v" select="string($text)"/>
    <xsl:variable name="v" select="if (ed:breaks-word($text/preceding-sibling::node()[1])) then replace($v, '^\s+', '') else $v"/>
    <xsl:sequence select="if (ed:breaks-word($text/following-sibling::node()[1])) then replace($v, '\s+$', '') else $v"/>
  </xsl:function>

  <!-- When a page breaks inside a word, its marker goes before the word rather than inside it, so the
       word stays whole. This returns that page break, when it follows the text node directly. -->
  <xsl:function name="ed:page-break-inside-word" as="element()?">
    <xsl:param name="text" as="text()"/>
    <xsl:sequence select="$text/following-sibling::node()[1][self::tei:pb][ed:breaks-word(.)][matches(ed:text-value($text), '\S$')]"/>
  </xsl:function>

  <xsl:function name="ed:is-moved-page-break" as="xs:boolean">
    <xsl:param name="pb" as="element()"/>
    <xsl:variable name="before" select="$pb/preceding-sibling::node()[1][self::text()]"/>
    <xsl:sequence select="exists($before) and exists(ed:page-break-inside-word($before))"/>
  </xsl:function>

  <!-- Splits text before the start of its last word: ("…long-term ", "in"). -->
  <xsl:function name="ed:split-before-last-word" as="xs:string+">
    <xsl:param name="value" as="xs:string"/>
    <xsl:variable name="word" select="if (matches($value, '\s')) then replace($value, '^.*\s', '', 's') else $value"/>
    <xsl:sequence select="(substring($value, 1, string-length($value) - string-length($word)), $word)"/>
  </xsl:function>

  <!-- ===================================================================================== -->
  <!-- Blocks and inline elements                                                            -->
  <!-- ===================================================================================== -->

  <!-- Elements that TEI uses as blocks (divisions, paragraph-like, lists, tables, verse, drama...). -->
  <xsl:variable name="ed:block-names" as="xs:string*" select="(
    'TEI', 'teiCorpus', 'text', 'front', 'body', 'back', 'group', 'floatingText',
    'div', 'div1', 'div2', 'div3', 'div4', 'div5', 'div6', 'div7', 'divGen',
    'p', 'ab', 'head', 'lg', 'l', 'list', 'item', 'table', 'row', 'cell', 'figure', 'figDesc',
    'opener', 'closer', 'postscript', 'trailer', 'argument', 'epigraph', 'byline', 'docAuthor', 'docDate',
    'docEdition', 'docImprint', 'docTitle', 'titlePage', 'titlePart', 'imprimatur',
    'sp', 'spGrp', 'speaker', 'castList', 'castGroup', 'castItem', 'set', 'performance', 'prologue', 'epilogue', 'u',
    'listBibl', 'listPerson', 'listPlace', 'listOrg', 'listEvent', 'listNym', 'listObject', 'listRelation',
    'listApp', 'listWit', 'listTranspose', 'biblStruct', 'biblFull', 'msDesc',
    'person', 'personGrp', 'place', 'org', 'event', 'nym', 'object',
    'entry', 'entryFree', 'superEntry', 'sense', 're', 'egXML', 'eg', 'specGrp', 'elementSpec', 'classSpec',
    'macroSpec', 'dataSpec', 'moduleSpec', 'schemaSpec', 'constraintSpec', 'attDef', 'valItem', 'exemplum', 'remarks',
    'fw', 'metamark', 'zone', 'surface', 'surfaceGrp', 'line', 'space-block')"/>

  <!-- Elements that TEI uses inside running text, wherever they stand. -->
  <xsl:variable name="ed:inline-names" as="xs:string*" select="(
    'hi', 'emph', 'foreign', 'term', 'mentioned', 'soCalled', 'distinct', 'title', 'gloss', 'q', 'said', 'quote', 'cit',
    'persName', 'placeName', 'orgName', 'name', 'rs', 'roleName', 'forename', 'surname', 'addName', 'genName',
    'nameLink', 'geogName', 'settlement', 'country', 'region', 'bloc', 'district', 'street', 'date', 'time',
    'num', 'measure', 'measureGrp', 'choice', 'sic', 'corr', 'orig', 'reg', 'abbr', 'expan', 'ex', 'am',
    'supplied', 'unclear', 'gap', 'del', 'add', 'subst', 'restore', 'damage', 'surplus', 'handShift', 'mod',
    'seg', 'w', 'pc', 'c', 'g', 's', 'phr', 'cl', 'm', 'ref', 'ptr', 'lb', 'pb', 'cb', 'milestone', 'anchor',
    'note', 'app', 'lem', 'rdg', 'rdgGrp', 'wit', 'index', 'interp', 'code', 'ident', 'gi', 'att', 'val', 'tag',
    'email', 'idno', 'lang', 'affiliation', 'span', 'formula', 'graphic', 'media', 'space', 'caesura', 'unit',
    'author', 'editor', 'publisher', 'pubPlace', 'biblScope', 'edition', 'bibl', 'label', 'stage', 'dateline',
    'salute', 'signed', 'address', 'addrLine', 'age', 'state', 'trait', 'occupation', 'residence', 'birth', 'death')"/>

  <!-- Looked up for every element of every document: maps, not sequence comparisons. -->
  <xsl:variable name="ed:block-set" as="map(xs:string, xs:boolean)" select="map:merge($ed:block-names ! map { .: true() })"/>
  <xsl:variable name="ed:inline-set" as="map(xs:string, xs:boolean)" select="map:merge($ed:inline-names ! map { .: true() })"/>
  <xsl:variable name="ed:context-set" as="map(xs:string, xs:boolean)" select="map:merge(
    ('label', 'stage', 'dateline', 'salute', 'signed', 'bibl', 'address', 'quote', 'cit', 'seg', 'milestone', 'author',
     'docAuthor', 'birth', 'death', 'occupation', 'state', 'trait', 'residence', 'idno') ! map { .: true() })"/>

  <!-- Names that are inline in running text but stand on their own line when their parent holds no
       running text (a dateline in an opener, a stage direction between speeches, a bibl in a list). -->
  <xsl:function name="ed:is-block" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="name" select="local-name($element)"/>
    <xsl:sequence select="
      if ($element/self::tei:note) then false()
      else if (not(namespace-uri($element) = ('http://www.tei-c.org/ns/1.0', 'http://www.tei-c.org/ns/Examples')))
        then false()
      else if (map:contains($ed:block-set, $name)) then true()
      else if (map:contains($ed:context-set, $name))
        then not(ed:in-running-text($element)) or exists($element/*[ed:is-block(.)])
      else if (map:contains($ed:inline-set, $name)) then false()
      else not(ed:in-running-text($element)) or exists($element/*[ed:is-block(.)])"/>
  </xsl:function>

  <!-- Whether an element stands in running text: its parent is paragraph-like or inline, or text touches
       it. Only the neighbours are looked at, so a list of thousands of entries costs no more per entry. -->
  <xsl:function name="ed:in-running-text" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="ed:holds-running-text($element/..)
      or normalize-space($element/preceding-sibling::node()[1][self::text()]) != ''
      or normalize-space($element/following-sibling::node()[1][self::text()]) != ''"/>
  </xsl:function>

  <!-- Running text: a paragraph-like or inline element. -->
  <xsl:function name="ed:holds-running-text" as="xs:boolean">
    <xsl:param name="element" as="node()?"/>
    <xsl:sequence select="exists($element[self::tei:p or self::tei:ab or self::tei:l or self::tei:head or self::tei:s])
                          or ($element instance of element() and map:contains($ed:inline-set, local-name($element))
                              and not(map:contains($ed:context-set, local-name($element))))"/>
  </xsl:function>

  <!-- The reading-view text of an element as a plain string (mention labels, link texts): the same
       choice policy, without notes and page markers. -->
  <xsl:function name="ed:plain" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:apply-templates select="$nodes" mode="ed:plain"/>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($parts))"/>
  </xsl:function>

  <xsl:mode name="ed:plain" on-no-match="shallow-skip"/>
  <xsl:template match="text()" mode="ed:plain"><xsl:sequence select="ed:text-value(.)"/></xsl:template>
  <xsl:template match="tei:choice | tei:app" mode="ed:plain"><xsl:apply-templates select="ed:reading(.)" mode="ed:plain"/></xsl:template>
  <xsl:template match="tei:note | tei:teiHeader" mode="ed:plain"/>
  <xsl:template match="tei:lb[not(ed:breaks-word(.))] | tei:pb[not(ed:breaks-word(.))] | tei:cb[not(ed:breaks-word(.))]" mode="ed:plain"><xsl:sequence select="' '"/></xsl:template>
  <xsl:template match="*[exists(ed:brackets(.))]" mode="ed:plain">
    <xsl:sequence select="ed:brackets(.)[1]"/><xsl:apply-templates mode="ed:plain"/><xsl:sequence select="ed:brackets(.)[2]"/>
  </xsl:template>

  <!-- The element whose text is a mention's context: everything ed:context reads lies inside it. -->
  <xsl:function name="ed:context-block" as="element()?">
    <xsl:param name="mention" as="element()"/>
    <xsl:sequence select="$mention/ancestor::*[self::tei:note or ed:is-block(.)][1]"/>
  </xsl:function>

  <!-- A context block's text as ed:context reads it, in document order: its text nodes as strings (the
       source's side of each choice, and the text of the notes inside it, left out), and around each element
       with @ref the markers map { 'start': generate-id() } and map { 'end': generate-id() }. One walk of the
       block serves every mention in it. -->
  <xsl:function name="ed:context-items" as="item()*">
    <xsl:param name="block" as="element()"/>
    <xsl:apply-templates select="$block/node()" mode="ed:context">
      <xsl:with-param name="hidden" tunnel="yes"
        select="exists($block/ancestor-or-self::*[self::tei:sic or self::tei:orig or self::tei:abbr or self::tei:rdg][parent::tei:choice or parent::tei:app])"/>
    </xsl:apply-templates>
  </xsl:function>

  <xsl:mode name="ed:context" on-no-match="shallow-skip"/>
  <xsl:template match="text()" mode="ed:context">
    <xsl:param name="hidden" as="xs:boolean" tunnel="yes"/>
    <xsl:if test="not($hidden)"><xsl:sequence select="string(.)"/></xsl:if>
  </xsl:template>
  <xsl:template match="tei:note | comment() | processing-instruction()" mode="ed:context"/>
  <xsl:template match="*" mode="ed:context">
    <xsl:param name="hidden" as="xs:boolean" tunnel="yes"/>
    <xsl:variable name="id" select="if (@ref) then generate-id() else ()"/>
    <xsl:sequence select="$id ! map { 'start': . }"/>
    <xsl:apply-templates mode="ed:context">
      <xsl:with-param name="hidden" tunnel="yes"
        select="$hidden or exists(self::*[self::tei:sic or self::tei:orig or self::tei:abbr or self::tei:rdg][parent::tei:choice or parent::tei:app])"/>
    </xsl:apply-templates>
    <xsl:sequence select="$id ! map { 'end': . }"/>
  </xsl:template>

  <!-- A context block's text (its ed:context-items joined) and where each marker falls in it:
       map { '': the text, generate-id() || '<' (start) or '>' (end): how many characters precede the marker }.
       Each mention's context is then a substring, not a new pass over the block's items. -->
  <xsl:function name="ed:context-text" as="map(*)">
    <xsl:param name="items" as="item()*"/>
    <xsl:map>
      <xsl:map-entry key="''" select="string-join($items[. instance of xs:string])"/>
      <xsl:iterate select="$items">
        <xsl:param name="offset" as="xs:integer" select="0"/>
        <xsl:choose>
          <xsl:when test=". instance of xs:string">
            <xsl:next-iteration><xsl:with-param name="offset" select="$offset + string-length(.)"/></xsl:next-iteration>
          </xsl:when>
          <xsl:otherwise>
            <xsl:map-entry key="if (map:contains(., 'start')) then ?start || '&lt;' else ?end || '&gt;'" select="$offset"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:iterate>
    </xsl:map>
  </xsl:function>

  <!-- A mention in context, for register pages: a few words of its sentence before and after, in the
       reading view (the source's side of each choice and the text of notes anchored elsewhere left out),
       from its context block's ed:context-text. -->
  <xsl:function name="ed:context" as="xs:string+">
    <xsl:param name="mention" as="element()"/>
    <xsl:param name="block" as="map(*)"/>
    <xsl:param name="words" as="xs:integer"/>
    <xsl:variable name="raw-before" select="substring($block(''), 1, $block(generate-id($mention) || '&lt;'))"/>
    <xsl:variable name="raw-after" select="substring($block(''), $block(generate-id($mention) || '&gt;') + 1)"/>
    <xsl:variable name="before" select="tokenize(normalize-space($raw-before))"/>
    <xsl:variable name="after" select="tokenize(normalize-space($raw-after))"/>
    <!-- Spaces only where the text has them: "Andropov, Gromyko, Kirilenko", not "Gromyko , Kirilenko". -->
    <xsl:sequence select="(if (count($before) gt $words) then '… ' else '') || string-join(subsequence($before, count($before) - $words + 1), ' ')
                            || (if (matches($raw-before, '\s$') and exists($before)) then ' ' else ''),
                          (if (matches($raw-after, '^\s') and exists($after)) then ' ' else '')
                            || string-join(subsequence($after, 1, $words), ' ') || (if (count($after) gt $words) then ' …' else '')"/>
  </xsl:function>

  <!-- ===================================================================================== -->
  <!-- Document metadata                                                                     -->
  <!-- ===================================================================================== -->

  <xsl:function name="ed:header" as="element(tei:teiHeader)?">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="$doc/*/tei:teiHeader"/>
  </xsl:function>

  <xsl:function name="ed:title" as="xs:string">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="titles" select="ed:header($doc)/tei:fileDesc/tei:titleStmt/tei:title"/>
    <xsl:variable name="title" select="normalize-space(string(($titles[@type = 'main'], $titles[not(@type)], $titles)[1]))"/>
    <xsl:sequence select="if ($title) then $title else ed:document-name($doc, (ed:path-of($doc), '')[1])"/>
  </xsl:function>

  <xsl:function name="ed:subtitle" as="xs:string?">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="normalize-space(string(ed:header($doc)/tei:fileDesc/tei:titleStmt/tei:title[@type = 'sub'][1]))[.]"/>
  </xsl:function>

  <!-- The date that places the document in time: when it was sent, else when it was created. -->
  <xsl:function name="ed:date-element" as="element()?">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="profile" select="ed:header($doc)/tei:profileDesc"/>
    <xsl:sequence select="($profile/tei:correspDesc/tei:correspAction[@type = 'sent']/tei:date,
                           $profile/tei:creation//tei:date,
                           $profile/tei:correspDesc//tei:date,
                           ed:header($doc)/tei:fileDesc/tei:sourceDesc//tei:date[@when or @notBefore or @from])[1]"/>
  </xsl:function>

  <!-- ISO date used to sort the documents; undated documents sort last. -->
  <xsl:function name="ed:date-key" as="xs:string">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="date" select="ed:date-element($doc)"/>
    <xsl:sequence select="(($date/@when, $date/@notBefore, $date/@from, $date/@notAfter, $date/@to)[matches(., '^-?\d{4}')] ! string(.), '9999')[1]"/>
  </xsl:function>

  <xsl:function name="ed:date-label" as="xs:string?">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="date" select="ed:date-element($doc)"/>
    <xsl:sequence select="(normalize-space($date)[.], $date/@when ! ed:iso-date-label(string(.)),
                           if ($date/@notBefore or $date/@notAfter) then string-join(($date/@notBefore, $date/@notAfter) ! ed:iso-date-label(string(.)), ' – ') else ())[1]"/>
  </xsl:function>

  <xsl:function name="ed:summary" as="xs:string?">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="header" select="ed:header($doc)"/>
    <xsl:sequence select="normalize-space(string(($header/tei:profileDesc/tei:abstract, $header//tei:msContents/tei:summary)[1]))[.]"/>
  </xsl:function>

  <xsl:function name="ed:source-bibl" as="element()?">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="source" select="ed:header($doc)/tei:fileDesc/tei:sourceDesc"/>
    <xsl:sequence select="($source/tei:bibl, $source/tei:biblStruct, $source/tei:biblFull, $source/tei:p)[1]"/>
  </xsl:function>

  <!-- The short name of the source: the publication it comes from, else the archive. -->
  <xsl:function name="ed:source-short" as="xs:string?">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="bibl" select="ed:source-bibl($doc)"/>
    <xsl:variable name="repository" select="ed:header($doc)//tei:msIdentifier/tei:repository"/>
    <xsl:sequence select="normalize-space(string(($bibl//tei:title[@level = ('m', 'j', 's')], $repository, $bibl//tei:title)[1]))[.]"/>
  </xsl:function>

  <!-- The archival identifiers, as a citation: repository, place, collection, box, folder... -->
  <xsl:function name="ed:archive-identifier" as="xs:string?">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="ms" select="(ed:header($doc)//tei:msDesc/tei:msIdentifier)[1]"/>
    <xsl:sequence select="string-join(($ms/tei:repository, $ms/tei:settlement, $ms/tei:collection, $ms/tei:idno, $ms/tei:msName)
                          ! normalize-space(.)[.], ', ')[.]"/>
  </xsl:function>

  <!-- Translators: responsibility statements whose resp speaks of translation. -->
  <xsl:function name="ed:translators" as="xs:string*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="statements" select="ed:header($doc)/tei:fileDesc/tei:titleStmt/tei:respStmt[matches(tei:resp, 'transl', 'i')]"/>
    <xsl:sequence select="distinct-values($statements/(tei:persName | tei:name | tei:orgName) ! normalize-space(.))"/>
  </xsl:function>

  <!-- Who sent and who received the document (correspDesc), as elements to render with their links. -->
  <xsl:function name="ed:correspondents" as="element()*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="type" as="xs:string"/>
    <xsl:sequence select="ed:header($doc)/tei:profileDesc/tei:correspDesc/tei:correspAction[@type = $type]/(tei:persName | tei:orgName | tei:name | tei:placeName)"/>
  </xsl:function>

  <xsl:function name="ed:language" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="(normalize-space($node/ancestor-or-self::*[@xml:lang][1]/@xml:lang)[.], 'en')[1]"/>
  </xsl:function>

  <!-- The edition's name and purpose: those the edition configuration gives (edition.yml), else what the
       encoded documents themselves say: the publisher most documents name, and the project description.
       Computed once per call (a page shows the title several times, and a collection of thousands of
       documents must not be scanned per page). -->
  <xsl:function name="ed:publishers" as="xs:string*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="ed:header($doc)/tei:fileDesc/tei:publicationStmt/tei:publisher ! normalize-space(.)[.]"/>
  </xsl:function>

  <!-- Every document's publishers, in collection order. The build passes them (src/publish/build.ts), so a
       per-document call needs only the files that document points to, not the whole parsed collection. -->
  <xsl:param name="publishers" as="xs:string*" select="$collection ! ?document ! ed:publishers(.)"/>

  <xsl:variable name="ed:edition-title" as="xs:string">
    <xsl:variable name="ranked" as="xs:string*">
      <xsl:perform-sort select="distinct-values($publishers)">
        <xsl:sort select="count($publishers[. = current()])" data-type="number" order="descending"/>
      </xsl:perform-sort>
    </xsl:variable>
    <xsl:sequence select="($edition?title, $ranked, 'TEI edition')[1]"/>
  </xsl:variable>

  <xsl:function name="ed:edition-title" as="xs:string">
    <xsl:sequence select="$ed:edition-title"/>
  </xsl:function>

  <!-- The title alone, for the build's cache keys (every page shows it). -->
  <xsl:template name="ed:edition-title">
    <xsl:sequence select="$ed:edition-title"/>
  </xsl:template>

  <xsl:function name="ed:project-descriptions" as="xs:string*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="ed:header($doc)/tei:encodingDesc/tei:projectDesc ! normalize-space(.)[.]"/>
  </xsl:function>

  <!-- Like $publishers: every document's project descriptions, in collection order. -->
  <xsl:param name="project-descriptions" as="xs:string*" select="$collection ! ?document ! ed:project-descriptions(.)"/>

  <xsl:variable name="ed:edition-purpose" as="xs:string?" select="($edition?description, $project-descriptions[1])[1]"/>

  <xsl:function name="ed:edition-purpose" as="xs:string?">
    <xsl:sequence select="$ed:edition-purpose"/>
  </xsl:function>

  <xsl:function name="ed:edition-subtitle" as="xs:string?">
    <xsl:sequence select="$edition?subtitle"/>
  </xsl:function>

  <!-- A list of the edition configuration ('editors', 'languages', 'language-names'); empty when not set. -->
  <xsl:function name="ed:edition-list" as="xs:string*">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="$edition($key) ! (if (. instance of array(*)) then array:flatten(.) else .) ! string(.)"/>
  </xsl:function>

  <!-- ===================================================================================== -->
  <!-- What the build needs to know about one file (src/publish/build.ts), without rendering  -->
  <!-- it: called with the file alone as $collection, cached by the file's bytes.            -->
  <!-- ===================================================================================== -->

  <!-- - references: every collection file this file's pointers could reach (any attribute, any token
         with a file part, resolved as ed:resolve resolves it): its pages depend on those files only;
       - publishers, project-descriptions: for the edition title and purpose;
       - date-key, title: the chronological order (edition.txt, home page, entry pages);
       - document: what the home page shows of an edition document;
       - mentions: what an entry page shows of each mention that may point to a register entry, with
         the entries it may point to ('targets', see ed:pointer-target);
       - entries: the file's register entries, each as XML (what its entry page and register list show).
       With these the collection pages are rendered without parsing any document (html.xsl's
       xsl:initial-template), and the build keys each page on exactly the data it shows. -->
  <xsl:template match="/" mode="ed:summary">
    <xsl:variable name="is-document" select="ed:is-edition-document(.)"/>
    <xsl:sequence select="map {
      'edition-document': $is-document,
      'publishers': array { ed:publishers(.) },
      'project-descriptions': array { ed:project-descriptions(.) },
      'date-key': if ($is-document) then ed:date-key(.) else '',
      'title': if ($is-document) then ed:title(.) else '',
      'references': array { distinct-values(ed:referenced-uris(.)) },
      'document': if ($is-document) then ed:document-summary(.) else map {},
      'mentions': array { if ($is-document) then ed:mention-summaries(.) else () },
      'entries': array { ed:entry-summaries(.) }
    }"/>
  </xsl:template>

  <xsl:function name="ed:referenced-uris" as="xs:string*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="base" select="ed:uri-of($source-path)"/>
    <xsl:sequence select="for $token in distinct-values($doc//@* ! tokenize(.))
                          return if (ed:is-relative-uri($token) and substring-before($token || '#', '#') != '')
                                 then ed:resolve-uri(substring-before($token || '#', '#'), $base) else ()"/>
  </xsl:function>

  <xsl:function name="ed:document-summary" as="map(*)">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="map {
      'path': $source-path, 'name': ed:document-name($doc, $source-path), 'date-key': ed:date-key($doc),
      'date-label': string(ed:date-label($doc)), 'title': ed:title($doc), 'lang': ed:language($doc/*),
      'source': string(ed:source-short($doc)), 'summary': string(ed:summary($doc))
    }"/>
  </xsl:function>

  <!-- A register entry as the build joins mentions to it: the URI of its file, '#', its xml:id. -->
  <xsl:function name="ed:entry-target" as="xs:string">
    <xsl:param name="uri" as="xs:string"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="$uri || '#' || $id"/>
  </xsl:function>

  <!-- The register entry a pointer of this file may reach (ed:entry-target), resolved as ed:resolve
       resolves it; a pointer into this file itself is checked here (it must reach a register entry). -->
  <xsl:function name="ed:pointer-target" as="xs:string?">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="file" select="substring-before($pointer || '#', '#')"/>
    <xsl:variable name="fragment" select="substring-after($pointer, '#')"/>
    <xsl:variable name="own-uri" select="ed:uri-of($source-path)"/>
    <xsl:variable name="uri" select="if (not($fragment) or not(ed:is-relative-uri($pointer))) then ()
                                     else if ($file = '') then $own-uri else ed:resolve-uri($file, $own-uri)"/>
    <xsl:sequence select="if (empty($uri)) then ()
                          else if ($uri = $own-uri and empty(key('ed:id', $fragment, $doc)[1][ed:is-register-entry(.)])) then ()
                          else ed:entry-target($uri, $fragment)"/>
  </xsl:function>

  <!-- Each mention (ed:mentions) that may reach a register entry: its targets, anchor, label and context
       (8 words each side), language, the number of the note it is in, and whether it is a metonym. -->
  <xsl:function name="ed:mention-summaries" as="map(*)*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="numbering" select="ed:numbering($doc)"/>
    <xsl:variable name="elements" select="ed:mentions($doc)"/>
    <!-- Each distinct pointer resolved once: a document names the same few entries again and again. -->
    <xsl:variable name="targets" as="map(xs:string, xs:string?)"
      select="map:merge(distinct-values($elements/@ref ! tokenize(.)) ! map { .: ed:pointer-target(., $doc) })"/>
    <xsl:variable name="mentions" as="map(*)*" select="$elements ! map { 'element': ., 'targets': tokenize(@ref) ! $targets(.) }"/>
    <xsl:variable name="mentions" select="$mentions[exists(?targets)]"/>
    <!-- Contexts block by block: each block's text is walked once, whatever its number of mentions. -->
    <xsl:variable name="contexts" as="map(*)">
      <xsl:map>
        <xsl:for-each-group select="$mentions ! ?element" group-by="generate-id(ed:context-block(.))">
          <xsl:variable name="block" select="ed:context-text(ed:context-items(ed:context-block(.)))"/>
          <xsl:for-each select="current-group()">
            <xsl:map-entry key="generate-id()" select="array { ed:context(., $block, 8) }"/>
          </xsl:for-each>
        </xsl:for-each-group>
      </xsl:map>
    </xsl:variable>
    <xsl:for-each select="$mentions">
      <xsl:variable name="targets" select="?targets"/>
      <xsl:for-each select="?element">
        <xsl:variable name="context" select="$contexts(generate-id())"/>
        <xsl:sequence select="map {
          'targets': array { $targets }, 'id': ed:mention-id(., $numbering), 'label': ed:plain(.),
          'before': $context(1), 'after': $context(2), 'lang': ed:language(.),
          'note': string(ancestor::tei:note[1] ! ed:note-number(., $numbering)), 'metonym': @type = 'metonym'
        }"/>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:function>

  <!-- The file's register entries: 'group' (one page per group: the first entry of a group wins), 'register',
       'target' (ed:entry-target, '' when another element of the file has its xml:id first: no pointer
       reaches it), 'page', and the entry's XML. -->
  <xsl:function name="ed:entry-summaries" as="map(*)*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:for-each select="$doc/descendant::*[self::tei:person or self::tei:place or self::tei:org][ed:is-register-entry(.)]">
      <xsl:sequence select="map {
        'group': ed:register-of(.) || '/' || @xml:id, 'register': ed:register-of(.), 'page': ed:entry-page(.),
        'target': if (key('ed:id', string(@xml:id), $doc)[1] is .) then ed:entry-target(ed:uri-of($source-path), @xml:id) else '',
        'xml': serialize(.)
      }"/>
    </xsl:for-each>
  </xsl:function>

  <!-- Where an element is, for error messages: /TEI[1]/text[1]/body[1]/div[2]/p[3] (xml:id "x"). -->
  <xsl:function name="ed:element-path" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="string-join(for $a in $element/ancestor-or-self::* return '/' || local-name($a) || '['
                            || count($a/preceding-sibling::*[node-name() eq node-name($a)]) + 1 || ']')
                          || (if ($element/@xml:id) then ' (xml:id &quot;' || $element/@xml:id || '&quot;)' else '')"/>
  </xsl:function>

  <!-- A failure while rendering an element becomes one error naming the innermost block element. -->
  <xsl:function name="ed:element-failed" as="item()*">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="code" as="xs:QName?"/>
    <xsl:param name="description" as="xs:string?"/>
    <xsl:sequence select="if ($code eq xs:QName('ed:element-failed')) then error($code, $description)
                          else error(xs:QName('ed:element-failed'), '&lt;' || local-name($element) || '&gt; at ' || ed:element-path($element) || ': ' || $description)"/>
  </xsl:function>

  <xsl:function name="ed:edition-info" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="string(($edition($key), 'unknown')[1])"/>
  </xsl:function>
</xsl:stylesheet>
