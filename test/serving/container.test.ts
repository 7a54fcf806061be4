import { Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ClusterSettings } from '../../lib/core/cluster-settings';
import {
  ContainerImage, ContainerProbe, EmptyDirMedium, KnativeService, PortProtocol, RevisionVolume, TrafficTarget,
} from '../../lib/serving';
import { chart, engineErrors, obj, synthErrorsOf } from './util';

const IMAGE = 'ghcr.io/lab/app:1.0';
const DIGEST = 'sha256:' + 'a'.repeat(64);

function containersOf(c: ReturnType<typeof chart>): any[] {
  return obj(c, 'Service').spec.template.spec.containers;
}

describe('images', () => {
  test('by tag, by digest, by reference', () => {
    expect(ContainerImage.fromTag('ghcr.io/lab/app', '1.2').reference).toBe('ghcr.io/lab/app:1.2');
    expect(ContainerImage.fromDigest('ghcr.io/lab/app', DIGEST).reference).toBe(`ghcr.io/lab/app@${DIGEST}`);
    expect(ContainerImage.fromReference('nginx').reference).toBe('nginx');
    const c = chart();
    new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: ContainerImage.fromDigest('ghcr.io/lab/app', DIGEST) }] });
    expect(containersOf(c)[0].image).toBe(`ghcr.io/lab/app@${DIGEST}`);
  });

  test('malformed digests, tags and empty references are synth errors on the construct that uses them', () => {
    const c = chart();
    new KnativeService(c, 'svc', {
      containers: [{ image: ContainerImage.fromDigest('ghcr.io/lab/app', 'abc') }, { image: ContainerImage.fromTag('ghcr.io/lab/app', '-bad'), name: 'b' }, { image: ' ', name: 'c' }],
    });
    expect(synthErrorsOf(c)).toEqual([
      "[test/svc] containers[0].image: is not a valid image digest (value: \"abc\"; allowed: 'algorithm:hex', e.g. 'sha256:<64 hex digits>')",
      "[test/svc] containers[1].image: is not a valid image tag (value: \"-bad\"; allowed: up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-')",
      "[test/svc] containers[2].image: must not be empty (value: \" \"; allowed: an image reference, e.g. 'ghcr.io/lab/app:1.0')",
    ]);
  });

  test('a missing image from a JavaScript caller is a TypeError', () => {
    expect(() => new KnativeService(chart(), 'svc', { containers: [{} as never] })).toThrow(/the required prop 'image' must be a string or a ContainerImage/);
  });

  test('command, args, workingDir and imagePullPolicy are passed through', () => {
    const c = chart();
    new KnativeService(c, 'svc', {
      metadata: { name: 'svc' },
      containers: [{ image: IMAGE, command: ['gunicorn'], args: ['app:app'], workingDir: '/srv', imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT }],
    });
    expect(containersOf(c)[0]).toMatchObject({ command: ['gunicorn'], args: ['app:app'], workingDir: '/srv', imagePullPolicy: 'IfNotPresent' });
  });
});

describe('ports', () => {
  test('one port, with h2c for gRPC', () => {
    const c = chart();
    new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE, port: 9000, portProtocol: PortProtocol.H2C }] });
    expect(containersOf(c)[0].ports).toEqual([{ containerPort: 9000, name: 'h2c' }]);
    expect(engineErrors(c)).toEqual([]);
  });

  test('a protocol without a port uses 8080', () => {
    const c = chart();
    new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE, portProtocol: PortProtocol.HTTP1 }] });
    expect(containersOf(c)[0].ports).toEqual([{ containerPort: 8080, name: 'http1' }]);
  });

  test('with sidecars, the container with the port serves and the others declare none', () => {
    const c = chart();
    new KnativeService(c, 'svc', {
      metadata: { name: 'svc' },
      containers: [{ image: 'ghcr.io/lab/proxy:1.0', name: 'proxy' }, { image: IMAGE, name: 'app', port: 8081 }],
    });
    const [proxy, app] = containersOf(c);
    expect(proxy.ports).toBeUndefined();
    expect(app.ports).toEqual([{ containerPort: 8081 }]);
    expect(engineErrors(c)).toEqual([]);
  });

  test('with sidecars and no port, the first container is marked as serving on 8080', () => {
    const c = chart();
    new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE, name: 'app' }, { image: 'ghcr.io/lab/side:1.0', name: 'side' }] });
    const [app, side] = containersOf(c);
    expect(app.ports).toEqual([{ containerPort: 8080 }]);
    expect(side.ports).toBeUndefined();
    expect(engineErrors(c)).toEqual([]);
  });

  test('two containers with a port are a synth error naming the second', () => {
    const c = chart();
    const svc = new KnativeService(c, 'svc', { containers: [{ image: IMAGE, name: 'a', port: 8080 }] });
    svc.addContainer({ image: IMAGE, name: 'b', port: 8081 });
    expect(synthErrorsOf(c)).toEqual([
      "[test/svc] containers[1].port: container 'b' sets a port, but containers[0] ('a') already does: Knative allows exactly one port in the whole pod, on the serving container (value: 8081; allowed: a port on one container only; sidecars declare none)",
    ]);
  });

  test('a reserved port is left to the engine and fails the synth', () => {
    const c = chart();
    new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE, port: 8012 }] });
    expect(() => Testing.synth(c)).toThrow(/8012 is a reserved port/);
  });
});

