/**
 * `npm run bench`: what the library costs over plain cdk8s, measured as users pay it.
 *
 * Every run is a fresh process, and its time includes loading the modules (the package entry
 * point for the library, `cdk8s` for plain), constructing the app and `app.synthYaml()` (which
 * runs the library's validation: that is part of the product). The two variants of a case run
 * in pairs, A B A B ..., the order flipping every pair so neither always runs on a warmer
 * machine; the table gives the medians of each side and the median of the per-pair ratios, and
 * the start-up (module load) separately. The library and plain variants must synthesize
 * byte-identical YAML (checked by hash), so the ratio measures only what the library adds.
 *
 * Cases:
 *  - services, triggers (with their Broker and subscriber Services), virtualservices: library
 *    constructs vs plain ApiObjects of the same JSON;
 *  - services-cdk8s-yaml: the library's Services written by cdk8s's YAML writer
 *    (`KNATIVE_FAAS_CDK_YAML=cdk8s`) instead of the library's: rendering and validation alone;
 *  - require: loading the package entry point vs loading cdk8s-plus-27; require-service: the
 *    entry point and its KnativeService (what the first line of a Serving app loads);
 *  - cli: `knative-faas-cdk validate` on one file of 10,000 Services, and on one small file,
 *    beside a floor that only parses the YAML and runs the compiled CRD schema (ajv).
 *
 *   npm run bench                  # the full set, 5 pairs per case
 *   npm run bench -- --quick       # small counts, 3 pairs (smoke run)
 *   npm run bench -- --pairs 9     # more pairs on a noisy machine
 *   npm run bench -- --only cli    # only the cases whose name starts with 'cli'
 *   npm run bench -- --profile     # also write V8 CPU profiles to .bench/
 *   npm run bench -- --json FILE   # also write the results as JSON
 *
 * Exits 1 only when the two variants of a case do not synthesize the same YAML; missed
 * performance targets are printed, not failed: timings on a shared machine are too noisy to gate.
 */
import { fork } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { App } from 'cdk8s';
import { RELEASE_DIR } from './shape';

/** One side of a case. */
type Side = 'a' | 'b';

interface CaseSpec {
  /** Name in the table (`services`, `cli-large`, ...). */
  readonly name: string;
  readonly count: number;
  /** What each side is, for the table header. */
  readonly labels: readonly [string, string];
  /** Whether both sides must produce the same output hash. */
  readonly sameOutput: boolean;
  /** The target for the median ratio a/b, or undefined when only reported. */
  readonly targetRatio?: number;
  /** Environment of side a's process, on top of the bench's. */
  readonly envA?: Readonly<Record<string, string>>;
}

interface Measurement {
  /** Module loading, from the start of the child to the builder being ready. */
  readonly loadMs: number;
  /** Everything: load + construct + synth (or the CLI run). */
  readonly totalMs: number;
  readonly cpuMs: number;
  readonly maxRssMiB: number;
  /** Objects (synth cases) or documents (CLI cases). */
  readonly objects: number;
  readonly sha256: string;
}

/** The repository root (this file runs from .bench/build/bench/). */
const ROOT = path.resolve(__dirname, '..', '..', '..');

