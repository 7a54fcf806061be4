import { App, Chart, Testing } from 'cdk8s';
import { ClusterSettings } from '../../lib/core/cluster-settings';
import { ContainerSource, JobSink, Sink } from '../../lib/eventing';
import { Configuration, ContainerSecurity, ContainerSecurityLevel, KnativeService, SeccompProfileType } from '../../lib/serving';
import { chart, engineErrors, engineWarnings, obj, synthErrorsOf } from './util';

const IMAGE = 'ghcr.io/lab/app:1.0';
const SECURE = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};

describe('secure defaults', () => {
  test('every container, sidecar and init container gets the restricted securityContext', () => {
    const c = chart();
    ClusterSettings.apply(c, { serving: { features: { 'kubernetes.podspec-init-containers': 'Enabled' } } });
    const svc = new KnativeService(c, 'svc', {
      metadata: { name: 'svc' },
      containers: [{ image: IMAGE, port: 8080 }, { image: 'ghcr.io/lab/sidecar:1.0', name: 'sidecar' }],
      initContainers: [{ image: 'ghcr.io/lab/init:1.0', name: 'init' }],
    });
    svc.addContainer({ image: 'ghcr.io/lab/logger:1.0', name: 'logger' });
    const spec = obj(c, 'Service').spec.template.spec;
    for (const container of [...spec.containers, ...spec.initContainers]) expect(container.securityContext).toEqual(SECURE);
    // Pod-level securityContext needs a feature flag: not emitted.
    expect(spec.securityContext).toBeUndefined();
  });

  test('the defaults silence Knative\'s insecure-default warnings', () => {
    const c = chart();
    new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE }] });
    expect(engineWarnings(c)).toEqual([]);
  });

  test('individual fields override the defaults and add to them', () => {
    const c = chart();
    new KnativeService(c, 'svc', {
      metadata: { name: 'svc' },
      containers: [{
        image: IMAGE,
        securityContext: { ensureNonRoot: false, user: 1000, group: 2000, readOnlyRootFilesystem: true, seccompProfile: SeccompProfileType.LOCALHOST, seccompLocalhostProfile: 'profiles/app.json' },
      }],
    });
    expect(obj(c, 'Service').spec.template.spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: false,
      runAsUser: 1000,
      runAsGroup: 2000,
      readOnlyRootFilesystem: true,
      seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/app.json' },
    });
  });

  test('secureDefaults: false is the explicit opt-out: nothing is emitted', () => {
    const c = chart();
    new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE, securityContext: { secureDefaults: false } }] });
    expect(obj(c, 'Service').spec.template.spec.containers[0].securityContext).toBeUndefined();
    expect(engineErrors(c)).toEqual([]);
    // Knative then warns about each insecure default, and the engine says so too.
    expect(engineWarnings(c).join('\n')).toMatch(/Kubernetes default value is insecure/);
  });

  test('secureDefaults: false keeps explicitly set fields', () => {
    const c = chart();
    new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE, securityContext: { secureDefaults: false, user: 1000 } }] });
    expect(obj(c, 'Service').spec.template.spec.containers[0].securityContext).toEqual({ runAsUser: 1000 });
  });

  test('adding a capability outside the allowed set is refused at synth by the engine', () => {
    const c = chart();
    new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE, securityContext: { addCapabilities: ['NET_ADMIN'] } }] });
    expect(() => Testing.synth(c)).toThrow(/capabilities\.add/);
  });
});