describe('env', () => {
  test('literals, Secret and ConfigMap keys from cdk8s-plus, in insertion order', () => {
    const c = chart();
    const secret = kplus.Secret.fromSecretName(c, 'secret', 'creds');
    const config = kplus.ConfigMap.fromConfigMapName(c, 'config', 'settings');
    new KnativeService(c, 'svc', {
      metadata: { name: 'svc' },
      containers: [{
        image: IMAGE,
        env: {
          TARGET: 'World',
          TOKEN: kplus.EnvValue.fromSecretValue({ secret, key: 'token' }),
          LEVEL: kplus.EnvValue.fromConfigMap(config, 'log-level', { optional: true }),
          PLAIN: kplus.EnvValue.fromValue('x'),
        },
        envFrom: [kplus.Env.fromSecret(secret), kplus.Env.fromConfigMap(config, 'CFG_')],
      }],
    });
    const container = containersOf(c)[0];
    expect(container.env).toEqual([
      { name: 'TARGET', value: 'World' },
      { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
      { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'log-level', optional: true } } },
      { name: 'PLAIN', value: 'x' },
    ]);
    expect(container.envFrom).toEqual([{ secretRef: { name: 'creds' } }, { configMapRef: { name: 'settings' }, prefix: 'CFG_' }]);
    expect(engineErrors(c)).toEqual([]);
  });

  test('addEnv replaces a variable of the same name; addEnvFrom appends', () => {
    const c = chart();
    const svc = new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE, env: { A: '1' } }] });
    svc.containers[0].addEnv('A', '2');
    svc.containers[0].addEnvFrom(kplus.Env.fromConfigMap(kplus.ConfigMap.fromConfigMapName(c, 'cm', 'more')));
    expect(containersOf(c)[0].env).toEqual([{ name: 'A', value: '2' }]);
    expect(containersOf(c)[0].envFrom).toEqual([{ configMapRef: { name: 'more' } }]);
  });

  test('a reserved variable is refused at synth by the engine', () => {
    const c = chart();
    new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE, env: { PORT: '9000' } }] });
    expect(() => Testing.synth(c)).toThrow(/"PORT" is a reserved environment variable/);
  });
});

describe('resources', () => {
  test('cdk8s-plus ContainerResources become requests and limits', () => {
    const c = chart();
    new KnativeService(c, 'svc', {
      metadata: { name: 'svc' },
      containers: [{
        image: IMAGE,
        resources: {
          cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(1) },
          memory: { request: Size.mebibytes(256), limit: Size.gibibytes(1) },
          ephemeralStorage: { limit: Size.mebibytes(100) },
        },
      }],
    });
    expect(containersOf(c)[0].resources).toEqual({
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '1', memory: '1024Mi', 'ephemeral-storage': '100Mi' },
    });
    expect(engineErrors(c)).toEqual([]);
  });
});

