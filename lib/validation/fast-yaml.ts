/**
 * The fast reader of the validator, for the YAML that tools write, with the values `yaml` gives.
 * It takes a file only when nothing in it can make the parsers differ, and otherwise says so
 * (returns false) so that the caller parses the file with `yaml`, which stays the reference for
 * values, errors, their line numbers and the safety limits. It reads block-style YAML only (what
 * cdk8s, Helm and kubectl write; `{}` and `[]` as empty values): any flow collection, multi-line
 * quoted scalar, error, anchor or alias, tag, directive, complex or empty key, tab, CR, depth or
 * document count beyond the limits sends the whole file to `yaml`.
 *
 * Each document is read by BlockReader, a reader of that block YAML over the file's text (about
 * three times faster than js-yaml), and where it meets anything it does not cover (multi-line
 * plain scalars, folded block scalars, keys that resolve to numbers, ...) by js-yaml with the core
 * schema (about ten times faster than `yaml`). Lines are offsets into the text, not strings: the
 * checks and the reader look at characters, and slice only the keys and values they keep.
 *
 * Documents start at `---` lines: YAML forbids `---` at the start of a line inside content, so
 * splitting there is exact, and a document's line is that of its first line of content, which is
 * where `yaml` puts the start of the document's contents.
 */
import type * as JsYaml from 'js-yaml';

/** One document of the file: its index, the 1-based line of its content, its text. */
export interface FastDocument {
  readonly index: number;
  readonly line: number;
  /** The document's text (from its `---` line, if any), for a caller that parses it with `yaml`. */
  readonly text: string;
  /** The first line of `text` in the file (1-based). */
  readonly firstLine: number;
  readonly value: unknown;
}

/**
 * Anything on a line that makes js-yaml and `yaml` (YAML 1.2 core schema, unique keys) differ, or
 * moves positions: tags, anchors and aliases; explicit (complex) keys; empty keys ('' in `yaml`,
 * 'null' in js-yaml). Tested only on lines holding one of their characters.
 */
const TAG_ANCHOR_ALIAS = /(^|\s)[!&*]/;
/** A line that opens a block scalar (`key: |`, `- >-`, a top-level `|`). */
const BLOCK_HEADER = /(^|[ ])[|>][-+0-9]*( +#.*)?$/;

let schema: JsYaml.Schema | undefined;

const OCT = /^0o[0-7]+$/;
const DEC = /^[-+]?[0-9]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const NAN_INF = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const NUMERIC_START = /^[-+.0-9]/;

const isNull = (s: string) => s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL';
const isBool = (s: string) => s === 'true' || s === 'True' || s === 'TRUE' || s === 'false' || s === 'False' || s === 'FALSE';
// Cheap first-character tests before the patterns: most scalars are names and images.
const isInt = (s: string) => NUMERIC_START.test(s) && (OCT.test(s) || DEC.test(s) || HEX.test(s));
const toInt = (s: string) => (OCT.test(s) ? parseInt(s.substring(2), 8) : DEC.test(s) ? parseInt(s, 10) : parseInt(s.substring(2), 16));
const isFloat = (s: string) => NUMERIC_START.test(s) && (NAN_INF.test(s) || EXP.test(s) || FLOAT.test(s));
const toFloat = (s: string) => (NAN_INF.test(s) ? (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity) : parseFloat(s));

/** A plain scalar's value under the core schema, in the order of the schema below. */
function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  if (c === 0x7e || c === 0x6e || c === 0x4e || c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46) {
    // `~`, n, N, t, T, f, F: only null and bool start so, and none is longer than `false`.
    if (s.length > 5) return s;
    if (isNull(s)) return null;
    if (isBool(s)) return c === 0x74 || c === 0x54;
    return s;
  }
  // Only numbers start with these: everything else is a string at once.
  if (!(c === 0x2b || c === 0x2d || c === 0x2e || (c >= 0x30 && c <= 0x39))) return s;
  if (c >= 0x30 && c <= 0x39) {
    // Digits only (the commonest number): DEC's integer, without the patterns.
    let k = 1;
    while (k < s.length && s.charCodeAt(k) >= 0x30 && s.charCodeAt(k) <= 0x39) k++;
    if (k === s.length) return parseInt(s, 10);
  }
  if (isInt(s)) return toInt(s);
  if (isFloat(s)) return toFloat(s);
  return s;
}

