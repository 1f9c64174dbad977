import { createHash } from 'crypto';
import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { threadId } from 'worker_threads';
import { toolCacheDir } from '../package-files';
import { makeFolders } from '../make-folders';

/**
 * Loads SaxonJS once per process, with V8's code cache.
 *
 * SaxonJS is a single 2.4 MB script; parsing and compiling it is most of the time a cold `validate`
 * or `build` spends before doing any work (≈570 ms of require on the 2-core reference machine). V8
 * can serialise the code it compiled and reuse it in the next process (Node 22's
 * module.enableCompileCache does this for every module; Node 20 needs vm.Script's cachedData). The
 * cache is written at exit, after the run has compiled the functions it used, so the next run skips
 * compiling them too. V8 rejects a cache made by another V8 version or for other source text, and
 * then the script simply compiles as usual: the cache can make loading faster, never different.
 */

const CODE_CACHE_DIR = process.env.TEI_EDITION_CODE_CACHE_DIR
  ? path.resolve(process.env.TEI_EDITION_CODE_CACHE_DIR)
  : path.join(toolCacheDir(), 'v8');

let loaded: unknown;
let status: 'not loaded' | 'no code cache' | 'compiled' | 'from code cache' | 'code cache rejected' = 'not loaded';

/** How SaxonJS was loaded in this process (reported by `--timings`; tested). */
export function saxonLoadStatus(): typeof status {
  return status;
}

/**
 * SaxonJS requires axios (with form-data, proxy agents, mime-db…) at load time, only to fetch http(s)
 * resources, which tei-edition never does. Handing it a stand-in that refuses every use saves loading
 * those modules on every cold run (≈50 ms) and closes the network path at its source too.
 */
function withoutNetwork(requireFrom: NodeRequire): NodeRequire {
  const refuse = (): never => {
    throw new Error('tei-edition never fetches resources over the network');
  };
  const noNetwork: unknown = new Proxy(refuse, { get: () => refuse, apply: refuse, construct: refuse });
  return Object.assign((id: string) => (id === 'axios' ? noNetwork : requireFrom(id)), requireFrom);
}

/**
 * Edits of SaxonJS's source text, each semantics-preserving, written against SaxonJS 2.7.0 (the pinned version)
 * and each applied only where its anchor occurs exactly once in it. Another version loads unedited (slower, never
 * different): an anchor found in other code need not mean the same there (SaxonJS 3.0.0-beta2 has one of them).
 * test/saxon/ checks that every edit applies and changes no result.
 */
export const EDITED_VERSION = '2.7.0';

/** SaxonJS 2.7's test of a URI attribute in the HTML serializer (element name, attribute name), whole. */
const URI_ATTRIBUTES = 'function q(w,M){return(M={action:["form"],archive:["object"],background:["body"],cite:["blockquote","del","ins","q"],'
  + 'classid:["object"],codebase:["applet","object"],data:["object"],datasrc:"button div input object select span table textarea".split(" "),'
  + '"for":["script"],formaction:["button","input"],href:["a","area","base","link"],icon:["command"],longdesc:["frame","iframe","img"],'
  + 'manifest:["html"],name:["a"],poster:["video"],profile:["head"],src:"audio embed frame iframe img input script source track video".split(" "),'
  + '\nusemap:["img","input","object"]}[M.local])&&M.includes(w.local)}';

