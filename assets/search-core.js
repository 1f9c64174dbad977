// tei-edition search: what the index builder (src/search/, in Node) and the reader's browser
// (assets/search.js) must do the same way, in one place: how text is cut into words, how a word is
// folded (case, diacritics) and stemmed in its language, what an index term is, and how a query reads.
// Plain ES2017 with no dependency, loaded as a script (global TeiSearchCore) or required by Node.
(function (root, factory) {
  'use strict';
  var core = factory();
  if (typeof module === 'object' && module.exports) module.exports = core;
  else root.TeiSearchCore = core;
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  /** Words: runs of letters, combining marks and digits. Everything else separates them. */
  var WORD = /[\p{L}\p{M}\p{N}]+/gu;

  var FOLDED_LETTERS = { 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'đ': 'd', 'ð': 'd', 'ł': 'l', 'ı': 'i', 'þ': 'th', 'ŀ': 'l' };
  var FOLDABLE = /[ßæœøđðłıþŀ]/g;

  /** Case- and diacritic-insensitive form of a word: lower case, no combining marks, a few letters spelled out. */
  function fold(word) {
    return word.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(FOLDABLE, function (c) { return FOLDED_LETTERS[c]; });
  }

  /** The words of a text, as written (the index's pass over the text: no offsets). */
  function wordList(text) {
    return text.match(WORD) || [];
  }

  /** The words of a text with their offsets: [{ start, end, word }] (word as written). */
  function words(text) {
    var found = [];
    var match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text)) !== null) found.push({ start: match.index, end: match.index + match[0].length, word: match[0] });
    return found;
  }

  // ---------------------------------------------------------------------------------------------
  // Stemming: Snowball stemmers (registered by the stemmer pieces, made from the snowball-stemmers
  // package by the build) per language, and Schinke's stemmer for Latin, which Snowball lacks.
  // ---------------------------------------------------------------------------------------------

  /** BCP 47 primary language subtag → stemmer id (the name of its piece, search/stem-<id>.js). */
  var STEMMERS = {
    en: 'en', de: 'de', fr: 'fr', it: 'it', es: 'es', la: 'la', ru: 'ru', nl: 'nl', pt: 'pt', sv: 'sv', da: 'da',
    no: 'no', nb: 'no', nn: 'no', fi: 'fi', hu: 'hu', ro: 'ro', tr: 'tr', ca: 'ca', eu: 'eu', cs: 'cs', ga: 'ga',
    hy: 'hy', sl: 'sl', ta: 'ta', ar: 'ar',
  };
  /** Stemmer id → the algorithm's name in the snowball-stemmers package. */
  var SNOWBALL_NAMES = {
    en: 'english', de: 'german', fr: 'french', it: 'italian', es: 'spanish', ru: 'russian', nl: 'dutch', pt: 'portuguese',
    sv: 'swedish', da: 'danish', no: 'norwegian', fi: 'finnish', hu: 'hungarian', ro: 'romanian', tr: 'turkish',
    ca: 'catalan', eu: 'basque', cs: 'czech', ga: 'irish', hy: 'armenian', sl: 'slovene', ta: 'tamil', ar: 'arabic',
  };

  /** The stemmer of a language tag ('en-GB' → 'en'), '' for a language without one (words are only folded). */
  function stemmerId(lang) {
    var primary = String(lang || '').toLowerCase().split(/[-_]/)[0];
    return Object.prototype.hasOwnProperty.call(STEMMERS, primary) ? STEMMERS[primary] : '';
  }

  var LATIN_QUE_KEPT = ('atque quoque neque itaque absque apsque abusque adaeque adusque denique deque susque oblique peraeque plenisque '
    + 'quandoque quisque quaeque cuiusque cuique quemque quamque quaque quique quorumque quarumque quibusque quosque quasque '
    + 'quotusquisque quousque ubique undique usque uterque utique utroque utribique torque coque concoque contorque detorque '
    + 'decoque excoque extorque obtorque optorque retorque recoque attorque incoque intorque praetorque').split(' ');
  var LATIN_SUFFIXES = ['ibus', 'ius', 'ae', 'am', 'as', 'em', 'es', 'ia', 'is', 'nt', 'os', 'ud', 'um', 'us', 'a', 'e', 'i', 'o', 'u'];

  /**
   * Schinke's Latin stemmer (Schinke et al. 1996), noun side: j/v normalised to i/u, the enclitic -que removed
   * (except in words where it belongs to the word), then the longest noun ending, keeping at least two letters.
   */
  function latinStem(word) {
    var w = word.replace(/j/g, 'i').replace(/v/g, 'u');
    if (/que$/.test(w)) {
      if (LATIN_QUE_KEPT.indexOf(w) >= 0) return w;
      w = w.slice(0, -3);
    }
    for (var i = 0; i < LATIN_SUFFIXES.length; i++) {
      var suffix = LATIN_SUFFIXES[i];
      if (w.length - suffix.length >= 2 && w.slice(-suffix.length) === suffix) return w.slice(0, -suffix.length);
    }
    return w;
  }

  var stemmers = { la: latinStem };

  function registerStemmer(id, stem) {
    stemmers[id] = stem;
  }

  function hasStemmer(id) {
    return id === '' || Object.prototype.hasOwnProperty.call(stemmers, id);
  }

  /**
   * The index term of a word in a language: its stem (the word in lower case, stemmed, then folded), and the
   * stemmer's id: "negoti|en". A stemmer must be registered first (hasStemmer).
   */
  var terms = {};

  function term(id, word) {
    var known = terms[id] || (terms[id] = new Map());
    var found = known.get(word);
    if (found === undefined) {
      var lower = word.toLowerCase();
      found = fold(id === '' ? lower : stemmers[id](lower)) + '|' + id;
      known.set(word, found);
    }
    return found;
  }

  /** The terms a query word may stand for in these languages: as typed and without its diacritics. */
  function queryTerms(ids, word) {
    var terms = [];
    var folded = fold(word);
    for (var i = 0; i < ids.length; i++) {
      var a = term(ids[i], word);
      if (terms.indexOf(a) < 0) terms.push(a);
      var b = term(ids[i], folded);
      if (terms.indexOf(b) < 0) terms.push(b);
    }
    return terms;
  }

  /** A register entry's term: every mention of it, whatever its spelling. */
  function entityTerm(group) {
    return '@' + group;
  }

  // ---------------------------------------------------------------------------------------------
  // Queries: words (all of them), "exact phrases", prefix*.
  // ---------------------------------------------------------------------------------------------

  /**
   * [{ kind: 'word' | 'prefix' | 'phrase', words: [as typed], folded: [folded words], text: as typed }]. A quoted
   * part is a phrase; a word ending in * a prefix; a word that writing splits into several (U.S.S.R.,
   * face-to-face) a phrase.
   */
  function parseQuery(query) {
    var units = [];
    var parts = String(query || '').split('"');
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i];
      if (i % 2 === 1) {
        var phrase = unit(words(part));
        if (phrase.words.length === 1) units.push({ kind: 'word', words: phrase.words, folded: phrase.folded, text: part.trim() });
        else if (phrase.words.length > 1) units.push({ kind: 'phrase', words: phrase.words, folded: phrase.folded, text: part.trim() });
        continue;
      }
      var pieces = part.split(/\s+/);
      for (var j = 0; j < pieces.length; j++) {
        var piece = pieces[j];
        var inner = unit(words(piece));
        if (inner.words.length === 0) continue;
        var kind = inner.words.length > 1 ? 'phrase' : /\*\s*$/.test(piece) ? 'prefix' : 'word';
        units.push({ kind: kind, words: inner.words, folded: inner.folded, text: piece });
      }
    }
    return units;
  }

  function unit(found) {
    return { words: found.map(function (w) { return w.word; }), folded: found.map(function (w) { return fold(w.word); }) };
  }

  /** Where a phrase (folded words) occurs in a text: [{ start, end }] of each occurrence. */
  function phraseOccurrences(text, phrase) {
    var all = words(text);
    return phraseAt(all.map(function (w) { return fold(w.word); }), all.map(function (w) { return w.start; }), all.map(function (w) { return w.end; }), phrase);
  }

  /** The same, on a text already cut: its words folded, and the offsets where each starts and ends. */
  function phraseAt(forms, starts, ends, phrase) {
    var found = [];
    for (var i = 0; i + phrase.length <= forms.length; i++) {
      var k = 0;
      while (k < phrase.length && forms[i + k] === phrase[k]) k++;
      if (k === phrase.length) found.push({ start: starts[i], end: ends[i + phrase.length - 1] });
    }
    return found;
  }

  /** Dates as sortable integers: year * 10000 + month * 100 + day; a partial date is widened to its period. */
  function dateNumber(iso, end) {
    var match = /^(-?\d{4,})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(String(iso || ''));
    if (!match) return null;
    var year = Number(match[1]);
    var month = match[2] ? Number(match[2]) : (end ? 12 : 1);
    var day = match[3] ? Number(match[3]) : (end ? 31 : 1);
    if (month < 1 || month > 12 || day < 1 || day > 31) return null;
    return year * 10000 + month * 100 + day;
  }

  // ---------------------------------------------------------------------------------------------
  // Pieces of the index: a compressed piece's bytes are the characters of a string in its script
  // (index-builder.ts, pieceBytesScript), which the browser reads as windows-1252: one character a byte.
  // ---------------------------------------------------------------------------------------------

  var PIECE_CHARSET = 'windows-1252';
  var highBytes = null;

  /**
   * The bytes of a piece's string. A character below 256 is the byte of its number; the bytes 0x80–0x9F that
   * windows-1252 reads as other characters (€, ‚, …) are found through the platform's own decoder.
   */
  function pieceBytes(text) {
    if (!highBytes) {
      highBytes = {};
      var high = new Uint8Array(32);
      for (var h = 0; h < 32; h++) high[h] = 0x80 + h;
      var decoded = new TextDecoder(PIECE_CHARSET).decode(high);
      for (var k = 0; k < decoded.length; k++) highBytes[decoded.charCodeAt(k)] = 0x80 + k;
    }
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      bytes[i] = code < 256 ? code : highBytes[code];
    }
    return bytes;
  }

  /** The folded words of a name, each once, in order: a query word matches one of them, or begins one (prefix*). */
  function nameWords(name) {
    var found = [];
    var written = wordList(name);
    for (var i = 0; i < written.length; i++) {
      var folded = fold(written[i]);
      if (found.indexOf(folded) < 0) found.push(folded);
    }
    return found;
  }

  /**
   * The register entries' columns from the entities piece (index-builder.ts, entitiesPiece, which leaves out
   * what this says again): group, register, id, label, page, words (the folded words of all its names,
   * space-separated: those of its label, then piece.more), documents (how many mention it).
   */
  function entityColumns(piece) {
    var has = Object.prototype.hasOwnProperty;
    var entities = { group: [], register: [], id: piece.id, label: piece.label, page: [], words: [], documents: piece.documents };
    for (var e = 0; e < piece.id.length; e++) {
      var register = piece.registers[piece.register[e]];
      entities.register.push(register);
      entities.group.push(has.call(piece.group, e) ? piece.group[e] : register + '/' + piece.id[e]);
      entities.page.push(has.call(piece.page, e) ? piece.page[e] : register + '/' + piece.id[e] + '.html');
      var words = nameWords(piece.label[e]);
      if (piece.more[e]) words.push(piece.more[e]);
      entities.words.push(words.join(' '));
    }
    return entities;
  }

  return {
    nameWords: nameWords,
    entityColumns: entityColumns,
    PIECE_CHARSET: PIECE_CHARSET,
    pieceBytes: pieceBytes,
    fold: fold,
    words: words,
    wordList: wordList,
    stemmerId: stemmerId,
    SNOWBALL_NAMES: SNOWBALL_NAMES,
    latinStem: latinStem,
    registerStemmer: registerStemmer,
    hasStemmer: hasStemmer,
    term: term,
    queryTerms: queryTerms,
    entityTerm: entityTerm,
    parseQuery: parseQuery,
    phraseOccurrences: phraseOccurrences,
    phraseAt: phraseAt,
    dateNumber: dateNumber,
  };
});
