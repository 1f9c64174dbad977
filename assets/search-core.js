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

  /**
   * Words: runs of letters, combining marks and digits. Everything else separates them, but for Hebrew's geresh and
   * gershayim between letters, which mark an abbreviation or a foreign sound inside one word (רש״י, ג׳ירפה).
   */
  var WORD = /[\p{L}\p{M}\p{N}]+(?:[\u05F3\u05F4][\p{L}\p{M}\p{N}]+)*/gu;

  var FOLDED_LETTERS = { 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'đ': 'd', 'ð': 'd', 'ł': 'l', 'ı': 'i', 'þ': 'th', 'ŀ': 'l',
    // Arabic script, as readers type it (the harakat, shadda, sukun and the hamza on an alef are combining marks,
    // gone with the others: أ إ آ are ا): the kashida (tatweel) that only stretches a word, alef wasla, alef
    // maksura as ya, ta marbuta as ha; Persian and Urdu ya, kaf and ha as the Arabic letters (ی ي, ک ك, ہ ه).
    'ـ': '', 'ٱ': 'ا', 'ٲ': 'ا', 'ٳ': 'ا', 'ى': 'ي', 'ی': 'ي', 'ک': 'ك', 'ة': 'ه', 'ہ': 'ه',
    // Persian ۀ and Urdu ۂ (a ha with a hamza, a combining mark once decomposed) as هٔ is typed: the ha; the Kurdish
    // and Persian ae letter ە as the ha it is written like.
    'ە': 'ه',
    // Hebrew (niqqud and cantillation are combining marks): the Yiddish digraphs as their two letters; the geresh and
    // gershayim inside a word left out, as readers type the word without them (רש״י: רשי).
    'װ': 'וו', 'ױ': 'וי', 'ײ': 'יי', '׳': '', '״': '' };
  // Arabic-Indic and Persian digits as the digits a reader types elsewhere ("١٣٢٤", "۱۳۲۴": 1324).
  for (var digit = 0; digit < 10; digit++) {
    FOLDED_LETTERS[String.fromCharCode(0x660 + digit)] = String(digit);
    FOLDED_LETTERS[String.fromCharCode(0x6f0 + digit)] = String(digit);
  }
  var FOLDABLE = /[ßæœøđðłıþŀـٱٲٳىیکةہەװױײ׳״٠-٩۰-۹]/g;

  /**
   * Case- and diacritic-insensitive form of a word: lower case, no combining marks, a few letters spelled out. The
   * index and the query fold alike (this function): a query typed without vowels finds the word printed with them.
   */
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

  /**
   * What a folded word must contain to have a term (its clue): the beginning of the term's stem, not its last
   * two letters (a stemmer may change them: "happi" for "happy", "die" for "dying"), at most six letters. Snippets stem only the words
   * that hold a clue of the query. Null when the stemmer may change letters inside a word (stemsBeginnings):
   * every word must be stemmed.
   */
  function termClue(term) {
    var bar = term.lastIndexOf('|');
    if (!stemsBeginnings(term.slice(bar + 1))) return null;
    var stem = term.slice(0, bar);
    return stem.slice(0, Math.max(1, Math.min(stem.length - 2, 6)));
  }

  /**
   * Whether a stemmer's stems are found, but for their last two letters, in its words folded: Snowball's take off
   * endings and change the last letters. Latin's turns j and v into i and u anywhere; Irish's undoes lenition
   * ("chevaux": "cevaux"); Arabic's and Tamil's normalise letters inside the word.
   */
  var STEMS_CHANGE_INSIDE = { la: true, ga: true, ar: true, ta: true };
  function stemsBeginnings(id) {
    return !Object.prototype.hasOwnProperty.call(STEMS_CHANGE_INSIDE, id);
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

  /** Where each document's entry starts in a list of positions : document → index of its count. */
  function documentOffsets(list) {
    var offsets = new Map();
    var doc = 0;
    for (var i = 0; i < list.length; i += 2 + list[i + 1]) {
      doc += list[i];
      offsets.set(doc, i + 1);
    }
    return offsets;
  }

  function wordNumbers(list, offset) {
    var numbers = new Array(list[offset]);
    var at = 0;
    for (var k = 0; k < numbers.length; k++) numbers[k] = (at += list[offset + 1 + k]);
    return numbers;
  }

  /**
   * The documents where these words follow one another, given each word's list of positions as the index's
   * p pieces hold it (per document: document gap, occurrences, first word number, gaps…; a missing word: no
   * list): document → occurrences. The index numbers a document's words block by block, leaving at least one
   * number out between blocks, so a phrase is found within a block, as it is read.
   */
  function phraseDocuments(lists) {
    var found = new Map();
    if (lists.some(function (list) { return !Array.isArray(list); })) return found;
    var offsets = lists.map(documentOffsets);
    offsets[0].forEach(function (offset, doc) {
      for (var j = 1; j < offsets.length; j++) if (!offsets[j].has(doc)) return;
      var next = [];
      for (var w = 1; w < lists.length; w++) next.push(new Set(wordNumbers(lists[w], offsets[w].get(doc))));
      var count = 0;
      wordNumbers(lists[0], offset).forEach(function (at) {
        for (var k = 0; k < next.length; k++) if (!next[k].has(at + k + 1)) return;
        count++;
      });
      if (count) found.set(doc, count);
    });
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

  // Raw deflate (RFC 1951), inflated here, synchronously, as a piece's script runs: the platform's
  // DecompressionStream goes through streams and a Response, several tasks later, and took 4-5 ms for a
  // 300-byte term piece and 15-37 ms for a 9 KB text piece in Chromium (load 13), against well under 1 ms here.

  var LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
  var LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
  var DISTANCE_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
    8193, 12289, 16385, 24577];
  var DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
  var CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

  /**
   * A canonical Huffman code (code lengths per symbol) as a lookup table on its longest code's number of bits,
   * read least significant bit first: entry = symbol << 4 | length (0: no code there).
   */
  function huffmanTable(lengths) {
    var count = new Uint16Array(16);
    var bits = 0;
    for (var s = 0; s < lengths.length; s++) {
      count[lengths[s]]++;
      if (lengths[s] > bits) bits = lengths[s];
    }
    var next = new Uint16Array(16);
    var code = 0;
    count[0] = 0;
    for (var length = 1; length < 16; length++) {
      code = (code + count[length - 1]) << 1;
      next[length] = code;
    }
    var table = new Int32Array(1 << bits);
    for (var symbol = 0; symbol < lengths.length; symbol++) {
      var len = lengths[symbol];
      if (!len) continue;
      var c = next[len]++;
      var reversed = 0;
      for (var b = 0; b < len; b++) reversed |= ((c >> b) & 1) << (len - 1 - b);
      for (var at = reversed; at < table.length; at += 1 << len) table[at] = (symbol << 4) | len;
    }
    return { table: table, bits: bits };
  }

  var fixedCodes = null;

  /** The next n bits of a reader ({ input, at, buffer, held }), least significant first; zeros past the end. */
  function readBits(reader, n) {
    while (reader.held < n) {
      if (reader.at >= reader.input.length + 4) throw new Error('deflate data ends too soon');
      reader.buffer |= (reader.at < reader.input.length ? reader.input[reader.at] : 0) << reader.held;
      reader.at++;
      reader.held += 8;
    }
    var value = reader.buffer & ((1 << n) - 1);
    reader.buffer >>>= n;
    reader.held -= n;
    return value;
  }

  function readCode(reader, code) {
    while (reader.held < code.bits) {
      if (reader.at >= reader.input.length + 4) throw new Error('deflate data ends too soon');
      reader.buffer |= (reader.at < reader.input.length ? reader.input[reader.at] : 0) << reader.held;
      reader.at++;
      reader.held += 8;
    }
    var entry = code.table[reader.buffer & ((1 << code.bits) - 1)];
    if (!(entry & 15)) throw new Error('deflate data has an unknown code');
    reader.buffer >>>= entry & 15;
    reader.held -= entry & 15;
    return entry >> 4;
  }

  /** A dynamic block's codes: [literals and lengths, distances]. */
  function dynamicCodes(reader) {
    var literalCount = readBits(reader, 5) + 257;
    var distanceCount = readBits(reader, 5) + 1;
    var lengthCount = readBits(reader, 4) + 4;
    var codeLengths = new Uint8Array(19);
    for (var i = 0; i < lengthCount; i++) codeLengths[CODE_LENGTH_ORDER[i]] = readBits(reader, 3);
    var lengthCode = huffmanTable(codeLengths);
    var lengths = new Uint8Array(literalCount + distanceCount);
    for (var n = 0; n < lengths.length;) {
      var symbol = readCode(reader, lengthCode);
      if (symbol < 16) lengths[n++] = symbol;
      else {
        var repeat;
        var value = 0;
        if (symbol === 16) {
          if (n === 0) throw new Error('deflate data repeats no length');
          value = lengths[n - 1];
          repeat = 3 + readBits(reader, 2);
        } else repeat = symbol === 17 ? 3 + readBits(reader, 3) : 11 + readBits(reader, 7);
        if (n + repeat > lengths.length) throw new Error('deflate data has too many lengths');
        while (repeat--) lengths[n++] = value;
      }
    }
    return [huffmanTable(lengths.subarray(0, literalCount)), huffmanTable(lengths.subarray(literalCount))];
  }

  function grown(out, size, more) {
    var larger = new Uint8Array(Math.max(out.length * 2, size + more));
    larger.set(out.subarray(0, size));
    return larger;
  }

  /**
   * The bytes of raw deflate data, inflated (throws on data that is not deflate); `length`, when known, is
   * their number. The loop over a block's codes keeps the bit buffer in local variables (no closure).
   */
  function inflateRaw(input, length) {
    var out = new Uint8Array(length || Math.max(1024, input.length * 16));
    var size = 0;
    var reader = { input: input, at: 0, buffer: 0, held: 0 };
    var end = input.length + 4;
    var last = 0;
    while (!last) {
      last = readBits(reader, 1);
      var type = readBits(reader, 2);
      if (type === 0) {
        readBits(reader, reader.held & 7);
        var stored = readBits(reader, 16);
        if (stored !== (~readBits(reader, 16) & 0xffff)) throw new Error('deflate data has a bad stored block');
        if (size + stored > out.length) out = grown(out, size, stored);
        for (var k = 0; k < stored; k++) out[size++] = readBits(reader, 8);
        continue;
      }
      var codes;
      if (type === 1) {
        if (!fixedCodes) {
          var fixed = new Uint8Array(288);
          for (var f = 0; f < 288; f++) fixed[f] = f < 144 ? 8 : f < 256 ? 9 : f < 280 ? 7 : 8;
          fixedCodes = [huffmanTable(fixed), huffmanTable(new Uint8Array(30).fill(5))];
        }
        codes = fixedCodes;
      } else if (type === 2) codes = dynamicCodes(reader);
      else throw new Error('deflate data has a bad block type');
      var literalTable = codes[0].table;
      var literalBits = codes[0].bits;
      var distanceTable = codes[1].table;
      var distanceBits = codes[1].bits;
      var at = reader.at;
      var buffer = reader.buffer;
      var held = reader.held;
      for (;;) {
        while (held < literalBits) {
          if (at >= end) throw new Error('deflate data ends too soon');
          buffer |= (at < input.length ? input[at] : 0) << held;
          at++;
          held += 8;
        }
        var entry = literalTable[buffer & ((1 << literalBits) - 1)];
        var used = entry & 15;
        if (!used) throw new Error('deflate data has an unknown code');
        buffer >>>= used;
        held -= used;
        var code = entry >> 4;
        if (code < 256) {
          if (size >= out.length) out = grown(out, size, 1);
          out[size++] = code;
          continue;
        }
        if (code === 256) break;
        code -= 257;
        if (code >= 29) throw new Error('deflate data has a bad length');
        var extra = LENGTH_EXTRA[code];
        while (held < extra + distanceBits) {
          if (at >= end) throw new Error('deflate data ends too soon');
          buffer |= (at < input.length ? input[at] : 0) << held;
          at++;
          held += 8;
        }
        var copy = LENGTH_BASE[code] + (buffer & ((1 << extra) - 1));
        buffer >>>= extra;
        held -= extra;
        entry = distanceTable[buffer & ((1 << distanceBits) - 1)];
        used = entry & 15;
        if (!used) throw new Error('deflate data has an unknown code');
        buffer >>>= used;
        held -= used;
        var d = entry >> 4;
        if (d >= 30) throw new Error('deflate data has a bad distance');
        extra = DISTANCE_EXTRA[d];
        while (held < extra) {
          if (at >= end) throw new Error('deflate data ends too soon');
          buffer |= (at < input.length ? input[at] : 0) << held;
          at++;
          held += 8;
        }
        var distance = DISTANCE_BASE[d] + (buffer & ((1 << extra) - 1));
        buffer >>>= extra;
        held -= extra;
        if (distance > size) throw new Error('deflate data reaches before its start');
        if (size + copy > out.length) out = grown(out, size, copy);
        for (var from = size - distance, stop = size + copy; size < stop;) out[size++] = out[from++];
      }
      reader.at = at;
      reader.buffer = buffer;
      reader.held = held;
    }
    if (reader.at - (reader.held >> 3) > input.length) throw new Error('deflate data ends too soon');
    return size === out.length ? out : out.subarray(0, size);
  }

  var utf8 = null;

  /** A compressed piece's data: the bytes of its string (pieceBytes), inflated, read as UTF-8 JSON. */
  function pieceData(text) {
    utf8 = utf8 || new TextDecoder('utf-8');
    return JSON.parse(utf8.decode(inflateRaw(pieceBytes(text))));
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
   * what this says again): group, register, id, label, qualifier ('' where none), page, words (the folded words of all its names,
   * space-separated: those of its label, then piece.more), documents (how many mention it).
   */
  function entityColumns(piece) {
    var has = Object.prototype.hasOwnProperty;
    var qualifiers = piece.qualifier || {};
    var entities = { group: [], register: [], id: piece.id, label: piece.label, qualifier: [], page: [], words: [], documents: piece.documents };
    for (var e = 0; e < piece.id.length; e++) {
      var register = piece.registers[piece.register[e]];
      entities.register.push(register);
      entities.qualifier.push(has.call(qualifiers, e) ? qualifiers[e] : '');
      entities.group.push(has.call(piece.group, e) ? piece.group[e] : register + '/' + piece.id[e]);
      entities.page.push(has.call(piece.page, e) ? piece.page[e] : register + '/' + piece.id[e] + '.html');
      var words = nameWords(piece.label[e]);
      if (piece.more[e]) words.push(piece.more[e]);
      entities.words.push(words.join(' '));
    }
    return entities;
  }

  /** The piece whose range holds a key (pieces cut in ranges of keys, each named by its first): the last whose first key is not after it. */
  function pieceOf(firsts, key) {
    var low = 0;
    var high = firsts.length - 1;
    var found = 0;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (firsts[middle] <= key) { found = middle; low = middle + 1; } else high = middle - 1;
    }
    return found;
  }

  /**
   * How many mentioned register entries a word of their names may name and still carry their mentions (below).
   * A word that names more ("of", a common surname) carries none: the snippet pieces of its term would grow with
   * every entry, for queries that seldom ask for it.
   */
  var CARRIED_PER_WORD = 8;

  /**
   * The words that carry register entries, with the entries each carries: every folded word of a mentioned
   * entry's names (entityColumns: words; documents > 0) that names at most CARRIED_PER_WORD mentioned entries.
   * The snippet piece of the term piece where the word's term falls in the collection's main language (its
   * formStemmer) carries each such entry's term with its postings (index-builder.ts, snippetPiece), so that a
   * query of a name word finds the entry's mentions in the one script that brings the word's terms, not in a
   * second one (the entries' terms are a range of their own: '@…'). Map: word → entry indexes, ascending.
   */
  function carryingWords(entities) {
    var named = new Map();
    for (var e = 0; e < entities.words.length; e++) {
      if (!entities.documents[e]) continue;
      var words = entities.words[e].split(' ');
      for (var w = 0; w < words.length; w++) {
        if (!words[w]) continue;
        var list = named.get(words[w]);
        if (!list) named.set(words[w], (list = []));
        if (list[list.length - 1] !== e) list.push(e);
      }
    }
    named.forEach(function (list, word) { if (list.length > CARRIED_PER_WORD) named.delete(word); });
    return named;
  }

  return {
    pieceOf: pieceOf,
    CARRIED_PER_WORD: CARRIED_PER_WORD,
    carryingWords: carryingWords,
    nameWords: nameWords,
    entityColumns: entityColumns,
    PIECE_CHARSET: PIECE_CHARSET,
    pieceBytes: pieceBytes,
    inflateRaw: inflateRaw,
    pieceData: pieceData,
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
    termClue: termClue,
    entityTerm: entityTerm,
    parseQuery: parseQuery,
    phraseOccurrences: phraseOccurrences,
    phraseAt: phraseAt,
    phraseDocuments: phraseDocuments,
    dateNumber: dateNumber,
  };
});
