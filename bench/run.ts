/**
 * `npm run bench`: how much the library costs over plain cdk8s ApiObjects.
 *
 * For each case (N Knative Services; N Triggers with their Broker and subscriber Services) it
 * builds the app with the library's constructs and with plain ApiObjects of identical JSON,
 * and times construct + `app.synthYaml()` (which runs the library's validation: that is part of
 * the product). Every measurement runs in a fresh child process, so peak memory (maxRSS) and
 * JIT warm-up do not leak from one case into the next; module loading is not timed.
 *
 *   npm run bench                  # 1,000 / 5,000 / 10,000 services, 1,000 / 5,000 triggers
 *   npm run bench -- --quick       # 1,000 of each only (CI smoke)
 *   npm run bench -- --profile     # also write V8 CPU profiles to .bench/ (open in Chrome DevTools)
 *   npm run bench -- --repeat 3    # run every case 3 times and keep the fastest (noisy machines)
 *   npm run bench -- --json FILE   # also write the results as JSON
 *
 * Exits 1 only when the two variants do not synthesize the same YAML (the comparison would be
 * meaningless); missed performance targets are printed, not failed, as timings on shared CI
 * machines are too noisy to gate on.
 */
import { fork } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { App } from 'cdk8s';

type Variant = 'library' | 'plain';
type Workload = 'services' | 'triggers';

interface Measurement {
  readonly workload: Workload;
  readonly variant: Variant;
  readonly count: number;
  /** Wall-clock time of construct + synth. */
  readonly ms: number;
  /** CPU time (user + system, all threads) of construct + synth: steadier on a shared machine. */
  readonly cpuMs: number;
  readonly maxRssMiB: number;
  readonly objects: number;
  readonly yamlBytes: number;
  readonly sha256: string;
}

interface Row {
  readonly workload: Workload;
  readonly count: number;
  readonly library: Measurement;
  readonly plain: Measurement;
}

const TARGET_RATIO = 1.5;
const TARGET_5K_MS = 10_000;
const TARGET_5K_MIB = 1024;

function builders(workload: Workload, variant: Variant): (count: number) => App {
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (variant === 'plain') {
    const plain = require('./plain') as typeof import('./plain');
    return workload === 'services' ? plain.plainServices : plain.plainTriggers;
  }
  const library = require('./library') as typeof import('./library');
  return workload === 'services' ? library.libraryServices : library.libraryTriggers;
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Runs in the child: one measurement, sent to the parent. */
function child(workload: Workload, variant: Variant, count: number): void {
  // Loading the modules is not timed; lazy work on first use (schema loading and compiling) is,
  // as every `cdk8s synth` pays it once.
  const build = builders(workload, variant);
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const app = build(count);
  const yaml = app.synthYaml();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  const result: Measurement = {
    workload, variant, count, ms, cpuMs: (used.user + used.system) / 1000,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    objects: (yaml.match(/^kind: /gm) ?? []).length,
    yamlBytes: Buffer.byteLength(yaml),
    sha256: createHash('sha256').update(yaml).digest('hex'),
  };
  if (process.env.BENCH_DUMP) fs.writeFileSync(`${process.env.BENCH_DUMP}.${workload}.${variant}.yaml`, yaml);
  process.send!(result);
}

function measure(workload: Workload, variant: Variant, count: number, profile: boolean): Promise<Measurement> {
  const execArgv = [...process.execArgv];
  if (profile) {
    fs.mkdirSync('.bench', { recursive: true });
    execArgv.push('--cpu-prof', '--cpu-prof-dir=.bench', `--cpu-prof-name=${workload}-${variant}-${count}.cpuprofile`);
  }
  return new Promise((resolve, reject) => {
    let result: Measurement | undefined;
    const proc = fork(__filename, ['--child', workload, variant, String(count)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    proc.on('message', (m) => { result = m as Measurement; });
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code === 0 && result) resolve(result);
      else reject(new Error(`${workload} ${variant} ${count}: child exited with ${code}`));
    });
  });
}

function fastest(a: Measurement | undefined, b: Measurement): Measurement {
  return a === undefined || b.ms < a.ms ? b : a;
}