describe('probes', () => {
  test('http, tcp, grpc and exec handlers with timing in seconds', () => {
    const c = chart();
    new KnativeService(c, 'svc', {
      metadata: { name: 'svc' },
      containers: [{
        image: IMAGE,
        port: 9000,
        portProtocol: PortProtocol.H2C,
        readiness: ContainerProbe.httpGet('/ready', { period: Duration.seconds(5), timeout: Duration.seconds(2), failureThreshold: 2, headers: { 'X-Probe': '1' } }),
        liveness: ContainerProbe.grpc({ initialDelay: Duration.seconds(3), service: 'health' }),
        startup: ContainerProbe.exec(['cat', '/tmp/started'], { period: Duration.seconds(1), failureThreshold: 30 }),
      }],
    });
    const container = containersOf(c)[0];
    expect(container.readinessProbe).toEqual({
      httpGet: { path: '/ready', httpHeaders: [{ name: 'X-Probe', value: '1' }] },
      periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 2,
    });
    // A gRPC probe needs a port; it falls back to the container's.
    expect(container.livenessProbe).toEqual({ grpc: { port: 9000, service: 'health' }, initialDelaySeconds: 3 });
    expect(container.startupProbe).toEqual({ exec: { command: ['cat', '/tmp/started'] }, periodSeconds: 1, failureThreshold: 30 });
    expect(engineErrors(c)).toEqual([]);
  });

  test('a tcp probe without a port leaves it to Knative, as its own default probe does', () => {
    const c = chart();
    new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE, readiness: ContainerProbe.tcpSocket(), liveness: ContainerProbe.tcpSocket({ port: 8080 }) }] });
    expect(containersOf(c)[0].readinessProbe).toEqual({ tcpSocket: {} });
    expect(containersOf(c)[0].livenessProbe).toEqual({ tcpSocket: { port: 8080 } });
    expect(engineErrors(c)).toEqual([]);
  });
});

describe('probe mistakes', () => {
  test('probe arguments of the wrong kind from a JavaScript caller are TypeErrors', () => {
    expect(() => ContainerProbe.httpGet(undefined as never)).toThrow("ContainerProbe.httpGet: 'path' must be a string");
    expect(() => ContainerProbe.exec('true' as never)).toThrow("ContainerProbe.exec: 'command' must be an array of strings");
  });

  test('sub-second, NaN and infinite probe durations are synth errors, never a throw in serialization', () => {
    const c = chart();
    new KnativeService(c, 'svc', {
      containers: [{
        image: IMAGE,
        readiness: ContainerProbe.httpGet('/ready', { period: Duration.millis(500), initialDelay: Duration.seconds(NaN) }),
        liveness: ContainerProbe.tcpSocket({ timeout: Duration.seconds(Infinity) }),
      }],
    });
    expect(synthErrorsOf(c)).toEqual([
      '[test/svc] containers[0].liveness.timeout: must be a finite, non-negative duration (value: "Infinity days"; allowed: Duration.seconds(n) with 0 <= n < Infinity)',
      '[test/svc] containers[0].readiness.initialDelay: must be a finite, non-negative duration (value: "NaN millis"; allowed: Duration.seconds(n) with 0 <= n < Infinity)',
      '[test/svc] containers[0].readiness.period: must be a whole number of seconds: Kubernetes and Knative take these in seconds (value: "500 millis"; allowed: whole seconds, e.g. Duration.seconds(1))',
    ]);
  });

  test('successThreshold other than 1 on a liveness or startup probe is a synth error; readiness may use more', () => {
    const c = chart();
    new KnativeService(c, 'svc', {
      metadata: { name: 'svc' },
      containers: [{
        image: IMAGE,
        liveness: ContainerProbe.httpGet('/live', { successThreshold: 2 }),
        startup: ContainerProbe.exec(['true'], { successThreshold: 0 }),
      }],
    });
    expect(synthErrorsOf(c)).toEqual([
      "[test/svc] containers[0].liveness.successThreshold: must be 1 for a liveness probe: Kubernetes refuses the revision's pods otherwise (value: 2; allowed: 1 (or unset))",
      "[test/svc] containers[0].startup.successThreshold: must be 1 for a startup probe: Kubernetes refuses the revision's pods otherwise (value: 0; allowed: 1 (or unset))",
    ]);
    const ok = chart();
    new KnativeService(ok, 'svc', {
      metadata: { name: 'svc' },
      containers: [{ image: IMAGE, readiness: ContainerProbe.httpGet('/ready', { successThreshold: 3 }), liveness: ContainerProbe.httpGet('/live', { successThreshold: 1 }) }],
    });
    expect(synthErrorsOf(ok)).toEqual([]);
    expect(obj(ok, 'Service').spec.template.spec.containers[0].readinessProbe.successThreshold).toBe(3);
  });
});