describe('ContainerSecurity levels (Knative secure-pod-defaults)', () => {
  const BOUNDED = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };

  function containersAt(level: ContainerSecurityLevel | undefined): Record<string, any[]> {
    const app = Testing.app();
    if (level !== undefined) ContainerSecurity.apply(app, { level });
    const c = new Chart(app, 'test', { namespace: 'default' });
    new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE }, { image: IMAGE, name: 'side', securityContext: { secureDefaults: false } }] });
    new Configuration(c, 'cfg', { metadata: { name: 'cfg' }, containers: [{ image: IMAGE }] });
    new ContainerSource(c, 'src', { sink: Sink.fromUri('https://sink.example.org'), containers: [{ image: IMAGE }] });
    new JobSink(c, 'jobs', { containers: [{ image: IMAGE }] });
    expect(synthErrorsOf(c)).toEqual([]);
    const out = Testing.synth(c);
    const kind = (k: string) => out.find((o) => o.kind === k);
    return {
      Service: kind('Service').spec.template.spec.containers,
      Configuration: kind('Configuration').spec.template.spec.containers,
      ContainerSource: kind('ContainerSource').spec.template.spec.containers,
      JobSink: kind('JobSink').spec.job.spec.template.spec.containers,
    };
  }

  test('the default is Enabled: the same output as before levels existed', () => {
    const out = containersAt(undefined);
    for (const containers of Object.values(out)) expect(containers[0].securityContext).toEqual(SECURE);
    expect(out.Service[1].securityContext).toBeUndefined();
    expect(containersAt(ContainerSecurityLevel.ENABLED)).toEqual(out);
  });

  test('AllowRootBounded leaves out runAsNonRoot everywhere, as Knative does', () => {
    const out = containersAt(ContainerSecurityLevel.ALLOW_ROOT_BOUNDED);
    for (const containers of Object.values(out)) expect(containers[0].securityContext).toEqual(BOUNDED);
    expect(out.Service[1].securityContext).toBeUndefined();
  });

  test('Disabled writes no defaults; secureDefaults: true still opts a container in', () => {
    const out = containersAt(ContainerSecurityLevel.DISABLED);
    for (const containers of Object.values(out)) expect(containers[0].securityContext).toBeUndefined();
    const app = Testing.app();
    ContainerSecurity.apply(app, { level: ContainerSecurityLevel.DISABLED });
    const c = new Chart(app, 'test', { namespace: 'default' });
    new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE, securityContext: { secureDefaults: true } }] });
    expect(obj(c, 'Service').spec.template.spec.containers[0].securityContext).toEqual(SECURE);
  });

  test('the nearest level applied above a construct wins (app, then chart)', () => {
    const app = Testing.app();
    ContainerSecurity.apply(app, { level: ContainerSecurityLevel.DISABLED });
    const c = new Chart(app, 'test', { namespace: 'default' });
    ContainerSecurity.apply(c, { level: ContainerSecurityLevel.ALLOW_ROOT_BOUNDED });
    new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE }] });
    expect(ContainerSecurity.of(c)).toBe(ContainerSecurityLevel.ALLOW_ROOT_BOUNDED);
    expect(ContainerSecurity.of(app)).toBe(ContainerSecurityLevel.DISABLED);
    expect(obj(c, 'Service').spec.template.spec.containers[0].securityContext).toEqual(BOUNDED);
  });

  test('a level applied after the constructs below it read theirs is a synth error', () => {
    const app = new App();
    const c = new Chart(app, 'test', { namespace: 'default' });
    new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE }] });
    ContainerSecurity.apply(app, { level: ContainerSecurityLevel.ALLOW_ROOT_BOUNDED });
    expect(synthErrorsOf(c)).toEqual([
      "[test/svc] ContainerSecurity: a level was applied at '<app>' after this construct rendered its containers under another level (value: \"AllowRootBounded\"; allowed: ContainerSecurity.apply(...) before the constructs below it are created)",
    ]);
  });

  test('a level that is not a ContainerSecurityLevel is a TypeError', () => {
    expect(() => ContainerSecurity.apply(Testing.app(), { level: 'enabled' as ContainerSecurityLevel })).toThrow(/'level' must be a ContainerSecurityLevel/);
  });

  test('AllowRootBounded output passes the validator; Knative warns about runAsNonRoot on a stock cluster only', () => {
    const app = Testing.app();
    ContainerSecurity.apply(app, { level: ContainerSecurityLevel.ALLOW_ROOT_BOUNDED });
    const c = new Chart(app, 'test', { namespace: 'default' });
    new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE }] });
    expect(engineErrors(c)).toEqual([]);
    expect(engineWarnings(c).join('\n')).toMatch(/runAsNonRoot: Kubernetes default value is insecure/);
    ClusterSettings.apply(c, { serving: { securePodDefaults: 'AllowRootBounded' } });
    expect(engineWarnings(c)).toEqual([]);
  });
});

describe('runAsUser 0 under runAsNonRoot', () => {
  test('user: 0 with the default runAsNonRoot is a synth error (the kubelet would refuse the container)', () => {
    const c = chart();
    new KnativeService(c, 'svc', { containers: [{ image: IMAGE, securityContext: { user: 0 } }] });
    new Configuration(c, 'cfg', { initContainers: [{ image: IMAGE, securityContext: { user: 0, ensureNonRoot: true, secureDefaults: false } }], containers: [{ image: IMAGE }] });
    expect(synthErrorsOf(c)).toEqual([
      '[test/svc] containers[0].securityContext.user: uid 0 (root) with runAsNonRoot: true: the kubelet refuses to start the container (value: 0; allowed: a non-zero uid, or ensureNonRoot: false, or ContainerSecurity.apply(scope, { level: ContainerSecurityLevel.ALLOW_ROOT_BOUNDED }))',
      '[test/cfg] initContainers[0].securityContext.user: uid 0 (root) with runAsNonRoot: true: the kubelet refuses to start the container (value: 0; allowed: a non-zero uid, or ensureNonRoot: false, or ContainerSecurity.apply(scope, { level: ContainerSecurityLevel.ALLOW_ROOT_BOUNDED }))',
    ]);
  });

  test('a pod-level runAsUser 0 inherited by a container under runAsNonRoot is a synth error too', () => {
    const c = chart();
    ClusterSettings.apply(c, { serving: { features: { 'kubernetes.podspec-securitycontext': 'Enabled' } } });
    new KnativeService(c, 'svc', { podSecurityContext: { runAsUser: 0 }, containers: [{ image: IMAGE }] });
    expect(synthErrorsOf(c)).toEqual([
      expect.stringMatching(/^\[test\/svc\] containers\[0\]\.securityContext\.user \(from podSecurityContext\.runAsUser\): uid 0 \(root\) with runAsNonRoot: true/),
    ]);
  });

  test('user: 0 is fine with ensureNonRoot: false, secureDefaults: false or AllowRootBounded', () => {
    const c = chart();
    new KnativeService(c, 'a', { containers: [{ image: IMAGE, securityContext: { user: 0, ensureNonRoot: false } }] });
    new KnativeService(c, 'b', { containers: [{ image: IMAGE, securityContext: { user: 0, secureDefaults: false } }] });
    expect(synthErrorsOf(c)).toEqual([]);
    const app = Testing.app();
    ContainerSecurity.apply(app, { level: ContainerSecurityLevel.ALLOW_ROOT_BOUNDED });
    const c2 = new Chart(app, 'test', { namespace: 'default' });
    new KnativeService(c2, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE, securityContext: { user: 0 } }] });
    expect(synthErrorsOf(c2)).toEqual([]);
    expect(obj(c2, 'Service').spec.template.spec.containers[0].securityContext.runAsUser).toBe(0);
  });
});