export const SOURCE_EDITS: ReadonlyArray<{ name: string; anchor: string; replacement: string }> = [
  {
    // SaxonJS translates an XPath regular expression into a JavaScript one on every call of matches(),
    // replace(), tokenize(), analyze-string and of format-number/format-date's picture parsing; \d and
    // \p{…} expand to long lists of Unicode ranges, built anew each time. The edition rules call
    // matches() about 1,200 times on the bundled collection; remembering the translations takes a
    // fifth off a warm run of the rules, a quarter off html.xsl's and text.xsl's (CPU, measured) and
    // 14% off the main thread of a cold `build`. A translation depends only on the expression and the
    // flags, so it is remembered: each call still gets a
    // RegExp of its own (a RegExp with the g flag keeps state) and its group count, and a bad expression
    // is not remembered, so it fails again as before. (The third argument only matters where JavaScript
    // has no Unicode regular expressions, which Node always has.)
    name: 'remember translated regular expressions',
    anchor: 'prepareRegex:b,',
    replacement: `prepareRegex:(function(translate){const known=new Map();return function(pattern,flags,input,onGroups){
const key=(flags?flags.toString():"")+"\\u0000"+pattern;let entry=known.get(key);
if(entry===undefined){let groups;const regex=translate(pattern,flags,input,(n)=>{groups=n});entry={regex,groups};known.set(key,entry)}
if(onGroups&&entry.groups!==undefined)onGroups(entry.groups);return new RegExp(entry.regex)}})(b),`,
  },
  {
    // Every transform() builds its run-time context by walking the whole compiled stylesheet twice, looking
    // for its "package" and "glob" nodes: about half of what a transformation costs before it does anything
    // (≈1.6 of 3.6 ms for html.sef, and a build makes three transformations per document). The nodes found
    // depend only on the compiled stylesheet, which SaxonJS never restructures once primed, so the walk's
    // result is remembered on it (as SaxonJS remembers PRIMED there): the callbacks see the same nodes in the
    // same order.
    name: 'remember the compiled stylesheet walk of each transformation',
    anchor: 'function I(x,E,B){function L(X,V){H(x,X,V)}',
    replacement: 'function I(x,E,B){function L(X,V){const known=x.__teiEditionWalks||(x.__teiEditionWalks={});'
      + 'let found=known[X];if(!found){found=[];H(x,X,function(w){found.push(w)});known[X]=found}found.forEach(function(w){V(w)})}',
  },
  {
    // SaxonJS keeps an xsl:key's index of a document on the document node, under an id drawn at random for each
    // transformation (each key of each package), so a document that later transformations are given again is
    // indexed again by each, and keeps every index made: the register files a worker keeps parsed (jobs.ts)
    // were indexed anew for every page that names their entries (the Alfred Escher letters' people.xml, 3,710
    // persons: ≈0.5 s and 50 MB of heap more per page and stylesheet, until the thread ran out of memory). For a
    // compiled stylesheet marked by keepKeyIndexes, the id is drawn once per compiled package (a number this
    // process counts, never the same for two packages), so its transformations share what each indexed. Only
    // right where a key's match and use depend on the document alone, never on a parameter or anything else a
    // transformation is given: the edition's stylesheets' keys (xslt/common.xsl, KEY INDEXES).
    name: 'key indexes kept across the transformations of a marked stylesheet',
    anchor: 'ha=f(X,"key");w=Math.floor(1E8*Math.random());',
    replacement: 'ha=f(X,"key");w=x.__teiEditionKeepKeys?X.__teiEditionKeys||(X.__teiEditionKeys="kept"+(globalThis.__teiEditionKeptPackages=(globalThis.__teiEditionKeptPackages||0)+1)+"-")'
      + ':Math.floor(1E8*Math.random());',
  },
  {
    // ...and it builds each mode's rule index anew (the rules sorted by precedence and priority, indexed by
    // node kind and name: ≈0.7 ms per transformation). A mode object holds only what the compiled stylesheet
    // says (its methods take the run-time context as an argument and never change the object), so one is
    // made per compiled mode and shared by the transformations.
    name: 'one rule index per compiled mode',
    anchor: '"mode"===Y.N&&(y.mode=new Si(Y,ld),',
    replacement: '"mode"===Y.N&&(y.mode=Y.__teiEditionMode||(Y.__teiEditionMode=new Si(Y,ld)),',
  },
  {
    // SaxonJS's maps (and its parameter sets) are tries keyed character by character on a hash string; a
    // look-up or an insertion recursed once per character on a fresh substring of the rest of the key. The
    // same walk as a loop over the characters: the same nodes, the same node ids, no substrings.
    name: 'look up maps without substrings',
    anchor: 'function a(l,z){if(""===z)return l.Va;const v=z.charAt(0);return l.ra.hasOwnProperty(v)?a(l.ra[v],z.substring(1)):[]}',
    replacement: 'function a(l,z){for(let i=0;i<z.length;i++){const v=z.charAt(i);if(!l.ra.hasOwnProperty(v))return[];l=l.ra[v]}return l.Va}',
  },
  {
    name: 'insert into maps without substrings',
    anchor: 'function h(l,z,v,G){if(""===G){for(G=0;G<l.Va.length;G++)if(l.la.Fc(l.Va[G].k,z)){l.Va[G]={k:z,v};return}l.Va.push({k:z,v})}'
      + 'else{const p=G.charAt(0);let f;l.ra.hasOwnProperty(p)?f=l.ra[p]:(f=new q(l.la),f.id=g++,l.ra[p]=f);h(f,z,v,G.substring(1))}}',
    replacement: 'function h(l,z,v,G){for(let i=0;i<G.length;i++){const p=G.charAt(i);let f;l.ra.hasOwnProperty(p)?f=l.ra[p]:(f=new q(l.la),f.id=g++,l.ra[p]=f);l=f}'
      + 'for(let k=0;k<l.Va.length;k++)if(l.la.Fc(l.Va[k].k,z)){l.Va[k]={k:z,v};return}l.Va.push({k:z,v})}',
  },
  {
    // Every atomic value SaxonJS makes (each string, number, boolean of an evaluation) asserted that its type
    // code matches its class's pattern: a regular expression test per value, for an internal invariant that
    // the code creating it already guarantees.
    name: 'no type-code assertion per atomic value',
    anchor: 'class Ra{constructor(a){Aa.ba(this.b().test(a));this.code=a}',
    replacement: 'class Ra{constructor(a){this.code=a}',
  },
  {
    // apply-templates, call-template and next-match copied the caller's whole set of tunnel parameters into a
    // new one at every call, even when they pass no tunnel parameter (the stylesheets tunnel four through every
    // element of a text). A set of tunnel parameters is never changed once its context has it (SaxonJS already
    // shares it between contexts), so it is copied only when a tunnel parameter is added.
    name: 'copy tunnel parameters only when one is added',
    anchor: 'const t=[new lc,new lc];F.tunnelParams.forAllPairs(U=>t[1].inSituPut(U.k,U.v));const R=F.tempOutputState;\n'
      + 'F.tempOutputState="template parameter";k.forEach(function(U){const ia=U.name,ua=Q(U,"t")?1:0;t[ua].inSituPut(Sa.XS.QName.fromEQName(ia),d(U)(F).expand())});'
      + 'F.tempOutputState=R;T.localParams=t[0];T.tunnelParams=t[1]}',
    replacement: 'const t=[new lc,null];const R=F.tempOutputState;\n'
      + 'F.tempOutputState="template parameter";k.forEach(function(U){const ia=U.name,ua=Q(U,"t")?1:0;'
      + '1===ua&&null===t[1]&&(t[1]=new lc,F.tunnelParams.forAllPairs(y=>t[1].inSituPut(y.k,y.v)));'
      + 't[ua].inSituPut(Sa.XS.QName.fromEQName(ia),d(U)(F).expand())});'
      + 'F.tempOutputState=R;T.localParams=t[0];T.tunnelParams=t[1]||F.tunnelParams}',
  },
  {
    // A template's xsl:param parsed its own name (an EQName string) into a QName at every call.
    name: 'parse each parameter name once',
    anchor: 'return ia=>{var ua=t?ia.tunnelParams:ia.localParams,Ba=Sa.XS.QName.fromEQName(F);',
    replacement: 'const name=Sa.XS.QName.fromEQName(F);return ia=>{var ua=t?ia.tunnelParams:ia.localParams,Ba=name;',
  },
  {
    // Every name test (a match pattern, self::tei:note, an axis step by name) and fn:node-name, local-name()
    // made the element's name anew as a QName value, checking its prefix and local name against the NCName
    // grammar each time: about 1 % of every transformation, and garbage. An element's name never changes once
    // it is made (the parser and the result-tree builder set it when they create the node), and a QName value is
    // never changed once made, so the first one made for an element is kept on it and given out again.
    name: 'remember each element name',
    anchor: 'case 1:return b.QName.fromParts(q.prefix,\nq.namespaceURI,q.localName);',
    replacement: 'case 1:return q.__teiEditionName||(q.__teiEditionName=b.QName.fromParts(q.prefix,\nq.namespaceURI,q.localName));',
  },
  {
    // fn:generate-id made a node's id from its path each time: every ancestor, and for each the count of its
    // preceding siblings (O(depth × siblings) per call: a novel's paragraphs counted their thousands of preceding
    // siblings, each, again for every element inside them). The stylesheets key their maps on generate-id (note,
    // mention and block numbers, blocks, contexts), thousands of calls per document. The id is the root's part
    // followed by one part per step down (the position among its siblings, lettered a/A by depth), so a node's id
    // is its parent's id and one more part, and its position the one before it plus one: each is made once, from
    // what is remembered. Within one transformation a node's id cannot change (its tree is not modified while the
    // stylesheet reads it), so ids and positions are remembered for the rest of that transformation only (on its
    // fixed context, made per transformation): a later transformation of the same tree computes them afresh, as
    // before. Roots, attributes and namespace nodes take SaxonJS's own path (h) as before.
    name: 'generated ids from the parent\'s, within a transformation',
    anchor: '"generate-id":function(c){c=c[0].next();return Yb(c?h(c):"")}',
    replacement: '"generate-id":function(c,d){c=c[0].next();if(!c)return Yb("");const f=d&&d.fixed;if(!f||"object"!==typeof c)return Yb(h(c));'
      + 'const m=f.__teiEditionIds||(f.__teiEditionIds=new WeakMap);let e=m.get(c);if(void 0===e){'
      + 'const ix=f.__teiEditionPositions||(f.__teiEditionPositions=new WeakMap),up=y=>{const t=y.nodeType;return 9===t||11===t||2===t||13===t||y instanceof gc?null:y.parentNode||null},'
      + 'chain=[];for(let x=c;;){chain.push(x);const p=up(x);if(!p||void 0!==m.get(p))break;x=p}'
      + 'for(let k=chain.length-1;0<=k;k--){const y=chain[k],p=up(y);if(!p){m.set(y,[h(y),0]);continue}'
      + 'const before=[];let n=0;for(let z=y.previousSibling;z;z=z.previousSibling){const w=ix.get(z);if(void 0!==w){n=w;break}before.push(z)}'
      + 'for(let j=before.length-1;0<=j;j--)ix.set(before[j],++n);ix.set(y,++n);'
      + 'const q=m.get(p);m.set(y,[q[0]+ke.xg(n,0===(q[1]+1)%2?"a":"A"),q[1]+1])}e=m.get(c)}return Yb(e[0])}',
  },
  {
    // Comparing two strings (eq, =, map keys, sorting) first asked whether either holds a character beyond the
    // BMP by splitting both into arrays of characters: a surrogate pair is the only way a string has one, which a
    // regular expression finds without making anything (any other argument is asked as before).
    name: 'find characters beyond the BMP without arrays',
    anchor: 'function Ha(a){return Array.from(a).some(b=>65535<b.codePointAt(0))}',
    replacement: 'function Ha(a){return"string"===typeof a?/[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]/.test(a):Array.from(a).some(b=>65535<b.codePointAt(0))}',
  },
  {
    // The HTML serializer asks of every attribute whether it holds a URI (to escape it), and built its table of
    // URI attributes (an object of 19 arrays) anew for each question. Built once, on first use; never changed.
    name: 'one table of URI attributes for the HTML serializer',
    anchor: URI_ATTRIBUTES,
    replacement: URI_ATTRIBUTES.replace('return(M={', 'return(M=(q.teiEditionTable||(q.teiEditionTable={').replace('}[M.local])', '}))[M.local])'),
  },
  {
    // Every process primed each compiled stylesheet on its first transformation by checking the SEF's checksum: a
    // walk that hashes every property of every node (35,000 nodes for html.sef), about as costly as the
    // transformation of a short document. A stylesheet that tei-edition marks as verified is not checked again: it
    // marks only a SEF file this check passed on in an earlier run and that is unchanged since, by its identity and
    // times (src/publish/stylesheets.ts, with the cache's FileIndex), as it trusts unchanged documents' hashes.
    name: 'no checksum walk of a compiled stylesheet verified before',
    anchor: 'E.PRIMED||(G(E),g(E),E.PRIMED=!0)',
    replacement: 'E.PRIMED||(!0===E.__teiEditionVerified||G(E),g(E),E.PRIMED=!0)',
  },
  {
    // fn:string-length and fn:substring counted characters by turning the whole string into an array of code
    // points (string-length) or by stepping through it one code point at a time from its start (substring):
    // O(length) objects per call, whatever the part asked for. A mention's context (ed:context, ed:words-before)
    // takes a few substrings of its block's text, so a long paragraph of many mentions cost its length once per
    // mention again. A string without UTF-16 surrogates has one code point per JavaScript character, and then
    // the answer is its length, or a slice between the same positions (the rounded start, start plus the
    // rounded length; NaN or an empty range gives ""); any other string is counted as before.
    name: 'count characters of strings without surrogates natively',
    anchor: '"string-length":function(c){return Zb(Ia(b(c[0])).length)}',
    replacement: '"string-length":function(c){const s=b(c[0]);return Zb(/[\\uD800-\\uDFFF]/.test(s)?Ia(s).length:s.length)}',
  },
  {
    name: 'take substrings of strings without surrogates natively',
    anchor: 'substring:function(c){var d=Math.round(c[1].next().toNumber());const n=c[2]?d+Math.round(c[2].next().toNumber()):Number.POSITIVE_INFINITY;'
      + 'c=new Rb(b(c[0])[Symbol.iterator]());\nd=new Sb(c,d,n);return Yb(d.expand().join(""))}',
    replacement: 'substring:function(c){var d=Math.round(c[1].next().toNumber());const n=c[2]?d+Math.round(c[2].next().toNumber()):Number.POSITIVE_INFINITY;'
      + 'const s=b(c[0]);if(!/[\\uD800-\\uDFFF]/.test(s)){const f=Math.max(d,1)-1,t=n-1;return Yb(d===d&&t>f?s.slice(f,t):"")}'
      + 'c=new Rb(s[Symbol.iterator]());\nd=new Sb(c,d,n);return Yb(d.expand().join(""))}',
  },
];

