/**
 * The kustomize form of a Knative install: kustomizations that reference Knative's release files
 * by URL and patch what the typed configuration changes, instead of copying the manifests.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as YamlModule from 'yaml';
import { ConfigMapData } from './options';
import { RELEASE_FILES, ReleaseFile, releaseUrl } from './release';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = (): typeof YamlModule => require('yaml') as typeof YamlModule;

/** What one kustomization of the install needs. */
export interface KustomizeInput {
  readonly from: string;
  readonly version: string;
  readonly serving: boolean;
  readonly netIstio: boolean;
  readonly hpaAutoscaler: boolean;
  readonly eventing: boolean;
  readonly inMemoryChannel: boolean;
  readonly mtChannelBroker: boolean;
  readonly eventingTls: boolean;
  readonly data: ConfigMapData;
  readonly namespaceLabels: Record<string, Record<string, string>>;
  readonly gatewaySelector?: Record<string, string>;
  readonly gatewayNamespace?: string;
  readonly replicas?: number;
}

/** The control-plane Deployments of Knative 1.23 (scaled by `replicas`), per release file. */
const DEPLOYMENTS: Record<string, readonly string[]> = {
  'serving-core.yaml': ['autoscaler', 'controller'],
  'serving-hpa.yaml': ['autoscaler-hpa'],
  'net-istio.yaml': ['net-istio-controller', 'net-istio-webhook'],
  'eventing-core.yaml': ['eventing-controller', 'job-sink'],
  'in-memory-channel.yaml': ['imc-controller', 'imc-dispatcher'],
  'mt-channel-broker.yaml': ['mt-broker-controller'],
};
/** The HPAs of Knative 1.23 and their shipped bounds, for the operator's HA rule (min raised, max by as much). */
const HPAS: Record<string, readonly { name: string; namespace: string; min: number; max: number }[]> = {
  'serving-core.yaml': [{ name: 'activator', namespace: 'knative-serving', min: 1, max: 20 }, { name: 'webhook', namespace: 'knative-serving', min: 1, max: 5 }],
  'eventing-core.yaml': [{ name: 'eventing-webhook', namespace: 'knative-eventing', min: 1, max: 5 }],
  'mt-channel-broker.yaml': [{ name: 'broker-ingress-hpa', namespace: 'knative-eventing', min: 1, max: 10 }, { name: 'broker-filter-hpa', namespace: 'knative-eventing', min: 1, max: 10 }],
};

function dump(v: unknown): string {
  return yaml().stringify(v, { lineWidth: 0 });
}

function sorted<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function kustomization(input: KustomizeInput, files: ReleaseFile[], namespace: string): Record<string, string> {
  const out: Record<string, string> = {};
  const patches: Record<string, unknown>[] = [];
  // ConfigMaps: strategic-merge patches, so the release's other keys (queue-sidecar-image, _example) stay.
  for (const [cm, data] of Object.entries(input.data[namespace] ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const file = `patches/${cm}.yaml`;
    out[file] = dump({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: cm, namespace }, data: sorted(data) });
    patches.push({ path: file });
  }
  const labels = input.namespaceLabels[namespace];
  if (labels && Object.keys(labels).length) {
    const file = `patches/namespace-${namespace}.yaml`;
    out[file] = dump({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: sorted(labels) } });
    patches.push({ path: file });
  }
  const names = files.map((f) => f.name);
  if (input.gatewaySelector && names.includes(RELEASE_FILES.netIstio.name)) {
    // JSON patches: a strategic merge would add to Istio's default selector, not replace it.
    for (const gw of ['knative-ingress-gateway', 'knative-local-gateway']) {
      patches.push({ target: { group: 'networking.istio.io', kind: 'Gateway', name: gw, namespace }, patch: dump([{ op: 'replace', path: '/spec/selector', value: sorted(input.gatewaySelector) }]) });
    }
    const svcOps: Record<string, unknown>[] = [{ op: 'replace', path: '/spec/selector', value: sorted(input.gatewaySelector) }];
    if (input.gatewayNamespace) svcOps.push({ op: 'replace', path: '/metadata/namespace', value: input.gatewayNamespace });
    patches.push({ target: { kind: 'Service', name: 'knative-local-gateway', namespace: 'istio-system' }, patch: dump(svcOps) });
  }
  const body: Record<string, unknown> = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: files.map((f) => releaseUrl(input.from, f, input.version)),
  };
  if (patches.length) body.patches = patches;
  const n = input.replicas;
  if (n !== undefined) {
    body.replicas = names.flatMap((f) => DEPLOYMENTS[f] ?? []).map((name) => ({ name, count: n }));
    for (const f of names) {
      for (const h of HPAS[f] ?? []) {
        if (h.min >= n) continue;
        patches.push({ target: { group: 'autoscaling', kind: 'HorizontalPodAutoscaler', name: h.name, namespace: h.namespace }, patch: dump([
          { op: 'replace', path: '/spec/minReplicas', value: n }, { op: 'replace', path: '/spec/maxReplicas', value: h.max + (n - h.min) },
        ]) });
      }
    }
    if (patches.length) body.patches = patches;
  }
  out['kustomization.yaml'] = dump(body);
  return out;
}

/**
 * The files of the kustomize form, by path relative to the folder they are written to:
 * `serving/kustomization.yaml` (+ `serving/patches/*.yaml`), `eventing/...`, and a top-level
 * `kustomization.yaml` naming both.
 */
export function kustomizeFiles(input: KustomizeInput): Record<string, string> {
  const out: Record<string, string> = {};
  const parts: string[] = [];
  if (input.serving) {
    const files: ReleaseFile[] = [RELEASE_FILES.servingCore];
    if (input.hpaAutoscaler) files.push(RELEASE_FILES.servingHpa);
    if (input.netIstio) files.push(RELEASE_FILES.netIstio);
    for (const [p, c] of Object.entries(kustomization(input, files, 'knative-serving'))) out[`serving/${p}`] = c;
    parts.push('serving');
  }
  if (input.eventing) {
    const files: ReleaseFile[] = [RELEASE_FILES.eventingCore];
    if (input.eventingTls) files.push(RELEASE_FILES.eventingTls);
    if (input.inMemoryChannel) files.push(RELEASE_FILES.inMemoryChannel);
    if (input.mtChannelBroker) files.push(RELEASE_FILES.mtChannelBroker);
    for (const [p, c] of Object.entries(kustomization(input, files, 'knative-eventing'))) out[`eventing/${p}`] = c;
    parts.push('eventing');
  }
  out['kustomization.yaml'] = dump({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: parts });
  return sorted(out);
}

/** Writes the files under `dir` (created if missing). */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}