/**
 * The YAML 1.2 core schema as `yaml` resolves plain scalars: its patterns, in its order, and its
 * conversions (js-yaml keeps one implicit type per tag, so the int and float forms share one).
 */
function coreSchema(jsyaml: typeof JsYaml): JsYaml.Schema {
  const type = (tag: string, resolve: (s: string) => boolean, construct: (s: string) => unknown) =>
    new jsyaml.Type(`tag:yaml.org,2002:${tag}`, { kind: 'scalar', resolve: (s: string | null) => s !== null && resolve(s), construct });
  return jsyaml.FAILSAFE_SCHEMA.extend({
    implicit: [
      new jsyaml.Type('tag:yaml.org,2002:null', { kind: 'scalar', resolve: (s: string | null) => s === null || isNull(s), construct: () => null }),
      type('bool', isBool, (s) => s[0] === 't' || s[0] === 'T'),
      type('int', isInt, toInt),
      type('float', isFloat, toFloat),
    ],
  });
}

/** What the block reader gives up with: the document is read by js-yaml instead. */
const UNSUPPORTED: unique symbol = Symbol('unsupported');

/** The characters that cannot start a plain scalar (or that this reader leaves to js-yaml), by code. */
const PLAIN_NOT_FIRST = new Uint8Array(128);
for (const c of '[]{}#&*!|>\'"%@`,') PLAIN_NOT_FIRST[c.charCodeAt(0)] = 1;
const notPlainFirst = (c: number) => c < 128 && PLAIN_NOT_FIRST[c] === 1;

