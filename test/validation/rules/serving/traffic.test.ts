import { byRule, variant } from '../../../helpers';
import { ROUTE, SERVICE, errorsOf, only } from './fixtures';

const withTraffic = (traffic: unknown[]) => variant(SERVICE, (o) => { o.spec.traffic = traffic; });
const route = (traffic: unknown[]) => variant(ROUTE, (o) => { o.spec.traffic = traffic; });

describe('serving traffic', () => {
  test('a Service without traffic gets 100% to the latest revision', () => {
    expect(errorsOf(SERVICE)).toEqual([]);
  });

  test('T1: percent is 0..100', () => {
    const f = only(withTraffic([{ latestRevision: true, percent: 101 }]), 'T1');
    expect(f.field).toBe('spec.traffic[0].percent');
    expect(f.message).toBe('expected 0 <= 101 <= 100');
    expect(f.allowed).toBe('0..100');
  });

  test('T2: percents sum to exactly 100, a missing percent counting as 0', () => {
    const f = only(withTraffic([{ latestRevision: true, percent: 90 }]), 'T2');
    expect(f.field).toBe('spec.traffic');
    expect(f.message).toBe('Traffic targets sum to 90, want 100');
    expect(byRule(withTraffic([{ latestRevision: true, percent: 100 }, { revisionName: 'hello-1', tag: 'old' }]), 'T2')).toEqual([]);
    expect(only(route([]), 'T2').message).toBe('Traffic targets sum to 0, want 100');
  });

  test('T3: a Service may not name a configuration', () => {
    const f = only(withTraffic([{ configurationName: 'other', percent: 100 }]), 'T3');
    expect(f.field).toBe('spec.traffic[0].configurationName');
    expect(f.message).toBe('must not set the field(s)');
  });

  test('T4: a Route entry names exactly one of revision and configuration', () => {
    let f = only(route([{ revisionName: 'a', configurationName: 'b', percent: 100 }]), 'T4');
    expect(f.field).toBe('spec.traffic[0].configurationName, spec.traffic[0].revisionName');
    expect(f.message).toBe('expected exactly one, got both');
    f = only(route([{ percent: 100 }]), 'T4');
    expect(f.message).toBe('expected exactly one, got neither');
    expect(errorsOf(ROUTE)).toEqual([]);
  });

  test('T5: revision and configuration names are qualified names', () => {
    const f = only(route([{ revisionName: 'b ar', percent: 100 }]), 'T5');
    expect(f.field).toBe('spec.traffic[0].revisionName');
    expect(f.message).toMatch(/^invalid key name "b ar": name part must consist of alphanumeric characters/);
  });

  test('T6: latestRevision agrees with revisionName', () => {
    let f = only(withTraffic([{ revisionName: 'hello-1', latestRevision: true, percent: 100 }]), 'T6');
    expect(f.field).toBe('spec.traffic[0].latestRevision');
    expect(f.message).toBe('may not set revisionName "hello-1" when latestRevision is true');
    f = only(withTraffic([{ latestRevision: false, percent: 100 }]), 'T6');
    expect(f.message).toBe('may not set revisionName "" when latestRevision is false');
  });

  test('T7: tags are DNS-1035 labels, reported at traffic.tag[i]', () => {
    const f = only(withTraffic([{ latestRevision: true, percent: 100, tag: 'Canary' }]), 'T7');
    expect(f.field).toBe('spec.traffic.tag[0]');
    expect(f.message).toMatch(/^invalid value: not a DNS 1035 label: \[/);
  });

  test('T8: tags are unique', () => {
    const f = only(withTraffic([
      { latestRevision: true, percent: 50, tag: 'foo' }, { revisionName: 'hello-1', percent: 50, tag: 'foo' },
    ]), 'T8');
    expect(f.field).toBe('spec.traffic[0].tag, spec.traffic[1].tag');
    expect(f.message).toBe('Multiple definitions for "foo"');
  });

  test('T9: url is status-only', () => {
    const f = only(withTraffic([{ latestRevision: true, percent: 100, url: 'http://x' }]), 'T9');
    expect(f.field).toBe('spec.traffic[0].url');
    expect(f.message).toBe('must not set the field(s)');
  });
});