describe('integer props', () => {
  test('NaN, Infinity, fractions and int32 overflow in integer fields are synth errors, never .nan/.inf or a number the cluster cannot decode', () => {
    const c = chart();
    new KnativeService(c, 'svc', {
      containerConcurrency: NaN,
      containers: [{
        image: IMAGE,
        port: 2 ** 31,
        securityContext: { user: 1.5 },
        readiness: ContainerProbe.httpGet('/', { successThreshold: Infinity, period: Duration.seconds(2 ** 31) }),
        volumeMounts: [{ path: '/s', volume: RevisionVolume.fromSecret('s', { defaultMode: 0o1000, items: { k: { path: 'k', mode: NaN } } }) }],
      }],
    });
    expect(synthErrorsOf(c)).toEqual([
      '[test/svc] containerConcurrency: must be an integer (value: NaN; allowed: a whole number (see the prop documentation for its range))',
      '[test/svc] containers[0].port: does not fit the 32-bit integer Kubernetes stores it in (value: 2147483648; allowed: at most 2147483647)',
      '[test/svc] containers[0].securityContext.user: must be an integer (value: 1.5; allowed: a whole number (see the prop documentation for its range))',
      '[test/svc] containers[0].readiness.period: does not fit the 32-bit integer Kubernetes stores it in (value: "2147483648 seconds"; allowed: at most 2147483647 seconds)',
      '[test/svc] containers[0].readiness.successThreshold: must be an integer (value: Infinity; allowed: a whole number (see the prop documentation for its range))',
      "[test/svc] containers[0].volumeMounts[0]: RevisionVolume.fromSecret('s') defaultMode: must be a file mode from 0 to 0o777: Kubernetes refuses the revision's pods otherwise (value: 512; allowed: 0..511 (0o0..0o777))",
      "[test/svc] containers[0].volumeMounts[0]: RevisionVolume.fromSecret('s') items[\"k\"].mode: must be an integer (value: NaN; allowed: a whole number (see the prop documentation for its range))",
    ]);
  });

  test('traffic percents must be integers', () => {
    const c = chart();
    new KnativeService(c, 'svc', { containers: [{ image: IMAGE }], traffic: [TrafficTarget.latestRevision(Infinity)] });
    expect(synthErrorsOf(c)).toEqual(['[test/svc] traffic[0].percent: must be an integer (value: Infinity; allowed: a whole number (see the prop documentation for its range))']);
  });
});