/** What a literal block scalar header may be here: `|` or `|-`, and a comment. */
const LITERAL_HEADER = /^\|-?( +#.*)?$/;

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;

/**
 * The text of a file cut into lines without making a string per line: line k is
 * `text.slice(starts[k], ends[k])` (without its `\n`). The reader slices only the keys and
 * values it keeps. (Reusing the strings of keys met before costs more than it saves: V8 turns a
 * property key into the one string it keeps for those characters, natively.)
 */
class Lines {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /**
   * `indents[k]`: the spaces before the content of line k, or -1 when it has none (blank, or only
   * a comment), as readFastDocuments finds them.
   */
  readonly indents: Int32Array;
  /**
   * `firstSpecial[k]`: where the first of SPECIAL's characters is in line k (its column), or -1
   * when it has none (see markSpecialLines). A line without any has no comment, quote, flow
   * collection, tag, anchor or alias: the checks pass it at once, and the reader finds its `: `
   * by searching for `:` alone.
   */
  readonly firstSpecial: Int32Array;
  readonly count: number;

  constructor(readonly text: string) {
    // One search for the line ends, into arrays that grow as needed (from a guess of 25 characters a line).
    let ends = new Int32Array(Math.max(16, (text.length / 25) | 0));
    let count = 0;
    for (let p = text.indexOf('\n'); ; p = text.indexOf('\n', p + 1)) {
      if (count === ends.length) {
        const grown = new Int32Array(ends.length * 2);
        grown.set(ends);
        ends = grown;
      }
      ends[count++] = p < 0 ? text.length : p;
      if (p < 0) break;
    }
    this.count = count;
    this.ends = ends.subarray(0, count);
    this.starts = new Int32Array(count);
    for (let k = 1; k < count; k++) this.starts[k] = this.ends[k - 1] + 1;
    this.indents = new Int32Array(count);
    this.firstSpecial = new Int32Array(count).fill(-1);
  }

  line(k: number): string {
    return this.text.slice(this.starts[k], this.ends[k]);
  }
}

/**
 * A reader of the block YAML that cdk8s, Helm and kubectl write, for one document of lines that
 * passed the checks of readFastDocuments (no tags, anchors, aliases, flow collections other than `{}`
 * and `[]`, tabs, CRs, multi-line quoted scalars): mappings and sequences by indentation (with
 * the sequence under a key at the key's own column), plain, single- and double-quoted scalars on
 * one line, literal block scalars. It gives the values js-yaml gives with the core schema, and
 * for anything else (multi-line plain scalars, folded or kept block scalars, keys that resolve to
 * numbers or booleans, `__proto__`, duplicate keys, any irregular indentation) throws
 * UNSUPPORTED, so that js-yaml reads the document. Positions are offsets into the file's text.
 */
class BlockReader {
  private i: number;
  private readonly text: string;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly indents: Int32Array;
  private readonly firstSpecial: Int32Array;
  /** The key that the last keyEnd found. */
  private key = '';

  constructor(private readonly lines: Lines, from: number, private readonly to: number) {
    this.i = from;
    this.text = lines.text;
    this.starts = lines.starts;
    this.ends = lines.ends;
    this.indents = lines.indents;
    this.firstSpecial = lines.firstSpecial;
  }

  /** The document's value (undefined for a document without content). */
  read(): unknown {
    this.skip();
    if (this.i >= this.to) return undefined;
    const value = this.node(this.indents[this.i], -1);
    this.skip();
    if (this.i < this.to) throw UNSUPPORTED;
    return value;
  }

  /** Moves to the next line with content (not blank, not only a comment). */
  private skip(): void {
    while (this.i < this.to && this.indents[this.i] < 0) this.i++;
  }

  /** The indentation of the current line with content, or -1 at the end of the document. */
  private nextIndent(): number {
    this.skip();
    return this.i < this.to ? this.indents[this.i] : -1;
  }

  /** Whether a `-` followed by a space or the line's end is at offset p of a line ending at e. */
  private dashAt(p: number, e: number): boolean {
    return this.text.charCodeAt(p) === DASH && (p + 1 === e || this.text.charCodeAt(p + 1) === SPACE);
  }

  /** The node that starts at column `col` of the current line; `parent` is the column of what holds it. */
  private node(col: number, parent: number): unknown {
    const s = this.starts[this.i];
    const e = this.ends[this.i];
    if (this.dashAt(s + col, e)) return this.sequence(col);
    const end = this.keyEnd(s + col, e);
    if (end >= 0) return this.mapping(col, end);
    return this.scalar(s + col, e, parent);
  }

  private sequence(col: number): unknown[] {
    const text = this.text;
    const out: unknown[] = [];
    for (;;) {
      const s = this.starts[this.i];
      const e = this.ends[this.i];
      let c = s + col + 1;
      while (c < e && text.charCodeAt(c) === SPACE) c++;
      if (c >= e || text.charCodeAt(c) === HASH) {
        // The item is on the lines below, or is null.
        this.i++;
        const next = this.nextIndent();
        out.push(next > col ? this.node(next, col) : null);
      } else if (this.dashAt(c, e)) {
        throw UNSUPPORTED; // `- - a`
      } else {
        out.push(this.node(c - s, col));
      }
      const next = this.nextIndent();
      if (next < col) return out;
      if (next > col) throw UNSUPPORTED;
      if (!this.dashAt(this.starts[this.i] + col, this.ends[this.i])) return out;
    }
  }

  /** The mapping whose first key starts at `col` of the current line and ends at offset `end` (its `:`). */
  private mapping(col: number, end: number): Record<string, unknown> {
    const text = this.text;
    const out: Record<string, unknown> = {};
    for (;;) {
      const e = this.ends[this.i];
      const key = this.key;
      // A duplicate (js-yaml and yaml refuse it), or a key Object.prototype has: js-yaml's.
      if (out[key] !== undefined) throw UNSUPPORTED;
      let v = end + 1;
      while (v < e && text.charCodeAt(v) === SPACE) v++;
      if (v >= e || text.charCodeAt(v) === HASH) {
        this.i++;
        const next = this.nextIndent();
        if (next > col) out[key] = this.node(next, col);
        else if (next === col && this.dashAt(this.starts[this.i] + col, this.ends[this.i])) out[key] = this.sequence(col);
        else out[key] = null;
      } else {
        out[key] = this.scalar(v, e, col);
      }
      const next = this.nextIndent();
      if (next < col) return out;
      if (next > col) throw UNSUPPORTED;
      // The next key (an item at the mapping's own column after an entry is a YAML error, which js-yaml reports).
      end = this.keyEnd(this.starts[this.i] + col, this.ends[this.i]);
      if (end < 0) throw UNSUPPORTED;
    }
  }

  /**
   * Where the `:` of a mapping key starting at offset p (of a line ending at e) is, or -1 when the
   * line has no key there; the key is left in `this.key`. Keys that resolve to anything but a
   * string (numbers, booleans, null), quoted keys with escapes, `<<` and `__proto__` throw UNSUPPORTED.
   */
  private keyEnd(p: number, e: number): number {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === 0x22 || c === 0x27) {
      let j = p + 1;
      while (j < e && text.charCodeAt(j) !== c) j++;
      if (j >= e) return -1;
      if (text.charCodeAt(j + 1) !== COLON || j + 1 >= e) {
        if (c === 0x27 && j + 1 < e && text.charCodeAt(j + 1) === 0x27) throw UNSUPPORTED;
        return -1;
      }
      if (j + 2 < e && text.charCodeAt(j + 2) !== SPACE) throw UNSUPPORTED;
      if (c === 0x22) for (let b = p + 1; b < j; b++) if (text.charCodeAt(b) === 0x5c) throw UNSUPPORTED;
      const key = this.text.slice(p + 1, j);
      if (key === '__proto__') throw UNSUPPORTED;
      this.key = key;
      return j + 1;
    }
    if (notPlainFirst(c)) return -1;
    let j: number;
    if (this.firstSpecial[this.i] < 0) {
      // No `#` on the line: the key ends at its first `: ` or final `:`.
      j = mappingColon(text, p, e);
      if (j < 0) return -1;
    } else {
      for (j = p; j < e; j++) {
        const ch = text.charCodeAt(j);
        if (ch === COLON) {
          if (j + 1 === e || text.charCodeAt(j + 1) === SPACE) break;
        } else if (ch === HASH && j > p && text.charCodeAt(j - 1) === SPACE) return -1; // a comment before any `: `
      }
      if (j === e) return -1;
    }
    const key = this.text.slice(p, spacesStart(text, p, j));
    if (key === '' || key === '<<' || key === '__proto__' || resolvePlain(key) !== key) throw UNSUPPORTED;
    if ((c === DASH || c === 0x3f || c === COLON) && (p + 1 === e || text.charCodeAt(p + 1) === SPACE)) throw UNSUPPORTED;
    this.key = key;
    return j;
  }

  /** A scalar starting at offset p of the current line, which ends at e (after a key or a `- `); moves past it. */
  private scalar(p: number, e: number, parent: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(p);
    let value: unknown;
    let rest: number;
    if (c === 0x22) {
      let j = p + 1;
      let escaped = false;
      for (; j < e && text.charCodeAt(j) !== 0x22; j++) {
        if (text.charCodeAt(j) === 0x5c) {
          escaped = true;
          j++;
        }
      }
      if (j >= e) throw UNSUPPORTED;
      if (escaped) {
        // JSON's escapes mean the same in YAML; YAML's others (\x, \e, \N, ...) go to js-yaml.
        try {
          value = JSON.parse(text.slice(p, j + 1));
        } catch {
          throw UNSUPPORTED;
        }
      } else {
        value = this.text.slice(p + 1, j);
      }
      rest = j + 1;
    } else if (c === 0x27) {
      let j = p + 1;
      let doubled = false;
      for (; j < e; j++) {
        if (text.charCodeAt(j) === 0x27) {
          if (j + 1 < e && text.charCodeAt(j + 1) === 0x27) {
            doubled = true;
            j++;
          } else break;
        }
      }
      if (j >= e) throw UNSUPPORTED;
      value = doubled ? text.slice(p + 1, j).replace(/''/g, "'") : this.text.slice(p + 1, j);
      rest = j + 1;
    } else if (c === 0x7c) {
      return this.literal(p, e, parent);
    } else if (c === 0x7b || c === 0x5b) {
      const t = text.slice(p, spacesStart(text, p, e));
      if (t === '{}') value = {};
      else if (t === '[]') value = [];
      else throw UNSUPPORTED;
      rest = e;
    } else {
      if (notPlainFirst(c) || ((c === DASH || c === 0x3f || c === COLON) && (p + 1 === e || text.charCodeAt(p + 1) === SPACE))) throw UNSUPPORTED;
      // The scalar ends at a ` #` (a comment) or the line's end, without its trailing spaces; a
      // `: ` in it or a `:` at its end is a mapping (js-yaml's to read).
      let end = e;
      if (this.firstSpecial[this.i] < 0) {
        // No `#` on the line: the scalar runs to its end.
        if (mappingColon(text, p + 1, e) >= 0) throw UNSUPPORTED;
      } else {
        for (let q = p + 1; q < e; q++) {
          const ch = text.charCodeAt(q);
          if (ch === HASH && text.charCodeAt(q - 1) === SPACE) {
            end = q - 1;
            break;
          }
          if (ch === COLON && (q + 1 === e || text.charCodeAt(q + 1) === SPACE)) throw UNSUPPORTED;
        }
      }
      rest = end;
      value = resolvePlain(text.slice(p, spacesStart(text, p, end)));
    }
    // After a quoted scalar: only spaces and a comment.
    while (rest < e && text.charCodeAt(rest) === SPACE) rest++;
    if (rest < e && !(text.charCodeAt(rest) === HASH && text.charCodeAt(rest - 1) === SPACE)) throw UNSUPPORTED;
    // The callers refuse a next line deeper than the parent (a multi-line plain scalar).
    this.i++;
    return value;
  }

  /** A literal block scalar (`|` or `|-`) whose header is at offset p of a line ending at e; clip or strip chomping. */
  private literal(p: number, e: number, parent: number): string {
    const header = this.text.slice(p, e);
    const strip = header.startsWith('|-');
    if (!LITERAL_HEADER.test(header)) throw UNSUPPORTED; // `|+`, indentation indicators
    this.i++;
    const body: string[] = [];
    let indent = -1;
    for (; this.i < this.to; this.i++) {
      const t = this.lines.line(this.i);
      const ind = indentOf(t);
      if (ind === t.length) {
        // An empty line (spaces only): part of the scalar unless it ends it.
        if (indent < 0 ? t.length > 0 : t.length > indent) throw UNSUPPORTED;
        body.push('');
        continue;
      }
      if (indent < 0) {
        if (ind <= parent) break;
        indent = ind;
      } else if (ind < indent) break;
      body.push(t.slice(indent));
    }
    if (indent < 0) throw UNSUPPORTED; // an empty block scalar
    while (body.length && body[body.length - 1] === '') body.pop();
    // The next content line must belong to the parent (checked by the callers: not deeper).
    return strip ? body.join('\n') : `${body.join('\n')}\n`;
  }
}