function table(rows: readonly Row[]): string[] {
  const head = ['workload', 'count', 'objects', 'library ms', 'plain ms', 'ratio', 'library CPU ms', 'plain CPU ms', 'CPU ratio', 'library peak MiB', 'plain peak MiB', 'same YAML'];
  const body = rows.map((r) => [
    r.workload, r.count.toLocaleString('en-US'), r.library.objects.toLocaleString('en-US'),
    r.library.ms.toFixed(0), r.plain.ms.toFixed(0), (r.library.ms / r.plain.ms).toFixed(2),
    r.library.cpuMs.toFixed(0), r.plain.cpuMs.toFixed(0), (r.library.cpuMs / r.plain.cpuMs).toFixed(2),
    r.library.maxRssMiB.toFixed(0), r.plain.maxRssMiB.toFixed(0), r.library.sha256 === r.plain.sha256 ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(head), `|${widths.map((w, i) => (i < 2 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...body.map(line)];
}

async function main(argv: string[]): Promise<number> {
  const quick = argv.includes('--quick');
  const profile = argv.includes('--profile');
  const jsonFile = argv.includes('--json') ? argv[argv.indexOf('--json') + 1] : undefined;
  const repeat = argv.includes('--repeat') ? Number(argv[argv.indexOf('--repeat') + 1]) : 1;
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--repeat needs a whole number >= 1');
  const cases: [Workload, number][] = quick
    ? [['services', 1000], ['triggers', 1000]]
    : [['services', 1000], ['services', 5000], ['services', 10000], ['triggers', 1000], ['triggers', 5000]];

  const rows: Row[] = [];
  for (const [workload, count] of cases) {
    // Alternating plain and library runs, each in its own process and one at a time so they do
    // not compete for the CPU; with --repeat, the fastest run of each counts.
    let plain: Measurement | undefined;
    let library: Measurement | undefined;
    for (let i = 0; i < repeat; i++) {
      plain = fastest(plain, await measure(workload, 'plain', count, profile));
      library = fastest(library, await measure(workload, 'library', count, profile));
    }
    rows.push({ workload, count, library: library!, plain: plain! });
    process.stderr.write(`  ${workload} x ${count}: library ${library!.ms.toFixed(0)} ms, plain ${plain!.ms.toFixed(0)} ms\n`);
  }
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}; time = construct + app.synthYaml() (library includes validation)`);
  for (const l of table(rows)) console.log(l);

  const problems: string[] = [];
  for (const r of rows) {
    if (r.library.sha256 !== r.plain.sha256) problems.push(`${r.workload} x ${r.count}: the library and the plain objects differ (set BENCH_DUMP=/tmp/x to compare)`);
    const ratio = r.library.ms / r.plain.ms;
    if (ratio > TARGET_RATIO) problems.push(`${r.workload} x ${r.count}: ratio ${ratio.toFixed(2)} > ${TARGET_RATIO}`);
    if (r.workload === 'services' && r.count === 5000) {
      if (r.library.ms > TARGET_5K_MS) problems.push(`5,000 services took ${r.library.ms.toFixed(0)} ms > ${TARGET_5K_MS} ms`);
      if (r.library.maxRssMiB > TARGET_5K_MIB) problems.push(`5,000 services peaked at ${r.library.maxRssMiB.toFixed(0)} MiB > ${TARGET_5K_MIB} MiB`);
    }
  }
  for (const p of problems) console.log(`target missed: ${p}`);
  if (os.loadavg()[0] > os.cpus().length) {
    console.log(`note: the machine was busy (load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs), so wall times are inflated; the CPU columns are steadier`);
  }
  if (!problems.length) console.log(`all targets met (ratio <= ${TARGET_RATIO}; 5,000 services < 10 s and < 1 GiB)`);
  if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify({ node: process.version, rows }, null, 2) + '\n');
  if (profile) console.log(`CPU profiles in ${path.resolve('.bench')}`);
  // Objects that differ make the comparison meaningless: that is a failure; slow is only reported.
  return rows.some((r) => r.library.sha256 !== r.plain.sha256) ? 1 : 0;
}

if (process.argv[2] === '--child') {
  child(process.argv[3] as Workload, process.argv[4] as Variant, Number(process.argv[5]));
} else {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
