import * as fs from 'fs';
import * as path from 'path';
import { kubernetesFields } from '../../../scripts/import';
import { Finding } from '../../../lib/validation/types';
import { byRule, errors, findings, variant } from '../../helpers';

const FIELDS_FILE = path.resolve(__dirname, '../../../imports/schemas/kubernetes-fields.json');
const UNKNOWN = 'unknown field: the API server rejects it under strict field validation and otherwise prunes it silently';

/** The unknown-field findings of an object, as `field` strings. */
function unknown(obj: unknown): string[] {
  return byRule(obj, 'schema').filter((f) => f.message === UNKNOWN).map((f) => f.field).sort();
}

function only(obj: unknown, field: string): Finding {
  const found = byRule(obj, 'schema').filter((f) => f.field === field);
  expect(found).toHaveLength(1);
  return found[0];
}

const POD_SPEC = {
  serviceAccountName: 'web',
  automountServiceAccountToken: false,
  hostIPC: false,
  hostPID: false,
  hostNetwork: false,
  setHostnameAsFQDN: false,
  securityContext: { runAsNonRoot: true, runAsUser: 1000, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } },
  initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }],
  containers: [{
    name: 'web',
    image: 'ghcr.io/example/web:1.0.0',
    imagePullPolicy: 'IfNotPresent',
    args: ['--port', '8080'],
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP', hostIP: '127.0.0.1' }],
    env: [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
    ],
    envFrom: [{ configMapRef: { name: 'web-config' } }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    livenessProbe: { httpGet: { path: '/healthz', port: 'http', httpHeaders: [{ name: 'X', value: 'y' }] }, periodSeconds: 10 },
    readinessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 2, failureThreshold: 3 },
    startupProbe: { exec: { command: ['true'] }, timeoutSeconds: 1 },
    lifecycle: { preStop: { sleep: { seconds: 5 } } },
    securityContext: {
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: [{ name: 'config', mountPath: '/etc/web', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
  }],
  volumes: [
    { name: 'config', configMap: { name: 'web-config', items: [{ key: 'a', path: 'a.yaml' }], defaultMode: 0o444 } },
    { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    { name: 'secret', secret: { secretName: 'db', optional: true } },
    { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
    { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
    {
      name: 'projected',
      projected: {
        sources: [
          { serviceAccountToken: { audience: 'vault', expirationSeconds: 3600, path: 'token' } },
          { configMap: { name: 'ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        ],
      },
    },
  ],
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] }],
      },
    },
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{
        weight: 100,
        podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } },
      }],
    },
  },
  tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }],
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  dnsConfig: { options: [{ name: 'ndots', value: '2' }] },
};

const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'apps', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    revisionHistoryLimit: 5,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
    template: { metadata: { labels: { app: 'web' }, annotations: { 'x/y': 'z' } }, spec: POD_SPEC },
  },
};

const SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'apps' },
  spec: {
    type: 'LoadBalancer',
    selector: { app: 'web' },
    ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', nodePort: 30080 }],
    clusterIP: '10.0.0.10',
    clusterIPs: ['10.0.0.10'],
    externalIPs: ['192.0.2.10'],
    loadBalancerIP: '192.0.2.20',
    loadBalancerSourceRanges: ['192.0.2.0/24'],
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    externalTrafficPolicy: 'Local',
    sessionAffinity: 'ClientIP',
    sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } },
  },
};

const CONFIG_MAP = {
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config', namespace: 'apps' },
  data: { 'a.yaml': 'x: 1' }, binaryData: { b: 'AAAA' }, immutable: true,
};

const POD = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'apps' }, spec: POD_SPEC };

