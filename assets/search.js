// tei-edition search page: runs queries on the index pieces under search/ (src/search/index-builder.ts),
// loading each piece with a <script> element when a query first needs it, so that search works from the
// file system (file://, where scripts may not fetch files) as well as from any static host, offline.
// The page shows the query's results with snippets and facets; the query and the facets live in the URL's
// fragment (#q=…&person=…&from=…). Text from the index only ever reaches the page as text nodes.
(function () {
  'use strict';
  var core = window.TeiSearchCore;
  var PAGE = 20;
  var SNIPPET = 240;
  var REGISTER_PARAMS = { persons: 'person', places: 'place', organisations: 'organisation' };
  var FACET_LABELS = { person: 'Persons', place: 'Places', organisation: 'Organisations', type: 'Document type', lang: 'Language' };
  var FACET_SHOWN = 8;
  var PREFETCH_PAUSE = 30;
  /** Results whose snippets are made before the first frame of a page of results (about a screen's worth). */
  var SNIPPETS_AT_ONCE = 5;
  /** How long the results of a query wait for the snippet (or texts) pieces loaded with its term pieces, once those are read. */
  var BESIDES_WAIT = 50;
  /** How long a search runs before the page says "Searching…" (most show their results sooner). */
  var SEARCHING_AFTER = 100;

  // -------------------------------------------------------------------------------------------
  // Pieces
  // -------------------------------------------------------------------------------------------

  var manifest = null;
  var waiting = {};
  var pieces = {};
  /**
   * Pieces that came in another piece's script, their bytes not inflated yet (a snippet piece comes in its term
   * piece's script: index-builder.ts, one script load where two were): name → string of bytes. Read when a
   * query asks for them (load): a query of several words needs the terms alone.
   */
  var carried = {};

  window.teiSearch = {
    piece: function (name, data, carriedName, carriedData) {
      if (name === 'manifest') {
        manifest = data;
        return;
      }
      if (typeof carriedName === 'string' && typeof carriedData === 'string') carried[carriedName] = carriedData;
      var waiter = waiting[name];
      if (!waiter) return;
      // A compressed piece (a string of its bytes) is inflated here, as its script runs (core.pieceData).
      var value;
      try {
        value = typeof data === 'string' ? core.pieceData(data) : data;
      } catch (error) {
        waiter.reject(new Error('search/' + name + '.js: ' + error.message));
        return;
      }
      waiter.resolve(value);
    },
  };

  function script(src, charset) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement('script');
      if (charset) element.charset = charset;
      element.src = src;
      element.async = true;
      element.onload = function () { resolve(); };
      element.onerror = function () { reject(new Error('could not load ' + src)); };
      document.head.appendChild(element);
    });
  }

  /** The pieces read so far: name → data (what a query can use at once, without waiting for a promise). */
  var read = {};

  /** A piece of the index, loaded once. Snippet pieces (s<N>) come with their term piece (t<N>.js). */
  function load(name) {
    if (!pieces[name]) {
      var carrier = name.charAt(0) === 's' ? 't' + name.slice(1) : null;
      pieces[name] = (carrier ? load(carrier).then(function () {
        var bytes = carried[name];
        if (bytes === undefined) throw new Error('search/' + carrier + '.js did not bring ' + name);
        delete carried[name];
        try {
          return core.pieceData(bytes);
        } catch (error) {
          throw new Error('search/' + carrier + '.js (' + name + '): ' + error.message);
        }
      }) : new Promise(function (resolve, reject) {
        waiting[name] = { resolve: resolve, reject: reject };
        script('search/' + name + '.js?v=' + encodeURIComponent(manifest.version), core.PIECE_CHARSET).catch(reject);
      })).then(function (data) {
        read[name] = data;
        if (name.charAt(0) === 's') keepSnippets(data);
        return data;
      });
    }
    return pieces[name];
  }

  var stemmersReady = null;
  function stemmers() {
    if (!stemmersReady) {
      stemmersReady = Promise.all(manifest.stemmers.filter(function (id) { return !core.hasStemmer(id); }).map(function (id) {
        return script('search/stem-' + id + '.js?v=' + encodeURIComponent(manifest.version));
      }));
    }
    return stemmersReady;
  }

  var basicsReady = null;
  /** What every query needs: the documents, the register entries, the stemmers. */
  function basics() {
    if (!basicsReady) {
      basicsReady = Promise.all([load('docs'), load('entities'), stemmers()]).then(function (loaded) {
        return { docs: loaded[0], entities: core.entityColumns(loaded[1]) };
      });
      basicsReady.catch(function () { basicsReady = null; });
    }
    return basicsReady;
  }

  /**
   * The postings of these terms: term → [document gap, occurrences, …]. In the same round of loads: the snippet
   * piece that each term piece's script brings (its terms' first documents' blocks: keepSnippets; `withSnippets`), or, in an index without
   * them (its texts are a few pieces: index-builder.ts, snippetsPay), every texts piece; so that the first
   * results are shown complete (snippet, paragraph) as soon as they are ranked. Those are waited for up to
   * BESIDES_WAIT ms after the terms (a slow texts piece does not hold the results back: they are listed,
   * and their snippets follow). A register entry's term (its mentions) is read from the snippet piece of a term
   * piece loaded for the other terms when that piece carries it (carrierOf), else from its own term piece.
   */
  function postingsOf(terms, withSnippets, entities) {
    var names = {};
    terms.forEach(function (term) { if (!entityOf(entities, term)) names['t' + core.pieceOf(manifest.terms, term)] = true; });
    var fromCarrier = {};
    terms.forEach(function (term) {
      var entity = entityOf(entities, term);
      // An entry no document mentions has no term at all.
      if (!entity || !entities.documents[entity.index]) return;
      var carrier = carrierOf(entities, entity.index, names);
      if (carrier) fromCarrier[term] = carrier;
      else names['t' + core.pieceOf(manifest.terms, term)] = true;
    });
    var termPieces = Object.keys(names);
    var carriers = Object.keys(fromCarrier).map(function (term) { return fromCarrier[term]; }).filter(function (name, at, all) { return all.indexOf(name) === at; });
    var besides = !manifest.snippets ? manifest.texts.map(function (first, index) { return 'x' + index; })
      : withSnippets ? termPieces.map(function (name) { return 's' + name.slice(1); }) : [];
    // The term pieces asked for first: the ranking needs them (and the snippet pieces that carry entries' terms).
    var termsRead = Promise.all(termPieces.concat(carriers).map(load));
    var besidesRead = Promise.all(besides.map(load)).catch(function () {});
    return termsRead.then(function (loaded) {
      var all = {};
      loaded.slice(0, termPieces.length).forEach(function (piece) {
        terms.forEach(function (term) { if (piece[term]) all[term] = piece[term]; });
      });
      Object.keys(fromCarrier).forEach(function (term) {
        var list = read[fromCarrier[term]][2][term];
        if (list) all[term] = list;
      });
      return Promise.race([besidesRead, new Promise(function (resolve) { setTimeout(resolve, BESIDES_WAIT); })]).then(function () { return all; });
    });
  }

  /** The register entry whose term this is ({ index }), or null for a word's term. */
  function entityOf(entities, term) {
    if (term.charAt(0) !== '@') return null;
    if (!entities.byTerm) {
      entities.byTerm = new Map();
      entities.group.forEach(function (group, index) { entities.byTerm.set(core.entityTerm(group), { index: index }); });
    }
    return entities.byTerm.get(term) || null;
  }

  /**
   * The snippet piece that carries an entry's term among those of the term pieces to be loaded (`names`: t<N> →
   * true), or null: the piece of a word that carries the entry (core.carryingWords), where the word's term falls in
   * the collection's main language (index-builder.ts, carriedTerms: the same rule), unless it is the entry's own.
   */
  function carrierOf(entities, entity, names) {
    // (Snippet pieces carry entries from manifest format 6 on.)
    if (!manifest.snippets || !(manifest.format >= 6)) return null;
    if (!entities.carriers) {
      entities.carriers = entities.words.map(function () { return []; });
      core.carryingWords(entities).forEach(function (carried, word) {
        carried.forEach(function (e) { entities.carriers[e].push(word); });
      });
    }
    var own = core.pieceOf(manifest.terms, core.entityTerm(entities.group[entity]));
    var words = entities.carriers[entity];
    for (var w = 0; w < words.length; w++) {
      var piece = core.pieceOf(manifest.terms, core.term(manifest.formStemmer, words[w]));
      if (piece !== own && names['t' + piece]) return 's' + piece;
    }
    return null;
  }

  /**
   * What the snippet pieces read so far hold (index-builder.ts, snippetPiece): document → { blocks (by their
   * number in its text; the others missing), mentions (of those blocks), terms (those whose blocks it holds
   * all of) }. A result is shown from these when its text piece has not been read (partialText).
   */
  var partial = new Map();
  function keepSnippets(piece) {
    var listed = piece[0];
    piece[1].forEach(function (entry) {
      var doc = entry[0];
      var known = partial.get(doc);
      if (!known) partial.set(doc, (known = { blocks: [], mentions: [], terms: new Set() }));
      // The mentions of the blocks new here, in one pass (not one per block: a long document has hundreds).
      var added = {};
      entry[1].forEach(function (block) {
        if (known.blocks[block[0]]) return;
        known.blocks[block[0]] = [block[1], block[2], block[3]];
        added[block[0]] = true;
      });
      entry[2].forEach(function (m) { if (added[m[0]]) known.mentions.push(m); });
    });
    Object.keys(listed).forEach(function (term) {
      listed[term].forEach(function (doc) { partial.get(doc).terms.add(term); });
    });
  }

  /** How often a phrase (folded words) occurs in these blocks (as phraseInTexts counts). */
  function phraseCount(blocks, phrase) {
    var count = 0;
    blocks.forEach(function (block) {
      var cut = analysis(block[2]);
      if (cut.folded.indexOf(phrase[0]) >= 0) count += phraseIn(cut, phrase).length;
    });
    return count;
  }

  /** Term → the set of its documents, from postings. */
  function termDocsOf(terms, postings) {
    var termDocs = new Map();
    terms.forEach(function (term) {
      var list = postings[term];
      if (!list || termDocs.has(term)) return;
      var docs = new Set();
      for (var i = 0, doc = 0; i < list.length; i += 2) docs.add(doc += list[i]);
      termDocs.set(term, docs);
    });
    return termDocs;
  }

  /**
   * A result's text as far as the snippet pieces hold it ([blocks, mentions], blocks missing), when it holds
   * every block where the query hits: for each word (or prefix) of the query, every term of it (words' and
   * named entries') that the document has lists the document (its blocks with the term are all there); for
   * each phrase, the blocks held have as many occurrences of it as the document (the positions' count). The
   * snippet, the paragraph and the count of passages are then those of the whole text. Null otherwise (and
   * for no words at all: filters alone show the beginning of the text).
   */
  function partialText(outcome, doc) {
    var known = partial.get(doc);
    if (!known || outcome.resolved.length === 0) return null;
    var covered = function (termDocs) {
      var has = false;
      var missing = false;
      termDocs.forEach(function (docs, term) {
        if (!docs.has(doc)) return;
        has = true;
        if (!known.terms.has(term)) missing = true;
      });
      return has && !missing;
    };
    for (var u = 0; u < outcome.resolved.length; u++) {
      var r = outcome.resolved[u];
      if (r.unit.kind === 'phrase' ? phraseCount(known.blocks, r.unit.folded) !== r.docs.get(doc) : !(r.termDocs && covered(r.termDocs))) return null;
    }
    return [known.blocks, known.mentions];
  }

  /** The written words (folded) that begin with a prefix, with their terms. */
  function formsWithPrefix(prefix) {
    var first = core.pieceOf(manifest.forms, prefix);
    var last = core.pieceOf(manifest.forms, prefix + '\uffff');
    var names = [];
    for (var i = first; i <= last; i++) names.push('v' + i);
    return Promise.all(names.map(load)).then(function (loaded) {
      var terms = [];
      loaded.forEach(function (piece) {
        piece.forEach(function (entry) {
          // A form alone: its term is the one it gives in the collection's main language (index-builder.ts).
          var form = typeof entry === 'string' ? entry : entry[0];
          if (form.lastIndexOf(prefix, 0) !== 0) return;
          var formTerms = typeof entry === 'string' ? [core.term(manifest.formStemmer, form)] : entry[1];
          formTerms.forEach(function (term) { if (terms.indexOf(term) < 0) terms.push(term); });
        });
      });
      return terms;
    });
  }

  /** The positions of these written words (folded): form → [document gap, occurrences, first word number, gaps…]. */
  function positionsOf(forms) {
    var names = {};
    forms.forEach(function (form) { names['p' + core.pieceOf(manifest.positions, form)] = true; });
    return Promise.all(Object.keys(names).map(load)).then(function (loaded) {
      // No prototype: a word such as "constructor" that the collection lacks must find nothing.
      var all = Object.create(null);
      loaded.forEach(function (piece) {
        forms.forEach(function (form) { if (Object.prototype.hasOwnProperty.call(piece, form)) all[form] = piece[form]; });
      });
      return all;
    });
  }

  /**
   * The documents where a phrase (folded words) occurs, with how often, found in every document's text (an
   * index without positions: its texts are a few pieces, loaded together). Within a block, as the positions
   * find it (core.phraseDocuments): the same words, cut and folded as the build numbers them.
   */
  function phraseInTexts(phrase) {
    return Promise.all(manifest.texts.map(function (first, index) { return load('x' + index); })).then(function (loaded) {
      var docs = new Map();
      loaded.forEach(function (piece, index) {
        piece.forEach(function (text, k) {
          var count = 0;
          text[0].forEach(function (block) {
            var cut = analysis(block[2]);
            if (cut.folded.indexOf(phrase[0]) >= 0) count += phraseIn(cut, phrase).length;
          });
          if (count) docs.set(manifest.texts[index] + k, count);
        });
      });
      return docs;
    });
  }

  function textPieceOf(doc) {
    return 'x' + core.pieceOf(manifest.texts, doc);
  }

  /** A document's text ([blocks, mentions]) when its piece has been read already, else null. */
  function textOf(doc) {
    var index = core.pieceOf(manifest.texts, doc);
    var piece = read['x' + index];
    return piece ? piece[doc - manifest.texts[index]] : null;
  }

  // -------------------------------------------------------------------------------------------
  // State in the fragment: #q=…&person=…&place=…&organisation=…&type=…&lang=…&from=…&to=…
  // -------------------------------------------------------------------------------------------

  var LIST_PARAMS = ['person', 'place', 'organisation', 'type', 'lang'];

  function readState(fragment) {
    var params = new URLSearchParams(String(fragment || '').replace(/^#/, ''));
    var state = { q: params.get('q') || '', from: params.get('from') || '', to: params.get('to') || '' };
    LIST_PARAMS.forEach(function (name) { state[name] = params.getAll(name); });
    return state;
  }

  function writeState(state) {
    var params = new URLSearchParams();
    if (state.q) params.set('q', state.q);
    LIST_PARAMS.forEach(function (name) { state[name].forEach(function (value) { params.append(name, value); }); });
    if (state.from) params.set('from', state.from);
    if (state.to) params.set('to', state.to);
    return '#' + params.toString();
  }

  function withValue(state, name, value, on) {
    var next = JSON.parse(JSON.stringify(state));
    if (name === 'from' || name === 'to') next[name] = on ? value : '';
    else {
      next[name] = next[name].filter(function (v) { return v !== value; });
      if (on) next[name].push(value);
    }
    return next;
  }

  // -------------------------------------------------------------------------------------------
  // Queries
  // -------------------------------------------------------------------------------------------

  /**
   * What a word or a prefix looks up: its group of terms, the register entries it names, and all their terms.
   * (A phrase looks up the positions of its words as written: resolveUnits.)
   */
  function unitTerms(unit, basic) {
    var entities = basic.entities;
    var termsReady;
    if (unit.kind === 'prefix') termsReady = formsWithPrefix(unit.folded[0]);
    else termsReady = Promise.resolve(unit.words.map(function (word) { return core.queryTerms(manifest.stemmers, word); }));
    return termsReady.then(function (terms) {
      var named = [];
      var word = unit.folded[0];
      var lists = entities.wordLists || (entities.wordLists = entities.words.map(function (words) { return words.split(' '); }));
      for (var e = 0; e < lists.length; e++) {
        var words = lists[e];
        for (var w = 0; w < words.length; w++) {
          if (unit.kind === 'prefix' ? words[w].lastIndexOf(word, 0) === 0 : words[w] === word) { named.push(e); break; }
        }
      }
      var groups = [unit.kind === 'prefix' ? terms : terms[0]];
      var all = [];
      groups.forEach(function (group) { all = all.concat(group); });
      named.forEach(function (e) { all.push(core.entityTerm(entities.group[e])); });
      return { groups: groups, named: named, all: all };
    });
  }

  /** For each unit of the query: its terms, the register entries it names, and doc → occurrences. */
  function resolveUnits(units, basic) {
    var entities = basic.entities;
    // The snippet pieces serve a query of one word (its first results are its terms' first documents); the
    // results of several are seldom among each word's first five, and loading them held the rows back (measured).
    var withSnippets = units.length === 1;
    return Promise.all(units.map(function (unit) {
      if (unit.kind === 'phrase') {
        // An exact phrase: its words' positions alone (no text, no stems); the snippets find it in the text shown.
        // An index without positions (a small collection: index-builder.ts, positionsPay) finds it in the texts.
        var found = manifest.positions ? positionsOf(unit.folded).then(function (positions) {
          return core.phraseDocuments(unit.folded.map(function (form) { return positions[form]; }));
        }) : phraseInTexts(unit.folded);
        // (Not the snippet pieces of its words: measured, loading them too made a pasted phrase slower than
        // waiting for the texts of its results. Those read already serve: partialText.)
        return found.then(function (docs) {
          return { unit: unit, terms: new Set(), clues: [], entities: new Set(), docs: docs };
        });
      }
      return unitTerms(unit, basic).then(function (looked) {
        var groups = looked.groups;
        var named = looked.named;
        var all = looked.all;
        return postingsOf(all, withSnippets, entities).then(function (postings) {
          // Each term's documents (partialText: is a result's text held by the snippet pieces?).
          var termDocs = manifest.snippets ? termDocsOf(all, postings) : null;
          var perGroup = groups.map(function (group, g) {
            var found = new Map();
            var add = function (term) {
              var list = postings[term];
              if (!list) return;
              var doc = 0;
              for (var i = 0; i < list.length; i += 2) {
                doc += list[i];
                found.set(doc, (found.get(doc) || 0) + list[i + 1]);
              }
            };
            group.forEach(add);
            if (g === 0) named.forEach(function (e) { add(core.entityTerm(entities.group[e])); });
            return found;
          });
          var docs = perGroup[0];
          var matchTerms = new Set();
          groups.forEach(function (group) { group.forEach(function (t) { matchTerms.add(t); }); });
          // What a block's folded text, and a word of it, must contain to hold a hit (core.termClue), for snippets
          // without cutting and stemming every block: null when some term's stemmer allows no clue.
          var clues = [];
          matchTerms.forEach(function (t) {
            var clue = core.termClue(t);
            if (clue === null) clues = null;
            else if (clues && clues.indexOf(clue) < 0) clues.push(clue);
          });
          return { unit: unit, terms: matchTerms, clues: clues, entities: new Set(named), docs: docs, termDocs: termDocs };
        });
      });
    }));
  }

  /**
   * A block's text as queries read it, worked out once and kept for later queries (most of a query's time went
   * into cutting and stemming the same blocks again): the text folded (does a block hold a clue at all?), and,
   * only for the blocks a query looks into, its words (offsets, as written: core.words) with their folded forms
   * (phrases) and their terms per stemmer (words). Kept for the last 20,000 texts.
   */
  var analysed = new Map();
  function analysis(text) {
    var found = analysed.get(text);
    if (found === undefined) {
      found = { text: text, folded: core.fold(text), starts: null, ends: null, written: null, forms: null };
      if (analysed.size > 20000) analysed.clear();
      analysed.set(text, found);
    }
    return found;
  }

  function cutWords(cut) {
    if (!cut.written) {
      var all = core.words(cut.text);
      cut.starts = new Int32Array(all.length);
      cut.ends = new Int32Array(all.length);
      cut.written = new Array(all.length);
      for (var i = 0; i < all.length; i++) {
        cut.starts[i] = all[i].start;
        cut.ends[i] = all[i].end;
        cut.written[i] = all[i].word;
      }
    }
    return cut;
  }

  /** A block's words folded (phrases, and which words may hold a term: termHits). */
  function foldedWords(cut) {
    cutWords(cut);
    if (!cut.forms) cut.forms = cut.written.map(core.fold);
    return cut.forms;
  }

  /**
   * Where a block's words have one of these terms (in its stemmer's language): [{ start, end }]. Only the words
   * whose folded form holds a clue (the beginning of a term's stem: the stemmers take off and change the
   * endings of words, not their beginnings) are stemmed: stemming every word of each block looked into was
   * most of the snippets' time for a word shown in new documents. Clues null: every word is stemmed.
   */
  function termHits(cut, stemmer, terms, clues) {
    var found = [];
    if (clues && cut.folded.length === cut.text.length) {
      // Folding kept the text's length (almost every text): the words to stem are found where a clue occurs in
      // the folded text, each read around the clue (wordAround), without cutting the whole block into words: a
      // long document about the query's subject has a clue in most of its blocks, and cutting them all was most
      // of the time of its first snippet (profiled: a pasted place name). (A word's term is checked exactly all the same.)
      var looked = {};
      for (var c = 0; c < clues.length; c++) {
        for (var at = cut.folded.indexOf(clues[c]); at >= 0; at = cut.folded.indexOf(clues[c], at + 1)) {
          var word = wordAround(cut.text, at);
          if (word && !looked[word.start]) {
            looked[word.start] = true;
            if (terms.has(core.term(stemmer, word.word))) found.push({ start: word.start, end: word.end });
          }
        }
      }
      return found;
    }
    var forms = foldedWords(cut);
    for (var k = 0; k < forms.length; k++) {
      if (clues && !clues.some(function (clue) { return forms[k].indexOf(clue) >= 0; })) continue;
      if (terms.has(core.term(stemmer, cut.written[k]))) found.push({ start: cut.starts[k], end: cut.ends[k] });
    }
    return found;
  }

  /** A word character, as core.words reads them (letters, combining marks, digits); and a word from an offset on. */
  var WORD_CHARACTER = /^[\p{L}\p{M}\p{N}]$/u;
  var WORD_FROM = /[\p{L}\p{M}\p{N}]+/uy;

  /** Whether the offset is the second half of a surrogate pair (one code point, two characters). */
  function insidePair(text, offset) {
    var code = text.charCodeAt(offset);
    var before = offset > 0 ? text.charCodeAt(offset - 1) : 0;
    return code >= 0xdc00 && code <= 0xdfff && before >= 0xd800 && before <= 0xdbff;
  }

  /**
   * The word of a text that holds this offset: { start, end, word } as core.words cuts the text (a run of word
   * characters, whole code points), or null when the offset is between words.
   */
  function wordAround(text, offset) {
    var start = insidePair(text, offset) ? offset - 1 : offset;
    WORD_FROM.lastIndex = start;
    if (!WORD_FROM.test(text)) return null;
    while (start > 0) {
      var width = insidePair(text, start - 1) ? 2 : 1;
      if (!WORD_CHARACTER.test(text.slice(start - width, start))) break;
      start -= width;
    }
    WORD_FROM.lastIndex = start;
    var word = WORD_FROM.exec(text)[0];
    return { start: start, end: start + word.length, word: word };
  }

  /** Where a phrase (folded words) occurs in a block: [{ start, end }], as core.phraseOccurrences finds them. */
  function phraseIn(cut, phrase) {
    return core.phraseAt(foldedWords(cut), cut.starts, cut.ends, phrase);
  }

  function overlapsDates(docs, doc, from, to) {
    var start = docs.from[doc];
    var end = docs.to[doc];
    if (start === null) return false;
    return (to === null || start <= to) && (from === null || (end === null ? start : end) >= from);
  }

  /**
   * The filter of the state that a document fails: '' when none, the facet's name when it fails that one alone,
   * '*' when more. A document counts in a facet's values when it fails no filter but (perhaps) that facet's own.
   */
  function failedFilter(basic, state, doc) {
    var docs = basic.docs;
    var entities = basic.entities;
    var failed = '';
    if ((state.from || state.to) && !overlapsDates(docs, doc, state.from ? core.dateNumber(state.from) : null, state.to ? core.dateNumber(state.to, true) : null)) failed = 'date';
    if (state.type.length && state.type.indexOf(manifest.types[docs.type[doc]]) < 0) {
      if (failed) return '*';
      failed = 'type';
    }
    if (state.lang.length && state.lang.indexOf(manifest.langs[docs.lang[doc]]) < 0) {
      if (failed) return '*';
      failed = 'lang';
    }
    for (var register in REGISTER_PARAMS) {
      var param = REGISTER_PARAMS[register];
      if (!state[param].length) continue;
      var mentioned = docs.entities[doc];
      var any = false;
      for (var i = 0; i < mentioned.length && !any; i++) {
        var e = mentioned[i];
        if (entities.register[e] === register && state[param].indexOf(entities.id[e]) >= 0) any = true;
      }
      if (!any) {
        if (failed) return '*';
        failed = param;
      }
    }
    return failed;
  }

  /** Whether a document passes the filters of the state, leaving out one facet's (its own counts). */
  function passes(basic, state, doc, except) {
    var failed = failedFilter(basic, state, doc);
    return failed === '' || failed === except;
  }

  /**
   * Runs a state: { results (ranked docs), resolved units, named entries, matching (the documents the facets
   * count, before the filters), or rest (a promise of the complete outcome, when only a first page is known) }.
   * The counts themselves are made when shown (render), after the first results.
   */
  function run(state) {
    var units = core.parseQuery(state.q);
    return basics().then(function (basic) {
      return resolveUnits(units, basic).then(function (resolved) {
        var n = basic.docs.name.length;
        var candidates;
        if (resolved.length === 0) {
          candidates = [];
          for (var d = 0; d < n; d++) candidates.push(d);
        } else {
          candidates = Array.from(resolved[0].docs.keys());
          for (var u = 1; u < resolved.length; u++) candidates = candidates.filter(function (doc) { return resolved[u].docs.has(doc); });
          candidates.sort(function (a, b) { return a - b; });
        }
        var average = manifest.averageLength || 1;
        var scoreOf = function (doc) {
          var score = 0;
          resolved.forEach(function (r) {
            var tf = r.docs.get(doc) || 0;
            var idf = Math.log(1 + (n - r.docs.size + 0.5) / (r.docs.size + 0.5));
            score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * basic.docs.length[doc] / average));
          });
          return score;
        };
        var ranked = function (docs) {
          var scores = new Float64Array(n);
          var passing = docs.filter(function (doc) { return passes(basic, state, doc); });
          passing.forEach(function (doc) { scores[doc] = scoreOf(doc); });
          return passing.sort(function (a, b) { return (scores[b] - scores[a]) || a - b; });
        };
        return {
          state: state, basic: basic, resolved: resolved, results: ranked(candidates),
          named: namedEntries(basic, resolved), matching: candidates,
        };
      });
    });
  }

  /** The register entries that the query's words all name. */
  function namedEntries(basic, resolved) {
    var wordUnits = resolved.filter(function (r) { return r.unit.kind !== 'phrase'; });
    if (wordUnits.length === 0 || wordUnits.length !== resolved.length) return [];
    var named = Array.from(wordUnits[0].entities);
    return named.filter(function (e) { return wordUnits.every(function (r) { return r.entities.has(e); }); });
  }

  function facetCounts(basic, state, matching) {
    var docs = basic.docs;
    var entities = basic.entities;
    var counts = { person: new Map(), place: new Map(), organisation: new Map(), type: new Map(), lang: new Map(), date: new Map() };
    var bump = function (map, key) { map.set(key, (map.get(key) || 0) + 1); };
    // The entries mentioned, counted in an array (tens of thousands of mentions for a common word), then as maps.
    var perEntity = new Int32Array(entities.id.length);
    // One look at the filters per document (passes() for each facet looked six times).
    matching.forEach(function (doc) {
      var failed = failedFilter(basic, state, doc);
      if (failed === '*') return;
      if (!failed || failed === 'type') bump(counts.type, manifest.types[docs.type[doc]]);
      if (!failed || failed === 'lang') bump(counts.lang, manifest.langs[docs.lang[doc]]);
      if ((!failed || failed === 'date') && docs.from[doc] !== null) bump(counts.date, Math.floor(docs.from[doc] / 10000));
      var mentioned = docs.entities[doc];
      for (var i = 0; i < mentioned.length; i++) {
        var param = REGISTER_PARAMS[entities.register[mentioned[i]]];
        if (param && (!failed || failed === param)) perEntity[mentioned[i]]++;
      }
    });
    for (var e = 0; e < perEntity.length; e++) {
      if (perEntity[e]) counts[REGISTER_PARAMS[entities.register[e]]].set(e, perEntity[e]);
    }
    return counts;
  }

  // -------------------------------------------------------------------------------------------
  // Snippets: the block with the most of the query, its hits marked
  // -------------------------------------------------------------------------------------------

  /** A block's hits for each unit of the query; `mentions`: the block's own ([block, start, end, entity]). */
  function hitsIn(block, mentions, resolved) {
    var stemmer = block[1];
    var text = block[2];
    var hits = [];
    var unitsHit = 0;
    var cut = analysis(text);
    resolved.forEach(function (r) {
      var found = [];
      if (r.unit.kind === 'phrase') {
        if (cut.folded.indexOf(r.unit.folded[0]) >= 0) found = phraseIn(cut, r.unit.folded);
      } else {
        if (core.hasStemmer(stemmer) && (!r.clues || r.clues.some(function (clue) { return cut.folded.indexOf(clue) >= 0; }))) {
          found = termHits(cut, stemmer, r.terms, r.clues);
        }
        mentions.forEach(function (m) {
          if (r.entities.has(m[3])) found.push({ start: m[1], end: m[2] });
        });
      }
      if (found.length) unitsHit++;
      hits = hits.concat(found);
    });
    hits.sort(function (a, b) { return a.start - b.start || b.end - a.end; });
    return { hits: hits, units: unitsHit };
  }

  function bestBlock(text, resolved) {
    var blocks = text[0];
    // Each block's mentions, sorted out once (a long document has hundreds, and most of its blocks are looked into).
    var mentions = [];
    text[1].forEach(function (m) { (mentions[m[0]] || (mentions[m[0]] = [])).push(m); });
    var best = null;
    var passages = 0;
    for (var b = 0; b < blocks.length; b++) {
      // A text from the snippet pieces lacks the blocks without a hit (partialText).
      if (!blocks[b]) continue;
      var found = hitsIn(blocks[b], mentions[b] || [], resolved);
      if (found.hits.length === 0) continue;
      passages++;
      // Of blocks as good, the first that begins with what was sought (a dictionary's headword, a heading) rather
      // than the first that has it somewhere.
      var leads = found.hits[0].start === 0;
      if (!best || found.units > best.units || (found.units === best.units && (found.hits.length > best.hits.length
          || (found.hits.length === best.hits.length && leads && !best.leads)))) {
        best = { block: b, hits: found.hits, units: found.units, leads: leads };
      }
    }
    if (best) best.passages = passages;
    return best;
  }

  /** A snippet element: about SNIPPET characters of the block around its first hit, the hits in <mark>. */
  function snippet(text, hits) {
    var p = document.createElement('p');
    p.className = 'result-snippet';
    // A passage of the text in its own direction (an Arabic or Hebrew one from the right), whatever the page's.
    p.dir = 'auto';
    var first = hits.length ? hits[0].start : 0;
    var start = Math.max(0, first - 70);
    if (start > 0) {
      var space = text.indexOf(' ', start);
      start = space >= 0 && space < first ? space + 1 : start;
    }
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) {
      var cut = text.lastIndexOf(' ', end);
      end = cut > first ? cut : end;
    }
    if (start > 0) p.appendChild(document.createTextNode('… '));
    var at = start;
    hits.forEach(function (hit) {
      if (hit.start < at || hit.end > end) return;
      p.appendChild(document.createTextNode(text.slice(at, hit.start)));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(hit.start, hit.end);
      p.appendChild(mark);
      at = hit.end;
    });
    p.appendChild(document.createTextNode(text.slice(at, end)));
    if (end < text.length) p.appendChild(document.createTextNode(' …'));
    return p;
  }

  // -------------------------------------------------------------------------------------------
  // The page
  // -------------------------------------------------------------------------------------------

  var ui = {};
  var current = null;
  var shown = 0;
  var runs = 0;

  function element(name, className, text) {
    var e = document.createElement(name);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function plural(n, one, many) {
    return n + ' ' + (n === 1 ? one : many);
  }

  var languageNames = {};
  function languageName(code) {
    if (!Object.prototype.hasOwnProperty.call(languageNames, code)) {
      try {
        languageName.display = languageName.display || new Intl.DisplayNames(['en'], { type: 'language' });
        languageNames[code] = languageName.display.of(code) || code;
      } catch (e) {
        languageNames[code] = code;
      }
    }
    return languageNames[code];
  }

  // Letters of right-to-left scripts and bidirectional controls (xslt/common.xsl, ed:needs-isolation: the same ranges).
  var RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200f\u061c\u202a-\u202e\u2066-\u2069\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

  function describe(state) {
    var parts = [];
    // A query in Arabic or Hebrew is isolated in the status line (first-strong isolate … pop: a text node holds no
    // element), so that the words and numbers after it keep their order.
    if (state.q) parts.push('“' + (RIGHT_TO_LEFT.test(state.q) ? '\u2068' + state.q + '\u2069' : state.q) + '”');
    if (state.from || state.to) parts.push(state.from === state.to ? 'dated ' + dateLabel(state.from) : 'dated ' + dateLabel(state.from) + ' to ' + dateLabel(state.to));
    return parts.join(', ');
  }

  // A year as the range in the fragment writes it (ISO: four digits, a minus sign before the common era), and
  // as a reader reads it ("79", "480 BCE"; a decade "1920s", "509–500 BCE", as the edition's pages write them).
  function isoYear(year) { return (year < 0 ? '-' : '') + String(Math.abs(year)).padStart(4, '0'); }
  function yearLabel(year) { return year < 0 ? -year + ' BCE' : String(year); }
  function decadeLabel(decade) { return decade < 0 ? -decade + '–' + -(decade + 9) + ' BCE' : decade + 's'; }
  /** A bound of the range as given: a year as a reader reads it, a fuller date as written; '…' when open. */
  function dateLabel(iso) {
    if (!iso) return '…';
    return /^-?\d{4,}$/.test(iso) ? yearLabel(Number(iso)) : iso;
  }

  /**
   * A page of results. Each result's row (title, date, the link to its document) is made at once from docs.js,
   * which every query has loaded before it runs; its snippet, the paragraph its link points to and the count of
   * passages come with its text piece (the first query of a page pasted into the box waits for its term piece
   * and then for its results' text pieces: two rounds of script loads from file://, the second no longer before
   * the results are shown). The first frame has the snippets of the first SNIPPETS_AT_ONCE results alone (when
   * their texts are there); the others come in the next. Returns a promise of the page complete (every snippet).
   */
  function renderResults(outcome, append) {
    var list = ui.results;
    if (!append) {
      list.textContent = '';
      shown = 0;
    }
    var slice = outcome.results.slice(shown, shown + PAGE);
    shown += slice.length;
    var rows = slice.map(function (doc) { return resultRow(outcome.basic.docs, doc); });
    // The first rows (about a screen) in the first frame, the others in the next: styling, laying out and
    // painting a whole page of rows made that frame, which the reader waits for, longer (13 ms of a pasted
    // place query's 50, traced with the browser at real-time priority).
    var later = document.createDocumentFragment();
    rows.forEach(function (row, i) { (i < SNIPPETS_AT_ONCE ? list : later).appendChild(row.li); });
    ui.more.hidden = shown >= outcome.results.length;
    // Until the frame that shows the rows is made, the snippets of the first rows alone (the top of the
    // page); then every one whose text is there.
    var painted = false;
    var fill = function () {
      if (outcome !== current) return;
      for (var i = 0; i < rows.length && (painted || i < SNIPPETS_AT_ONCE); i++) {
        if (rows[i].filled) continue;
        var text = textOf(rows[i].doc);
        if (text) fillResult(outcome, rows[i], text, false);
        else if ((text = partialText(outcome, rows[i].doc))) fillResult(outcome, rows[i], text, true);
      }
    };
    fill();
    // The texts pieces of the rows still without their snippet: the first rows' at once, the others' after the
    // first frame (their scripts, run before it, would hold it back; the rows the snippet pieces hold are
    // filled then without them). When the first result is complete already (the snippet pieces held it), every
    // load waits for that frame: asking for a script costs the page's thread a millisecond or more before it,
    // and its response and run could come before it.
    var texts = function () {
      var names = {};
      rows.forEach(function (row, i) {
        if (!row.filled && (painted || i < SNIPPETS_AT_ONCE)) names[textPieceOf(row.doc)] = true;
      });
      return Promise.all(Object.keys(names).map(function (name) { return load(name).then(fill); }));
    };
    var first = rows.length && !rows[0].filled ? texts() : Promise.resolve();
    var rest = afterPaint().then(function () {
      if (outcome !== current) return null;
      painted = true;
      list.appendChild(later);
      fill();
      return texts();
    });
    return Promise.all([first, rest]);
  }

  /** A result's row before its text is read: the document's title linking to its page, and its date. */
  function resultRow(docs, doc) {
    var li = element('li', 'result');
    var heading = element('h3', 'result-title');
    var link = element('a', '', docs.title[doc]);
    // Titles, names and passages of any script amid the page's English: each isolated in its own direction (HTML
    // dir="auto"), so that an Arabic title does not reorder what stands beside it.
    link.dir = 'auto';
    link.href = 'documents/' + encodeURIComponent(docs.name[doc]) + '.html';
    heading.appendChild(link);
    li.appendChild(heading);
    var meta = element('p', 'result-meta');
    if (docs.date[doc]) meta.appendChild(element('span', 'result-date', docs.date[doc]));
    li.appendChild(meta);
    var snippetSpace = element('p', 'result-snippet');
    snippetSpace.setAttribute('aria-busy', 'true');
    li.appendChild(snippetSpace);
    return { doc: doc, li: li, link: link, meta: meta, snippet: snippetSpace, filled: false };
  }

  /**
   * What a result's text gives its row: the snippet with the hits marked, the link to the paragraph of the best
   * one, how many passages. A text from the snippet pieces (`partial`) without a hit in it (a named entry
   * whose mentions it lacks) gives nothing: the row waits for its text piece.
   */
  function fillResult(outcome, row, text, partial) {
    var docs = outcome.basic.docs;
    var doc = row.doc;
    var best = outcome.resolved.length ? bestBlock(text, outcome.resolved) : null;
    if (!best && partial) return;
    var blocks = text[0];
    // Without a hit (filters alone), the beginning of the text rather than the title again.
    var block = best ? blocks[best.block] : (blocks[1] || blocks[0]);
    if (best && block[0]) row.link.href = 'documents/' + encodeURIComponent(docs.name[doc]) + '.html#' + encodeURIComponent(block[0]);
    if (best) {
      if (docs.date[doc]) row.meta.appendChild(document.createTextNode(' · '));
      row.meta.appendChild(element('span', 'result-where', 'found in ' + plural(best.passages, 'passage', 'passages')));
    }
    var made = block ? snippet(block[2], best ? best.hits : []) : element('p', 'result-snippet');
    row.li.replaceChild(made, row.snippet);
    row.snippet = made;
    row.filled = true;
  }

  function renderNamed(outcome) {
    ui.named.textContent = '';
    if (outcome.named.length === 0) {
      ui.named.hidden = true;
      return;
    }
    ui.named.hidden = false;
    var entities = outcome.basic.entities;
    ui.named.appendChild(element('h2', '', 'In the registers'));
    var list = element('ul', 'named-entries');
    outcome.named.slice(0, 20).forEach(function (e) {
      var li = element('li');
      var link = element('a', '', entities.label[e]);
      link.dir = 'auto';
      if (entities.qualifier[e]) link.appendChild(element('span', 'entry-qualifier', ' (' + entities.qualifier[e] + ')'));
      link.href = entities.page[e];
      li.appendChild(link);
      li.appendChild(document.createTextNode(' (' + entities.register[e] + ', in ' + plural(entities.documents[e], 'document', 'documents') + ')'));
      list.appendChild(li);
    });
    ui.named.appendChild(list);
  }

  function facetLink(state, name, value, label, count, selected) {
    var li = element('li', selected ? 'facet-value selected' : 'facet-value');
    var link = element('a');
    link.href = writeState(withValue(state, name, value, !selected));
    var labelled = element('span', 'facet-label', label);
    labelled.dir = 'auto';
    link.appendChild(labelled);
    link.appendChild(element('span', 'facet-count', String(count)));
    if (selected) link.setAttribute('aria-current', 'true');
    link.setAttribute('aria-label', (selected ? 'Remove filter: ' : 'Filter: ') + label + ', ' + plural(count, 'document', 'documents'));
    li.appendChild(link);
    return li;
  }

  function facetGroup(title, name) {
    var section = element('section', 'facet');
    section.setAttribute('data-facet', name);
    var heading = element('h3', '', title);
    heading.id = 'facet-' + name;
    section.setAttribute('aria-labelledby', heading.id);
    section.appendChild(heading);
    return section;
  }

  function renderFacets(outcome) {
    var state = outcome.state;
    var basic = outcome.basic;
    var counts = outcome.counts;
    var container = ui.facets;
    container.textContent = '';

    // Dates: the years of the results (decades when there are many), and the range chosen.
    var years = Array.from(counts.date.keys()).sort(function (a, b) { return a - b; });
    if (years.length || state.from || state.to) {
      var dates = facetGroup('Date', 'date');
      if (state.from || state.to) {
        var chosen = element('p', 'facet-chosen');
        chosen.appendChild(document.createTextNode(dateLabel(state.from) + ' – ' + dateLabel(state.to) + ' '));
        var clear = element('a', '', 'any date');
        clear.href = writeState(withValue(withValue(state, 'from', '', false), 'to', '', false));
        chosen.appendChild(clear);
        dates.appendChild(chosen);
      }
      var byDecade = years.length > 30;
      var buckets = new Map();
      years.forEach(function (year) {
        var key = byDecade ? Math.floor(year / 10) * 10 : year;
        buckets.set(key, (buckets.get(key) || 0) + counts.date.get(year));
      });
      var most = 1;
      buckets.forEach(function (count) { most = Math.max(most, count); });
      // Labels before the common era ("480 BCE") get a wider column, so the bars still start in line.
      var list = element('ol', 'facet-values date-histogram' + (Array.from(buckets.keys()).some(function (key) { return key < 0; }) ? ' wide-labels' : ''));
      buckets.forEach(function (count, key) {
        var label = byDecade ? decadeLabel(key) : yearLabel(key);
        var li = element('li', 'facet-value');
        var link = element('a');
        link.href = writeState(withValue(withValue(state, 'from', isoYear(key), true), 'to', isoYear(byDecade ? key + 9 : key), true));
        link.appendChild(element('span', 'facet-label', label));
        var bar = element('span', 'facet-bar');
        bar.style.width = Math.max(4, Math.round(count / most * 100)) + '%';
        link.appendChild(bar);
        link.appendChild(element('span', 'facet-count', String(count)));
        link.setAttribute('aria-label', label + ': ' + plural(count, 'document', 'documents'));
        li.appendChild(link);
        list.appendChild(li);
      });
      dates.appendChild(list);
      var form = element('form', 'date-range');
      ['from', 'to'].forEach(function (which) {
        var label = element('label', '', which === 'from' ? 'From ' : 'to ');
        var input = element('input');
        input.type = 'text';
        input.name = which;
        input.inputMode = 'numeric';
        input.placeholder = 'YYYY';
        input.size = 10;
        input.pattern = '-?\\d{4}(-\\d{2}(-\\d{2})?)?';
        input.value = state[which];
        label.appendChild(input);
        form.appendChild(label);
        form.appendChild(document.createTextNode(' '));
      });
      var apply = element('button', '', 'Apply');
      apply.type = 'submit';
      form.appendChild(apply);
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var next = withValue(withValue(state, 'from', form.elements.from.value.trim(), true), 'to', form.elements.to.value.trim(), true);
        location.hash = writeState(next);
      });
      dates.appendChild(form);
      container.appendChild(dates);
    }

    var registers = [['person', 'persons'], ['place', 'places'], ['organisation', 'organisations']];
    registers.forEach(function (pair) {
      var name = pair[0];
      var entries = Array.from(counts[name].entries()).sort(function (a, b) {
        return b[1] - a[1] || (basic.entities.label[a[0]] < basic.entities.label[b[0]] ? -1 : 1);
      });
      var selectedIds = state[name];
      if (entries.length === 0 && selectedIds.length === 0) return;
      var group = facetGroup(FACET_LABELS[name], name);
      var list = element('ul', 'facet-values');
      var more = element('ul', 'facet-values');
      var listed = 0;
      entries.forEach(function (entry) {
        var e = entry[0];
        var selected = selectedIds.indexOf(basic.entities.id[e]) >= 0;
        var label = basic.entities.label[e] + (basic.entities.qualifier[e] ? ' (' + basic.entities.qualifier[e] + ')' : '');
        var item = facetLink(state, name, basic.entities.id[e], label, entry[1], selected);
        (selected || listed < FACET_SHOWN ? list : more).appendChild(item);
        if (!selected) listed++;
      });
      group.appendChild(list);
      if (more.childNodes.length) {
        var details = element('details', 'facet-more');
        details.appendChild(element('summary', '', 'All ' + entries.length));
        details.appendChild(more);
        group.appendChild(details);
      }
      container.appendChild(group);
    });

    // A document whose encoding states no language (xslt/common.xsl, ed:language: "") is in none the facet could name.
    [['type', function (v) { return v || 'not stated'; }], ['lang', function (v) { return v ? languageName(v) : 'not stated'; }]].forEach(function (pair) {
      var name = pair[0];
      var entries = Array.from(counts[name].entries()).sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
      if (entries.length === 0) return;
      var group = facetGroup(FACET_LABELS[name], name);
      var list = element('ul', 'facet-values');
      entries.forEach(function (entry) {
        list.appendChild(facetLink(state, name, entry[0], pair[1](entry[0]), entry[1], state[name].indexOf(entry[0]) >= 0));
      });
      group.appendChild(list);
      container.appendChild(group);
    });
  }

  /** Shows an outcome; `shown` is called after the frame that shows its results (before the facets are drawn). */
  function render(outcome, shown) {
    current = outcome;
    var state = outcome.state;
    var total = outcome.results.length;
    var filtered = LIST_PARAMS.some(function (name) { return state[name].length; }) || state.from || state.to;
    ui.layout.hidden = false;
    ui.start.hidden = true;
    ui.status.textContent = (total === 0 ? 'No document' : plural(total, 'document', 'documents'))
      + (state.q || filtered ? ' for ' + (describe(state) || 'the chosen filters') : '')
      + (filtered ? ' (filtered)' : '') + '.';
    if (filtered) {
      var clear = element('a', 'clear-filters', 'Clear the filters');
      clear.href = writeState({ q: state.q, from: '', to: '', person: [], place: [], organisation: [], type: [], lang: [] });
      ui.status.appendChild(document.createTextNode(' '));
      ui.status.appendChild(clear);
    }
    // The results first, then what is beside them (the facets) once the frame that shows the results is made:
    // counting and drawing the facets of a common word's thousands of documents no longer holds the results back.
    var results = renderResults(outcome, false);
    renderNamed(outcome);
    ui.facets.setAttribute('aria-busy', 'true');
    var facets = afterPaint().then(function () {
      if (shown) shown();
      if (outcome !== current) return;
      outcome.counts = outcome.counts || facetCounts(outcome.basic, state, outcome.matching);
      renderFacets(outcome);
      ui.facets.removeAttribute('aria-busy');
    });
    return Promise.all([results, facets]).then(function () {
      if (outcome === current) document.documentElement.setAttribute('data-search-done', String(runs));
    });
  }

  /**
   * A promise kept after the next frame has been made (the task after its animation frame), or after 100 ms
   * when no frame comes (a page in the background makes none).
   */
  function afterPaint() {
    return new Promise(function (resolve) {
      var timer = setTimeout(resolve, 100);
      requestAnimationFrame(function () {
        setTimeout(function () { clearTimeout(timer); resolve(); }, 0);
      });
    });
  }

  function showError(error) {
    ui.status.textContent = 'The search could not run: ' + (error && error.message ? error.message : String(error));
    document.documentElement.setAttribute('data-search-done', String(runs));
  }

  /** The fragment of the search last run. */
  var searched = null;

  /**
   * Runs the search of a fragment (`hash`; by default the location's) and shows it. `pushed`: the fragment is
   * new, and is written to the location (history.pushState) once the results are on the page: a same-document
   * navigation before them cost the query its time, and a reader sees the address change with them.
   */
  function search(hash, pushed) {
    if (hash === undefined) hash = location.hash;
    searched = hash;
    var state = readState(hash);
    ui.query.value = state.q;
    if (ui.header) ui.header.value = state.q;
    var hasFilter = LIST_PARAMS.some(function (name) { return state[name].length; }) || state.from || state.to;
    runs++;
    if (!state.q.trim() && !hasFilter) {
      current = null;
      ui.results.textContent = '';
      ui.facets.textContent = '';
      ui.layout.hidden = true;
      ui.start.hidden = false;
      ui.status.textContent = '';
      document.documentElement.setAttribute('data-search-done', String(runs));
      return Promise.resolve();
    }
    // "Searching…" only when the results are slow to come: a change of the page before them makes the browser
    // draw a frame (style, layout, paint) that the results' scripts and frame then wait behind.
    var thisRun = runs;
    var searching = setTimeout(function () { if (thisRun === runs) ui.status.textContent = 'Searching…'; }, SEARCHING_AFTER);
    var push = function () {
      // Unless another search began since (back, forward, a facet's link: their fragment is in the location).
      if (pushed && searched === hash && location.hash !== hash) {
        try {
          history.pushState(null, '', hash);
        } catch (e) {
          location.hash = hash;
        }
      }
    };
    var started = performance.now();
    return runOnce(state).then(function (outcome) {
      clearTimeout(searching);
      return render(outcome, push);
    }).then(function () {
      document.documentElement.setAttribute('data-search-ms', String(Math.round(performance.now() - started)));
    }, function (error) {
      clearTimeout(searching);
      push();
      showError(error);
    });
  }

  function submitQuery(query) {
    // A prefetch due after the last key would only run the same query again beside this one.
    clearTimeout(typing);
    var state = readState(location.hash);
    state.q = query.trim();
    var hash = writeState(state);
    if (hash === location.hash || (hash === '#' && !location.hash)) {
      search();
      return;
    }
    // The new fragment run at once, and written to the location after its results are shown (search): setting
    // location.hash first would run it only when the browser gets round to the hashchange event (a task of its
    // own: tens of milliseconds on a busy machine).
    search(hash, true);
  }

  /** Back, forward, a link to another fragment (facets): the fragment's search, unless it is the one shown. */
  function navigated() {
    if (location.hash !== searched) search();
  }

  var typing = 0;
  /**
   * While the reader types (PREFETCH_PAUSE ms after a key; at once when more than a character came at once: a
   * paste, a drop, a completion), the query so far is run without being shown: the pieces of its words are
   * loaded (the word being typed included: its term piece is most often the finished word's too, the pieces
   * being ranges of terms), and, when its words are words of the collection, the text pieces of its first page
   * of results, so that Enter finds them there. Each piece is loaded once, and Enter on the same query takes
   * the run begun here (runOnce).
   */
  function prefetch(query, now) {
    clearTimeout(typing);
    // A box emptied (the query selected and deleted before a paste): nothing of a query to load.
    if (!query.trim()) return;
    var ahead = function () {
      var state = readState(location.hash);
      // As Enter will send it (submitQuery), so that Enter finds this run.
      state.q = query.trim();
      // (A paste, Enter perhaps at once: the texts of the first rows alone, those the snippet pieces lack; the
      // others' scripts would run before the frame that shows the results.)
      runOnce(state).then(function (outcome) {
        // Enter came first: the results are being shown, and load the texts they lack themselves (renderResults).
        if (searched === writeState(state)) return;
        outcome.results.slice(0, now ? SNIPPETS_AT_ONCE : PAGE).forEach(function (doc) {
          if (!(now && partialText(outcome, doc))) load(textPieceOf(doc)).catch(function () {});
        });
      }).catch(function () {});
    };
    if (now) ahead();
    else typing = setTimeout(ahead, PREFETCH_PAUSE);
  }

  /** The last state run and its outcome's promise: a prefetch of a pasted query and Enter after it make one run. */
  var lastRun = null;
  function runOnce(state) {
    var key = writeState(state);
    if (!lastRun || lastRun.key !== key) {
      lastRun = { key: key, outcome: run(state) };
      lastRun.outcome.catch(function () { lastRun = null; });
    }
    return lastRun.outcome;
  }

  function start() {
    if (!manifest || !core || typeof TextDecoder === 'undefined') {
      return;
    }
    ui.app = document.querySelector('.search-app');
    ui.query = document.getElementById('search-query');
    ui.header = document.getElementById('site-search-query');
    ui.status = document.querySelector('.search-status');
    ui.results = document.querySelector('.result-list');
    ui.facets = document.querySelector('.facet-groups');
    ui.more = document.querySelector('.more-results');
    ui.layout = document.querySelector('.search-layout');
    ui.start = document.querySelector('.search-start');
    ui.named = element('section', 'named-entries-section');
    ui.named.hidden = true;
    ui.results.parentNode.insertBefore(ui.named, ui.results);
    Array.prototype.forEach.call(document.querySelectorAll('[data-search-needs-script]'), function (e) { e.hidden = true; });
    ui.app.hidden = false;

    // The query a form sent (?q=, from any page's search box) moves to the fragment.
    var sent = new URLSearchParams(location.search).get('q');
    if (sent !== null) {
      var state = readState(location.hash);
      state.q = sent;
      try {
        history.replaceState(null, '', location.pathname + writeState(state));
      } catch (e) {
        location.hash = writeState(state);
      }
    }
    Array.prototype.forEach.call(document.querySelectorAll('form.search-form, form.site-search'), function (form) {
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        submitQuery(form.elements.q.value);
      });
    });
    ui.more.addEventListener('click', function () { if (current) renderResults(current, true); });
    window.addEventListener('hashchange', navigated);
    window.addEventListener('popstate', navigated);
    [ui.query, ui.header].forEach(function (box) {
      if (!box) return;
      var length = box.value.length;
      box.addEventListener('input', function () {
        var now = Math.abs(box.value.length - length) > 1;
        length = box.value.length;
        prefetch(box.value, now);
      });
    });
    search();
    // What every query needs, fetched while the reader types; and the languages' names of the facet (the
    // platform's Intl.DisplayNames loads its data on first use: 150 ms at load 17, which the first query paid).
    setTimeout(function () {
      basics().then(function () { manifest.langs.forEach(languageName); }).catch(function () {});
    }, 0);
  }

  // After the deferred scripts that follow this one (search/manifest.js) have run.
  if (document.readyState === 'complete') start();
  else document.addEventListener('DOMContentLoaded', start);
})();
