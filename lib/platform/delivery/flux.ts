/**
 * The Flux delivery: a GitRepository of the user's repository, a HelmRepository per chart
 * repository, and one Kustomization per unit, chained with `dependsOn` in the install order and
 * waiting for health, so a unit starts once everything before it is healthy. A Helm component is
 * a HelmRelease in the component's folder, applied by its Kustomization (Kustomizations can only
 * wait for Kustomizations), and its HelmRelease `dependsOn` the Helm releases before it.
 */
import { createHash } from 'crypto';
import { PHASE_ORDER } from '../model';
import { DeliveryPlan, PlannedUnit, phaseFolder } from './plan';
import { compact, Files, repoPath, unitFolder, yamlOf } from './render-common';
import { GitRepositoryRef } from './types';

/** The resolved options of the Flux delivery. */
export interface FluxOptions {
  readonly namespace: string;
  readonly sourceName: string;
  readonly sourceInterval: string;
  readonly interval: string;
  readonly retryInterval: string;
  readonly timeout: string;
  readonly prune: boolean;
}

/** The name of the HelmRepository of a chart repository URL: readable, and unique by a hash. */
export function helmRepositoryName(url: string): string {
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 8);
  const readable = url.replace(/^[a-z]+:\/\//, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50).replace(/-+$/, '');
  return `${readable || 'charts'}-${hash}`;
}

function gitRef(revision: string): Record<string, string> {
  if (/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(revision)) return { commit: revision };
  if (revision.startsWith('refs/')) return { name: revision };
  return { branch: revision };
}

/** What a unit's Kustomization depends on: what it comes after, and the whole phase before it. */
function dependencies(plan: DeliveryPlan, u: PlannedUnit): PlannedUnit[] {
  const i = PHASE_ORDER.indexOf(u.phase);
  let previous: PlannedUnit[] = [];
  for (let p = i - 1; p >= 0 && previous.length === 0; p--) previous = plan.units.filter((x) => x.phase === PHASE_ORDER[p]);
  return plan.units.filter((x) => x !== u && (u.after.has(x) || previous.includes(x)));
}

/** The Flux objects of a plan. */
export function fluxObjects(plan: DeliveryPlan, repo: GitRepositoryRef, o: FluxOptions): {
  source: Record<string, unknown>;
  helmRepositories: Record<string, unknown>[];
  kustomizations: Map<PlannedUnit, Record<string, unknown>>;
  helmReleases: Map<PlannedUnit, Record<string, unknown>>;
} {
  const labels = { 'app.kubernetes.io/part-of': o.sourceName, 'app.kubernetes.io/managed-by': 'knative-faas-cdk' };
  const source = {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: o.sourceName, namespace: o.namespace, labels },
    spec: { interval: o.sourceInterval, url: repo.url, ref: gitRef(repo.revision) },
  };
  const repoUrls = [...new Set(plan.units.filter((u) => u.helm).map((u) => u.helm!.chart.repository))];
  const helmRepositories = repoUrls.map((url) => compact({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: { name: helmRepositoryName(url), namespace: o.namespace, labels },
    spec: { interval: o.sourceInterval, url, type: url.startsWith('oci://') ? 'oci' : undefined },
  }));
  const kustomizations = new Map<PlannedUnit, Record<string, unknown>>();
  const helmReleases = new Map<PlannedUnit, Record<string, unknown>>();
  for (const u of plan.units) {
    const deps = dependencies(plan, u);
    const explicit = u.waits.filter((w) => !w.derived);
    let healthChecks: Record<string, unknown>[] | undefined;
    if (explicit.length) {
      // With explicit health checks Flux checks exactly those (wait: true would ignore them),
      // so the derived ones, and the HelmRelease, are listed too.
      const refs = u.helm
        ? [{ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: u.name, namespace: o.namespace }]
        : u.waits.filter((w) => w.derived).map((w) => ({ apiVersion: w.apiVersion, kind: w.kind, name: w.name, namespace: w.namespace }));
      healthChecks = [...refs, ...explicit.map((w) => ({ apiVersion: w.apiVersion, kind: w.kind, name: w.name, namespace: w.namespace }))];
    }
    kustomizations.set(u, compact({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: u.name, namespace: o.namespace, labels: { ...labels, 'platform.knative-faas-cdk.io/phase': u.phase } },
      spec: {
        interval: o.interval,
        retryInterval: o.retryInterval,
        timeout: o.timeout,
        path: `./${repoPath(repo.path, `components/${unitFolder(u)}`)}`,
        prune: o.prune,
        wait: healthChecks ? undefined : true,
        healthChecks,
        sourceRef: { kind: 'GitRepository', name: o.sourceName },
        dependsOn: deps.length ? deps.map((d) => ({ name: d.name })) : undefined,
      },
    }));
    if (u.helm) {
      const h = u.helm;
      const helmDeps = deps.filter((d) => d.helm);
      helmReleases.set(u, compact({
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: u.name, namespace: o.namespace, labels },
        spec: {
          interval: o.interval,
          timeout: o.timeout,
          releaseName: h.releaseName,
          targetNamespace: h.namespace,
          storageNamespace: h.namespace,
          chart: { spec: { chart: h.chart.chart, version: h.chart.version, sourceRef: { kind: 'HelmRepository', name: helmRepositoryName(h.chart.repository), namespace: o.namespace }, interval: o.sourceInterval } },
          install: { createNamespace: true, remediation: { retries: 3 } },
          upgrade: { remediation: { retries: 3 } },
          values: h.values,
          dependsOn: helmDeps.length ? helmDeps.map((d) => ({ name: d.name, namespace: o.namespace })) : undefined,
        },
      }));
    }
  }
  return { source, helmRepositories, kustomizations, helmReleases };
}

/** Writes `flux/` (the HelmReleases go to their components' folders, see componentFiles). */
export function fluxFiles(plan: DeliveryPlan, objects: ReturnType<typeof fluxObjects>, files: Files): void {
  files.set('flux/source.yaml', yamlOf([objects.source]));
  if (objects.helmRepositories.length) files.set('flux/helm-repositories.yaml', yamlOf(objects.helmRepositories));
  for (const phase of PHASE_ORDER) {
    const docs = plan.units.filter((u) => u.phase === phase).map((u) => objects.kustomizations.get(u)!);
    if (docs.length) files.set(`flux/${phaseFolder(phase)}.yaml`, yamlOf(docs));
  }
}
