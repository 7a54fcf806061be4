/**
 * The YAML writer of a synth: the same bytes as cdk8s's `Yaml.stringify`, written faster.
 *
 * cdk8s writes every manifest with the `yaml` package (YAML 1.1 schema, no line folding). Its
 * general machinery (a node tree per document, a context object per scalar, a dozen regular
 * expressions per string) is most of what a synth costs: about 70% of a plain cdk8s app's synth
 * time. The manifests a synth writes are JSON data: mappings, sequences, strings, numbers and
 * booleans. This writer emits that subset directly, deciding each string's style by the rules
 * `yaml` applies (plain when the 1.1 schema reads it back as the same string, otherwise quoted,
 * literal blocks for multi-line text), and gives any document it does not fully cover (nulls,
 * shared references, keys that need the explicit form, quoted multi-line text, class instances)
 * to cdk8s's own writer whole. The result is byte-identical; the tests compare the two on random
 * documents and on every example, and a probe at start-up compares them on tricky values against
 * the `yaml` module cdk8s actually loads, keeping cdk8s's writer when they differ.
 *
 * Installed when the first construct of this library is created (with the synth scope, see
 * validation/construct.ts). `KNATIVE_FAAS_CDK_YAML=cdk8s` in the environment keeps cdk8s's writer.
 */
import * as path from 'path';
import { Yaml } from 'cdk8s';
import type * as YamlModule from 'yaml';


/** Why a document cannot be written here: the whole document goes to cdk8s's writer. */
class NotCovered extends Error {}
const NOT_COVERED = new NotCovered();

/** What makes `yaml` quote a plain scalar (its indicator and whitespace rules). */
const NEEDS_QUOTES = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** Characters `yaml` always writes double-quoted (C0/C1 controls but tab and newline, lone surrogates). */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
/** A line starting a document marker or a directive, which changes how some scalars are written. */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
/** Whitespace-only last line, which a literal block cannot keep. */
const TRAILING_BLANK_LINE = /\n[\t ]+$/;
/** Keys above this length get the explicit `? key` form. */
const MAX_IMPLICIT_KEY = 1024;
/** The cache of single-line scalars is emptied when it grows past this. */
const MAX_CACHED = 100_000;

/** The writer for one `yaml` module (the one cdk8s loads). */
class Writer {
  private readonly values = new Map<string, string>();
  private readonly keys = new Map<string, string>();
  private readonly numbers = new Map<number, string>();
  private seen = new Set<object>();

  public constructor(private readonly tags: readonly RegExp[], private readonly scalar: (value: number) => string) {}

  /** The YAML of one document, or undefined when cdk8s's writer must write it. */
  public document(doc: unknown): string | undefined {
    if (!isPlainObject(doc) || Object.keys(doc).length === 0) return undefined;
    this.seen = new Set();
    try {
      return `${this.mapping(doc, '')}\n`;
    } catch (err) {
      if (err === NOT_COVERED) return undefined;
      throw err;
    }
  }

  /** A non-empty mapping whose lines start at `indent` (the first line's indentation is the caller's). */
  private mapping(obj: Record<string, unknown>, indent: string): string {
    this.visit(obj);
    const inner = `${indent}  `;
    let out = '';
    let first = true;
    for (const key of Object.keys(obj)) {
      const line = `${this.key(key, inner)}:${this.after(obj[key], inner)}`;
      out = first ? line : `${out}\n${indent}${line}`;
      first = false;
    }
    return out;
  }

  /** A non-empty sequence whose lines start at `indent`. */
  private sequence(items: readonly unknown[], indent: string): string {
    this.visit(items);
    const inner = `${indent}  `;
    let out = '';
    for (let i = 0; i < items.length; i++) {
      if (!(i in items)) throw NOT_COVERED;
      const line = `- ${this.item(items[i], inner)}`;
      out = i === 0 ? line : `${out}\n${indent}${line}`;
    }
    return out;
  }

  /** What follows `key:` for a value whose scalar lines are indented by `inner`. */
  private after(value: unknown, inner: string): string {
    if (Array.isArray(value)) return value.length ? `\n${inner}${this.sequence(value, inner)}` : ' []';
    if (isPlainObject(value)) return Object.keys(value).length ? `\n${inner}${this.mapping(value, inner)}` : ' {}';
    return ` ${this.value(value, inner)}`;
  }

  /** A sequence item (after `- `) whose own lines are indented by `inner`. */
  private item(value: unknown, inner: string): string {
    if (Array.isArray(value)) return value.length ? this.sequence(value, inner) : '[]';
    if (isPlainObject(value)) return Object.keys(value).length ? this.mapping(value, inner) : '{}';
    return this.value(value, inner);
  }

