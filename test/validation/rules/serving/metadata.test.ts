import { byRule, variant } from '../../../helpers';
import { CONFIGURATION, REVISION, ROUTE, SERVICE, errorsOf, only } from './fixtures';

describe('serving object metadata', () => {
  test('the valid fixtures are accepted', () => {
    for (const o of [SERVICE, ROUTE, CONFIGURATION, REVISION]) expect(errorsOf(o)).toEqual([]);
  });

  test("S-M1: names are DNS-1035 labels, so dots are rejected", () => {
    const f = only(variant(SERVICE, (o) => { o.metadata.name = 'hello.world'; }), 'S-M1');
    expect(f.field).toBe('metadata.name');
    expect(f.message).toMatch(/^not a DNS 1035 label: \[a DNS-1035 label must consist of lower case alphanumeric/);
    expect(f.value).toBe('hello.world');
  });

  test('S-M1: at most 63 characters; 63 is fine', () => {
    expect(byRule(variant(SERVICE, (o) => { o.metadata.name = `a${'b'.repeat(62)}`; }), 'S-M1')).toEqual([]);
    const f = only(variant(SERVICE, (o) => { o.metadata.name = `a${'b'.repeat(63)}`; }), 'S-M1');
    expect(f.message).toBe('not a DNS 1035 label: [must be no more than 63 characters]');
  });

  test('S-M2: generateName must be a DNS-1035 prefix; a trailing dash is fine', () => {
    expect(byRule(variant(SERVICE, (o) => { delete o.metadata.name; o.metadata.generateName = 'hello-'; }), 'S-M2')).toEqual([]);
    const f = only(variant(SERVICE, (o) => { delete o.metadata.name; o.metadata.generateName = '1hello-'; }), 'S-M2');
    expect(f.field).toBe('metadata.generateName');
    expect(f.message).toMatch(/^not a DNS 1035 label prefix: \[/);
  });

  test('S-M4: autoscaling annotations on the Service itself are rejected', () => {
    const f = only(variant(SERVICE, (o) => { o.metadata.annotations = { 'autoscaling.knative.dev/min-scale': '1' }; }), 'S-M4');
    expect(f.field).toBe('metadata.annotations');
    expect(f.message).toBe('invalid key name "autoscaling.knative.dev/min-scale": autoscaling annotations must be put under "spec.template.metadata.annotations" to work');
    expect(byRule(variant(ROUTE, (o) => { o.metadata.annotations = { 'autoscaling.knative.dev/class': 'x' }; }), 'S-M4')).toHaveLength(1);
  });

  test('S-M5: rollout-duration is a whole-second, non-negative Go duration', () => {
    const set = (v: string, key = 'serving.knative.dev/rollout-duration') => variant(SERVICE, (o) => { o.metadata.annotations = { [key]: v }; });
    expect(byRule(set('380s'), 'S-M5')).toEqual([]);
    expect(byRule(set('1m5s', 'serving.knative.dev/rolloutDuration'), 'S-M5')).toEqual([]);
    let f = only(set('soon'), 'S-M5');
    expect(f.field).toBe('metadata.annotations.serving.knative.dev/rollout-duration');
    expect(f.message).toBe('invalid value: soon');
    f = only(set('1m3s34ms'), 'S-M5');
    expect(f.message).toBe('rollout-duration=1m3s34ms is not at second precision');
    f = only(set('-1m'), 'S-M5');
    expect(f.message).toBe('rollout-duration=-1m must be positive');
    expect(byRule(variant(ROUTE, (o) => { o.metadata.annotations = { 'serving.knative.dev/rollout-duration': 'x' }; }), 'S-M5')).toHaveLength(1);
  });

  test('S-M6: a service label needs an owning Service', () => {
    const labelled = variant(ROUTE, (o) => { o.metadata.labels = { 'serving.knative.dev/service': 'hello' }; });
    const f = only(labelled, 'S-M6');
    expect(f.field).toBe('metadata.labels.serving.knative.dev/service');
    expect(f.message).toBe('missing field(s)');
    const owned = variant(labelled, (o) => { o.metadata.ownerReferences = [{ apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', uid: 'u' }]; });
    expect(byRule(owned, 'S-M6')).toEqual([]);
    expect(byRule(variant(CONFIGURATION, (o) => { o.metadata.labels = { 'serving.knative.dev/service': 'x' }; }), 'S-M6')).toHaveLength(1);
  });

  test('S-M7: a configuration label on a Revision needs an owning Configuration', () => {
    const labelled = variant(REVISION, (o) => { o.metadata.labels = { 'serving.knative.dev/configuration': 'hello' }; });
    const f = only(labelled, 'S-M7');
    expect(f.field).toBe('metadata.labels.serving.knative.dev/configuration');
    expect(f.message).toBe('missing field(s)');
    const owned = variant(labelled, (o) => { o.metadata.ownerReferences = [{ apiVersion: 'serving.knative.dev/v1', kind: 'Configuration', name: 'hello', uid: 'u' }]; });
    expect(byRule(owned, 'S-M7')).toEqual([]);
  });

  test('a missing name is reported once, by the API server check', () => {
    const found = errorsOf(variant(SERVICE, (o) => { delete o.metadata.name; }));
    expect(found.filter((f) => f.message === 'name or generateName is required')).toHaveLength(1);
  });
});
