/**
 * The kustomize mode: kustomizations that reference the release URLs and patch them. The
 * patches, applied the way kustomize applies them (strategic merge for ConfigMaps and
 * Namespaces, JSON patches, replicas), to the committed release fixture give what the release
 * mode renders from the same files.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { ClusterSettings } from '../../../lib/core/cluster-settings';
import { warningsOf } from '../../../lib/core/report';
import { KnativeInstall, KnativeInstallMode, KnativeInstallProps } from '../../../lib/platform/knative';
import { readReleaseFile, RELEASE_FILES } from '../../../lib/platform/knative/release';
import { synthErrors } from '../../helpers';
import { allObjects, FIXTURE, install, mesh, quietApp } from './support';

const PROPS: Omit<KnativeInstallProps, 'mode'> = {
  serving: { domains: { 'functions.example.org': {} }, network: { httpProtocol: 'Redirected' }, features: { 'kubernetes.podspec-affinity': 'Enabled' } },
  eventing: { defaultBrokerClass: 'Kafka' },
  servingInstall: { gc: { maxNonActiveRevisions: 30 } },
  highAvailability: { replicas: 3 },
};

function build(mode: KnativeInstallMode, over: Partial<KnativeInstallProps> = {}) {
  const app = quietApp();
  const m = mesh(app, { strictMtls: true, ingressGatewaySelector: { istio: 'edge' }, ingressGatewayNamespace: 'istio-ingress', ingressGatewayService: 'edge' });
  return { app, inst: new KnativeInstall(app, 'knative', { mode, mesh: m, ...PROPS, ...over }) };
}

/** kustomize build, for the operations these kustomizations use, over local copies of the files. */
function kustomizeBuild(files: Readonly<Record<string, string>>, part: 'serving' | 'eventing'): any[] {
  const k = parse(files[`${part}/kustomization.yaml`]);
  const byUrl: Record<string, string> = Object.fromEntries(Object.values(RELEASE_FILES).map((f) => [f.name, f.name]));
  const objects: any[] = structuredClone(k.resources.flatMap((url: string) => {
    const read = readReleaseFile(FIXTURE, Object.values(RELEASE_FILES).find((f) => f.name === byUrl[path.basename(url)])!);
    if ('problem' in read) throw new Error(read.problem);
    return read.objects;
  }));
  for (const p of k.patches ?? []) {
    if (p.path) {
      const patch = parse(files[`${part}/${p.path}`]);
      const target = objects.find((o) => o.kind === patch.kind && o.metadata.name === patch.metadata.name);
      if (!target) throw new Error(`patch target ${patch.kind} ${patch.metadata.name} not found`);
      if (patch.data) target.data = { ...target.data, ...patch.data };
      if (patch.metadata.labels) target.metadata.labels = { ...target.metadata.labels, ...patch.metadata.labels };
    } else {
      const t = p.target;
      const target = objects.find((o) => o.kind === t.kind && o.metadata.name === t.name && (t.namespace === undefined || o.metadata.namespace === t.namespace));
      if (!target) continue; // kustomize: a patch whose target is absent changes nothing
      for (const op of parse(p.patch)) {
        expect(op.op).toBe('replace');
        const keys = op.path.split('/').slice(1);
        let cur = target;
        for (const key of keys.slice(0, -1)) cur = cur[key];
        cur[keys[keys.length - 1]] = op.value;
      }
    }
  }
  for (const r of k.replicas ?? []) for (const o of objects) if (o.kind === 'Deployment' && o.metadata.name === r.name) o.spec.replicas = r.count;
  return objects;
}