  /** `yaml` writes an object met twice as an anchor and aliases: left to cdk8s's writer. */
  private visit(o: object): void {
    if (this.seen.has(o)) throw NOT_COVERED;
    this.seen.add(o);
  }

  private value(value: unknown, indent: string): string {
    switch (typeof value) {
      case 'string': {
        if (value.includes('\n')) return this.multiLine(value, indent);
        let out = this.values.get(value);
        if (out === undefined) {
          out = this.singleLine(value, false, indent);
          if (this.values.size >= MAX_CACHED) this.values.clear();
          this.values.set(value, out);
        }
        return out;
      }
      case 'number': {
        // The cache's keys cannot tell -0 from 0.
        if (Object.is(value, -0)) return this.scalar(value);
        let out = this.numbers.get(value);
        if (out === undefined) {
          out = this.scalar(value);
          if (this.numbers.size >= MAX_CACHED) this.numbers.clear();
          this.numbers.set(value, out);
        }
        return out;
      }
      case 'boolean':
        return value ? 'true' : 'false';
      default:
        // null and undefined, and anything that is not JSON data.
        throw NOT_COVERED;
    }
  }

  private key(key: string, indent: string): string {
    // A key that starts like a document marker is quoted only in the top-level mapping.
    const markerSensitive = key.startsWith('---') || key.startsWith('...');
    let out = markerSensitive ? undefined : this.keys.get(key);
    if (out === undefined) {
      if (key.includes('\n') || key.length > MAX_IMPLICIT_KEY || key === '<<') throw NOT_COVERED;
      out = this.singleLine(key, true, indent);
      if (out.length > MAX_IMPLICIT_KEY) throw NOT_COVERED;
      if (!markerSensitive) {
        if (this.keys.size >= MAX_CACHED) this.keys.clear();
        this.keys.set(key, out);
      }
    }
    return out;
  }

  /** A string without line breaks: plain where `yaml` writes it plain, quoted otherwise. */
  private singleLine(s: string, isKey: boolean, indent: string): string {
    if (s === '<<') throw NOT_COVERED;
    if (CONTROL.test(s)) return escapedDoubleQuoted(s);
    if (NEEDS_QUOTES.test(s)) return quoted(s);
    if (isKey && indent === '  ' && DOCUMENT_MARKER.test(s)) return quoted(s);
    if (this.tags.some((t) => t.test(s))) return quoted(s);
    return s;
  }

  /** A string with line breaks: a literal block, as `yaml` writes it without line folding. */
  private multiLine(s: string, indent: string): string {
    // Quoted multi-line scalars (controls, whitespace-only last line) are left to cdk8s's writer.
    if (CONTROL.test(s) || TRAILING_BLANK_LINE.test(s)) throw NOT_COVERED;
    // Trailing whitespace and line breaks decide the chomping indicator.
    let bodyEnd = s.length;
    while (bodyEnd > 0 && (s[bodyEnd - 1] === '\n' || s[bodyEnd - 1] === ' ' || s[bodyEnd - 1] === '\t')) bodyEnd--;
    let tail = s.slice(bodyEnd);
    const firstBreak = tail.indexOf('\n');
    const chomp = firstBreak < 0 ? '-' : bodyEnd === 0 || firstBreak !== tail.length - 1 ? '+' : '';
    if (tail.endsWith('\n')) tail = tail.slice(0, -1);
    tail = indentInnerBreaks(tail, indent);
    // Leading spaces need an indentation indicator; leading empty lines are kept as written.
    let leadEnd = 0;
    let lastLeadBreak = -1;
    let leadingSpace = false;
    while (leadEnd < bodyEnd && (s[leadEnd] === ' ' || s[leadEnd] === '\n')) {
      if (s[leadEnd] === ' ') leadingSpace = true;
      else lastLeadBreak = leadEnd;
      leadEnd++;
    }
    const lead = s.slice(0, lastLeadBreak + 1);
    const body = s.slice(lead.length, bodyEnd);
    return `|${leadingSpace ? '2' : ''}${chomp}\n${indent}${indentBreaks(lead, indent)}${indentBreaks(body, indent)}${tail}`;
  }
}

/** Each run of line breaks followed by the indentation. */
function indentBreaks(s: string, indent: string): string {
  return s.includes('\n') ? s.replace(/\n+/g, (run) => run + indent) : s;
}

/** As indentBreaks, but not for a run at the end. */
function indentInnerBreaks(s: string, indent: string): string {
  return s.includes('\n') ? s.replace(/\n+(?!\n|$)/g, (run) => run + indent) : s;
}

