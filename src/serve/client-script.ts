import { EVENTS_PATH } from './live-events';

/**
 * The script `serve` adds to every page it serves (never to the published files): it listens on
 * EVENTS_PATH and
 * - brings the page to a newer build once one is published (the page knows the build it came from by its
 *   `data-generation`): the new page's body swapped in where the page's scripts allow it, else a reload;
 * - shows the problems of the last build in an overlay (`file:line:column  message`, each linked to the
 *   document's page when it has one), and removes it once they are fixed;
 * - shows "rebuilding…" while a build runs.
 *
 * Everything it shows is made of DOM text nodes (no innerHTML; a swapped-in body is the served page itself, parsed
 * by DOMParser, which runs no script): file names and messages quote the
 * documents, and a document's text must never become markup. The overlay lives in a shadow root, so the
 * edition's stylesheet does not restyle it and it does not restyle the edition; styles are set through
 * the CSSOM, which a page's Content-Security-Policy cannot forbid as it can forbid inline style.
 *
 * Plain ES2017 as the browser runs it, kept here as text so that it needs no file of its own beside the
 * compiled code.
 */
export const CLIENT_SCRIPT = String.raw`// tei-edition serve: live reload and the problems overlay. Added by the development server only.
(function () {
  'use strict';
  var script = document.currentScript;
  var generation = script ? script.getAttribute('data-generation') : null;
  var source = null;
  var host = null;
  var root = null;
  // Hidden by the reader: remembered for this set of problems across the pages of the tab.
  var HIDDEN = 'tei-edition-hidden-problems';
  var choices = {};

  // The last state heard, and whether the page is being brought to a newer build.
  var latest = null;
  var refreshing = false;

  function connect() {
    if (source) return;
    source = new EventSource(${JSON.stringify(EVENTS_PATH)});
    source.addEventListener('state', function (event) {
      var state;
      try { state = JSON.parse(event.data); } catch (e) { return; }
      latest = state;
      if (String(state.generation) !== generation) {
        refresh();
        return;
      }
      render(state);
    });
  }

  // A newer build was published: the page shows it. A page whose only script is the edition's own (a document, a
  // register, an entry, the home page) gets the new page's body in place of its own: no new document, so it shows the
  // change sooner, and keeps its scroll position and this connection. Any other page (search, timeline, map: scripts
  // that keep state of their own), another head (a stylesheet or script changed), or a failure: the page reloads.
  function refresh() {
    if (refreshing) return;
    refreshing = true;
    swapBody().then(function (swapped) {
      refreshing = false;
      if (!swapped) {
        disconnect();
        window.location.reload();
      } else if (latest && String(latest.generation) !== generation) {
        refresh();
      } else if (latest) {
        render(latest);
      }
    });
  }

  function pageScripts(doc) {
    return Array.prototype.map.call(doc.querySelectorAll('head script[src]'), function (node) { return node.getAttribute('src'); });
  }

  function swappable(doc) {
    var scripts = pageScripts(doc);
    return scripts.length === 1 && /(^|\/)assets\/edition\.js$/.test(scripts[0]);
  }

  // The head as it decides what the body looks like and does: everything but the title.
  function headKey(doc) {
    var head = doc.head.cloneNode(true);
    Array.prototype.forEach.call(head.querySelectorAll('title'), function (node) { node.remove(); });
    return head.innerHTML;
  }

  // Resolves to whether the new body is in place (never rejects).
  function swapBody() {
    if (!swappable(document) || typeof DOMParser === 'undefined' || !window.fetch || !window.Promise) return Promise.resolve(false);
    return fetch(window.location.href, { cache: 'no-store', credentials: 'same-origin' }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (html === null) return false;
      // A parsed document runs no script; what it holds is the page as a reload would get it.
      var next = new DOMParser().parseFromString(html, 'text/html');
      var tag = next.querySelector('script[data-generation]');
      if (!tag || !next.body || !swappable(next) || headKey(next) !== headKey(document)) return false;
      generation = tag.getAttribute('data-generation');
      tag.remove();
      var x = window.scrollX;
      var y = window.scrollY;
      document.title = next.title;
      document.body.replaceWith(document.adoptNode(next.body));
      window.scrollTo(x, y);
      // The edition's script again, for the new body (it only enhances what it finds there).
      var again = document.createElement('script');
      again.src = pageScripts(document)[0];
      again.addEventListener('load', function () { again.remove(); });
      again.addEventListener('error', function () { again.remove(); });
      document.head.appendChild(again);
      return true;
    }).catch(function () { return false; });
  }

  function disconnect() {
    if (source) source.close();
    source = null;
  }

  // A browser keeps about six connections per server: tabs in the background give theirs back, so that
  // many open pages never stall the one being read. Back in front, the first state says whether a build
  // published meanwhile (then the page reloads).
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') disconnect();
    else connect();
  });
  window.addEventListener('pagehide', disconnect);
  window.addEventListener('pageshow', function () { if (document.visibilityState !== 'hidden') connect(); });
  if (document.visibilityState !== 'hidden') connect();

  function element(tag, styles, text) {
    var node = document.createElement(tag);
    if (styles) Object.keys(styles).forEach(function (key) { node.style[key] = styles[key]; });
    if (text !== undefined && text !== null) node.appendChild(document.createTextNode(String(text)));
    return node;
  }

  function ensureHost() {
    if (host && host.isConnected) return;
    host = element('div');
    host.id = 'tei-edition-overlay';
    root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
    document.documentElement.appendChild(host);
  }

  function clear() {
    while (root && root.firstChild) root.removeChild(root.firstChild);
  }

  function where(problem) {
    return problem.line > 0 ? problem.file + ':' + problem.line + ':' + problem.column : problem.file;
  }

  function render(state) {
    var problems = state.problems || [];
    var key = JSON.stringify([problems, state.published]);
    var errors = problems.filter(function (p) { return p.severity === 'error'; }).length;
    // Errors are shown until the reader hides them; warnings alone start folded; a new set of problems
    // starts afresh.
    var remembered = null;
    try { remembered = window.sessionStorage.getItem(HIDDEN); } catch (e) { /* storage may be disabled */ }
    var hidden = remembered === 'hide:' + key ? true : remembered === 'show:' + key ? false
      : Object.prototype.hasOwnProperty.call(choices, key) ? choices[key] : errors === 0;
    if (problems.length === 0 && !state.building) {
      if (host) host.remove();
      host = null;
      return;
    }
    ensureHost();
    clear();
    var font = 'system-ui, -apple-system, "Segoe UI", sans-serif';
    if (state.building) {
      root.appendChild(element('div', {
        position: 'fixed', right: '1rem', top: '1rem', zIndex: '2147483647', background: '#1d2733', color: '#fff',
        font: '600 0.85rem/1.4 ' + font, padding: '0.35rem 0.75rem', borderRadius: '1rem', boxShadow: '0 2px 8px rgba(0,0,0,.3)',
      }, 'rebuilding…')).setAttribute('data-tei-edition', 'building');
    }
    if (problems.length === 0) return;
    var panel = element('section', {
      position: 'fixed', left: '0', right: '0', bottom: '0', zIndex: '2147483646', maxHeight: '50vh', overflow: 'auto',
      background: errors > 0 ? '#2b1416' : '#2a2413', color: '#f5f5f5', font: '0.9rem/1.45 ' + font,
      borderTop: '4px solid ' + (errors > 0 ? '#e5484d' : '#e2a336'), boxShadow: '0 -4px 16px rgba(0,0,0,.35)',
      padding: '0.75rem 1rem',
    });
    panel.setAttribute('role', 'region');
    panel.setAttribute('aria-label', 'Problems in the edition');
    panel.setAttribute('data-tei-edition', 'problems');
    var heading = element('div', { display: 'flex', gap: '1rem', alignItems: 'baseline', flexWrap: 'wrap' });
    heading.appendChild(element('strong', { fontSize: '1rem' }, state.summary));
    heading.appendChild(element('span', { opacity: '0.8', flex: '1' }, !state.published
      ? 'Nothing was published: this is the last good build. Save a fix and the page reloads.'
      : errors > 0 ? 'Documents with errors are left out of the site.' : ''));
    var toggle = element('button', {
      font: 'inherit', color: 'inherit', background: 'transparent', border: '1px solid currentColor', borderRadius: '0.25rem',
      padding: '0.1rem 0.6rem', cursor: 'pointer',
    }, hidden ? 'Show' : 'Hide');
    toggle.type = 'button';
    toggle.setAttribute('aria-expanded', hidden ? 'false' : 'true');
    toggle.addEventListener('click', function () {
      choices[key] = !hidden;
      try { window.sessionStorage.setItem(HIDDEN, (hidden ? 'show:' : 'hide:') + key); } catch (e) { /* this page remembers it */ }
      render(state);
    });
    heading.appendChild(toggle);
    panel.appendChild(heading);
    if (!hidden) {
      var list = element('ul', { listStyle: 'none', margin: '0.5rem 0 0', padding: '0' });
      problems.forEach(function (problem) {
        var item = element('li', { margin: '0.3rem 0', fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: '0.85rem' });
        item.setAttribute('data-severity', problem.severity);
        var place = problem.href
          ? element('a', { color: '#9cc8ff', textDecoration: 'underline' }, where(problem))
          : element('span', { color: '#d0d0d0' }, where(problem));
        if (problem.href) place.setAttribute('href', problem.href);
        item.appendChild(place);
        item.appendChild(document.createTextNode('  '));
        item.appendChild(element('span', { color: problem.severity === 'error' ? '#ff8589' : '#f1c15e', fontWeight: '600' }, problem.severity));
        item.appendChild(document.createTextNode('  ' + problem.message + '  '));
        item.appendChild(element('span', { opacity: '0.6' }, problem.rule));
        list.appendChild(item);
      });
      panel.appendChild(list);
    }
    root.appendChild(panel);
  }
})();
`;

/** The tag that loads CLIENT_SCRIPT, for the build `generation` the page comes from. */
export function clientTag(clientPath: string, generation: number): string {
  return `<script src="${clientPath}" data-generation="${generation}" defer></script>`;
}

/**
 * The page with the live script added before `</body>` (or at the end, for a page without one): the
 * file on disk is never changed, only the bytes `serve` sends.
 */
export function injectClient(html: string, tag: string): string {
  const at = html.lastIndexOf('</body>');
  return at < 0 ? `${html}${tag}` : `${html.slice(0, at)}${tag}${html.slice(at)}`;
}
