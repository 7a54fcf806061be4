/**
 * The fast reader of the validator, for the YAML that tools write, with the values `yaml` gives.
 * It takes a file only when nothing in it can make the parsers differ, and otherwise says so
 * (returns undefined) so that the caller parses the file with `yaml`, which stays the reference for
 * values, errors, their line numbers and the safety limits. It reads block-style YAML only (what
 * cdk8s, Helm and kubectl write; `{}` and `[]` as empty values): any flow collection, multi-line
 * quoted scalar, error, anchor or alias, tag, directive, complex or empty key, tab, CR, depth or
 * document count beyond the limits sends the whole file to `yaml`.
 *
 * Each document is read by BlockReader, a reader of that block YAML over the file's lines (about
 * three times faster than js-yaml), and where it meets anything it does not cover (multi-line
 * plain scalars, folded block scalars, keys that resolve to numbers, ...) by js-yaml with the core
 * schema (about ten times faster than `yaml`).
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
/** After the indentation and `- `s: an explicit or empty key, or a null one ('' in `yaml`, 'null' in js-yaml). */
const KEY_AT = /^(?:[?:]|(?:~|null|Null|NULL) *:)(?: |$)/;
/** A line that opens a block scalar (`key: |`, `- >-`, a top-level `|`). */
const BLOCK_HEADER = /(^|[ ])[|>][-+0-9]*( +#.*)?$/;

/**
 * Whether a line can make the parsers differ (see unsafeLine for quotes and flow collections); `col` is where its content
 * starts, `special` whether it holds one of SPECIAL's characters.
 */
function unsafeText(l: string, col: number, special: boolean): boolean {
  if (l.length >= 1000) return true; // implicit keys over 1024 characters are an error in `yaml`
  if (l[0] === '%' || l.startsWith('...')) return true; // directives, document end markers
  const c = l[col];
  if ((c === '?' || c === ':' || c === '~' || c === 'n' || c === 'N') && KEY_AT.test(l.slice(col))) return true;
  if (!special) return false;
  if ((l.includes('!') || l.includes('&') || l.includes('*')) && TAG_ANCHOR_ALIAS.test(l)) return true;
  return (l.includes('"') || l.includes("'") || l.includes('{') || l.includes('[')) && unsafeLine(l);
}

/** The characters unsafeText looks further at (and `#`, for block scalar headers with a comment). */
const SPECIAL = /[!"#&'*[{]/;

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
  // Only null, bool and numbers start with these: everything else is a string at once.
  if (!(c === 0x7e || c === 0x6e || c === 0x4e || c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46 || c === 0x2b || c === 0x2d || c === 0x2e || (c >= 0x30 && c <= 0x39))) return s;
  if (isNull(s)) return null;
  if (isBool(s)) return s[0] === 't' || s[0] === 'T';
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

/**
 * A reader of the block YAML that cdk8s, Helm and kubectl write, for one document of lines that
 * passed the checks of fastDocuments (no tags, anchors, aliases, flow collections other than `{}`
 * and `[]`, tabs, CRs, multi-line quoted scalars): mappings and sequences by indentation (with
 * the sequence under a key at the key's own column), plain, single- and double-quoted scalars on
 * one line, literal block scalars. It gives the values js-yaml gives with the core schema, and
 * for anything else (multi-line plain scalars, folded or kept block scalars, keys that resolve to
 * numbers or booleans, `__proto__`, duplicate keys, any irregular indentation) throws
 * UNSUPPORTED, so that js-yaml reads the document.
 */
class BlockReader {
  private i: number;

  /**
   * `indents[k]`: the spaces before the content of line k, or -1 when it has none (blank, or only
   * a comment), as fastDocuments found them.
   */
  constructor(private readonly lines: readonly string[], private readonly indents: Int32Array, from: number, private readonly to: number) {
    this.i = from;
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

  /** The node that starts at column `col` of the current line; `parent` is the column of what holds it. */
  private node(col: number, parent: number): unknown {
    const l = this.lines[this.i];
    if (l[col] === '-' && (col + 1 === l.length || l[col + 1] === ' ')) return this.sequence(col);
    const end = keyEnd(l, col);
    if (end >= 0) return this.mapping(col, end);
    return this.scalar(l, col, parent);
  }

  private sequence(col: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const l = this.lines[this.i];
      let c = col + 1;
      while (l[c] === ' ') c++;
      if (c >= l.length || l[c] === '#') {
        // The item is on the lines below, or is null.
        this.i++;
        const next = this.nextIndent();
        out.push(next > col ? this.node(next, col) : null);
      } else if (l[c] === '-' && (c + 1 === l.length || l[c + 1] === ' ')) {
        throw UNSUPPORTED; // `- - a`
      } else {
        out.push(this.node(c, col));
      }
      const next = this.nextIndent();
      if (next < col) return out;
      if (next > col) throw UNSUPPORTED;
      const n = this.lines[this.i];
      if (!(n[col] === '-' && (col + 1 === n.length || n[col + 1] === ' '))) return out;
    }
  }

  /** The mapping whose first key starts at `col` of the current line and ends at `end` (its `:`). */
  private mapping(col: number, end: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      const l = this.lines[this.i];
      const key = lastKey;
      // A duplicate (js-yaml and yaml refuse it), or a key Object.prototype has: js-yaml's.
      if (out[key] !== undefined) throw UNSUPPORTED;
      let v = end + 1;
      while (l[v] === ' ') v++;
      if (v >= l.length || l[v] === '#') {
        this.i++;
        const next = this.nextIndent();
        if (next > col) out[key] = this.node(next, col);
        else if (next === col && this.lines[this.i][col] === '-' && (col + 1 === this.lines[this.i].length || this.lines[this.i][col + 1] === ' ')) out[key] = this.sequence(col);
        else out[key] = null;
      } else {
        out[key] = this.scalar(l, v, col);
      }
      const next = this.nextIndent();
      if (next < col) return out;
      if (next > col) throw UNSUPPORTED;
      // The next key (an item at the mapping's own column after an entry is a YAML error, which js-yaml reports).
      end = keyEnd(this.lines[this.i], col);
      if (end < 0) throw UNSUPPORTED;
    }
  }

  /** A scalar starting at `col` of the current line (after a key or a `- `); moves past it. */
  private scalar(l: string, col: number, parent: number): unknown {
    const c = l[col];
    let value: unknown;
    let rest: number;
    if (c === '"') {
      let j = col + 1;
      let escaped = false;
      for (; j < l.length && l[j] !== '"'; j++) {
        if (l[j] === '\\') {
          escaped = true;
          j++;
        }
      }
      if (j >= l.length) throw UNSUPPORTED;
      if (escaped) {
        // JSON's escapes mean the same in YAML; YAML's others (\x, \e, \N, ...) go to js-yaml.
        try {
          value = JSON.parse(l.slice(col, j + 1));
        } catch {
          throw UNSUPPORTED;
        }
      } else {
        value = l.slice(col + 1, j);
      }
      rest = j + 1;
    } else if (c === "'") {
      let j = col + 1;
      for (; j < l.length; j++) {
        if (l[j] === "'") {
          if (l[j + 1] === "'") j++;
          else break;
        }
      }
      if (j >= l.length) throw UNSUPPORTED;
      value = l.slice(col + 1, j).replace(/''/g, "'");
      rest = j + 1;
    } else if (c === '|') {
      return this.literal(l, col, parent);
    } else if (c === '{' || c === '[') {
      const t = trimSpaces(l.slice(col));
      if (t === '{}') value = {};
      else if (t === '[]') value = [];
      else throw UNSUPPORTED;
      rest = l.length;
    } else {
      if (PLAIN_NOT_FIRST.includes(c) || ((c === '-' || c === '?' || c === ':') && (col + 1 === l.length || l[col + 1] === ' '))) throw UNSUPPORTED;
      let end = l.indexOf(' #', col);
      if (end < 0) end = l.length;
      const text = trimSpaces(l.slice(col, end));
      if (text.endsWith(':') || text.includes(': ')) throw UNSUPPORTED;
      value = resolvePlain(text);
      rest = end;
    }
    // After a quoted scalar: only spaces and a comment.
    while (l[rest] === ' ') rest++;
    if (rest < l.length && !(l[rest] === '#' && l[rest - 1] === ' ')) throw UNSUPPORTED;
    // The callers refuse a next line deeper than the parent (a multi-line plain scalar).
    this.i++;
    return value;
  }

  /** A literal block scalar (`|` or `|-`) whose header is at `col`; clip or strip chomping. */
  private literal(l: string, col: number, parent: number): string {
    const header = l.slice(col);
    const strip = header.startsWith('|-');
    if (!LITERAL_HEADER.test(header)) throw UNSUPPORTED; // `|+`, indentation indicators
    this.i++;
    const body: string[] = [];
    let indent = -1;
    for (; this.i < this.to; this.i++) {
      const t = this.lines[this.i];
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

/** What a literal block scalar header may be here: `|` or `|-`, and a comment. */
const LITERAL_HEADER = /^\|-?( +#.*)?$/;
/** Characters that cannot start a plain scalar (or that this reader leaves to js-yaml). */
const PLAIN_NOT_FIRST = '[]{}#&*!|>\'"%@`,';
/**
 * What js-yaml refuses in a stream (control characters, unpaired surrogates), and byte order marks
 * within it: a file with any of them is read by js-yaml, document by document.
 */
// eslint-disable-next-line no-control-regex
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** `s` without trailing spaces (YAML's white space here, where tabs are refused): not JavaScript's trimEnd, which also drops U+2028, NBSP and others. */
function trimSpaces(s: string): string {
  let e = s.length;
  while (e > 0 && s.charCodeAt(e - 1) === 0x20) e--;
  return e === s.length ? s : s.slice(0, e);
}

function indentOf(l: string): number {
  let c = 0;
  while (l.charCodeAt(c) === 0x20) c++;
  return c;
}

/** The key that the last keyEnd found. */
let lastKey = '';

/**
 * Where the `:` of a mapping key starting at `col` is, or -1 when the line has no key there; the
 * key is left in lastKey. Keys that resolve to anything but a string (numbers, booleans, null),
 * quoted keys with escapes, `<<` and `__proto__` throw UNSUPPORTED.
 */
function keyEnd(l: string, col: number): number {
  const c = l[col];
  if (c === '"' || c === "'") {
    const j = l.indexOf(c, col + 1);
    if (j < 0) return -1;
    if (l[j + 1] !== ':') {
      if (c === "'" && l[j + 1] === "'") throw UNSUPPORTED;
      return -1;
    }
    if (j + 2 < l.length && l[j + 2] !== ' ') throw UNSUPPORTED;
    if (c === '"' && l.lastIndexOf('\\', j) > col) throw UNSUPPORTED;
    lastKey = l.slice(col + 1, j);
    if (lastKey === '__proto__') throw UNSUPPORTED;
    return j + 1;
  }
  if (PLAIN_NOT_FIRST.includes(c)) return -1;
  const n = l.length;
  let j = col;
  for (; j < n; j++) {
    const ch = l.charCodeAt(j);
    if (ch === 0x3a) {
      if (j + 1 === n || l.charCodeAt(j + 1) === 0x20) break;
    } else if (ch === 0x23 && j > col && l.charCodeAt(j - 1) === 0x20) return -1; // a comment before any `: `
  }
  if (j === n) return -1;
  const key = trimSpaces(l.slice(col, j));
  if (key === '' || key === '<<' || key === '__proto__' || resolvePlain(key) !== key) throw UNSUPPORTED;
  if ((c === '-' || c === '?' || c === ':') && (col + 1 === n || l[col + 1] === ' ')) throw UNSUPPORTED;
  lastKey = key;
  return j;
}

/** The document's value read by BlockReader, or UNSUPPORTED. */
function readBlock(lines: readonly string[], indents: Int32Array, from: number, to: number): unknown {
  try {
    return new BlockReader(lines, indents, from, to).read();
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
 * Whether `line` holds what the two parsers may read differently: a quoted scalar that runs on
 * to the next line (where those continue is where they differ), something right after a closing
 * quote, or a flow collection other than an empty `{}` or `[]` value (js-yaml accepts flow
 * syntax that `yaml` rejects). Conservative: a quote at the start of a token opens a scalar.
 */
function unsafeLine(line: string): boolean {
  let k = 0;
  while (k < line.length) {
    const c = line[k];
    if (c === '#' && (k === 0 || line[k - 1] === ' ')) return false;
    const tokenStart = k === 0 || line[k - 1] === ' ';
    if ((c === '"' || c === "'") && tokenStart) {
      let j = k + 1;
      for (; j < line.length; j++) {
        if (c === '"' && line[j] === '\\') j++;
        else if (line[j] === c) {
          if (c === "'" && line[j + 1] === "'") j++;
          else break;
        }
      }
      if (j >= line.length) return true;
      const next = line[j + 1];
      if (next !== undefined && next !== ' ' && next !== ':') return true;
      k = j + 1;
    } else if ((c === '{' || c === '[') && tokenStart) {
      const rest = line.slice(k).trimEnd();
      if (rest !== '{}' && rest !== '[]') return true;
      return false;
    } else k++;
  }
  return false;
}

/** A document with content: where its content starts (index in `lines`), or -1 for none. */
function contentLine(lines: readonly string[], from: number, to: number): number {
  for (let k = from; k < to; k++) {
    const l = lines[k];
    const t = l.trimStart();
    if (t !== '' && t[0] !== '#') return k;
  }
  return -1;
}

/**
 * The documents of `text` read with js-yaml, or undefined when the file must be read with `yaml`
 * (see above). `maxDepth` and `maxDocuments` are the caller's limits: beyond them, undefined too.
 */
export function fastDocuments(text: string, maxDepth: number, maxDocuments: number): FastDocument[] | undefined {
  if (text.includes('\t') || text.includes('\r')) return undefined; // where tabs are allowed differs; CR line ends
  const lines = text.split('\n');
  const block = !NON_PRINTABLE.test(text);
  // Each `---` line starts a document; the text before the first one is a document when it has content.
  const starts: number[] = [];
  // The deepest column of content per document: block nesting needs a column per level (a
  // sequence under a key two levels per two columns), so a document whose content stays left of
  // maxDepth - 8 cannot be nested beyond maxDepth and is not walked for it.
  const deepest: number[] = [0];
  // The indentation of each line with content, -1 for blank and comment lines (for BlockReader).
  const indents = new Int32Array(lines.length);
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k];
    let col = 0;
    while (l.charCodeAt(col) === 0x20) col++;
    indents[k] = col === l.length || l.charCodeAt(col) === 0x23 ? -1 : col;
    while (l[col] === ' ' || (l[col] === '-' && (l[col + 1] === ' ' || col + 1 === l.length))) col++;
    if (col > deepest[deepest.length - 1]) deepest[deepest.length - 1] = col;
    const last = l.charCodeAt(l.length - 1);
    const special = SPECIAL.test(l);
    if ((last === 0x7c || last === 0x3e || last === 0x2d || last === 0x2b || (special && l.includes('#'))) && BLOCK_HEADER.test(l)) {
      // A block scalar: its lines must be indented more than its key (or `-`): where they are
      // not, or an indentation indicator is given, the parsers differ.
      if (/[|>][-+]?[0-9]/.test(l)) return undefined;
      let next = k + 1;
      while (next < lines.length && lines[next].trim() === '') next++;
      if (next < lines.length && lines[next].length - lines[next].trimStart().length <= col) return undefined;
    }
    if (l.startsWith('---')) {
      // A document start; content on its line (or `---` glued to more) goes to `yaml`.
      if (l.length > 3 && !/^---( +(#.*)?)?$/.test(l)) return undefined;
      starts.push(k);
      deepest.push(0);
    } else if (unsafeText(l, col, special)) return undefined;
  }
  const bounds: [number, number][] = [];
  const columns: number[] = [];
  if (contentLine(lines, 0, starts[0] ?? lines.length) >= 0) {
    bounds.push([0, starts[0] ?? lines.length]);
    columns.push(deepest[0]);
  }
  starts.forEach((s, k) => {
    bounds.push([s, starts[k + 1] ?? lines.length]);
    columns.push(deepest[k + 1]);
  });
  if (bounds.length > maxDocuments) return undefined;
  const out: FastDocument[] = [];
  // Offsets of line starts, to slice each document's text.
  const offsets = new Array<number>(lines.length + 1);
  offsets[0] = 0;
  for (let k = 0; k < lines.length; k++) offsets[k + 1] = offsets[k] + lines[k].length + 1;
  for (let i = 0; i < bounds.length; i++) {
    const [from, to] = bounds[i];
    const docText = text.slice(offsets[from], Math.min(offsets[to], text.length));
    const first = contentLine(lines, lines[from].startsWith('---') ? from + 1 : from, to);
    let value = block ? readBlock(lines, indents, lines[from].startsWith('---') ? from + 1 : from, to) : UNSUPPORTED;
    if (value === UNSUPPORTED) {
      blockReaderStats.handedOver++;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const jsyaml = require('js-yaml') as typeof JsYaml;
      schema ??= coreSchema(jsyaml);
      try {
        value = jsyaml.load(docText, { schema });
      } catch {
        return undefined;
      }
    } else blockReaderStats.read++;
    if (columns[i] + 8 >= maxDepth && depthOf(value) > maxDepth) return undefined;
    out.push({ index: i, line: first >= 0 ? first + 1 : from + 1, text: docText, firstLine: from + 1, value });
  }
  return out;
}
