/**
 * The property-based harness every public construct joins (issue: reliability).
 *
 * A case is a type-correct set of props, drawn by fast-check. It passes when it ends in one of
 * two ways, and fails (printing the shrunk case) otherwise:
 *  - a synth-time validation error: cdk8s reports every line as `[construct path] ...`, each
 *    names a field (`field: message`), none is an `[internal]` error, and nothing is written;
 *  - output that the validator accepts (strict: every kind has a schema) and that contains no
 *    `undefined`, `.nan`, `.inf` or `null` (unless the construct declares where null belongs).
 * A constructor may throw only a TypeError for what TypeScript would have refused; with
 * type-correct props nothing may throw.
 *
 * Draw records with `noNullPrototype: true` (fc.dictionary, fc.record, fc.object): objects
 * without a prototype are not what a TypeScript caller passes.
 *
 * `npm test` runs FUZZ_RUNS cases per construct (default 100, seeded by FUZZ_SEED, default 1);
 * `npm run fuzz` runs 10,000 each and writes the counts to `.fuzz/<suite>.json`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { ClusterSettings, ClusterSettingsProps } from '../../lib/core/cluster-settings';
import { WarningPolicy } from '../../lib/core/report';
import { formatFinding, validateManifests } from '../../lib/validation/engine';

/** Cases per construct. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 100);
/** The seed, so a failure in CI is replayed by `FUZZ_SEED=<seed> npm run fuzz`. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 1);

/** How a case ended. */
export type Outcome = 'error' | 'valid';

/** What a construct's fuzz target declares. */
export interface FuzzTarget<T> {
  /** The construct's name, as reported in the counts. */
  readonly name: string;
  /** Type-correct props (or whatever the builder takes). */
  readonly arbitrary: fc.Arbitrary<T>;
  /** Builds the construct(s) in `chart` (namespace `fuzz`) from one drawn value. */
  build(chart: Chart, value: T): void;
  /** Field paths (`spec.x`) where a YAML null is legitimate output. @default - none */
  readonly nullAllowedAt?: readonly string[];
  /**
   * The cluster the case is for, applied to the app and used to validate the output: for
   * constructs that need a feature flag (EventPolicy needs authentication-oidc).
   * @default - a stock cluster
   */
  readonly settings?: ClusterSettingsProps;
}

interface Counts { cases: number; errors: number; valid: number; failures: number }
const COUNTS = new Map<string, Counts>();

/** Paths (a.b[0].c) of every null in a JSON value. */
function nullPaths(value: unknown, at: string, out: string[]): void {
  if (value === null) out.push(at);
  else if (Array.isArray(value)) value.forEach((v, i) => nullPaths(v, `${at}[${i}]`, out));
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value as object)) nullPaths(v, at ? `${at}.${k}` : k, out);
}

/** Runs one case; returns how it ended or throws an Error saying why it failed. */
// Thousands of cases write and remove their output: in memory where the machine has a tmpfs.
const SCRATCH = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();

export function runCase<T>(target: FuzzTarget<T>, value: T): Outcome {
  const outdir = fs.mkdtempSync(path.join(SCRATCH, 'fuzz-'));
  try {
    const app = new App({ outdir });
    WarningPolicy.apply(app, { printWarnings: false });
    const settings = target.settings ? ClusterSettings.apply(app, target.settings) : undefined;
    const chart = new Chart(app, 'fuzz', { namespace: 'fuzz' });
    target.build(chart, value);
    try {
      app.synth();
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      const prefix = 'Validation failed with the following errors:\n';
      if (!text.startsWith(prefix)) throw new Error(`synth threw instead of reporting: ${err instanceof Error ? err.stack : text}`);
      const lines = text.slice(prefix.length).split('\n').map((l) => l.trim()).filter(Boolean);
      for (const line of lines) {
        if (!/^\[[^\]]+\] \S.*?: \S/.test(line)) throw new Error(`error does not name a construct path and a field: ${line}`);
        if (line.includes('[internal]')) throw new Error(`internal error: ${line}`);
      }
      const written = fs.readdirSync(outdir);
      if (written.length) throw new Error(`a failing app wrote ${written.join(', ')}`);
      return 'error';
    }
    const texts = fs.readdirSync(outdir).sort().map((f) => fs.readFileSync(path.join(outdir, f), 'utf8'));
    const docs = texts.flatMap((t) => parseAllDocuments(t).map((d) => d.toJS()));
    for (const t of texts) {
      // Unquoted YAML scalars that no Kubernetes field wants: NaN, infinities, JavaScript's undefined.
      const line = t.split('\n').find((l) => /(^|[\s:-])(\.nan|[-+]?\.inf|undefined)$/i.test(l.trimEnd()));
      if (line !== undefined) throw new Error(`output contains ${line.trim().split(/\s/).pop()}: ${line.trim()}`);
    }
    const nulls: string[] = [];
    for (const d of docs) nullPaths(d, '', nulls);
    const unexpected = nulls.filter((p) => !(target.nullAllowedAt ?? []).includes(p));
    if (unexpected.length) throw new Error(`output contains null at ${unexpected.join(', ')}`);
    const report = validateManifests(docs, { strict: true, settings });
    const problems = report.results.flatMap((r) => r.findings.filter((f) => f.severity === 'error').map((f) => `${r.label}: ${formatFinding(f)}`));
    if (problems.length) throw new Error(`the synthesized output is invalid:\n  ${problems.join('\n  ')}`);
    return 'valid';
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Declares a jest test that runs FUZZ_RUNS cases of `target`. Counts go to `.fuzz/` when
 * FUZZ_REPORT is set (npm run fuzz).
 */
export function fuzz<T>(target: FuzzTarget<T>, runs = FUZZ_RUNS): void {
  test(`${target.name}: ${runs} random prop sets end in a synth error naming a field, or in valid output`, () => {
    const counts: Counts = COUNTS.get(target.name) ?? { cases: 0, errors: 0, valid: 0, failures: 0 };
    COUNTS.set(target.name, counts);
    try {
      fc.assert(fc.property(target.arbitrary, (value) => {
        counts.cases++;
        try {
          counts[runCase(target, value) === 'error' ? 'errors' : 'valid']++;
        } catch (err) {
          counts.failures++;
          throw err;
        }
      }), { numRuns: runs, seed: FUZZ_SEED, endOnFailure: false });
    } finally {
      writeCounts();
    }
  });
}

function writeCounts(): void {
  const dir = process.env.FUZZ_REPORT;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const suite = path.basename(expect.getState().testPath ?? 'suite', '.test.ts');
  fs.writeFileSync(path.join(dir, `${suite}.json`), `${JSON.stringify(Object.fromEntries(COUNTS), null, 2)}\n`);
}

/** Arbitraries the targets share. */
export const arb = {
  /** A DNS-1123 label, sometimes not one (upper case, too long, empty). */
  name: (): fc.Arbitrary<string> => fc.oneof(
    { weight: 8, arbitrary: fc.stringMatching(/^[a-z]([a-z0-9-]{0,20}[a-z0-9])?$/) },
    { weight: 1, arbitrary: fc.string({ maxLength: 70 }) },
  ),
  /** Small and big, negative, fractional and non-finite numbers. */
  number: (): fc.Arbitrary<number> => fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 1000 }) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.constantFrom(2 ** 31, 2 ** 53, -1, NaN, Infinity, -Infinity) },
  ),
};