/**
 * What js-yaml refuses in a stream (control characters, unpaired surrogates), and byte order marks
 * within it: a file with any of them is read by js-yaml, document by document. NOT_PRINTABLE_ASCII
 * is the control characters of an ASCII text without tabs and CRs, as a negated class (which
 * V8 searches faster).
 */
const NOT_PRINTABLE_ASCII = /[^\n\x20-\x7E]/;
// eslint-disable-next-line no-control-regex
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/**
 * Where the spaces that end `text.slice(from, to)` start (`to` when there are none): YAML's white
 * space here, where tabs are refused; not JavaScript's trimEnd, which also drops U+2028, NBSP and others.
 */
function spacesStart(text: string, from: number, to: number): number {
  while (to > from && text.charCodeAt(to - 1) === SPACE) to--;
  return to;
}

/**
 * The first `:` in `text.slice(from, to)` that a space or `to` follows (what ends a mapping key),
 * or -1; found with indexOf, which reads characters natively.
 */
function mappingColon(text: string, from: number, to: number): number {
  for (let j = text.indexOf(':', from); j >= 0 && j < to; j = text.indexOf(':', j + 1)) {
    if (j + 1 === to || text.charCodeAt(j + 1) === SPACE) return j;
  }
  return -1;
}

function indentOf(l: string): number {
  let c = 0;
  while (l.charCodeAt(c) === SPACE) c++;
  return c;
}

