/**
 * Ordering is a property of every output: over random platforms, no custom resource comes in an
 * earlier phase, wave, Kustomization or apply step than its CRD; nothing a webhook intercepts
 * comes before the webhook's Deployment; Argo CD waves and Flux dependsOn agree with the phases;
 * the output is byte-identical twice and its Argo CD and Flux objects validate; install.sh passes
 * shellcheck. A platform that cannot be ordered ends in synth errors naming the construct and
 * the field, with nothing written.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { WarningPolicy } from '../../../lib/core/report';
import { PHASE_ORDER } from '../../../lib/platform/model';
import { validateManifests } from '../../../lib/validation/engine';
import { loadExample } from '../../../scripts/synth-examples';
import { FUZZ_SEED } from '../../fuzz/harness';
import { buildPlatform, platformSpec } from './arbitrary';
import { GROUP } from './fixtures';
import { Doc, docs, manifests, newApp, readTree, shellcheck, SHELLCHECK } from './support';

const RUNS = Number(process.env.ORDERING_RUNS ?? 40);

interface Unit { readonly name: string; readonly phase: number; readonly objects: Doc[] }

function unitsOf(tree: Record<string, string>): Map<string, Unit> {
  const units = new Map<string, Unit>();
  for (const [file, text] of Object.entries(tree)) {
    const m = /^components\/(\d\d)-[a-z]+\/\d+-([a-z0-9-]+)\/(manifests|helmrelease)\.yaml$/.exec(file);
    if (m) units.set(m[2], { name: m[2], phase: Number(m[1]), objects: m[3] === 'manifests' ? docs(text) : [] });
  }
  return units;
}

function closure(deps: Map<string, string[]>, from: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...(deps.get(from) ?? [])];
  while (stack.length) {
    const d = stack.pop()!;
    if (seen.has(d)) continue;
    seen.add(d);
    stack.push(...(deps.get(d) ?? []));
  }
  return seen;
}

function checkOutput(tree: Record<string, string>): void {
  const units = unitsOf(tree);
  const waves = new Map(manifests(tree, 'argocd/apps/').map((a) => [a.metadata.name as string, Number(a.metadata.annotations['argocd.argoproj.io/sync-wave'])]));
  const ks = manifests(tree, 'flux/').filter((d) => d.kind === 'Kustomization');
  const deps = new Map<string, string[]>(ks.map((k) => [k.metadata.name, (k.spec.dependsOn ?? []).map((d: { name: string }) => d.name)]));
  expect([...waves.keys()].sort()).toEqual([...units.keys()].sort());
  expect([...deps.keys()].sort()).toEqual([...units.keys()].sort());

  // The plain script: the line of each unit's apply (or helm) steps, and of each wait.
  const script = tree['plain/install.sh'].split('\n');
  const lineOf = (pattern: RegExp): number => script.findIndex((l) => pattern.test(l));
  const applyLine = (u: Unit, late = false): number => lineOf(u.objects.length
    ? new RegExp(`^(apply|apply_server_side) \\d\\d-[a-z]+/\\d+-${u.name}${late ? '\\.2' : ''}\\.yaml$`)
    : new RegExp(`^helm_install .* values/${u.name}\\.values\\.yaml `));

  // Phases: waves and dependsOn agree with them, and so does the script.
  for (const a of units.values()) {
    for (const b of units.values()) {
      if (a.phase < b.phase) {
        expect(waves.get(a.name)!).toBeLessThan(waves.get(b.name)!);
        expect(closure(deps, b.name).has(a.name)).toBe(true);
        expect(applyLine(a)).toBeLessThan(applyLine(b));
      }
    }
    for (const d of deps.get(a.name) ?? []) expect(units.get(d)!.phase).toBeLessThanOrEqual(a.phase);
  }

  const where = new Map<Doc, Unit>();
  for (const u of units.values()) for (const o of u.objects) where.set(o, u);
  const crdOf = (kind: string): [Doc, Unit] | undefined => [...where].find(([o]) => o.kind === 'CustomResourceDefinition' && o.spec.names.kind === kind);
  for (const [o, u] of where) {
    if (!String(o.apiVersion).startsWith(`${GROUP}/`)) continue;
    const found = crdOf(o.kind);
    if (found) {
      const [c, v] = found;
      expect(v.phase).toBeLessThanOrEqual(u.phase);
      const crdWait = lineOf(new RegExp(`^wait_condition customresourcedefinition\\.v1\\.apiextensions\\.k8s\\.io/${c.metadata.name.replace(/\./g, '\\.')} "" Established`));
      if (v === u) {
        // Its own component's CRD: the second apply step, after the wait; wave 1 inside Argo CD's Application.
        expect(o.metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBe('1');
        expect(tree[Object.keys(tree).find((f) => f.startsWith('plain/') && f.endsWith(`-${u.name}.2.yaml`))!]).toContain(`name: ${o.metadata.name}`);
        expect(applyLine(u)).toBeLessThan(crdWait);
        expect(crdWait).toBeLessThan(applyLine(u, true));
      } else {
        expect(waves.get(v.name)!).toBeLessThan(waves.get(u.name)!);
        expect(closure(deps, u.name).has(v.name)).toBe(true);
        expect(applyLine(v)).toBeLessThan(crdWait);
        expect(crdWait).toBeLessThan(applyLine(u));
      }
    }
    // Webhooks of other components that intercept it: their Deployment comes first and is rolled out.
    for (const [hook, w] of where) {
      if (hook.kind !== 'ValidatingWebhookConfiguration' || w === u) continue;
      const resources: string[] = hook.webhooks.flatMap((h: Doc) => (h.rules ?? []).flatMap((r: Doc) => r.resources));
      if (!resources.includes(`${o.kind.toLowerCase()}s`)) continue;
      const service = hook.webhooks[0].clientConfig.service.name;
      expect(w.phase).toBeLessThanOrEqual(u.phase);
      expect(waves.get(w.name)!).toBeLessThan(waves.get(u.name)!);
      expect(closure(deps, u.name).has(w.name)).toBe(true);
      const rollout = lineOf(new RegExp(`^rollout deployment\\.v1\\.apps/${service} default$`));
      expect(rollout).toBeGreaterThan(applyLine(w));
      expect(rollout).toBeLessThan(applyLine(u, !!o.metadata.annotations?.['argocd.argoproj.io/sync-wave']));
    }
  }

  // The Argo CD and Flux objects validate against their CRDs.
  const gitops = [...manifests(tree, 'argocd/'), ...manifests(tree, 'flux/'), ...Object.entries(tree).filter(([f]) => f.endsWith('helmrelease.yaml')).flatMap(([, t]) => docs(t))];
  const report = validateManifests(gitops, { strict: true });
  expect(report.results.filter((r) => r.coverage !== 'custom-resource').map((r) => r.label)).toEqual([]);
  expect(report.results.flatMap((r) => r.findings.filter((f) => f.severity === 'error').map((f) => `${r.label}: ${f.field}: ${f.message}`))).toEqual([]);
  expect(PHASE_ORDER.length).toBe(4);
}

test(`ordering holds in every delivery of ${RUNS} random platforms`, () => {
  let valid = 0;
  let failing = 0;
  let checkedScripts = 0;
  fc.assert(fc.property(platformSpec(), (spec) => {
    const app = newApp();
    WarningPolicy.apply(app, { printWarnings: false });
    buildPlatform(app, spec);
    fs.rmSync(app.outdir, { recursive: true, force: true });
    try {
      let message = '';
      try {
        app.synth();
      } catch (err) {
        message = err instanceof Error ? err.message : String(err);
      }
      if (message) {
        failing++;
        expect(message).toMatch(/^Validation failed with the following errors:\n/);
        for (const line of message.split('\n').slice(1).map((l) => l.trim()).filter(Boolean)) {
          expect(line).toMatch(/^\[[^\]]+\] (apiVersion|kind|dependsOn): /);
        }
        expect(fs.existsSync(app.outdir)).toBe(false);
        return;
      }
      valid++;
      const tree = readTree(app.outdir);
      checkOutput(tree);
      app.synth();
      expect(readTree(app.outdir)).toEqual(tree);
      if (checkedScripts < 5) {
        checkedScripts++;
        const result = shellcheck(path.join(app.outdir, 'plain/install.sh'));
        if (result !== undefined) expect(result).toBe('');
      }
    } finally {
      fs.rmSync(app.outdir, { recursive: true, force: true });
    }
  }), { numRuns: RUNS, seed: FUZZ_SEED });
  if (!fs.existsSync(SHELLCHECK)) console.warn(`shellcheck skipped: ${SHELLCHECK} is not installed (CI installs it)`);
  // The generator reaches both outcomes.
  expect(valid).toBeGreaterThan(RUNS / 4);
  expect(failing).toBeGreaterThan(0);
});

// The same property over the complete platforms of examples/ (Istio charts, Knative through the
// operator and from the 1.23 release manifests, a tenant's functions).
describe.each(['platform-operator', 'platform-release'])('the %s example', (name) => {
  const mod = loadExample(name);
  if (mod.skip) console.warn(`ordering of ${name} skipped: ${mod.skip}`);
  (mod.skip ? test.skip : test)('is ordered in every delivery, and its install script passes shellcheck', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `ordering-${name}-`));
    try {
      mod.buildApp(outdir).synth();
      checkOutput(readTree(outdir));
      const result = shellcheck(path.join(outdir, 'plain/install.sh'));
      if (result !== undefined) expect(result).toBe('');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