describe('unknown fields in built-in kinds', () => {
  test('a misspelled Deployment field is reported where it is, with the fields known there', () => {
    const bad = variant(DEPLOYMENT, (o) => {
      o.spec.replicaz = 3;
    });
    const f = only(bad, 'spec.replicaz');
    expect(f).toEqual({
      severity: 'error', rule: 'schema', field: 'spec.replicaz', message: UNKNOWN,
      allowed: 'known fields here: minReadySeconds, paused, progressDeadlineSeconds, replicas, revisionHistoryLimit, selector, strategy, template',
    });
    expect(errors(bad)).toEqual([expect.stringContaining('spec.replicaz')]);
  });

  test('misspellings at several depths of a Deployment are all reported, with list indexes', () => {
    const bad = variant(DEPLOYMENT, (o) => {
      o.bogus = 1;
      o.spec.strategy.rollingUpdate.maxSurges = 1;
      o.spec.template.spec.containers[0].bogus = 1;
      o.spec.template.spec.containers[0].livenessProbe.httpGet.pathh = '/';
      o.spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.nam = 'x';
      o.spec.template.spec.volumes[1].emptyDir.size = '1Gi';
      o.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operater = 'In';
      o.spec.template.spec.tolerations[0].effekt = 'NoSchedule';
    });
    expect(unknown(bad)).toEqual([
      'bogus',
      'spec.strategy.rollingUpdate.maxSurges',
      'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operater',
      'spec.template.spec.containers[0].bogus',
      'spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.nam',
      'spec.template.spec.containers[0].livenessProbe.httpGet.pathh',
      'spec.template.spec.tolerations[0].effekt',
      'spec.template.spec.volumes[1].emptyDir.size',
    ]);
    expect(only(bad, 'bogus').allowed).toBe('known fields here: apiVersion, kind, metadata, spec, status');
    expect(only(bad, 'spec.template.spec.containers[0].bogus').allowed).toMatch(/^known fields here: args, command, env, envFrom, image, /);
  });

  test('a misspelled Service port field and a ConfigMap field are reported', () => {
    expect(unknown(variant(SERVICE, (o) => {
      o.spec.ports[0].nodeport = 30080;
      o.spec.sessionAffinityConfig.clientIP.timeout = 1;
    }))).toEqual(['spec.ports[0].nodeport', 'spec.sessionAffinityConfig.clientIP.timeout']);
    const cm = variant(CONFIG_MAP, (o) => {
      o.datas = { a: 'b' };
    });
    expect(only(cm, 'datas')).toMatchObject({ message: UNKNOWN, allowed: 'known fields here: apiVersion, binaryData, data, immutable, kind, metadata, status' });
  });

  test('a misspelled Pod field is reported in spec, in a volume source and in a projected source', () => {
    expect(unknown(variant(POD, (o) => {
      o.spec.restartPolicyy = 'Always';
      o.spec.volumes[0].configMap.itemz = [];
      o.spec.volumes[5].projected.sources[0].serviceAccountToken.audiences = ['a'];
    }))).toEqual([
      'spec.restartPolicyy',
      'spec.volumes[0].configMap.itemz',
      'spec.volumes[5].projected.sources[0].serviceAccountToken.audiences',
    ].sort());
  });

  test('the TypeScript names cdk8s gives renamed fields are not the JSON names the API server knows', () => {
    expect(unknown(variant(POD, (o) => {
      o.spec.hostIpc = true;
      o.spec.volumes[4].downwardApi = o.spec.volumes[4].downwardAPI;
    }))).toEqual(['spec.hostIpc', 'spec.volumes[4].downwardApi'].sort());
    expect(unknown(variant(SERVICE, (o) => {
      o.spec.clusterIp = 'None';
    }))).toEqual(['spec.clusterIp']);
  });

  test('values inside a map of structs are checked (ResourceSlice device capacity)', () => {
    const slice = {
      apiVersion: 'resource.k8s.io/v1beta1', kind: 'ResourceSlice', metadata: { name: 's' },
      spec: {
        driver: 'gpu.example.com', pool: { name: 'p', generation: 1, resourceSliceCount: 1 }, nodeName: 'n1',
        devices: [{ name: 'gpu0', basic: { capacity: { memory: { value: '16Gi' } } } }],
      },
    };
    expect(unknown(slice)).toEqual([]);
    expect(unknown(variant(slice, (o) => {
      o.spec.devices[0].basic.capacity.memory.valu = '1';
    }))).toEqual(['spec.devices[0].basic.capacity.memory.valu']);
  });

  test('a value of the wrong type gets the type error only, not unknown fields inside it', () => {
    const bad = variant(DEPLOYMENT, (o) => {
      o.spec.template.spec.containers = { name: 'web', image: 'x' };
    });
    expect(unknown(bad)).toEqual([]);
    expect(byRule(bad, 'schema').map((f) => f.field)).toContain('spec.template.spec.containers');
  });

  test('status, metadata and open-ended fields are not checked', () => {
    expect(unknown(variant(DEPLOYMENT, (o) => {
      o.status = { replicas: 1, anything: { goes: true } };
      o.spec.template.metadata.whatever = 1;
      o.spec.template.spec.containers[0].resources.requests['example.com/gpu'] = 1;
      o.spec.template.spec.nodeSelector['x'] = 'y';
      o.spec.template.spec.containers[0].env[0].value = null;
    }))).toEqual([]);
  });

  test('a StatefulSet volumeClaimTemplate may carry apiVersion and kind; a typo in it is reported', () => {
    const sts = {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'apps' },
      spec: {
        serviceName: 'db', selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } },
        volumeClaimTemplates: [{
          apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
        }],
      },
    };
    expect(errors(sts)).toEqual([]);
    expect(unknown(variant(sts, (o) => {
      o.spec.volumeClaimTemplates[0].spec.storageClass = 'fast';
    }))).toEqual(['spec.volumeClaimTemplates[0].spec.storageClass']);
  });

  test('a CustomResourceDefinition\'s openAPIV3Schema is open-ended JSON (x-kubernetes-* names included)', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com', scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        versions: [{
          name: 'v1', served: true, storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } },
        }],
      },
    };
    expect(errors(crd)).toEqual([]);
    expect(unknown(variant(crd, (o) => {
      o.spec.versions[0].servd = true;
    }))).toEqual(['spec.versions[0].servd']);
  });

  test('kinds the field list does not know (a removed beta API) are left alone', () => {
    expect(unknown({ apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'x' }, spec: { bogus: 1 } })).toEqual([]);
  });
});

