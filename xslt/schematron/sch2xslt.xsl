<?xml version="1.0" encoding="UTF-8"?>
<!--
  A small ISO Schematron to XSLT 3.0 compiler for tei-edition's rules layer.

  Input: an ISO Schematron schema (queryBinding xslt2 or xslt3). Output: a stylesheet whose named
  template Q{urn:tei-edition:schematron-run}main takes a sequence of documents ($documents) and returns,
  as JSON, one array of findings per document. Each finding is a map:
    rule      the assert's or report's @id (else its pattern's @id, else "schematron")
    role      @role of the assert/report (else of its rule); the caller maps it to a severity
    pattern   the pattern's @id
    message   the message text, with value-of and name evaluated, whitespace normalised
    location  map{ path: [positions of the element and its ancestors among their element siblings,
              from the root down], attribute: name or "" }
  The caller turns the path into a line and column with its own position index, because XSLT cannot
  see where a node was written.

  Supported: ns, let (schema, pattern and rule level, @value), pattern, rule (first matching rule per
  pattern wins), assert, report, value-of, name, emph/dir/span (as text), diagnostics, @subject,
  defaultPhase with phase/active, and top-level XSLT declarations (xsl:key, xsl:function, …) copied
  through. Not supported: include, extends, abstract
  patterns and rules, params, let without @value: for those the output is <run:error>reason</run:error>.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:axsl="urn:tei-edition:alias:xsl"
  xmlns:sch="http://purl.oclc.org/dsdl/schematron"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:run="urn:tei-edition:schematron-run"
  exclude-result-prefixes="sch xs">

  <xsl:namespace-alias stylesheet-prefix="axsl" result-prefix="xsl"/>
  <xsl:output method="xml" indent="yes"/>

  <!-- A schema this compiler cannot handle yields <run:error> with the reason instead of a stylesheet. -->
  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="not(sch:schema)">
        <run:error>the root element is <xsl:value-of select="name(*)"/>, not an ISO Schematron sch:schema</run:error>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="sch:schema"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="sch:schema">
    <xsl:variable name="unsupported" select="(.//sch:include, .//sch:extends, .//sch:param, .//sch:pattern[@abstract = 'true' or @is-a], .//sch:rule[@abstract = 'true'], .//sch:let[not(@value)])[1]"/>
    <xsl:variable name="binding" select="lower-case(normalize-space(@queryBinding))"/>
    <xsl:choose>
      <xsl:when test="exists($unsupported)">
        <run:error>unsupported Schematron construct <xsl:value-of select="name($unsupported)"/><xsl:value-of select="$unsupported/@id ! (' (' || . || ')')"/>; tei-edition's compiler supports ns, let/@value, pattern, rule, assert, report, value-of, name and diagnostics</run:error>
      </xsl:when>
      <xsl:when test="$binding and not($binding = ('xslt', 'xslt2', 'xslt3', 'xpath', 'xpath2', 'xpath3', 'xpath31'))">
        <run:error>queryBinding "<xsl:value-of select="@queryBinding"/>" is not supported; use xslt2 or xslt3</run:error>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="." mode="compile"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="sch:schema" mode="compile">
    <xsl:variable name="phase" select="sch:phase[@id = current()/@defaultPhase]"/>
    <xsl:variable name="patterns" select="if ($phase) then sch:pattern[@id = $phase/sch:active/@pattern] else sch:pattern"/>

    <axsl:stylesheet version="3.0">
      <xsl:copy-of select="namespace::*[not(name() = ('', 'xml'))]"/>
      <xsl:for-each select="sch:ns">
        <xsl:namespace name="{@prefix}" select="string(@uri)"/>
      </xsl:for-each>
      <xsl:namespace name="run" select="'urn:tei-edition:schematron-run'"/>
      <xsl:namespace name="xs" select="'http://www.w3.org/2001/XMLSchema'"/>
      <xsl:attribute name="exclude-result-prefixes" select="'#all'"/>

      <axsl:output method="json" indent="no"/>

      <!-- Declarations written in XSLT inside the schema (keys for lookups, functions). -->
      <xsl:copy-of select="xsl:*"/>

      <axsl:template name="run:main">
        <axsl:param name="documents" as="document-node()*"/>
        <axsl:variable name="results" as="array(*)*">
          <axsl:for-each select="$documents">
            <axsl:variable name="findings" as="map(*)*">
              <axsl:call-template name="run:document"/>
            </axsl:variable>
            <axsl:sequence select="array {{ $findings }}"/>
          </axsl:for-each>
        </axsl:variable>
        <axsl:sequence select="array {{ $results }}"/>
      </axsl:template>

      <!-- Where a node is, as the positions of it and its ancestors among their element siblings:
           cheap (no preceding:: scan) even when a large document has many findings. -->
      <axsl:function name="run:locate" as="map(*)">
        <axsl:param name="node" as="node()?"/>
        <axsl:variable name="element" as="element()?" select="if (empty($node)) then () else if ($node instance of element()) then $node else if ($node instance of document-node()) then $node/*[1] else $node/parent::*"/>
        <axsl:sequence select="map {{ 'path': array {{ $element/ancestor-or-self::* ! (count(preceding-sibling::*) + 1) }}, 'attribute': if ($node instance of attribute()) then name($node) else '' }}"/>
      </axsl:function>

      <axsl:template name="run:document">
        <xsl:apply-templates select="sch:let" mode="variable"/>
        <xsl:for-each select="$patterns">
          <axsl:for-each select=".">
            <xsl:apply-templates select="sch:let" mode="variable"/>
            <axsl:apply-templates select="." mode="run:p{position()}">
              <xsl:for-each select="../sch:let, sch:let">
                <axsl:with-param name="{@name}" select="${@name}" as="item()*" tunnel="yes"/>
              </xsl:for-each>
            </axsl:apply-templates>
          </axsl:for-each>
        </xsl:for-each>
      </axsl:template>

      <xsl:for-each select="$patterns">
        <xsl:variable name="mode" select="'run:p' || position()"/>
        <xsl:variable name="pattern" select="."/>
        <!-- Visit only the kinds of node this pattern's rules can match: most rules are about
             elements, and a large document has far more attribute and text nodes than elements.
             An attribute in a predicate (tei:*[@ref]) does not make a rule match attributes. -->
        <xsl:variable name="contexts" select="string-join(sch:rule/@context, ' ')"/>
        <xsl:variable name="children" select="string-join((
          if (some $context in sch:rule/@context satisfies run:may-match-attributes($context)) then '@*' else (),
          if (matches($contexts, 'node\s*\(|text\s*\(|comment\s*\(|processing-instruction\s*\(')) then 'node()' else '*'), ' | ')"/>
        <xsl:for-each select="sch:rule">
          <axsl:template mode="{$mode}" priority="{1000 - position()}">
            <xsl:attribute name="match" select="@context"/>
            <xsl:for-each select="$pattern/../sch:let, $pattern/sch:let">
              <axsl:param name="{@name}" as="item()*" tunnel="yes"/>
            </xsl:for-each>
            <xsl:apply-templates select="sch:let" mode="variable"/>
            <xsl:apply-templates select="sch:assert | sch:report">
              <xsl:with-param name="pattern" select="$pattern"/>
            </xsl:apply-templates>
            <axsl:apply-templates select="{$children}" mode="#current"/>
          </axsl:template>
        </xsl:for-each>
        <axsl:template match="document-node() | element()" mode="{$mode}" priority="-1000">
          <axsl:apply-templates select="{$children}" mode="#current"/>
        </axsl:template>
        <axsl:template match="@* | text() | comment() | processing-instruction()" mode="{$mode}" priority="-1000"/>
      </xsl:for-each>
    </axsl:stylesheet>
  </xsl:template>

  <!-- Typed (item()*) so that SaxonJS evaluates a let once, not again at each reference: a let
       computed for a whole document (an index of its notes) is then used cheaply by every rule. -->
  <xsl:template match="sch:let" mode="variable">
    <axsl:variable name="{@name}" as="item()*">
      <xsl:attribute name="select" select="@value"/>
    </axsl:variable>
  </xsl:template>

  <xsl:template match="sch:assert | sch:report">
    <xsl:param name="pattern" as="element(sch:pattern)"/>
    <xsl:variable name="test" select="if (self::sch:assert) then 'not(' || @test || ')' else string(@test)"/>
    <xsl:variable name="rule" select="(@id, $pattern/@id, 'schematron')[1]"/>
    <xsl:variable name="role" select="(@role, parent::sch:rule/@role, '')[1]"/>
    <xsl:variable name="subject" select="(@subject, parent::sch:rule/@subject, '.')[1]"/>
    <axsl:if>
      <xsl:attribute name="test" select="$test"/>
      <axsl:variable name="run:subject" as="node()?">
        <xsl:attribute name="select" select="'(' || $subject || ')[1]'"/>
      </axsl:variable>
      <axsl:variable name="run:text">
        <axsl:value-of>
          <xsl:apply-templates mode="message"/>
          <xsl:for-each select="tokenize(normalize-space(@diagnostics), ' ')">
            <axsl:text><xsl:text> </xsl:text></axsl:text>
            <xsl:apply-templates select="root($pattern)//sch:diagnostic[@id = current()]/node()" mode="message"/>
          </xsl:for-each>
        </axsl:value-of>
      </axsl:variable>
      <axsl:sequence>
        <xsl:attribute name="select" select="'map { ''rule'': ' || run:literal($rule) || ', ''role'': ' || run:literal($role) || ', ''pattern'': ' || run:literal(string($pattern/@id)) || ', ''message'': normalize-space($run:text), ''location'': run:locate($run:subject) }'"/>
      </axsl:sequence>
    </axsl:if>
  </xsl:template>

  <xsl:template match="text()" mode="message">
    <axsl:text><xsl:value-of select="."/></axsl:text>
  </xsl:template>

  <xsl:template match="sch:value-of" mode="message">
    <axsl:value-of>
      <xsl:attribute name="select" select="@select"/>
    </axsl:value-of>
  </xsl:template>

  <xsl:template match="sch:name" mode="message">
    <axsl:value-of>
      <xsl:attribute name="select" select="'name(' || (@path, '.')[1] || ')'"/>
    </axsl:value-of>
  </xsl:template>

  <xsl:template match="*" mode="message">
    <xsl:apply-templates mode="message"/>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()" mode="message"/>

  <!-- Whether a rule context (an XSLT pattern) may match attribute nodes. Predicates are taken out first
       (with the string literals in them); when that cannot be done cleanly, or anything but plain steps
       remains, the answer is yes: visiting attributes in vain costs time, missing one would hide
       findings. -->
  <xsl:function name="run:may-match-attributes" as="xs:boolean">
    <xsl:param name="context" as="xs:string"/>
    <xsl:variable name="steps" select="run:without-predicates(replace($context, '&quot;[^&quot;]*&quot;|''[^'']*''', ''))"/>
    <xsl:sequence select="matches($steps, '[\[\]@.$(]|attribute|self|node|key|id|doc')"/>
  </xsl:function>

  <xsl:function name="run:without-predicates" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="fewer" select="replace($text, '\[[^\[\]]*\]', '')"/>
    <xsl:sequence select="if ($fewer eq $text) then $text else run:without-predicates($fewer)"/>
  </xsl:function>

  <!-- An XPath string literal. -->
  <xsl:function name="run:literal" as="xs:string">
    <xsl:param name="value" as="xs:string"/>
    <xsl:sequence select="'''' || replace($value, '''', '''''') || ''''"/>
  </xsl:function>
</xsl:stylesheet>