describe('volumes', () => {
  test('Secret, ConfigMap, emptyDir and projected volumes join the pod when mounted', () => {
    const c = chart();
    const secret = kplus.Secret.fromSecretName(c, 'secret', 'tls');
    const svc = new KnativeService(c, 'svc', {
      metadata: { name: 'svc' },
      containers: [{
        image: IMAGE,
        volumeMounts: [
          { path: '/etc/tls', volume: RevisionVolume.fromSecret(secret, { items: { 'tls.crt': { path: 'cert.pem' } }, defaultMode: 0o440 }) },
          { path: '/etc/app', volume: RevisionVolume.fromConfigMap('settings') },
        ],
      }],
    });
    const scratch = RevisionVolume.fromEmptyDir('scratch', { medium: EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(64) });
    svc.containers[0].mount('/scratch', scratch);
    svc.containers[0].mount('/var/run/token', RevisionVolume.fromProjected('token', {
      serviceAccountToken: { path: 'token', audience: 'vault', expiration: Duration.hours(1) },
      configMaps: ['ca-bundle'],
    }));
    const spec = obj(c, 'Service').spec.template.spec;
    expect(spec.volumes).toEqual([
      { name: 'secret-tls', secret: { secretName: 'tls', items: [{ key: 'tls.crt', path: 'cert.pem' }], defaultMode: 0o440 } },
      { name: 'configmap-settings', configMap: { name: 'settings' } },
      { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      { name: 'token', projected: { sources: [{ configMap: { name: 'ca-bundle' } }, { serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 3600 } }] } },
    ]);
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: 'secret-tls', mountPath: '/etc/tls', readOnly: true },
      { name: 'configmap-settings', mountPath: '/etc/app', readOnly: true },
      { name: 'scratch', mountPath: '/scratch' },
      { name: 'token', mountPath: '/var/run/token', readOnly: true },
    ]);
    expect(engineErrors(c)).toEqual([]);
  });

  test('a volume mounted by two containers appears once', () => {
    const c = chart();
    const shared = RevisionVolume.fromEmptyDir('shared');
    new KnativeService(c, 'svc', {
      metadata: { name: 'svc' },
      containers: [
        { image: IMAGE, name: 'app', port: 8080, volumeMounts: [{ path: '/shared', volume: shared }] },
        { image: IMAGE, name: 'side', volumeMounts: [{ path: '/shared', volume: shared, readOnly: true }] },
      ],
    });
    const spec = obj(c, 'Service').spec.template.spec;
    expect(spec.volumes).toEqual([{ name: 'shared', emptyDir: {} }]);
    expect(spec.containers[1].volumeMounts).toEqual([{ name: 'shared', mountPath: '/shared', readOnly: true }]);
  });

  test('cdk8s-plus volumes are accepted as they are', () => {
    const c = chart();
    const secret = kplus.Secret.fromSecretName(c, 'secret', 'creds');
    const fromSecret = kplus.Volume.fromSecret(c, 'secret-vol', secret);
    const fromEmpty = kplus.Volume.fromEmptyDir(c, 'tmp-vol', 'tmp', { sizeLimit: Size.mebibytes(32) });
    new KnativeService(c, 'svc', {
      metadata: { name: 'svc' },
      containers: [{ image: IMAGE, volumeMounts: [{ path: '/creds', volume: fromSecret }, { path: '/tmp', volume: fromEmpty }] }],
    });
    const spec = obj(c, 'Service').spec.template.spec;
    expect(spec.volumes).toEqual([
      { name: fromSecret.name, secret: { secretName: 'creds' } },
      { name: 'tmp', emptyDir: { sizeLimit: '32Mi' } },
    ]);
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: fromSecret.name, mountPath: '/creds', readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    expect(engineErrors(c)).toEqual([]);
  });

  test('a projected volume needs a source: a synth error where it is mounted, once', () => {
    const c = chart();
    const empty = RevisionVolume.fromProjected('empty', {});
    const svc = new KnativeService(c, 'svc', { containers: [{ image: IMAGE }] });
    svc.containers[0].mount('/a', empty);
    svc.addContainer({ image: IMAGE, name: 'side', volumeMounts: [{ path: '/b', volume: empty }] });
    expect(synthErrorsOf(c)).toEqual([
      "[test/svc] containers[0].volumeMounts[0]: RevisionVolume.fromProjected('empty'): a projected volume needs at least one source (value: {}; allowed: at least one of 'secrets', 'configMaps' or 'serviceAccountToken')",
    ]);
  });

  test('a projected token expiration must be whole seconds from 10 minutes to 2^32 seconds', () => {
    const c = chart();
    const vol = (name: string, expiration: Duration) => RevisionVolume.fromProjected(name, { serviceAccountToken: { path: 't', expiration } });
    new KnativeService(c, 'svc', {
      containers: [{ image: IMAGE, volumeMounts: [
        { path: '/a', volume: vol('a', Duration.millis(600_500)) },
        { path: '/b', volume: vol('b', Duration.minutes(5)) },
        { path: '/c', volume: vol('c', Duration.seconds(NaN)) },
      ] }],
    });
    expect(synthErrorsOf(c)).toEqual([
      "[test/svc] containers[0].volumeMounts[0]: RevisionVolume.fromProjected('a') serviceAccountToken.expiration: must be a whole number of seconds: Kubernetes and Knative take these in seconds (value: \"10 minutes 500 millis\"; allowed: whole seconds, e.g. Duration.seconds(601))",
      "[test/svc] containers[0].volumeMounts[1]: RevisionVolume.fromProjected('b') serviceAccountToken.expiration: must be at least 10 minutes and at most 2^32 seconds, as Kubernetes requires (value: \"5 minutes\"; allowed: Duration.minutes(10) to Duration.seconds(4294967296))",
      "[test/svc] containers[0].volumeMounts[2]: RevisionVolume.fromProjected('c') serviceAccountToken.expiration: must be a finite, non-negative duration (value: \"NaN millis\"; allowed: Duration.seconds(n) with 0 <= n < Infinity)",
    ]);
  });

  test('a reserved mount path is refused at synth by the engine', () => {
    const c = chart();
    new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE, volumeMounts: [{ path: '/dev', volume: RevisionVolume.fromEmptyDir('x') }] }] });
    expect(() => Testing.synth(c)).toThrow(/mountPath "\/dev" is a reserved path/);
  });
});

describe('init containers', () => {
  test('are rendered as Kubernetes JSON with secure defaults', () => {
    const c = chart();
    ClusterSettings.apply(c, { serving: { features: { 'kubernetes.podspec-init-containers': 'Enabled' } } });
    const svc = new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE }] });
    svc.addInitContainer({ image: 'busybox:1.36', name: 'migrate', command: ['sh', '-c', 'echo ok'], resources: { cpu: { limit: kplus.Cpu.millis(100) } } });
    const init = obj(c, 'Service').spec.template.spec.initContainers;
    expect(init).toEqual([expect.objectContaining({
      name: 'migrate', image: 'busybox:1.36', command: ['sh', '-c', 'echo ok'], resources: { limits: { cpu: '100m' } },
    })]);
    expect(engineErrors(c)).toEqual([]);
  });
});
