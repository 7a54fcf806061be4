/**
 * Validates manifest files as they are found in a repository: folders, multi-document YAML,
 * JSON, `List` objects, a mix of Knative, Istio, core Kubernetes and unknown kinds. Any
 * CustomResourceDefinition among the inputs is registered first, so its objects are checked too;
 * Knative's ConfigMaps and KnativeServing/KnativeEventing objects among them are the cluster's settings.
 *
 * Inputs are untrusted: every file is read with a bound (`InputLimits`), special files are
 * refused, and a file that breaks a bound is one error naming it while the other files are
 * still validated and reported.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as YamlModule from 'yaml';
import { Coverage, formatFinding, ObjectResult, previousLookup, validateObject, ValidationOptions } from './engine';
import { readFastDocuments } from './fast-yaml';
import { mayHoldSettings } from '../core/cluster-settings-manifests';
import { withInputSettings } from './input-settings';
import { registerCrd } from './schema/crd-store';
import { Finding } from './types';

/** Where an object came from. */
export interface ObjectSource {
  /** The file path as given (or found below a given folder). */
  readonly file: string;
  /** 0-based index of the YAML document in the file. */
  readonly document: number;
  /** 1-based line where the document's content starts. */
  readonly line: number;
}

/** A document that is not YAML/JSON at all. */
export interface ParseError {
  /** The file, as given. */
  readonly file: string;
  /** 1-based line the parser names. */
  readonly line: number;
  /** The parser's complaint. */
  readonly message: string;
}

/** A file that could not be read, or was refused as a whole (see `InputLimits`). */
export interface InputError {
  /** The file or folder, as given. */
  readonly file: string;
  /** Why: `no such file or directory`, `refused: larger than 33554432 bytes`, ... */
  readonly message: string;
}

/**
 * The bounds on what one input file may make the validator do. A file beyond any of them is
 * refused as a whole with an `InputError`; the other files are validated as usual.
 */
export interface InputLimits {
  /**
   * Bytes per file (standard input included). Checked before reading for regular files; pipes
   * are read up to this many bytes.
   * @default 33554432 (32 MiB; the API server takes at most 3 MiB per request)
   */
  readonly maxFileBytes?: number;
  /**
   * YAML documents per file.
   * @default 200000
   */
  readonly maxDocuments?: number;
  /**
   * Nesting depth of mappings and sequences within a document.
   * @default 200 (a Knative Service is about 12 deep, the largest CRD schemas about 40)
   */
  readonly maxDepth?: number;
  /**
   * How many nodes YAML aliases may expand to per document, relative to the aliases used: the
   * `yaml` parser's `maxAliasCount`, which refuses "billion laughs" alias bombs.
   * @default 100
   */
  readonly maxAliasCount?: number;
}

/** The bounds used unless `FileValidationOptions.limits` says otherwise. */
export const DEFAULT_LIMITS: Required<InputLimits> = {
  maxFileBytes: 32 * 1024 * 1024,
  maxDocuments: 200_000,
  maxDepth: 200,
  maxAliasCount: 100,
};

/** The result of validating files, with what each object's result `R` keeps. */
export interface FileReportOf<R> {
  /** One result per object, in input order. */
  readonly results: readonly R[];
  /** Documents that could not be parsed; each counts as an error. */
  readonly parseErrors: readonly ParseError[];
  /** Files that could not be read or were refused; each counts as an error. */
  readonly inputErrors: readonly InputError[];
  /** How many files were read. */
  readonly files: number;
  /** Findings the cluster would reject, plus unparseable documents and unreadable files. */
  readonly errors: number;
  /** Findings the cluster would only warn about. */
  readonly warnings: number;
  /** Objects of kinds with no known schema. */
  readonly unchecked: number;
  /** Human-readable lines: one per finding, one per unchecked kind, then a summary. */
  readonly lines: readonly string[];
}

/** The result of validating files: each object's result, with the object and where it came from. */
export interface FileReport extends FileReportOf<ObjectResult & { readonly source: ObjectSource }> {}

/**
 * What `validateFilesSummary` keeps of an object: where it came from, what it is and what was
 * found, without the object itself.
 */
