/**
 * `knative-faas-cdk validate`: the validator for manifests that were not written by this
 * library's constructs (hand-written YAML, Helm output, other cdk8s apps). The logic lives
 * here rather than in bin/ so that tests can run it in-process.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ClusterSettings, ClusterSettingsProps } from '../core/cluster-settings';
import { scanArguments, UsageError } from './cli-args';
import { FileReportOf, ObjectSummary, validateFilesSummary } from './files';
import { Finding } from './types';

/** Where the CLI writes; the real process streams by default. */
export interface CliIo {
  /** Writes one line of normal output (findings, summary, JSON). */
  readonly out: (line: string) => void;
  /** Writes one line of diagnostics (usage, bad arguments, unreadable files). */
  readonly err: (line: string) => void;
}

/** Exit codes of the CLI. */
export const EXIT_OK = 0;
/** Some manifest would be rejected by the cluster (or is unchecked under `--strict`). */
export const EXIT_INVALID = 1;
/** The command line or an input file could not be used at all. */
export const EXIT_USAGE = 2;

const USAGE = [
  'Usage: knative-faas-cdk validate <file, folder or - for stdin>... [--strict] [--fail-on-warnings] [--settings settings.json] [--previous <file or folder>]... [--format text|json]',
  '',
  'Checks Kubernetes manifests (YAML with one or more documents, JSON, List objects; folders are',
  'searched recursively for *.yaml, *.yml and *.json) the way the API server and the Knative and',
  'Istio admission webhooks would, without a cluster. CustomResourceDefinitions in the inputs are',
  'registered first, so objects of those kinds are checked too; Knative\'s ConfigMaps (config-features,',
  'config-defaults, config-br-defaults, ...) and KnativeServing/KnativeEventing objects in the inputs',
  'are read as the cluster settings the other documents are checked against.',
  '',
  'Options:',
  '  --strict             treat objects of kinds with no known schema as errors (default: reported as unchecked)',
  '  --fail-on-warnings   exit 1 when anything is accepted only with a warning (default: warnings do not fail)',
  '  --settings FILE      JSON file with the cluster\'s Knative/Istio settings (ClusterSettingsProps),',
  '                       e.g. {"serving": {"features": {"kubernetes.podspec-affinity": "Enabled"}}}',
  '  --previous PATH      the previously deployed manifests (file or folder, repeatable), e.g. the synth',
  '                       output of the main branch: objects with the same group, kind, namespace and name',
  '                       are checked as updates, so changes to immutable fields (Broker class and spec,',
  '                       Trigger broker, Channel and Subscription spec, creator annotation, BYO revision',
  '                       name reused with a changed template, ...) are errors as in the webhooks',
  '  --format text|json   output format (default: text)',
  '  -h, --help           show this help',
  '  -v, --version        show the version',
  '',
  'Input limits: a file (or standard input) over 32 MiB, with more than 200,000 YAML documents, nested deeper',
  'than 200 levels or expanding YAML aliases excessively, and devices and sockets (e.g. a *.yaml symlink to',
  '/dev/zero), binary content and invalid UTF-8 are refused, each as one error naming the file; the other',
  'files are still validated and reported.',
  '',
  'Exit status: 0 when every object is acceptable, 1 when any is not (or has a warning, with --fail-on-warnings),',
  '2 on bad arguments or when an input could not be read or was refused (the report is still printed).',
  '',
  'Other commands (each with --help):',
  '  knative-faas-cdk topology <file, folder or ->... [--format mermaid|json|markdown] [--output FILE]',
  '                       draws the event topology (sources, brokers, channels, triggers, subscribers) by tenant',
  '  knative-faas-cdk init <folder> [--name NAME] [--template NAME]',
  '                       creates a platform repository (package.json, cdk8s.yaml, main.ts, CI) to push as it is',
];

const SETTINGS_KEYS = ['serving', 'eventing', 'istio'];

/**
 * Reads a JSON file of `ClusterSettingsProps`. Throws with the file name on unreadable files,
 * bad JSON and unknown top-level keys (a misspelt `servng` would otherwise be ignored silently
 * and the validation would run against stock settings).
 */
