/**
 * Validates manifest files as they are found in a repository: folders, multi-document YAML,
 * JSON, `List` objects, a mix of Knative, Istio, core Kubernetes and unknown kinds. Any
 * CustomResourceDefinition among the inputs is registered first, so its objects are checked too;
 * Knative's ConfigMaps and KnativeServing/KnativeEventing objects among them are the cluster's settings.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { formatFinding, ObjectResult, previousLookup, validateObject, ValidationOptions } from './engine';
import { withInputSettings } from './input-settings';
import { registerCrd } from './schema/crd-store';

/** Where an object came from. */
export interface ObjectSource {
  /** The file path as given (or found below a given folder). */
  readonly file: string;
  /** 0-based index of the YAML document in the file. */
  readonly document: number;
  /** 1-based line where the document starts. */
  readonly line: number;
}

/** A document that is not YAML/JSON at all. */
export interface ParseError {
  /** The file, relative to the working directory. */
  readonly file: string;
  /** 1-based line where the document starts. */
  readonly line: number;
  /** The parser's complaint. */
  readonly message: string;
}

/** The result of validating files. */
export interface FileReport {
  /** One result per object, with where it came from. */
  readonly results: readonly (ObjectResult & { readonly source: ObjectSource })[];
  /** Documents that could not be parsed; each counts as an error. */
  readonly parseErrors: readonly ParseError[];
  /** How many files were read. */
  readonly files: number;
  /** Findings the cluster would reject, plus unparseable documents. */
  readonly errors: number;
  /** Findings the cluster would only warn about. */
  readonly warnings: number;
  /** Objects of kinds with no known schema. */
  readonly unchecked: number;
  /** Human-readable lines: one per finding, one per unchecked kind, then a summary. */
  readonly lines: readonly string[];
}

/** What cdk8s writes next to the manifests when validation plugins are configured: not a manifest. */
const CDK8S_METADATA_FILE = 'construct-metadata.json';

function expand(p: string): string[] {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return [p];
  return fs.readdirSync(p).sort()
    .flatMap((f) => {
      const full = path.join(p, f);
      if (fs.statSync(full).isDirectory()) return expand(full);
      return /\.(ya?ml|json)$/.test(f) && f !== CDK8S_METADATA_FILE ? [full] : [];
    });
}

interface Parsed {
  readonly source: ObjectSource;
  readonly value?: unknown;
  readonly error?: string;
}

/** The path that means "standard input", as in `helm template . | knative-faas-cdk validate -`. */
export const STDIN_PATH = '-';

function parseFile(file: string, readStdin: () => string): Parsed[] {
  const text = file === STDIN_PATH ? readStdin() : fs.readFileSync(file, 'utf8');
  const out: Parsed[] = [];
  const docs = parseAllDocuments(text);
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  (Array.isArray(docs) ? docs : [docs]).forEach((doc, i) => {
    const source = { file: file === STDIN_PATH ? '<stdin>' : file, document: i, line: lineOf(doc.range?.[0] ?? 0) };
    if (doc.errors.length) {
      out.push({ source, error: `YAML: ${doc.errors.map((e) => e.message.split('\n')[0]).join('; ')}` });
      return;
    }
    const value = doc.toJS();
    if (value === null || value === undefined) return;
    if (typeof value === 'object' && !Array.isArray(value) && /List$/.test(String(value.kind)) && Array.isArray(value.items)) {
      for (const item of value.items) out.push({ source, value: item });
    } else out.push({ source, value });
  });
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
   * @default - reads the process's standard input to its end
   */
  readonly readStdin?: () => string;
}

function expandAll(paths: readonly string[], what = ''): string[] {
  return paths.flatMap((p) => {
    if (p === STDIN_PATH) return [p];
    if (!fs.existsSync(p)) throw new Error(`${what}${p}: no such file or directory`);
    return expand(p);
  });
}

/** Validates files and folders (recursively: *.yaml, *.yml, *.json), and standard input for `-`. */
export function validateFiles(paths: readonly string[], options: FileValidationOptions = {}): FileReport {
  const files = expandAll(paths);
  const { previous: previousPaths, readStdin = () => fs.readFileSync(0, 'utf8'), ...engineOptions } = options;
  const parse = (file: string) => parseFile(file, readStdin);
  let engine: ValidationOptions = engineOptions;
  const previousLines: string[] = [];
  if (previousPaths !== undefined) {
    const previousFiles = expandAll(previousPaths, '--previous ');
    const previousParsed = previousFiles.flatMap(parse);
    const broken = previousParsed.find((p) => p.error);
    // A previous version that cannot be read would silently turn updates into creates.
    if (broken) throw new Error(`--previous ${broken.source.file}:${broken.source.line}: ${broken.error}`);
    const objects = previousParsed.map((p) => p.value);
    engine = { ...engineOptions, previous: previousLookup(objects) };
    previousLines.push(`previous: ${objects.length} objects in ${previousFiles.length} files compared for update-only rules`);
  }
  const parsed = files.flatMap(parse);
  for (const p of parsed) {
    const v = p.value as any;
    if (v?.kind === 'CustomResourceDefinition' && v?.spec?.names?.kind) registerCrd(v);
  }
  engine = withInputSettings(parsed.map((p) => p.value), engine, previousLines);
  const results: (ObjectResult & { source: ObjectSource })[] = [];
  const lines: string[] = [];
  const parseErrors: ParseError[] = [];
  let errors = 0;
  let warnings = 0;
  const uncheckedKinds = new Map<string, number>();
  for (const p of parsed) {
    const where = `${path.relative(process.cwd(), p.source.file) || p.source.file}:${p.source.line}`;
    if (p.error) {
      errors++;
      parseErrors.push({ file: where.slice(0, where.lastIndexOf(':')), line: p.source.line, message: p.error });
      lines.push(`${where}: error: ${p.error}`);
      continue;
    }
    const r = { ...validateObject(p.value, engine), source: p.source };
    results.push(r);
    for (const f of r.findings) {
      if (f.severity === 'error') errors++;
      else warnings++;
      lines.push(`${where} ${r.label}: ${f.severity === 'error' ? 'error: ' : ''}${formatFinding(f)}`);
    }
    if (r.coverage === 'unchecked') {
      const k = `${r.object.apiVersion} ${r.object.kind}`;
      uncheckedKinds.set(k, (uncheckedKinds.get(k) ?? 0) + 1);
    }
  }
  for (const [k, n] of [...uncheckedKinds.entries()].sort()) {
    lines.push(`unchecked: ${k} (${n} object${n === 1 ? '' : 's'}): no schema known for this kind; pass --strict to make this an error`);
  }
  const unchecked = [...uncheckedKinds.values()].reduce((a, b) => a + b, 0);
  lines.push(...previousLines);
  lines.push(`${results.length} objects in ${files.length} files: ${errors} errors, ${warnings} warnings, ${unchecked} unchecked`);
  return { results, parseErrors, files: files.length, errors, warnings, unchecked, lines };
}