export interface ObjectSummary {
  /** Where it came from. */
  readonly source: ObjectSource;
  /** `Kind namespace/name`, for messages. */
  readonly label: string;
  /** Its `apiVersion` as given (any JSON value: the object may be wrong). */
  readonly apiVersion: unknown;
  /** Its `kind` as given. */
  readonly kind: unknown;
  /** Its `metadata.namespace` as given, if any. */
  readonly namespace: unknown;
  /** Its `metadata.name`, or its `metadata.generateName`, as given, if any. */
  readonly name: unknown;
  /** Which schema it was checked against. */
  readonly coverage: Coverage;
  /** Everything found, errors first. */
  readonly findings: readonly Finding[];
}

/** What cdk8s writes next to the manifests when validation plugins are configured: not a manifest. */
const CDK8S_METADATA_FILE = 'construct-metadata.json';
/** Helm values files (`<release>.values.yaml`, as PlatformApp's plain delivery writes them): not manifests. */
const HELM_VALUES_FILE = /\.values\.ya?ml$/;

/** What makes a folder a Helm chart. */
const HELM_CHART_FILE = 'Chart.yaml';

/** Whether a file is named as a Helm values file (`*.values.yaml`), which folder walks skip. */
export function isHelmValuesFile(file: string): boolean {
  return HELM_VALUES_FILE.test(file);
}

/** The path that means "standard input", as in `helm template . | knative-faas-cdk validate -`. */
export const STDIN_PATH = '-';

/** How a path given on the command line turned out: files to read, or an error for it. */
type Expanded = { readonly file: string } | InputError;

function errnoMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'ELOOP': return 'too many levels of symbolic links (a symlink loop)';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ENAMETOOLONG': return 'file name too long';
    default: return err?.message ?? String(e);
  }
}

/** `dir` + `name`, keeping `dir` as the user wrote it (absolute stays absolute, `./` stays). */
function joinAsGiven(dir: string, name: string): string {
  return dir.endsWith('/') || dir.endsWith(path.sep) ? `${dir}${name}` : `${dir}${path.sep}${name}`;
}

/**
 * Walks a folder for *.yaml, *.yml, *.json; each folder is entered once (symlink loops). In a
 * Helm chart (a folder with a Chart.yaml) the files beside Chart.yaml (values.yaml,
 * values.schema.json, Chart.lock) and `templates/` (Go templates, manifests only once `helm
 * template` renders them) are not manifests: the walk takes its other folders (files/, crds/,
 * charts/) only.
 */
function expandDir(dir: string, seen: Set<string>, out: Expanded[]): void {
  let real: string;
  let names: string[];
  try {
    real = fs.realpathSync(dir);
    if (seen.has(real)) return;
    seen.add(real);
    names = fs.readdirSync(dir).sort();
  } catch (e) {
    out.push({ file: dir, message: errnoMessage(e) });
    return;
  }
  const chart = names.includes(HELM_CHART_FILE);
  for (const name of names) {
    if (chart && name === 'templates') continue;
    const full = joinAsGiven(dir, name);
    const isManifest = !chart && /\.(ya?ml|json)$/.test(name) && name !== CDK8S_METADATA_FILE && !HELM_VALUES_FILE.test(name);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch (e) {
      // A dangling or looping symlink named like a manifest is an input error; others are not ours.
      if (isManifest) out.push({ file: full, message: errnoMessage(e) });
      continue;
    }
    if (stat.isDirectory()) expandDir(full, seen, out);
    else if (isManifest) out.push({ file: full });
  }
}

function expandAll(paths: readonly string[]): Expanded[] {
  const out: Expanded[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    if (p === STDIN_PATH) {
      out.push({ file: p });
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      out.push({ file: p, message: errnoMessage(e) });
      continue;
    }
    if (stat.isDirectory()) expandDir(p, seen, out);
    else out.push({ file: p });
  }
  return out;
}

/** Thrown for a file that is refused as a whole; becomes its InputError. */
class InputRefused extends Error {}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * Reads from `fd` up to `max + 1` bytes; more than `max` is refused. A regular file of `size`
 * bytes is read into one buffer of that size and a byte more (to see it grow), without copies; a
 * pipe in chunks of 1 MiB.
 */