/** A single-line string that cannot be plain: single quotes when it holds only double ones. */
function quoted(s: string): string {
  return s.includes('"') && !s.includes("'") ? `'${s}'` : JSON.stringify(s);
}

/** YAML's short escapes where JSON writes `\u00XX`. */
const SHORT_ESCAPES: Record<string, string> = { '0000': '\\0', '0007': '\\a', '000b': '\\v', '001b': '\\e' };

/** A single-line string with control characters, double-quoted with YAML's escapes. */
function escapedDoubleQuoted(s: string): string {
  // Escapes are read left to right, so an escaped backslash before `u` is not taken for one.
  return JSON.stringify(s).replace(/\\(?:u([0-9a-f]{4})|[^u])/g, (escape, code: string | undefined) => {
    if (code === undefined) return escape;
    return SHORT_ESCAPES[code] ?? (code.startsWith('00') ? `\\x${code.slice(2)}` : escape);
  });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** Documents on which the writer must agree with cdk8s's before it is used. */
const PROBE: unknown[] = [
  {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'probe', labels: { 'app.kubernetes.io/name': 'x' } },
    data: {
      plain: 'registry.example.com/fn:1.0', colon: 'a: b', hash: 'a #b', lead: ' x', trail: 'x ', empty: '', dash: '-', q: '?', bool: 'yes', on: 'On', n: 'N',
      nul: 'null', tilde: '~', int: '0755', hex: '0x1F', float: '1.5', exp: '1e3', inf: '.inf', nan: '.NaN', sexa: '1:20', time: '2001-12-14', ts: '2001-12-14t21:59:43.10-05:00',
      dq: 'say "hi"', sq: "it's", both: `'"`, ctl: 'a\u0001b\u001b\u0000c\u007f', tab: 'a\tb', uni: 'é ü 中', '80': 'port', 'true': 'key', '---k': 'v', '%k': 'v', 'a b': 'c',
      multi: 'line one\nline two\n', strip: 'a\nb', keep: 'a\nb\n\n', lead1: '\n\nx\n', space: '  x\ny\n', mid: 'a\n\n\nb\n', marker: 'x\n---\ny\n', hashes: '#!/bin/sh\necho "$1"\n',
    },
    spec: { list: ['a', 1, 1.5, -0, 1e21, 2 ** 53, true, false, [], {}, ['x', ['y']], { k: 'v', l: [{ m: 1 }] }], nested: { deep: { deeper: 'x\ny' } } },
  },
];

/** cdk8s's own writer, as it was before installYamlWriter replaced it. */
export const cdk8sYamlStringify: (...docs: unknown[]) => string = Yaml.stringify.bind(Yaml);

let writer: Writer | undefined | null;

/** The writer, or null when cdk8s's writer is kept (opted out, or the probe differed). */
function current(): Writer | null {
  if (writer !== undefined) return writer;
  writer = null;
  if (process.env.KNATIVE_FAAS_CDK_YAML === 'cdk8s') return writer;
  const yaml = cdk8sYaml();
  if (!yaml) return writer;
  type Tag = { default?: unknown; tag: string; test?: RegExp };
  const schema = new yaml.Document(null, { version: '1.1' }).schema as unknown as { tags: Tag[]; compat?: Tag[] | null };
  const tests = [...schema.tags, ...(schema.compat ?? [])]
    .filter((t) => Boolean(t.default) && t.tag !== 'tag:yaml.org,2002:str' && t.test instanceof RegExp)
    .map((t) => t.test!);
  const candidate = new Writer(tests, (n) => cdk8sYamlStringify(n).slice(0, -1));
  if (PROBE.every((doc) => candidate.document(doc) === cdk8sYamlStringify(doc))) writer = candidate;
  return writer;
}

/** The `yaml` module cdk8s loads (its own copy when it has one). */
function cdk8sYaml(): typeof YamlModule | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] })) as typeof YamlModule;
  } catch {
    return undefined;
  }
}

let installed = false;

/** Makes cdk8s's `Yaml.stringify` (and so `App.synth`/`synthYaml`) use this writer. */
export function installYamlWriter(): void {
  if (installed) return;
  installed = true;
  (Yaml as unknown as { stringify: (...docs: unknown[]) => string }).stringify = (...docs: unknown[]): string => {
    const w = current();
    if (!w) return cdk8sYamlStringify(...docs);
    return docs.map((d) => (d === undefined ? '\n' : w.document(d) ?? cdk8sYamlStringify(d))).join('---\n');
  };
}

/**
 * The writer's YAML of one document, or undefined where it leaves the document to cdk8s's
 * writer or is not in use (for tests).
 */
export function writeYamlDocument(doc: unknown): string | undefined {
  return current()?.document(doc);
}
