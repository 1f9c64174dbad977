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

  <!-- KEY INDEXES. The build keeps a key's index of a file for every later transformation of the same stylesheet that
       is given the file again (src/saxon keepKeyIndexes: a register file a worker keeps parsed is indexed once, not for
       every page that names its entries). So every xsl:key's match and use depend on the document alone: on no
       parameter ($collection, $source-path, $edition...), nor on a variable or function that reads one
       (test/saxon/kept-keys.test.ts checks it). -->
  <xsl:key name="ed:id" match="*[@xml:id]" use="string(@xml:id)"/>

  <!-- What the search needs of a file (its blocks, facets, register names): summary key 'search'. -->
  <xsl:include href="search.xsl"/>

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

  <!-- A document of the edition has a text to read. A register has none: only lists (in standOff), or a text
       that holds lists of register entries (entries with an xml:id) and nothing else to read but headings, nor
       paragraphs or blocks for it (as many projects keep their indices: <text><body><listPerson>...). -->
  <xsl:function name="ed:is-edition-document" as="xs:boolean">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="texts" select="ed:texts($doc)"/>
    <!-- The lists key first: it indexes elements only, and a document without lists of entries in its text is
         answered by it; the reading-text key (every text node, ≈10 % of a text edition) only for the others.
         Both keys are built once per file and transformation: registers ask this once per entry. -->
    <xsl:sequence select="exists($texts) and (empty(key('ed:entry-list', 'list', $doc)) or exists(key('ed:reading-text', 'text', $doc)))"/>
  </xsl:function>

  <!-- Lists of register entries (entries with an xml:id, or known by a URI: ed:is-identified): a text of lists of unnamed
       items is still a document. -->
  <xsl:key name="ed:entry-list" match="tei:text//tei:listPerson[*[ed:is-identified(.)]] | tei:text//tei:listPlace[*[ed:is-identified(.)]]
                                       | tei:text//tei:listOrg[*[ed:is-identified(.)]] | tei:text//tei:listBibl[*[ed:is-identified(.)]]
                                       | tei:text//tei:listEvent[*[ed:is-identified(.)]]" use="'list'"/>

  <!-- Text to read in a document's text, or a place made for it: text not in a list of entries, a heading, or
       what is not reading text (the header, index entries...); or, outside the lists, a paragraph, block, line
       group, line or speech, even an empty one (an EpiDoc inscription whose edition is still an empty <ab>, with
       its bibliography in a listBibl, is a document, not a register), or an include (a sitting whose debate is kept in
       files of its own, with the speakers in its back matter, is a document). Indexed once per document, and
       looked up only for a file with lists of entries in its text. -->
  <xsl:key name="ed:reading-text" use="'text'"
    match="tei:text//text()[normalize-space()][not(ancestor::tei:listPerson or ancestor::tei:listPlace or ancestor::tei:listOrg
           or ancestor::tei:listBibl or ancestor::tei:listEvent or ancestor::tei:head or ancestor::tei:teiHeader or ancestor::*[ed:is-identified-item(.)])]
         | tei:text//*[self::tei:p or self::tei:ab or self::tei:lg or self::tei:l or self::tei:sp or self::Q{http://www.w3.org/2001/XInclude}include][not(ancestor::tei:head or ancestor::tei:listPerson
           or ancestor::tei:listPlace or ancestor::tei:listOrg or ancestor::tei:listBibl or ancestor::tei:listEvent or ancestor::tei:teiHeader or ancestor::*[ed:is-identified-item(.)])]"/>

  <!-- An item of a list that has an xml:id of its own, which pointers reach: a record of something the project refers to,
       kept beside its persons and places, as Digital Mitford's site index keeps the animals, plants and works of art its
       texts name (<list><item xml:id="adder"><name>common European adder</name>…</item>). Like a register entry, it
       describes what the texts name; it is not text of its own to read, so a file of such lists and of register lists is
       a register. The same for an identified object or name in a listObject or listNym. -->
  <xsl:function name="ed:is-identified-item" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="exists($element[@xml:id][parent::tei:list or parent::tei:listObject or parent::tei:listNym])"/>
  </xsl:function>

  <!-- The text elements of a TEI or teiCorpus document (not the nested ones of a group: they are
       rendered as part of their outer text). -->
  <!-- A document transcribed as the source is laid out (TEI Guidelines 11.2.2: sourceDoc, its surfaces, zones and lines)
       has that transcription read in place of a text when it has none: its pages, in order. Beside a text it is the
       other view of the same words: the text is the one read (and counted, and searched), so that no word is there
       twice; the transcription of its pages is then not published. -->
  <xsl:function name="ed:texts" as="element()*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="$doc/(tei:TEI | tei:teiCorpus/descendant::tei:TEI)/(if (tei:text) then tei:text else tei:sourceDoc)"/>
  </xsl:function>

  <!-- The xi:include elements of a document's texts (ed:with-included reads what they include where they stand);
       those of the document being rendered or summarised found once. -->
  <xsl:function name="ed:text-includes" as="element()*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="if (exists($ed:source-document) and $doc is $ed:source-document) then $ed:text-includes
                          else ed:texts($doc)//Q{http://www.w3.org/2001/XInclude}include"/>
  </xsl:function>

  <xsl:variable name="ed:text-includes" as="element()*"
    select="$ed:source-document ! ed:texts(.)//Q{http://www.w3.org/2001/XInclude}include"/>

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
    <xsl:sequence select="if (map:contains($entry, 'document')) then (ed:sortable-date-key(ed:date-key($entry?document)), ed:title($entry?document), $entry?path)
                          else (ed:sortable-date-key($entry?date-key), $entry?title, $entry?path)"/>
  </xsl:function>

  <!-- A date key (ed:date-key) as a string that sorts chronologically by code points. A year before the common era
       is written with a minus sign ("-0480"), and as strings "-0480" sorts before "-0500", which is earlier: its
       digits are replaced by their complements to 9 over a fixed width ("-99999519" after "-99999499"), so that
       earlier years come first, while its month and day keep their order. src/chronology.ts does the same. -->
  <xsl:function name="ed:sortable-date-key" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="if (matches($key, '^-\d+')) then
                            let $year := replace($key, '^-(\d+).*$', '$1', 's')
                            return '-' || translate(substring('00000000', string-length($year) + 1) || $year, '0123456789', '9876543210')
                                   || substring($key, string-length($year) + 2)
                          else $key"/>
  </xsl:function>

  <!-- ===================================================================================== -->
  <!-- Register                                                                              -->
  <!-- ===================================================================================== -->

  <!-- What counts as a register entry, and the register (also the folder of its pages) each kind of entry
       belongs to. The edition rules agree on the registers they check (rules="yes"): schemas/edition.sch
       (pointer-kinds: a persName points to a person or personGrp...) and src/validation/rules/model.ts
       (ENTRY_ELEMENTS); a test reads all three. A play's characters are persons: the roles of its cast list
       (castList/castItem/role, Guidelines 7.1.4), which its speeches' @who point to. Works and events are published wherever a collection has
       them (a listBibl, a listEvent), and the edition's own rules do not look at them. -->
  <xsl:variable name="ed:register-table" as="element(ed:register)+">
    <ed:register name="persons" title="Persons" one="person" entries="person personGrp role" rules="yes"/>
    <ed:register name="places" title="Places" one="place" entries="place" rules="yes"/>
    <ed:register name="organisations" title="Organisations" one="organisation" entries="org" rules="yes"/>
    <ed:register name="works" title="Works" one="work" entries="bibl biblStruct" rules="no"/>
    <ed:register name="events" title="Events" one="event" entries="event" rules="no"/>
  </xsl:variable>

  <xsl:variable name="ed:registers" as="xs:string+" select="$ed:register-table ! string(@name)"/>

  <!-- The registers every page's navigation names: the three the edition always has, and works and events
       when the collection has entries of them (the build says which: $edition?registers). -->
  <xsl:variable name="ed:shown-registers" as="xs:string+"
    select="$ed:registers[. = ('persons', 'places', 'organisations') or . = ed:edition-list('registers')]"/>

  <xsl:variable name="ed:register-by-entry" as="map(xs:string, xs:string)"
    select="map:merge(for $register in $ed:register-table, $entry in tokenize($register/@entries) return map { $entry: string($register/@name) })"/>

  <!-- The lists that hold register entries (TEI's model.listLike for persons, places, organisations, works, events). -->
  <xsl:variable name="ed:register-lists" as="xs:string+" select="('listPerson', 'listPlace', 'listOrg', 'listBibl', 'listEvent')"/>

  <!-- Register entries: elements of those kinds with an xml:id, wherever a project keeps its register: in a
       file that is a register (ed:is-edition-document), in a standOff, in a document's back matter, in its
       header's particDesc or settingDesc. Works (bibl, biblStruct) only in a listBibl: a bibl elsewhere is a
       citation. Entries inside a document's running text are part of that text, but for a cast list's roles:
       a play prints its cast list (in its front matter, mostly) as text, and its roles are its characters. The same xml:id in many
       files (letters repeating their correspondents in their back matter) is one entry: the build joins
       them (src/publish/registers.ts). -->
  <xsl:function name="ed:is-register-entry" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="exists($element[namespace-uri() = 'http://www.tei-c.org/ns/1.0'][map:contains($ed:register-by-entry, local-name())][@xml:id or tei:idno]
                                  [not(self::tei:bibl or self::tei:biblStruct) or ancestor::tei:listBibl]
                                  [ancestor::tei:standOff or ancestor::tei:back or ancestor::tei:particDesc or ancestor::tei:settingDesc
                                   or self::tei:role or not(ed:is-edition-document(root(.)))]
                                  [ed:is-identified(.)])"/>
  </xsl:function>

  <!-- What a register entry is identified by: its xml:id, else the first URI it is known by (ed:entry-uris), as
       Syriaca.org's records have it (a <person> with no xml:id and <idno type="URI">http://syriaca.org/person/13</idno>,
       Guidelines 13.3.1: idno "supplies any form of identifier used to identify some object … in a standardized way").
       An entry of an xml:id keeps it (its page, its group), whatever URIs it has besides. -->
  <xsl:function name="ed:is-identified" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="exists($element/@xml:id) or exists($element/tei:idno[ed:is-entry-uri(normalize-space(.))])"/>
  </xsl:function>

  <xsl:function name="ed:entry-key" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="if ($entry/@xml:id) then string($entry/@xml:id) else string(($entry/tei:idno ! normalize-space(.)[ed:is-entry-uri(.)])[1] ! ed:uri-key(.))"/>
  </xsl:function>

  <!-- What names an entry on a page where it is described (the ids of its description, of its article): its xml:id, else
       its page's file name (ed:uri-file-name: no spaces, no markup). -->
  <xsl:function name="ed:entry-anchor" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="if ($entry/@xml:id) then string($entry/@xml:id) else ed:uri-file-name(ed:entry-key($entry))"/>
  </xsl:function>

  <!-- A list of register entries in a document's back matter: the document's own register, shown beside
       the text (html.xsl html:document-register), not as text of the reading (ed:kind: 'meta'). -->
  <xsl:function name="ed:is-register-list" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="local-name($element) = $ed:register-lists and namespace-uri($element) = 'http://www.tei-c.org/ns/1.0'
                          and exists($element/ancestor::tei:back) and exists($element/*[ed:is-register-entry(.)])"/>
  </xsl:function>

  <!-- The document's own register: the entries of its back matter's register lists (not those nested in
       other entries), each xml:id once, grouped by register in table order, sorted by ed:entry-sort-key. -->
  <xsl:function name="ed:document-register" as="element()*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="entries" select="ed:document-register-lists($doc)//*[ed:is-register-entry(.)][not(ancestor::*[ed:is-register-entry(.)])]"/>
    <xsl:for-each-group select="$entries" group-by="ed:register-of(.)">
      <xsl:sort select="index-of($ed:registers, current-grouping-key())"/>
      <xsl:for-each-group select="current-group()" group-by="ed:entry-key(.)">
        <xsl:sort select="ed:entry-sort-key(.)"/>
        <xsl:sequence select="."/>
      </xsl:for-each-group>
    </xsl:for-each-group>
  </xsl:function>

  <!-- The back matter's register lists of a document (outermost only). -->
  <xsl:function name="ed:document-register-lists" as="element()*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="ed:texts($doc)//tei:back//*[local-name() = $ed:register-lists][ed:is-register-list(.)][not(ancestor::*[ed:is-register-list(.)])]"/>
  </xsl:function>

  <!-- The register an entry belongs to: also the folder of its pages. -->
  <xsl:function name="ed:register-of" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="$ed:register-by-entry(local-name($entry))"/>
  </xsl:function>

  <xsl:function name="ed:register-title" as="xs:string">
    <xsl:param name="register" as="xs:string"/>
    <xsl:sequence select="string($ed:register-table[@name = $register]/@title)"/>
  </xsl:function>

  <!-- What one entry of a register is called in running words ("this person", "this organisation"). -->
  <xsl:function name="ed:register-member" as="xs:string">
    <xsl:param name="register" as="xs:string"/>
    <xsl:sequence select="string($ed:register-table[@name = $register]/@one)"/>
  </xsl:function>

  <!-- Where an entry's page is, relative to the site root: named by its xml:id (ed:file-name), else by the URI it is
       known by (ed:uri-file-name). -->
  <xsl:function name="ed:entry-page" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="ed:register-of($entry) || '/' || (if ($entry/@xml:id) then ed:file-name($entry/@xml:id) else ed:uri-file-name(ed:entry-key($entry))) || '.html'"/>
  </xsl:function>

  <!-- The file name of the page of an entry known by a URI (ed:uri-key's form of it), one to one: two URIs never share a
       name, and no such name is one of an xml:id (ed:file-name's letters, digits, ".", "_" and "-"), because each has a "~"
       or a "+". A web URI is its host, "~", and its path with "~" for each "/" (http://syriaca.org/person/13:
       "syriaca.org~person~13"; https://d-nb.info/gnd/118609807/: "d-nb.info~gnd~118609807"); any other is its scheme, "+"
       and the rest ("urn:isbn:978-3" is "urn+isbn_3A978-3"). Every character but ASCII letters, digits, "." and "-" is
       written as "_" and its UTF-8 bytes in hexadecimal ("_" itself "_5F", "~" "_7E"): no "/", no "..", no markup, no
       space. A name longer than 200 characters keeps its first 150 and a checksum of the whole (file systems allow 255). -->
  <xsl:function name="ed:uri-file-name" as="xs:string" visibility="public">
    <xsl:param name="key" as="xs:string"/>
    <xsl:variable name="web" select="starts-with($key, 'http://')"/>
    <xsl:variable name="rest" select="if ($web) then substring($key, 8) else substring-after($key, ':')"/>
    <xsl:variable name="authority" select="if ($web) then string(tokenize($rest, '[/?#]')[1]) else ''"/>
    <xsl:variable name="path" select="substring($rest, string-length($authority) + 1)"/>
    <xsl:variable name="name" select="if ($web) then ed:uri-name-part($authority) || '~' || ed:uri-name-part(if (starts-with($path, '/')) then substring($path, 2) else $path)
                                      else ed:uri-name-part(substring-before($key, ':')) || '+' || ed:uri-name-part($rest)"/>
    <xsl:sequence select="if (string-length($name) le 200) then $name else substring($name, 1, 150) || '+' || ed:checksum($name)"/>
  </xsl:function>

  <xsl:function name="ed:uri-name-part" as="xs:string">
    <xsl:param name="part" as="xs:string"/>
    <xsl:sequence select="replace(replace(replace(replace(encode-for-uri($part), '_', '%5F'), '~', '%7E'), '%2F', '~'), '%', '_')"/>
  </xsl:function>

  <!-- A checksum of a string (its code points, polynomial, modulo a prime below 2^31): tells apart long names that begin alike. -->
  <xsl:function name="ed:checksum" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:iterate select="string-to-codepoints($text)">
      <xsl:param name="sum" as="xs:integer" select="7"/>
      <xsl:on-completion select="string($sum)"/>
      <xsl:next-iteration><xsl:with-param name="sum" select="($sum * 31 + .) mod 2147483629"/></xsl:next-iteration>
    </xsl:iterate>
  </xsl:function>

  <xsl:function name="ed:entry-name" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <!-- Names with words: an empty <persName/> (a register's entry kept for its dates alone) names nobody. -->
    <xsl:variable name="names" select="$entry/(tei:persName | tei:placeName | tei:orgName | tei:name | tei:eventName | tei:title)[normalize-space()]"/>
    <!-- The main name, else a full one (att.personal's @full: ParlaMint names a party "CSQP" first, @full="init"), else the first. -->
    <xsl:variable name="name" select="($names[@type = ('main', 'pref')], $names[@full = 'yes'], $names)[1]"/>
    <!-- A role is named by its text ("HAMLET, Prince of Denmark"), without the descriptions ed:entry-record adds. -->
    <xsl:variable name="role-name" select="$entry/self::tei:role ! normalize-space(string-join((text() | *[not(self::tei:roleDesc)]) ! string(.)))"/>
    <xsl:sequence select="if (exists($name)) then ed:name-label($name)
                          else if ($role-name) then $role-name
                          else normalize-space(string(($entry/tei:label, $entry/tei:desc, $entry/tei:head, $entry/@n, $entry/@xml:id, ed:entry-key($entry))[normalize-space()][1]))"/>
  </xsl:function>

  <!-- What a cast list says of an entry: of a role, its castItem's roleDesc, else that of the nearest castGroup that
       has one ("servants to Baptista") or, failing that, the group's head ("friends of Mathias"; Guidelines 7.1.4);
       of a person or other entry, what the cast list says of the castItems and roles that are the same as it
       (@sameAs, as DraCor's cast lists point to the particDesc's persons), when both are in the document at hand (a
       register file's entries are described where they are kept). A record (ed:entry-record's copy) holds them
       itself, as roleDesc. -->
  <xsl:function name="ed:role-descriptions" as="element()*">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="if ($entry/tei:roleDesc) then $entry/tei:roleDesc
                          else if ($entry/self::tei:role) then ed:cast-descriptions($entry)
                          else if ($entry/@xml:id and root($entry) is $ed:source-document)
                          then key('ed:cast-by-sameAs', string($entry/@xml:id), $ed:source-document) ! ed:cast-descriptions(.)
                          else ()"/>
  </xsl:function>

  <xsl:key name="ed:cast-by-sameAs" match="tei:castItem[@sameAs] | tei:role[@sameAs]"
    use="tokenize(@sameAs)[starts-with(., '#')] ! substring(., 2)"/>

  <!-- Of a role or castItem (its cast list's member): its castItem's roleDesc, else its nearest castGroup's. -->
  <xsl:function name="ed:cast-descriptions" as="element()*">
    <xsl:param name="member" as="element()"/>
    <xsl:variable name="item" select="$member/ancestor-or-self::tei:castItem[1]"/>
    <xsl:sequence select="if ($item/tei:roleDesc) then $item/tei:roleDesc
                          else $member/ancestor::tei:castGroup[tei:roleDesc or tei:head][1]/(tei:roleDesc, tei:head)[1]"/>
  </xsl:function>

  <!-- An entry as its page and its register list read it (ed:entry-summaries' 'xml'): the entry itself, or a copy with
       what its page cannot find apart from the entry's file. What its cast list says of it (ed:role-descriptions), inside
       it as roleDesc. And, on each of its elements whose pointers (@ref, @key: ed:pointers) may reach a register entry
       (an affiliation's organisation, a birthplace), the targets they resolve to from the entry's file (ed:pointer-target:
       $targets, ed:record-targets) as @ed:targets: the build gives the page the name and page of each entry they reach,
       wherever the collection keeps it (EntryPage.links). -->
  <xsl:function name="ed:entry-record" as="element()">
    <xsl:param name="entry" as="element()"/>
    <xsl:param name="targets" as="map(xs:string, xs:string)"/>
    <xsl:variable name="descriptions" select="ed:role-descriptions($entry)[not(parent::* is $entry)]"/>
    <xsl:choose>
      <xsl:when test="exists($descriptions) or map:size($targets) gt 0">
        <xsl:copy select="$entry">
          <xsl:copy-of select="@*"/>
          <xsl:apply-templates select="node()" mode="ed:record"><xsl:with-param name="targets" select="$targets" tunnel="yes"/></xsl:apply-templates>
          <xsl:for-each select="$descriptions"><roleDesc xmlns="http://www.tei-c.org/ns/1.0"><xsl:copy-of select="@* except @xml:id, node()"/></roleDesc></xsl:for-each>
        </xsl:copy>
      </xsl:when>
      <xsl:otherwise><xsl:sequence select="$entry"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- The elements inside an entry whose pointers may reach register entries: generate-id → their targets
       (ed:pointer-target, space-separated), resolved from the entry's own file. -->
  <xsl:function name="ed:record-targets" as="map(xs:string, xs:string)">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="doc" select="root($entry)"/>
    <xsl:sequence select="map:merge($entry/descendant::*[@ref or @key] ! (let $targets := distinct-values(ed:pointers(.) ! ed:pointer-target(., $doc))
                                                                          return if (exists($targets)) then map { generate-id(.): string-join($targets, ' ') } else ()))"/>
  </xsl:function>

  <xsl:mode name="ed:record" on-no-match="shallow-copy"/>

  <xsl:template match="*[@ref or @key]" mode="ed:record">
    <xsl:param name="targets" as="map(xs:string, xs:string)" tunnel="yes"/>
    <xsl:copy>
      <xsl:copy-of select="@*"/>
      <xsl:variable name="mine" select="$targets(generate-id(.))"/>
      <xsl:if test="exists($mine)"><xsl:attribute name="ed:targets" select="$mine"/></xsl:if>
      <xsl:apply-templates select="node()" mode="#current"/>
    </xsl:copy>
  </xsl:template>

  <!-- How registers sort: by surname where the entry's name has one, then by the name as shown. (An entry without
       a surname has no empty first part: " mate" would sort before every surname.) -->
  <xsl:function name="ed:entry-sort-key" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="name" select="$entry/tei:persName[tei:surname][1]"/>
    <xsl:sequence select="lower-case(string-join((($name/tei:surname)[1] ! normalize-space(.)[.], ed:entry-name($entry)), ' '))"/>
  </xsl:function>

  <!-- A name as an index lists it: a persName of a surname and forenames only ("Schnitzler, Arthur" when the
       surname comes first, "Peter Altenberg" when the forename does); a name of parts with nothing between
       them, its parts with a space between; else its text as written ("Gromyko, Andrei"). An empty part is no part
       (Digital Mitford's <persName><surname/><forename>Sophy</forename></persName>: "Sophy", not ", Sophy"). -->
  <xsl:function name="ed:name-label" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="parts" select="$name/*[normalize-space()]"/>
    <xsl:sequence select="if ($name/self::tei:persName and exists($parts[self::tei:surname]) and exists($parts[self::tei:forename])
                              and empty($name/text()[normalize-space()]) and empty($parts[not(self::tei:surname or self::tei:forename or self::tei:addName or self::tei:nameLink or self::tei:genName or self::tei:roleName)])
                              and $parts[1]/self::tei:surname)
                          then normalize-space(string-join($parts[self::tei:surname], ' ')) || ', ' || normalize-space(string-join($parts[not(self::tei:surname)], ' '))
                          else if (empty($name/text()[normalize-space()])) then normalize-space(string-join($parts ! string(.), ' '))
                          else normalize-space(string($name))"/>
  </xsl:function>

  <!-- The one-line description shown on hover/focus of a mention or a speaker label, and in register lists. A page
       describes the same few entries at every mention of them: those its pointers and its speeches reach are
       described once ($ed:entry-descriptions). -->
  <xsl:function name="ed:entry-description" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="known" select="$ed:entry-descriptions(generate-id($entry))"/>
    <xsl:sequence select="if (exists($known)) then $known else ed:describe-entry($entry)"/>
  </xsl:function>

  <xsl:variable name="ed:entry-descriptions" as="map(xs:string, xs:string)"
    select="map:merge(($ed:ref-entries?*, $ed:speaker-entries?*) ! map { generate-id(.): ed:describe-entry(.) }, map { 'duplicates': 'use-first' })"/>

  <xsl:function name="ed:describe-entry" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="life" select="ed:entry-dates($entry)"/>
    <xsl:variable name="authors" select="ed:work-authors($entry, true()) ! normalize-space(.)"/>
    <xsl:variable name="note" select="if (exists($authors)) then string-join(distinct-values($authors), '; ')
                                      else normalize-space(($entry/tei:note, $entry/tei:occupation, $entry/tei:desc, ed:role-descriptions($entry))[1])"/>
    <xsl:sequence select="string-join((ed:entry-name($entry) || (if ($life) then ' (' || $life || ')' else ''), $note[.]), ': ')"/>
  </xsl:function>

  <!-- Who wrote a work (an entry of the Works register: a bibl, or a biblStruct's analytic or monogr), and with $editors
       who edited it. None of another entry: the bibls a person's or a place's record cites (Syriaca.org's <bibl> of
       its sources in each <person>) are about it, their authors not its. -->
  <xsl:function name="ed:work-authors" as="element()*">
    <xsl:param name="entry" as="element()"/>
    <xsl:param name="editors" as="xs:boolean"/>
    <xsl:sequence select="$entry[ed:register-of(.) = 'works']/(tei:author | tei:editor[$editors] | */tei:author | */tei:editor[$editors])[normalize-space()]"/>
  </xsl:function>

  <xsl:function name="ed:entry-dates" as="xs:string?">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="birth" select="ed:event-date(($entry/tei:birth, $entry/tei:floruit)[1])"/>
    <xsl:variable name="death" select="ed:event-date($entry/tei:death[1])"/>
    <!-- Full dates read better with a spaced dash: "1 October 1924 – 29 December 2024", "1906–1982". -->
    <xsl:variable name="dash" select="if (contains($birth, ' ') or contains($death, ' ')) then ' – ' else '–'"/>
    <xsl:sequence select="if ($birth or $death) then ($birth, '')[1] || $dash || ($death, '')[1]
                          else ed:event-date(($entry/self::tei:event, $entry/self::tei:bibl, $entry/self::tei:biblStruct)[1])"/>
  </xsl:function>

  <!-- The date of a birth, death or event: its attributes, else those of its date, else its own words (not
       those of the place it names). -->
  <xsl:function name="ed:event-date" as="xs:string?">
    <xsl:param name="event" as="element()?"/>
    <xsl:variable name="dates" select="$event/(tei:date | tei:monogr/tei:imprint/tei:date)[1]"/>
    <xsl:sequence select="($event/(@when, @notBefore, @from), $dates/(@when, @notBefore, @from, @when-iso, @notBefore-iso),
                           $dates[normalize-space()], $event[empty(*)][normalize-space()][not(self::tei:bibl or self::tei:biblStruct or self::tei:event)])[1]
                          ! ed:iso-date-label(normalize-space(.))"/>
  </xsl:function>

  <!-- An ISO 8601 date as readers write it: "1 October 1924", "October 1924", "1924", "79" for "0079"; a year before
       the common era as "480 BCE" for "-0480", the reading of EpiDoc and XML Schema 1.0 (no year 0); anything else
       unchanged. -->
  <xsl:function name="ed:iso-date-label" as="xs:string">
    <xsl:param name="iso" as="xs:string"/>
    <!-- The pattern first: a failed cast costs SaxonJS an error object with its stack (≈0.1 ms), and most dates
         of a register are years. -->
    <xsl:sequence select="
      if (matches($iso, '^\d{4}-\d{2}-\d{2}$') and $iso castable as xs:date) then format-date(xs:date($iso), '[D] [MNn] [Y]', 'en', (), ())
      else if (matches($iso, '^\d{4}-(0[1-9]|1[0-2])$')) then format-date(xs:date($iso || '-01'), '[MNn] [Y]', 'en', (), ())
      else if (matches($iso, '^\d{4}$')) then replace($iso, '^0+(.)', '$1')
      else if (matches($iso, '^-\d{4,}$')) then replace($iso, '^-0*', '') || ' BCE'
      else $iso"/>
  </xsl:function>

  <!-- ===================================================================================== -->
  <!-- Relations and what a register says of its entries (Guidelines 13.3)                   -->
  <!-- ===================================================================================== -->

  <!-- A file's relations (relation, Guidelines 13.3.2.3, wherever it keeps them: a listRelation of a listPerson or
       listOrg, a standOff, a particDesc), as the build needs them to show each on the pages of the register entries it
       relates (src/publish/registers.ts, RegisterIndex.relationsOf): 'xml', the relation (its name, dates and desc: what
       the pages word); 'parties', each pointer of it in the encoder's order, map { 'side': 'active', 'passive' or
       'mutual', 'pointer': as written, 'target': where it may lead (ed:pointer-target), '' where nowhere in the
       collection }. A relation with @active and neither @passive nor @mutual holds among all its active parties (the
       Guidelines' reading of @active): they are mutual. Only relations of which a party may be a register entry: no
       page could show the others (a play's link to its Wikidata item). -->
  <xsl:function name="ed:relation-summaries" as="map(*)*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:for-each select="$doc//tei:relation">
      <xsl:variable name="mutual" select="exists(@mutual) or (exists(@active) and empty(@passive))"/>
      <xsl:variable name="parties" as="map(*)*" select="
        for $side in ('active', 'passive', 'mutual'),
            $pointer in tokenize(if ($side = 'mutual') then string((@mutual, @active[$mutual])[1]) else if ($mutual) then '' else string(@*[local-name() = $side]))
        return map { 'side': $side, 'pointer': $pointer,
                     'target': string(ed:pointer-target(if (contains($pointer, ':')) then ed:expand-pointer($pointer, $doc) else $pointer, $doc)) }"/>
      <xsl:if test="$parties?target != ''">
        <xsl:sequence select="map { 'xml': serialize(.), 'parties': array { $parties } }"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:function>

  <!-- A name of a kind of relation or role as a label: the last part of a URI or prefixed name ("snap:ChildOf"), its
       words apart (at "_", "-", "." and where a capital follows a small letter), the first capitalised, a capitalised
       word after it in small letters: "parent" → "Parent", "parent_of" → "Parent of", "deputyHead" → "Deputy head",
       "P89_falls_within" → "P89 falls within". -->
  <xsl:function name="ed:readable-name" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:variable name="last" select="string((tokenize(normalize-space($name), '[/#:\s]')[.])[last()])"/>
    <xsl:variable name="words" select="tokenize(replace(replace($last, '(\p{Ll})(\p{Lu})', '$1 $2'), '[_.\-]+', ' '))"/>
    <xsl:sequence select="string-join((upper-case(substring($words[1], 1, 1)) || substring($words[1], 2),
                                       subsequence($words, 2) ! (if (matches(., '^\p{Lu}\p{Ll}+$')) then lower-case(.) else .)), ' ')"/>
  </xsl:function>

  <!-- The words that end a relation's name when it says itself how it relates its parties ("parent_of", "falls within"). -->
  <xsl:variable name="ed:relation-prepositions" as="xs:string+"
    select="('of', 'to', 'with', 'by', 'for', 'from', 'in', 'on', 'at', 'as', 'within', 'into', 'about', 'under', 'over', 'after', 'before')"/>

  <!-- What a relation is to one of its parties ($side: its side; $register: that of the page's entry), as the label of
       its other parties on that party's page. The Guidelines read a relation "p1 is supervisor of p2, p3 and p4": its
       name (@name, else the last part of @ref or @key: ed:readable-name; "Relation" where it has none) is what the active
       parties are to the passive ones. So to a mutual party the name ("Spouses", "Coalition"); to an active party the
       name "of" the passive ones ("Parent of", "Supervisor of"), unless the name says how itself: it ends in a
       preposition or an -ing form, or begins with "is" or "has" ("Parent of" for parent_of, "Representing", "Has
       child"); to a passive party what the active ones are to it: the name ("Parent", "Supervisor"), or, where the name
       says how, that they are so to this entry ("Parent of this person", "Representing this organisation": ed:relation-to-this).
       A name of the vocabularies that say what their relations are from both sides ($ed:relation-vocabulary: SKOS's
       broader is "Within" to the narrower place, "Contains" to the broader one) is worded as they say; no other inverse
       is made up ("child of" for an unknown "guardian"): the encoder's name is then the only wording. -->
  <xsl:function name="ed:relation-label" as="xs:string">
    <xsl:param name="relation" as="element()"/>
    <xsl:param name="side" as="xs:string"/>
    <xsl:param name="register" as="xs:string"/>
    <xsl:variable name="name" select="(($relation/@name, $relation/@ref, $relation/@key) ! ed:readable-name(.))[.][1]"/>
    <xsl:variable name="known" select="$name ! $ed:relation-vocabulary(lower-case(replace(., '[^\p{L}\p{N}]', '')))"/>
    <xsl:variable name="words" select="tokenize(lower-case($name))"/>
    <xsl:variable name="worded" select="$words[last()] = $ed:relation-prepositions or ends-with($words[last()], 'ing') or $words[1] = ('is', 'has', 'was', 'had')"/>
    <xsl:sequence select="if (empty($name)) then 'Relation'
                          else if ($side = 'mutual') then $name
                          else if (exists($known)) then (if ($side = 'active') then $known?1 else $known?2)
                          else if ($side = 'active') then (if ($worded) then $name else $name || ' of')
                          else if ($worded) then ed:relation-to-this($name, $words, ed:register-member($register))
                          else $name"/>
  </xsl:function>

  <!-- Relations whose vocabularies say what they are from either side, as a page of the active party and one of a
       passive party word them: what this entry is to the others listed ("Within: Osrhoene" on Edessa's page, "Contains:
       Edessa" on Osrhoene's). By the last part of the name, in small letters without separators, whatever its namespace
       or spelling (skos:broader, Syriaca.org's http://syriaca.org/taxonomy/broader; P89_falls_within; parent_of,
       snap:ParentOf, child-of). RDF properties read "subject property object", the active party the subject: SKOS's
       broader (W3C SKOS Reference 8.6: "has broader concept") and its transitive and mapping forms, related and the
       matches (symmetric); containment in plain words (the Guidelines' test of places: name="contains", name="partOf"); Dublin Core's isPartOf/hasPart and source ("derived from"); CIDOC CRM's P89 falls within / P89i
       contains and P46 is composed of / P46i forms part of (the Guidelines' example of relation); and the converses of kinship,
       teaching and employment of SNAP, the RELATIONSHIP vocabulary and projects' "x-of" names. A symmetric relation reads
       alike from both sides. -->
  <xsl:variable name="ed:relation-vocabulary" as="map(xs:string, array(xs:string))">
    <xsl:variable name="terms" as="element(ed:term)+">
      <ed:term names="broader broadertransitive p89fallswithin fallswithin within containedwithin containedin" active="Within" passive="Contains"/>
      <ed:term names="narrower narrowertransitive p89icontains contains" active="Contains" passive="Within"/>
      <ed:term names="broadmatch" active="Broader match" passive="Narrower match"/>
      <ed:term names="narrowmatch" active="Narrower match" passive="Broader match"/>
      <ed:term names="related" active="Related" passive="Related"/>
      <ed:term names="relatedmatch" active="Related match" passive="Related match"/>
      <ed:term names="closematch" active="Close match" passive="Close match"/>
      <ed:term names="exactmatch" active="Exact match" passive="Exact match"/>
      <ed:term names="ispartof p46iformspartof formspartof partof" active="Part of" passive="Has part"/>
      <ed:term names="haspart p46iscomposedof iscomposedof" active="Has part" passive="Part of"/>
      <ed:term names="source" active="Derived from" passive="Source of"/>
      <ed:term names="parentof" active="Parent of" passive="Child of"/>
      <ed:term names="fatherof" active="Father of" passive="Child of"/>
      <ed:term names="motherof" active="Mother of" passive="Child of"/>
      <ed:term names="childof" active="Child of" passive="Parent of"/>
      <ed:term names="sonof" active="Son of" passive="Parent of"/>
      <ed:term names="daughterof" active="Daughter of" passive="Parent of"/>
      <ed:term names="siblingof" active="Sibling of" passive="Sibling of"/>
      <ed:term names="brotherof" active="Brother of" passive="Sibling of"/>
      <ed:term names="sisterof" active="Sister of" passive="Sibling of"/>
      <ed:term names="spouseof" active="Spouse of" passive="Spouse of"/>
      <ed:term names="husbandof" active="Husband of" passive="Spouse of"/>
      <ed:term names="wifeof" active="Wife of" passive="Spouse of"/>
      <ed:term names="studentof pupilof discipleof" active="Student of" passive="Teacher of"/>
      <ed:term names="teacherof" active="Teacher of" passive="Student of"/>
      <ed:term names="employerof" active="Employer of" passive="Employed by"/>
      <ed:term names="employedby" active="Employed by" passive="Employer of"/>
    </xsl:variable>
    <xsl:sequence select="map:merge(for $term in $terms, $name in tokenize($term/@names) return map { $name: [string($term/@active), string($term/@passive)] })"/>
  </xsl:variable>

  <!-- A worded relation's name to a passive party, said of it: "Acquaintance of this person"; a name that ends in what the
       party is says so once (Syriaca.org's has-relation-to-place: "Has relation to this place", not "… to place this place"). -->
  <xsl:function name="ed:relation-to-this" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="words" as="xs:string*"/>
    <xsl:param name="member" as="xs:string"/>
    <xsl:sequence select="if ($words[last()] eq lower-case($member)) then replace($name, '\s*\S+$', '') || ' this ' || $member
                          else $name || ' this ' || $member"/>
  </xsl:function>

  <!-- When something held (an affiliation, an occupation, a relation), as the edition writes dates (ed:iso-date-label,
       a spaced dash between full dates as in ed:entry-dates): "1977–1981", "29 October 1999 – 2 August 2014", "from 2019",
       "until 1945", "1914"; from @when, else @from and @to, else @notBefore and @notAfter (or their -iso forms). -->
  <xsl:function name="ed:period-label" as="xs:string?">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="when" select="($element/@when, $element/@when-iso)[normalize-space()][1]"/>
    <xsl:variable name="start" select="($element/@from, $element/@from-iso, $element/@notBefore, $element/@notBefore-iso)[normalize-space()][1] ! ed:iso-date-label(normalize-space(.))"/>
    <xsl:variable name="end" select="($element/@to, $element/@to-iso, $element/@notAfter, $element/@notAfter-iso)[normalize-space()][1] ! ed:iso-date-label(normalize-space(.))"/>
    <xsl:sequence select="if ($when) then ed:iso-date-label(normalize-space($when))
                          else if ($start and $end) then $start || (if (contains($start, ' ') or contains($end, ' ')) then ' – ' else '–') || $end
                          else if ($start) then 'from ' || $start
                          else if ($end) then 'until ' || $end
                          else ()"/>
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
        <xsl:sequence select="if ($fragment) then (key('ed:id', $fragment, $doc)[1], ed:collection-entry($fragment))[1] else ()"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="target-uri" select="ed:resolve-uri($file, ed:uri-of($path))"/>
        <xsl:variable name="target" select="if (exists($target-uri)) then $ed:documents-by-uri($target-uri) else ()"/>
        <xsl:sequence select="if (exists($target)) then (if ($fragment) then key('ed:id', $fragment, $target)[1] else $target)
                              else if (ed:is-bare-id($pointer)) then ed:resolve('#' || $pointer, $doc, $path)[. instance of element()][ed:is-register-entry(.)]
                              else ()"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- A pointer that is a name alone ("pmb50": no "#", no "/", no scheme), which as a URI is a relative reference to a
       file of that name (Guidelines 16.2.1: teidata.pointer is any URI), and not one of the collection's files (they are
       *.xml: src/collection). Where a register entry has that xml:id, the encoder meant "#pmb50" (schnitzler-briefe writes
       both): the pointer reaches the entry as "#pmb50" would, and the validator says to write "#pmb50" (edition.sch:
       pointer-missing-hash). A name of a file ("letter2.xml"), or of an element that is no register entry, keeps the
       pointer what it is. -->
  <xsl:function name="ed:is-bare-id" as="xs:boolean" visibility="public">
    <xsl:param name="pointer" as="xs:string"/>
    <!-- The pattern first: a failed cast costs SaxonJS an error object ("1898-01-16", a date some projects point to). -->
    <xsl:sequence select="not(matches($pointer, '^[0-9.\-]|[\s:/#?%]')) and $pointer castable as xs:NCName and not(ends-with(lower-case($pointer), '.xml'))"/>
  </xsl:function>

  <xsl:function name="ed:resolve-uri" as="xs:string?">
    <xsl:param name="relative" as="xs:string"/>
    <xsl:param name="base" as="xs:string"/>
    <xsl:try>
      <xsl:sequence select="string(resolve-uri($relative, $base))"/>
      <xsl:catch/>
    </xsl:try>
  </xsl:function>

  <!-- The register entries an element points at (ed:pointers). In the document being rendered, each distinct
       pointer is resolved once ($ed:ref-entries), and each element's pointers are read once ($ed:element-pointers). -->
  <xsl:function name="ed:entries-of" as="element()*">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="path" as="xs:string"/>
    <xsl:sequence select="if ($path = $source-path and root($element) is $ed:source-document) then $ed:element-pointers(generate-id($element))?* ! $ed:ref-entries(.)
                          else for $p in ed:pointers($element) return ed:register-entry($p, root($element), $path)"/>
  </xsl:function>

  <!-- The register entries a speech's speakers (ed:speakers) are, each once. In the document being rendered, each
       distinct speaker is resolved once ($ed:speaker-entries): a play's speeches name its few characters again and again. -->
  <xsl:function name="ed:speaker-entries" as="element()*">
    <xsl:param name="speech" as="element()"/>
    <xsl:param name="path" as="xs:string"/>
    <xsl:sequence select="(if ($path = $source-path and root($speech) is $ed:source-document) then ed:speakers($speech) ! $ed:speaker-entries(.)
                           else ed:speakers($speech) ! ed:register-entry(., root($speech), $path))/."/>
  </xsl:function>

  <xsl:variable name="ed:speaker-entries" as="map(xs:string, element()?)"
    select="map:merge(distinct-values($ed:source-document//*[@who][ed:is-speech(.)] ! ed:speakers(.)) ! map { .: ed:register-entry(., $ed:source-document, $source-path) })"/>

  <!-- What an element names something with: the pointers of its @ref (space-separated, prefixes expanded:
       ed:expand-pointer), else its @key as a key pointer (ed:key-pointer). A pointer without a colon has no prefix to
       expand: it is taken as it is, without asking ed:expand-pointer. A @ref token that begins with "@" (a relative
       URI, in theory) is written "./@…", which is the same URI and no key pointer. -->
  <xsl:function name="ed:pointers" as="xs:string*">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="if ($element/@ref) then tokenize($element/@ref) ! (if (contains(., ':')) then ed:expand-pointer(., root($element)) else if (starts-with(., '@')) then './' || . else .)
                          else if (normalize-space($element/@key)) then ed:key-pointer(normalize-space($element/@key)) else ()"/>
  </xsl:function>

  <!-- A @key (att.canonical, Guidelines 13.1.1: "an externally-defined means of identifying the entity … using a coded
       value of some kind") as a pointer and as the target the build joins it by (MentionSummary.targets): "@" and the
       key (whitespace normalised, case kept) with "%" as "%25" and " " as "%20" (no space: targets are space-separated in
       @ed:targets; no other pointer or target begins with "@"). An xml:id, which has neither, is its own key form, so "@"
       and the id is the key pointer of the entry of that id. The edition looks the code up in its own register
       (ed:key-entry; src/publish/registers.ts for the build): the entry whose xml:id it is, else the one whose @n it is
       (the Escher letters: key="Mater Jakob van", <person xml:id="Mater-Jakob-van" n="Mater Jakob van">), else the
       one with an idno of that value (ed:entry-keys). -->
  <xsl:function name="ed:key-pointer" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="'@' || replace(replace($key, '%', '%25'), ' ', '%20')"/>
  </xsl:function>

  <xsl:function name="ed:is-key-pointer" as="xs:boolean">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:sequence select="starts-with($pointer, '@')"/>
  </xsl:function>


  <xsl:key name="ed:prefix" match="tei:teiHeader//tei:prefixDef[@ident][@matchPattern][@replacementPattern]" use="string(@ident)"/>

  <!-- A pointer in a private URI scheme the document declares (prefixDef: "psn:goethe" with matchPattern
       "([a-z]+)" and replacementPattern "persons.xml#$1") as the pointer it stands for; any other unchanged.
       The first prefixDef of the prefix whose pattern matches the whole rest wins; a bad pattern is skipped. -->
  <xsl:function name="ed:expand-pointer" as="xs:string">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="prefix" select="substring-before($pointer, ':')"/>
    <xsl:variable name="definitions" select="if ($prefix and $doc instance of document-node()) then key('ed:prefix', $prefix, $doc) else ()"/>
    <xsl:variable name="rest" select="substring-after($pointer, ':')"/>
    <xsl:variable name="expanded" as="xs:string*">
      <xsl:for-each select="$definitions">
        <xsl:try>
          <xsl:variable name="pattern" select="'^(?:' || @matchPattern || ')$'"/>
          <xsl:sequence select="if (matches($rest, $pattern)) then replace($rest, $pattern, @replacementPattern) else ()"/>
          <xsl:catch/>
        </xsl:try>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="($expanded, $pointer)[1]"/>
  </xsl:function>

  <!-- A register entry of any file of $collection with this xml:id: where a "#id" pointer leads when its own
       file has no such element (the project keeps its register in other files, ids unique across them). -->
  <xsl:function name="ed:collection-entry" as="element()?">
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="($collection ! key('ed:id', $id, ?document)[ed:is-register-entry(.)])[1]"/>
  </xsl:function>

  <!-- The register entry a pointer (prefixes expanded: ed:pointers) reaches: by its place in the collection, or, a
       pointer that is an absolute URI, the entry known by that URI (ed:uri-entry), or, a key pointer (@key), the entry
       it is the key of (ed:key-entry). -->
  <xsl:function name="ed:register-entry" as="element()?">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="path" as="xs:string"/>
    <xsl:sequence select="if (ed:is-key-pointer($pointer)) then ed:key-entry($pointer, $doc)
                          else if (ed:is-entry-uri($pointer)) then ed:uri-entry(ed:uri-key($pointer), $doc)
                          else ed:resolve($pointer, $doc, $path)[. instance of element()][ed:is-register-entry(.)][1]"/>
  </xsl:function>

  <!-- The URIs a register entry is known by: the values of its own idno elements (not those of a source it cites)
       that are absolute URIs (ed:is-entry-uri), in document order, each in the form they are matched in (ed:uri-key):
       Syriaca.org's <idno type="URI">http://syriaca.org/person/13</idno>, a letter edition's
       <idno type="gnd">https://d-nb.info/gnd/118609807/</idno>. A pointer that is one of them (after its prefix is
       expanded: prefixDef, Guidelines 16.2.3) reaches the entry, as "#id" reaches it by its xml:id: Syriaca's
       <relation active="http://syriaca.org/person/13" …>, a letter's <persName ref="http://d-nb.info/gnd/118609807">.
       Only a join key: the URI is never a link the edition makes of it (an idno's link is ed:safe-href's). -->
  <xsl:function name="ed:entry-uris" as="xs:string*">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="distinct-values($entry/tei:idno ! normalize-space(.)[ed:is-entry-uri(.)] ! ed:uri-key(.))"/>
  </xsl:function>

  <!-- A URI in the form pointers and idnos are matched in, the one place that decides when two URIs name the same
       entry (src/validation/rules/model.ts uriKey is the same for the validator): the scheme in small letters, "https"
       as "http", the host in small letters (RFC 3986, 6.2.2.1: both are case-insensitive), and no "/" at the end of its
       path (6.2.3: authority files write https://d-nb.info/gnd/118609807/ and http://d-nb.info/gnd/118609807 alike,
       VIAF and Wikidata with either scheme). The path's letters keep their case: /entity/Q42 and /entity/q42 differ. -->
  <xsl:function name="ed:uri-key" as="xs:string" visibility="public">
    <xsl:param name="uri" as="xs:string"/>
    <xsl:variable name="scheme" select="lower-case(substring-before($uri, ':'))"/>
    <xsl:variable name="rest" select="substring-after($uri, ':')"/>
    <xsl:variable name="web" select="$scheme = ('http', 'https') and starts-with($rest, '//')"/>
    <xsl:variable name="authority" select="if ($web) then string(tokenize(substring($rest, 3), '[/?#]')[1]) else ''"/>
    <xsl:variable name="written" select="if ($web) then 'http://' || lower-case($authority) || substring($rest, 3 + string-length($authority)) else $scheme || ':' || $rest"/>
    <xsl:sequence select="replace($written, '^([^?#]*?)/+([?#].*)?$', '$1$2')"/>
  </xsl:function>

  <!-- An absolute URI (a scheme, then no space): what may name an entry by its idno. Not one of the collection's own
       (ed:uri-of), which a pointer reaches by its place: a file's URI written out is no identifier of an entry. -->
  <xsl:function name="ed:is-entry-uri" as="xs:boolean">
    <xsl:param name="uri" as="xs:string"/>
    <xsl:sequence select="matches($uri, '^[A-Za-z][A-Za-z0-9+.\-]*:\S+$') and not(starts-with($uri, $ed:collection-base))"/>
  </xsl:function>

  <xsl:key name="ed:idno" match="tei:idno[map:contains($ed:register-by-entry, local-name(..))]" use="normalize-space(.)[ed:is-entry-uri(.)] ! ed:uri-key(.)"/>

  <!-- The register entry known by this URI (ed:entry-uris; $uri as ed:uri-key gives it) in $doc, else in the first file of $collection that has
       one, as "#id" finds an entry kept elsewhere (ed:collection-entry): the build gives a document's pages the file
       of the entry each of its URIs reaches (src/publish/registers.ts registerFilesFor). -->
  <xsl:function name="ed:uri-entry" as="element()?">
    <xsl:param name="uri" as="xs:string"/>
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="(($doc, $collection?document) ! key('ed:idno', $uri, .)/..[ed:is-register-entry(.)])[1]"/>
  </xsl:function>

  <!-- The codes a register entry may be looked up by as a @key (ed:key-pointer), in the order a key is looked up by:
       its @n, and the values of its own idno elements (whatever their type: a project's numbers, "gnd:118609807"), each
       in key pointer form; its xml:id is looked up first (ed:key-entry), and is not among them. The build joins keys by
       them (EntrySummary.n, EntrySummary.idnos: src/publish/registers.ts). -->
  <xsl:function name="ed:entry-n-key" as="xs:string?">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="$entry/@n ! normalize-space(.)[.] ! ed:key-pointer(.)"/>
  </xsl:function>

  <xsl:function name="ed:entry-idno-keys" as="xs:string*">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="distinct-values($entry/tei:idno ! normalize-space(.)[.] ! ed:key-pointer(.))"/>
  </xsl:function>

  <!-- Register entries by what a key pointer may name besides an xml:id (ed:id, the index every pointer uses): "2" and
       its @n's key form, "3" and each idno's. One index for both (a register of thousands of entries is indexed once for
       a document's keys, and only for a key that is no entry's xml:id), its elements by name (ed:register-table's
       entries), which SaxonJS matches far faster than a test on every element's name. -->
  <xsl:key name="ed:entry-code" match="(tei:person | tei:personGrp | tei:role | tei:place | tei:org | tei:bibl | tei:biblStruct | tei:event)[@n or tei:idno]"
    use="(ed:entry-n-key(.) ! ('2' || .), ed:entry-idno-keys(.) ! ('3' || .))"/>

  <!-- The register entry a key pointer reaches: the entry of that xml:id (a key of neither "%" nor " ": its key form is
       "@" and the id), else the entry whose @n is the key, else the entry with an idno of that value, each in $doc, else
       in the first file of $collection that has one (as "#id" finds an entry kept elsewhere: ed:collection-entry; the
       build gives a document's pages the file of the entry each of its keys reaches: src/publish/registers.ts
       registerFilesFor). A key two entries share reaches the first; the build warns where a pointer uses it
       (register-key-ambiguous). -->
  <xsl:function name="ed:key-entry" as="element()?">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="files" select="($doc, $collection?document)"/>
    <!-- A key with "%" or a space in it (its key form has "%") is no xml:id. -->
    <xsl:variable name="by-id" select="if (contains($pointer, '%')) then () else ($files ! key('ed:id', substring($pointer, 2), .)[ed:is-register-entry(.)])[1]"/>
    <xsl:sequence select="if (exists($by-id)) then $by-id else (for $level in ('2', '3') return ($files ! key('ed:entry-code', $level || $pointer, .)[ed:is-register-entry(.)])[1])[1]"/>
  </xsl:function>

  <!-- The document of a per-document call or summary (the file at $source-path), if it is in the collection. -->
  <xsl:variable name="ed:source-document" as="document-node()?" select="$ed:documents-by-uri(ed:uri-of($source-path))"/>

  <!-- Each distinct pointer (ed:pointers) of that document → the register entry it reaches, if any: a document names
       the same few entries again and again, and resolving a pointer (its URI, the file, the key) costs far
       more than looking it up. -->
  <xsl:variable name="ed:ref-entries" as="map(xs:string, element()?)"
    select="map:merge(distinct-values($ed:element-pointers?* ! ?*) ! map { .: ed:register-entry(., $ed:source-document, $source-path) })"/>

  <!-- map { generate-id(element): array { ed:pointers(element) } } for each element of that document with a @ref or
       @key: a mention's pointers are asked for by its link, the page's hidden entry descriptions and its outer names. -->
  <xsl:variable name="ed:element-pointers" as="map(*)"
    select="map:merge($ed:source-document//(*[@ref][not(self::tei:g)] | *[@key]) ! map { generate-id(.): array { ed:pointers(.) } })"/>

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
  <!-- Images (graphic, media, page images: Guidelines 11.1 digital facsimiles, 14.4)        -->
  <!-- ===================================================================================== -->

  <!-- Where an image a TEI element points to (graphic/@url, media/@url, pb/@facs, surface/@facs) is, by the
       image policy: map { 'src': the address the page uses, 'local': a path relative to the source folder when the
       image is a file of the collection (the build copies it beside the pages, under media/), else () }; empty when
       the address is refused. The address is resolved as XML resolves it: against the xml:base of the element
       and its ancestors, then against the document's own place in the source folder; a private URI scheme the
       document declares (prefixDef) is expanded first. Only an http(s) URL, or a relative path that stays inside
       the source folder, is an image: javascript:, data:, file:, an undeclared private scheme (tcp:…), a path
       from the server's root ("/img/…"), one that climbs out of the source folder ("../../x.png") or a file of a
       kind the site does not publish (ed:media-file-pattern: "drawing.svg") is none; nor is a URL that names a file
       browsers cannot show (a TIFF: EEBO-TCP's prefixDef makes every page image "http://eebo.chadwyck.com/downloadtiff?…",
       a TIFF to download, not an image a browser shows). -->
  <xsl:function name="ed:image-location" as="map(*)?">
    <xsl:param name="address" as="xs:string?"/>
    <xsl:param name="element" as="element()"/>
    <xsl:param name="path" as="xs:string"/>
    <xsl:variable name="expanded" select="for $a in normalize-space($address)[.] return if (contains($a, ':') and not(matches($a, '^https?:', 'i'))) then ed:expand-pointer($a, root($element)) else $a"/>
    <xsl:variable name="bases" select="$element/ancestor-or-self::*/@xml:base ! normalize-space(.)"/>
    <!-- Every part must pass the link policy on its own: nothing is resolved against a refused base. -->
    <xsl:if test="exists($expanded) and not(starts-with($expanded, '#')) and exists(ed:safe-href($expanded)) and (every $b in $bases satisfies exists(ed:safe-href($b)))">
      <xsl:variable name="folder" select="'file:///tei-edition-source/'"/>
      <xsl:variable name="resolved" as="xs:string?">
        <xsl:try>
          <!-- The document's place, then each xml:base from the outermost in, then the address. -->
          <xsl:iterate select="($bases, $expanded)">
            <xsl:param name="base" as="xs:string" select="$folder || string-join(tokenize($path, '/') ! encode-for-uri(.), '/')"/>
            <xsl:on-completion select="$base"/>
            <xsl:next-iteration><xsl:with-param name="base" select="string(resolve-uri(., $base))"/></xsl:next-iteration>
          </xsl:iterate>
          <xsl:catch/>
        </xsl:try>
      </xsl:variable>
      <xsl:sequence select="if (empty($resolved)) then ()
                            else if (matches($resolved, '^https?://[^\s\\&quot;&lt;&gt;]+$', 'i')) then
                              if (matches(replace($resolved, '[?#].*$', ''), '(\.(tiff?|jp2|j2k|jpx|jpf)|tiff)$', 'i')) then ()
                              else map { 'src': $resolved, 'local': () }
                            else if (starts-with($resolved, $folder)) then
                              for $local in replace(substring-after($resolved, $folder), '[?#].*$', '')
                                              [matches(., '^[^/]')][not(matches(., '(^|/)\.\.?(/|$)|//|%(2e|2f|5c|00)', 'i'))]
                                              [matches(., $ed:media-file-pattern, 'i')]
                              return map { 'src': 'media/' || $local, 'local': $local }
                            else ()"/>
    </xsl:if>
  </xsl:function>

  <!-- The files of the collection the site publishes as images and media (their names' endings): those a browser
       shows in an img, audio or video element and cannot run as a page. Not SVG (opened on its own, from the
       edition's site, its script would run), HTML, XML or PDF. The build copies nothing else (src/publish/stages/media.ts,
       MEDIA_FILE, the same list). -->
  <xsl:variable name="ed:media-file-pattern" as="xs:string" select="'\.(png|jpe?g|gif|webp|avif|bmp|mp3|m4a|ogg|oga|opus|wav|flac|mp4|m4v|webm|ogv)$'"/>

  <!-- The image a graphic or media element shows (ed:image-location of its @url). -->
  <xsl:function name="ed:graphic-location" as="map(*)?">
    <xsl:param name="graphic" as="element()"/>
    <xsl:param name="path" as="xs:string"/>
    <!-- Not one whose @mimeType (att.internetMedia) says it is a kind of image browsers do not show: a surface's TIFF
         master (OpenArabicPE's al-Muqtabas) gives way to its JPEG. -->
    <xsl:sequence select="if (matches(normalize-space($graphic/@mimeType), '^image/(x-)?(tiff?|jp2|jpx|jpm)$', 'i')) then ()
                          else ed:image-location($graphic/@url, $graphic, $path)"/>
  </xsl:function>

  <!-- The image of a page (pb/@facs, Guidelines 11.1): the facs address itself, or where it points into the
       document's facsimile, the first image of that surface (or of the surface of that zone, or that graphic). A
       "#f0001" that reaches nothing, or an address the image policy refuses, gives none. -->
  <xsl:function name="ed:page-image" as="map(*)?">
    <xsl:param name="pb" as="element()"/>
    <xsl:param name="path" as="xs:string"/>
    <xsl:variable name="facs" select="tokenize($pb/@facs)[1]"/>
    <xsl:choose>
      <xsl:when test="empty($facs)"/>
      <xsl:when test="starts-with($facs, '#')">
        <xsl:variable name="target" select="key('ed:id', substring($facs, 2), root($pb))[1]"/>
        <xsl:variable name="surface" select="$target/ancestor-or-self::*[self::tei:surface or self::tei:surfaceGrp or self::tei:zone][1]"/>
        <xsl:sequence select="if ($target/(self::tei:graphic | self::tei:media)) then ed:graphic-location($target, $path)
                              else (($surface/descendant-or-self::*[self::tei:zone or self::tei:surface or self::tei:surfaceGrp]
                                     ! (tei:graphic ! ed:graphic-location(., $path), ed:image-location(@facs, ., $path)))[1],
                                    $surface/ancestor::*[self::tei:surface or self::tei:surfaceGrp]/tei:graphic ! ed:graphic-location(., $path))[1]"/>
      </xsl:when>
      <xsl:otherwise><xsl:sequence select="ed:image-location($facs, $pb, $path)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- Whether a page's image ($image, ed:page-image) is that of the page before it in its edition (ed:previous-pages): a
       double page photographed whole, as EEBO-TCP's images are ("tcp:16252:3" for two pages). -->
  <xsl:function name="ed:is-repeated-page-image" as="xs:boolean">
    <xsl:param name="pb" as="element()"/>
    <xsl:param name="image" as="map(*)"/>
    <xsl:param name="numbering" as="map(*)"/>
    <xsl:variable name="previous" select="map:get(($numbering?previous-page, map {})[1], generate-id($pb))"/>
    <xsl:sequence select="exists($previous/@facs) and ed:page-image($previous, ed:written-in($previous))?src = $image?src"/>
  </xsl:function>

  <!-- The image files of the collection a document's pages show (its graphics, media and page images), as
       ed:image-location gives them ('local'), each once: the build copies them beside the pages. -->
  <xsl:function name="ed:local-images" as="xs:string*">
    <xsl:param name="doc" as="document-node()"/>
    <!-- One walk of the document: it runs for every document, most of which have no image. -->
    <xsl:variable name="images" select="$doc//*[self::tei:graphic or self::tei:media or self::tei:pb or self::tei:surface or self::Q{http://www.w3.org/2001/XInclude}include or self::tei:g]"/>
    <!-- With those of the files it includes, each from its own place (ed:written-in). -->
    <xsl:variable name="images" select="if (empty($images[self::Q{http://www.w3.org/2001/XInclude}include])) then $images
                                        else ($images, ed:inclusions($doc)//*[self::tei:graphic or self::tei:media or self::tei:pb or self::tei:surface])"/>
    <!-- And the images of the characters its g elements declare in another file of the collection (ed:glyph-image). -->
    <xsl:sequence select="distinct-values(($images[not(self::Q{http://www.w3.org/2001/XInclude}include or self::tei:g)]
                                           ! (if (self::tei:pb or self::tei:surface) then @facs/ed:page-image(.., ed:written-in(.)) else @url/ed:graphic-location(.., ed:written-in(.))),
                                           $images[self::tei:g][ed:is-declared-glyph(.)] ! ed:glyph-image(.))?local)"/>
  </xsl:function>

  <!-- What an image shows, in words, for a reader who cannot see it: its figure's figDesc (Guidelines 14.4: "a brief
       prose description of the appearance or content of a graphic figure"). Not the graphic's own desc: projects
       put credits and permissions there (I.Sicily), and it is not text of the reading (a graphic holds none). -->
  <xsl:function name="ed:image-description" as="xs:string?">
    <xsl:param name="image" as="element()"/>
    <!-- The first image of the figure carries it, so that it is read once. -->
    <xsl:sequence select="$image[. is ../(tei:graphic | tei:media | tei:binaryObject)[1]]/parent::tei:figure/tei:figDesc[1] ! ed:plain(node())[.]"/>
  </xsl:function>

  <!-- A figDesc that describes an image of its figure: the image carries it (an HTML alt, the text edition's
       "[image: …]"), so it is not shown again as text. A figDesc of a figure with no image is the figure's text. -->
  <xsl:function name="ed:is-image-description" as="xs:boolean">
    <xsl:param name="figDesc" as="element()"/>
    <xsl:sequence select="exists($figDesc/self::tei:figDesc[not(preceding-sibling::tei:figDesc)]/parent::tei:figure[tei:graphic or tei:media or tei:binaryObject])"/>
  </xsl:function>

  <!-- ===================================================================================== -->
  <!-- Numbering (notes, mentions), computed once per document and passed down as a tunnel    -->
  <!-- parameter, so per-document pages and collection pages agree on every number.           -->
  <!-- ===================================================================================== -->

  <!-- Every note of the text, wherever it stands (also where the reading view does not show its anchor);
       not the notes of a text example (eg), which is shown as it is written. -->
  <xsl:function name="ed:notes" as="element(tei:note)*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="notes" select="ed:texts($doc)//tei:note[not(ancestor::tei:eg)][not(ed:is-transcription-note(.))] except ed:document-register-lists($doc)//tei:note"/>
    <!-- And those of the files its text includes, where they are included (ed:with-included). -->
    <xsl:variable name="notes" select="if (empty(ed:text-includes($doc))) then $notes
                                       else ed:with-included(($notes | ed:text-includes($doc)), $doc, ())[self::tei:note][not(ancestor::tei:eg)][not(ed:is-transcription-note(.))]"/>
    <xsl:sequence select="if (exists($notes[@target or @targetEnd])) then ed:in-reading-order($notes) else $notes"/>
  </xsl:function>

  <!-- Detached notes and apparatus entries. A note may stand elsewhere than where it applies and point there
       (@target, @targetEnd: TEI Guidelines 3.9, "Notes, Annotation, and Indexing"); so may an apparatus entry
       (@from, @to: the double end-point method of 12.2). One that stands apart from the running text (in the back
       matter, a div or list of notes, a listApp) and points at an element of the text is read where it points:
       its marker follows that element (the end of the span it comments), and it is numbered in the order a reader
       meets the markers. A note in running text stays where it stands, whatever it points at. -->
  <xsl:function name="ed:detached-anchor" as="element()?">
    <xsl:param name="node" as="element()"/>
    <xsl:variable name="is-note" select="exists($node/self::tei:note)"/>
    <xsl:variable name="pointer" select="tokenize(if ($is-note) then ($node/@targetEnd, $node/@target)[1] else ($node/@to, $node/@from)[1])[last()]"/>
    <xsl:variable name="target" select="if (starts-with($pointer, '#')) then key('ed:id', substring($pointer, 2), root($node))[1] else ()"/>
    <xsl:sequence select="if (empty($target) or ($is-note and ed:in-running-text-flow($node)) or (not($is-note) and ed:is-inline-app($node))) then ()
                          else $target[ancestor::tei:text][not(ancestor::tei:teiHeader or ancestor::tei:note or ancestor::tei:app)]
                                      [not(ancestor-or-self::* intersect $node)]"/>
  </xsl:function>

  <!-- Whether a note is part of the running text where it stands: text beside it, or inside an element of the text
       that holds running text (a p, an l...). A note whose parent is a division, a list of notes or an element of
       another vocabulary, with nothing but white space beside it, stands apart. -->
  <xsl:function name="ed:in-running-text-flow" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:variable name="parent" select="$note/.."/>
    <xsl:sequence select="($parent instance of element() and namespace-uri($parent) eq 'http://www.tei-c.org/ns/1.0' and ed:holds-running-text($parent))
      or normalize-space($note/preceding-sibling::node()[1][self::text()]) != ''
      or normalize-space($note/following-sibling::node()[1][self::text()]) != ''"/>
  </xsl:function>

  <!-- Whether a note or an entry is read elsewhere than where it stands (ed:detached-anchor, by the numbering). -->
  <xsl:function name="ed:is-moved" as="xs:boolean">
    <xsl:param name="node" as="element()"/>
    <xsl:param name="numbering" as="map(*)?"/>
    <xsl:variable name="moved" select="$numbering?moved"/>
    <xsl:sequence select="exists($moved) and map:contains($moved, generate-id($node))"/>
  </xsl:function>

  <!-- The detached notes and entries whose marker follows an element (by the numbering). -->
  <xsl:function name="ed:detached-markers" as="element()*">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="numbering" as="map(*)?"/>
    <xsl:variable name="detached" select="$numbering?detached"/>
    <xsl:sequence select="if (exists($detached)) then $detached(generate-id($element)) else ()"/>
  </xsl:function>

  <!-- Notes or apparatus entries in the order a reader meets their markers: each detached one where its anchor is. -->
  <xsl:function name="ed:in-reading-order" as="element()*">
    <xsl:param name="items" as="element()*"/>
    <xsl:variable name="at" select="ed:detached-at($items)"/>
    <xsl:variable name="moved" as="map(*)" select="map:merge($at?* ! map { generate-id(.): true() })"/>
    <xsl:variable name="inline" select="$items[not(map:contains($moved, generate-id(.)))]"/>
    <xsl:variable name="is-inline" as="map(*)" select="map:merge($inline ! map { generate-id(.): true() })"/>
    <xsl:sequence select="for $point in ($inline | $items[map:contains($moved, generate-id(.))] ! ed:detached-anchor(.))
                          return ($point[map:contains($is-inline, generate-id(.))], $at(generate-id($point)))"/>
  </xsl:function>

  <!-- The detached notes and entries among $items by their anchor: map { generate-id(anchor): the items, in document order }. -->
  <xsl:function name="ed:detached-at" as="map(*)">
    <xsl:param name="items" as="element()*"/>
    <xsl:sequence select="map:merge(for $item in $items[@target or @targetEnd or @from or @to], $anchor in ed:detached-anchor($item)
                                    return map { generate-id($anchor): $item }, map { 'duplicates': 'combine' })"/>
  </xsl:function>

  <!-- What the register pages list of a document's text, found in one walk of it: map { 'mention': the elements
       that name something with a pointer (ed:pointers; a g points to the character it is, not to anything it names), 'speech': the speeches (ed:is-speech) }, in document
       order; not those in the back matter's register lists, which are the register's data. -->
  <xsl:function name="ed:mentions-and-speeches" as="map(*)">
    <xsl:param name="doc" as="document-node()"/>
    <!-- ed:is-speech written out: this predicate is tested on every element of the text. -->
    <xsl:variable name="found" select="ed:texts($doc)//*[((@ref or @key) and not(self::tei:g)) or (@who and (self::tei:sp or self::tei:said or self::tei:u or self::tei:q))
                                                         or self::Q{http://www.w3.org/2001/XInclude}include]
                                       except ed:document-register-lists($doc)//*"/>
    <!-- With the files its text includes, as if written where they are included (ed:with-included). -->
    <xsl:variable name="found" select="if (empty($found[self::Q{http://www.w3.org/2001/XInclude}include])) then $found
                                       else ed:with-included($found, $doc, ())"/>
    <xsl:sequence select="map { 'mention': $found[@ref or @key], 'speech': $found[@who][ed:is-speech(.)] }"/>
  </xsl:function>

  <xsl:function name="ed:mentions" as="element()*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="ed:mentions-and-speeches($doc)?mention"/>
  </xsl:function>

  <!-- A speech: an utterance the text ascribes to its speakers with @who (att.ascribed; Guidelines 3.3.3, 7.2.2, 8.3):
       a speech in a performance text (sp), speech or thought in prose (said), an utterance of a transcription (u),
       a quotation whose speaker the text names (q).
       It is not a mention of the speaker: the speaker's entry page lists it apart. -->
  <xsl:function name="ed:is-speech" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="exists($element/@who) and exists($element[self::tei:sp or self::tei:said or self::tei:u or self::tei:q])"/>
  </xsl:function>

  <!-- The pointers of a speech's @who (prefixes expanded as ed:pointers expands them): one per speaker. -->
  <xsl:function name="ed:speakers" as="xs:string*">
    <xsl:param name="speech" as="element()"/>
    <xsl:sequence select="tokenize($speech/@who) ! (if (contains(., ':')) then ed:expand-pointer(., root($speech)) else .)"/>
  </xsl:function>

  <xsl:function name="ed:numbering" as="map(*)">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="found" select="ed:mentions-and-speeches($doc)"/>
    <xsl:variable name="notes" select="ed:notes($doc)"/>
    <xsl:variable name="apparatus" select="ed:apparatus($doc)"/>
    <!-- Detached notes and entries by the element their marker follows, and which they are (ed:detached-anchor). -->
    <xsl:variable name="detached" as="map(*)" select="ed:detached-at(($notes, $apparatus))"/>
    <!-- Page and line breaks in reading order, those of included files where they are included (one pass over them). -->
    <xsl:variable name="breaks" select="if (empty(ed:text-includes($doc))) then ()
                                        else ed:with-included((ed:texts($doc)//(tei:pb | tei:lb) | ed:text-includes($doc)), $doc, ())"/>
    <xsl:variable name="pages" select="if (empty(ed:text-includes($doc))) then ed:texts($doc)//tei:pb else $breaks[self::tei:pb]"/>
    <xsl:variable name="lines" select="if (empty(ed:text-includes($doc))) then ed:texts($doc)//tei:lb else $breaks[self::tei:lb]"/>
    <!-- The editions whose pages the text marks (ed:page-edition), each once: a marker names its edition only where there
         are several. -->
    <xsl:variable name="page-editions" select="distinct-values($pages ! ed:page-edition(.))"/>
    <xsl:sequence select="map {
      'note': ed:positions($notes),
      'mention': ed:positions($found?mention),
      'speech': ed:positions($found?speech),
      'page': ed:positions($pages),
      'page-editions': $page-editions,
      'line-edition': ed:line-edition($lines, $pages),
      'previous-page': if (exists($pages[@facs])) then ed:previous-pages($pages) else map {},
      'app': ed:positions($apparatus),
      'detached': $detached,
      'moved': map:merge($detached?* ! map { generate-id(.): true() })
    }"/>
  </xsl:function>

  <!-- map { generate-id(node): its position in $nodes } -->
  <xsl:function name="ed:positions" as="map(*)">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:sequence select="map:merge(for $i in 1 to count($nodes) return map { generate-id($nodes[$i]): $i })"/>
  </xsl:function>

  <!-- map { generate-id(page break): the page break before it of the same edition (ed:page-edition) }: where a page's
       image is that of the page before it (ed:is-repeated-page-image). -->
  <xsl:function name="ed:previous-pages" as="map(*)">
    <xsl:param name="pages" as="element()*"/>
    <xsl:sequence select="map:merge(for $edition in $pages ! ed:page-edition(.) => distinct-values()
                                    return let $run := $pages[ed:page-edition(.) = $edition]
                                           return for $i in 2 to count($run) return map { generate-id($run[$i]): $run[$i - 1] })"/>
  </xsl:function>

  <!-- Notes are numbered 1..N in document order (the label the reader sees, in both editions). A note
       outside the numbered ones (in the header, shown in the metadata panel) has no number. -->
  <xsl:function name="ed:note-number" as="xs:integer?">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:param name="numbering" as="map(*)"/>
    <xsl:sequence select="$numbering?note(generate-id($note))"/>
  </xsl:function>

  <xsl:function name="ed:note-id" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:param name="numbering" as="map(*)"/>
    <xsl:sequence select="(normalize-space($note/@xml:id)[.], 'note-' || (ed:note-number($note, $numbering), generate-id($note))[1])[1]"/>
  </xsl:function>

  <!-- A mention's anchor: its own xml:id when it has one (an element carries one id), else its number. -->
  <xsl:function name="ed:mention-id" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="numbering" as="map(*)"/>
    <xsl:sequence select="(normalize-space($element/@xml:id)[.], 'mention-' || $numbering?mention(generate-id($element)))[1]"/>
  </xsl:function>

  <!-- A speech's anchor: its own xml:id, else its mention's anchor when it is a mention too (an element carries one
       id), else its number among the speeches. A numbering without speeches (a header's) numbers none. -->
  <xsl:function name="ed:speech-id" as="xs:string?">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="numbering" as="map(*)"/>
    <xsl:variable name="n" select="map:get(($numbering?speech, map {})[1], generate-id($element))"/>
    <xsl:sequence select="if (empty($n)) then ()
                          else if (normalize-space($element/@xml:id) or exists($numbering?mention(generate-id($element)))) then ed:mention-id($element, $numbering)
                          else 'speech-' || $n"/>
  </xsl:function>

  <xsl:function name="ed:page-id" as="xs:string">
    <xsl:param name="pb" as="element()"/>
    <xsl:param name="numbering" as="map(*)"/>
    <xsl:sequence select="(normalize-space($pb/@xml:id)[.], 'page-' || $numbering?page(generate-id($pb)))[1]"/>
  </xsl:function>

  <!-- ===================================================================================== -->
  <!-- The reading model: what the reading view shows of a TEI text, and where its words begin -->
  <!-- and end. Every output uses it: the HTML reading view (html.xsl, mode html), the text     -->
  <!-- edition (text.xsl), mention labels and the mentions' contexts on register pages (mode   -->
  <!-- ed:text below). Described for other code in docs/publish.md ("Reading model").          -->
  <!--                                                                                       -->
  <!-- 1. The table: every TEI element has a kind (ed:kind-table), each kind has a layout, a   -->
  <!--    boundary rule and whether it holds running text (ed:layouts, ed:boundaries,         -->
  <!--    ed:text-holders). Looked up once per element, by name, in a map.                    -->
  <!-- 2. Word boundaries, decided from the node and its siblings only (no preceding:: scan):   -->
  <!--    ed:space-before / ed:space-after for elements, ed:text-value for text nodes.         -->
  <!-- 3. The reading policy: which side of choice, app and subst the reading view shows       -->
  <!--    (ed:reading, ed:shown-children), brackets, gap and page labels.                      -->
  <!-- ===================================================================================== -->

  <!-- What each TEI element is, from the TEI Guidelines' classes (in brackets). An element of the TEI
       namespace not listed is a 'float' (kept, a block where it stands among blocks); elements of other
       namespaces are 'phrase' (their text kept, never their markup). The test suite reads this table too
       (test/support/tei-words.ts) and checks that every element tei_all allows in a text is listed. -->
  <xsl:variable name="ed:kind-table" as="element(ed:kind)+">
    <!-- Structure: divisions, lists, tables, letters' and front matter's parts, drama, dictionaries,
         manuscript descriptions, entries of lists of persons and places, specifications. -->
    <ed:kind name="block" layout="block" boundary="yes" text="no">TEI teiCorpus text front body back group floatingText div div1 div2 div3 div4 div5 div6 div7 divGen
      lg sp spGrp list listBibl listPerson listPlace listOrg listEvent listNym listObject listRelation listApp listWit
      listForest listChange listRef table row figure opener closer postscript argument epigraph titlePage docTitle
      castList castGroup performance prologue epilogue set superEntry biblStruct biblFull
      msDesc msPart msFrag msContents msItem msItemStruct physDesc history additional adminInfo
      person personGrp place org event object nym specGrp elementSpec classSpec macroSpec dataSpec moduleSpec
      schemaSpec constraintSpec attList attDef valList valItem exemplum remarks specList noteGrp annotationBlock post
      forest tree eTree graph recording recordingStmt sourceDoc surface surfaceGrp zone
      scriptStmt fileDesc titleStmt editionStmt publicationStmt seriesStmt notesStmt sourceDesc profileDesc langUsage textClass
      textDesc particDesc settingDesc setting calendarDesc correspDesc correspAction correspContext abstract availability keywords
      bindingDesc decoDesc handDesc handNotes layoutDesc objectDesc scriptDesc sealDesc supportDesc typeDesc custodialHist recordHist
      binding seal content alternate sequence interleave classes paramList modelGrp modelSequence datatype constraintDecl</ed:kind>
    <!-- Paragraphs [model.pLike, model.divPart.spoken]: blocks of running text. A dictionary entry and each of its
         senses read as a printed dictionary's (Guidelines 9.2): the entry's headword, pronunciation, grammatical labels
         and etymology run on in one paragraph, each sense its own (the units in them inline, in the encoder's order). -->
    <ed:kind name="paragraph" layout="block" boundary="yes" text="yes">p ab u entryFree dictScrap entry hom
      licence creation accMat acquisition additions collation condition custEvent decoNote foliation handNote layout
      musicNotation origin provenance scriptNote source summary support surrogates typeNote</ed:kind>
    <!-- A dictionary's senses: each a paragraph under its number, unless the source runs them on, punctuation or
         text between them ("1. aider, assister; 2. aide", ed:is-run-on): then within the entry's paragraph. -->
    <ed:kind name="sense" layout="run-on" boundary="yes" text="yes">sense</ed:kind>
    <!-- Lines [model.lLike, model.headLike, list items, table cells, lines of an address, speakers]: each
         on its own line, never part of a word on either side. -->
    <ed:kind name="line" layout="block" boundary="yes" text="yes">l head item cell addrLine speaker castItem trailer line</ed:kind>
    <!-- Units: never part of a word on either side, on their own line where they stand among blocks and
         within the line where they stand in running text [model.segLike's s, cl, phr; model.divWrapper,
         model.divTopPart, model.divBottomPart's parts; model.stageLike; model.labelLike; the fields of
         persons, places, bibliographic and dictionary entries, manuscript identifiers]. -->
    <ed:kind name="unit" layout="context" boundary="yes" text="yes">s cl phr label salute signed dateline byline docAuthor docDate docEdition docImprint titlePart
      imprimatur meeting stage move view camera sound caption tech fw desc figDesc role roleDesc actor
      address street postCode postBox birth death occupation affiliation residence education faith nationality sex
      gender age socecStatus state trait langKnowledge floruit persona location climate population terrain
      analytic monogr imprint series relatedItem repository collection msName institution altIdentifier msIdentifier
      form orth pron hyph syll stress gramGrp gram gen number case per tns mood iType pos subc colloc def etym usg
      lbl xr vocal kinesic incident pause writing witness specDesc
      colophon explicit incipit rubric finalRubric objectIdentifier classCode catRef language calendar change respStmt resp
      langKnown relation headItem headLabel arc eLeaf iNode leaf node root triangle broadcast channel constitution derivation domain
      equipment factuality interaction preparedness purpose locale activity constraint defaultVal memberOf valDesc altIdent
      outputRendition anyElement attRef classRef dataRef elementRef empty macroRef moduleRef specGrpRef textNode equiv dataFacet
      default param model paramSpec</ed:kind>
    <!-- Floats: a block where they stand among blocks, part of the running text (words may touch them)
         where they stand in it [model.quoteLike, model.attributable, bibl, seg]. -->
    <ed:kind name="float" layout="context" boundary="as-block" text="no">quote cit q said bibl idno seg notatedMusic</ed:kind>
    <!-- Phrases: inside running text, even inside a word [model.highlighted, model.pPart.edit,
         model.pPart.data, model.pPart.msdesc, model.ptrLike, model.phrase.xml, model.gLike, m, c]. -->
    <ed:kind name="phrase" layout="inline" boundary="no" text="yes">hi emph foreign term mentioned soCalled distinct title gloss code ident gi att val tag
      persName placeName orgName name rs roleName forename surname addName genName nameLink persPronouns geogName
      geogFeat settlement country region bloc district objectName eventName offset date time num measure measureGrp
      unit dim height depth width geo sic corr orig reg abbr expan ex am supplied unclear del add restore damage
      surplus secl mod redo undo retrace handShift ellipsis m c g ref ptr oRef pRef rhyme lem rdg ruby
      rb rt formula email lang author editor publisher pubPlace biblScope edition extent citedRange distributor funder
      sponsor principal authority catchwords signatures secFol locus locusGrp material objectType origDate origPlace
      stamp watermark dimensions heraldry textLang filiation</ed:kind>
    <!-- Tokens [model.segLike]: a w is a word whether or not white space follows it (unless @join or
         @part says it is joined); a pc attaches to the word before or after it, as punctuation does. -->
    <ed:kind name="word" layout="inline" boundary="token" text="yes">w</ed:kind>
    <ed:kind name="punct" layout="inline" boundary="token" text="yes">pc</ed:kind>
    <!-- Breaks [att.breaking]: a word boundary, unless break="no" (the word goes on across it). -->
    <ed:kind name="break" layout="inline" boundary="break" text="no">lb pb cb gb</ed:kind>
    <!-- A milestone is a break too, and where it stands among blocks (a section break: "* * *") a block. -->
    <ed:kind name="milestone" layout="context" boundary="break" text="no">milestone</ed:kind>
    <!-- Notes: a numbered marker in the text (no boundary: it hugs the word it follows); the note itself
         in the Notes section. -->
    <ed:kind name="note" layout="moved" boundary="no" text="yes">note</ed:kind>
    <!-- Alternatives: the reading view shows one side (ed:reading, ed:shown-children). -->
    <ed:kind name="choice" layout="inline" boundary="no" text="yes">choice</ed:kind>
    <ed:kind name="app" layout="inline" boundary="no" text="yes">app rdgGrp</ed:kind>
    <ed:kind name="subst" layout="inline" boundary="no" text="yes">subst</ed:kind>
    <!-- A gap: "[…]" in place of what is missing; its description is not text of the source. -->
    <ed:kind name="gap" layout="inline" boundary="no" text="no">gap</ed:kind>
    <ed:kind name="space" layout="inline" boundary="yes" text="no">space caesura</ed:kind>
    <ed:kind name="graphic" layout="inline" boundary="yes" text="no">graphic media binaryObject</ed:kind>
    <!-- Examples of encoding, shown as code. -->
    <ed:kind name="code" layout="context" boundary="yes" text="no">eg egXML</ed:kind>
    <!-- Not part of the reading text [model.global.meta, model.rdgPart, spans and anchors that only mark
         places, the header]: index entries, interpretations, links, feature structures, certainty..., and the
         marks the writer made on the page to direct the reading (metamark, Guidelines 11.3.4.2: a caret, a
         cross), which the diplomatic view alone shows (html.xsl). -->
    <ed:kind name="meta" layout="hidden" boundary="no" text="no">teiHeader index interp interpGrp span spanGrp link linkGrp join joinGrp alt altGrp timeline
      when fs fLib fvLib precision certainty respons substJoin listTranspose transpose witDetail wit witStart witEnd
      lacunaStart lacunaEnd anchor addSpan delSpan damageSpan shift standOff facsimile metamark
      f binary numeric string symbol vAlt vColl vLabel vMerge vNot</ed:kind>
  </xsl:variable>

  <!-- What each kind means (its attributes in the table):
       - layout: 'block' (its own block), 'context' (a block where its parent holds no running text and no
         text touches it, else inline), 'run-on' (a block unless text or punctuation stands beside it among its
         siblings: ed:is-run-on), 'inline', 'moved' (notes), 'hidden';
       - boundary: 'yes' (words never continue across its start or end), 'as-block' (only when laid out
         as a block), 'token' (w, pc: see ed:space-before), 'break' (unless break="no"), 'no';
       - text: whether it holds running text (the elements in it are inline, words may touch them). -->
  <!-- Built from the table: name → kind, and kind → each property. One map lookup per question: these are
       asked for nearly every node of every document. They are parameters only so that tei-edition can build
       them once per compiled stylesheet rather than once per transformation (≈8 ms of every HTML and text
       transformation): it gets them from the template ed:constants below and passes them back unchanged
       (src/publish/transform.ts, stylesheetConstants). Anything else leaves them to their defaults. Declared
       as="map(*)": SaxonJS checks a supplied map against map(xs:string, xs:string) entry by entry, every
       transformation, which would cost most of what is saved. Their types: map(xs:string, xs:string), and
       map(xs:string, xs:boolean) for ed:text-holders. -->
  <xsl:param name="ed:kinds" as="map(*)"
    select="map:merge(for $kind in $ed:kind-table, $name in tokenize($kind) return map { $name: string($kind/@name) })"/>
  <xsl:param name="ed:layouts" as="map(*)" select="map:merge($ed:kind-table ! map { string(@name): string(@layout) })"/>
  <xsl:param name="ed:boundaries" as="map(*)" select="map:merge($ed:kind-table ! map { string(@name): string(@boundary) })"/>
  <xsl:param name="ed:text-holders" as="map(*)" select="map:merge($ed:kind-table ! map { string(@name): @text = 'yes' })"/>

  <!-- English names of languages by their ISO 639 codes (two and three letters, the bibliographic ones too), for a
       language the encoding gives by its code alone: a header's <language ident="eng"/> (EEBO-TCP's), a manuscript's
       <textLang mainLang="la"/>. ICU's names, as Intl.DisplayNames gives them in Node 20 (ICU 78): 928 codes. A
       parameter for the reason given above: built once per compiled stylesheet. -->
  <xsl:param name="ed:language-names" as="map(*)" select="map:merge(tokenize(normalize-space('
      aa=Afar|aar=Afar|ab=Abkhazian|abk=Abkhazian|ace=Acehnese|ach=Acoli|ada=Adangme|adp=Dzongkha|ady=Adyghe|
      ae=Avestan|aeb=Tunisian Arabic|af=Afrikaans|afh=Afrihili|afr=Afrikaans|agq=Aghem|ain=Ainu|
      ajt=Tunisian Arabic|aju=Judeo-Arabic|ak=Akan|aka=Akan|akk=Akkadian|akz=Alabama|alb=Albanian|ale=Aleut|
      aln=Gheg Albanian|als=Albanian|alt=Southern Altai|am=Amharic|amh=Amharic|an=Aragonese|ang=Old English|
      ann=Obolo|anp=Angika|ar=Arabic|ara=Arabic|arb=Arabic|arc=Aramaic|arg=Aragonese|arm=Armenian|arn=Mapuche|
      aro=Araona|arp=Arapaho|arq=Algerian Arabic|ars=Najdi Arabic|arw=Arawak|ary=Moroccan Arabic|
      arz=Egyptian Arabic|as=Assamese|asa=Asu|ase=American Sign Language|asm=Assamese|ast=Asturian|atj=Atikamekw|
      av=Avaric|ava=Avaric|ave=Avestan|avk=Kotava|awa=Awadhi|ay=Aymara|aym=Aymara|ayr=Aymara|az=Azerbaijani|
      aze=Azerbaijani|azj=Azerbaijani|ba=Bashkir|bak=Bashkir|bal=Baluchi|bam=Bambara|ban=Balinese|baq=Basque|
      bar=Bavarian|bas=Basaa|bax=Bamun|bbc=Batak Toba|bbj=Ghomala|bcc=Baluchi|bcl=Bikol|be=Belarusian|bej=Beja|
      bel=Belarusian|bem=Bemba|ben=Bangla|bew=Betawi|bez=Bena|bfd=Bafut|bfq=Badaga|bg=Bulgarian|bgc=Haryanvi|
      bgn=Western Balochi|bh=Bhojpuri|bho=Bhojpuri|bi=Bislama|bih=Bhojpuri|bik=Bikol|bin=Bini|bis=Bislama|
      bjn=Banjar|bkm=Kom|bla=Siksiká|blg=Iban|blo=Anii|blt=Tai Dam|bm=Bambara|bn=Bangla|bo=Tibetan|bod=Tibetan|
      bos=Bosnian|bpy=Bishnupriya|bqi=Bakhtiari|br=Breton|bra=Braj|bre=Breton|brh=Brahui|brx=Bodo|bs=Bosnian|
      bss=Akoose|bua=Buriat|bug=Buginese|bul=Bulgarian|bum=Bulu|bur=Burmese|bxk=Luyia|bxr=Buriat|byn=Blin|
      byv=Medumba|ca=Catalan|cad=Caddo|car=Carib|cat=Catalan|cay=Cayuga|cch=Atsam|ccp=Chakma|ce=Chechen|
      ceb=Cebuano|ces=Czech|cgg=Chiga|ch=Chamorro|cha=Chamorro|chb=Chibcha|che=Chechen|chg=Chagatai|chi=Chinese|
      chk=Chuukese|chm=Mari|chn=Chinook Jargon|cho=Choctaw|chp=Chipewyan|chr=Cherokee|chu=Church Slavic|
      chv=Chuvash|chy=Cheyenne|cic=Chickasaw|ckb=Central Kurdish|clc=Chilcotin|cld=Syriac|cls=Sanskrit|cmn=Chinese|
      cnr=Montenegrin|co=Corsican|cop=Coptic|cor=Cornish|cos=Corsican|cps=Capiznon|cr=Cree|cre=Cree|crg=Michif|
      crh=Crimean Tatar|crj=Southern East Cree|crk=Plains Cree|crl=Northern East Cree|crm=Moose Cree|
      crr=Carolina Algonquian|crs=Seselwa Creole French|cs=Czech|csb=Kashubian|csw=Swampy Cree|cu=Church Slavic|
      cv=Chuvash|cwd=Cree|cy=Welsh|cym=Welsh|cze=Czech|da=Danish|dak=Dakota|dan=Danish|dar=Dargwa|dav=Taita|
      de=German|del=Delaware|den=Slave|deu=German|dgo=Dogri|dgr=Dogrib|dhd=Marwari|dik=Dinka|din=Dinka|diq=Zaza|
      div=Divehi|dje=Zarma|doi=Dogri|drh=Mongolian|drw=Dari|dsb=Lower Sorbian|dtp=Central Dusun|dua=Duala|
      dum=Middle Dutch|dut=Dutch|dv=Divehi|dyo=Jola-Fonyi|dyu=Dyula|dz=Dzongkha|dzg=Dazaga|dzo=Dzongkha|ebu=Embu|
      ee=Ewe|efi=Efik|egl=Emilian|egy=Ancient Egyptian|eka=Ekajuk|ekk=Estonian|el=Greek|ell=Greek|elx=Elamite|
      emk=Mandingo|en=English|eng=English|enm=Middle English|eo=Esperanto|epo=Esperanto|es=Spanish|esk=Inupiaq|
      est=Estonian|esu=Central Yupik|et=Estonian|eu=Basque|eus=Basque|ewe=Ewe|ewo=Ewondo|ext=Extremaduran|
      fa=Persian|fan=Fang|fao=Faroese|fas=Persian|fat=Akan|ff=Fula|fi=Finnish|fij=Fijian|fil=Filipino|fin=Finnish|
      fit=Tornedalen Finnish|fj=Fijian|fo=Faroese|fon=Fon|fr=French|fra=French|frc=Cajun French|fre=French|
      frm=Middle French|fro=Old French|frp=Arpitan|frr=Northern Frisian|frs=Eastern Frisian|fry=Western Frisian|
      fuc=Fula|ful=Fula|fur=Friulian|fy=Western Frisian|ga=Irish|gaa=Ga|gag=Gagauz|gan=Gan Chinese|gay=Gayo|
      gaz=Oromo|gba=Gbaya|gbo=Grebo|gbz=Zoroastrian Dari|gd=Scottish Gaelic|geo=Georgian|ger=German|gez=Geez|
      gil=Gilbertese|gl=Galician|gla=Scottish Gaelic|gle=Irish|glg=Galician|glk=Gilaki|glv=Manx|
      gmh=Middle High German|gn=Guarani|gno=Gondi|goh=Old High German|gom=Konkani|gon=Gondi|gor=Gorontalo|
      got=Gothic|grb=Grebo|grc=Ancient Greek|gre=Greek|grn=Guarani|gsw=Swiss German|gu=Gujarati|guc=Wayuu|
      gug=Guarani|guj=Gujarati|gur=Frafra|guz=Gusii|gv=Manx|gwi=Gwichʼin|gya=Gbaya|ha=Hausa|hai=Haida|
      hak=Hakka Chinese|hat=Haitian Creole|hau=Hausa|haw=Hawaiian|hax=Southern Haida|hbs=Serbian (Latin)|hdn=Haida|
      he=Hebrew|hea=Hmong|heb=Hebrew|her=Herero|hi=Hindi|hif=Fiji Hindi|hil=Hiligaynon|hin=Hindi|hit=Hittite|
      hmn=Hmong|hmo=Hiri Motu|hnj=Hmong Njua|ho=Hiri Motu|hr=Croatian|hrv=Croatian|hsb=Upper Sorbian|
      hsn=Xiang Chinese|ht=Haitian Creole|hu=Hungarian|hun=Hungarian|hup=Hupa|hur=Halkomelem|hy=Armenian|
      hye=Armenian|hz=Herero|ia=Interlingua|iba=Iban|ibb=Ibibio|ibo=Igbo|ice=Icelandic|id=Indonesian|ido=Ido|
      ie=Interlingue|ig=Igbo|ii=Sichuan Yi|iii=Sichuan Yi|ik=Inupiaq|ike=Inuktitut|ikt=Western Canadian Inuktitut|
      iku=Inuktitut|ile=Interlingue|ilo=Iloko|in=Indonesian|ina=Interlingua|ind=Indonesian|inh=Ingush|io=Ido|
      ipk=Inupiaq|is=Icelandic|isl=Icelandic|it=Italian|ita=Italian|iu=Inuktitut|iw=Hebrew|izh=Ingrian|ja=Japanese|
      jam=Jamaican Creole English|jav=Javanese|jaw=Javanese|jbo=Lojban|jgo=Ngomba|ji=Yiddish|jmc=Machame|
      jpn=Japanese|jpr=Judeo-Persian|jrb=Judeo-Arabic|jut=Jutish|jv=Javanese|jw=Javanese|ka=Georgian|
      kaa=Kara-Kalpak|kab=Kabyle|kac=Kachin|kaj=Jju|kal=Kalaallisut|kam=Kamba|kan=Kannada|kas=Kashmiri|
      kat=Georgian|kau=Kanuri|kaw=Kawi|kaz=Kazakh|kbd=Kabardian|kbl=Kanembu|kcg=Tyap|kde=Makonde|kea=Kabuverdianu|
      kek=Qʼeqchiʼ|ken=Kenyang|kfo=Koro|kg=Kongo|kgp=Kaingang|kha=Khasi|khk=Mongolian|khm=Khmer|kho=Khotanese|
      khq=Koyra Chiini|khw=Khowar|ki=Kikuyu|kik=Kikuyu|kin=Kinyarwanda|kir=Kyrgyz|kiu=Kirmanjki|kj=Kuanyama|
      kk=Kazakh|kkj=Kako|kl=Kalaallisut|kln=Kalenjin|km=Khmer|kmb=Kimbundu|kmr=Kurdish|kn=Kannada|knc=Kanuri|
      kng=Kongo|ko=Korean|koi=Komi-Permyak|kok=Konkani|kom=Komi|kon=Kongo|kor=Korean|kos=Kosraean|kpe=Kpelle|
      kpv=Komi|kr=Kanuri|krc=Karachay-Balkar|kri=Krio|krj=Kinaray-a|krl=Karelian|kru=Kurukh|ks=Kashmiri|
      ksb=Shambala|ksf=Bafia|ksh=Colognian|ktr=Central Dusun|ku=Kurdish|kua=Kuanyama|kum=Kumyk|kur=Kurdish|
      kut=Kutenai|kv=Komi|kw=Cornish|kwk=Kwakʼwala|kxl=Kurukh|kxv=Kuvi|ky=Kyrgyz|kzj=Central Dusun|
      kzt=Central Dusun|la=Latin|lad=Ladino|lag=Langi|lah=Western Panjabi|lam=Lamba|lao=Lao|lat=Latin|lav=Latvian|
      lb=Luxembourgish|lez=Lezghian|lfn=Lingua Franca Nova|lg=Ganda|li=Limburgish|lij=Ligurian|lil=Lillooet|
      lim=Limburgish|lin=Lingala|lit=Lithuanian|liv=Livonian|lkt=Lakota|lmo=Lombard|ln=Lingala|lo=Lao|lol=Mongo|
      lou=Louisiana Creole|loz=Lozi|lrc=Northern Luri|lsm=Saamia|lt=Lithuanian|ltg=Latgalian|ltz=Luxembourgish|
      lu=Luba-Katanga|lua=Luba-Lulua|lub=Luba-Katanga|lug=Ganda|lui=Luiseno|lun=Lunda|luo=Luo|lus=Mizo|luy=Luyia|
      lv=Latvian|lvs=Latvian|lzh=Literary Chinese|lzz=Laz|mac=Macedonian|mad=Madurese|maf=Mafa|mag=Magahi|
      mah=Marshallese|mai=Maithili|mak=Makasar|mal=Malayalam|man=Mandingo|mao=Māori|mar=Marathi|mas=Masai|
      may=Malay|mde=Maba|mdf=Moksha|mdr=Mandar|men=Mende|mer=Meru|mfe=Morisyen|mg=Malagasy|mga=Middle Irish|
      mgh=Makhuwa-Meetto|mgo=Metaʼ|mh=Marshallese|mhr=Mari|mi=Māori|mic=Mi''kmaw|min=Minangkabau|mk=Macedonian|
      mkd=Macedonian|ml=Malayalam|mlg=Malagasy|mlt=Maltese|mn=Mongolian|mnc=Manchu|mni=Manipuri|mo=Romanian|
      moe=Innu-aimun|moh=Mohawk|mol=Romanian|mon=Mongolian|mos=Mossi|mr=Marathi|mri=Māori|mrj=Western Mari|
      ms=Malay|msa=Malay|mt=Maltese|mua=Mundang|mul=Multiple languages|mup=Rajasthani|mus=Muscogee|mwl=Mirandese|
      mwr=Marwari|mwv=Mentawai|my=Burmese|mya=Burmese|mye=Myene|myv=Erzya|mzn=Mazanderani|na=Nauru|
      nan=Min Nan Chinese|nap=Neapolitan|naq=Nama|nau=Nauru|nav=Navajo|nb=Norwegian Bokmål|nbl=South Ndebele|
      nd=North Ndebele|nde=North Ndebele|ndo=Ndonga|nds=Low German|ne=Nepali|nep=Nepali|new=Newari|ng=Ndonga|
      nia=Nias|niu=Niuean|njo=Ao Naga|nl=Dutch|nld=Dutch|nmg=Kwasio|nn=Norwegian Nynorsk|nnh=Ngiemboon|
      nno=Norwegian Nynorsk|no=Norwegian|nob=Norwegian Bokmål|nog=Nogai|non=Old Norse|nor=Norwegian|nov=Novial|
      npi=Nepali|nqo=N’Ko|nr=South Ndebele|nso=Northern Sotho|nus=Nuer|nv=Navajo|nwc=Classical Newari|ny=Nyanja|
      nya=Nyanja|nym=Nyamwezi|nyn=Nyankole|nyo=Nyoro|nzi=Nzima|oc=Occitan|oci=Occitan|oj=Ojibwa|
      ojb=Northwestern Ojibwa|ojc=Central Ojibwa|ojg=Ojibwa|oji=Ojibwa|ojs=Oji-Cree|ojw=Western Ojibwa|
      oka=Okanagan|om=Oromo|or=Odia|ori=Odia|orm=Oromo|ory=Odia|os=Ossetic|osa=Osage|oss=Ossetic|
      ota=Ottoman Turkish|pa=Punjabi|pag=Pangasinan|pal=Pahlavi|pam=Pampanga|pan=Punjabi|pap=Papiamento|
      pau=Palauan|pbu=Pashto|pcd=Picard|pcm=Nigerian Pidgin|pdc=Pennsylvania German|pdt=Plautdietsch|
      peo=Old Persian|per=Persian|pes=Persian|pfl=Palatine German|phn=Phoenician|pi=Pali|pis=Pijin|pl=Polish|
      pli=Pali|plt=Malagasy|pmk=Carolina Algonquian|pms=Piedmontese|pnb=Western Panjabi|pnt=Pontic|pol=Polish|
      pon=Pohnpeian|por=Portuguese|pqm=Maliseet-Passamaquoddy|prg=Prussian|pro=Old Provençal|prp=Gujarati|prs=Dari|
      ps=Pashto|pt=Portuguese|pus=Pashto|qu=Quechua|quc=Kʼicheʼ|que=Quechua|qug=Chimborazo Highland Quichua|
      quz=Quechua|raj=Rajasthani|rap=Rapanui|rar=Rarotongan|rgn=Romagnol|rhg=Rohingya|rif=Riffian|rm=Romansh|
      rmy=Romany|rn=Rundi|ro=Romanian|rof=Rombo|roh=Romansh|rom=Romany|ron=Romanian|rtm=Rotuman|ru=Russian|
      rue=Rusyn|rug=Roviana|rum=Romanian|run=Rundi|rup=Aromanian|rus=Russian|rw=Kinyarwanda|rwk=Rwa|sa=Sanskrit|
      sad=Sandawe|sag=Sango|sah=Yakut|sam=Samaritan Aramaic|san=Sanskrit|saq=Samburu|sas=Sasak|sat=Santali|
      saz=Saurashtra|sba=Ngambay|sbp=Sangu|sc=Sardinian|scc=Serbian|scn=Sicilian|sco=Scots|scr=Croatian|sd=Sindhi|
      sdc=Sassarese Sardinian|sdh=Southern Kurdish|se=Northern Sami|see=Seneca|seh=Sena|sei=Seri|sel=Selkup|
      ses=Koyraboro Senni|sg=Sango|sga=Old Irish|sgs=Samogitian|sh=Serbian (Latin)|shi=Tachelhit|shn=Shan|
      shu=Chadian Arabic|si=Sinhala|sid=Sidamo|sin=Sinhala|sk=Slovak|sl=Slovenian|slh=Southern Lushootseed|
      sli=Lower Silesian|slk=Slovak|slo=Slovak|slv=Slovenian|sly=Selayar|sm=Samoan|sma=Southern Sami|smd=Kimbundu|
      sme=Northern Sami|smj=Lule Sami|smn=Inari Sami|smo=Samoan|sms=Skolt Sami|sn=Shona|sna=Shona|snb=Iban|
      snd=Sindhi|snk=Soninke|so=Somali|sog=Sogdien|som=Somali|sot=Southern Sotho|spa=Spanish|spy=Kalenjin|
      sq=Albanian|sqi=Albanian|sr=Serbian|src=Sardinian|srd=Sardinian|srn=Sranan Tongo|srp=Serbian|srr=Serer|
      ss=Swati|ssw=Swati|ssy=Saho|st=Southern Sotho|stq=Saterland Frisian|str=Straits Salish|su=Sundanese|
      suk=Sukuma|sun=Sundanese|sus=Susu|sux=Sumerian|sv=Swedish|sw=Swahili|swa=Swahili|swb=Comorian|
      swc=Congo Swahili|swe=Swedish|swh=Swahili|syc=Classical Syriac|syr=Syriac|szl=Silesian|ta=Tamil|tah=Tahitian|
      tam=Tamil|tat=Tatar|tce=Southern Tutchone|tcy=Tulu|tdu=Central Dusun|te=Telugu|tel=Telugu|tem=Timne|teo=Teso|
      ter=Tereno|tet=Tetum|tg=Tajik|tgk=Tajik|tgl=Filipino|tgx=Tagish|th=Thai|tha=Thai|tht=Tahltan|ti=Tigrinya|
      tib=Tibetan|tig=Tigre|tir=Tigrinya|tiv=Tiv|tk=Turkmen|tkl=Tokelauan|tkr=Tsakhur|tl=Filipino|tlh=Klingon|
      tli=Tlingit|tly=Talysh|tmh=Tamashek|tn=Tswana|tnf=Dari|to=Tongan|tog=Nyasa Tonga|tok=Toki Pona|ton=Tongan|
      tpi=Tok Pisin|tr=Turkish|tru=Turoyo|trv=Taroko|trw=Torwali|ts=Tsonga|tsd=Tsakonian|tsi=Tsimshian|tsn=Tswana|
      tso=Tsonga|tt=Tatar|ttm=Northern Tutchone|ttq=Tamashek|ttt=Muslim Tat|tuk=Turkmen|tum=Tumbuka|tur=Turkish|
      tvl=Tuvalu|tw=Akan|twi=Akan|twq=Tasawaq|ty=Tahitian|tyv=Tuvinian|tzm=Central Atlas Tamazight|udm=Udmurt|
      ug=Uyghur|uga=Ugaritic|uig=Uyghur|uk=Ukrainian|ukr=Ukrainian|umb=Umbundu|umu=Delaware|ur=Urdu|urd=Urdu|
      uz=Uzbek|uzb=Uzbek|uzn=Uzbek|vai=Vai|ve=Venda|vec=Venetian|ven=Venda|vep=Veps|vi=Vietnamese|vie=Vietnamese|
      vls=West Flemish|vmf=Main-Franconian|vmw=Makhuwa|vo=Volapük|vol=Volapük|vot=Votic|vro=Võro|vun=Vunjo|
      wa=Walloon|wae=Walser|wal=Wolaytta|war=Waray|was=Washo|wbp=Warlpiri|wel=Welsh|wln=Walloon|wo=Wolof|wol=Wolof|
      wuu=Wu Chinese|xal=Kalmyk|xh=Xhosa|xho=Xhosa|xmf=Mingrelian|xnr=Kangri|xog=Soga|xpe=Kpelle|xsl=Slave|yao=Yao|
      yap=Yapese|yav=Yangben|ybb=Yemba|ydd=Yiddish|yi=Yiddish|yid=Yiddish|yo=Yoruba|yor=Yoruba|yrl=Nheengatu|
      yue=Cantonese|za=Zhuang|zai=Zapotec|zap=Zapotec|zbl=Blissymbols|zea=Zeelandic|zen=Zenaga|
      zgh=Standard Moroccan Tamazight|zh=Chinese|zha=Zhuang|zho=Chinese|zsm=Malay|zu=Zulu|zul=Zulu|zun=Zuni|
      zxx=No linguistic content|zyb=Zhuang|zza=Zaza
      '), ' ?\| ?') ! map { substring-before(., '='): substring-after(., '=') })"/>

  <!-- The values above, which depend on nothing but this stylesheet: parameter EQName → value. -->
  <xsl:template name="ed:constants" as="map(xs:string, item()*)">
    <xsl:sequence select="map {
      'Q{urn:tei-edition}kinds': $ed:kinds,
      'Q{urn:tei-edition}layouts': $ed:layouts,
      'Q{urn:tei-edition}boundaries': $ed:boundaries,
      'Q{urn:tei-edition}text-holders': $ed:text-holders,
      'Q{urn:tei-edition}language-names': $ed:language-names }"/>
  </xsl:template>

  <xsl:variable name="ed:tei-namespace" select="'http://www.tei-c.org/ns/1.0'" as="xs:string"/>
  <xsl:variable name="ed:xinclude-namespace" select="'http://www.w3.org/2001/XInclude'" as="xs:string"/>

  <!-- XInclude (a document kept in several files: its chapters, its header's parts) is resolved where a reader
       needs it: an xi:include in a text or a header is read as the root element of the file it names, when that
       file is a file of the collection the build already has ($collection: every file a document's attributes
       name is there, ed:referenced-uris). Nothing else is ever read: a URL, an absolute path, a file outside the
       collection folder, parse="text" or an xpointer include nothing (validate reports them: xinclude-unresolved),
       and the xi:fallback, if any, stands in. A loop or nesting past 16 files stops (ed:included's $including).
       A teiCorpus's members, included at its top, are documents of their own: the corpus is not read as one. -->
  <xsl:function name="ed:included" as="element()?">
    <xsl:param name="include" as="element()"/>
    <xsl:param name="including" as="xs:string*"/>
    <xsl:variable name="href" select="string($include/@href)"/>
    <xsl:variable name="uri" select="if (normalize-space($href) and ed:is-relative-uri($href) and not(contains($href, '#'))
                                         and (empty($include/@parse) or $include/@parse = 'xml') and empty($include/@xpointer))
                                     then ed:resolve-uri($href, ed:uri-of(ed:written-in($include))) else ()"/>
    <xsl:variable name="target" select="if (exists($uri) and not($uri = ($including, ed:uri-of($source-path))) and count($including) lt 16) then $ed:documents-by-uri($uri) else ()"/>
    <xsl:sequence select="$target/*"/>
  </xsl:function>

  <!-- The collection path of the file a node is written in: what its relative pointers (@ref, @target, @who,
       graphic/@url, @facs, an include's @href) resolve against. Markup an include brings in keeps the address of its
       own file (XInclude 1.1, 4.5.5 "Base URI Fixup": the included element gets its file's URI as its base), so
       "../people.xml#p1" written in chapters/ch1.xml reaches people.xml wherever ch1 is included. The page's templates
       carry it down as the tunnel parameter $path (set where an include is followed); functions ask it of the node. -->
  <xsl:function name="ed:written-in" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="root" select="root($node)"/>
    <xsl:sequence select="if (exists($ed:source-document) and $root is $ed:source-document) then $source-path
                          else ($collection[?document is $root]?path, $source-path)[1]"/>
  </xsl:function>

  <!-- $elements (elements of one scope, in document order, every xi:include of the scope among them) in reading
       order, includes followed as the reader's page follows them: where a followed include stands, every element of
       the file it includes (its own includes followed in turn), else the elements of its xi:fallback; the elements
       inside an include (its fallback) only there. An included file that is an edition document of its own is left
       out: its mentions and text are counted where it is published, once. $scope: the node whose includes these are
       (the document node, an included root element, an xi:fallback); $including: as ed:included's. A file included
       twice is read where it is first included (its mentions are numbered once). -->
  <xsl:function name="ed:with-included" as="element()*">
    <xsl:param name="elements" as="element()*"/>
    <xsl:param name="scope" as="node()"/>
    <xsl:param name="including" as="xs:string*"/>
    <xsl:for-each-group select="ed:with-included-in($elements, $scope, $including)" group-by="generate-id()">
      <xsl:sequence select="."/>
    </xsl:for-each-group>
  </xsl:function>

  <xsl:function name="ed:with-included-in" as="element()*">
    <xsl:param name="elements" as="element()*"/>
    <xsl:param name="scope" as="node()"/>
    <xsl:param name="including" as="xs:string*"/>
    <xsl:for-each select="$elements">
      <xsl:choose>
        <!-- Inside an include of the scope (its fallback): read where the include is. -->
        <xsl:when test="exists(ancestor::Q{http://www.w3.org/2001/XInclude}include[1][. >> $scope])"/>
        <xsl:when test="self::Q{http://www.w3.org/2001/XInclude}include">
          <xsl:sequence select="."/>
          <xsl:variable name="included" select="ed:included(., $including)"/>
          <xsl:choose>
            <xsl:when test="exists($included)">
              <xsl:if test="not(ed:is-edition-document(root($included)))">
                <xsl:sequence select="ed:with-included-in($included/descendant-or-self::*, $included, ($including, ed:included-uri($included)))"/>
              </xsl:if>
            </xsl:when>
            <xsl:otherwise>
              <xsl:for-each select="Q{http://www.w3.org/2001/XInclude}fallback">
                <xsl:sequence select="ed:with-included-in(descendant::*, ., $including)"/>
              </xsl:for-each>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:when>
        <xsl:otherwise><xsl:sequence select="."/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:function>

  <!-- The root elements of the files a document's header and texts include (ed:included), and of the files those
       include in turn: the files its pages show besides itself. -->
  <xsl:function name="ed:inclusions" as="element()*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="ed:inclusions-of(($doc/*/tei:teiHeader, ed:texts($doc))//Q{http://www.w3.org/2001/XInclude}include, ())"/>
  </xsl:function>

  <xsl:function name="ed:inclusions-of" as="element()*">
    <xsl:param name="includes" as="element()*"/>
    <xsl:param name="including" as="xs:string*"/>
    <xsl:for-each select="$includes">
      <xsl:variable name="included" select="ed:included(., $including)"/>
      <xsl:sequence select="$included, $included ! ed:inclusions-of(descendant-or-self::Q{http://www.w3.org/2001/XInclude}include, ($including, ed:included-uri(.)))"/>
    </xsl:for-each>
  </xsl:function>

  <!-- The URI of the file an include names (its place in $including), as ed:included resolves it. -->
  <xsl:function name="ed:included-uri" as="xs:string?">
    <xsl:param name="included" as="element()"/>
    <xsl:sequence select="$collection[?document is root($included)]?path ! ed:uri-of(.)"/>
  </xsl:function>

  <!-- An element's kind: its entry in the table; 'float' for a TEI element not listed, 'phrase' for an
       element of another namespace (SVG, MathML: its text is kept, never its markup). -->
  <xsl:function name="ed:kind" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="namespace" select="namespace-uri($element)"/>
    <!-- An xi:include stands for what it includes (ed:included): a block among blocks, inline in running text. -->
    <xsl:variable name="kind" select="if ($namespace eq $ed:tei-namespace or $namespace eq 'http://www.tei-c.org/ns/Examples')
                                      then ($ed:kinds(local-name($element)), 'float')[1]
                                      else if ($namespace eq $ed:xinclude-namespace and local-name($element) eq 'include') then 'float' else 'phrase'"/>
    <!-- A list of register entries in the back matter is the document's register, not text to read. -->
    <!-- A transcription's own note among its utterances is read where it stands (ed:is-transcription-note). -->
    <xsl:sequence select="if ($kind eq 'block' and starts-with(local-name($element), 'list') and ed:is-register-list($element)) then 'meta'
                          else if ($kind eq 'note' and ed:is-transcription-note($element)) then 'unit' else $kind"/>
  </xsl:function>

  <!-- A kind's layout ('block', 'context', 'inline', 'moved', 'hidden'), boundary ('yes', 'as-block',
       'token', 'break', 'no'), and whether it holds running text. -->
  <xsl:function name="ed:layout" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="$ed:layouts($kind)"/>
  </xsl:function>

  <xsl:function name="ed:boundary" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="$ed:boundaries($kind)"/>
  </xsl:function>

  <!-- Whether an element is laid out as a block (its own paragraph or line; a div, or in HTML phrasing
       content a span displayed as a block). -->
  <xsl:function name="ed:is-block" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="ed:is-block($element, ed:kind($element))"/>
  </xsl:function>

  <xsl:function name="ed:is-block" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="layout" select="$ed:layouts($kind)"/>
    <xsl:sequence select="$layout eq 'block' or ($layout eq 'context' and not(ed:in-running-text($element)))
                          or ($layout eq 'run-on' and not(ed:is-run-on($element)))"/>
  </xsl:function>

  <!-- Whether the source runs an element on: the nearest thing beside it among its siblings (white space aside) is
       text or punctuation, as between the senses of a retro-digitised dictionary ("aider, secourir<pc>;</pc>"). -->
  <xsl:function name="ed:is-run-on" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="exists(($element/preceding-sibling::node()[not(self::text()[not(normalize-space())] or self::comment() or self::processing-instruction())][1],
                                  $element/following-sibling::node()[not(self::text()[not(normalize-space())] or self::comment() or self::processing-instruction())][1])
                                 [self::text() or self::tei:pc])"/>
  </xsl:function>

  <!-- Whether an element stands in running text: its parent holds running text, or text touches it, or its
       parent is laid out by context and stands in running text itself (a block never sits inside a line:
       the quote and the bibl of a cit in a sentence stay in the sentence). Only the neighbours and the
       ancestors laid out by context are looked at, so a list of thousands of entries costs no more per entry. -->
  <xsl:function name="ed:in-running-text" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="parent" select="$element/.."/>
    <xsl:sequence select="ed:holds-running-text($parent)
      or normalize-space($element/preceding-sibling::node()[1][self::text()]) != ''
      or normalize-space($element/following-sibling::node()[1][self::text()]) != ''
      or ($parent instance of element() and $ed:layouts(ed:kind($parent)) eq 'context' and ed:in-running-text($parent))"/>
  </xsl:function>

  <xsl:function name="ed:holds-running-text" as="xs:boolean">
    <xsl:param name="node" as="node()?"/>
    <xsl:sequence select="$node instance of element() and $ed:text-holders(ed:kind($node))"/>
  </xsl:function>

  <!-- Whether an element's start and end are word boundaries (for w and pc see ed:space-before). -->
  <xsl:function name="ed:is-boundary" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="kind" select="ed:kind($element)"/>
    <xsl:variable name="boundary" select="$ed:boundaries($kind)"/>
    <xsl:sequence select="$boundary = ('yes', 'token') or ed:is-citation-part($element)
                          or ($boundary = 'as-block' and ed:is-block($element))
                          or ($boundary = 'break' and not(ed:breaks-word($element)))"/>
  </xsl:function>

  <!-- ===================================================================================== -->
  <!-- Word boundaries                                                                       -->
  <!-- ===================================================================================== -->

  <!-- A break inside a word (lb, pb, cb, gb, milestone): att.breaking's break="no" (the break "does not
       mark the end of a token"), or a break between tokens joined across it (w with @part I then M or F:
       the parts of a fragmented word; a token with @join), or a break of another edition (att.edition's
       @ed or @edRef: where that edition's page or line ends, a reference point, not a line of this text)
       written between two letters with no @break: the source's white space decides, and there is none; or,
       with no @break, a break between two characters of a script written without spaces between words
       (Chinese, Japanese: CBETA's "是⏎<lb ed="T"/>時"), where a line's end is never a space, as CSS Text's
       segment break rules have it for those scripts. -->
  <xsl:function name="ed:breaks-word" as="xs:boolean">
    <xsl:param name="node" as="node()?"/>
    <xsl:sequence select="exists($node[self::tei:lb or self::tei:pb or self::tei:cb or self::tei:gb or self::tei:milestone]
                                      [@break = ('no', 'false', 'n')
                                       or ed:token-joins-right(ed:previous-sibling(.)) or ed:token-joins-left(ed:next-sibling(.))
                                       or (not(@break) and (((@ed or @edRef) and ed:between-letters(.)) or ed:between-unspaced-script(.)))])"/>
  </xsl:function>

  <!-- Whether the nearest characters on both sides of a break (across white space and other breaks, among its
       siblings) are of a script written without spaces between words (ed:is-unspaced-script). -->
  <xsl:function name="ed:between-unspaced-script" as="xs:boolean">
    <xsl:param name="node" as="element()"/>
    <xsl:variable name="before" select="$node/preceding-sibling::node()[not(self::text()[not(normalize-space())] or self::tei:lb or self::tei:pb or self::tei:cb or self::tei:gb or self::tei:milestone)][1][self::text()]"/>
    <xsl:variable name="after" select="$node/following-sibling::node()[not(self::text()[not(normalize-space())] or self::tei:lb or self::tei:pb or self::tei:cb or self::tei:gb or self::tei:milestone)][1][self::text()]"/>
    <!-- The characters next to the break only (a paragraph's text may be long): the first after it, then the last before it. -->
    <xsl:sequence select="exists($before) and exists($after)
                          and ed:is-unspaced-script(string-to-codepoints(normalize-space(substring($after, 1, 64)))[1])
                          and ed:is-unspaced-script(string-to-codepoints(normalize-space(substring($before, string-length($before) - 63)))[last()])"/>
  </xsl:function>

  <!-- Han ideographs (with their extensions and compatibility forms), kana, bopomofo, CJK punctuation and
       full-width forms: scripts whose words are not separated by spaces. Not Hangul: Korean spaces its words. -->
  <xsl:function name="ed:is-unspaced-script" as="xs:boolean">
    <xsl:param name="c" as="xs:integer?"/>
    <xsl:sequence select="exists($c) and $c ge 12288
                          and ($c le 12591 or ($c ge 12688 and $c le 19903) or ($c ge 19968 and $c le 40959)
                               or ($c ge 63744 and $c le 64255) or ($c ge 65280 and $c le 65519) or ($c ge 131072 and $c le 262143))"/>
  </xsl:function>

  <!-- Whether text with no white space at its edge stands directly on both sides of a node. -->
  <xsl:function name="ed:between-letters" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="before" select="$node/preceding-sibling::node()[1][self::text()]"/>
    <xsl:variable name="after" select="$node/following-sibling::node()[1][self::text()]"/>
    <xsl:sequence select="exists($before) and exists($after)
                          and normalize-space(substring($before, string-length($before))) != ''
                          and normalize-space(substring($after, 1, 1)) != ''"/>
  </xsl:function>

  <!-- Punctuation that attaches to the word before it (left) and punctuation that attaches to the word
       after it (right), for a pc without @join: a pc made of these characters only. The test suite reads
       these too. Tested with translate() and contains(), not regular expressions: these tests run for
       every token of a tokenised text. -->
  <xsl:variable name="ed:punctuation" as="element(ed:punctuation)+">
    <ed:punctuation joins="left">.,;:!?)]}»›”’…%‰·;、。，．：；！？」』）】〕〉》</ed:punctuation>
    <ed:punctuation joins="right">([{«‹“‘„‚¿¡「『（【〔〈《</ed:punctuation>
  </xsl:variable>
  <xsl:variable name="ed:closing-punctuation" as="xs:string" select="string($ed:punctuation[@joins = 'left'])"/>
  <xsl:variable name="ed:opening-punctuation" as="xs:string" select="string($ed:punctuation[@joins = 'right'])"/>

  <!-- Whether nothing may separate a node from what comes before it: a break inside a word, a token
       joined on its left (@join left or both; w with @part M or F: a later part of a fragmented word),
       closing punctuation (a pc, or text that starts with it: "<signed>Hugo</signed>." stays "Hugo."). -->
  <xsl:function name="ed:joins-left" as="xs:boolean">
    <xsl:param name="node" as="node()?"/>
    <xsl:sequence select="if ($node instance of text()) then contains($ed:closing-punctuation, substring($node, 1, 1)) and string-length($node) gt 0
                          else ed:token-joins-left($node) or ed:breaks-word($node)"/>
  </xsl:function>

  <xsl:function name="ed:joins-right" as="xs:boolean">
    <xsl:param name="node" as="node()?"/>
    <xsl:sequence select="if ($node instance of text()) then contains($ed:opening-punctuation, substring($node, string-length($node), 1)) and string-length($node) gt 0
                          else ed:token-joins-right($node) or ed:breaks-word($node)"/>
  </xsl:function>

  <xsl:function name="ed:token-joins-left" as="xs:boolean">
    <xsl:param name="node" as="node()?"/>
    <xsl:sequence select="if ($node/self::tei:w) then $node/@join = ('left', 'both') or $node/@part = ('M', 'F')
      else if ($node/self::tei:pc) then (if ($node/@join) then $node/@join = ('left', 'both') else ed:is-punctuation($node, $ed:closing-punctuation))
      else false()"/>
  </xsl:function>

  <xsl:function name="ed:token-joins-right" as="xs:boolean">
    <xsl:param name="node" as="node()?"/>
    <xsl:sequence select="if ($node/self::tei:w) then $node/@join = ('right', 'both') or $node/@part = ('I', 'M')
      else if ($node/self::tei:pc) then (if ($node/@join) then $node/@join = ('right', 'both') else ed:is-punctuation($node, $ed:opening-punctuation))
      else false()"/>
  </xsl:function>

  <!-- Whether a pc is made only of these characters. -->
  <xsl:function name="ed:is-punctuation" as="xs:boolean">
    <xsl:param name="pc" as="element()"/>
    <xsl:param name="characters" as="xs:string"/>
    <xsl:variable name="value" select="normalize-space($pc)"/>
    <xsl:sequence select="$value != '' and translate($value, $characters, '') = ''"/>
  </xsl:function>

  <!-- The sibling before (after) a node, white space between tokens aside. -->
  <xsl:function name="ed:previous-sibling" as="node()?">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="previous" select="$node/preceding-sibling::node()[1]"/>
    <xsl:sequence select="if ($previous instance of text() and normalize-space($previous) = '') then $previous/preceding-sibling::node()[1] else $previous"/>
  </xsl:function>

  <xsl:function name="ed:next-sibling" as="node()?">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="next" select="$node/following-sibling::node()[1]"/>
    <xsl:sequence select="if ($next instance of text() and normalize-space($next) = '') then $next/following-sibling::node()[1] else $next"/>
  </xsl:function>

  <!-- The space an inline element puts before (after) itself: ' ' at a word boundary, unless the element
       or its neighbour is joined on that side; '' otherwise. A pc is a boundary only with join="no".
       White space between the element and its neighbour already separates them (it is kept, or
       dropped by ed:text-value when they join): nothing more to decide, which is the common case of a
       tokenised text, one token per line. -->
  <xsl:function name="ed:space-before" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="previous" select="$element/preceding-sibling::node()[1]"/>
    <xsl:sequence select="if ($previous instance of text() and normalize-space($previous) = '') then ''
                          else if ((ed:has-boundary($element) or ($previous and ed:is-citation-part($element))) and not(ed:joins-left($element)) and not(ed:joins-right($previous))
                                   and not(empty($previous) and ed:is-entry-group($element/..))) then ' ' else ''"/>
  </xsl:function>

  <xsl:function name="ed:space-after" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="next" select="$element/following-sibling::node()[1]"/>
    <xsl:sequence select="if ($next instance of text() and normalize-space($next) = '') then ''
                          else if ((ed:has-boundary($element) or ($next and ed:is-citation-part($element))) and not(ed:joins-right($element)) and not(ed:joins-left($next))
                                   and not(empty($next) and ed:is-entry-group($element/..))) then ' ' else ''"/>
  </xsl:function>

  <!-- A dictionary's group of units (a form: its orth and pron; a gramGrp: its labels), whose edges are its own: a
       unit first or last in it adds no space there, so that the source's punctuation after the group touches it
       ("wealth<pc>,</pc>", not "wealth ,"). -->
  <xsl:function name="ed:is-entry-group" as="xs:boolean">
    <xsl:param name="parent" as="node()?"/>
    <xsl:sequence select="exists($parent/self::tei:form | $parent/self::tei:gramGrp)"/>
  </xsl:function>

  <!-- Breaks, spaces and images put their own space (their templates); a pc only with join="no". -->
  <xsl:function name="ed:has-boundary" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="if ($element/self::tei:w) then true()
                          else if ($element/self::tei:pc) then $element/@join = 'no'
                          else ed:has-boundary($element, ed:kind($element))"/>
  </xsl:function>

  <xsl:function name="ed:has-boundary" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="boundary" select="$ed:boundaries($kind)"/>
    <xsl:sequence select="$boundary eq 'yes' or $boundary eq 'token' or ($boundary eq 'as-block' and ed:is-block($element, $kind))"/>
  </xsl:function>

  <!-- A part of a cit (its quote, its bibl or ref): cit groups a quotation with its source, two units that
       never run into one word, even when encoded without white space between them (a space between the
       parts, none at the cit's edges). -->
  <xsl:function name="ed:is-citation-part" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="exists($element/parent::tei:cit)"/>
  </xsl:function>

  <!-- A text node's characters as the reading shows them: the white space facing a join (a break="no",
       punctuation, a joined token) removed, so "in<lb break='no'/> terests" is one word even when the
       encoder indented the line; white space between tokens that join is dropped. -->
  <xsl:function name="ed:text-value" as="xs:string">
    <xsl:param name="text" as="text()"/>
    <xsl:variable name="previous" select="$text/preceding-sibling::node()[1]"/>
    <xsl:variable name="next" select="$text/following-sibling::node()[1]"/>
    <xsl:choose>
      <!-- Most text (between two plain words of a tokenised text, or beside a phrase) has no neighbour
           that can join: one test, no function calls. -->
      <xsl:when test="not(if ($previous instance of element(tei:w)) then $previous/@join or $previous/@part
                          else $previous instance of element(tei:pc) or $previous instance of element(tei:lb) or $previous instance of element(tei:pb)
                            or $previous instance of element(tei:cb) or $previous instance of element(tei:gb) or $previous instance of element(tei:milestone))
                      and not(if ($next instance of element(tei:w)) then $next/@join or $next/@part
                          else $next instance of element(tei:pc) or $next instance of element(tei:lb) or $next instance of element(tei:pb)
                            or $next instance of element(tei:cb) or $next instance of element(tei:gb) or $next instance of element(tei:milestone))">
        <!-- ed:join-unspaced-lines's first test written out: nearly every text node passes it, and this runs once per
             text node of every output, where a function call costs more than the test. -->
        <xsl:variable name="value" select="string($text)"/>
        <xsl:sequence select="if (not(contains($value, '&#10;')) or not(matches($value, '[&#x3000;-&#x312F;&#x3190;-&#x4DBF;&#x4E00;-&#x9FFF;&#xF900;-&#xFAFF;&#xFF00;-&#xFFEF;&#x20000;-&#x3FFFF;]\s*&#10;'))) then $value
                              else ed:join-unspaced-lines($value)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="v" select="ed:join-unspaced-lines(string($text))"/>
        <xsl:variable name="v" select="if (ed:joins-right($previous)) then replace($v, '^\s+', '') else $v"/>
        <xsl:sequence select="if (ed:joins-left($next)) then replace($v, '\s+$', '') else $v"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- The source's own line ends between two characters of a script written without spaces between words
       (ed:is-unspaced-script: "是⏎時" is "是時") are no space, as at a line break (ed:between-unspaced-script)
       and as CSS Text's segment break rules have it for those scripts; other white space stays as written. The
       first test is one scan of text that has a line end and no such characters around it, nearly all text. -->
  <xsl:function name="ed:join-unspaced-lines" as="xs:string">
    <xsl:param name="value" as="xs:string"/>
    <xsl:sequence select="if (not(contains($value, '&#10;')) or not(matches($value, '[&#x3000;-&#x312F;&#x3190;-&#x4DBF;&#x4E00;-&#x9FFF;&#xF900;-&#xFAFF;&#xFF00;-&#xFFEF;&#x20000;-&#x3FFFF;]\s*&#10;'))) then $value
                          else string-join(analyze-string($value, '\s*&#10;\s*')/* ! (
                            if (self::Q{http://www.w3.org/2005/xpath-functions}match and ed:is-unspaced-script(string-to-codepoints(preceding-sibling::*[1])[last()])
                                and ed:is-unspaced-script(string-to-codepoints(following-sibling::*[1])[1])) then '' else string(.)))"/>
  </xsl:function>

  <!-- A w or pc that holds only text, as the reading shows it with its spaces (ed:space-before, ed:text,
       ed:space-after), the common case written out: a token with white space on both sides. -->
  <xsl:function name="ed:token" as="xs:string">
    <xsl:param name="token" as="element()"/>
    <xsl:variable name="previous" select="$token/preceding-sibling::node()[1]"/>
    <xsl:variable name="next" select="$token/following-sibling::node()[1]"/>
    <xsl:sequence select="(if ($previous instance of text() and normalize-space($previous) = '') then '' else ed:space-before($token))
                          || string($token)
                          || (if ($next instance of text() and normalize-space($next) = '') then '' else ed:space-after($token))"/>
  </xsl:function>

  <!-- When a page (or a numbered column) breaks inside a word, its marker goes before the word rather than inside it,
       so the word stays whole. This returns that page break, when it follows the text node directly. -->
  <xsl:function name="ed:page-break-inside-word" as="element()?">
    <xsl:param name="text" as="text()"/>
    <xsl:sequence select="$text/following-sibling::node()[1][self::tei:pb or self::tei:cb[normalize-space(@n)]][ed:breaks-word(.)][matches(ed:text-value($text), '\S$')]"/>
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
  <!-- The reading policy                                                                    -->
  <!-- ===================================================================================== -->

  <!-- Reading view: within choice the editors' reading (corr, reg, expan), else the first alternative;
       within app the lemma, else the first reading (within a rdgGrp, the same again). This is also what
       the text edition prints. -->
  <xsl:function name="ed:reading" as="element()?">
    <xsl:param name="alternatives" as="element()"/>
    <xsl:variable name="children" select="$alternatives/*"/>
    <xsl:sequence select="if ($alternatives/self::tei:app or $alternatives/self::tei:rdgGrp)
                          then ($children[self::tei:lem], $children[self::tei:rdg or self::tei:rdgGrp])[1] ! (if (self::tei:rdgGrp) then ed:reading(.) else .)
                          else ($children[self::tei:corr], $children[self::tei:reg], $children[self::tei:expan], $children)[1]"/>
  </xsl:function>

  <!-- Diplomatic view: the source as written (sic, orig, abbr); for app, the reading view's lemma. -->
  <xsl:function name="ed:diplomatic" as="element()?">
    <xsl:param name="alternatives" as="element()"/>
    <xsl:variable name="children" select="$alternatives/*"/>
    <xsl:sequence select="if ($alternatives/self::tei:app or $alternatives/self::tei:rdgGrp) then ed:reading($alternatives)
                          else ($children[self::tei:sic], $children[self::tei:orig], $children[self::tei:abbr], $children)[1]"/>
  </xsl:function>

  <!-- ===================================================================================== -->
  <!-- The critical apparatus (Guidelines 12): what an app says besides its lemma, the same    -->
  <!-- in both editions. The reading text shows the lemma (ed:reading); each app of the text   -->
  <!-- is an entry of the apparatus, as a printed edition prints it:                          -->
  <!--   lemma Wit] reading Wit; om. Wit; (cause) reading add. Wit — comment                   -->
  <!-- Variant readings are not part of the reading text (nor of the search: it finds the      -->
  <!-- constituted text, as the reader sees it).                                              -->
  <!-- ===================================================================================== -->

  <!-- The apparatus entries of a document's text, numbered 1..N: the apps of the parallel-segmentation method,
       standing in the text where their lemma is read. Not an app of a list of them (listApp) nor one that names
       its place in the text (@from: the double-end-point method; @loc where it stands outside the text's flow):
       those are shown where they stand, as entries of their list. Not an app inside a variant reading (the reading
       text never shows it; its entry shows it as part of the reading), nor in a text example. -->
  <xsl:function name="ed:apparatus" as="element(tei:app)*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="apps" select="ed:texts($doc)//tei:app"/>
    <xsl:sequence select="if (exists($apps[@from or @to])) then ed:in-reading-order($apps[ed:is-inline-app(.) or exists(ed:detached-anchor(.))])
                          else $apps[ed:is-inline-app(.)]"/>
  </xsl:function>

  <xsl:function name="ed:is-inline-app" as="xs:boolean">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:sequence select="not($app/@from or $app/ancestor::tei:listApp or $app/ancestor::tei:rdg or $app/ancestor::tei:eg
                              or $app/ancestor::tei:witDetail or $app/ancestor::tei:teiHeader)"/>
  </xsl:function>

  <xsl:function name="ed:app-number" as="xs:integer?">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:param name="numbering" as="map(*)"/>
    <xsl:sequence select="map:get(($numbering?app, map {})[1], generate-id($app))"/>
  </xsl:function>

  <xsl:function name="ed:app-id" as="xs:string">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:param name="numbering" as="map(*)"/>
    <xsl:sequence select="(normalize-space($app/@xml:id)[.], 'app-' || (ed:app-number($app, $numbering), generate-id($app))[1])[1]"/>
  </xsl:function>

  <!-- An entry of the apparatus, as the parts both editions print in this order:
       map { 'part': 'place', 'text' }: where a located app (@loc, @n) applies, when it stands apart from the text;
       map { 'part': 'lemma', 'text', 'marks', 'sigla' }: the lemma as the entry repeats it (ed:lemma-label; whole in an entry
         apart from the text) and its witnesses;
       map { 'part': 'reading', 'reading': the rdg or lem, 'marks', 'sigla', 'qualifiers' }: each variant reading, in
         document order: its content unless it is empty (then its marks say what it is: "om.", "inc." ...), its marks,
         sigla, and (in brackets) its cause and type;
       map { 'part': 'comment', 'node' }: the app's notes and witness details (witDetail), after the readings.
       'sigla' are pointers (ed:siglum, ed:witness-of resolve them); 'marks' keys of ed:apparatus-marks. -->
  <xsl:function name="ed:apparatus-entry" as="map(*)*">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:variable name="lemma" select="ed:reading($app)"/>
    <xsl:variable name="lemma-is-empty" select="exists($lemma) and ed:is-empty-reading($lemma)"/>
    <xsl:variable name="place" select="if (ed:is-inline-app($app)) then () else normalize-space(($app/@loc, $app/@n)[1])[.]"/>
    <xsl:sequence select="$place ! map { 'part': 'place', 'text': . }"/>
    <xsl:sequence select="$lemma ! map { 'part': 'lemma', 'text': if (exists($place) or not(ed:is-inline-app($app))) then ed:plain(.) else ed:lemma-label(.),
                                         'sigla': ed:attributions(.), 'marks': ed:reading-marks(., false()) }"/>
    <xsl:for-each select="$app//*[self::tei:lem or self::tei:rdg][ancestor::tei:app[1] is $app] except $lemma">
      <xsl:sequence select="map { 'part': 'reading', 'reading': ., 'marks': ed:reading-marks(., $lemma-is-empty),
                                  'qualifiers': ed:reading-qualifiers(.), 'sigla': ed:attributions(.) }"/>
    </xsl:for-each>
    <xsl:sequence select="($app/tei:note, $app/tei:rdgGrp//tei:note[not(ancestor::tei:lem or ancestor::tei:rdg)], $app//tei:witDetail[ancestor::tei:app[1] is $app])
                          ! map { 'part': 'comment', 'node': . }"/>
  </xsl:function>

  <!-- The lemma as an entry of the text repeats it: its words, a long one by its first and last word ("καθὼς …
       σημαίνουσιν"), the reader has it in the text. An entry standing apart from the text gives it whole. -->
  <xsl:function name="ed:lemma-label" as="xs:string">
    <xsl:param name="lemma" as="element()"/>
    <xsl:variable name="words" select="tokenize(ed:plain($lemma))"/>
    <xsl:sequence select="if (count($words) gt 5) then $words[1] || ' … ' || $words[last()] else string-join($words, ' ')"/>
  </xsl:function>

  <!-- A reading with no text of its own: an omission, or only a witness's start or end, a lacuna's (witStart...). -->
  <xsl:function name="ed:is-empty-reading" as="xs:boolean">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="not($reading//text()[normalize-space()]) and empty($reading//(tei:gap | tei:graphic | tei:space | tei:g))"/>
  </xsl:function>

  <!-- The editorial abbreviations of the apparatus (their Latin form, as printed editions use them) and what each means. -->
  <xsl:variable name="ed:apparatus-marks" as="map(xs:string, xs:string)" select="map {
    'om.': 'omitted', 'add.': 'added', 'inc.': 'the witness begins here', 'des.': 'the witness ends here',
    'lac.': 'a lacuna begins here', 'lac. des.': 'the lacuna ends here' }"/>

  <!-- What a reading is besides its words: an empty one is an omission ("om.") unless it marks where a witness or a
       lacuna starts or ends (an empty lemma only when witnesses attest it: the text follows their omission); a
       reading where the lemma is empty, or of type "addition", is an addition ("add."). -->
  <xsl:function name="ed:reading-marks" as="xs:string*">
    <xsl:param name="reading" as="element()"/>
    <xsl:param name="lemma-is-empty" as="xs:boolean"/>
    <xsl:variable name="empty" select="ed:is-empty-reading($reading)"/>
    <xsl:variable name="boundaries" select="$reading//(tei:witStart | tei:witEnd | tei:lacunaStart | tei:lacunaEnd)"/>
    <xsl:sequence select="if ($empty and exists($boundaries))
                            then distinct-values($boundaries ! (if (self::tei:witStart) then 'inc.' else if (self::tei:witEnd) then 'des.'
                                                                else if (self::tei:lacunaStart) then 'lac.' else 'lac. des.'))
                          else if ($empty) then (if ($reading/self::tei:rdg or $reading/@type = 'omission' or exists(ed:attributions($reading))) then 'om.' else ())
                          else if ($reading/@type = 'addition' or ($lemma-is-empty and $reading/self::tei:rdg)) then 'add.'
                          else ()"/>
  </xsl:function>

  <!-- Why a reading differs and what kind it is (@cause, @type), where the marks do not say it already. -->
  <xsl:function name="ed:reading-qualifiers" as="xs:string*">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="distinct-values(($reading/@type[not(. = ('omission', 'addition', 'variant', 'variants', 'reading'))], $reading/@cause) ! normalize-space(.)[.])"/>
  </xsl:function>

  <!-- Who attests a reading: its witnesses (@wit, or the wit element after it), then the editions it comes from (@source)
       and those responsible for it (@resp: an editor's conjecture), as pointers. -->
  <xsl:function name="ed:attributions" as="xs:string*">
    <xsl:param name="reading" as="element()"/>
    <xsl:variable name="wit" select="if ($reading/@wit) then tokenize($reading/@wit) else tokenize($reading/following-sibling::*[1][self::tei:wit])"/>
    <xsl:sequence select="($wit, tokenize($reading/@source), tokenize($reading/@resp))"/>
  </xsl:function>

  <!-- The element a pointer of an apparatus names in its own document (a witness, a bibl, a person), if any. -->
  <xsl:function name="ed:witness-of" as="element()?">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="if (starts-with($pointer, '#')) then key('ed:id', substring($pointer, 2), $doc)[1] else ()"/>
  </xsl:function>

  <!-- A witness's siglum: its siglum element (abbr, label or idno of type siglum, else its first abbr or label), else
       its @n, else its xml:id (else none); for a pointer that names nothing here, or a witness without one, the
       pointer's fragment or the pointer itself. -->
  <xsl:function name="ed:siglum" as="xs:string">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="witness" select="ed:witness-of($pointer, $doc)"/>
    <xsl:sequence select="((if (exists($witness)) then ed:witness-siglum($witness) else ())[.], substring-after($pointer, '#')[.], $pointer)[1]"/>
  </xsl:function>

  <xsl:function name="ed:witness-siglum" as="xs:string">
    <xsl:param name="witness" as="element()"/>
    <xsl:sequence select="string((ed:siglum-element($witness) ! ed:plain(.), normalize-space($witness/@n), normalize-space($witness/@xml:id))[.][1])"/>
  </xsl:function>

  <xsl:function name="ed:siglum-element" as="element()?">
    <xsl:param name="witness" as="element()"/>
    <xsl:sequence select="($witness/*[@type = 'siglum'][self::tei:abbr or self::tei:label or self::tei:idno], $witness/tei:abbr, $witness/tei:label)[1]"/>
  </xsl:function>

  <!-- What a witness list says of a witness besides its siglum (its name, date, folios...): its other content. -->
  <xsl:function name="ed:witness-description" as="node()*">
    <xsl:param name="witness" as="element()"/>
    <xsl:sequence select="$witness/node() except ($witness/tei:listWit, ed:siglum-element($witness))"/>
  </xsl:function>

  <!-- The witness lists of a document's header (outermost only): its conspectus siglorum. Those in its text are shown
       where they stand. -->
  <xsl:function name="ed:witness-lists" as="element(tei:listWit)*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="ed:header($doc)//tei:listWit[not(ancestor::tei:listWit)]"/>
  </xsl:function>

  <!-- Whether a document has a critical apparatus (any app in its text): then its header's witnesses are shown. -->
  <xsl:function name="ed:has-apparatus" as="xs:boolean">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="exists(ed:texts($doc)//tei:app)"/>
  </xsl:function>

  <!-- An apparatus entry as one line of text (the text edition's entry, the HTML marker's tooltip): "lemma Wit] reading
       Wit; om. Wit — comment". $numbering gives the notes in the entry their markers ("[3]"); empty, they are left out. -->
  <xsl:function name="ed:apparatus-text" as="xs:string">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:param name="numbering" as="map(*)?"/>
    <xsl:sequence select="ed:apparatus-text($app, ed:apparatus-entry($app), $numbering, map {})"/>
  </xsl:function>

  <!-- The same from the entry's parts (ed:apparatus-entry) worked out already, and the sigla of pointers known already
       ($sigla: pointer → map { 'siglum' }, see html:sigla-table); a pointer it does not hold is looked up. -->
  <xsl:function name="ed:apparatus-text" as="xs:string">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:param name="parts" as="map(*)*"/>
    <xsl:param name="numbering" as="map(*)?"/>
    <xsl:param name="known-sigla" as="map(*)"/>
    <xsl:variable name="doc" select="root($app)"/>
    <xsl:variable name="strings" as="xs:string*">
      <xsl:for-each select="$parts">
        <xsl:variable name="i" select="position()"/>
        <xsl:variable name="sigla" select="string-join(?sigla ! ($known-sigla(.)?siglum, ed:siglum(., $doc))[1], ' ')"/>
        <xsl:choose>
          <xsl:when test="?part = 'place'"><xsl:sequence select="?text || ' '"/></xsl:when>
          <xsl:when test="?part = 'lemma'">
            <xsl:sequence select="string-join((?text[.], ?marks, $sigla[.]), ' ') || (if (exists($parts[?part = 'reading'])) then ']' else '')"/>
          </xsl:when>
          <xsl:when test="?part = 'reading'">
            <xsl:variable name="omitted" select="?marks = ('om.', 'inc.', 'des.', 'lac.', 'lac. des.')"/>
            <xsl:sequence select="(if (exists($parts[position() lt $i][?part = 'reading'])) then '; ' else ' ')
                                  || string-join((if ($omitted) then () else ed:plain(?reading)[.], ?marks, $sigla[.],
                                                  (?qualifiers => string-join(', '))[.] ! ('(' || . || ')')), ' ')"/>
          </xsl:when>
          <xsl:when test="?node/self::tei:note">
            <xsl:sequence select="(if (exists($numbering)) then ed:note-number(?node, $numbering) else ()) ! ('[' || . || ']')"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:sequence select="' — ' || string-join((?node/@wit ! (string-join(tokenize(.) ! ed:siglum(., $doc), ' ') || ':'), ed:plain(?node/node())), ' ')"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($strings))"/>
  </xsl:function>

  <!-- A witness as the witness list describes it, in one line: its content but the siglum; fields that stand side by side
       with nothing between them (name, date, folios) separated by commas. -->
  <xsl:function name="ed:witness-label" as="xs:string">
    <xsl:param name="witness" as="element()"/>
    <xsl:variable name="description" select="ed:witness-description($witness)"/>
    <xsl:sequence select="if (ed:is-field-list($description)) then string-join($description[self::*] ! ed:plain(.)[.], ', ')
                          else ed:plain($description)"/>
  </xsl:function>

  <!-- Elements with no text between them: each a field of its own. -->
  <xsl:function name="ed:is-field-list" as="xs:boolean">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:sequence select="count($nodes[self::*]) gt 1 and empty($nodes[self::text()][normalize-space()])"/>
  </xsl:function>

  <!-- A substitution in the reading view: what was put in (add and the rest), not what was taken out (del). -->
  <xsl:function name="ed:is-substituted" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="exists($node/self::tei:del[parent::tei:subst])"/>
  </xsl:function>

  <!-- Elements whose text the editors added or marked, and the brackets that show it in every view. A deletion that
       was restored (restore, Guidelines 11.3.1.5: the deletion cancelled) reads as the text it is again. -->
  <xsl:function name="ed:brackets" as="xs:string*">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="if ($element/self::tei:supplied) then ('[', ']')
                          else if ($element/self::tei:del[not(ancestor::tei:restore)]) then ('⟦', '⟧')
                          else ()"/>
  </xsl:function>

  <!-- Documentary transcription (TEI Guidelines 11.2-11.3) =================================== -->

  <!-- A page of the source (surface), as its heading names it: its label, else "p." and its number (@n), else its
       place among the pages of the transcription ("Page 3"). A page that is the whole of a file the transcription
       includes counts where its xi:include stands ($included-by). -->
  <xsl:function name="ed:surface-label" as="xs:string">
    <xsl:param name="surface" as="element()"/>
    <xsl:param name="included-by" as="element()?"/>
    <xsl:variable name="label" select="normalize-space(string-join($surface/tei:label[1]//text()))"/>
    <xsl:variable name="place" select="if ($surface/parent::*) then $surface else $included-by"/>
    <xsl:sequence select="if ($label) then $label
                          else if (normalize-space($surface/@n)) then 'p. ' || normalize-space($surface/@n)
                          else 'Page ' || (1 + count($place/preceding-sibling::*[self::tei:surface or self::Q{http://www.w3.org/2001/XInclude}include]))"/>
  </xsl:function>

  <!-- The image of a page of the source: its @facs (as a page break's, ed:page-image), else its first graphic. -->
  <xsl:function name="ed:surface-image" as="map(*)?">
    <xsl:param name="surface" as="element()"/>
    <xsl:param name="path" as="xs:string"/>
    <xsl:sequence select="(ed:page-image($surface, $path), $surface/tei:graphic ! ed:graphic-location(., $path))[1]"/>
  </xsl:function>

  <!-- Spans (addSpan, delSpan, damageSpan: Guidelines 11.3.1.4, 11.3.3.1): what stands between the span element and
       the element its @spanTo points to (an anchor, mostly) was added, deleted or damaged, across lines and zones,
       and is shown as an add, a del or a damage is. Looked up through a key, built once per file: a file without
       spans answers at once. A span whose end is not found, or stands before it, marks nothing. -->
  <!-- One key, two uses: 'span' gives all the file's spans, '#' and an xml:id those whose @spanTo points there. -->
  <xsl:key name="ed:spans" match="tei:addSpan[@spanTo] | tei:delSpan[@spanTo] | tei:damageSpan[@spanTo]"
           use="'span', '#' || substring-after(normalize-space(@spanTo), '#')"/>

  <xsl:function name="ed:span-end" as="element()?">
    <xsl:param name="span" as="element()"/>
    <xsl:variable name="id" select="substring-after(normalize-space($span/@spanTo), '#')"/>
    <xsl:sequence select="if ($id) then key('ed:id', $id, root($span))[1][. >> $span] else ()"/>
  </xsl:function>

  <!-- The spans a node of the text stands in, outermost first. -->
  <xsl:function name="ed:spans-over" as="element()*">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="key('ed:spans', 'span', root($node))[. &lt;&lt; $node][ed:span-end(.) >> $node]"/>
  </xsl:function>

  <!-- The spans that end at an element (the element their @spanTo points to). -->
  <xsl:function name="ed:spans-ending" as="element()*">
    <xsl:param name="end" as="element()"/>
    <xsl:sequence select="key('ed:spans', '#' || $end/@xml:id, root($end))[ed:span-end(.) is $end]"/>
  </xsl:function>

  <!-- What a span shows its text as: the class of the element it stands for (add, del, damage). -->
  <xsl:function name="ed:span-kind" as="xs:string">
    <xsl:param name="span" as="element()"/>
    <xsl:sequence select="substring-before(local-name($span), 'Span')"/>
  </xsl:function>

  <!-- A deletion's brackets at the start and the end of a delSpan, as a del has them (ed:brackets). -->
  <xsl:function name="ed:span-brackets" as="xs:string*">
    <xsl:param name="span" as="element()"/>
    <xsl:sequence select="if ($span/self::tei:delSpan) then ('⟦', '⟧') else ()"/>
  </xsl:function>

  <!-- A change of hand (handShift/@new, Guidelines 11.3.2.1): the hand as the header describes it (its handNote), else
       its name as the pointer gives it. -->
  <xsl:function name="ed:hand-label" as="xs:string">
    <xsl:param name="shift" as="element()"/>
    <xsl:variable name="id" select="replace(normalize-space(tokenize($shift/@new)[1]), '^#', '')"/>
    <xsl:variable name="note" select="if ($id) then key('ed:id', $id, root($shift))[1] else ()"/>
    <xsl:sequence select="(normalize-space(string-join($note//text()))[.], $id[.], 'another hand')[1]"/>
  </xsl:function>

  <!-- A gap in the source: what the reader sees in its place, with the description the editors give of what
       is missing (desc: "inaudible", "Microphone off"), if any. A description of signs alone, no words, is the
       transcribers' mark for the letters they could not read (EEBO-TCP's "•", one a letter): it stands in their place,
       "h[•]unteth", as the transcribers' own texts show it. -->
  <xsl:function name="ed:gap-label" as="xs:string">
    <xsl:param name="gap" as="element()"/>
    <xsl:variable name="desc" select="normalize-space(ed:shown-desc($gap))"/>
    <xsl:sequence select="if (not($desc)) then '[…]' else if (matches($desc, '[\p{L}\p{N}]')) then '[… ' || $desc || ']' else '[' || $desc || ']'"/>
  </xsl:function>


  <!-- ===================================================================================== -->
  <!-- Characters and glyphs (Guidelines 5, "Characters, Glyphs, and Writing Modes"): a g     -->
  <!-- stands for a character or glyph its @ref declares (a char or glyph of a charDecl, in    -->
  <!-- the header or in another file of the collection). A g with content reads as its       -->
  <!-- content (the declaration annotates it); an empty g reads as the declaration's mapping   -->
  <!-- for the view (ed:glyph-view-text), else as its name, shown for what it is, never as       -->
  <!-- nothing. Both editions and the search read it by these functions.                     -->
  <!-- ===================================================================================== -->

  <!-- The kinds of mapping (mapping/@type, lower-cased) each view reads first: the reading view (and the text
       edition and the search) the standard or normalised form, the diplomatic view the form as written. Any other
       mapping comes after them (a private-use code point last: it shows only in the project's own font). -->
  <xsl:variable name="ed:mapping-types" as="map(xs:string, xs:string+)" select="map {
    'reading': ('standard', 'normalized', 'normalised', 'normal', 'regularized', 'regularised', 'modern', 'modernized', 'modernised', 'expanded'),
    'diplomatic': ('diplomatic', 'facsimile', 'paleographic', 'palaeographic', 'printed') }"/>

  <!-- Declarations projects point to outside the collection, which the build (with no network) cannot read, whose
       meaning their publishers document: the Text Creation Partnership's character list (tcpchars.xml, reached by its
       "char:" prefix: EEBO, ECCO, Evans). Its EOLhyphen is the hyphen of a word broken at a line end: the word goes on
       on the next line (the reading joins it; the diplomatic view shows the printed hyphen); EOLunhyphen the same
       break where no hyphen was printed. Keyed by the declaration's file name and id. -->
  <xsl:variable name="ed:known-characters" as="map(xs:string, map(*))" select="map {
    'tcpchars.xml#EOLhyphen': map { 'reading': '', 'diplomatic': '-', 'name': 'hyphen at a line end (the word goes on on the next line)' },
    'tcpchars.xml#EOLunhyphen': map { 'reading': '', 'diplomatic': '', 'name': 'line end inside a word (no hyphen printed)' } }"/>

  <!-- What a g's @ref (its first pointer, prefixes expanded) declares: map { 'declaration': the char or glyph, or
       'known': the entry of ed:known-characters, and 'name': the declared name (ed:character-name), else the id the
       pointer names (a pointer that reaches nothing: "#ivy-leaf" shows as "ivy-leaf"), 'undeclared': whether it points
       into the collection and reaches nothing there }; empty for a g without @ref.
       In the document being rendered, each distinct @ref is looked up once ($ed:glyph-references). -->
  <xsl:function name="ed:glyph-reference" as="map(*)?">
    <xsl:param name="g" as="element()"/>
    <xsl:variable name="ref" select="normalize-space($g/@ref)"/>
    <xsl:sequence select="if ($ref = '') then ()
                          else if (root($g) is $ed:source-document) then $ed:glyph-references($ref)
                          else ed:look-up-glyph($ref, root($g), ed:written-in($g))"/>
  </xsl:function>

  <xsl:variable name="ed:glyph-references" as="map(xs:string, map(*))"
    select="map:merge(distinct-values($ed:source-document//tei:g/@ref ! normalize-space(.)[.]) ! map { .: ed:look-up-glyph(., $ed:source-document, $source-path) })"/>

  <xsl:function name="ed:look-up-glyph" as="map(*)">
    <xsl:param name="ref" as="xs:string"/>
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="path" as="xs:string"/>
    <xsl:variable name="token" select="tokenize($ref)[1]"/>
    <xsl:variable name="pointer" select="if (contains($token, ':')) then ed:expand-pointer($token, $doc) else $token"/>
    <xsl:variable name="declaration" select="ed:resolve($pointer, $doc, $path)[self::tei:char or self::tei:glyph]"/>
    <xsl:variable name="fragment" select="if (contains($pointer, '#')) then substring-after($pointer, '#') else replace($pointer, '^[^:]*:', '')"/>
    <!-- A TCP file without the prefixDef that expands "char:" names TCP's list all the same. -->
    <xsl:variable name="known" select="if (exists($declaration)) then ()
                                       else (map:get($ed:known-characters, tokenize(substring-before($pointer || '#', '#'), '/')[last()] || '#' || $fragment),
                                             if (starts-with($token, 'char:')) then map:get($ed:known-characters, 'tcpchars.xml#' || substring-after($token, 'char:')) else ())[1]"/>
    <xsl:sequence select="map {
      'declaration': $declaration,
      'known': $known,
      'name': if (exists($declaration)) then ed:character-name($declaration) else if (exists($known)) then $known?name else ($fragment[.], $token)[1],
      'undeclared': empty($declaration) and empty($known) and ed:is-relative-uri($pointer) }"/>
  </xsl:function>

  <!-- A declared character's name: charName or glyphName, else its Unicode or local property "name" (unicodeProp,
       localProp; the older charProp), else its xml:id. Not its description: that may be a paragraph (ed:glyph-title). -->
  <xsl:function name="ed:character-name" as="xs:string">
    <xsl:param name="declaration" as="element()"/>
    <xsl:sequence select="(($declaration/(tei:charName | tei:glyphName) ! normalize-space(.),
                            $declaration/(tei:unicodeProp | tei:localProp)[lower-case(normalize-space(@name)) = 'name']/@value ! normalize-space(.),
                            $declaration/tei:charProp[(tei:unicodeName | tei:localName) ! lower-case(normalize-space(.)) = 'name']/tei:value ! normalize-space(.))[.],
                          normalize-space($declaration/@xml:id))[1]"/>
  </xsl:function>

  <!-- What an empty g's declaration maps it to: map { 'reading': its first mapping of the reading view's kinds,
       'diplomatic': of the diplomatic view's (ed:mapping-types), 'other': its first other mapping (a private-use one
       last) }, each a string where there is one. A mapping may itself hold a g (a glyph's standard form, a character
       the same charDecl declares), read in turn, four deep at most. A known declaration (ed:known-characters) gives
       its own two. -->
  <xsl:function name="ed:glyph-mappings" as="map(*)">
    <xsl:param name="g" as="element()"/>
    <xsl:param name="depth" as="xs:integer"/>
    <xsl:variable name="reference" select="ed:glyph-reference($g)"/>
    <xsl:choose>
      <xsl:when test="exists($reference?known)"><xsl:sequence select="$reference?known"/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="mappings" select="$reference?declaration/tei:mapping[normalize-space() or tei:g]"/>
        <xsl:variable name="typed" select="$mappings ! map { 'type': lower-case(normalize-space(@type)), 'mapping': . }"/>
        <xsl:sequence select="map {
          'reading': (for $type in $ed:mapping-types?reading return $typed[?type = $type]?mapping)[1] ! ed:mapping-text(., $depth),
          'diplomatic': (for $type in $ed:mapping-types?diplomatic return $typed[?type = $type]?mapping)[1] ! ed:mapping-text(., $depth),
          'other': ($typed[not(?type = ($ed:mapping-types?*, 'pua'))]?mapping, $typed[?type = 'pua']?mapping)[1] ! ed:mapping-text(., $depth) }"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- A mapping's text. Written as code points ("U+A753", "U+0079 U+0307 U+0301": the Guidelines' examples), the
       characters they are. -->
  <xsl:function name="ed:mapping-text" as="xs:string">
    <xsl:param name="mapping" as="element()"/>
    <xsl:param name="depth" as="xs:integer"/>
    <xsl:variable name="text" select="normalize-space(string-join($mapping/node() ! (
      if (self::tei:g and ed:is-declared-glyph(.)) then (if ($depth lt 4) then ed:glyph-view-text(., 'reading', $depth + 1) else ())
      else if (self::comment() or self::processing-instruction()) then () else string(.))))"/>
    <xsl:variable name="code-points" select="if (matches($text, '^(U\+[0-9A-Fa-f]{4,6} ?)+$')) then tokenize($text) ! ed:hex-value(upper-case(substring(., 3)), 0) else ()"/>
    <xsl:sequence select="if (exists($code-points) and (every $c in $code-points satisfies ($c ge 32 and $c le 55295) or ($c ge 57344 and $c le 65533) or ($c ge 65536 and $c le 1114111)))
                          then codepoints-to-string($code-points) else $text"/>
  </xsl:function>

  <xsl:function name="ed:hex-value" as="xs:integer">
    <xsl:param name="digits" as="xs:string"/>
    <xsl:param name="value" as="xs:integer"/>
    <xsl:sequence select="if ($digits = '') then $value
                          else ed:hex-value(substring($digits, 2), $value * 16 + string-length(substring-before('0123456789ABCDEF', substring($digits, 1, 1))))"/>
  </xsl:function>

  <!-- The text an empty g reads as in a view ('reading': also the text edition's and the search's; 'diplomatic'): the
       mapping of the view's kind, else any other mapping (the reading view prefers a mapping of no view's kind, a
       composed or Unicode form, to the diplomatic one); empty when the declaration maps it to nothing (then its image
       or its name stands in: ed:glyph-text, html.xsl). -->
  <xsl:function name="ed:glyph-view-text" as="xs:string?">
    <xsl:param name="g" as="element()"/>
    <xsl:param name="view" as="xs:string"/>
    <xsl:param name="depth" as="xs:integer"/>
    <xsl:variable name="mappings" select="ed:glyph-mappings($g, $depth)"/>
    <xsl:sequence select="if ($view = 'diplomatic') then ($mappings?diplomatic, $mappings?other, $mappings?reading)[1]
                          else ($mappings?reading, $mappings?other, $mappings?diplomatic)[1]"/>
  </xsl:function>

  <!-- Whether a g reads as what it declares: it points to a declaration and has no content of its own. -->
  <xsl:function name="ed:is-declared-glyph" as="xs:boolean">
    <xsl:param name="g" as="element()"/>
    <xsl:sequence select="normalize-space($g/@ref) != '' and empty($g/*) and not(normalize-space($g))"/>
  </xsl:function>

  <!-- An empty g as plain text (the text edition, the search, labels): its mapping for the reading view, else its name
       in brackets ("[LATIN SMALL LETTER R ROTUNDA]", "[ivy-leaf]"). -->
  <xsl:function name="ed:glyph-text" as="xs:string">
    <xsl:param name="g" as="element()"/>
    <xsl:variable name="mapping" select="ed:glyph-view-text($g, 'reading', 0)"/>
    <xsl:sequence select="if (exists($mapping)) then $mapping else '[' || ed:glyph-reference($g)?name || ']'"/>
  </xsl:function>

  <!-- What a g says on hover: the declared name, with the declaration's description ("heart: Thornton frequently uses
       the heart symbol instead of the word"); "Undeclared character: …" for a pointer into the collection that reaches
       nothing. -->
  <xsl:function name="ed:glyph-title" as="xs:string">
    <xsl:param name="g" as="element()"/>
    <xsl:variable name="reference" select="ed:glyph-reference($g)"/>
    <xsl:sequence select="if ($reference?undeclared) then 'Undeclared character: ' || $reference?name
                          else string-join(($reference?name, $reference?declaration/tei:desc ! normalize-space(.)[. and . != $reference?name]), ': ')"/>
  </xsl:function>

  <!-- The image a declaration shows of its character or glyph (its figure's graphic: Guidelines 5.3), by the image
       policy (ed:image-location), resolved from the file the declaration is written in, with its 'graphic'. -->
  <xsl:function name="ed:glyph-image" as="map(*)?">
    <xsl:param name="g" as="element()"/>
    <xsl:variable name="declaration" select="ed:glyph-reference($g)?declaration"/>
    <xsl:sequence select="($declaration/tei:figure/tei:graphic ! (for $graphic in . return ed:graphic-location(., ed:written-in(.)) ! map:put(., 'graphic', $graphic)))[1]"/>
  </xsl:function>
  <!-- Spoken texts (Guidelines 8.3): what happens around the words (vocal: a cough, laughter; kinesic: applause,
       a gesture; incident: a minute of silence; pause) is shown where it happens, in brackets, as a stage
       direction is: "[Applause.]", never run into the speakers' words. A transcription's own notes among its
       utterances (the time, the speaker as the minutes name them, a vote) are read where they stand too: they are
       part of the record, not the editors' footnotes (a note with @place keeps its place). -->
  <xsl:function name="ed:is-spoken-event" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="exists($element[self::tei:vocal or self::tei:kinesic or self::tei:incident or self::tei:pause])"/>
  </xsl:function>

  <xsl:function name="ed:is-transcription-note" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="empty($note/@place) and exists($note/parent::tei:u | $note/../tei:u)"/>
  </xsl:function>

  <!-- The description shown for an event or a gap: its desc in the language of the text around it, else its first
       desc (a transcription may describe it in several languages: ParlaMint gives the original and English). -->
  <xsl:function name="ed:shown-desc" as="element(tei:desc)?">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="descs" select="$element/tei:desc[normalize-space()]"/>
    <xsl:variable name="language" select="string(($element/ancestor-or-self::*/@xml:lang)[last()])"/>
    <xsl:sequence select="($descs[string((ancestor-or-self::*/@xml:lang)[last()]) = $language], $descs)[1]"/>
  </xsl:function>

  <!-- What an event says when it has no description: its type ("laughter", "applause"), else for a pause "pause". -->
  <xsl:function name="ed:event-label" as="xs:string?">
    <xsl:param name="event" as="element()"/>
    <xsl:sequence select="(normalize-space($event/@type)[.], 'pause'[$event/self::tei:pause])[1]"/>
  </xsl:function>

  <!-- Page and column breaks (Guidelines 3.11.3, milestone elements): the marker the reader sees where a page (pb) or
       a numbered column (cb) of the source begins, in brackets: "[p. 4]", "[col. 2]". Its @n is "the number or other
       value associated with the page which follows"; without one the page may still be named by its xml:id, which the
       Guidelines allow to carry a reference identifier (3.11.2): "p.110", "v.2.p.110", "p012", "leaf001r" read
       "p. 110", "vol. 2, p. 110", "p. 12", "leaf 1r" (Perseus, TEI Publisher's Barth edition, the Whitman Archive).
       @type characterises the break (recto, verso; word-breaking or not) and @rend says how it looks (TEI Publisher's
       "noPipe"): neither names the page. With nothing that names it (no @n, "unnumbered", an id that is not a page
       reference: "pb_1.d1e1264") there is no label: the break keeps its anchor and its image link, and adds no noise.
       Where the text marks the pages of several editions (@ed, @edRef: "the reference system of any one edition can
       be recreated … by ignoring all elements that do not specify that edition"), each marker names its edition, so
       that the reader can follow either: "[print: p. 4]", "[shamela: p. n1-p3]" (OpenArabicPE's al-Muqtabas). -->
  <xsl:function name="ed:page-label" as="xs:string?">
    <xsl:param name="break" as="element()"/>
    <xsl:param name="numbering" as="map(*)?"/>
    <xsl:sequence select="ed:page-designation($break) ! ('[' || ed:page-label-edition($break, $numbering) ! (. || ': ') || . || ']')"/>
  </xsl:function>

  <!-- The edition a page's label names (ed:page-label): its own, where the text marks the pages of several. -->
  <xsl:function name="ed:page-label-edition" as="xs:string?">
    <xsl:param name="break" as="element()"/>
    <xsl:param name="numbering" as="map(*)?"/>
    <xsl:sequence select="ed:page-edition($break)[.][count($numbering?page-editions) gt 1]"/>
  </xsl:function>

  <!-- A marker in the text edition ("[shamela: p. n1-p3]", "[chapter 2]"), which is never broken across its lines: its
       spaces are held by U+FDD0, a noncharacter (Unicode keeps those for a program's own use), until the lines are
       wrapped (text.xsl, text:render), which gives them back as spaces. -->
  <xsl:function name="ed:unbroken" as="xs:string">
    <xsl:param name="marker" as="xs:string"/>
    <xsl:sequence select="translate($marker, ' ', '&#xFDD0;')"/>
  </xsl:function>

  <!-- What names a page or a column: "p. 4", "col. 2", "leaf 1r"; none when nothing does. -->
  <xsl:function name="ed:page-designation" as="xs:string?">
    <xsl:param name="break" as="element()"/>
    <xsl:variable name="n" select="normalize-space($break/@n)"/>
    <xsl:variable name="id" select="normalize-space($break/@xml:id)"/>
    <xsl:sequence select="if ($n = 'unnumbered') then ()
                          else if ($break/self::tei:cb) then $n[.] ! ('col. ' || .)
                          else if ($n) then 'p. ' || $n
                          else if ($id = '' or not(matches($id, '^(p|v|f|leaf)', 'i'))) then ()
                          else (for $reference in $ed:page-references return
                                  if (matches($id, $reference?1, 'i')) then replace($id, $reference?1, $reference?2, 'i') else ())[1]"/>
  </xsl:function>

  <!-- An xml:id that is a page reference, and what it reads: a page ("p.110", "p012", "page-3"; a roman number after a
       separator, "p.xxviii"), a page of a volume ("v.2.p.110", "vol2.p.3"), a folio or a leaf and its side ("f12v",
       "fol.3r", "leaf001r"). Leading zeros are the id's, not the page's. -->
  <xsl:variable name="ed:page-references" as="array(xs:string)+" select="
    ['^(?:p|pg|page)(?:[._-]?0*(\d+[a-z]?)|[._-]([ivxlcdm]+))$', 'p. $1$2'],
    ['^(?:v|vol)[._-]?(\d+|[ivxlc]+)[._-](?:p|pg|page)(?:[._-]?0*(\d+[a-z]?)|[._-]([ivxlcdm]+))$', 'vol. $1, p. $2$3'],
    ['^(?:f|fol|folio)[._-]?0*(\d+)([rv])$', 'fol. $1$2'],
    ['^leaf[._-]?0*(\d+)([rv])$', 'leaf $1$2']"/>

  <!-- The edition whose page or column a break marks (att.edition): its @ed sigla ("print"; "1667, 1674": a break in
       both), else the ids its @edRef points to ("#edition_1": "edition_1"); "" for a break of the text itself. -->
  <xsl:function name="ed:page-edition" as="xs:string">
    <xsl:param name="break" as="element()"/>
    <xsl:sequence select="string-join(ed:break-editions($break), ', ')"/>
  </xsl:function>

  <!-- The editions a break (pb, cb, lb) is of, each by its sigil: its @ed's ("1667 1674": both), else its @edRef's ids;
       none for a break of the text itself. -->
  <xsl:function name="ed:break-editions" as="xs:string*">
    <xsl:param name="break" as="element()"/>
    <xsl:sequence select="(if (normalize-space($break/@ed)) then tokenize($break/@ed) ! replace(., '^#', '')
                           else tokenize($break/@edRef) ! replace(., '^.*[#/]', ''))[.]"/>
  </xsl:function>

  <!-- The lines the diplomatic view follows where the text marks those of several editions (lb with @ed or @edRef;
       the Guidelines' example: Paradise Lost's lines in 1667 and 1674, OpenArabicPE's print and shamela lines): "the
       reference system of any one edition can be recreated … by ignoring all elements that do not specify that
       edition on their ed attribute", and a page can be laid out in the lines of one edition only. The view follows
       the edition whose pages the reader sees beside it (the first page break with an image, pb/@facs, of an edition
       whose lines are marked), else the one whose lines the text marks most often (the first of them in the text on
       a tie); "" for the lines that name no edition (the text's own). The others' breaks stay light marks in the line
       (html.xsl). Empty where the text's lines are all of one edition, or all name none: every lb breaks the line.
       $lines, $pages: the text's line and page breaks in reading order, those of the files it includes (xi:include)
       where they stand (ed:numbering). -->
  <xsl:function name="ed:line-edition" as="xs:string?">
    <xsl:param name="lines" as="element()*"/>
    <xsl:param name="pages" as="element()*"/>
    <xsl:variable name="editions-lines" select="$lines[@ed or @edRef]"/>
    <xsl:if test="exists($editions-lines)">
      <!-- Each line break's editions, "" for one that names none (in reading order: the first of a tie comes first). -->
      <xsl:variable name="editions" select="if (exists($lines[not(@ed or @edRef)])) then $lines ! ed:line-editions(.)
                                            else $editions-lines ! ed:break-editions(.)"/>
      <xsl:variable name="lineations" select="distinct-values($editions)"/>
      <xsl:if test="count($lineations) gt 1">
        <xsl:variable name="imaged" select="($pages[@facs] ! ed:line-editions(.))[. = $lineations][1]"/>
        <xsl:variable name="most" select="max($lineations ! count(index-of($editions, .)))"/>
        <xsl:sequence select="($imaged, $lineations[count(index-of($editions, .)) = $most])[1]"/>
      </xsl:if>
    </xsl:if>
  </xsl:function>

  <!-- Whether a line break begins a line of the lines the diplomatic view follows (ed:line-edition, in the numbering):
       one of that edition (of it and another: "1667 1674"), or of the text's own where it follows those; any line
       break where the text's lines are of one edition. -->
  <xsl:function name="ed:is-followed-line" as="xs:boolean">
    <xsl:param name="lb" as="element()"/>
    <xsl:param name="numbering" as="map(*)?"/>
    <xsl:variable name="followed" select="$numbering?line-edition"/>
    <xsl:sequence select="empty($followed) or ed:line-editions($lb) = $followed"/>
  </xsl:function>

  <!-- The editions a break is of (ed:break-editions), or "" (the text's own) where it names none. -->
  <xsl:function name="ed:line-editions" as="xs:string+">
    <xsl:param name="break" as="element()"/>
    <xsl:variable name="editions" select="ed:break-editions($break)"/>
    <xsl:sequence select="if (exists($editions)) then $editions else ''"/>
  </xsl:function>

  <!-- A line's number as the margin shows it: a verse line (l) or a line of the source (lb) whose @n ends in a number
       that is a multiple of five, as printed editions number every fifth line; that number alone ("1.1.15", line 15
       of Act 1, Scene 1 in Folger's numbering, reads "15"). The encoding's own numbers: lines are never counted here. -->
  <xsl:function name="ed:line-number" as="xs:string?">
    <xsl:param name="line" as="element()"/>
    <xsl:variable name="n" select="normalize-space($line/@n)"/>
    <!-- Without a regular expression, which costs SaxonJS a tenth of a millisecond a line: only a number that ends
         in 0 or 5 can be shown; its trailing digits are those after its last character that is not one. -->
    <xsl:if test="ends-with($n, '0') or ends-with($n, '5')">
      <xsl:variable name="from-end" select="reverse(string-to-codepoints($n)) ! (. ge 48 and . le 57)"/>
      <xsl:variable name="count" select="(index-of($from-end, false())[1] - 1, count($from-end))[1]"/>
      <xsl:variable name="digits" select="substring($n, string-length($n) - $count + 1)"/>
      <!-- (A number of more than nine digits numbers no line.) -->
      <xsl:if test="$count le 9 and xs:integer($digits) gt 0">
        <xsl:sequence select="string(xs:integer($digits))"/>
      </xsl:if>
    </xsl:if>
  </xsl:function>

  <!-- ===================================================================================== -->
  <!-- Canonical references                                                                  -->
  <!-- ===================================================================================== -->

  <!-- A document that declares a canonical reference system (encodingDesc/refsDecl: citeStructure, cRefPattern or
       refState, TEI 2.3.6) is cited by its numbered divisions: Caesar's Gallic War by book, chapter and section
       ("1.2.3"), the Aeneid by book and line, a play by act and scene. There a division numbered by @n has an anchor
       named by its reference (page.html#1.2.3); without a heading of its own it is shown by its number: a heading of
       its type and number ("Book 1", "Act 2", "Scene 3") where it holds verse or speeches or is the outermost of
       numbered divisions, else (prose sections, and the chapters they make up) its reference in the margin of each
       section that holds no numbered division. EpiDoc's containers (div type="edition",
       "translation", "commentary"), whose @n names the work (a CTS URN), number nothing. Without a declared system
       divisions are shown as written: their numbers are often in their text already ("1. In developing…"). -->
  <xsl:function name="ed:division-reference" as="xs:string?">
    <xsl:param name="division" as="element()"/>
    <xsl:sequence select="if (ed:is-numbered-division($division)
                              and exists(($division/ancestor::tei:TEI[1], root($division)/*)[1]/tei:teiHeader/tei:encodingDesc/tei:refsDecl))
                          then string-join($division/ancestor-or-self::*[ed:is-numbered-division(.)] ! normalize-space(@n), '.') else ()"/>
  </xsl:function>

  <xsl:function name="ed:is-numbered-division" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="exists($element[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3 or self::tei:div4
                                          or self::tei:div5 or self::tei:div6 or self::tei:div7]
                                         [normalize-space(@n)][not(contains(@n, ':'))][not(@type = ('edition', 'translation', 'commentary'))])"/>
  </xsl:function>

  <!-- The heading a numbered division without one is shown with ("Book 1"; a division of no type: its number). -->
  <xsl:function name="ed:division-heading" as="xs:string?">
    <xsl:param name="division" as="element()"/>
    <!-- (The only numbered division of one that is shown by its number adds none: the prologue's one scene.) -->
    <xsl:if test="empty($division/tei:head) and exists(ed:division-reference($division))
                  and not(ed:is-numbered-division($division/..) and count($division/../*[ed:is-numbered-division(.)]) = 1)
                  and (exists($division/(tei:l | tei:lg | tei:sp))
                       or (empty($division/ancestor::*[ed:is-numbered-division(.)]) and exists($division//*[ed:is-numbered-division(.)])))">
      <xsl:variable name="type" select="normalize-space(if ($division/@type = 'textpart' or not($division/@type)) then $division/@subtype else $division/@type)"/>
      <xsl:variable name="n" select="normalize-space($division/@n)"/>
      <!-- A number ("2", "IV", "3a") follows its type; a name ("prologue") stands alone. -->
      <xsl:sequence select="if (matches($n, '^(\d+[a-z]?|[ivxlcdm]+)$', 'i'))
                            then (if ($type) then upper-case(substring($type, 1, 1)) || substring($type, 2) || ' ' else '') || $n
                            else upper-case(substring($n, 1, 1)) || substring($n, 2)"/>
    </xsl:if>
  </xsl:function>

  <!-- The reference shown in the margin of a numbered division without a heading that holds no numbered division
       (the sections of a prose work: "1.2.3"). -->
  <xsl:function name="ed:division-margin-reference" as="xs:string?">
    <xsl:param name="division" as="element()"/>
    <xsl:variable name="reference" select="ed:division-reference($division)"/>
    <xsl:sequence select="if (exists($reference) and empty($division/tei:head) and empty($division/(tei:l | tei:lg | tei:sp))
                              and empty(ed:division-heading($division)) and empty($division//*[ed:is-numbered-division(.)]))
                          then $reference else ()"/>
  </xsl:function>

  <!-- A milestone between the blocks of the text that starts a section, chapter or part, that is numbered (ELTeC's
       subchapter "II"), or whose look the encoder describes (@rend, @rendition: the Whitman Archive's rules between a
       newspaper's items), is seen as a break: its number centred, as printed, else "* * *". One inside running text
       marks a point of a reference system (Perseus's Cicero: a chapter starts within a section's sentence), not a break. -->
  <xsl:function name="ed:is-section-break" as="xs:boolean">
    <xsl:param name="milestone" as="element()"/>
    <xsl:sequence select="($milestone/@unit = ('section', 'part', 'chapter') or normalize-space($milestone/@rend) or normalize-space($milestone/@rendition)
                           or normalize-space($milestone/@n))
                          and not(ed:in-running-text($milestone))"/>
  </xsl:function>

  <!-- What a section break reads: the milestone's number, else asterisks. -->
  <xsl:function name="ed:section-break-text" as="xs:string">
    <xsl:param name="milestone" as="element()"/>
    <xsl:sequence select="(normalize-space($milestone/@n)[.], '* * *')[1]"/>
  </xsl:function>

  <!-- A numbered milestone inside running text (Guidelines 3.11.3: a boundary of a reference system, att.milestoneUnit):
       its unit and number in brackets where it stands, as a page break's marker ("[chapter 2]"); none without a number. -->
  <xsl:function name="ed:milestone-label" as="xs:string?">
    <xsl:param name="milestone" as="element()"/>
    <xsl:variable name="n" select="normalize-space($milestone/@n)"/>
    <xsl:variable name="unit" select="normalize-space(translate($milestone/@unit, '_', ' '))"/>
    <xsl:sequence select="if ($n = '') then () else '[' || (if ($unit = ('', 'unnumbered')) then () else $unit || ' ') || $n || ']'"/>
  </xsl:function>

  <xsl:function name="ed:floating-text-label" as="xs:string?">
    <xsl:param name="floating" as="element()"/>
    <xsl:sequence select="if ($floating/@type = 'restricted') then 'Restricted distribution'
                          else if ($floating/@type) then 'Inserted text (' || $floating/@type || ')' else 'Inserted text'"/>
  </xsl:function>

  <!-- ===================================================================================== -->
  <!-- Dictionaries (Guidelines 9): what the reading adds to an entry as a printed dictionary  -->
  <!-- does, in both outputs. The entry and its senses are paragraphs (ed:kind-table); their    -->
  <!-- parts stay in the encoder's order, never rearranged.                                    -->
  <!-- ===================================================================================== -->

  <!-- A sense's number: its @n as the encoder wrote it (a full stop after a bare number or letter: "1.", "A."),
       else, among several senses side by side, its count: 1. 2. 3. for an entry's senses, a) b) c) within a sense,
       i) ii) iii) below that. None where the sense writes its own (a num child: TEI Lex-0 transcribes a printed
       "1." so), nor for a lone sense, nor counted for senses the source runs on (it punctuates them itself, and
       prints what numbers they have). Only the sense's siblings are counted. -->
  <xsl:function name="ed:sense-number" as="xs:string?">
    <xsl:param name="sense" as="element()"/>
    <xsl:variable name="n" select="normalize-space($sense/@n)"/>
    <xsl:variable name="depth" select="count($sense/ancestor::tei:sense)"/>
    <xsl:sequence select="if (exists($sense/tei:num)) then ()
                          else if ($n) then (if (matches($n, '^[\p{L}\p{N}]+$')) then $n || '.' else $n)
                          else if (exists($sense/preceding-sibling::tei:sense | $sense/following-sibling::tei:sense) and not(ed:is-run-on($sense)))
                          then format-integer(count($sense/preceding-sibling::tei:sense) + 1, ('1', 'a', 'i')[min(($depth, 2)) + 1])
                               || (if ($depth eq 0) then '.' else ')')
                          else ()"/>
  </xsl:function>

  <!-- What separates two equivalents set side by side with nothing between them (a FreeDict sense's translations,
       an entry's spellings): "," after a spelling, pronunciation or translation followed by another of its kind,
       ";" after a definition or an example followed by another. Where the source writes its own punctuation (text,
       pc) between them or ending the first ("an aid worker."), nothing is added. Only of orth, pron, def and an
       entry's cit. -->
  <xsl:function name="ed:entry-separator" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="next" select="$element/following-sibling::node()[not(self::text()[not(normalize-space())]
                                        or self::comment() or self::processing-instruction())][1]"/>
    <xsl:sequence select="if (($element/self::tei:orth or $element/self::tei:pron or $element/self::tei:def or $element/self::tei:cit)
                              and $next instance of element() and node-name($next) eq node-name($element)
                              and string($next/@type) eq string($element/@type) and not(matches(string($element), '[.,;:]\s*$')))
                          then (if ($element/self::tei:def or $element/@type = 'example') then ';' else ',')
                               || (if ($element/following-sibling::node()[1] is $next) then ' ' else '')
                          else ''"/>
  </xsl:function>

  <!-- A cross-reference that says nothing of its own ("<xr><ref>abolition</ref></xr>": no "see", no lbl, no
       words before it) is marked as a printed dictionary marks one: "→ abolition". -->
  <xsl:function name="ed:xr-marker" as="xs:string?">
    <xsl:param name="xr" as="element()"/>
    <xsl:sequence select="if (exists($xr/text()[normalize-space()] | $xr/tei:lbl)
                              or exists($xr/preceding-sibling::node()[1][self::text()][normalize-space()])) then () else '→'"/>
  </xsl:function>

  <!-- An entry by its headwords (the orth of its forms), for a cross-reference that names an entry by its headword
       and has no target ("<xr>See <ref>public</ref></xr>", FreeDict's synonyms). One pass over a document. -->
  <xsl:key name="ed:entries-by-headword" match="tei:entry | tei:entryFree"
           use="distinct-values((tei:form/tei:orth | tei:orth) ! normalize-space(.))"/>

  <!-- The entry of the same document that a ref in an xr without a target names: the one entry whose headword is the
       ref's text, not the entry the ref stands in. None where several share it (homographs: which one is meant?). -->
  <xsl:function name="ed:headword-entry" as="element()?">
    <xsl:param name="ref" as="element()"/>
    <xsl:variable name="entries" select="if ($ref/root() instance of document-node()) then key('ed:entries-by-headword', normalize-space($ref), $ref/root()) else ()"/>
    <xsl:sequence select="$entries[count($entries) eq 1][not(. is $ref/ancestor::*[self::tei:entry or self::tei:entryFree][1])]"/>
  </xsl:function>

  <!-- The parts of an entry in mode ed:text: a sense run on in its entry's paragraph leads with its number, a
       cross-reference that says nothing of its own with "→" (the text edition's; the search reads neither), two
       equivalents side by side are set apart (ed:entry-separator). html.xsl matches the same parts (a cit only where
       it is an entry's). -->
  <xsl:template match="tei:orth | tei:pron | tei:hyph | tei:syll | tei:def | tei:form | tei:gramGrp | tei:etym | tei:usg | tei:lbl | tei:xr | tei:sense
                       | tei:cit[parent::tei:sense or parent::tei:entry or parent::tei:hom or parent::tei:entryFree or parent::tei:dictScrap]" mode="ed:text" priority="1">
    <xsl:param name="ed:markers" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="separator" select="ed:entry-separator(.)"/>
    <xsl:next-match>
      <xsl:with-param name="lead" select="if ($ed:markers) then (if (self::tei:sense) then ed:sense-number(.) else if (self::tei:xr) then ed:xr-marker(.) else ()) ! (. || ' ') else ()"/>
      <xsl:with-param name="after" select="$separator"/>
      <xsl:with-param name="content" select="ed:entry-part-content(., $separator)"/>
    </xsl:next-match>
  </xsl:template>

  <!-- An entry part's content as read: without the white space that ends it (the indentation before "</cit>"), which
       would stand apart from a separator or the source's punctuation after it ("äthiopisch ,"), unless text follows
       the part directly: that white space is then the only space between them. -->
  <xsl:function name="ed:entry-part-content" as="node()*">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="separator" as="xs:string"/>
    <xsl:variable name="last" select="$element/node()[last()][self::text()][not(normalize-space())]"/>
    <xsl:variable name="next" select="$element/following-sibling::node()[1]"/>
    <xsl:sequence select="if (exists($last) and ($separator or empty($next) or $next/self::tei:pc or $next/self::text()[matches(., '^\s')]))
                          then $element/node() except $last else $element/node()"/>
  </xsl:function>


  <!-- ===================================================================================== -->
  <!-- Mode ed:text: the reading as strings. The text edition's running text, mention labels   -->
  <!-- (ed:plain) and the mentions' contexts (ed:context) are this mode's output.              -->
  <!--   tunnel $ed:markers: true in the text edition (note and page markers, link addresses,   -->
  <!--     "[image]"), false for labels and contexts;                                         -->
  <!--   tunnel $ed:mentions: true for contexts: each element with @ref is surrounded by       -->
  <!--     map { 'start': generate-id() } and map { 'end': generate-id() }.                    -->
  <!-- Inline content flows up as a sequence of strings, joined once per block.               -->
  <!-- ===================================================================================== -->

  <xsl:template match="text()" mode="ed:text">
    <xsl:sequence select="ed:text-value(.)"/>
  </xsl:template>

  <xsl:template match="text()[following-sibling::node()[1][self::tei:pb or self::tei:cb]]" mode="ed:text" priority="1">
    <xsl:param name="ed:markers" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="ed:numbering" as="map(*)?" select="()" tunnel="yes"/>
    <xsl:variable name="value" select="ed:text-value(.)"/>
    <xsl:variable name="label" select="if ($ed:markers) then ed:page-break-inside-word(.) ! ed:page-label(., $ed:numbering) ! ed:unbroken(.) else ()"/>
    <xsl:choose>
      <xsl:when test="exists($label)">
        <xsl:variable name="parts" select="ed:split-before-last-word($value)"/>
        <xsl:sequence select="$parts[1] || (if ($parts[1]) then '' else ' ') || $label || ' ' || $parts[2]"/>
      </xsl:when>
      <xsl:otherwise><xsl:sequence select="$value"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The space between two measurements that ed:dimensions-separator sets apart ("leaves; 246 × 183 mm"). -->
  <xsl:template match="text()[following-sibling::node()[1][self::tei:dimensions]][not(normalize-space())]" mode="ed:text" priority="2">
    <xsl:sequence select="if (ed:dimensions-separator(following-sibling::node()[1])) then '' else ed:text-value(.)"/>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()" mode="ed:text"/>

  <!-- A superscript or subscript of figures is read as one ("IG II² 1035", "1–15⁸": fifteen quires of eight, "H₂O"),
       never run into the figures before it ("II2", "1–158"); plain text has such forms for figures and signs only,
       so letters stay on the line ("Mr", "1st"). -->
  <xsl:template match="tei:hi[empty(*)][matches(., '^[\s0-9+=()\-−]*$') and matches(., '[0-9]')][exists(ed:script-position(.))]" mode="ed:text" priority="2">
    <xsl:sequence select="translate(string-join(text() ! ed:text-value(.)), '0123456789+=()-−',
                                    if (ed:script-position(.) = 'super') then '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁼⁽⁾⁻⁻' else '₀₁₂₃₄₅₆₇₈₉₊₌₍₎₋₋')"/>
  </xsl:template>

  <!-- Whether a highlighted passage is raised or lowered, by its rendition ('super' or 'sub'). -->
  <xsl:function name="ed:script-position" as="xs:string?">
    <xsl:param name="hi" as="element()"/>
    <xsl:variable name="rend" select="tokenize(lower-case($hi/@rend))"/>
    <xsl:sequence select="if ($rend = ('sup', 'super', 'superscript') or matches($hi/@style, 'vertical-align\s*:\s*super', 'i')) then 'super'
                          else if ($rend = ('sub', 'subscript') or matches($hi/@style, 'vertical-align\s*:\s*sub', 'i')) then 'sub'
                          else ()"/>
  </xsl:function>

  <!-- Any element, known or not, by its kind. $lead and $after: what the reading adds at its start and after its
       end (a dictionary's cross-reference marker, the separator of two equivalents). -->
  <xsl:template match="*" mode="ed:text">
    <xsl:param name="lead" as="xs:string?" select="()"/>
    <xsl:param name="after" as="xs:string?" select="()"/>
    <xsl:param name="content" as="node()*" select="node()"/>
    <xsl:variable name="kind" select="ed:kind(.)"/>
    <xsl:choose>
      <xsl:when test="$kind = 'meta'"/>
      <xsl:when test="$ed:boundaries($kind) eq 'no'"><xsl:sequence select="$lead"/><xsl:apply-templates select="$content" mode="ed:text"/><xsl:sequence select="$after"/></xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="ed:space-before(.)"/>
        <xsl:sequence select="$lead"/>
        <xsl:apply-templates select="$content" mode="ed:text"/>
        <xsl:sequence select="$after"/>
        <xsl:sequence select="ed:space-after(.)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Tokens (every w of a tokenised text): their string, no further templates when they hold only text. -->
  <xsl:template match="tei:w[not(*)] | tei:pc[not(*)]" mode="ed:text" priority="1">
    <xsl:sequence select="ed:token(.)"/>
  </xsl:template>

  <!-- A g that points to a declaration: its content, else what it declares (ed:glyph-text). It names no one. -->
  <xsl:template match="tei:g[@ref]" mode="ed:text" priority="6">
    <xsl:choose>
      <xsl:when test="ed:is-declared-glyph(.)"><xsl:sequence select="ed:glyph-text(.)"/></xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="ed:text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="*[@ref]" mode="ed:text" priority="5">
    <xsl:param name="ed:mentions" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="$ed:mentions">
        <xsl:sequence select="map { 'start': generate-id() }"/>
        <xsl:next-match/>
        <xsl:sequence select="map { 'end': generate-id() }"/>
      </xsl:when>
      <xsl:otherwise><xsl:next-match/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:choice | tei:app | tei:rdgGrp" mode="ed:text" priority="2">
    <xsl:apply-templates select="ed:reading(.)" mode="ed:text"/>
  </xsl:template>

  <!-- An app of the text: its lemma, and in the text edition the number of its apparatus entry, "{3}". -->
  <xsl:template match="tei:app" mode="ed:text" priority="3">
    <xsl:param name="ed:markers" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="ed:numbering" as="map(*)?" select="()" tunnel="yes"/>
    <xsl:choose>
      <!-- A detached entry: in the Apparatus section, its marker where it points (ed:detached-anchor). -->
      <xsl:when test="ed:is-moved(., $ed:numbering)"/>
      <!-- An entry standing apart from the text (@from, in a note): the entry itself, in the text edition. -->
      <xsl:when test="$ed:markers and not(ed:is-inline-app(.))"><xsl:sequence select="' ' || ed:apparatus-text(., $ed:numbering) || ' '"/></xsl:when>
      <xsl:otherwise>
        <xsl:next-match/>
        <xsl:if test="$ed:markers and exists($ed:numbering)">
          <xsl:sequence select="ed:app-number(., $ed:numbering) ! ed:app-marker(.)"/>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The text edition's marker of apparatus entry n: braces, apart from the notes' "[n]". -->
  <xsl:function name="ed:app-marker" as="xs:string">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:sequence select="'{' || $n || '}'"/>
  </xsl:function>

  <!-- A subst holds elements only (add, del…): white space between them is layout of the source file,
       not a space of the text (ἐκτρα<subst> <del/> <add>χ</add> </subst>υνθῆναι is one word). -->
  <xsl:template match="tei:subst" mode="ed:text" priority="2">
    <xsl:apply-templates select="node()[not(ed:is-substituted(.))][not(self::text()) or normalize-space()]" mode="ed:text"/>
  </xsl:template>

  <xsl:template match="tei:supplied | tei:del" mode="ed:text" priority="2">
    <xsl:sequence select="ed:brackets(.)[1]"/>
    <xsl:apply-templates mode="ed:text"/>
    <xsl:sequence select="ed:brackets(.)[2]"/>
  </xsl:template>

  <xsl:template match="tei:gap" mode="ed:text" priority="2"><xsl:sequence select="ed:gap-label(.)"/></xsl:template>

  <!-- A span's opening bracket where it starts (its closing one where it ends: the *[@xml:id] template below). -->
  <xsl:template match="tei:addSpan[@spanTo] | tei:delSpan[@spanTo] | tei:damageSpan[@spanTo]" mode="ed:text" priority="2">
    <xsl:if test="exists(ed:span-end(.))"><xsl:sequence select="ed:span-brackets(.)[1]"/></xsl:if>
  </xsl:template>

  <!-- A page's label and images are its heading and its image link (html.xsl, text.xsl: tei:surface). -->
  <xsl:template match="tei:surface/tei:label[1] | tei:surface/tei:graphic" mode="ed:text" priority="3"/>

  <xsl:template match="Q{http://www.w3.org/2001/XInclude}include" mode="ed:text" priority="2">
    <xsl:param name="ed:including" as="xs:string*" select="()" tunnel="yes"/>
    <xsl:variable name="included" select="ed:included(., $ed:including)"/>
    <xsl:choose>
      <xsl:when test="exists($included)">
        <xsl:sequence select="ed:space-before(.)"/>
        <xsl:apply-templates select="$included" mode="ed:text">
          <xsl:with-param name="ed:including" select="($ed:including, ed:included-uri($included))" tunnel="yes"/>
          <xsl:with-param name="ed:included-by" select="." tunnel="yes"/>
        </xsl:apply-templates>
        <xsl:sequence select="ed:space-after(.)"/>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="Q{http://www.w3.org/2001/XInclude}fallback/node()" mode="ed:text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:vocal | tei:kinesic | tei:incident | tei:pause" mode="ed:text" priority="2">
    <xsl:variable name="desc" select="ed:shown-desc(.)"/>
    <xsl:variable name="content" as="item()*">
      <xsl:choose>
        <xsl:when test="exists($desc)"><xsl:apply-templates select="$desc/node()" mode="ed:text"/></xsl:when>
        <xsl:otherwise><xsl:sequence select="ed:event-label(.)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="exists($content)">
      <xsl:sequence select="(ed:space-before(.), '[', $content, ']', ed:space-after(.))"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:space | tei:caesura" mode="ed:text" priority="2"><xsl:sequence select="' '"/></xsl:template>

  <!-- An image in the text edition: "[image]", with what it shows where the TEI says it (ed:image-description);
       the figDesc that said it is then not printed again. Labels and contexts keep the figDesc as text. -->
  <xsl:template match="tei:graphic | tei:media | tei:binaryObject" mode="ed:text" priority="2">
    <xsl:param name="ed:markers" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:sequence select="if ($ed:markers) then ' [image' || ed:image-description(.) ! (': ' || .) || '] ' else ' '"/>
  </xsl:template>

  <xsl:template match="tei:figDesc" mode="ed:text" priority="2">
    <xsl:param name="ed:markers" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="$ed:markers and ed:is-image-description(.)"/>
      <xsl:otherwise><xsl:next-match/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:lb | tei:cb | tei:gb" mode="ed:text" priority="2">
    <xsl:sequence select="if (ed:breaks-word(.)) then '' else ' '"/>
  </xsl:template>

  <!-- A page, or a numbered column, of the source: its marker (ed:page-label), where it has one, in the text edition. -->
  <xsl:template match="tei:pb | tei:cb[normalize-space(@n)]" mode="ed:text" priority="3">
    <xsl:param name="ed:markers" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="ed:numbering" as="map(*)?" select="()" tunnel="yes"/>
    <xsl:variable name="label" select="if ($ed:markers) then ed:page-label(., $ed:numbering) ! ed:unbroken(.) else ()"/>
    <xsl:sequence select="if (ed:breaks-word(.)) then (if (ed:is-moved-page-break(.)) then '' else string($label))
                          else ($label ! (' ' || . || ' '), ' ')[1]"/>
  </xsl:template>

  <xsl:template match="tei:milestone" mode="ed:text" priority="2">
    <xsl:param name="ed:markers" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:sequence select="if (ed:breaks-word(.)) then ''
                          else if (not($ed:markers)) then ' '
                          else if (ed:is-section-break(.)) then ' ' || ed:section-break-text(.) || ' '
                          else (ed:milestone-label(.) ! (' ' || ed:unbroken(.) || ' '), ' ')[1]"/>
  </xsl:template>

  <!-- A transcription's note in the running text of an utterance: in brackets, not spoken. -->
  <xsl:template match="tei:note[ed:is-transcription-note(.)]" mode="ed:text" priority="3">
    <xsl:sequence select="ed:space-before(.), '['"/>
    <xsl:apply-templates mode="ed:text"/>
    <xsl:sequence select="']', ed:space-after(.)"/>
  </xsl:template>

  <xsl:template match="tei:note" mode="ed:text" priority="2">
    <xsl:param name="ed:markers" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="ed:numbering" as="map(*)?" select="()" tunnel="yes"/>
    <xsl:param name="ed:inline-notes" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="n" select="if ($ed:markers and exists($ed:numbering) and not(ed:is-moved(., $ed:numbering))) then ed:note-number(., $ed:numbering) else ()"/>
    <xsl:choose>
      <!-- A note of a manuscript description's field has no number: it is read where it stands, in brackets. -->
      <xsl:when test="$ed:inline-notes and empty($n)">
        <xsl:sequence select="' ('"/>
        <xsl:apply-templates mode="ed:text"/>
        <xsl:sequence select="')'"/>
      </xsl:when>
      <xsl:otherwise><xsl:sequence select="if (exists($n)) then '[' || $n || ']' else ''"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A locus without text (a catalogue's <locus from="1r" to="120v"/>) reads as its range ("fols. 1r–120v"). -->
  <xsl:template match="tei:locus[not(normalize-space())][@from or @to]" mode="ed:text" priority="2">
    <xsl:sequence select="ed:locus-label(.)"/>
  </xsl:template>

  <!-- Dimensions of measurements alone read as a catalogue writes them ("246 × 183 mm (leaf)"), set apart from the
       dimensions or measure before them. -->
  <xsl:template match="tei:dimensions[exists(ed:dimensions-label(.))]" mode="ed:text" priority="2">
    <xsl:sequence select="ed:dimensions-separator(.), ed:dimensions-label(.)"/>
  </xsl:template>

  <!-- An element a detached note or entry points at: the markers of those after it (ed:detached-anchor). -->
  <xsl:template match="*[@xml:id]" mode="ed:text" priority="200">
    <xsl:param name="ed:markers" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="ed:numbering" as="map(*)?" select="()" tunnel="yes"/>
    <!-- The end of the spans that end here (ed:spans-ending), innermost first. -->
    <xsl:sequence select="reverse(ed:spans-ending(.)) ! ed:span-brackets(.)[2]"/>
    <xsl:next-match/>
    <xsl:if test="$ed:markers">
      <xsl:for-each select="ed:detached-markers(., $ed:numbering)">
        <xsl:sequence select="if (self::tei:note) then ed:note-number(., $ed:numbering) ! ('[' || . || ']')
                              else ed:app-number(., $ed:numbering) ! ed:app-marker(.)"/>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- External links keep their address in the text edition, whose reader cannot otherwise follow them. -->
  <xsl:template match="tei:ref[@target]" mode="ed:text" priority="2">
    <xsl:param name="ed:markers" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="content" as="item()*"><xsl:apply-templates mode="ed:text"/></xsl:variable>
    <xsl:variable name="url" select="if ($ed:markers) then ed:safe-href(tokenize(@target)[1])[matches(., '^https?://')] else ()"/>
    <xsl:sequence select="if ($url and normalize-space(string-join($content[. instance of xs:string])) != $url) then ($content, ' &lt;' || $url || '&gt;') else $content"/>
  </xsl:template>

  <xsl:template match="tei:ptr[@target]" mode="ed:text" priority="2">
    <xsl:param name="ed:markers" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:sequence select="if ($ed:markers) then '&lt;' || normalize-space(@target) || '&gt;' else ''"/>
  </xsl:template>

  <xsl:template match="*:egXML | tei:eg" mode="ed:text" priority="3">
    <xsl:sequence select="' ' || (if (self::tei:eg) then string(.) else string-join(node() ! serialize(.))) || ' '"/>
  </xsl:template>

  <!-- The reading-view text of nodes as one plain string (mention labels, link texts, the text edition's
       header fields): mode ed:text without notes, page markers or link addresses. -->
  <xsl:function name="ed:plain" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:variable name="parts" as="item()*">
      <xsl:apply-templates select="$nodes" mode="ed:text"/>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($parts[. instance of xs:string]))"/>
  </xsl:function>

  <!-- Two fields of a bibliographic reference side by side, nothing between them: "<title>Home Influence, by Grace
       Aguilar</title><ref>Gutenberg</ref>" (ELTeC's headers), "<publisher>Groombridge</publisher><date>1847</date>".
       Each is a unit of its own [model.biblPart, title, ptr/ref, idno] that the reader must not see as one word;
       where text stands between them ("Faust</title>, p. 3") it separates them as it is. -->
  <xsl:function name="ed:are-fields" as="xs:boolean">
    <xsl:param name="first" as="node()?"/>
    <xsl:param name="second" as="node()?"/>
    <xsl:sequence select="count(($first, $second)[self::tei:*][local-name() = $ed:bibliographic-fields]
                            [parent::tei:bibl or parent::tei:analytic or parent::tei:monogr or parent::tei:series or parent::tei:imprint]) eq 2"/>
  </xsl:function>
  <xsl:variable name="ed:bibliographic-fields" as="xs:string+" select="tokenize('author editor respStmt meeting sponsor funder principal
    title date pubPlace publisher distributor biblScope citedRange edition extent idno ref ptr textLang')"/>

  <!-- ed:plain of a header element's content (a source's bibl), its fields apart (ed:are-fields). -->
  <xsl:function name="ed:plain-fields" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="parts" as="item()*">
      <xsl:for-each select="$element/node()">
        <xsl:if test="ed:are-fields(preceding-sibling::node()[1], .)"><xsl:sequence select="' '"/></xsl:if>
        <xsl:apply-templates select="." mode="ed:text"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($parts[. instance of xs:string]))"/>
  </xsl:function>

  <!-- A source described field by field, as a citation reads it: a biblStruct or biblFull, or a bibl of fields with
       nothing but white space between them (author, title, imprint…: how ELTeC, DraCor and the DTA describe a first
       edition), as its fields in the encoder's order, each printed as the printed citation's parts are: "William
       Shakespeare, The Tempest, ed. Barbara A. Mowat, Paul Werstine, Washington, DC: Folger Shakespeare Library, 2015".
       Not what a description says of the file rather than of the source (an address, availability, notes). Empty for
       a bibl that has text of its own between its fields (it punctuates itself: ed:plain-fields). -->
  <xsl:function name="ed:citation-fields" as="element()*">
    <xsl:param name="bibl" as="element()"/>
    <xsl:variable name="structured" select="exists($bibl/self::tei:biblStruct | $bibl/self::tei:biblFull)
                                            or ($bibl/self::tei:bibl and empty($bibl/text()[normalize-space()]) and count($bibl/*) gt 1)"/>
    <xsl:if test="$structured">
      <xsl:variable name="fields" select="$bibl//tei:*[local-name() = $ed:citation-fields][normalize-space() or self::tei:ref[@target] or self::tei:ptr[@target]]"/>
      <xsl:variable name="apart" select="$bibl//(tei:address | tei:availability | tei:notesStmt | tei:note | tei:sourceDesc | tei:relatedItem | tei:extent)"/>
      <xsl:sequence select="$fields[empty(ancestor::* intersect ($fields | $apart))]"/>
    </xsl:if>
  </xsl:function>
  <xsl:variable name="ed:citation-fields" as="xs:string+" select="tokenize('author editor respStmt meeting title edition
    pubPlace publisher distributor date biblScope citedRange ref ptr')"/>

  <!-- What a citation prints before a field (ed:citation-fields), after the one before it: ": " between a place and
       its publisher, ", " else (a space after a field that ends with its own punctuation); "ed. " before the first
       of a run of editors. -->
  <xsl:function name="ed:citation-separator" as="xs:string">
    <xsl:param name="previous" as="element()?"/>
    <xsl:param name="field" as="element()"/>
    <xsl:variable name="between" select="if (empty($previous)) then ''
                                         else if ($previous/self::tei:pubPlace and $field/self::tei:publisher) then ': '
                                         else if (matches(ed:citation-field-text($previous), '[.,;:!?]$')) then ' '
                                         else ', '"/>
    <xsl:sequence select="$between || (if ($field/self::tei:editor and not($previous/self::tei:editor)) then 'ed. ' else '')"/>
  </xsl:function>

  <!-- A field of a citation as text: a statement of responsibility as "Edited by Michael Poston, Rebecca Niles"; a link
       with no text of its own (ELTeC's first edition's scan) as its address. -->
  <xsl:function name="ed:citation-field-text" as="xs:string">
    <xsl:param name="field" as="element()"/>
    <xsl:sequence select="if ($field/self::tei:respStmt)
                          then normalize-space(string-join(($field/tei:resp ! ed:plain(.), string-join($field/(* except tei:resp) ! ed:plain(.), ', ')), ' '))
                          else if (($field/self::tei:ref or $field/self::tei:ptr) and not(normalize-space($field))) then normalize-space(tokenize($field/@target)[1])
                          else ed:plain($field)"/>
  </xsl:function>

  <!-- A source as the text edition prints it: its citation (ed:citation-fields), else its content with its fields
       apart (ed:plain-fields). -->
  <xsl:function name="ed:source-text" as="xs:string">
    <xsl:param name="bibl" as="element()"/>
    <xsl:variable name="fields" select="ed:citation-fields($bibl)"/>
    <xsl:sequence select="if (empty($fields)) then ed:plain-fields($bibl)
                          else normalize-space(string-join(for $i in 1 to count($fields)
                                                           return ed:citation-separator($fields[$i - 1], $fields[$i]) || ed:citation-field-text($fields[$i])))"/>
  </xsl:function>

  <!-- ===================================================================================== -->
  <!-- Mentions in context (register pages)                                                   -->
  <!-- ===================================================================================== -->

  <!-- The element whose text is a mention's context: everything ed:context reads lies inside it. -->
  <xsl:function name="ed:context-block" as="element()?">
    <xsl:param name="mention" as="element()"/>
    <xsl:sequence select="$mention/ancestor::*[self::tei:note or ed:is-block(.)][1]"/>
  </xsl:function>

  <!-- A context block's reading (mode ed:text, notes anchored in it left out), with the markers
       map { 'start': generate-id() } and map { 'end': generate-id() } around each element with @ref.
       One walk of the block serves every mention in it. -->
  <xsl:function name="ed:context-items" as="item()*">
    <xsl:param name="block" as="element()"/>
    <xsl:apply-templates select="$block/node()" mode="ed:text">
      <xsl:with-param name="ed:mentions" select="true()" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:function>

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
       reading view, from its context block's ed:context-text. A mention the reading view does not show
       (in the source's side of a choice, a deleted passage) has no context. Only a window of the block's
       text around the mention is read (ed:words-before, ed:words-after), so a block with many mentions
       costs its length once, not once per mention. -->
  <xsl:function name="ed:context" as="xs:string+">
    <xsl:param name="mention" as="element()"/>
    <xsl:param name="block" as="map(*)"/>
    <xsl:param name="words" as="xs:integer"/>
    <xsl:variable name="text" select="$block('')"/>
    <xsl:variable name="start" select="$block(generate-id($mention) || '&lt;')"/>
    <xsl:variable name="end" select="$block(generate-id($mention) || '&gt;')"/>
    <xsl:variable name="before" select="if (exists($start)) then ed:words-before($text, $start, $words, 16 * $words) else ()"/>
    <xsl:variable name="after" select="if (exists($end)) then ed:words-after($text, $end, $words, 16 * $words) else ()"/>
    <!-- Spaces only where the text has them: "Andropov, Gromyko, Kirilenko", not "Gromyko , Kirilenko". -->
    <xsl:sequence select="(if (count($before) gt $words) then '… ' else '') || string-join(subsequence($before, count($before) - $words + 1), ' ')
                            || (if (exists($before) and matches(substring($text, $start, 1), '\s')) then ' ' else ''),
                          (if (exists($after) and matches(substring($text, $end + 1, 1), '\s')) then ' ' else '')
                            || string-join(subsequence($after, 1, $words), ' ') || (if (count($after) gt $words) then ' …' else '')"/>
  </xsl:function>

  <!-- The words of $text that end at or before character $end: all of them, or (when there are more)
       at least the last $words + 1, read from a window of $window characters widened until it holds
       them. Only the first word of a window can be cut, and it is never among the last $words. -->
  <xsl:function name="ed:words-before" as="xs:string*">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="end" as="xs:integer"/>
    <xsl:param name="words" as="xs:integer"/>
    <xsl:param name="window" as="xs:integer"/>
    <xsl:variable name="from" select="max((1, $end - $window + 1))"/>
    <xsl:variable name="found" select="tokenize(normalize-space(substring($text, $from, $end - $from + 1)))"/>
    <xsl:sequence select="if ($from eq 1 or count($found) gt $words) then $found else ed:words-before($text, $end, $words, 2 * $window)"/>
  </xsl:function>

  <!-- The words of $text after its first $start characters: all of them, or at least the first $words + 1. -->
  <xsl:function name="ed:words-after" as="xs:string*">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="start" as="xs:integer"/>
    <xsl:param name="words" as="xs:integer"/>
    <xsl:param name="window" as="xs:integer"/>
    <xsl:variable name="slice" select="substring($text, $start + 1, $window)"/>
    <xsl:variable name="found" select="tokenize(normalize-space($slice))"/>
    <xsl:sequence select="if (string-length($slice) lt $window or count($found) gt $words) then $found else ed:words-after($text, $start, $words, 2 * $window)"/>
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
    <!-- The document's own title: the main one, else one that is not its series' or journal's (level s, j). -->
    <xsl:variable name="title" select="normalize-space(string(($titles[@type = 'main'], $titles[not(@type)][not(@level = ('s', 'j'))], $titles[not(@level = ('s', 'j'))], $titles)[normalize-space()][1]))"/>
    <xsl:sequence select="if ($title) then $title else ed:document-name($doc, (ed:path-of($doc), '')[1])"/>
  </xsl:function>

  <xsl:function name="ed:subtitle" as="xs:string?">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="normalize-space(string(ed:header($doc)/tei:fileDesc/tei:titleStmt/tei:title[@type = 'sub'][1]))[.]"/>
  </xsl:function>

  <!-- The date that places the document in time: when it was sent, else when it was created; else the earliest
       dated source (a digital transcription's date is not the novel's, whose first edition is also a source; an
       object's origDate is older than its modern edition's date); else the date its text gives in a dateline; else
       the date of origin of the object it is written on in words ("first half of the 5th century BCE"). Not the
       dates of a critical edition's witnesses (listWit): a manuscript of the 11th century does not date the text. -->
  <xsl:function name="ed:date-element" as="element()?">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="profile" select="ed:header($doc)/tei:profileDesc"/>
    <xsl:variable name="source" select="ed:header($doc)/tei:fileDesc/tei:sourceDesc"/>
    <xsl:variable name="sources" as="element()*">
      <!-- Of a manuscript description, its date of origin (not its provenance's, nor its catalogue record's); of a
           composite manuscript, the date of the whole where it has one, else its oldest part's. -->
      <xsl:perform-sort select="ed:source-dates($source)">
        <xsl:sort select="ed:sortable-date-key(ed:date-bounds(.)[1])"/>
      </xsl:perform-sort>
    </xsl:variable>
    <xsl:variable name="in-header" select="($profile/tei:correspDesc/tei:correspAction[@type = 'sent']/tei:date,
                           $profile/tei:creation//tei:date,
                           $profile/tei:correspDesc//tei:date,
                           $sources)[1]"/>
    <!-- (The text is searched only for an undated header: it may be megabytes.) -->
    <xsl:sequence select="if (exists($in-header)) then $in-header
                          else ($doc/*/tei:text//tei:dateline//tei:date[exists(ed:date-bounds(.)) or normalize-space()],
                                $source//tei:origDate[empty(ancestor::tei:listWit)][normalize-space()])[1]"/>
  </xsl:function>

  <xsl:function name="ed:source-dates" as="element()*">
    <xsl:param name="source" as="element()*"/>
    <xsl:variable name="dated" select="$source//(tei:date[empty(ancestor::tei:msDesc) or ancestor::tei:origin] | tei:origDate)[empty(ancestor::tei:listWit)][exists(ed:date-bounds(.))]"/>
    <xsl:variable name="in-parts" select="$dated[ancestor::tei:msPart or ancestor::tei:msFrag]"/>
    <xsl:sequence select="if (exists(($dated except $in-parts)[self::tei:origDate])) then $dated except $in-parts else $dated"/>
  </xsl:function>

  <!-- Where a dated element (att.datable) begins and where it ends, as ISO dates ("1980-10-02", "-0500"): from
       @when, @notBefore/@from and @notAfter/@to, in their W3C, -iso and -custom forms (a custom date only in the
       Julian or Gregorian calendar, @datingMethod, whose years are the same), else from its text when that is an
       ISO date itself ("<date>1847</date>"). One value when the element gives only one bound; none when undated. -->
  <xsl:function name="ed:date-bounds" as="xs:string*">
    <xsl:param name="date" as="element()"/>
    <xsl:variable name="custom" select="matches($date/@datingMethod, 'julian|gregorian', 'i')"/>
    <xsl:variable name="start" select="(for $name in ('when', 'notBefore', 'from') return ($date/@*[local-name() = ($name, $name || '-iso')],
                                          $date/@*[$custom][local-name() = $name || '-custom']))[matches(., '^-?\d{4}')]"/>
    <xsl:variable name="end" select="(for $name in ('when', 'notAfter', 'to') return ($date/@*[local-name() = ($name, $name || '-iso')],
                                        $date/@*[$custom][local-name() = $name || '-custom']))[matches(., '^-?\d{4}')]"/>
    <xsl:variable name="text" select="normalize-space($date)[matches(., '^\d{4}(-\d{2}(-\d{2})?)?$')]"/>
    <xsl:sequence select="if (exists(($start, $end))) then distinct-values(($start[1], $end[1]) ! normalize-space(.)) else $text"/>
  </xsl:function>

  <!-- ISO date used to sort the documents; undated documents sort last. -->
  <xsl:function name="ed:date-key" as="xs:string">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="(ed:date-element($doc) ! ed:date-bounds(.), '9999')[1]"/>
  </xsl:function>

  <!-- The date as the document says it, else its bounds as readers write them ("1 October 1924 – 1925"). -->
  <xsl:function name="ed:date-label" as="xs:string?">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="date" select="ed:date-element($doc)"/>
    <xsl:sequence select="(normalize-space($date)[.], string-join($date ! ed:date-bounds(.) ! ed:iso-date-label(.), ' – ')[.])[1]"/>
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

  <!-- The archival identifiers, as a citation: repository, place, collection, box, folder... An identifier may group
       others (idno in idno: a shelfmark beside a catalogue's URL); each is read on its own, and a URL among them is
       not a name of the object but a link to its record (ed:archive-links). -->
  <xsl:function name="ed:archive-identifier" as="xs:string?">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="ms" select="(ed:header($doc)//tei:msDesc/tei:msIdentifier)[1]"/>
    <xsl:sequence select="string-join(($ms/tei:repository, $ms/tei:settlement, $ms/tei:collection, ed:archive-idnos($ms)[not(ed:is-web-address(.))], $ms/tei:msName)
                          ! normalize-space(.)[.], ', ')[.]"/>
  </xsl:function>

  <!-- The web addresses among the archival identifiers: a catalogue record's, a digitised copy's. -->
  <xsl:function name="ed:archive-links" as="xs:string*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="ed:archive-idnos((ed:header($doc)//tei:msDesc/tei:msIdentifier)[1])[ed:is-web-address(.)] ! normalize-space(.)"/>
  </xsl:function>

  <xsl:function name="ed:archive-idnos" as="element(tei:idno)*">
    <xsl:param name="identifier" as="element(tei:msIdentifier)?"/>
    <xsl:sequence select="$identifier/tei:idno/descendant-or-self::tei:idno[not(tei:idno)]"/>
  </xsl:function>

  <xsl:function name="ed:is-web-address" as="xs:boolean">
    <xsl:param name="idno" as="element(tei:idno)"/>
    <xsl:sequence select="matches(normalize-space($idno), '^https?://\S+$', 'i')"/>
  </xsl:function>

  <!-- ===================================================================================== -->
  <!-- Manuscript descriptions (msDesc, TEI Guidelines ch. 10): what a catalogue entry shows   -->
  <!-- ===================================================================================== -->

  <!-- The manuscripts a document's header describes (its sourceDesc's msDesc; a critical edition's witnesses,
       listWit, are the conspectus's, not these). -->
  <xsl:function name="ed:manuscript-descriptions" as="element(tei:msDesc)*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="ed:header($doc)/tei:fileDesc/tei:sourceDesc/tei:msDesc"/>
  </xsl:function>

  <!-- A catalogue record: a document whose substance is the description of a manuscript, its text empty or a token
       (<text><body><p/></body></text>: nothing to read, no image, no page). Its description is the page. -->
  <xsl:function name="ed:is-catalogue-record" as="xs:boolean">
    <xsl:param name="doc" as="document-node()"/>
    <!-- Each text looked at alone, up to its first word: a transcription answers at once (a path over all texts, or a
         union, would have every node of the document gathered and sorted first: a millisecond a call). -->
    <!-- A transcription of the source's pages (sourceDoc) with anything in it is no record: its pages are what it has
         to read, in this file or in the files it includes. -->
    <xsl:sequence select="exists(ed:manuscript-descriptions($doc))
                          and (every $text in ed:texts($doc) satisfies empty($text/self::tei:sourceDoc/*) and
                                (empty(($text/descendant::text()[normalize-space()])[1])
                                 and empty(($text/descendant::*[self::tei:graphic or self::tei:media or self::tei:figure or self::tei:pb
                                                                or self::tei:gap or self::tei:binaryObject])[1])))"/>
  </xsl:function>

  <!-- The descriptions published in full, as a printed catalogue lays them out (identifier, contents, physical
       description, history, additional): all of a catalogue record's; of a transcription's source, one that says
       more than the metadata panel's fields (identifier, summary, language, provenance) do. -->
  <xsl:function name="ed:described-manuscripts" as="element(tei:msDesc)*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="descriptions" select="ed:manuscript-descriptions($doc)"/>
    <xsl:sequence select="if (empty($descriptions)) then ()
                          else if (ed:is-catalogue-record($doc)) then $descriptions
                          else $descriptions[exists(tei:head | tei:physDesc | tei:msPart | tei:msFrag | tei:additional | tei:p
                                                    | tei:history/(tei:origin | tei:acquisition | tei:summary | tei:p)
                                                    | tei:msContents/(tei:msItem | tei:msItemStruct | tei:p))]"/>
  </xsl:function>

  <!-- A description's heading: a catalogue record describes a manuscript; a transcription's header describes its
       source, which may as well be a stone (EpiDoc's inscriptions describe theirs with msDesc). -->
  <xsl:function name="ed:ms-heading" as="xs:string">
    <xsl:param name="description" as="element()"/>
    <xsl:sequence select="if (ed:is-catalogue-record(root($description))) then 'Manuscript description' else 'Description of the source'"/>
  </xsl:function>

  <!-- The groups of fields of a description, in the order of the Guidelines (10.1): each a heading and the elements
       that hold its fields. msContents is laid out as a list of items (ed:ms-item-parts), the others as fields. -->
  <xsl:function name="ed:ms-sections" as="map(*)*">
    <xsl:param name="description" as="element()"/>
    <xsl:sequence select="
      $description/tei:msContents ! map { 'heading': 'Contents', 'element': . },
      $description/tei:physDesc ! map { 'heading': 'Physical description', 'element': . },
      $description/tei:history ! map { 'heading': 'History', 'element': . },
      $description/tei:additional ! map { 'heading': 'Additional information', 'element': . }"/>
  </xsl:function>

  <!-- Elements that only group fields (10.7-10.9): their children are the fields; prose they hold instead (p, ab,
       summary) is a field named after the group. -->
  <xsl:variable name="ed:ms-groups" as="map(xs:string, xs:string)" select="map {
    'physDesc': 'Description', 'objectDesc': 'Form', 'supportDesc': 'Support', 'layoutDesc': 'Layout', 'handDesc': 'Hands',
    'scriptDesc': 'Script', 'typeDesc': 'Type', 'musicNotation': 'Music notation', 'decoDesc': 'Decoration',
    'bindingDesc': 'Binding', 'sealDesc': 'Seals', 'history': 'History', 'additional': 'Additional information',
    'adminInfo': 'Administrative information', 'msContents': 'Contents', 'handNotes': 'Hands', 'recordHist': 'Record history',
    'custodialHist': 'Custodial history' }"/>

  <!-- The label of each field (a catalogue's words for them); an element not named here is labelled by its name. -->
  <xsl:variable name="ed:ms-labels" as="map(xs:string, xs:string)" select="map {
    'support': 'Support', 'extent': 'Extent', 'foliation': 'Foliation', 'collation': 'Collation', 'condition': 'Condition',
    'layout': 'Layout', 'handNote': 'Hand', 'scriptNote': 'Script', 'typeNote': 'Type', 'decoNote': 'Decoration',
    'additions': 'Additions', 'binding': 'Binding', 'seal': 'Seal', 'accMat': 'Accompanying material',
    'origin': 'Origin', 'provenance': 'Provenance', 'acquisition': 'Acquisition', 'custodialHist': 'Custodial history',
    'recordHist': 'Record history', 'source': 'Source of the description', 'custEvent': 'Custodial event',
    'availability': 'Availability', 'surrogates': 'Surrogates', 'listBibl': 'Bibliography', 'bibl': 'Bibliography',
    'rubric': 'Rubric', 'incipit': 'Incipit', 'explicit': 'Explicit', 'finalRubric': 'Final rubric', 'colophon': 'Colophon',
    'quote': 'Quotation', 'textLang': 'Language', 'filiation': 'Filiation', 'note': 'Note', 'summary': 'Summary',
    'msName': 'Name', 'altIdentifier': 'Other identifier', 'idno': 'Identifier', 'change': 'Change', 'origDate': 'Date',
    'origPlace': 'Place', 'dimensions': 'Dimensions', 'watermark': 'Watermark', 'material': 'Material' }"/>

  <!-- The fields of a group (physDesc, history, additional, or any group in them), in document order: each child
       that is not itself a group, and the fields of each child that is. -->
  <xsl:function name="ed:ms-fields" as="element()*">
    <xsl:param name="group" as="element()"/>
    <xsl:sequence select="for $child in $group/* return if (map:contains($ed:ms-groups, local-name($child)) and $child/self::tei:*)
                          then ($child[exists(ed:ms-attribute-fact(.))], ed:ms-fields($child)) else $child"/>
  </xsl:function>

  <!-- Facts a description gives by attributes alone (10.7): the manuscript's form (objectDesc/@form: "codex"), its
       material where no support says it in words (supportDesc/@material: "perg" is parchment), its number of hands
       (handDesc/@hands), a layout without words (layout/@columns, @writtenLines, @ruledLines: "2 columns, 30–40
       written lines"). A group that gives one is a field of its own, before its fields; "unknown" is no fact. -->
  <xsl:function name="ed:ms-attribute-fact" as="xs:string?">
    <xsl:param name="field" as="element()"/>
    <xsl:sequence select="
      (if ($field/self::tei:objectDesc) then normalize-space($field/@form)
       else if ($field/self::tei:supportDesc[empty(tei:support[normalize-space()]) and not(normalize-space(tei:p))])
       then normalize-space($field/@material) ! (map { 'perg': 'parchment', 'chart': 'paper' }(.), .)[1]
       else if ($field/self::tei:handDesc) then normalize-space($field/@hands)
       else if ($field/self::tei:layout[not(normalize-space())])
       then string-join((ed:ms-count($field/@columns, 'column'), ed:ms-count($field/@writtenLines, 'written line'), ed:ms-count($field/@ruledLines, 'ruled line')), ', ')
       else ())[. and not(. = ('unknown', 'other'))]"/>
  </xsl:function>

  <!-- A count given by an attribute of one or two numbers (data.count: "2", "30 40"): "2 columns", "30–40 written lines".
       (A named function, not an inline one: Saxon-HE Java, which the bench runs the stylesheets with, has none.) -->
  <xsl:function name="ed:ms-count" as="xs:string?">
    <xsl:param name="value" as="attribute()?"/>
    <xsl:param name="noun" as="xs:string"/>
    <xsl:variable name="numbers" select="distinct-values(tokenize(normalize-space($value)))"/>
    <xsl:sequence select="if (exists($numbers)) then string-join($numbers, '–') || ' ' || $noun || (if ($numbers = '1' and count($numbers) = 1) then '' else 's') else ()"/>
  </xsl:function>

  <!-- What a field is called: a group's fact by what it says ("Form", "Material"); a list of references by its own
       heading; prose in a group by the group's name ("Decoration" for decoDesc/p); any other by the table, else by
       its element's name. -->
  <xsl:function name="ed:ms-label" as="xs:string">
    <xsl:param name="field" as="element()"/>
    <xsl:variable name="name" select="local-name($field)"/>
    <xsl:sequence select="if ($field/(self::tei:objectDesc | self::tei:supportDesc | self::tei:handDesc)) then map { 'objectDesc': 'Form', 'supportDesc': 'Material', 'handDesc': 'Number of hands' }($name)
                          else if ($field/self::tei:listBibl[tei:head[normalize-space()]]) then normalize-space($field/tei:head[1])
                          else if ($name = ('p', 'ab') or ($name = 'summary' and not($field/parent::tei:msContents)))
                          then ($ed:ms-groups(local-name($field/..)), 'Description')[1]
                          else ($ed:ms-labels($name), upper-case(substring($name, 1, 1)) || substring($name, 2))[1]
                               || ($field/self::tei:idno/@type, $field/self::tei:altIdentifier/(@type[not(../tei:idno/@type)], tei:idno/@type))[1] ! normalize-space(.)[.] ! (' (' || . || ')')"/>
  </xsl:function>

  <!-- An item of the contents (msItem, msItemStruct) in two parts: what it is, in one line (where: its locus; who
       and what: its authors and titles), and its fields (rubric, incipit, explicit, colophon, language, notes,
       bibliography, in the record's order); its own items are nested below. -->
  <xsl:function name="ed:ms-item-lead" as="element()*">
    <xsl:param name="item" as="element()"/>
    <xsl:sequence select="$item/(tei:locus | tei:locusGrp | tei:author | tei:respStmt | tei:title | tei:docAuthor | tei:docTitle | tei:docImprint)"/>
  </xsl:function>

  <xsl:function name="ed:ms-item-fields" as="element()*">
    <xsl:param name="item" as="element()"/>
    <xsl:sequence select="$item/* except (ed:ms-item-lead($item) | $item/(tei:msItem | tei:msItemStruct))"/>
  </xsl:function>

  <!-- The one-line name of a manuscript, as catalogues cite it: place, holding institution, collection, shelfmark
       ("Oxford, Bodleian Library, MS. Laud Misc. 550"); a part's (msPart, msFrag) by its own identifier. -->
  <xsl:function name="ed:ms-identifier" as="element()?">
    <xsl:param name="description" as="element()"/>
    <xsl:sequence select="($description/tei:msIdentifier, $description/tei:altIdentifier)[1]"/>
  </xsl:function>

  <xsl:function name="ed:ms-shelfmark" as="xs:string?">
    <xsl:param name="identifier" as="element()?"/>
    <xsl:sequence select="string-join(($identifier/(tei:settlement, tei:institution[empty(../tei:repository)], tei:repository, tei:collection),
                          ed:ms-shelfmark-idno($identifier)) ! normalize-space(.)[.], ', ')[.]"/>
  </xsl:function>

  <!-- The idno that is the shelfmark: one typed so, else an untyped one, else the first that is not a web address;
       a part's (whose msIdentifier may hold only an altIdentifier, "MS. Laud Misc. 249 – Part 1") from there. -->
  <xsl:function name="ed:ms-shelfmark-idno" as="element(tei:idno)?">
    <xsl:param name="identifier" as="element()?"/>
    <xsl:variable name="own" select="ed:archive-idnos($identifier[self::tei:msIdentifier])[normalize-space()]"/>
    <xsl:variable name="idnos" select="if (exists($own)) then $own else $identifier/(self::tei:altIdentifier | tei:altIdentifier)/tei:idno[normalize-space()]"/>
    <xsl:sequence select="($idnos[@type = ('shelfmark', 'shelfMark', 'callNumber', 'signature', 'part')], $idnos[not(@type)], $idnos[not(ed:is-web-address(.))])[1]"/>
  </xsl:function>

  <!-- The identifiers a reader may look the manuscript up by besides its shelfmark: other idnos (a catalogue
       number, an archival resource key), former shelfmarks (altIdentifier), its common name (msName). -->
  <xsl:function name="ed:ms-other-identifiers" as="element()*">
    <xsl:param name="identifier" as="element()?"/>
    <xsl:variable name="shelfmark" select="ed:ms-shelfmark-idno($identifier)"/>
    <xsl:sequence select="$identifier[self::tei:msIdentifier]/(tei:msName[normalize-space()], tei:altIdentifier[normalize-space()][not(tei:idno intersect $shelfmark)],
                          ed:archive-idnos(.[self::tei:msIdentifier])[normalize-space()] except $shelfmark)"/>
  </xsl:function>

  <!-- Whether a field has anything to show: text, or a locus, a language or a layout given by its attributes alone. -->
  <xsl:function name="ed:ms-has-content" as="xs:boolean">
    <xsl:param name="field" as="element()"/>
    <xsl:sequence select="normalize-space($field) != '' or exists($field/descendant-or-self::tei:locus[@from or @to]) or exists($field/self::tei:textLang[normalize-space(@mainLang)])
                          or exists(ed:ms-attribute-fact($field))"/>
  </xsl:function>

  <!-- The parts of a description a reader reads one by one, in the page's order: its identifier, heading and
       prose, each item of its contents (the item's one line) and each field of items, contents, physical
       description, history and additional information; then its parts' (msPart, msFrag). Both outputs lay
       these out, and the search finds the text of each (xslt/search.xsl): one list, so that a search hit's
       anchor is always on the page. -->
  <xsl:function name="ed:ms-blocks" as="element()*">
    <xsl:param name="description" as="element()"/>
    <xsl:sequence select="(ed:ms-identifier($description)[exists(ed:ms-shelfmark(.))], $description/(tei:head | tei:p)[normalize-space()],
                           ed:ms-other-identifiers(ed:ms-identifier($description)),
                           ed:ms-sections($description) ! (if (?element/self::tei:msContents) then ed:ms-item-blocks(?element) else ed:ms-fields(?element)[ed:ms-has-content(.)]),
                           $description/(tei:msPart | tei:msFrag) ! ed:ms-blocks(.))"/>
  </xsl:function>

  <xsl:function name="ed:ms-item-blocks" as="element()*">
    <xsl:param name="item" as="element()"/>
    <xsl:sequence select="$item[not(self::tei:msContents)][exists(ed:ms-item-lead(.)[ed:ms-has-content(.)])],
                          ed:ms-item-fields($item)[ed:ms-has-content(.)],
                          $item/(tei:msItem | tei:msItemStruct) ! ed:ms-item-blocks(.)"/>
  </xsl:function>

  <!-- A locus as a catalogue writes it: its text, else its range ("fols. 1r–120v", "fol. 3"; the range alone after
       words that already say "fol." or "pp."). -->
  <xsl:function name="ed:locus-label" as="xs:string">
    <xsl:param name="locus" as="element()"/>
    <xsl:variable name="from" select="normalize-space($locus/@from)"/>
    <xsl:variable name="to" select="normalize-space($locus/@to)"/>
    <xsl:variable name="said" select="exists($locus/preceding-sibling::node()[1][self::text()][matches(., '(^|\W)(fols?|ff?|pp?)\.\s*$', 'i')])"/>
    <xsl:sequence select="if (normalize-space($locus)) then normalize-space($locus)
                          else if ($from and $to and $from != $to) then (if ($said) then '' else 'fols. ') || $from || '–' || $to
                          else if ($from or $to) then (if ($said) then '' else 'fol. ') || ($from[.], $to)[1]
                          else ''"/>
  </xsl:function>

  <!-- Dimensions as a catalogue writes them: "246 × 183 mm (leaf)", each measurement's text, else its quantity or
       range (min–max, atLeast–atMost). Only measurements that are all numbers ("246", "160–162", "c. 90"):
       dimensions with text of their own, words in a measurement, or a measurement not taken (a template's
       <height unit="mm"/>: no unit alone is shown) are read as they are written. -->
  <xsl:function name="ed:dimensions-label" as="xs:string?">
    <xsl:param name="dimensions" as="element(tei:dimensions)"/>
    <xsl:variable name="measures" select="$dimensions/*"/>
    <xsl:variable name="values" select="$measures ! (normalize-space(.)[.], normalize-space(@quantity)[.],
                                        string-join((@min, @max) ! normalize-space(.)[.], '–')[.],
                                        string-join((@atLeast, @atMost) ! normalize-space(.)[.], '–')[.])[1]"/>
    <xsl:sequence select="if (empty($dimensions/text()[normalize-space()]) and exists($measures) and count($values) = count($measures)
                              and (every $m in $measures satisfies $m/(self::tei:height or self::tei:width or self::tei:depth or self::tei:dim))
                              and (every $v in $values satisfies matches($v, '^(c\.\s*)?[\d.,]+(\s*[–-]\s*[\d.,]+)?$')))
                          then string-join($values, ' × ') || (normalize-space($dimensions/(@unit, $measures[1]/@unit)[1]) ! (' ' || .))
                               || (normalize-space($dimensions/@type)[.] ! (' (' || . || ')'))
                          else ()"/>
  </xsl:function>

  <!-- What stands before dimensions that follow another measurement with nothing but space between ("… leaves;
       258 × 192 mm (binding); 246 × 183 mm (leaf)"): the measurements must not run together. -->
  <xsl:function name="ed:dimensions-separator" as="xs:string">
    <xsl:param name="dimensions" as="element(tei:dimensions)"/>
    <xsl:sequence select="if (exists(ed:dimensions-label($dimensions))
                              and $dimensions/preceding-sibling::node()[not(self::text()[not(normalize-space())])][1] instance of element()) then '; ' else ''"/>
  </xsl:function>

  <!-- Translators: responsibility statements one of whose resp (a respStmt has one or more) speaks of translation. -->
  <xsl:function name="ed:translators" as="xs:string*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="statements" select="ed:header($doc)/tei:fileDesc/tei:titleStmt/tei:respStmt[tei:resp[matches(., 'transl', 'i')]]"/>
    <xsl:sequence select="distinct-values($statements/(tei:persName | tei:name | tei:orgName) ! normalize-space(.))"/>
  </xsl:function>

  <!-- Who sent the document and who received it, where and when (correspDesc, Guidelines 2.4.6): one map for each
       kind of action ('type': "sent", "received", "forwarded"…, "" for an action without one), in the order the header
       first names it, with its parties ('who'), places ('where') and dates ('when'), elements to render with their
       links. The Guidelines tell the sender from the addressee by the action (<correspAction type="sent">,
       <correspAction type="received">); some projects put both in one action and tell them apart by the name
       (<correspAction type="sent"><persName type="sender">…</persName><persName type="addressee">…</persName>): a
       party of a sending or receiving action whose own @type or @role says which side it is on (ed:correspondence-role)
       is on that side, its action's places and dates staying with the action. -->
  <xsl:function name="ed:correspondence" as="map(*)*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="actions" select="ed:header($doc)/tei:profileDesc/tei:correspDesc/tei:correspAction"/>
    <xsl:variable name="parties" select="$actions/(tei:persName | tei:orgName | tei:name | tei:persGrp | tei:roleName)"/>
    <xsl:for-each select="distinct-values(($actions ! normalize-space(@type), $parties ! ed:correspondence-role(.)))">
      <xsl:variable name="type" select="."/>
      <xsl:variable name="own" select="$actions[normalize-space(@type) eq $type]"/>
      <xsl:sequence select="map {
        'type': $type,
        'who': $parties[ed:correspondence-role(.) eq $type],
        'where': $own/(tei:placeName | tei:settlement | tei:geogName | tei:address),
        'when': $own/tei:date }"/>
    </xsl:for-each>
  </xsl:function>

  <!-- The side of the correspondence a party of a correspAction is on: the action its own @type or @role names
       (ed:correspondence-sides) when it is a party of a sending or receiving action (or of one that says neither), else
       its action's type. -->
  <xsl:function name="ed:correspondence-role" as="xs:string">
    <xsl:param name="party" as="element()"/>
    <xsl:variable name="action" select="normalize-space($party/../@type)"/>
    <xsl:variable name="own" select="if ($action = ('sent', 'received', '')) then ($party/@type, $party/@role) ! tokenize(lower-case(.)) ! map:get($ed:correspondence-sides, .) else ()"/>
    <xsl:sequence select="($own, $action)[1]"/>
  </xsl:function>

  <xsl:variable name="ed:correspondence-sides" as="map(xs:string, xs:string)"
    select="map { 'sender': 'sent', 'addressee': 'received', 'recipient': 'received', 'receiver': 'received' }"/>

  <!-- A licence's short name: a Creative Commons licence's from its address ("CC BY 4.0", "CC0 1.0"), else its
       text when that is short, else its address's host, else "Licence". -->
  <xsl:function name="ed:licence-label" as="xs:string">
    <xsl:param name="licence" as="element()"/>
    <xsl:variable name="target" select="normalize-space($licence/@target)"/>
    <xsl:variable name="text" select="normalize-space($licence)"/>
    <xsl:variable name="cc" select="analyze-string($target, 'creativecommons\.org/licen[cs]es/([a-z]+(-[a-z]+)*)/(\d+\.\d+)', 'i')/*:match"/>
    <xsl:sequence select="
      if (exists($cc)) then 'CC ' || upper-case($cc/*:group[@nr = 1]) || ' ' || $cc/*:group[@nr = 3]
      else if (matches($target, 'creativecommons\.org/publicdomain/zero/(\d+\.\d+)', 'i')) then 'CC0 ' || replace($target, '^.*publicdomain/zero/(\d+\.\d+).*$', '$1', 'i')
      else if (matches($target, 'creativecommons\.org/publicdomain/mark', 'i')) then 'Public Domain Mark'
      else if ($text and string-length($text) le 80) then $text
      else if (matches($target, '^https?://[^/\s]+', 'i')) then 'Licence (' || replace($target, '^https?://(www\.)?([^/\s]+).*$', '$2', 'i') || ')'
      else 'Licence'"/>
  </xsl:function>

  <!-- The language of a node (BCP 47): its own or its nearest ancestor's xml:lang; else the language its
       header declares (ed:header-language: a letter without xml:lang, in German by its langUsage, is
       stemmed and shown as German); else the edition's first language (edition.yml `languages`); else "", a
       language nothing states (HTML's lang="": unknown), which the search neither stems nor names as any language:
       a German letter whose encoding says nothing of its language is not English. -->
  <xsl:function name="ed:language" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="(normalize-space($node/ancestor-or-self::*[@xml:lang][1]/@xml:lang)[.],
      root($node)[. instance of document-node()] ! ed:header-language(.), ed:edition-list('languages')[1], '')[1]"/>
  </xsl:function>

  <!-- The same, with the language of a node of the document that has no xml:lang of its own or of an ancestor
       ($default: ed:document-language) looked up once per document rather than once per node. -->
  <xsl:function name="ed:language" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:param name="default" as="xs:string"/>
    <xsl:sequence select="(normalize-space($node/ancestor-or-self::*[@xml:lang][1]/@xml:lang)[.], $default)[1]"/>
  </xsl:function>

  <xsl:function name="ed:document-language" as="xs:string">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="(ed:header-language($doc), ed:edition-list('languages')[1], '')[1]"/>
  </xsl:function>

  <!-- Writing direction (TEI Guidelines vi.1 "Language identification", 5 "Characters, Glyphs, and Writing Modes";
       HTML's dir attribute): 'rtl' for a language tag (BCP 47) written from right to left, else 'ltr'. Its script subtag
       decides where it has one ("ar-Latn" is a transliteration, left to right; "en-Arab" English in Arabic letters, right
       to left); else the language's usual script (ed:rtl-languages). A malformed tag is no language: left to right. -->
  <xsl:function name="ed:direction" as="xs:string">
    <xsl:param name="lang" as="xs:string?"/>
    <!-- The script: the subtag after the language and its extended language subtags (three letters each), if it has
         four letters (the region "145" or a variant "1901" is no script). -->
    <xsl:variable name="subtags" select="tokenize(lower-case(normalize-space($lang)), '[-_]')"/>
    <xsl:variable name="script" select="$subtags[position() gt 1][not(matches(., '^[a-z]{3}$'))][1][matches(., '^[a-z]{4}$')]"/>
    <xsl:sequence select="if (exists($script)) then (if (map:contains($ed:rtl-scripts, $script)) then 'rtl' else 'ltr')
                          else if (map:contains($ed:rtl-languages, string($subtags[1]))) then 'rtl' else 'ltr'"/>
  </xsl:function>

  <!-- Scripts written from right to left (ISO 15924 codes whose letters are of Unicode bidirectional class R or AL). -->
  <xsl:variable name="ed:rtl-scripts" as="map(xs:string, xs:boolean)" select="map:merge(tokenize('
      adlm arab aran armi avst chrs cprt elym gara hatr hebr hung khar lydi mand mani mend merc mero narb nbat nkoo orkh
      ougr palm phli phlp phlv phnx prti rohg samr sarb sogd sogo syrc syre syrj syrn thaa yezi') ! map { . : true() })"/>

  <!-- Languages (ISO 639 codes) whose usual script is one of those: CLDR's likely subtags (ar → ar-Arab-EG, he, yi,
       fa, ur, ps, sd, ug, ckb, dv, syr, arc, lad, and the spoken Arabics, Aramaics and Iranian languages). -->
  <xsl:variable name="ed:rtl-languages" as="map(xs:string, xs:boolean)" select="map:merge(tokenize('
      aao abh abv acm acq acw acx adf ae aeb aec aee aeq afb aib aii aij aiq ajp ajt aju amw apc apd ar ara arb arc
      arq ars ary arz ask atn auj auz avd ave avl ayh ayl ayn ayp azb bal bcc bdz bej bft bgn bgp bhe bhm bhn bjf
      bjm bqi brh brk bsh bsk chg cja ckb cld clh czk dcc def deh dgl div dmk dml drw dv ecy esh fa fas fay faz fia
      fub gbz ggg gha ghr gig gjk gju glh glk grr gwc gwf gwt gzi hac haz hbo he heb hkh hnd hno hoh hrt hrz hss huy
      isk itk iw jad jat jbe jbn jdg ji jnd jog jpa jpr jrb jye kas kbu kby kcy kfm khw klj kmz kqd ks ktl kvx kxp
      kzh lad lah lhs lki lrc lrk lrl lsa lsd lss luv luz mby mde mey mfa mfi mhj mid mki mnj mve mvy myz mzb mzn
      nli nlm nqo ntz nyq oar obm odk oru ota otk oui pal pbt pbu per pes pgd phl phn phr phv plk pmu pnb prc prd
      prs prx ps psh psi pst pus qxq rdb rhg rmt sam sbn scl sd sdb sdf sdg sdh sds sgl sgr sgy shd shm shu shv siy
      siz skr smp smy snd sog sqo sqt srh srz ssh sts swb syc syn syr tjo tks tmr tnf tov tra trg trm trw ug uig ur
      urd ush uzs vaf vgr vmh wbk wlo wne wni wsv xco xhe xka xkc xkj xkp xld xly xmn xmr xna xpr xsa xvi ydd ydg
      yhd yi yid yih yud zba zdj zrp zum') ! map { . : true() })"/>

  <!-- Whether a text holds letters of a right-to-left script or bidirectional formatting characters (RLM, ALM,
       embeddings, overrides, isolates): shown amid text of another direction (a title in a list, a name in a
       register), it must be isolated (HTML dir="auto") or it reorders its neighbours. Text without any stays as it
       is in a left-to-right page. -->
  <xsl:function name="ed:needs-isolation" as="xs:boolean">
    <xsl:param name="text" as="xs:string?"/>
    <xsl:sequence select="matches($text, '[&#x590;-&#x8FF;&#xFB1D;-&#xFDFF;&#xFE70;-&#xFEFF;&#x200F;&#x61C;&#x202A;-&#x202E;&#x2066;-&#x2069;&#x10800;-&#x10FFF;&#x1E800;-&#x1EFFF;]')"/>
  </xsl:function>

  <!-- A language given by its code, as a reader names it: "Latin" for la, "English" for eng, "Arabic (ar-Latn-x-ijmes)"
       for a tag with subtags; the code itself where it names no language ICU knows. -->
  <xsl:function name="ed:language-name" as="xs:string">
    <xsl:param name="code" as="xs:string"/>
    <xsl:variable name="tag" select="normalize-space($code)"/>
    <xsl:variable name="primary" select="lower-case(tokenize($tag, '[-_]')[1])"/>
    <xsl:variable name="name" select="if ($primary = '') then () else $ed:language-names($primary)"/>
    <xsl:sequence select="if (empty($name)) then $tag else if (lower-case($tag) eq $primary) then $name else $name || ' (' || $tag || ')'"/>
  </xsl:function>

  <!-- The main language the header declares (profileDesc/langUsage/language/@ident): the one of the highest
       @usage (a percentage), else the first. Empty when it declares none. -->
  <xsl:function name="ed:header-language" as="xs:string?">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="languages" select="ed:header($doc)/tei:profileDesc/tei:langUsage/tei:language[normalize-space(@ident)]"/>
    <xsl:variable name="usage" select="max($languages/@usage[. castable as xs:decimal] ! xs:decimal(.))"/>
    <xsl:sequence select="(if (exists($usage)) then $languages[@usage castable as xs:decimal][xs:decimal(@usage) = $usage] else $languages)[1]/@ident ! normalize-space(.)"/>
  </xsl:function>

  <!-- The edition's name and purpose: those the edition configuration gives (edition.yml), else what the
       encoded documents themselves say: the name most documents give the edition they belong to, and the
       project description. Computed once per call (a page shows the title several times, and a collection
       of thousands of documents must not be scanned per page). -->
  <!-- The name a document gives the edition it belongs to: the title of its series (a title of level "s" in
       its titleStmt, else its seriesStmt's title: "Arthur Schnitzler: Briefwechsel mit Autorinnen und
       Autoren"), else its publishers (an institution: the last resort, not the edition's name). The build
       and the summaries call these "publishers". -->
  <!-- A corpus (teiCorpus, Guidelines 15.1) is the collection its members belong to: its title names the edition,
       once for itself and once for each member it holds or includes (TEI, teiCorpus, xi:include), so that it
       outweighs the publisher its members name (a ParlaMint corpus and its sittings: "Slovenski parlamentarni
       korpus ParlaMint-SI", not "CLARIN research infrastructure"). Its main title in the corpus's language, else its
       first main title, else its first title. -->
  <!-- A register (a file of lists: ed:is-edition-document false) is the edition's, not a text of it: its publisher
       does not name the edition (the archive that keeps its data, as an Alfred Escher register's "Staatsarchiv des
       Kantons Zürich" where the letters name no publisher), but its title may, the way a register's title says whose
       register it is ("Alfred Escher Briefedition: Personendaten"): the part before its colon, which names the edition
       when two registers or more share it (ed:edition-title). Publishers and those parts are marked
       (ed:publisher-mark, ed:register-title-mark) so that the edition title weighs them below a series or corpus. -->
  <xsl:function name="ed:publishers" as="xs:string*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="file" select="ed:header($doc)/tei:fileDesc"/>
    <xsl:variable name="series" select="($file/tei:titleStmt/tei:title[@level = 's'], $file/tei:seriesStmt/tei:title[not(@level = 'a')])[normalize-space()][1]"/>
    <xsl:variable name="corpus" select="$doc/tei:teiCorpus"/>
    <xsl:variable name="titles" select="$file/tei:titleStmt/tei:title[normalize-space()]"/>
    <xsl:variable name="main" select="$titles[not(@type) or @type = 'main']"/>
    <xsl:variable name="corpus-title" select="if (exists($corpus)) then ($main[@xml:lang = $corpus/@xml:lang], $main, $titles)[1] else ()"/>
    <xsl:sequence select="if (exists($corpus-title))
                            then (1 to 1 + count($corpus/(tei:TEI | tei:teiCorpus | Q{http://www.w3.org/2001/XInclude}include))) ! normalize-space($corpus-title)
                          else if (exists($series)) then normalize-space($series)
                          else if (not(ed:is-edition-document($doc)))
                            then ($main, $titles)[1][contains(., ':')] ! normalize-space(substring-before(., ':'))[.] ! ($ed:register-title-mark || .)
                          else $file/tei:publicationStmt/tei:publisher ! ed:publisher-name(.)[.] ! ($ed:publisher-mark || .)"/>
  </xsl:function>

  <!-- Private-use characters, which no edition's text makes of its own (like the build's stamp placeholders). -->
  <xsl:variable name="ed:register-title-mark" as="xs:string" select="'&#xE010;'"/>
  <xsl:variable name="ed:publisher-mark" as="xs:string" select="'&#xE011;'"/>

  <!-- A publisher as a name: the names it is made of, one after the other ("Special Collections, Bodleian Libraries,
       University of Oxford"), not its address or e-mail; a publisher of text alone, its text. -->
  <xsl:function name="ed:publisher-name" as="xs:string">
    <xsl:param name="publisher" as="element()"/>
    <xsl:variable name="names" select="$publisher/*[self::tei:orgName or self::tei:name or self::tei:persName]"/>
    <xsl:sequence select="if (exists($names)) then string-join($names ! normalize-space(.)[.], ', ') else normalize-space($publisher)"/>
  </xsl:function>

  <!-- Every document's publishers, in collection order. The build passes them (src/publish/build.ts), so a
       per-document call needs only the files that document points to, not the whole parsed collection. -->
  <xsl:param name="publishers" as="xs:string*" select="$collection ! ?document ! ed:publishers(.)"/>

  <!-- The configuration's title; else the name most documents give as their series or corpus; else the part of
       their titles two registers or more share; else the publisher most texts name; else "TEI edition". -->
  <xsl:variable name="ed:edition-title" as="xs:string">
    <xsl:variable name="marked" select="$publishers[starts-with(., $ed:register-title-mark) or starts-with(., $ed:publisher-mark)]"/>
    <xsl:variable name="register-titles" select="$marked[starts-with(., $ed:register-title-mark)] ! substring(., 2)"/>
    <xsl:sequence select="($edition?title, ed:most-named($publishers[not(. = $marked)]),
                           for $shared in ed:most-named($register-titles) return $shared[count($register-titles[. eq $shared]) ge 2],
                           ed:most-named($marked[starts-with(., $ed:publisher-mark)] ! substring(., 2)), 'TEI edition')[1]"/>
  </xsl:variable>

  <!-- The name given most often (ties: the first given). -->
  <xsl:function name="ed:most-named" as="xs:string?">
    <xsl:param name="names" as="xs:string*"/>
    <xsl:variable name="ranked" as="xs:string*">
      <xsl:perform-sort select="distinct-values($names)">
        <xsl:sort select="count($names[. = current()])" data-type="number" order="descending"/>
      </xsl:perform-sort>
    </xsl:variable>
    <xsl:sequence select="$ranked[1]"/>
  </xsl:function>

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
       - header-pointers: the "#id" and URI pointers of its header's names (not mentions), whose register files its
         pages need too (src/publish/registers.ts registerFilesFor);
       - publishers, project-descriptions: for the edition title and purpose;
       - date-key, title: the chronological order (edition.txt, home page, entry pages);
       - document: what the home page shows of an edition document;
       - mentions: what an entry page shows of each mention that may point to a register entry, with
         the entries it may point to ('targets', see ed:pointer-target);
       - entries: the file's register entries, each as XML (what its entry page and register list show);
       - relations: its relations (ed:relation-summaries), which the build shows on the pages of the entries they relate.
       With these the collection pages are rendered without parsing any document (html.xsl's
       xsl:initial-template), and the build keys each page on exactly the data it shows. -->
  <xsl:template match="/" mode="ed:summary">
    <xsl:variable name="is-document" select="ed:is-edition-document(.)"/>
    <xsl:variable name="mentions" as="map(*)" select="if ($is-document) then ed:mention-data(.) else map {}"/>
    <xsl:sequence select="map {
      'edition-document': $is-document,
      'publishers': array { ed:publishers(.) },
      'project-descriptions': array { ed:project-descriptions(.) },
      'date-key': if ($is-document) then ed:date-key(.) else '',
      'title': if ($is-document) then ed:title(.) else '',
      'references': array { distinct-values(ed:referenced-uris(.)) },
      'header-pointers': array { if ($is-document) then distinct-values(ed:header(.)//(*[@ref] | *[@key]) ! ed:pointers(.) ! (if (starts-with(., '#') or ed:is-key-pointer(.)) then . else if (ed:is-entry-uri(.)) then ed:uri-key(.) else if (ed:is-bare-id(.)) then '#' || . else ())) else () },
      'document': if ($is-document) then ed:document-summary(.) else map {},
      'mentions': array { if ($is-document) then (ed:mention-summaries(., $mentions), ed:speech-summaries(., $mentions)) else () },
      'entries': array { ed:entry-summaries(.) },
      'relations': array { ed:relation-summaries(.) },
      'search': ed:search-record(., $is-document, $mentions)
    }"/>
  </xsl:template>

  <xsl:function name="ed:referenced-uris" as="xs:string*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="ed:referenced-uris($doc, $doc, $source-path)"/>
    <!-- And those of the files it includes, each from its own place (ed:written-in). The build gives a summary the
         files a document's includes may name, and only those (src/publish/stages/summarise.ts): none, most often. -->
    <xsl:if test="count($collection) gt 1">
      <xsl:for-each select="ed:inclusions($doc)">
        <xsl:sequence select="ed:referenced-uris(., root(.), ed:written-in(.))"/>
      </xsl:for-each>
    </xsl:if>
  </xsl:function>

  <!-- The collection URIs the attributes of $node and its descendants point to, from the file at $path. -->
  <xsl:function name="ed:referenced-uris" as="xs:string*">
    <xsl:param name="node" as="node()"/>
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="path" as="xs:string"/>
    <xsl:variable name="base" select="ed:uri-of($path)"/>
    <xsl:sequence select="for $token in distinct-values($node/descendant-or-self::node()/@* ! tokenize(.) ! (if (contains(., ':')) then ed:expand-pointer(., $doc) else .))
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
       resolves it; a pointer into this file itself is checked here (it must reach a register entry). A
       "#id" this file has no element for is "#id": whichever register entry of the collection has that
       xml:id (ed:collection-entry; the build looks it up: src/publish/registers.ts). A pointer that is an absolute URI
       (ed:is-entry-uri) is itself, as ed:uri-key writes it: the entry known by that URI (ed:entry-uris), wherever the
       collection keeps it. A name alone ("pmb50": ed:is-bare-id) that is no file of the collection is "#pmb50". A key
       pointer (@key: ed:key-pointer) is the entry of this file whose xml:id is the key, else itself: the build looks it
       up (src/publish/registers.ts: the entry of that xml:id, else of that @n, else of that idno). -->
  <xsl:function name="ed:pointer-target" as="xs:string?">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="ed:pointer-target($pointer, $doc, $source-path)"/>
  </xsl:function>

  <!-- The same, for a pointer written in the file at $path ($doc: ed:written-in), which a document includes. -->
  <xsl:function name="ed:pointer-target" as="xs:string?">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="path" as="xs:string"/>
    <xsl:variable name="file" select="substring-before($pointer || '#', '#')"/>
    <xsl:variable name="fragment" select="substring-after($pointer, '#')"/>
    <xsl:variable name="own-uri" select="ed:uri-of($path)"/>
    <xsl:variable name="absolute" select="ed:is-entry-uri($pointer)"/>
    <xsl:variable name="uri" select="if (not($fragment) or not(ed:is-relative-uri($pointer))) then ()
                                     else if ($file = '') then $own-uri else ed:resolve-uri($file, $own-uri)"/>
    <xsl:sequence select="if (ed:is-key-pointer($pointer)) then (if (substring($pointer, 2) castable as xs:NCName and key('ed:id', substring($pointer, 2), $doc)[1][ed:is-register-entry(.)])
                                                             then ed:entry-target($own-uri, substring($pointer, 2)) else $pointer)
                          else if ($absolute) then ed:uri-key($pointer)
                          else if (empty($uri) and ed:is-bare-id($pointer)) then ed:pointer-target('#' || $pointer, $doc, $path)
                          else if (empty($uri)) then ()
                          else if ($uri = $own-uri and empty(key('ed:id', $fragment, $doc))) then '#' || $fragment
                          else if ($uri = $own-uri and empty(key('ed:id', $fragment, $doc)[1][ed:is-register-entry(.)])) then ()
                          else ed:entry-target($uri, $fragment)"/>
  </xsl:function>

  <!-- The targets (ed:pointer-target) of pointers written in a file a document includes, resolved from that file. -->
  <xsl:function name="ed:included-targets" as="xs:string*">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="pointers" as="xs:string*"/>
    <xsl:variable name="path" select="ed:written-in($element)"/>
    <xsl:sequence select="$pointers ! ed:pointer-target(., root($element), $path)"/>
  </xsl:function>

  <!-- What the summary's mentions and its search record both need of a document's mentions, found once:
       map { 'mentions': ed:mentions, 'speeches': the speeches (ed:mentions-and-speeches),
             'numbering': map { 'note', 'mention', 'speech' } (as ed:numbering),
             'ids': map { generate-id(mention): ed:mention-id },
             'by-block': map { generate-id(context block): map { 'block': ed:context-block, 'mentions': those in it, in document order } },
             'targeted': map { 'element', 'targets' (ed:pointer-target of its pointers) }* for each mention that has targets,
             'contexts': map { generate-id(context block): ed:context-text of the block } for the blocks of those mentions
                         (the search record reads a block's text from it where it is the same),
             'language': ed:document-language }. -->
  <xsl:function name="ed:mention-data" as="map(*)">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="found" select="ed:mentions-and-speeches($doc)"/>
    <xsl:variable name="mentions" select="$found?mention"/>
    <xsl:variable name="numbering" select="map { 'note': ed:positions(ed:notes($doc)), 'mention': ed:positions($mentions), 'speech': ed:positions($found?speech) }"/>
    <xsl:variable name="by-block" as="map(*)">
      <xsl:map>
        <xsl:for-each-group select="$mentions" group-by="generate-id(ed:context-block(.))">
          <xsl:map-entry key="current-grouping-key()" select="map { 'block': ed:context-block(.), 'mentions': current-group() }"/>
        </xsl:for-each-group>
      </xsl:map>
    </xsl:variable>
    <!-- Each distinct pointer resolved once: a document names the same few entries again and again. -->
    <xsl:variable name="pointers" as="array(*)*" select="$mentions ! array { ed:pointers(.) }"/>
    <xsl:variable name="targets" as="map(xs:string, xs:string?)"
      select="map:merge(distinct-values($pointers ! ?*) ! map { .: ed:pointer-target(., $doc) })"/>
    <xsl:variable name="targeted" as="map(*)*" select="(for $i in 1 to count($mentions) return map { 'element': $mentions[$i],
      'targets': if (root($mentions[$i]) is $doc) then $pointers[$i]?* ! $targets(.) else ed:included-targets($mentions[$i], $pointers[$i]?*) })[exists(?targets)]"/>
    <xsl:variable name="is-targeted" as="map(*)" select="map:merge($targeted ! map { generate-id(?element): true() })"/>
    <!-- Contexts block by block: each block's text is walked once, whatever its number of mentions. -->
    <xsl:variable name="contexts" as="map(*)">
      <xsl:map>
        <xsl:for-each select="map:keys($by-block)">
          <xsl:variable name="group" select="$by-block(.)"/>
          <xsl:if test="exists($group?mentions[$is-targeted(generate-id(.))])">
            <xsl:map-entry key="." select="ed:context-text(ed:context-items($group?block))"/>
          </xsl:if>
        </xsl:for-each>
      </xsl:map>
    </xsl:variable>
    <xsl:sequence select="map {
      'mentions': $mentions, 'speeches': $found?speech, 'numbering': $numbering,
      'ids': map:merge($mentions ! map { generate-id(.): ed:mention-id(., $numbering) }),
      'by-block': $by-block, 'targeted': $targeted, 'contexts': $contexts, 'language': ed:document-language($doc),
      'included-languages': if (exists(ed:text-includes($doc))) then ed:included-languages(ed:text-includes($doc), ed:document-language($doc), ()) else map {} }"/>
  </xsl:function>

  <!-- The language of a node of a document's reading (ed:language), with the language of the files its text includes:
       an included file's element without an xml:lang of its own (or of an ancestor in its file) is in the language of
       the place it is included at (XInclude 1.1, 4.5.7 "Language Fixup"). $data: ed:mention-data of the document. -->
  <xsl:function name="ed:reading-language" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:param name="data" as="map(*)"/>
    <xsl:sequence select="ed:language($node, (map:get($data?included-languages, generate-id(root($node)/*)), $data?language)[1])"/>
  </xsl:function>

  <!-- map { generate-id(included root element): the language at the place it is included } for $includes (in a file
       whose language, where no xml:lang says otherwise, is $default) and the includes of the files they include. -->
  <xsl:function name="ed:included-languages" as="map(*)">
    <xsl:param name="includes" as="element()*"/>
    <xsl:param name="default" as="xs:string"/>
    <xsl:param name="including" as="xs:string*"/>
    <xsl:sequence select="map:merge(for $include in $includes, $included in ed:included($include, $including)
      return (map { generate-id($included): ed:language($include, $default) },
              ed:included-languages($included/descendant-or-self::Q{http://www.w3.org/2001/XInclude}include, ed:language($include, $default),
                                    ($including, ed:included-uri($included)))))"/>
  </xsl:function>

  <!-- A mention's own text in its context block's ed:context-text (between its markers, normalized): what
       ed:plain gives for it, read from the walk of the block that its context already made; empty when the
       reading view does not show it. -->
  <xsl:function name="ed:marked-text" as="xs:string?">
    <xsl:param name="mention" as="element()"/>
    <xsl:param name="block" as="map(*)"/>
    <xsl:variable name="start" select="$block(generate-id($mention) || '&lt;')"/>
    <xsl:variable name="end" select="$block(generate-id($mention) || '&gt;')"/>
    <xsl:sequence select="if (exists($start) and exists($end)) then normalize-space(substring($block(''), $start + 1, $end - $start)) else ()"/>
  </xsl:function>

  <!-- Each mention (ed:mentions) that may reach a register entry: its targets, anchor, label and context
       (8 words each side), language, the number of the note it is in, and whether it is a metonym.
       $data: ed:mention-data of the document. -->
  <xsl:function name="ed:mention-summaries" as="map(*)*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="data" as="map(*)"/>
    <xsl:variable name="numbering" select="$data?numbering"/>
    <!-- The mentions with targets, and their blocks' texts (ed:mention-data): each block's text is walked once, whatever
         its number of mentions; the same walk gives each mention's label (ed:marked-text), else (a mention the reading
         view does not show) ed:plain. -->
    <xsl:variable name="mentions" select="$data?targeted"/>
    <xsl:variable name="targeted" as="map(*)" select="map:merge($mentions ! map { generate-id(?element): true() })"/>
    <xsl:variable name="contexts" as="map(*)">
      <xsl:map>
        <xsl:for-each select="map:keys($data?contexts)">
          <xsl:variable name="here" select="$data?by-block(.)?mentions[$targeted(generate-id(.))]"/>
          <xsl:if test="exists($here)">
            <xsl:variable name="block" select="$data?contexts(.)"/>
            <xsl:for-each select="$here">
              <xsl:map-entry key="generate-id()" select="array { ed:context(., $block, 8), ed:marked-text(., $block) }"/>
            </xsl:for-each>
          </xsl:if>
        </xsl:for-each>
      </xsl:map>
    </xsl:variable>
    <xsl:for-each select="$mentions">
      <xsl:variable name="targets" select="?targets"/>
      <xsl:for-each select="?element">
        <xsl:variable name="context" select="$contexts(generate-id())"/>
        <xsl:sequence select="map {
          'targets': array { $targets }, 'id': $data?ids(generate-id()), 'label': if (array:size($context) eq 3) then $context(3) else ed:plain(.),
          'before': $context(1), 'after': $context(2), 'lang': ed:reading-language(., $data),
          'note': string(ancestor::tei:note[1] ! ed:note-number(., $numbering)), 'metonym': @type = 'metonym'
        }"/>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:function>

  <!-- Each speech (ed:mention-data's 'speeches') whose speakers include a register entry, as its speakers' entry pages
       list it: 'speech': true(), its targets (one per distinct speaker, resolved as a mention's pointers are: a
       speaker the collection does not have is no target), anchor (ed:speech-id), opening words as 'label'
       (ed:opening-words), 'where' it stands (the headings of the divisions around it: "Act 1, Scene 2"), language,
       the number of the note it is in; 'before', 'after' and 'metonym' as a mention has them, empty. -->
  <xsl:function name="ed:speech-summaries" as="map(*)*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="data" as="map(*)"/>
    <xsl:variable name="numbering" select="$data?numbering"/>
    <xsl:variable name="speeches" select="$data?speeches"/>
    <!-- Each distinct speaker resolved once: a play's speeches name its few characters again and again. -->
    <xsl:variable name="targets" as="map(xs:string, xs:string?)"
      select="map:merge(distinct-values($speeches[root(.) is $doc] ! ed:speakers(.)) ! map { .: ed:pointer-target(., $doc) })"/>
    <!-- The speeches of one division together: its headings are read once, not once per speech. -->
    <xsl:for-each-group select="$speeches" group-adjacent="generate-id(ancestor::*[ed:is-division(.)][1])">
      <xsl:variable name="where" select="string-join(ancestor::*[ed:is-division(.)] ! ed:plain(tei:head[1])[.], ', ')"/>
      <xsl:for-each select="current-group()">
        <xsl:variable name="speech-targets" select="distinct-values(if (root(.) is $doc) then ed:speakers(.) ! $targets(.) else ed:included-targets(., ed:speakers(.)))"/>
        <xsl:if test="exists($speech-targets)">
          <xsl:sequence select="map {
            'speech': true(), 'targets': array { $speech-targets }, 'id': ed:speech-id(., $numbering),
            'label': ed:opening-words(ed:spoken(.)), 'where': $where,
            'before': '', 'after': '', 'lang': ed:reading-language(., $data),
            'note': string(ancestor::tei:note[1] ! ed:note-number(., $numbering)), 'metonym': false()
          }"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:for-each-group>
  </xsl:function>

  <!-- A division of a text (div, div1 … div7): what a speech's place is told by. -->
  <xsl:function name="ed:is-division" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="exists($element[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3 or self::tei:div4 or self::tei:div5
                                            or self::tei:div6 or self::tei:div7])"/>
  </xsl:function>

  <!-- How many words an entry page shows of a speech. -->
  <xsl:variable name="ed:opening-word-count" as="xs:integer" select="12"/>

  <!-- The first words of a speech (its reading text, ed:plain), with "…" when it has more: read from as few of its
       nodes as hold that many words (counted in their string values), so that a long speech is not read whole. -->
  <!-- What a speech says: of a play's sp, its content but its speaker label and the stage directions beside its words
       (", to Gonzalo"), unless it has nothing else (a speech of action alone). -->
  <xsl:function name="ed:spoken" as="node()*">
    <xsl:param name="speech" as="element()"/>
    <xsl:variable name="spoken" select="$speech/self::tei:sp/(node() except (tei:speaker | tei:stage))"/>
    <xsl:sequence select="if (not($speech/self::tei:sp)) then $speech/node()
                          else if (some $node in $spoken satisfies normalize-space($node)) then $spoken
                          else $speech/node() except $speech/tei:speaker"/>
  </xsl:function>

  <xsl:function name="ed:opening-words" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:variable name="enough" as="xs:integer">
      <xsl:iterate select="$nodes">
        <xsl:param name="words" as="xs:integer" select="0"/>
        <xsl:on-completion select="count($nodes)"/>
        <xsl:variable name="words" select="$words + count(tokenize(string(.)))"/>
        <xsl:choose>
          <xsl:when test="$words gt $ed:opening-word-count"><xsl:break select="position()"/></xsl:when>
          <xsl:otherwise><xsl:next-iteration><xsl:with-param name="words" select="$words"/></xsl:next-iteration></xsl:otherwise>
        </xsl:choose>
      </xsl:iterate>
    </xsl:variable>
    <xsl:variable name="words" select="tokenize(ed:plain(subsequence($nodes, 1, $enough)))"/>
    <xsl:sequence select="if (count($words) gt $ed:opening-word-count or ($enough lt count($nodes) and exists($nodes[position() gt $enough][normalize-space()])))
                          then string-join(subsequence($words, 1, $ed:opening-word-count), ' ') || ' …'
                          else string-join($words, ' ')"/>
  </xsl:function>

  <!-- The file's register entries: 'group' (register and ed:entry-key, its xml:id or else its URI: one page per group),
       'register', 'target' (ed:entry-target, '' when another element of the file has its xml:id first, or it has none: no
       pointer reaches it by its place), 'page', 'id' (its xml:id, '' where it has none), the entry's XML (ed:entry-record), its 'label' (ed:entry-name: the build tells apart entries of one name),
       the targets its record's pointers resolve to ('links', where it has any: the build gives its page their names and pages),
       the URIs it is known by ('uris': ed:entry-uris, where it has any), the codes a @key may look it up by ('n', 'idnos':
       ed:entry-n-key, ed:entry-idno-keys, where it has any), what its record states of the entries it points to
       ('statements': ed:entry-statements, where it states any),
       and what the build chooses a group's entry by (src/publish/registers.ts):
       'in-register' (in a register file or a standOff, not repeated in a document's back matter or header)
       and 'size' (how many elements and attributes it has: the fullest wins among equals). -->
  <xsl:function name="ed:entry-summaries" as="map(*)*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:for-each select="$doc/descendant::*[map:contains($ed:register-by-entry, local-name())][ed:is-register-entry(.)]">
      <xsl:variable name="targets" select="ed:record-targets(.)"/>
      <xsl:variable name="summary" select="map {
        'group': ed:register-of(.) || '/' || ed:entry-key(.), 'register': ed:register-of(.), 'page': ed:entry-page(.),
        'target': if (@xml:id and key('ed:id', string(@xml:id), $doc)[1] is .) then ed:entry-target(ed:uri-of($source-path), @xml:id) else '',
        'xml': serialize(ed:entry-record(., $targets)), 'id': string(@xml:id), 'label': ed:entry-name(.),
        'in-register': exists(ancestor::tei:standOff) or not(ed:is-edition-document(root(.))),
        'size': count(descendant-or-self::* | descendant::*/@*)
      }"/>
      <xsl:variable name="uris" select="ed:entry-uris(.)"/>
      <xsl:variable name="n" select="ed:entry-n-key(.)"/>
      <xsl:variable name="idnos" select="ed:entry-idno-keys(.)"/>
      <xsl:sequence select="map:merge(($summary, map { 'uris': array { $uris } }[exists($uris)], map { 'n': $n }[exists($n)], map { 'idnos': array { $idnos } }[exists($idnos)],
                                       if (map:size($targets) eq 0) then () else (map { 'links': array { distinct-values($targets?* ! tokenize(.)) } }, ed:entry-statements(., $targets))))"/>
    </xsl:for-each>
  </xsl:function>

  <!-- What an entry's record states of the other entries it points to, which their pages state from their side
       (EntrySummary.statements): of each of its affiliations, births, deaths, residences and educations that points to an entry
       (ed:record-targets: $targets), 'statements': map { 'target', 'xml': the element, as its record has it }, one per target
       (the organisation a person was a member of, the place a person was born in). -->
  <xsl:variable name="ed:stated-data" as="xs:string+" select="('affiliation', 'birth', 'death', 'residence', 'education')"/>

  <xsl:function name="ed:entry-statements" as="map(*)?">
    <xsl:param name="entry" as="element()"/>
    <xsl:param name="targets" as="map(xs:string, xs:string)"/>
    <xsl:variable name="data" select="$entry/*[local-name() = $ed:stated-data][namespace-uri() = 'http://www.tei-c.org/ns/1.0']"/>
    <xsl:variable name="statements" as="map(*)*">
      <xsl:for-each select="$data">
        <xsl:variable name="stated" select="distinct-values(descendant-or-self::*[@ref or @key] ! $targets(generate-id(.)) ! tokenize(.))"/>
        <xsl:if test="exists($stated)">
          <xsl:variable name="xml" select="serialize(ed:entry-record(., $targets))"/>
          <xsl:sequence select="$stated ! map { 'target': ., 'xml': $xml }"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="if (exists($statements)) then map { 'statements': array { $statements } } else ()"/>
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