function readBounded(fd: number, max: number, size?: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  let chunk = Buffer.allocUnsafe(Math.min(size !== undefined ? size + 1 : 1024 * 1024, max + 1));
  let used = 0;
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, chunk, used, Math.min(chunk.length - used, max + 1 - total), null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // A non-blocking pipe whose writer has not written yet: wait a millisecond, do not spin.
        Atomics.wait(PAUSE, 0, 0, 1);
        continue;
      }
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    used += n;
    total += n;
    if (total > max) throw new InputRefused(`refused: larger than ${max} bytes (limit maxFileBytes)`);
    if (used === chunk.length) {
      chunks.push(chunk);
      chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, max + 1 - total));
      used = 0;
    }
  }
  if (used > 0) chunks.push(chunk.subarray(0, used));
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

/**
 * Reads a manifest file within `maxFileBytes`: a regular file is checked by its size before
 * reading, a pipe (process substitution, standard input) is read up to the bound, and a
 * device or socket (a symlink to /dev/zero named *.yaml) is refused without reading.
 */
export function readManifestBytes(file: string, maxFileBytes = DEFAULT_LIMITS.maxFileBytes): Buffer {
  // O_NONBLOCK: opening a FIFO without a writer must not hang (it reads as empty instead).
  const fd = file === STDIN_PATH ? 0 : fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw new InputRefused('is a directory');
    if (stat.isFile()) {
      if (stat.size > maxFileBytes) throw new InputRefused(`refused: ${stat.size} bytes, larger than ${maxFileBytes} bytes (limit maxFileBytes)`);
    } else if (!stat.isFIFO() && !(file === STDIN_PATH && !stat.isBlockDevice())) {
      // Standard input may be a pipe, a socket or a terminal: read within the bound. A named
      // device or socket is refused: /dev/zero or /dev/urandom would never end.
      const what = stat.isCharacterDevice() ? 'a character device' : stat.isBlockDevice() ? 'a block device' : stat.isSocket() ? 'a socket' : 'a special file';
      throw new InputRefused(`refused: not a regular file or pipe (${what})`);
    }
    return readBounded(fd, maxFileBytes, stat.isFile() ? stat.size : undefined);
  } finally {
    if (fd !== 0) fs.closeSync(fd);
  }
}

/**
 * Decodes a manifest's bytes: UTF-8 (a byte order mark is dropped), or UTF-16 with a byte order
 * mark, as Kubernetes' YAML reader accepts. NUL bytes without a UTF-16 mark mean binary
 * content and are refused, as is invalid UTF-8.
 */
export function decodeManifest(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new InputRefused(`refused: binary content (a NUL byte at offset ${nul}); not YAML or JSON`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new InputRefused('refused: not valid UTF-8 (nor UTF-16 with a byte order mark)');
  }
}

/** One object read from a file (a `List`'s items are one each), or a document that did not parse. */
export interface ParsedDocument {
  /** Where it came from. */
  readonly source: ObjectSource;
  /** The object, when the document parsed. */
  readonly value?: unknown;
  /** The parser's complaint, when it did not. */
  readonly error?: string;
}