describe('KnativeInstall, kustomize mode', () => {
  test('references the release files by URL and holds no copied objects', () => {
    const { app, inst } = build(KnativeInstallMode.kustomize());
    expect(synthErrors(app)).toEqual([]);
    expect(inst.components).toEqual([]);
    const files = inst.kustomization!;
    expect(Object.keys(files)).toEqual([
      'eventing/kustomization.yaml', 'eventing/patches/config-br-defaults.yaml', 'eventing/patches/namespace-knative-eventing.yaml',
      'kustomization.yaml',
      'serving/kustomization.yaml', 'serving/patches/config-domain.yaml', 'serving/patches/config-features.yaml', 'serving/patches/config-gc.yaml',
      'serving/patches/config-istio.yaml', 'serving/patches/config-network.yaml', 'serving/patches/namespace-knative-serving.yaml',
    ]);
    expect(parse(files['kustomization.yaml'])).toEqual({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['serving', 'eventing'] });
    const serving = parse(files['serving/kustomization.yaml']);
    expect(serving.resources).toEqual([
      'https://github.com/knative/serving/releases/download/knative-v1.23.0/serving-core.yaml',
      'https://github.com/knative/net-istio/releases/download/knative-v1.23.0/net-istio.yaml',
    ]);
    expect(serving.replicas).toEqual(['autoscaler', 'controller', 'net-istio-controller', 'net-istio-webhook'].map((name) => ({ name, count: 3 })));
    expect(parse(files['serving/patches/config-network.yaml'])).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-network', namespace: 'knative-serving' }, data: { 'http-protocol': 'Redirected' } });
    expect(parse(files['eventing/kustomization.yaml']).resources.map((u: string) => path.basename(u))).toEqual(['eventing-core.yaml', 'in-memory-channel.yaml', 'mt-channel-broker.yaml']);
  });

  test('its patches, applied to the release files, give what the release mode renders from them', () => {
    const kustomized = build(KnativeInstallMode.kustomize()).inst.kustomization!;
    const { app, inst } = build(KnativeInstallMode.releaseManifests({ from: FIXTURE, postInstallJobs: 'omit' }));
    expect(synthErrors(app)).toEqual([]);
    const released = allObjects(inst);
    const built = [...kustomizeBuild(kustomized, 'serving'), ...kustomizeBuild(kustomized, 'eventing')];
    const key = (o: any) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const pick = (objs: any[]) => Object.fromEntries(objs.filter((o) => ['ConfigMap', 'Namespace', 'Gateway', 'Service', 'Deployment', 'HorizontalPodAutoscaler'].includes(o.kind))
      .map((o) => [key(o), { data: o.data, labels: o.metadata.labels, selector: o.spec?.selector, replicas: o.spec?.replicas, min: o.spec?.minReplicas, max: o.spec?.maxReplicas }]));
    expect(pick(built)).toEqual(pick(released));
    expect(ClusterSettings.fromManifests(built).servingNetwork).toEqual(inst.settings.servingNetwork);
    expect(ClusterSettings.fromManifests(built).eventing).toEqual(inst.settings.eventing);
  });

  test('writeKustomization writes the same files every time', () => {
    const { inst } = build(KnativeInstallMode.kustomize());
    const a = fs.mkdtempSync(path.join(os.tmpdir(), 'kn-kust-'));
    inst.writeKustomization(a);
    expect(fs.readFileSync(path.join(a, 'serving', 'patches', 'config-gc.yaml'), 'utf8')).toBe(inst.kustomization!['serving/patches/config-gc.yaml']);
    expect(build(KnativeInstallMode.kustomize()).inst.kustomization).toEqual(inst.kustomization);
    expect(() => build(KnativeInstallMode.operator()).inst.writeKustomization(a)).toThrow(/needs KnativeInstallMode.kustomize/);
  });

  test('a mirror URL, no mesh, Serving only', () => {
    const { app, install: inst } = install({ mode: KnativeInstallMode.kustomize({ from: 'https://mirror.example.org/knative/1.23.0' }), serving: {} });
    expect(synthErrors(app)).toEqual([]);
    expect(Object.keys(inst.kustomization!)).toEqual(['kustomization.yaml', 'serving/kustomization.yaml']);
    expect(parse(inst.kustomization!['serving/kustomization.yaml'])).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization',
      resources: ['https://mirror.example.org/knative/1.23.0/serving-core.yaml', 'https://mirror.example.org/knative/1.23.0/net-istio.yaml'],
    });
  });

  test('mistakes: a version that is not exact, a folder instead of a URL; another minor is a warning', () => {
    const errors = (mode: KnativeInstallMode) => {
      const app = quietApp();
      install({ mode, serving: {} }, app);
      return synthErrors(app).join('\n');
    };
    expect(errors(KnativeInstallMode.kustomize({ version: '1.23' }))).toMatch(/\[knative\] mode\.version: must be an exact Knative release .*value: "1\.23"/);
    expect(errors(KnativeInstallMode.kustomize({ from: './vendor' }))).toMatch(/\[knative\] mode\.from: must be a URL: kustomize references the release files/);
    const { install: old } = install({ mode: KnativeInstallMode.kustomize({ version: '1.22.1' }), serving: {} });
    expect(warningsOf(old).map((w) => w.prop)).toEqual(['mode.version']);
  });
});
