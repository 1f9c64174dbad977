<?xml version="1.0" encoding="UTF-8"?>
<!--
  The pages of search and discovery (included by html.xsl): the search box of every page's header, and the
  collection pages search.html, timeline.html and map.html, rendered by html.xsl's xsl:initial-template from
  the data the build gathers from the files' summaries (src/search/):

  - $search-page: map { } (the page is static; assets/search.js runs the queries on the index pieces
    under search/, which the build writes beside it);
  - $timeline-page: map { 'documents': the edition documents' summaries ('document' of mode ed:summary) };
  - $map-page: map { 'width', 'height', 'land', 'borders' (SVG path data, projected by the build from the
    world-atlas basemap), 'places': map { 'id', 'label', 'page', 'x', 'y', 'coordinates', 'documents' } }.

  Everything from TEI is output as text or attribute values; the SVG elements are made here, from numbers
  and path data, never from strings of markup.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:ed="urn:tei-edition"
  xmlns:html="urn:tei-edition:html"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:param name="search-page" as="map(*)?" select="()"/>
  <xsl:param name="timeline-page" as="map(*)?" select="()"/>
  <xsl:param name="map-page" as="map(*)?" select="()"/>

  <!-- Every page's search box: a plain form, so Enter runs the query on the search page with or without
       scripts on this page (search.html reads ?q= and keeps the query in its fragment). -->
  <xsl:template name="html:search-box">
    <xsl:param name="root" as="xs:string"/>
    <form class="site-search" role="search" action="{$root}search.html" method="get">
      <label for="site-search-query" class="visually-hidden">Search the edition</label>
      <input type="search" id="site-search-query" name="q" placeholder="Search the edition" autocomplete="off"/>
      <button type="submit">Search</button>
    </form>
  </xsl:template>

  <!-- The browse lists offered where search cannot run, and on the search page before any query. -->
  <xsl:template name="html:browse-links">
    <ul class="browse-links">
      <li><a href="index.html#documents">All documents</a></li>
      <li><a href="timeline.html">Timeline</a> (documents by year and month)</li>
      <li><a href="persons.html">Persons</a></li>
      <li><a href="places.html">Places</a> and the <a href="map.html">map</a></li>
      <li><a href="organisations.html">Organisations</a></li>
    </ul>
  </xsl:template>

  <xsl:template name="html:search-pages">
    <xsl:if test="exists($search-page)">
      <xsl:result-document href="search.html" format="page">
        <xsl:call-template name="html:search-page"/>
      </xsl:result-document>
    </xsl:if>
    <xsl:if test="exists($timeline-page)">
      <xsl:result-document href="timeline.html" format="page">
        <xsl:call-template name="html:timeline-page">
          <xsl:with-param name="documents" select="ed:sort-chronologically($timeline-page?documents)"/>
        </xsl:call-template>
      </xsl:result-document>
    </xsl:if>
    <xsl:if test="exists($map-page)">
      <xsl:result-document href="map.html" format="page">
        <xsl:call-template name="html:map-page">
          <xsl:with-param name="map" select="$map-page"/>
        </xsl:call-template>
      </xsl:result-document>
    </xsl:if>
  </xsl:template>

  <!-- ===================================================================================== -->
  <!-- search.html                                                                            -->
  <!-- ===================================================================================== -->

  <xsl:template name="html:search-page">
    <xsl:call-template name="html:page">
      <xsl:with-param name="title" select="'Search'"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="scripts" select="('assets/search-core.js', 'assets/search.js', 'search/manifest.js')"/>
      <xsl:with-param name="content">
        <h1>Search</h1>
        <form class="search-form" role="search" action="search.html" method="get">
          <label for="search-query">Search the documents and registers</label>
          <div class="search-row">
            <input type="search" id="search-query" name="q" autocomplete="off" aria-describedby="search-help"/>
            <button type="submit">Search</button>
          </div>
          <p id="search-help" class="search-help">Any form of a word finds the others (<em>negotiation</em> finds
            <em>negotiations</em>); a name finds every spelling the registers list; <kbd>"exact phrase"</kbd>;
            <kbd>begin*</kbd> for words that begin so; several words find the documents that have all of them.</p>
        </form>
        <div class="search-needs-script" data-search-needs-script="">
          <p>Searching needs JavaScript, which is turned off or not available in this browser. Every document can
            still be reached from the browse lists:</p>
          <xsl:call-template name="html:browse-links"/>
        </div>
        <div class="search-app" hidden="hidden">
          <p class="search-status" role="status" aria-live="polite"></p>
          <div class="search-layout">
            <section class="search-results" aria-labelledby="results-heading">
              <h2 id="results-heading" class="visually-hidden">Results</h2>
              <ol class="result-list"></ol>
              <button type="button" class="more-results" hidden="hidden">More results</button>
            </section>
            <aside class="search-facets" aria-labelledby="facets-heading">
              <h2 id="facets-heading">Refine</h2>
              <div class="facet-groups"></div>
            </aside>
          </div>
          <div class="search-start">
            <h2>Browse</h2>
            <xsl:call-template name="html:browse-links"/>
          </div>
        </div>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- ===================================================================================== -->
  <!-- timeline.html: the documents by year and month                                          -->
  <!-- ===================================================================================== -->

  <xsl:variable name="html:month-names" as="xs:string+" select="('January', 'February', 'March', 'April', 'May', 'June', 'July',
    'August', 'September', 'October', 'November', 'December')"/>

  <!-- The year of a chronological key ('1980-10-02' → '1980'), '' when undated. -->
  <xsl:function name="html:year-of" as="xs:string">
    <xsl:param name="date-key" as="xs:string"/>
    <xsl:sequence select="if (matches($date-key, '^-?\d{4}') and $date-key != '9999') then replace($date-key, '^(-?\d{4}).*$', '$1', 's') else ''"/>
  </xsl:function>

  <!-- The month ('01'…'12') of a chronological key, '' when it gives none. -->
  <xsl:function name="html:month-of" as="xs:string">
    <xsl:param name="date-key" as="xs:string"/>
    <xsl:sequence select="if (matches($date-key, '^-?\d{4}-(0[1-9]|1[0-2])')) then replace($date-key, '^-?\d{4}-(\d{2}).*$', '$1', 's') else ''"/>
  </xsl:function>

  <xsl:template name="html:timeline-page">
    <xsl:param name="documents" as="map(*)*"/>
    <xsl:variable name="dated" select="$documents[html:year-of(?date-key)]"/>
    <xsl:variable name="most" select="max((1, for $y in distinct-values($dated ! html:year-of(?date-key)) return count($dated[html:year-of(?date-key) = $y])))"/>
    <xsl:call-template name="html:page">
      <xsl:with-param name="title" select="'Timeline'"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="content">
        <h1>Timeline</h1>
        <p class="purpose">The {count($documents)} documents of the edition by year and month. Each period links to the
          search, narrowed to it.</p>
        <xsl:if test="exists($dated)">
          <nav aria-labelledby="years-heading" class="timeline-overview">
            <h2 id="years-heading">Years</h2>
            <ol class="timeline-years">
              <xsl:for-each-group select="$dated" group-by="html:year-of(?date-key)">
                <li>
                  <a href="#year-{current-grouping-key()}">
                    <span class="timeline-year">{ed:iso-date-label(current-grouping-key())}</span>
                    <span class="timeline-bar" style="width: {format-number(count(current-group()) div $most * 100, '0.#')}%"></span>
                    <span class="timeline-count">{count(current-group())} document{if (count(current-group()) = 1) then '' else 's'}</span>
                  </a>
                </li>
              </xsl:for-each-group>
            </ol>
          </nav>
        </xsl:if>
        <xsl:for-each-group select="$dated" group-by="html:year-of(?date-key)">
          <xsl:variable name="year" select="current-grouping-key()"/>
          <xsl:variable name="year-label" select="ed:iso-date-label($year)"/>
          <section class="timeline-year-section" id="year-{$year}" aria-labelledby="year-{$year}-heading">
            <h2 id="year-{$year}-heading">{$year-label} <span class="count">({count(current-group())})</span></h2>
            <p class="narrow"><a href="search.html#from={$year}&amp;to={$year}">Search the documents of {$year-label}</a></p>
            <xsl:for-each-group select="current-group()" group-by="html:month-of(?date-key)">
              <xsl:variable name="month" select="current-grouping-key()"/>
              <xsl:variable name="label" select="if ($month) then $html:month-names[xs:integer($month)] || ' ' || $year-label else 'Month not known'"/>
              <section class="timeline-month" id="month-{$year}{if ($month) then '-' || $month else ''}">
                <h3>{$label} <span class="count">({count(current-group())})</span>
                  <xsl:if test="$month"><xsl:text> </xsl:text><a class="narrow" href="search.html#from={$year}-{$month}&amp;to={$year}-{$month}">search within</a></xsl:if>
                </h3>
                <xsl:call-template name="html:timeline-documents"/>
              </section>
            </xsl:for-each-group>
          </section>
        </xsl:for-each-group>
        <xsl:if test="exists($documents[not(html:year-of(?date-key))])">
          <section class="timeline-year-section" id="undated" aria-labelledby="undated-heading">
            <h2 id="undated-heading">Undated <span class="count">({count($documents[not(html:year-of(?date-key))])})</span></h2>
            <xsl:for-each-group select="$documents[not(html:year-of(?date-key))]" group-by="true()">
              <xsl:call-template name="html:timeline-documents"/>
            </xsl:for-each-group>
          </section>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="html:timeline-documents">
    <ol class="document-list">
      <xsl:for-each select="current-group()">
        <li>
          <xsl:if test="?date-label"><span class="document-date"><xsl:call-template name="html:date-text"/></span></xsl:if>
          <a class="document-title" href="documents/{?name}.html" lang="{?lang}"><xsl:sequence select="html:isolate(?title)"/>{?title}</a>
        </li>
      </xsl:for-each>
    </ol>
  </xsl:template>

  <!-- ===================================================================================== -->
  <!-- map.html: the places that have coordinates, on the basemap                              -->
  <!-- ===================================================================================== -->

  <xsl:template name="html:map-page">
    <xsl:param name="map" as="map(*)"/>
    <xsl:variable name="places" select="$map?places"/>
    <xsl:call-template name="html:page">
      <xsl:with-param name="title" select="'Map'"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="content">
        <h1>Map</h1>
        <xsl:choose>
          <xsl:when test="empty($places)">
            <p>No place of the registers has coordinates.</p>
          </xsl:when>
          <xsl:otherwise>
            <p class="purpose">The places of the registers that have coordinates ({count($places)}). Each links to its
              entry; the list below the map also links to the documents that mention it.</p>
            <figure class="map">
              <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {$map?width} {$map?height}" role="group" aria-labelledby="map-caption">
                <rect class="map-sea" x="0" y="0" width="{$map?width}" height="{$map?height}"/>
                <xsl:if test="string($map?land)"><path class="map-land" d="{$map?land}"/></xsl:if>
                <xsl:if test="string($map?borders)"><path class="map-borders" d="{$map?borders}"/></xsl:if>
                <xsl:for-each select="$places">
                  <a href="{?page}" class="map-place" aria-label="{?label}">
                    <title>{html:isolated-text(?label)} ({?documents} document{if (?documents = 1) then '' else 's'})</title>
                    <circle cx="{?x}" cy="{?y}" r="{$map?radius}"/>
                    <xsl:if test="?labelAnchor != ''">
                      <text x="{?labelX}" y="{?labelY}" text-anchor="{?labelAnchor}" aria-hidden="true">{html:isolated-text(?label)}</text>
                    </xsl:if>
                  </a>
                </xsl:for-each>
              </svg>
              <figcaption id="map-caption">Places with coordinates. Basemap: Natural Earth (public domain), via world-atlas.</figcaption>
            </figure>
            <table class="map-places">
              <caption>The places on the map</caption>
              <thead><tr><th scope="col">Place</th><th scope="col">Coordinates</th><th scope="col">Documents</th></tr></thead>
              <tbody>
                <xsl:for-each select="$places">
                  <xsl:sort select="lower-case(?label)"/>
                  <tr>
                    <th scope="row"><a href="{?page}"><xsl:sequence select="html:isolate(?label)"/>{?label}</a></th>
                    <td>{?coordinates}</td>
                    <td>
                      <xsl:choose>
                        <xsl:when test="?documents = 0">none</xsl:when>
                        <xsl:otherwise><a href="search.html#place={encode-for-uri(?id)}">{?documents} document{if (?documents = 1) then '' else 's'}</a></xsl:otherwise>
                      </xsl:choose>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
