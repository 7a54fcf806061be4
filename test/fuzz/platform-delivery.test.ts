/**
 * Fuzz target of PlatformApp and its deliveries (the harness's rules, for an App that writes
 * folders): random platforms (arbitrary.ts) with random, type-correct delivery props, nasty values
 * included (NaN, Infinity, 2^31, fractional and negative numbers, sub-millisecond and NaN
 * Durations, bad URLs, revisions, paths and names, Helm specs with non-JSON values). A case passes
 * when it ends in synth errors that each name a construct path and a field (no `[internal]`) with
 * nothing written, or in output whose every manifest passes the strict validator and holds no
 * null, `.nan`, `.inf` or `undefined`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration } from 'cdk8s';
import fc from 'fast-check';
import { WarningPolicy } from '../../lib/core/report';
import { HealthCheck, Phase, PHASE_ORDER, PlatformComponent } from '../../lib/platform/model';
import { ArgoCdDelivery, FluxDelivery, GitRepositoryRef, PlainDelivery, PlatformApp, PlatformDeliveries } from '../../lib/platform/delivery';
import { formatFinding, validateManifests } from '../../lib/validation/engine';
import { buildPlatform, platformSpec, PlatformSpec } from '../platform/delivery/arbitrary';
import { configMap, GROUP } from '../platform/delivery/fixtures';
import { docs, readTree, SCRATCH } from '../platform/delivery/support';
import { arb, FUZZ_RUNS, FUZZ_SEED } from './harness';

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const rarely = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: bad });
const dur = (): fc.Arbitrary<Duration> => rarely(
  fc.integer({ min: 1, max: 3_600_000 }).map((ms) => Duration.millis(ms)),
  fc.constantFrom(Duration.seconds(NaN), Duration.seconds(Infinity), Duration.millis(0.5), Duration.millis(0), Duration.millis(1500), Duration.seconds(1e12)),
);
const num = (): fc.Arbitrary<number> => rarely(fc.integer({ min: 0, max: 10 }), arb.number());
const text = (good: string[], bad: string[] = []): fc.Arbitrary<string> => rarely(fc.constantFrom(...good), fc.oneof(fc.constantFrom('', ' ', 'UPPER', 'a'.repeat(300), ...bad), fc.string({ maxLength: 20 })));

const repository = (): fc.Arbitrary<GitRepositoryRef> => fc.record({
  url: text(['https://git.example.org/platform/cluster.git', 'ssh://git@git.example.org/platform/cluster.git'], ['git@git.example.org:platform/cluster.git', 'http://', 'file:///repo']),
  revision: text(['main', 'refs/tags/v1.2.0', 'a'.repeat(40)], ['a..b', 'x:y', '-']),
  path: text(['dist', '', '.', 'clusters/prod'], ['../up', '/abs', 'with space']),
}, { noNullPrototype: true });

const deliveries = (): fc.Arbitrary<PlatformDeliveries> => fc.record({
  plain: opt(fc.record<PlainDelivery>({ timeout: opt(dur()), fieldManager: opt(text(['ci', 'platform-ci'])) }, { requiredKeys: [], noNullPrototype: true })),
  argoCd: opt(fc.record<ArgoCdDelivery>({
    namespace: opt(arb.name()), project: opt(arb.name()), rootName: opt(arb.name()),
    destinationServer: opt(text(['https://kubernetes.default.svc', 'https://10.0.0.1:6443'], ['kubernetes'])),
    automated: opt(fc.boolean()), prune: opt(fc.boolean()), selfHeal: opt(fc.boolean()),
    retry: opt(fc.record({ limit: opt(num()), factor: opt(num()), duration: opt(dur()), maxDuration: opt(dur()) }, { requiredKeys: [], noNullPrototype: true })),
  }, { requiredKeys: [], noNullPrototype: true })),
  flux: opt(fc.record<FluxDelivery>({
    namespace: opt(arb.name()), sourceName: opt(arb.name()),
    sourceInterval: opt(dur()), interval: opt(dur()), retryInterval: opt(dur()), timeout: opt(dur()), prune: opt(fc.boolean()),
  }, { requiredKeys: [], noNullPrototype: true })),
}, { requiredKeys: [], noNullPrototype: true });

const jsonish = (): fc.Arbitrary<unknown> => rarely(
  fc.jsonValue({ maxDepth: 2 }).filter((v) => v !== null),
  fc.constantFrom(NaN, Infinity, -Infinity, 2 ** 31, 0.1),
);

interface Case {
  readonly repository?: GitRepositoryRef;
  readonly deliveries: PlatformDeliveries;
  readonly platform: PlatformSpec;
  readonly helm?: { name: string; phase: Phase; repo: string; chart: string; version: string; releaseName: string; namespace: string; values: Record<string, unknown>; healthChecks: HealthCheck[] };
  readonly appName?: string;
}

const cases = (): fc.Arbitrary<Case> => fc.record({
  repository: rarely(repository(), fc.constant(undefined)),
  deliveries: deliveries(),
  platform: platformSpec(),
  helm: opt(fc.record({
    name: arb.name(),
    phase: fc.constantFrom(...PHASE_ORDER),
    repo: text(['https://charts.example.org', 'oci://ghcr.io/example'], ['ftp://x', 'oci://']),
    chart: text(['istiod', 'knative-operator'], ['a/b']),
    version: text(['1.30.3', 'v1.2.3', '1.0.0-rc.1'], ['^1.2', '>=1', '1.x', 'latest']),
    releaseName: arb.name(),
    namespace: arb.name(),
    values: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), jsonish(), { maxKeys: 3, noNullPrototype: true }),
    healthChecks: fc.array(fc.record({
      apiVersion: text(['apps/v1', 'operator.knative.dev/v1beta1'], ['v1/', 'apps/']),
      kind: text(['Deployment', 'KnativeServing'], ['a b']),
      name: arb.name(),
      namespace: opt(arb.name()),
      condition: text(['Available', 'Ready'], ['']),
    }, { requiredKeys: ['apiVersion', 'kind', 'name', 'condition'], noNullPrototype: true }), { maxLength: 2 }),
  }, { noNullPrototype: true })),
  appName: opt(arb.name()),
}, { requiredKeys: ['deliveries', 'platform'], noNullPrototype: true });

function nullPaths(value: unknown, at: string, out: string[]): void {
  if (value === null) out.push(at);
  else if (Array.isArray(value)) value.forEach((v, i) => nullPaths(v, `${at}[${i}]`, out));
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value as object)) nullPaths(v, at ? `${at}.${k}` : k, out);
}

function runCase(c: Case): 'error' | 'valid' {
  const outdir = fs.mkdtempSync(path.join(SCRATCH, 'fuzz-delivery-'));
  fs.rmSync(outdir, { recursive: true });
  try {
    const app = new PlatformApp({ outdir, repository: c.repository, deliveries: c.deliveries });
    WarningPolicy.apply(app, { printWarnings: false });
    buildPlatform(app, c.platform);
    if (c.helm) {
      const h = c.helm;
      new PlatformComponent(app, `h-${h.name}`.replace(/[\]/]/g, '-').slice(0, 60), {
        phase: h.phase,
        healthChecks: h.healthChecks,
        helm: { chart: { repository: h.repo, chart: h.chart, version: h.version }, releaseName: h.releaseName, namespace: h.namespace, values: h.values },
      });
    }
    if (c.appName !== undefined) configMap(new Chart(app, `x${c.appName}`.replace(/[\]/]/g, '-')), 'settings', 'default');
    try {
      app.synth();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const prefix = 'Validation failed with the following errors:\n';
      if (!message.startsWith(prefix)) throw new Error(`synth threw instead of reporting: ${err instanceof Error ? err.stack : message}`);
      for (const line of message.slice(prefix.length).split('\n').map((l) => l.trim()).filter(Boolean)) {
        if (!/^\[[^\]]+\] \S.*?: \S/.test(line)) throw new Error(`error does not name a construct path and a field: ${line}`);
        if (line.includes('[internal]')) throw new Error(`internal error: ${line}`);
      }
      if (fs.existsSync(outdir)) throw new Error(`a failing app wrote ${fs.readdirSync(outdir).join(', ')}`);
      return 'error';
    }
    const tree = readTree(outdir);
    for (const [file, t] of Object.entries(tree)) {
      const line = t.split('\n').find((l) => /(^|[\s:=-])(\.nan|[-+]?\.inf|undefined|NaN|Infinity)$/i.test(l.trimEnd()));
      if (line !== undefined) throw new Error(`${file} contains ${line.trim()}`);
    }
    const objects = Object.entries(tree).filter(([f]) => /\.ya?ml$/.test(f) && !f.endsWith('.values.yaml')).flatMap(([, t]) => docs(t));
    // Helm values may hold nulls (Helm's "remove this default"); nothing else may.
    const nulls: string[] = [];
    for (const o of objects) nullPaths(o, '', nulls);
    const unexpected = nulls.filter((p) => !/^spec\.(source\.helm\.valuesObject|values)[.[]/.test(p));
    if (unexpected.length) throw new Error(`output contains null at ${unexpected.join(', ')}`);
    const report = validateManifests(objects, { strict: true });
    // Custom resources whose CRD the drawn platform does not hold (it would come with a Helm
    // chart) cannot be checked; everything else must be.
    const checkable = report.results.filter((r) => !(r.coverage === 'unchecked' && String(r.object.apiVersion).startsWith(`${GROUP}/`)));
    const problems = checkable.flatMap((r) => r.findings.filter((f) => f.severity === 'error').map((f) => `${r.label}: ${formatFinding(f)}`));
    if (problems.length) throw new Error(`the synthesized output is invalid:\n  ${problems.join('\n  ')}`);
    return 'valid';
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

test(`PlatformApp: ${FUZZ_RUNS} random platforms and delivery props end in a synth error naming a field, or in valid output`, () => {
  const counts = { error: 0, valid: 0 };
  fc.assert(fc.property(cases(), (c) => {
    counts[runCase(c)]++;
  }), { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: false });
  if (process.env.FUZZ_REPORT) {
    fs.mkdirSync(process.env.FUZZ_REPORT, { recursive: true });
    fs.writeFileSync(path.join(process.env.FUZZ_REPORT, 'platform-delivery.json'), `${JSON.stringify({ PlatformApp: { cases: counts.error + counts.valid, ...counts, failures: 0 } }, null, 2)}\n`);
  }
  expect(counts.valid).toBeGreaterThan(0);
});