/* eslint-disable @typescript-eslint/no-require-imports */
/** The work of one side of one case, run in the child after `start`. */
function work(name: string, side: Side, count: number, file: string | undefined): { loaded: number; objects: number; output: string } {
  const synth = (build: (n: number) => App) => {
    const loaded = performance.now();
    const yaml = build(count).synthYaml();
    return { loaded, objects: (yaml.match(/^kind: /gm) ?? []).length, output: yaml };
  };
  switch (name) {
    case 'services':
    case 'services-cdk8s-yaml':
    case 'triggers':
    case 'virtualservices': {
      const mod = side === 'a' ? require('./library') as typeof import('./library') : require('./plain') as typeof import('./plain');
      const lib = mod as Partial<Record<string, (n: number) => App>>;
      const key = `${side === 'a' ? 'library' : 'plain'}${name.startsWith('services') ? 'Services' : name === 'triggers' ? 'Triggers' : 'VirtualServices'}`;
      return synth(lib[key]!);
    }
    case 'tenants': {
      // The plain side reads the objects the library side produced (file, from `--prepare`).
      return synth(side === 'a' ? (require('./platform') as typeof import('./platform')).libraryTenants : () => (require('./plain') as typeof import('./plain')).plainFromDump(file!));
    }
    case 'platform-operator':
    case 'platform-release': {
      // A whole platform written to disk in three deliveries, beside the same objects written by a
      // plain cdk8s App (one file per chart): what the deliveries and the library cost on top.
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${name}-${side}-`));
      try {
        const library = side === 'a' ? require('./platform') as typeof import('./platform') : undefined;
        const plain = side === 'b' ? require('./plain') as typeof import('./plain') : undefined;
        const loaded = performance.now();
        const app = library ? library.libraryPlatform(count, name === 'platform-operator' ? 'operator' : 'release', outdir) : plain!.plainFromDump(file!, outdir);
        app.synth();
        return { loaded, objects: countKinds(outdir), output: '' };
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    }
    case 'require':
    case 'require-service': {
      // The entry point is lazy: a bare require loads only it; `require-service` also reads
      // KnativeService, which loads cdk8s and the Serving constructs (as the first line of an app).
      if (side === 'a') {
        const lib = require('../lib') as typeof import('../lib');
        if (name === 'require-service' && typeof lib.KnativeService !== 'function') throw new Error('no KnativeService');
      } else require('cdk8s-plus-27');
      return { loaded: performance.now(), objects: 0, output: '' };
    }
    case 'cli-large':
    case 'cli-small': {
      if (side === 'a') {
        const { runCli } = require('../lib/validation/cli') as typeof import('../lib/validation/cli');
        const loaded = performance.now();
        const lines: string[] = [];
        const code = runCli(['validate', file!], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
        const summary = lines[lines.length - 1] ?? '';
        if (code !== 0) throw new Error(`validate exited ${code}: ${lines.slice(-5).join('\n')}`);
        return { loaded, objects: Number(/^(\d[\d,]*) objects/.exec(summary)?.[1]?.replace(/,/g, '') ?? 0), output: '' };
      }
      // The floor: read, parse every document, run the Knative Service schema compiled by ajv.
      const { parseAllDocuments } = require('yaml') as typeof import('yaml');
      const Ajv = require('ajv').default as typeof import('ajv').default;
      const schemas = JSON.parse(fs.readFileSync(path.join(ROOT, 'imports', 'schemas', 'serving.knative.dev.json'), 'utf8'));
      const service = schemas.crds.find((c: { kind: string }) => c.kind === 'Service').versions.find((v: { name: string }) => v.name === 'v1').schema;
      const loaded = performance.now();
      const validate = new Ajv({ strict: false, allErrors: true, logger: false }).compile(service);
      let objects = 0;
      for (const doc of parseAllDocuments(fs.readFileSync(file!, 'utf8'))) {
        validate(doc.toJS());
        objects++;
      }
      return { loaded, objects, output: '' };
    }
    default:
      throw new Error(`unknown case ${name}`);
  }
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** The objects written below `dir` (`kind:` lines of its YAML files). */
function countKinds(dir: string): number {
  let n = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.yaml')) n += (fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8').match(/^kind: /gm) ?? []).length;
  }
  return n;
}

/** Runs in a child before a platform case: writes the library side's objects as JSON to `file`. */
function prepare(name: string, count: number, file: string): void {
  const mod = require('./platform') as typeof import('./platform');
  const app = name === 'tenants' ? mod.libraryTenants(count) : mod.libraryPlatform(count, name === 'platform-operator' ? 'operator' : 'release', '/nonexistent');
  mod.dumpObjects(app, file);
}

/** Runs in the child: one measurement, sent to the parent. */
function child(name: string, side: Side, count: number, file: string | undefined): void {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const { loaded, objects, output } = work(name, side, count, file);
  const end = performance.now();
  const used = process.cpuUsage(cpu);
  const result: Measurement = {
    loadMs: loaded - start,
    totalMs: end - start,
    cpuMs: (used.user + used.system) / 1000,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    objects,
    sha256: createHash('sha256').update(output).digest('hex'),
  };
  if (process.env.BENCH_DUMP && output) fs.writeFileSync(`${process.env.BENCH_DUMP}.${name}.${side}.yaml`, output);
  process.send!(result);
}

function measure(spec: CaseSpec, side: Side, file: string | undefined, profile: boolean): Promise<Measurement> {
  const execArgv = [...process.execArgv];
  if (profile) {
    fs.mkdirSync('.bench', { recursive: true });
    execArgv.push('--cpu-prof', '--cpu-prof-dir=.bench', `--cpu-prof-name=${spec.name}-${spec.count}-${side}-${Date.now()}.cpuprofile`);
  }
  const args = ['--child', spec.name, side, String(spec.count), ...(file ? [file] : [])];
  return new Promise((resolve, reject) => {
    let result: Measurement | undefined;
    const env = side === 'a' && spec.envA ? { ...process.env, ...spec.envA } : process.env;
    const proc = fork(__filename, args, { execArgv, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    proc.on('message', (m) => { result = m as Measurement; });
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code === 0 && result) resolve(result);
      else reject(new Error(`${spec.name} ${spec.count} ${side}: child exited with ${code}`));
    });
  });
}

function median(values: readonly number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

interface Row {
  readonly spec: CaseSpec;
  readonly a: Measurement[];
  readonly b: Measurement[];
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function ratioOf(r: Row): number {
  return median(r.a.map((m, i) => m.totalMs / r.b[i].totalMs));
}

function table(rows: readonly Row[]): string[] {
  const head = ['case', 'count', 'objects', 'A', 'B', 'A ms', 'B ms', 'ratio A/B', 'CPU ratio', 'A load ms', 'B load ms', 'A peak MiB', 'B peak MiB', 'same output'];
  const body = rows.map((r) => {
    const med = (ms: Measurement[], f: (m: Measurement) => number) => median(ms.map(f));
    return [
      r.spec.name, fmt(r.spec.count), fmt(r.a[0].objects), r.spec.labels[0], r.spec.labels[1],
      fmt(med(r.a, (m) => m.totalMs)), fmt(med(r.b, (m) => m.totalMs)), ratioOf(r).toFixed(2),
      median(r.a.map((m, i) => m.cpuMs / r.b[i].cpuMs)).toFixed(2),
      fmt(med(r.a, (m) => m.loadMs)), fmt(med(r.b, (m) => m.loadMs)),
      fmt(med(r.a, (m) => m.maxRssMiB)), fmt(med(r.b, (m) => m.maxRssMiB)),
      r.spec.sameOutput ? (r.a.every((m) => m.sha256 === r.b[0].sha256) && r.b.every((m) => m.sha256 === r.b[0].sha256) ? 'yes' : 'NO') : '-',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const left = (i: number) => i === 0 || i === 3 || i === 4;
  const line = (cells: string[]) => `| ${cells.map((c, i) => (left(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(head), `|${widths.map((w, i) => (left(i) ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...body.map(line)];
}

/** Writes the CLI inputs: one file of `count` plain Services, and one small file. */
function cliFiles(count: number): { large: string; small: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cli-'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { plainServices } = require('./plain') as typeof import('./plain');
  const large = path.join(dir, 'services.yaml');
  fs.writeFileSync(large, plainServices(count).synthYaml());
  const small = path.join(dir, 'small.yaml');
  fs.writeFileSync(small, plainServices(3).synthYaml());
  return { large, small };
}

const PLATFORM_CASES = ['tenants', 'platform-operator', 'platform-release'];

/** The JSON input of a platform case's plain side, written by a `--prepare` child. */
function prepared(spec: CaseSpec): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-objects-')), `${spec.name}.json`);
  return new Promise((resolve, reject) => {
    const proc = fork(__filename, ['--prepare', spec.name, String(spec.count), file], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(file) : reject(new Error(`preparing ${spec.name}: child exited with ${code}`))));
  });
}

async function main(argv: string[]): Promise<number> {
  const quick = argv.includes('--quick');
  const profile = argv.includes('--profile');
  const option = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const jsonFile = option('--json');
  const only = option('--only');
  const pairs = Number(option('--pairs') ?? (quick ? 3 : 5));
  if (!Number.isInteger(pairs) || pairs < 1) throw new Error('--pairs needs a whole number >= 1');

  const synth = (name: string, count: number): CaseSpec => ({ name, count, labels: ['library', 'plain cdk8s'] as const, sameOutput: true, targetRatio: 1.2 });
  const cliCount = quick ? 1000 : 10000;
  const specs: CaseSpec[] = [
    ...(quick ? [100, 1000] : [100, 1000, 10000, 30000]).map((n) => synth('services', n)),
    // The same Services with cdk8s's YAML writer instead of the library's: what rendering and
    // validation cost on their own (reported, no target).
    { name: 'services-cdk8s-yaml', count: 1000, labels: ['library, cdk8s YAML', 'plain cdk8s'] as const, sameOutput: true, envA: { KNATIVE_FAAS_CDK_YAML: 'cdk8s' } },
    ...(quick ? [1000] : [1000, 5000]).map((n) => synth('triggers', n)),
    synth('virtualservices', quick ? 500 : 2000),
    { name: 'require', count: 1, labels: ['knative-faas-cdk', 'cdk8s-plus-27'] as const, sameOutput: false, targetRatio: 1.2 },
    { name: 'require-service', count: 1, labels: ['+ KnativeService', 'cdk8s-plus-27'] as const, sameOutput: false, targetRatio: 1.2 },
    { name: 'cli-large', count: cliCount, labels: ['validate CLI', 'parse + ajv'] as const, sameOutput: false },
    { name: 'cli-small', count: 3, labels: ['validate CLI', 'parse + ajv'] as const, sameOutput: false },
    { name: 'tenants', count: quick ? 10 : 100, labels: ['library', 'plain cdk8s'] as const, sameOutput: true, targetRatio: 1.2 },
    { name: 'platform-operator', count: 100, labels: ['PlatformApp', 'plain cdk8s'] as const, sameOutput: false },
    ...(fs.existsSync(RELEASE_DIR) ? [{ name: 'platform-release', count: 100, labels: ['PlatformApp', 'plain cdk8s'] as const, sameOutput: false }] : []),
  ].filter((s) => !only || s.name.startsWith(only));

  const files = specs.some((s) => s.name.startsWith('cli')) ? cliFiles(cliCount) : undefined;
  const rows: Row[] = [];
  for (const spec of specs) {
    let file = spec.name === 'cli-large' ? files?.large : spec.name === 'cli-small' ? files?.small : undefined;
    if (PLATFORM_CASES.includes(spec.name)) file = await prepared(spec);
    const row: Row = { spec, a: [], b: [] };
    for (let i = 0; i < pairs; i++) {
      // A B, then B A: each pair flips the order, and each run is its own process.
      const order: Side[] = i % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
      for (const side of order) (side === 'a' ? row.a : row.b).push(await measure(spec, side, file, profile));
    }
    rows.push(row);
    process.stderr.write(`  ${spec.name} x ${spec.count}: ${spec.labels[0]} ${fmt(median(row.a.map((m) => m.totalMs)))} ms, ${spec.labels[1]} ${fmt(median(row.b.map((m) => m.totalMs)))} ms, ratio ${ratioOf(row).toFixed(2)}\n`);
  }
  if (files) fs.rmSync(path.dirname(files.large), { recursive: true, force: true });

  console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${fmt(os.totalmem() / 2 ** 30)} GiB, load average ${os.loadavg()[0].toFixed(1)}; ${pairs} pairs per case, medians`);
  console.log('time = a fresh process: module load + construct + app.synthYaml() (the library includes validation); load = module load alone; CPU ratio = median of the per-pair ratios of CPU time (user + system), steadier than wall time on a busy machine');
  for (const l of table(rows)) console.log(l);

  const problems: string[] = [];
  for (const r of rows) {
    if (r.spec.sameOutput && !(r.a.every((m) => m.sha256 === r.b[0].sha256) && r.b.every((m) => m.sha256 === r.b[0].sha256))) {
      problems.push(`${r.spec.name} x ${r.spec.count}: the two variants differ (set BENCH_DUMP=/tmp/x to compare)`);
    }
    const ratio = ratioOf(r);
    if (r.spec.targetRatio !== undefined && ratio > r.spec.targetRatio) problems.push(`${r.spec.name} x ${fmt(r.spec.count)}: ratio ${ratio.toFixed(2)} > ${r.spec.targetRatio}`);
    if (r.spec.name === 'cli-large') {
      const docsPerSecond = r.spec.count / (median(r.a.map((m) => m.totalMs)) / 1000);
      const rss = median(r.a.map((m) => m.maxRssMiB));
      console.log(`validate on one file of ${fmt(r.spec.count)} documents: ${fmt(docsPerSecond)} documents/s, peak ${fmt(rss)} MiB (floor: ${fmt(r.spec.count / (median(r.b.map((m) => m.totalMs)) / 1000))} documents/s)`);
      if (docsPerSecond < 10_000) problems.push(`validate: ${fmt(docsPerSecond)} documents/s < 10,000`);
      if (rss >= 400) problems.push(`validate: peak ${fmt(rss)} MiB >= 400 MiB`);
    }
    if (r.spec.name === 'cli-small') {
      const ms = median(r.a.map((m) => m.totalMs));
      if (ms > 150) problems.push(`validate on one small file: ${fmt(ms)} ms > 150 ms`);
    }
  }
  for (const p of problems) console.log(`target missed: ${p}`);
  if (os.loadavg()[0] > os.cpus().length) {
    console.log(`note: the machine was busy (load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs): timings are inflated and noisier`);
  }
  if (!problems.length) console.log('all targets met');
  if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify({ node: process.version, pairs, rows }, null, 2) + '\n');
  if (profile) console.log(`CPU profiles in ${path.resolve('.bench')}`);
  return problems.some((p) => p.includes('differ')) ? 1 : 0;
}

if (process.argv[2] === '--prepare') {
  prepare(process.argv[3], Number(process.argv[4]), process.argv[5]);
} else if (process.argv[2] === '--child') {
  child(process.argv[3], process.argv[4] as Side, Number(process.argv[5]), process.argv[6]);
} else {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