let editsApplied: string[] = [];
let pendingCodeCache: { file: string; script: vm.Script } | undefined;

/** Writes V8's code cache for SaxonJS if this process compiled it (once; atomically; silently skipped where it cannot be written). */
export function writeSaxonCodeCache(): void {
  const pending = pendingCodeCache;
  pendingCodeCache = undefined;
  if (!pending) return;
  const temporary = `${pending.file}.${process.pid}-${threadId}.tmp`;
  try {
    makeFolders(CODE_CACHE_DIR);
    fs.writeFileSync(temporary, pending.script.createCachedData());
    fs.renameSync(temporary, pending.file);
  } catch {
    // a read-only install simply loads without the cache
    fs.rmSync(temporary, { force: true });
  }
}

/**
 * Marks a compiled stylesheet (SEF) whose transformations share the indexes of its keys on the documents they are given
 * again (SOURCE_EDITS: 'key indexes kept across the transformations of a marked stylesheet'): its keys' match and use
 * must depend on the document alone. An unmarked stylesheet indexes every document afresh in each transformation.
 */
export function keepKeyIndexes(stylesheet: object): void {
  (stylesheet as { __teiEditionKeepKeys?: boolean }).__teiEditionKeepKeys = true;
}

/**
 * Lets go of the key indexes SaxonJS keeps on a document. A transformation that failed may have left one half built
 * (marked as under construction, which the next transformation would take for a circular key definition).
 */
