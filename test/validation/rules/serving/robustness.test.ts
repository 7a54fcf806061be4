/**
 * The serving rules never throw, whatever a field holds once the schema has complained about it:
 * every field of rich Service, Revision, Route and DomainMapping objects is replaced in turn by
 * NaN, Infinity, 2^31, negative and fractional numbers, strings, null, objects and arrays, and
 * no finding may be `internal` (what the engine reports when a rule set throws).
 */
import { ClusterSettingsProps, ServingFeatureFlag } from '../../../../lib/core/cluster-settings';
import { findings } from '../../../helpers';

const SC = { runAsNonRoot: true, runAsUser: 1000, allowPrivilegeEscalation: false, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' }, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } };
const PROBE = { httpGet: { path: '/', port: 8080, scheme: 'HTTP' }, periodSeconds: 5, successThreshold: 1, failureThreshold: 3, timeoutSeconds: 1 };

const TEMPLATE_SPEC = {
  timeoutSeconds: 300,
  containerConcurrency: 10,
  serviceAccountName: 'runner',
  securityContext: { runAsUser: 1000, fsGroup: 2000, supplementalGroups: [3000], seccompProfile: { type: 'RuntimeDefault' } },
  volumes: [
    { name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'a', path: 'a' }] } },
    { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    { name: 'proj', projected: { sources: [{ secret: { name: 's' } }, { downwardAPI: { items: [{ path: 'l', fieldRef: { fieldPath: 'metadata.labels' } }] } }, { serviceAccountToken: { path: 't' } }] } },
    { name: 'pvc', persistentVolumeClaim: { claimName: 'data', readOnly: true } },
  ],
  initContainers: [{ name: 'setup', image: 'busybox:1.36', securityContext: SC, ports: [{ containerPort: 9000 }], volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] }],
  containers: [
    {
      name: 'app', image: 'ghcr.io/org/app:1.0', imagePullPolicy: 'IfNotPresent',
      ports: [{ containerPort: 8080, name: 'http1', protocol: 'TCP' }],
      env: [{ name: 'A', value: 'x' }, { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' }, fieldRef: { fieldPath: 'metadata.name' } } }],
      envFrom: [{ prefix: 'P_', configMapRef: { name: 'cfg' } }],
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      securityContext: SC,
      livenessProbe: PROBE, readinessProbe: PROBE, startupProbe: PROBE,
      terminationMessagePolicy: 'File',
      volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg', subPath: 'a', readOnly: true }, { name: 'proj', mountPath: '/proj' }, { name: 'pvc', mountPath: '/data', readOnly: true, mountPropagation: 'None' }],
    },
    { name: 'proxy', image: 'envoyproxy/envoy:v1.30', securityContext: SC, livenessProbe: { tcpSocket: { port: 9901 } }, readinessProbe: PROBE, startupProbe: PROBE },
  ],
};

const ANNOTATIONS = {
  'autoscaling.knative.dev/min-scale': '1', 'autoscaling.knative.dev/max-scale': '5', 'autoscaling.knative.dev/target': '10',
  'autoscaling.knative.dev/window': '60s', 'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev', 'autoscaling.knative.dev/metric': 'rps',
  'queue.sidecar.serving.knative.dev/resource-percentage': '20', 'queue.sidecar.serving.knative.dev/cpu-resource-limit': '1',
  'serving.knative.dev/progress-deadline': '600s', 'networking.knative.dev/ingress.class': 'x',
};

const OBJECTS: Record<string, unknown>[] = [
  {
    apiVersion: 'serving.knative.dev/v1', kind: 'Service',
    metadata: { name: 'hello', namespace: 'default', annotations: { 'serving.knative.dev/rollout-duration': '60s' } },
    spec: {
      template: { metadata: { name: 'hello-v1', annotations: ANNOTATIONS }, spec: TEMPLATE_SPEC },
      traffic: [{ latestRevision: true, percent: 90, tag: 'current' }, { revisionName: 'hello-v0', percent: 10, tag: 'prev', latestRevision: false }],
    },
  },
  {
    apiVersion: 'serving.knative.dev/v1', kind: 'Revision',
    metadata: { name: 'hello-00001', namespace: 'default', labels: { 'serving.knative.dev/configuration': 'hello' }, annotations: ANNOTATIONS,
      ownerReferences: [{ apiVersion: 'serving.knative.dev/v1', kind: 'Configuration', name: 'hello', uid: 'u1' }],
    },
    spec: TEMPLATE_SPEC,
  },
  {
    apiVersion: 'serving.knative.dev/v1', kind: 'Route',
    metadata: { name: 'hello', namespace: 'default' },
    spec: { traffic: [{ configurationName: 'hello', percent: 100, tag: 't' }] },
  },
  {
    apiVersion: 'serving.knative.dev/v1beta1', kind: 'DomainMapping',
    metadata: { name: 'hello.example.com', namespace: 'default' },
    spec: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', namespace: 'default' } },
  },
];

const NASTY: unknown[] = [NaN, -Infinity, 2 ** 31, -1.5, '', 'x/../..', true, null, {}, [null]];

const ALL_ON: ServingFeatureFlag[] = [
  'multi-container', 'multi-container-probing', 'kubernetes.podspec-securitycontext', 'kubernetes.podspec-fieldref', 'kubernetes.podspec-init-containers',
  'kubernetes.podspec-persistent-volume-claim', 'kubernetes.podspec-persistent-volume-write', 'kubernetes.podspec-volumes-emptydir',
  'kubernetes.podspec-volumes-mount-propagation', 'kubernetes.containerspec-addcapabilities',
];
const SETTINGS: (ClusterSettingsProps | undefined)[] = [
  undefined,
  { serving: { securePodDefaults: 'Enabled', features: Object.fromEntries(ALL_ON.map((f) => [f, 'Enabled'])) } },
];

/** Every path to a value in `v` (objects and arrays included), as key lists. */
function pathsOf(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(v)) v.forEach((x, i) => { out.push([...prefix, i], ...pathsOf(x, [...prefix, i])); });
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push([...prefix, k], ...pathsOf(x, [...prefix, k]));
  return out;
}

function replaced(obj: unknown, path: (string | number)[], value: unknown): unknown {
  const copy: any = structuredClone(obj);
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k];
  at[path[path.length - 1]] = value;
  return copy;
}

describe('serving rules on odd input', () => {
  for (const obj of OBJECTS) {
    test(`${String(obj.kind)}: no field value makes a rule throw`, () => {
      const internal: string[] = [];
      for (const path of pathsOf(obj)) {
        if (path[0] === 'apiVersion' || path[0] === 'kind') continue;
        // A Revision's spec is the Service's template spec, mutated above already.
        if (obj.kind === 'Revision' && path[0] === 'spec' && path.length > 2) continue;
        for (const value of NASTY) {
          const o = replaced(obj, path, value);
          // Alternate the settings to keep the run short: stock, then everything enabled.
          const settings = SETTINGS[(path.length + NASTY.indexOf(value)) % SETTINGS.length];
          for (const f of findings(o, settings)) if (f.rule === 'internal') internal.push(`${path.join('.')}=${String(value)}: ${f.message}`);
        }
      }
      expect(internal).toEqual([]);
    });
  }

  test('the rich objects themselves are valid with everything enabled, so the mutations test the rules', () => {
    for (const obj of OBJECTS.slice(1)) {
      expect(findings(obj, SETTINGS[1]).filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.field}: ${f.message}`)).toEqual([]);
    }
  });
});
