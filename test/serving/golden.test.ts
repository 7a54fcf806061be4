/**
 * Pins the synthesized YAML of every example and of "kitchen sink" Serving objects byte for byte,
 * so refactors of how lib/serving renders its specs cannot change the output.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Duration, Size, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { AutoscalerClass, MetricAggregationAlgorithm, ScalingMetric } from '../../lib/serving/autoscaling';
import { Configuration } from '../../lib/serving/configuration';
import { PortProtocol } from '../../lib/serving/container';
import { ContainerImage } from '../../lib/serving/image';
import { Visibility } from '../../lib/serving/networking';
import { ContainerProbe } from '../../lib/serving/probe';
import { Route } from '../../lib/serving/route';
import { SeccompProfileType } from '../../lib/serving/security';
import { KnativeService } from '../../lib/serving/service';
import { TrafficTarget } from '../../lib/serving/traffic';
import { EmptyDirMedium, RevisionVolume } from '../../lib/serving/volume';
import { exampleNames, loadExample } from '../../scripts/synth-examples';

function synthExample(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `golden-${name}-`));
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(__dirname, '..', '..', 'examples', name)) as { buildApp(outdir: string): App };
    mod.buildApp(dir).synth();
    // Recursive: a PlatformApp writes folders (plain/, argocd/, flux/, components/).
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const f of fs.readdirSync(d).sort()) {
        const full = path.join(d, f);
        if (fs.statSync(full).isDirectory()) walk(full);
        else files.push(path.relative(dir, full));
      }
    };
    walk(dir);
    return files.map((f) => `### ${f}\n${fs.readFileSync(path.join(dir, f), 'utf8')}`).join('\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A kplus Volume with a projected downwardAPI source, which cdk8s-plus has no factory for. */