export function forgetKeyIndexes(document: object): void {
  const node = document as { _saxonIndexes?: unknown; _saxonIndexesBC?: unknown };
  delete node._saxonIndexes;
  delete node._saxonIndexesBC;
}

/** The SOURCE_EDITS applied to this process's SaxonJS (reported by tests). */
export function saxonSourceEdits(): string[] {
  return editsApplied;
}

/**
 * SaxonJS's source with every SOURCE_EDIT whose anchor occurs exactly once, for the version the edits were written
 * against (EDITED_VERSION); any other version's source as it is. The anchors are found in the source as
 * read and the edited text is put together once: an edit at a time made and searched a new 2.4 MB string for each
 * (≈30 ms and 45 MB of garbage in every process that loads SaxonJS). Anchors that overlap cannot both be edits of
 * the same text: the later one in SOURCE_EDITS is not applied.
 */
export function editSource(source: string, version: string): { source: string; applied: string[] } {
  if (version !== EDITED_VERSION) return { source, applied: [] };
  const found: Array<{ at: number; edit: (typeof SOURCE_EDITS)[number] }> = [];
  for (const edit of SOURCE_EDITS) {
    const at = source.indexOf(edit.anchor);
    if (at < 0 || source.indexOf(edit.anchor, at + 1) >= 0) continue;
    if (found.some((other) => at < other.at + other.edit.anchor.length && other.at < at + edit.anchor.length)) continue;
    found.push({ at, edit });
  }
  const applied = found.map(({ edit }) => edit.name);
  found.sort((a, b) => a.at - b.at);
  const pieces: string[] = [];
  let from = 0;
  for (const { at, edit } of found) {
    pieces.push(source.slice(from, at), edit.replacement);
    from = at + edit.anchor.length;
  }
  pieces.push(source.slice(from));
  return { source: pieces.join(''), applied };
}