/** The document's value read by BlockReader, or UNSUPPORTED. */
function readBlock(lines: Lines, from: number, to: number): unknown {
  try {
    return new BlockReader(lines, from, to).read();
  } catch (e) {
    if (e === UNSUPPORTED) return UNSUPPORTED;
    throw e;
  }
}

/** How often the block reader handed a document to js-yaml (for the tests). */
export const blockReaderStats = { read: 0, handedOver: 0 };

/** The deepest nesting of `value`, without recursion. */
function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) max = depth;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return max;
}

/**
 * Whether `line` holds what the two parsers may read differently (looking from column `from`, its
 * first quote, bracket or brace, or anything before it): a quoted scalar that runs on
 * to the next line (where those continue is where they differ), something right after a closing
 * quote, or a flow collection other than an empty `{}` or `[]` value (js-yaml accepts flow
 * syntax that `yaml` rejects). Conservative: a quote at the start of a token opens a scalar.
 */
function unsafeLine(line: string, from: number): boolean {
  const n = line.length;
  let k = from;
  while (k < n) {
    const c = line.charCodeAt(k);
    const tokenStart = k === 0 || line.charCodeAt(k - 1) === SPACE;
    if (c === HASH && tokenStart) return false;
    if ((c === 0x22 || c === 0x27) && tokenStart) {
      let j = k + 1;
      for (; j < n; j++) {
        const d = line.charCodeAt(j);
        if (c === 0x22 && d === 0x5c) j++;
        else if (d === c) {
          if (c === 0x27 && line.charCodeAt(j + 1) === 0x27) j++;
          else break;
        }
      }
      if (j >= n) return true;
      if (j + 1 < n && line.charCodeAt(j + 1) !== SPACE && line.charCodeAt(j + 1) !== COLON) return true;
      k = j + 1;
    } else if ((c === 0x7b || c === 0x5b) && tokenStart) {
      const rest = line.slice(k).trimEnd();
      return rest !== '{}' && rest !== '[]';
    } else k++;
  }
  return false;
}