function downwardApiVolume(): kplus.Volume {
  const kube: k8s.Volume = {
    name: 'podinfo',
    projected: {
      defaultMode: 0o440,
      sources: [
        {
          downwardApi: {
            items: [
              { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
              { path: 'cpu', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu', divisor: k8s.Quantity.fromString('1m') } },
              { path: 'mem', mode: 0o400, resourceFieldRef: { resource: 'requests.memory' } },
            ],
          },
        },
        { serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 7200 } },
        { secret: { name: 'projected-secret', items: [{ key: 'a', path: 'a.txt' }] } },
      ],
    },
  };
  return Object.assign(Object.create(kplus.Volume.prototype), { name: 'podinfo', _toKube: () => kube }) as kplus.Volume;
}

function kitchenSink(): Chart {
  const chart = new Chart(Testing.app(), 'sink', { namespace: 'lab' });
  const secret = kplus.Secret.fromSecretName(chart, 'sec', 'app-secret');
  const configMap = kplus.ConfigMap.fromConfigMapName(chart, 'cm', 'app-config');
  const cache = RevisionVolume.fromEmptyDir('cache', { medium: EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(64) });
  const scratch = RevisionVolume.fromEmptyDir('scratch');
  const certs = RevisionVolume.fromSecret(secret, { items: { 'tls.crt': { path: 'cert.pem', mode: 0o400 }, 'tls.key': { path: 'key.pem' } }, defaultMode: 0o440, optional: true });
  const conf = RevisionVolume.fromConfigMap('app-config', { name: 'conf', items: { 'app.yaml': { path: 'app.yaml' } }, defaultMode: 0o444, optional: false });
  const plainConf = RevisionVolume.fromConfigMap(configMap);
  const projected = RevisionVolume.fromProjected('bundle', {
    secrets: [secret, 'other-secret'],
    configMaps: [configMap, 'ca-bundle'],
    serviceAccountToken: { path: 'token', audience: 'vault', expiration: Duration.hours(2) },
    defaultMode: 0o400,
  });
  const projectedToken = RevisionVolume.fromProjected('token-only', { serviceAccountToken: { path: 't' } });
  const kplusSecret = kplus.Volume.fromSecret(chart, 'ksec', secret, { name: 'ksec', defaultMode: 0o400, items: { k: { path: 'k.txt' } } });
  const kplusEmpty = kplus.Volume.fromEmptyDir(chart, 'kempty', 'kempty', { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.gibibytes(1) });
  const kplusPvc = kplus.Volume.fromPersistentVolumeClaim(chart, 'kpvc', kplus.PersistentVolumeClaim.fromClaimName(chart, 'claim', 'data'), { readOnly: true });
  const kplusHost = kplus.Volume.fromHostPath(chart, 'khost', 'khost', { path: '/var/run', type: kplus.HostPathVolumeType.DIRECTORY });
  const kplusCsi = kplus.Volume.fromCsi(chart, 'kcsi', 'secrets-store.csi.k8s.io', { name: 'kcsi', readOnly: true, attributes: { a: 'b' } });

  const service = new KnativeService(chart, 'sink-svc', {
    metadata: { name: 'sink', labels: { team: 'lab' }, annotations: { note: 'kitchen sink' } },
    containers: [{
      name: 'app',
      image: ContainerImage.fromDigest('ghcr.io/lab/app', 'sha256:' + 'a'.repeat(64)),
      command: ['/app'],
      args: ['--serve', '--verbose'],
      workingDir: '/srv',
      port: 9000,
      portProtocol: PortProtocol.H2C,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      env: {
        PLAIN: 'value',
        EMPTY: '',
        FROM_SECRET: kplus.EnvValue.fromSecretValue({ secret, key: 'token' }, { optional: true }),
        FROM_CM: kplus.EnvValue.fromConfigMap(configMap, 'level', { optional: false }),
        POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME),
        POD_IP: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_IP, { apiVersion: 'v1' }),
        CPU: kplus.EnvValue.fromResource(kplus.ResourceFieldPaths.CPU_LIMIT, { container: undefined, divisor: '1m' }),
        MEM: kplus.EnvValue.fromResource(kplus.ResourceFieldPaths.MEMORY_REQUEST),
      },
      envFrom: [kplus.Env.fromSecret(secret), kplus.Env.fromConfigMap(configMap, 'CFG_')],
      resources: {
        cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(2) },
        memory: { request: Size.mebibytes(128), limit: Size.gibibytes(1) },
        ephemeralStorage: { request: Size.mebibytes(100), limit: Size.gibibytes(2) },
      },
      liveness: ContainerProbe.grpc({ service: 'health', initialDelay: Duration.seconds(3), period: Duration.seconds(7), timeout: Duration.seconds(2), failureThreshold: 4, successThreshold: 1 }),
      readiness: ContainerProbe.httpGet('/ready', { scheme: 'HTTPS', headers: { 'X-Probe': 'yes', Host: 'sink.lab' }, period: Duration.seconds(0) }),
      startup: ContainerProbe.exec(['cat', '/tmp/ok'], { initialDelay: Duration.seconds(1), period: Duration.seconds(2), timeout: Duration.seconds(3), failureThreshold: 30, successThreshold: 1 }),
      volumeMounts: [
        { volume: cache, path: '/cache' },
        { volume: certs, path: '/certs', subPath: 'cert.pem' },
        { volume: conf, path: '/etc/app', readOnly: true },
        { volume: plainConf, path: '/etc/plain', readOnly: false },
        { volume: projected, path: '/bundle' },
        { volume: kplusSecret, path: '/ksec' },
        { volume: kplusEmpty, path: '/kempty', subPath: 'x', readOnly: false },
        { volume: kplusPvc, path: '/data' },
        { volume: kplusHost, path: '/host' },
        { volume: kplusCsi, path: '/csi' },
        { volume: downwardApiVolume(), path: '/podinfo' },
      ],
      securityContext: {
        ensureNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        user: 1000,
        group: 3000,
        dropCapabilities: ['ALL', 'NET_RAW'],
        addCapabilities: ['NET_BIND_SERVICE'],
        seccompProfile: SeccompProfileType.LOCALHOST,
        seccompLocalhostProfile: 'profiles/app.json',
      },
    }],
    initContainers: [
      { name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'true'], volumeMounts: [{ volume: scratch, path: '/scratch' }, { volume: projectedToken, path: '/tok' }], securityContext: { secureDefaults: false } },
      { name: 'init2', image: 'busybox', env: { A: 'b' }, securityContext: { secureDefaults: false, user: 0 }, resources: {} },
    ],
    revisionName: 'v2',
    revisionLabels: { tier: 'backend' },
    revisionAnnotations: { 'example.com/owner': 'lab' },
    autoscaling: {
      autoscalerClass: AutoscalerClass.KPA,
      metric: ScalingMetric.RPS,
      target: 150,
      targetUtilizationPercentage: 70,
      minScale: 1,
      maxScale: 20,
      initialScale: 2,
      activationScale: 2,
      scaleDownDelay: Duration.minutes(5),
      window: Duration.seconds(90),
      panicWindowPercentage: 20,
      panicThresholdPercentage: 300,
      scaleToZeroPodRetentionPeriod: Duration.minutes(2),
      targetBurstCapacity: 50,
      metricAggregationAlgorithm: MetricAggregationAlgorithm.WEIGHTED_EXPONENTIAL,
    },
    containerConcurrency: 10,
    timeout: Duration.minutes(5),
    responseStartTimeout: Duration.seconds(30),
    idleTimeout: Duration.seconds(60),
    serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'app-sa'),
    automountServiceAccountToken: false,
    imagePullSecrets: [secret, 'registry-creds'],
    enableServiceLinks: false,
    nodeSelector: { 'kubernetes.io/arch': 'amd64', gpu: 'true' },
    tolerations: [
      { key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' },
      { key: 'spot', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'ssd', operator: 'Exists' }] } }],
      },
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'sink' } } } }],
      },
    },
    runtimeClassName: 'gvisor',
    podSecurityContext: {
      runAsNonRoot: true,
      runAsUser: 1000,
      fsGroup: 2000,
      supplementalGroups: [4000],
      seccompProfile: { type: 'RuntimeDefault' },
      sysctls: [{ name: 'net.core.somaxconn', value: '1024' }],
    },
    traffic: [
      TrafficTarget.revision('sink-v1', 70, { tag: 'stable' }),
      TrafficTarget.latestRevision(30, { tag: 'latest' }),
      TrafficTarget.tagged('preview'),
      TrafficTarget.tagged('old', 'sink-v0'),
    ],
    rolloutDuration: Duration.seconds(120),
    visibility: Visibility.CLUSTER_LOCAL,
  });
  service.addContainer({ name: 'sidecar', image: 'envoyproxy/envoy:v1.30', liveness: ContainerProbe.tcpSocket({ port: 9901 }), readiness: ContainerProbe.httpGet('/ready', { port: 9901 }) });
  service.addContainer({ name: 'sidecar2', image: 'ghcr.io/lab/sidecar:latest', startup: ContainerProbe.tcpSocket(), securityContext: { secureDefaults: false, seccompProfile: SeccompProfileType.UNCONFINED } });
  service.addRevisionLabel('added', 'later');
  service.addRevisionAnnotation('example.com/added', 'later');
  service.addTraffic(...TrafficTarget.canary({ stableRevision: 'sink-v1', canaryPercent: 0, canaryTag: 'c', stableTag: 's' }));
  service.containers[0].addEnv('LATE', 'added');
  service.containers[0].mount('/late', scratch, { readOnly: true });

  // Several containers, none with a port: the first is marked serving; probes fall back to 8080.
  const config = new Configuration(chart, 'sink-config', {
    metadata: { name: 'sink-config' },
    containers: [
      { image: 'ghcr.io/lab/a:1', liveness: ContainerProbe.grpc(), readiness: ContainerProbe.httpGet('/') },
      { image: 'ghcr.io/lab/b:1', securityContext: { secureDefaults: false, readOnlyRootFilesystem: true } },
    ],
    revisionName: 'sink-config-v3',
    autoscaling: { autoscalerClass: AutoscalerClass.HPA, metric: ScalingMetric.CPU, target: 80 },
    timeout: Duration.seconds(600),
  });
  new Configuration(chart, 'bare-config', { containers: [{ image: 'ghcr.io/lab/bare' }] });
  new KnativeService(chart, 'bare-svc', { containers: [{ image: 'ghcr.io/lab/bare:2', portProtocol: PortProtocol.HTTP1 }] });
  new KnativeService(chart, 'mem-svc', { containers: [{ image: 'ghcr.io/lab/m:1', port: 8081 }], autoscaling: { metric: ScalingMetric.MEMORY, autoscalerClass: AutoscalerClass.HPA, target: 75 }, serviceAccount: 'plain-sa' });

  const route = new Route(chart, 'sink-route', {
    metadata: { name: 'sink-route' },
    traffic: [TrafficTarget.configuration(config, 80, { tag: 'cfg' }), TrafficTarget.configuration('other-config', 20)],
    rolloutDuration: Duration.minutes(3),
    visibility: Visibility.EXTERNAL,
  });
  route.addTraffic(TrafficTarget.revision('sink-config-v3', 0, { tag: 'pinned' }), TrafficTarget.tagged('t'));
  new Route(chart, 'empty-route', { visibility: Visibility.CLUSTER_LOCAL });
  return chart;
}

describe('golden output', () => {
  // An example that may be skipped (its input only CI has) has no snapshot: a fresh clone would
  // find it obsolete. Its output is checked by test/examples.test.ts and its own tests.
  test.each(exampleNames().filter((n) => !('skip' in loadExample(n))))('example %s', (name) => {
    expect(synthExample(name)).toMatchSnapshot();
  });

  test('kitchen sink Service, Configuration and Route', () => {
    // Rendered object by object: the kitchen sink breaks Knative rules on purpose (feature flags,
    // traffic sums), which the synth-time validation would reject.
    const objects = kitchenSink().node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson());
    expect(objects.length).toBe(7);
    expect(Yaml.stringify(...objects)).toMatchSnapshot();
  });
});
