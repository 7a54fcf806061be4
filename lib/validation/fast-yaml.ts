/**
 * The fast reader of the validator: js-yaml (about ten times faster than `yaml`) on the YAML that
 * tools write, with the values `yaml` gives. It takes a file only when nothing in it can make the
 * two parsers differ, and otherwise says so (returns undefined) so that the caller parses the
 * file with `yaml`, which stays the reference for values, errors, their line numbers and the
 * safety limits. It reads block-style YAML only (what cdk8s, Helm and kubectl write; `{}` and `[]`
 * as empty values): any flow collection, multi-line quoted scalar, error, anchor or alias,
 * tag, directive, complex or empty key, tab, CR, depth or document count beyond the limits sends
 * the whole file to `yaml`.
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

/** Whether a line can make the parsers differ (see unsafeLine for quotes and flow collections); `col` is where its content starts. */
function unsafeText(l: string, col: number): boolean {
  if (l.length >= 1000) return true; // implicit keys over 1024 characters are an error in `yaml`
  if (l[0] === '%' || l.startsWith('...')) return true; // directives, document end markers
  if ((l.includes('!') || l.includes('&') || l.includes('*')) && TAG_ANCHOR_ALIAS.test(l)) return true;
  const c = l[col];
  if ((c === '?' || c === ':' || c === '~' || c === 'n' || c === 'N') && KEY_AT.test(l.slice(col))) return true;
  return (l.includes('"') || l.includes("'") || l.includes('{') || l.includes('[')) && unsafeLine(l);
}

let schema: JsYaml.Schema | undefined;

/**
 * The YAML 1.2 core schema as `yaml` resolves plain scalars: its patterns, in its order, and its
 * conversions (js-yaml keeps one implicit type per tag, so the int and float forms share one).
 */
function coreSchema(jsyaml: typeof JsYaml): JsYaml.Schema {
  const OCT = /^0o[0-7]+$/;
  const DEC = /^[-+]?[0-9]+$/;
  const HEX = /^0x[0-9a-fA-F]+$/;
  const NAN_INF = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
  const EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
  const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
  const NUMERIC_START = /^[-+.0-9]/;
  const type = (tag: string, resolve: (s: string) => boolean, construct: (s: string) => unknown) =>
    new jsyaml.Type(`tag:yaml.org,2002:${tag}`, { kind: 'scalar', resolve: (s: string | null) => s !== null && resolve(s), construct });
  return jsyaml.FAILSAFE_SCHEMA.extend({
    implicit: [
      new jsyaml.Type('tag:yaml.org,2002:null', { kind: 'scalar', resolve: (s: string | null) => s === null || s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL', construct: () => null }),
      type('bool', (s) => s === 'true' || s === 'True' || s === 'TRUE' || s === 'false' || s === 'False' || s === 'FALSE', (s) => s[0] === 't' || s[0] === 'T'),
      // Cheap first-character tests before the patterns: most scalars are names and images.
      type('int', (s) => NUMERIC_START.test(s) && (OCT.test(s) || DEC.test(s) || HEX.test(s)),
        (s) => (OCT.test(s) ? parseInt(s.substring(2), 8) : DEC.test(s) ? parseInt(s, 10) : parseInt(s.substring(2), 16))),
      type('float', (s) => NUMERIC_START.test(s) && (NAN_INF.test(s) || EXP.test(s) || FLOAT.test(s)),
        (s) => (NAN_INF.test(s) ? (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity) : parseFloat(s))),
    ],
  });
}

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
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jsyaml = require('js-yaml') as typeof JsYaml;
  schema ??= coreSchema(jsyaml);
  const lines = text.split('\n');
  // Each `---` line starts a document; the text before the first one is a document when it has content.
  const starts: number[] = [];
  // The deepest column of content per document: block nesting needs a column per level (a
  // sequence under a key two levels per two columns), so a document whose content stays left of
  // maxDepth - 8 cannot be nested beyond maxDepth and is not walked for it.
  const deepest: number[] = [0];
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k];
    let col = 0;
    while (l[col] === ' ' || (l[col] === '-' && (l[col + 1] === ' ' || col + 1 === l.length))) col++;
    if (col > deepest[deepest.length - 1]) deepest[deepest.length - 1] = col;
    if ((l.endsWith('|') || l.endsWith('>') || l.endsWith('-') || l.endsWith('+') || l.includes('#')) && BLOCK_HEADER.test(l)) {
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
    } else if (unsafeText(l, col)) return undefined;
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
    let value: unknown;
    try {
      value = jsyaml.load(docText, { schema });
    } catch {
      return undefined;
    }
    if (columns[i] + 8 >= maxDepth && depthOf(value) > maxDepth) return undefined;
    out.push({ index: i, line: first >= 0 ? first + 1 : from + 1, text: docText, firstLine: from + 1, value });
  }
  return out;
}