export function loadSaxonJS<T = unknown>(): T {
  if (loaded !== undefined) return loaded as T;
  const file = require.resolve('saxon-js');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const version = (require('saxon-js/package.json') as { version: string }).version;
  const edited = editSource(fs.readFileSync(file, 'utf8'), version);
  const source = edited.source;
  const moduleObject = { exports: {} as unknown, id: file, filename: file, loaded: false };
  type Wrapper = (exports: unknown, require: NodeRequire, module: unknown, filename: string, dirname: string) => void;
  const run = (wrapper: Wrapper): void =>
    wrapper.call(moduleObject.exports, moduleObject.exports, withoutNetwork(Module.createRequire(file)), moduleObject, file, path.dirname(file));
  // Under Jest, modules live in a sandboxed context of their own: SaxonJS is compiled in it (Function is
  // the sandbox's), without the code cache, which only vm.Script offers.
  if (process.env.JEST_WORKER_ID || process.env.TEI_EDITION_NO_CODE_CACHE) {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    run(new Function('exports', 'require', 'module', '__filename', '__dirname', source) as Wrapper);
    loaded = moduleObject.exports;
    editsApplied = edited.applied;
    status = 'no code cache';
    return loaded as T;
  }
  // The cache is for this exact source: SaxonJS's version and length, and the edits applied (hashing
  // the whole 2.4 MB would cost more than it could ever catch).
  const editsHash = createHash('sha256').update(JSON.stringify(SOURCE_EDITS.filter((edit) => edited.applied.includes(edit.name)))).digest('hex').slice(0, 12);
  // V8 rejects a cache made under other flags (its version tag hashes them): each command's V8 flags (src/cli/v8-tiering.ts)
  // have a file of their own, or a build and a validation run one after the other would each compile and write it again.
  const cacheFile = path.join(CODE_CACHE_DIR, `saxon-js-${version}-${process.versions.v8}-${v8.cachedDataVersionTag()}-${source.length}-${editsHash}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // first run, or the cache was cleared
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  run(script.runInThisContext() as Wrapper);
  loaded = moduleObject.exports;
  editsApplied = edited.applied;
  status = cachedData === undefined ? 'compiled' : script.cachedDataRejected ? 'code cache rejected' : 'from code cache';

  if (cachedData === undefined || script.cachedDataRejected) {
    // Written at exit, after this run compiled the functions it used (a worker, which may be terminated
    // before any exit event, calls writeSaxonCodeCache itself).
    pendingCodeCache = { file: cacheFile, script };
    process.once('exit', writeSaxonCodeCache);
  }
  return loaded as T;
}