export function loadSettingsFile(file: string): ClusterSettingsProps {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`--settings ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`--settings ${file}: not valid JSON: ${(e as Error).message}`);
  }
  return checkSettings(value, `--settings ${file}`);
}

/** Checks that a value has the shape of `ClusterSettingsProps` at the top level. */
export function checkSettings(value: unknown, what: string): ClusterSettingsProps {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${what}: must be a JSON object with any of the keys ${SETTINGS_KEYS.join(', ')}`);
  }
  for (const [key, v] of Object.entries(value)) {
    if (key === '$schema') continue;
    if (!SETTINGS_KEYS.includes(key)) {
      throw new Error(`${what}: unknown key '${key}' (allowed: ${SETTINGS_KEYS.join(', ')})`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${what}: '${key}' must be an object`);
  }
  return value as ClusterSettingsProps;
}

/**
 * JSON.stringify's replacer for reports: NaN and Infinity, which JSON cannot carry, are
 * written as the strings "NaN", "Infinity", "-Infinity" rather than as null.
 */
export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : typeof value === 'bigint' ? `${value}` : value;
}

/** The report as plain JSON, without the objects themselves (they can be large). */
export function reportToJson(report: FileReportOf<ObjectSummary>): Record<string, unknown> {
  return {
    ok: report.errors === 0,
    files: report.files,
    objects: report.results.length,
    errors: report.errors,
    warnings: report.warnings,
    unchecked: report.unchecked,
    parseErrors: report.parseErrors,
    inputErrors: report.inputErrors,
    results: report.results.map((r) => ({
      file: r.source.file,
      line: r.source.line,
      document: r.source.document,
      apiVersion: r.apiVersion,
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      coverage: r.coverage,
      findings: r.findings.map((f: Finding) => ({ ...f })),
    })),
  };
}


interface ValidateArgs {
  readonly paths: string[];
  readonly strict: boolean;
  readonly failOnWarnings: boolean;
  readonly settingsFile?: string;
  readonly previous?: string[];
  readonly format: 'text' | 'json';
}

function parseValidateArgs(args: readonly string[]): ValidateArgs {
  let strict = false;
  let failOnWarnings = false;
  let settingsFile: string | undefined;
  let previous: string[] | undefined;
  let format: 'text' | 'json' = 'text';
  const paths = scanArguments(args, (name, value, arg) => {
    switch (name) {
      case '--strict': strict = true; break;
      case '--fail-on-warnings': failOnWarnings = true; break;
      case '--settings': settingsFile = value(); break;
      case '--previous': previous = [...previous ?? [], value()]; break;
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not '${f}'`);
        format = f;
        break;
      }
      default: throw new UsageError(`unknown option ${arg}`);
    }
  });
  if (paths.length === 0) throw new UsageError('no files or folders to validate');
  return { paths, strict, failOnWarnings, settingsFile, previous, format };
}

function packageVersion(): string {
  // lib/validation in the source tree, build/lib/validation in the package.
  for (const up of ['../..', '../../..']) {
    const file = path.resolve(__dirname, up, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'knative-faas-cdk' && pkg.version) return pkg.version;
    } catch {
      // not there: try the next candidate
    }
  }
  return 'unknown';
}

/** The real process streams. */
export const PROCESS_IO: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/**
 * Runs the CLI on `argv` (the arguments after the program name) and returns the exit code.
 *
 * @example
 * process.exitCode = runCli(process.argv.slice(2));
 */
export function runCli(argv: readonly string[], io: CliIo = PROCESS_IO): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    for (const line of USAGE) (command === undefined ? io.err : io.out)(line);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (command === '-v' || command === '--version') {
    io.out(packageVersion());
    return EXIT_OK;
  }
  // The other commands load their code only when they run.
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (command === 'topology') return (require('../topology/cli') as typeof import('../topology/cli')).runTopologyCli(rest, io);
  if (command === 'init') return (require('../init/init') as typeof import('../init/init')).runInitCli(rest, io);
  /* eslint-enable @typescript-eslint/no-require-imports */
  if (command !== 'validate') {
    io.err(`knative-faas-cdk: unknown command '${command}'`);
    for (const line of USAGE) io.err(line);
    return EXIT_USAGE;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    for (const line of USAGE) io.out(line);
    return EXIT_OK;
  }
  let args: ValidateArgs;
  let settings: ClusterSettings | undefined;
  try {
    args = parseValidateArgs(rest);
    if (args.settingsFile) settings = new ClusterSettings(loadSettingsFile(args.settingsFile));
  } catch (e) {
    io.err(`knative-faas-cdk validate: ${(e as Error).message}`);
    if (e instanceof UsageError) io.err(USAGE[0]);
    return EXIT_USAGE;
  }
  let report: FileReportOf<ObjectSummary>;
  try {
    report = validateFilesSummary(args.paths, { strict: args.strict, settings, previous: args.previous });
  } catch (e) {
    io.err(`knative-faas-cdk validate: ${(e as Error).message}`);
    return EXIT_USAGE;
  }
  if (args.format === 'json') io.out(JSON.stringify(reportToJson(report), jsonReplacer, 2));
  else for (const line of report.lines) io.out(line);
  if (report.inputErrors.length) {
    io.err(`knative-faas-cdk validate: ${report.inputErrors.length} input file${report.inputErrors.length === 1 ? '' : 's'} could not be read or ${report.inputErrors.length === 1 ? 'was' : 'were'} refused: ${report.inputErrors.map((e) => e.file).join(', ')}`);
    return EXIT_USAGE;
  }
  if (args.failOnWarnings && report.warnings > 0 && report.errors === 0) {
    if (args.format === 'text') io.out(`--fail-on-warnings: ${report.warnings} warnings fail the run`);
    return EXIT_INVALID;
  }
  return report.errors > 0 ? EXIT_INVALID : EXIT_OK;
}