describe('complete valid objects have no findings', () => {
  const valid: Record<string, unknown> = {
    Deployment: DEPLOYMENT,
    Service: SERVICE,
    ConfigMap: CONFIG_MAP,
    Pod: POD,
    Namespace: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps', labels: { 'istio-injection': 'enabled' } } },
    Ingress: {
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'apps' },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['web.example.com'], secretName: 'web-tls' }],
        rules: [{
          host: 'web.example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] },
        }],
        defaultBackend: { service: { name: 'web', port: { number: 80 } } },
      },
    },
    CronJob: {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report', namespace: 'apps' },
      spec: {
        schedule: '0 3 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels: { app: 'report' } },
          spec: {
            backoffLimit: 2, ttlSecondsAfterFinished: 600,
            template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'report', image: 'busybox:1.36', command: ['true'] }] } },
          },
        },
      },
    },
    HorizontalPodAutoscaler: {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'apps' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2, maxReplicas: 10,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
          { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '100' } } },
        ],
        behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] } },
      },
    },
    ServiceAccount: {
      apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'apps' },
      automountServiceAccountToken: false, imagePullSecrets: [{ name: 'registry' }],
    },
    Role: {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', namespace: 'apps' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'], resourceNames: ['web-config'] }],
    },
    RoleBinding: {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'reader', namespace: 'apps' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'apps' }],
    },
    NetworkPolicy: {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web', namespace: 'apps' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } } }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }],
          ports: [{ protocol: 'TCP', port: 8080 }],
        }],
        egress: [{ to: [{ podSelector: {} }], ports: [{ protocol: 'UDP', port: 53, endPort: 53 }] }],
      },
    },
  };

  test.each(Object.entries(valid))('%s', (_kind, obj) => {
    expect(findings(obj)).toEqual([]);
  });
});

describe('imports/schemas/kubernetes-fields.json', () => {
  const stored = JSON.parse(fs.readFileSync(FIELDS_FILE, 'utf8'));

  test('is what the generator writes from the installed cdk8s-plus-33 (run `npm run import` if not)', () => {
    expect(fs.readFileSync(FIELDS_FILE, 'utf8')).toBe(JSON.stringify(kubernetesFields()) + '\n');
  });

  test('keeps the JSON names of renamed fields and covers the common kinds', () => {
    expect(Object.keys(stored.kinds)).toEqual(expect.arrayContaining([
      'apps/v1/Deployment', 'apps/v1/StatefulSet', 'v1/Service', 'v1/ConfigMap', 'v1/Namespace', 'v1/Pod',
      'batch/v1/CronJob', 'networking.k8s.io/v1/Ingress', 'autoscaling/v2/HorizontalPodAutoscaler',
    ]));
    expect(Object.keys(stored.kinds).filter((k) => k.endsWith('List'))).toEqual([]);
    expect(stored.structs.PodSpec).toMatchObject({ hostIPC: 0, hostPID: 0, setHostnameAsFQDN: 0, containers: '[]Container' });
    expect(stored.structs.PodSpec).not.toHaveProperty('hostIpc');
    expect(stored.structs.ServiceSpec).toMatchObject({ clusterIP: 0, clusterIPs: 0, externalIPs: 0, loadBalancerIP: 0 });
  });
});