/** The deepest nesting of `value`, without recursion (so a hostile depth cannot overflow the stack). */
function exceedsDepth(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * Parses the YAML documents of one file: with the fast reader (./fast-yaml) when nothing in the
 * file can make it differ from `yaml`, otherwise with `yaml` (parseWithYaml), which stays the
 * reference for values, errors, line numbers and the limits. A `List` document is read with
 * `yaml` either way (its items' lines come from its syntax tree).
 */
export function parseManifestText(text: string, file: string, limits: Required<InputLimits> = DEFAULT_LIMITS): ParsedDocument[] {
  let out: ParsedDocument[] = [];
  visitManifestText(text, file, limits, (p) => out.push(p), () => { out = []; });
  return out;
}

/**
 * parseManifestText handing each document to `visit` as soon as it is parsed, so that a caller
 * need not hold them all. Where the fast reader gives up part-way (a document deeper than the
 * limit, or one js-yaml refuses), the file is parsed again with `yaml`: `restart` is called
 * first, and the caller drops what it was given of this file.
 */
function visitManifestText(text: string, file: string, limits: Required<InputLimits>, visit: (p: ParsedDocument) => void, restart: () => void): void {
  const read = readFastDocuments(text, limits.maxDepth, limits.maxDocuments, (d) => {
    const v = d.value as { kind?: unknown; items?: unknown } | null | undefined;
    if (v === null || v === undefined) return;
    if (typeof v === 'object' && !Array.isArray(v) && String(v.kind).endsWith('List') && Array.isArray(v.items)) {
      // The List's document alone, then its lines moved to where the document is in the file.
      for (const p of parseWithYaml(d.text, file, limits)) visit({ ...p, source: { file, document: d.index, line: p.source.line + d.firstLine - 1 } });
    } else visit({ source: { file, document: d.index, line: d.line }, value: v });
  });
  if (read) return;
  restart();
  for (const p of parseWithYaml(text, file, limits)) visit(p);
}

/**
 * Parses the YAML documents of one file with `yaml`, one at a time (a document's syntax tree is
 * dropped once it is converted), with line numbers from one index of line starts.
 */
export function parseWithYaml(text: string, file: string, limits: Required<InputLimits> = DEFAULT_LIMITS): ParsedDocument[] {
  // Loaded here: the files the fast reader takes (most) need no `yaml`, which takes about 50 ms to load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Composer, LineCounter, Parser } = require('yaml') as typeof YamlModule;
  const out: ParsedDocument[] = [];
  const lines = new LineCounter();
  // An error at the end of the input (an unclosed bracket) is named at the last line with text.
  const lastChar = Math.max(0, text.trimEnd().length - 1);
  const lineOf = (offset: number) => Math.max(1, lines.linePos(Math.min(offset, lastChar)).line);
  const composer = new Composer({ uniqueKeys: true });
  let index = 0;
  try {
    for (const doc of composer.compose(new Parser(lines.addNewLine).parse(text))) {
      const i = index++;
      if (i >= limits.maxDocuments) throw new InputRefused(`refused: more than ${limits.maxDocuments} YAML documents (limit maxDocuments)`);
      const start = doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0;
      const source = { file, document: i, line: lineOf(start) };
      if (doc.errors.length) {
        const first = doc.errors[0];
        // The composer recurses per nesting level and reports its stack overflow as an error.
        if (doc.errors.some((e) => /call stack/i.test(e.message))) {
          throw new InputRefused(`refused: document ${i + 1} (line ${source.line}) is nested too deeply to parse (limit maxDepth ${limits.maxDepth})`);
        }
        out.push({
          source: { ...source, line: lineOf(first.pos?.[0] ?? start) },
          error: `YAML: ${doc.errors.map((e) => e.message.split('\n')[0]).join('; ')}`,
        });
        continue;
      }
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
      } catch (e) {
        if (e instanceof RangeError) throw new InputRefused(`refused: document ${i + 1} (line ${source.line}) is nested too deeply to convert (limit maxDepth ${limits.maxDepth})`);
        if (e instanceof ReferenceError && /alias/i.test(e.message)) {
          throw new InputRefused(`refused: document ${i + 1} (line ${source.line}) expands YAML aliases beyond the limit (maxAliasCount ${limits.maxAliasCount}): ${e.message}`);
        }
        out.push({ source, error: `YAML: ${(e as Error).message}` });
        continue;
      }
      if (value === null || value === undefined) continue;
      if (exceedsDepth(value, limits.maxDepth)) {
        throw new InputRefused(`refused: document ${i + 1} (line ${source.line}) is nested deeper than ${limits.maxDepth} levels (limit maxDepth)`);
      }
      if (typeof value === 'object' && !Array.isArray(value) && /List$/.test(String((value as any).kind)) && Array.isArray((value as any).items)) {
        // Each item of a List at its own line.
        const itemNodes = (doc.contents as { get?: (k: string, keep: boolean) => { items?: { range?: number[] }[] } | undefined })?.get?.('items', true)?.items;
        (value as any).items.forEach((item: unknown, k: number) => {
          const at = itemNodes?.[k]?.range?.[0];
          out.push({ source: at === undefined ? source : { ...source, line: lineOf(at) }, value: item });
        });
      } else out.push({ source, value });
    }
  } catch (e) {
    if (e instanceof InputRefused) throw e;
    // The parser recurses per nesting level: a hostile depth ends here, not in a crash.
    if (e instanceof RangeError) throw new InputRefused(`refused: nested too deeply to parse (limit maxDepth ${limits.maxDepth})`);
    throw e;
  }
  return out;
}

/** Options of `validateFiles`. */
export interface FileValidationOptions extends Omit<ValidationOptions, 'previous'> {
  /**
   * Files and folders with the previously deployed manifests (e.g. the synth output of the
   * main branch). An object in them with the same API group, kind, namespace and name as a
   * validated one is its previous version, and the update-only webhook rules (immutable fields)
   * compare the two. They are parsed like the validated files but not validated themselves.
   * @default - none: every object is checked as if it were created
   */
  readonly previous?: readonly string[];
  /**
   * Reads standard input, for the path `-`.
   * @default - reads the process's standard input to its end, up to `limits.maxFileBytes`
   */
  readonly readStdin?: () => string;
  /**
   * Bounds on each input file.
   * @default DEFAULT_LIMITS
   */
  readonly limits?: InputLimits;
}

/** The objects of the inputs, the documents that did not parse and the files that could not be read. */
export interface Inputs {
  /** How many files were read. */
  readonly files: number;
  /** Their documents (objects, or parse errors), in file order. */
  readonly parsed: ParsedDocument[];
  /** The files that could not be read or were refused. */
  readonly inputErrors: InputError[];
}

/** An input file's text, as read (see readTexts). */
interface InputText {
  /** The file as shown in messages (`<stdin>` for `-`). */
  readonly shown: string;
  readonly text: string;
}

/** The error for a file that could not be read or was refused. */
function inputError(shown: string, e: unknown): InputError {
  return { file: shown, message: e instanceof InputRefused ? e.message : errnoMessage(e) };
}

/** The texts of the files and folders (`-` is standard input), in order, or why one could not be read. */
function readTexts(paths: readonly string[], limits: Required<InputLimits>, readStdin?: () => string): (InputText | InputError)[] {
  return expandAll(paths).map((entry) => {
    if ('message' in entry) return entry;
    const shown = entry.file === STDIN_PATH ? '<stdin>' : entry.file;
    try {
      if (entry.file === STDIN_PATH && readStdin) {
        const text = readStdin();
        if (Buffer.byteLength(text) > limits.maxFileBytes) throw new InputRefused(`refused: larger than ${limits.maxFileBytes} bytes (limit maxFileBytes)`);
        return { shown, text };
      }
      return { shown, text: decodeManifest(readManifestBytes(entry.file, limits.maxFileBytes)) };
    } catch (e) {
      return inputError(shown, e);
    }
  });
}

/**
 * Runs `read` on each input that could be read, in order, and returns how many it read; an input
 * that could not be read, or that `read` refuses (throws for), becomes an InputError.
 */
function forEachInput(inputs: readonly (InputText | InputError)[], inputErrors: InputError[], read: (input: InputText) => void): number {
  let files = 0;
  for (const input of inputs) {
    if ('message' in input) {
      inputErrors.push(input);
      continue;
    }
    try {
      read(input);
      files++;
    } catch (e) {
      inputErrors.push(inputError(input.shown, e));
    }
  }
  return files;
}

/**
 * Reads and parses files and folders (recursively: *.yaml, *.yml, *.json; `-` is standard input)
 * within `limits`, without validating: what the `topology` command and `--previous` read.
 */
export function readInputs(paths: readonly string[], limits: Required<InputLimits> = DEFAULT_LIMITS, readStdin?: () => string): Inputs {
  const parsed: ParsedDocument[] = [];
  const inputErrors: InputError[] = [];
  const files = forEachInput(readTexts(paths, limits, readStdin), inputErrors, (input) => {
    for (const p of parseManifestText(input.text, input.shown, limits)) parsed.push(p);
  });
  return { files, parsed, inputErrors };
}

/** Validates files and folders (recursively: *.yaml, *.yml, *.json), and standard input for `-`. */
export function validateFiles(paths: readonly string[], options: FileValidationOptions = {}): FileReport {
  return validateInputs(paths, options, (result, source) => ({ object: result.object, label: result.label, coverage: result.coverage, findings: result.findings, source }));
}

/**
 * validateFiles keeping a summary of each object rather than the object (what the `validate`
 * command reports): each document is validated as it is read and then dropped, so a large input
 * is never held in memory as objects.
 */
export function validateFilesSummary(paths: readonly string[], options: FileValidationOptions = {}): FileReportOf<ObjectSummary> {
  return validateInputs(paths, options, (result, source) => {
    const o = result.object;
    const meta = typeof o.metadata === 'object' && o.metadata !== null ? o.metadata : undefined;
    return {
      source, label: result.label, apiVersion: o.apiVersion, kind: o.kind, namespace: meta?.namespace,
      name: meta?.name ?? meta?.generateName, coverage: result.coverage, findings: result.findings,
    };
  });
}

/** A CustomResourceDefinition, which validation registers before the objects of its kind. */
function isCrd(v: unknown): boolean {
  const o = v as { kind?: unknown; spec?: { names?: { kind?: unknown } } } | null | undefined;
  return o?.kind === 'CustomResourceDefinition' && !!o?.spec?.names?.kind;
}

/** What may describe the cluster the other inputs are for: a CRD, or what withInputSettings reads settings from. */
function mayDeclare(v: unknown): boolean {
  return isCrd(v) || mayHoldSettings(v);
}

/** What validating documents gives: per-object results `R`, the documents that did not parse, the counts. */
interface Pass<R> {
  readonly results: R[];
  readonly parseErrors: ParseError[];
  readonly lines: string[];
  errors: number;
  warnings: number;
  readonly uncheckedKinds: Map<string, number>;
}

function newPass<R>(): Pass<R> {
  return { results: [], parseErrors: [], lines: [], errors: 0, warnings: 0, uncheckedKinds: new Map() };
}

/** Adds what one file gave to the whole pass. */
function addPass<R>(to: Pass<R>, from: Pass<R>): void {
  for (const r of from.results) to.results.push(r);
  for (const e of from.parseErrors) to.parseErrors.push(e);
  for (const l of from.lines) to.lines.push(l);
  to.errors += from.errors;
  to.warnings += from.warnings;
  for (const [k, n] of from.uncheckedKinds) to.uncheckedKinds.set(k, (to.uncheckedKinds.get(k) ?? 0) + n);
}

/**
 * Validates every document of `inputs` as it is parsed, with `engine`. With `declaring`, the
 * objects that may describe the cluster (mayDeclare) are collected into it.
 */
function validatePass<R>(
  inputs: readonly (InputText | InputError)[], limits: Required<InputLimits>, engine: ValidationOptions,
  keep: (result: ObjectResult, source: ObjectSource) => R, declaring?: unknown[],
): Pass<R> & { readonly inputErrors: InputError[]; readonly files: number } {
  const pass = newPass<R>();
  const inputErrors: InputError[] = [];
  const files = forEachInput(inputs, inputErrors, (input) => {
    // What this file gives, added to the pass once the file is read to its end.
    let file = newPass<R>();
    let fileDeclaring: unknown[] = [];
    visitManifestText(input.text, input.shown, limits, (p) => validateDocument(p, engine, keep, file, declaring && fileDeclaring), () => {
      file = newPass<R>();
      fileDeclaring = [];
    });
    addPass(pass, file);
    if (declaring) for (const v of fileDeclaring) declaring.push(v);
  });
  pass.errors += inputErrors.length;
  return { ...pass, inputErrors, files };
}

/** Validates one document into `into`; with `declaring`, collects it there when it may describe the cluster. */
function validateDocument<R>(
  p: ParsedDocument, engine: ValidationOptions, keep: (result: ObjectResult, source: ObjectSource) => R, into: Pass<R>, declaring?: unknown[],
): void {
  if (p.error) {
    into.errors++;
    into.parseErrors.push({ file: p.source.file, line: p.source.line, message: p.error });
    into.lines.push(`${p.source.file}:${p.source.line}: error: ${p.error}`);
    return;
  }
  if (declaring && mayDeclare(p.value)) declaring.push(p.value);
  const result = validateObject(p.value, engine);
  into.results.push(keep(result, p.source));
  const { object, label, coverage, findings } = result;
  for (const f of findings) {
    if (f.severity === 'error') into.errors++;
    else into.warnings++;
    into.lines.push(`${p.source.file}:${p.source.line} ${label}: ${f.severity === 'error' ? 'error: ' : ''}${formatFinding(f)}`);
  }
  // Only objects with a kind can be of an unchecked kind; the others already have their error.
  if (coverage === 'unchecked' && typeof object.apiVersion === 'string' && typeof object.kind === 'string') {
    const k = `${object.apiVersion} ${object.kind}`;
    into.uncheckedKinds.set(k, (into.uncheckedKinds.get(k) ?? 0) + 1);
  }
}

/**
 * The validation of files behind validateFiles and validateFilesSummary. Each document is
 * validated as it is read, with the settings given; CRDs and Knative's settings among the
 * inputs, which describe the cluster the other documents are for, are collected on the way.
 * When there are any (install manifests, mostly), the CRDs are registered, the settings read,
 * and every document is validated again knowing them: the result is as if they had been read
 * first, without holding every document of a large input in memory until then.
 */
function validateInputs<R>(paths: readonly string[], options: FileValidationOptions, keep: (result: ObjectResult, source: ObjectSource) => R): FileReportOf<R> {
  const { previous: previousPaths, readStdin, limits: givenLimits, ...engineOptions } = options;
  const limits = { ...DEFAULT_LIMITS, ...givenLimits };
  let engine: ValidationOptions = engineOptions;
  const notes: string[] = [];
  if (previousPaths !== undefined) {
    const previous = readInputs(previousPaths, limits, readStdin);
    // A previous version that cannot be read would silently turn updates into creates.
    if (previous.inputErrors.length) throw new Error(`--previous ${previous.inputErrors[0].file}: ${previous.inputErrors[0].message}`);
    const broken = previous.parsed.find((p) => p.error);
    if (broken) throw new Error(`--previous ${broken.source.file}:${broken.source.line}: ${broken.error}`);
    const objects = previous.parsed.map((p) => p.value);
    engine = { ...engineOptions, previous: previousLookup(objects) };
    notes.push(`previous: ${objects.length} objects in ${previous.files} files compared for update-only rules`);
  }
  const inputs = readTexts(paths, limits, readStdin);
  const declaring: unknown[] = [];
  let pass = validatePass(inputs, limits, engine, keep, declaring);
  let registered = false;
  for (const v of declaring) {
    if (isCrd(v)) {
      registerCrd(v as Record<string, unknown>);
      registered = true;
    }
  }
  // Also what checks the given settings (layered over the inputs' ones): it throws for a value Knative refuses.
  const declared = withInputSettings(declaring, engine, notes);
  if (registered || declared !== engine) pass = validatePass(inputs, limits, declared, keep);
  const { results, parseErrors, inputErrors, lines, files, errors, warnings, uncheckedKinds } = pass;
  lines.unshift(...inputErrors.map((e) => `${e.file}: error: ${e.message}`));
  for (const [k, n] of [...uncheckedKinds.entries()].sort()) {
    lines.push(`unchecked: ${k} (${n} object${n === 1 ? '' : 's'}): no schema known for this kind; pass --strict to make this an error`);
  }
  const unchecked = [...uncheckedKinds.values()].reduce((a, b) => a + b, 0);
  lines.push(...notes);
  const unread = inputErrors.length ? `, ${inputErrors.length} unreadable or refused` : '';
  lines.push(`${results.length} objects in ${files} files${unread}: ${errors} errors, ${warnings} warnings, ${unchecked} unchecked`);
  return { results, parseErrors, inputErrors, files, errors, warnings, unchecked, lines };
}