/**
 * Whether an explicit or empty key, or a null one ('' in `yaml`, 'null' in js-yaml), starts at
 * offset p of a line ending at e (after its indentation and `- `s): `? `, `: `, `~:`, `null :`.
 */
function keyAt(text: string, p: number, e: number): boolean {
  const c = text.charCodeAt(p);
  let q: number;
  if (c === 0x3f || c === COLON) q = p + 1;
  else {
    if (c === 0x7e) q = p + 1;
    else if ((text.charCodeAt(p + 1) | 0x20) === 0x75 && (text.startsWith('null', p) || text.startsWith('Null', p) || text.startsWith('NULL', p))) q = p + 4;
    else return false;
    while (q < e && text.charCodeAt(q) === SPACE) q++;
    if (q >= e || text.charCodeAt(q) !== COLON) return false;
    q++;
  }
  return q === e || text.charCodeAt(q) === SPACE;
}

/** The characters after which readFastDocuments looks further at a line (and `#`, for block scalar headers with a comment). */
const SPECIAL = /[!"#&'*[{]/g;

/**
 * Whether line k can make the parsers differ (see unsafeLine for quotes and flow collections);
 * `col` is where its content starts, `first` the column of its first SPECIAL character (or -1).
 */
function unsafeText(lines: Lines, k: number, col: number, first: number): boolean {
  const text = lines.text;
  const s = lines.starts[k];
  const e = lines.ends[k];
  if (e - s >= 1000) return true; // implicit keys over 1024 characters are an error in `yaml`
  if (e === s) return false;
  const c0 = text.charCodeAt(s);
  if (c0 === 0x25 || (c0 === 0x2e && text.startsWith('...', s))) return true; // directives, document end markers
  if (s + col >= e) return false;
  const c = text.charCodeAt(s + col);
  if ((c === 0x3f || c === COLON || c === 0x7e || c === 0x6e || c === 0x4e) && keyAt(text, s + col, e)) return true;
  if (first < 0) return false;
  const l = lines.line(k);
  if ((l.includes('!') || l.includes('&') || l.includes('*')) && TAG_ANCHOR_ALIAS.test(l)) return true;
  return (l.includes('"') || l.includes("'") || l.includes('{') || l.includes('[')) && unsafeLine(l, first);
}

/** A document with content: where its content starts (index of its line), or -1 for none. */
function contentLine(lines: Lines, from: number, to: number): number {
  for (let k = from; k < to; k++) {
    const t = lines.line(k).trimStart();
    if (t !== '' && t[0] !== '#') return k;
  }
  return -1;
}

/** Whether line k starts with `---`. */
const isMarker = (lines: Lines, k: number) => lines.text.charCodeAt(lines.starts[k]) === DASH && lines.text.startsWith('---', lines.starts[k]);

/** Sets `lines.firstSpecial` (one search over the text, a match per line). */
function markSpecialLines(lines: Lines): void {
  const { text, starts, ends, firstSpecial } = lines;
  SPECIAL.lastIndex = 0;
  for (let k = 0, m = SPECIAL.exec(text); m !== null; m = SPECIAL.exec(text)) {
    while (ends[k] < m.index) k++;
    firstSpecial[k] = m.index - starts[k];
    SPECIAL.lastIndex = ends[k] + 1;
  }
}

/**
 * Whether `text`, which has no tab or CR, has none of what js-yaml refuses (NON_PRINTABLE). A
 * text whose UTF-8 is as long as the text is all ASCII: only its control characters need looking for.
 */
function printable(text: string): boolean {
  return Buffer.byteLength(text, 'utf8') === text.length ? !NOT_PRINTABLE_ASCII.test(text) : !NON_PRINTABLE.test(text);
}

/**
 * Checks every line (see unsafeText and the block scalar headers) and sets `lines.indents`;
 * returns the lines that start documents (`---`) and the deepest column of content per document
 * (the first for the text before the first `---`), or undefined when the file must go to `yaml`.
 */
function scanLines(lines: Lines): { docStarts: number[]; deepest: number[] } | undefined {
  const { text, starts, ends, indents, firstSpecial } = lines;
  const count = lines.count;
  // Each `---` line starts a document; the text before the first one is a document when it has content.
  const docStarts: number[] = [];
  // The deepest column of content per document: block nesting needs a column per level (a
  // sequence under a key two levels per two columns), so a document whose content stays left of
  // maxDepth - 8 cannot be nested beyond maxDepth and is not walked for it.
  const deepest: number[] = [0];
  for (let k = 0; k < count; k++) {
    const s = starts[k];
    const len = ends[k] - s;
    let col = 0;
    while (col < len && text.charCodeAt(s + col) === SPACE) col++;
    indents[k] = col === len || text.charCodeAt(s + col) === HASH ? -1 : col;
    while (col < len) {
      const c = text.charCodeAt(s + col);
      if (c === SPACE || (c === DASH && (col + 1 === len || text.charCodeAt(s + col + 1) === SPACE))) col++;
      else break;
    }
    if (col > deepest[deepest.length - 1]) deepest[deepest.length - 1] = col;
    const last = len > 0 ? text.charCodeAt(s + len - 1) : -1;
    const first = firstSpecial[k];
    const sp = first >= 0;
    const headerEnd = last === 0x7c || last === 0x3e || last === DASH || last === 0x2b;
    if ((headerEnd || sp) && (headerEnd || lines.line(k).includes('#')) && BLOCK_HEADER.test(lines.line(k))) {
      // A block scalar: its lines must be indented more than its key (or `-`): where they are
      // not, or an indentation indicator is given, the parsers differ.
      if (/[|>][-+]?[0-9]/.test(lines.line(k))) return undefined;
      let next = k + 1;
      while (next < count && lines.line(next).trim() === '') next++;
      if (next < count) {
        const n = lines.line(next);
        if (n.length - n.trimStart().length <= col) return undefined;
      }
    }
    if (isMarker(lines, k)) {
      // A document start; content on its line (or `---` glued to more) goes to `yaml`.
      if (len > 3 && !/^---( +(#.*)?)?$/.test(lines.line(k))) return undefined;
      docStarts.push(k);
      deepest.push(0);
    } else if (unsafeText(lines, k, col, first)) return undefined;
  }
  return { docStarts, deepest };
}

/**
 * Reads the documents of `text`, handing each to `visit` as soon as it is read (so that a caller
 * need not hold them all), and says whether the file could be read. `maxDepth` and
 * `maxDocuments` are the caller's limits. False means the file must be read with `yaml` (see
 * above): the checks refuse it before any document is handed over, but a document
 * deeper than `maxDepth`, or one that js-yaml refuses, ends the reading after the documents
 * before it were handed over, and the caller drops those.
 */
export function readFastDocuments(text: string, maxDepth: number, maxDocuments: number, visit: (d: FastDocument) => void): boolean {
  if (text.includes('\t') || text.includes('\r')) return false; // where tabs are allowed differs; CR line ends
  const lines = new Lines(text);
  const { starts } = lines;
  const count = lines.count;
  markSpecialLines(lines);
  const block = printable(text);
  const scanned = scanLines(lines);
  if (!scanned) return false;
  const { docStarts, deepest } = scanned;
  const bounds: [number, number][] = [];
  const columns: number[] = [];
  if (contentLine(lines, 0, docStarts[0] ?? count) >= 0) {
    bounds.push([0, docStarts[0] ?? count]);
    columns.push(deepest[0]);
  }
  docStarts.forEach((s, k) => {
    bounds.push([s, docStarts[k + 1] ?? count]);
    columns.push(deepest[k + 1]);
  });
  if (bounds.length > maxDocuments) return false;
  for (let i = 0; i < bounds.length; i++) {
    const [from, to] = bounds[i];
    const docText = text.slice(starts[from], to < count ? starts[to] : text.length);
    const body = isMarker(lines, from) ? from + 1 : from;
    const first = contentLine(lines, body, to);
    let value = block ? readBlock(lines, body, to) : UNSUPPORTED;
    if (value === UNSUPPORTED) {
      blockReaderStats.handedOver++;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const jsyaml = require('js-yaml') as typeof JsYaml;
      schema ??= coreSchema(jsyaml);
      try {
        value = jsyaml.load(docText, { schema });
      } catch {
        return false;
      }
    } else blockReaderStats.read++;
    if (columns[i] + 8 >= maxDepth && depthOf(value) > maxDepth) return false;
    visit({ index: i, line: first >= 0 ? first + 1 : from + 1, text: docText, firstLine: from + 1, value });
  }
  return true;
}
