import { Testing } from 'cdk8s';
import { ClusterSettings } from '../../lib/core/cluster-settings';
import { KnativeService, SeccompProfileType } from '../../lib/serving';
import { chart, engineErrors, engineWarnings, obj } from './util';

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
