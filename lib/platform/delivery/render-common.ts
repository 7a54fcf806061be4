/** What the three deliveries share when they write: YAML, names, paths. */
import { Yaml } from 'cdk8s';
import { DeliveryPlan, ObjectJson, PlannedObject, PlannedUnit, phaseFolder } from './plan';

/** Output files: path below the outdir → content. */
export type Files = Map<string, string>;

/** Deterministic YAML of some documents, as cdk8s writes them. */
export function yamlOf(docs: readonly unknown[]): string {
  return docs.length ? Yaml.stringify(...docs) : '';
}

/** Removes undefined members (deep), so nothing renders as `undefined`. */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact) as unknown as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v !== undefined) out[k] = compact(v);
    return out as T;
  }
  return value;
}

/** The folder of a unit below a phase folder root: `02-controllers/01-istiod`. */
export function unitFolder(unit: PlannedUnit): string {
  return `${phaseFolder(unit.phase)}/${unit.folder}`;
}

/** The annotations CRDs get in the GitOps component folders, so neither tool ever prunes them. */
const CRD_ANNOTATIONS = {
  'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
};

function withAnnotations(json: ObjectJson, annotations: Record<string, string>): ObjectJson {
  return { ...json, metadata: { ...json.metadata, annotations: { ...(json.metadata?.annotations ?? {}), ...annotations } } };
}

/**
 * An object as the GitOps component folders hold it: CRDs protected from pruning, and objects
 * that need a CRD of their own component in Argo CD sync wave 1 of that component's Application
 * (Argo CD applies wave 0 and waits for it to be healthy first).
 */
export function gitOpsObject(o: PlannedObject): ObjectJson {
  let json = o.json;
  if (json.kind === 'CustomResourceDefinition' && json.apiVersion?.startsWith('apiextensions.k8s.io/')) json = withAnnotations(json, CRD_ANNOTATIONS);
  if (o.late) json = withAnnotations(json, { 'argocd.argoproj.io/sync-wave': '1' });
  return json;
}

/** The component folders Argo CD and Flux read: `components/<NN-phase>/<NN-unit>/manifests.yaml`. */
export function componentFiles(plan: DeliveryPlan, files: Files, withHelmReleases?: (u: PlannedUnit) => unknown[]): void {
  for (const u of plan.units) {
    if (u.helm) {
      const docs = withHelmReleases?.(u);
      if (docs?.length) files.set(`components/${unitFolder(u)}/helmrelease.yaml`, yamlOf(docs));
      continue;
    }
    files.set(`components/${unitFolder(u)}/manifests.yaml`, yamlOf(u.objects.map(gitOpsObject)));
  }
}

/** A path inside the repository: the repository path joined with a path below the outdir. */
export function repoPath(base: string, sub: string): string {
  const parts = [...base.split('/'), ...sub.split('/')].filter((p) => p !== '' && p !== '.');
  return parts.join('/');
}
