import { byRule, variant } from '../../../helpers';
import { DOMAIN_MAPPING, errorsOf, only } from './fixtures';

describe('DomainMapping', () => {
  test('a valid mapping is accepted', () => {
    expect(errorsOf(DOMAIN_MAPPING)).toEqual([]);
  });

  test('D1: the name is a domain with at least two labels', () => {
    const f = only(variant(DOMAIN_MAPPING, (o) => { o.metadata.name = 'invalid'; }), 'D1');
    expect(f.field).toBe('metadata.name');
    expect(f.message).toBe('invalid name "invalid": name: Invalid value: "invalid": should be a domain with at least two segments separated by dots');
  });

  test('D2: not under the cluster-local domain, which follows the settings', () => {
    const local = variant(DOMAIN_MAPPING, (o) => { o.metadata.name = 'x.svc.cluster.local'; });
    const f = only(local, 'D2');
    expect(f.message).toBe('invalid name "x.svc.cluster.local": must not be a subdomain of cluster local domain "cluster.local"');
    expect(byRule(local, 'D2', { serving: { network: { clusterDomain: 'corp.internal' } } })).toEqual([]);
  });

  test('D3: generateName is not allowed', () => {
    const f = only(variant(DOMAIN_MAPPING, (o) => { o.metadata.generateName = 'hello-'; }), 'D3');
    expect(f.field).toBe('metadata.generateName');
    expect(f.message).toBe('must not set the field(s)');
  });

  test('D4: the ref names its target in the same namespace', () => {
    const f = only(variant(DOMAIN_MAPPING, (o) => { o.spec.ref.namespace = 'other'; }), 'D4');
    expect(f.field).toBe('spec.ref.namespace');
    expect(f.message).toBe('mismatched namespaces: parent namespace: "default" does not match ref: "other"');
    expect(byRule(variant(DOMAIN_MAPPING, (o) => { o.spec.ref.namespace = 'default'; }), 'D4')).toEqual([]);
    const missing = byRule(variant(DOMAIN_MAPPING, (o) => { delete o.spec.ref.apiVersion; }), 'D4');
    expect(missing.map((x) => [x.field, x.message])).toEqual([['spec.ref.apiVersion', 'missing field(s)']]);
  });

  test('D4: empty name and kind are missing too, merged into one error as Knative prints it', () => {
    const f = only(variant(DOMAIN_MAPPING, (o) => { o.spec.ref.name = ''; o.spec.ref.kind = ''; }), 'D4');
    expect(f.field).toBe('spec.ref.kind, spec.ref.name');
    expect(f.message).toBe('missing field(s)');
    const g = only(variant(DOMAIN_MAPPING, (o) => { delete o.spec; }), 'D4');
    expect(g.field).toBe('spec.ref.apiVersion, spec.ref.kind, spec.ref.name');
  });

  test('D4: group is refused (Serving 1.23 never allows KReference.group)', () => {
    const f = only(variant(DOMAIN_MAPPING, (o) => { o.spec.ref.group = 'serving.knative.dev'; }), 'D4');
    expect(f.field).toBe('spec.ref.group');
    expect(f.message).toBe('must not set the field(s)');
  });
});
