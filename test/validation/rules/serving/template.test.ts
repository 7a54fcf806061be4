import { byRule, findings, variant } from '../../../helpers';
import { CONFIGURATION, REVISION, SERVICE, ann, errorsOf, only, pod } from './fixtures';

describe('revision template', () => {
  test('S-T1: a BYO revision name is a DNS-1035 label starting with "<parent>-"', () => {
    expect(byRule(variant(SERVICE, (o) => { o.spec.template.metadata.name = 'hello-v1'; }), 'S-T1')).toEqual([]);
    let f = only(variant(SERVICE, (o) => { o.spec.template.metadata.name = 'foo'; }), 'S-T1');
    expect(f.field).toBe('spec.template.metadata.name');
    expect(f.message).toBe('invalid value: "foo" must have prefix "hello-"');
    f = only(variant(SERVICE, (o) => { o.spec.template.metadata.name = 'hello.v1'; }), 'S-T1');
    expect(f.message).toMatch(/^invalid value: not a DNS 1035 label: \[/);
  });

  test('S-T2: no template name when the parent uses generateName', () => {
    const f = only(variant(CONFIGURATION, (o) => {
      delete o.metadata.name; o.metadata.generateName = 'hello-'; o.spec.template.metadata = { name: 'hello-v1' };
    }), 'S-T2');
    expect(f.field).toBe('spec.template.metadata.name');
    expect(f.message).toBe('must not set the field(s)');
  });

  test('S-T3: the template generateName is a DNS-1035 prefix', () => {
    const f = only(variant(SERVICE, (o) => { o.spec.template.metadata.generateName = 'Hello-'; }), 'S-T3');
    expect(f.field).toBe('spec.template.metadata.generateName');
    expect(f.message).toMatch(/^invalid value: not a DNS 1035 label prefix: \[/);
  });

  test('S-T5: timeoutSeconds is 0..max-revision-timeout-seconds', () => {
    expect(byRule(variant(SERVICE, (o) => { pod(o).timeoutSeconds = 600; }), 'S-T5')).toEqual([]);
    expect(byRule(variant(SERVICE, (o) => { pod(o).timeoutSeconds = 0; }), 'S-T5')).toEqual([]);
    const f = only(variant(SERVICE, (o) => { pod(o).timeoutSeconds = 601; }), 'S-T5');
    expect(f.field).toBe('spec.template.spec.timeoutSeconds');
    expect(f.message).toBe('expected 0 <= 601 <= 600');
    expect(f.value).toBe(601);
    expect(f.allowed).toBe('0..600');
    const raised = { serving: { defaults: { maxRevisionTimeoutSeconds: 3600 } } };
    expect(byRule(variant(SERVICE, (o) => { pod(o).timeoutSeconds = 601; }), 'S-T5', raised)).toEqual([]);
  });

  test('S-T5: a default revision timeout above the max is caught after defaulting', () => {
    const f = only(SERVICE, 'S-T5', { serving: { defaults: { revisionTimeoutSeconds: 900 } } });
    expect(f.message).toBe('expected 0 <= 900 <= 600');
  });

  test('S-T6: containerConcurrency is 0..1000, 1.. when zero is not allowed', () => {
    expect(byRule(variant(SERVICE, (o) => { pod(o).containerConcurrency = 1000; }), 'S-T6')).toEqual([]);
    const f = only(variant(SERVICE, (o) => { pod(o).containerConcurrency = 1001; }), 'S-T6');
    expect(f.field).toBe('spec.template.spec.containerConcurrency');
    expect(f.message).toBe('expected 0 <= 1001 <= 1000');
    const noZero = { serving: { defaults: { allowContainerConcurrencyZero: false } } };
    expect(only(variant(SERVICE, (o) => { pod(o).containerConcurrency = 0; }), 'S-T6', noZero).message).toBe('expected 1 <= 0 <= 1000');
  });

  test('S-T8: progress-deadline is a whole-second, non-negative Go duration', () => {
    const set = (v: string) => variant(SERVICE, (o) => { ann(o)['serving.knative.dev/progress-deadline'] = v; });
    expect(byRule(set('600s'), 'S-T8')).toEqual([]);
    expect(only(set('1m3s34ms'), 'S-T8').message).toBe('progress-deadline=1m3s34ms is not at second precision');
    expect(only(set('-1m3s'), 'S-T8').message).toBe('progress-deadline=-1m3s must be positive');
    const f = only(set('later'), 'S-T8');
    expect(f.field).toBe('spec.template.metadata.annotations.serving.knative.dev/progress-deadline');
    expect(f.message).toBe('invalid value: later');
  });

  test('S-T9: only known networking.knative.dev annotations on the template', () => {
    expect(byRule(variant(SERVICE, (o) => { ann(o)['networking.knative.dev/disable-auto-tls'] = 'true'; }), 'S-T9')).toEqual([]);
    const f = only(variant(SERVICE, (o) => { ann(o)['networking.knative.dev/visibility'] = 'cluster-local'; }), 'S-T9');
    expect(f.field).toBe('spec.template.metadata.annotations');
    expect(f.message).toBe('invalid key name "networking.knative.dev/visibility"');
  });

  test('S-T9: the prefix is the bare group, as knative.dev/networking matches it (no slash)', () => {
    const f = only(variant(SERVICE, (o) => { ann(o)['networking.knative.dev.example.com/owner'] = 'team-a'; }), 'S-T9');
    expect(f.message).toBe('invalid key name "networking.knative.dev.example.com/owner"');
    for (const k of ['ingress.class', 'ingress-class', 'certificate.class', 'certificate-class', 'disableAutoTLS', 'disable-auto-tls', 'disable-external-domain-tls', 'httpOption', 'http-protocol']) {
      expect(byRule(variant(SERVICE, (o) => { ann(o)[`networking.knative.dev/${k}`] = 'x'; }), 'S-T9')).toEqual([]);
    }
  });

  test('S-T10: resource-percentage warns (deprecated) and must be 0.1..100', () => {
    const set = (v: string) => variant(SERVICE, (o) => { ann(o)['queue.sidecar.serving.knative.dev/resource-percentage'] = v; });
    const ok = findings(set('50'));
    expect(ok.filter((f) => f.rule === 'S-T10').map((f) => f.severity)).toEqual(['warning']);
    expect(ok.find((f) => f.rule === 'S-T10')?.message).toBe(
      'Queue proxy resource percentage annotation is deprecated. Please use the available annotations to explicitly set resource values per service');
    const bad = byRule(set('200'), 'S-T10').filter((f) => f.severity === 'error');
    expect(bad).toHaveLength(1);
    expect(bad[0].field).toBe('spec.template.metadata.annotations[queue.sidecar.serving.knative.dev/resource-percentage]');
    expect(bad[0].message).toBe('expected 0.1 <= 200 <= 100');
    expect(byRule(set('50mx'), 'S-T10').find((f) => f.severity === 'error')?.message).toBe('invalid value: 50mx');
  });

  test('S-T11: queue sidecar resources are Kubernetes quantities', () => {
    const set = (v: string) => variant(SERVICE, (o) => { ann(o)['queue.sidecar.serving.knative.dev/cpu-resource-limit'] = v; });
    for (const v of ['100m', '1', '0.5', '1e3', '128Mi', '+1.5Gi']) expect(byRule(set(v), 'S-T11')).toEqual([]);
    const f = only(set('100mx'), 'S-T11');
    expect(f.field).toBe('spec.template.metadata.annotations[queue.sidecar.serving.knative.dev/cpu-resource-limit]');
    expect(f.message).toBe('invalid value: 100mx');
    expect(byRule(set('1.2.3'), 'S-T11')).toHaveLength(1);
  });

  test('all problems of an object are reported together', () => {
    const broken = variant(SERVICE, (o) => {
      pod(o).timeoutSeconds = 601;
      pod(o).containerConcurrency = -1;
      ann(o)['autoscaling.knative.dev/window'] = '1s';
      o.spec.traffic = [{ latestRevision: true, percent: 90 }];
    });
    expect(errorsOf(broken).map((f) => f.rule).sort()).toEqual(['A12', 'S-T5', 'S-T6', 'T2']);
  });
});

test('P1: a Service without a template has no containers', () => {
  const f = only(variant(SERVICE, (o) => { delete o.spec.template; }), 'P1');
  expect(f.field).toBe('spec.template.spec.containers');
});

describe('Configuration and Revision share the revision checks', () => {
  test('a Configuration template is validated like a Service template', () => {
    const f = only(variant(CONFIGURATION, (o) => { o.spec.template.spec.timeoutSeconds = 601; }), 'S-T5');
    expect(f.field).toBe('spec.template.spec.timeoutSeconds');
    expect(only(variant(CONFIGURATION, (o) => { o.metadata.annotations = { 'autoscaling.knative.dev/window': '60s' }; }), 'S-M4').field)
      .toBe('metadata.annotations');
  });

  test('a Revision spec is validated at spec', () => {
    expect(errorsOf(REVISION)).toEqual([]);
    const f = only(variant(REVISION, (o) => { o.spec.containerConcurrency = 1001; }), 'S-T6');
    expect(f.field).toBe('spec.containerConcurrency');
    expect(only(variant(REVISION, (o) => { o.spec.containers[0].image = 'Bad'; }), 'P10').field).toBe('spec.containers[0].image');
  });
});
