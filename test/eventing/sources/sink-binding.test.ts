import * as kplus from 'cdk8s-plus-27';
import { BindingSubject, Broker, SinkBinding } from '../../../lib/eventing';
import { engineErrors, json, setup, synthErrors } from '../util';
import { synthErrors as appErrors } from '../../helpers';

describe('SinkBinding', () => {
  test('subject from an object of the app, written in the binding namespace', () => {
    const { chart } = setup('apps');
    const broker = new Broker(chart, 'b');
    const dep = new kplus.Deployment(chart, 'd', { containers: [{ image: 'ghcr.io/example/publisher:1' }] });
    const sb = new SinkBinding(chart, 'sb', { subject: BindingSubject.fromObject(dep), sink: broker });
    expect(json(sb).spec.subject).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'apps', name: dep.name });
    expect(engineErrors(sb)).toEqual([]);
    expect(synthErrors(chart)).toEqual([]);
  });

  test('subject by labels, and by name', () => {
    const { chart } = setup();
    const broker = new Broker(chart, 'b');
    const sb = new SinkBinding(chart, 'sb', { subject: BindingSubject.fromLabels('batch/v1', 'Job', { app: 'x' }), sink: broker });
    expect(json(sb).spec.subject).toEqual({ apiVersion: 'batch/v1', kind: 'Job', selector: { matchLabels: { app: 'x' } } });
    expect(engineErrors(sb)).toEqual([]);
    const byName = new SinkBinding(chart, 'n', { subject: BindingSubject.fromName('apps/v1', 'Deployment', 'pub'), sink: broker });
    expect(json(byName).spec.subject).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'pub' });
    const bad = setup();
    new SinkBinding(bad.chart, 'sb', { subject: BindingSubject.fromLabels('batch/v1', 'Job', {}), sink: broker, ceOverrides: { 'a-b': 'x' } });
    expect(appErrors(bad.app)).toEqual([
      '[test/sb] subject.matchLabels: must not be empty: an empty selector would bind every workload of the kind (value: {}; allowed: one or more labels)',
      expect.stringMatching(/^\[test\/sb\] ceOverrides: invalid key name "a-b"/),
      expect.stringMatching(/^\[test\/sb\] spec\.sink: Broker .* is not defined in this app/),
    ]);
    expect(() => BindingSubject.fromObject({ node: { path: 'x' } } as any)).toThrow(TypeError);
    expect(() => new SinkBinding(bad.chart, 'none', { sink: broker } as any)).toThrow("SinkBinding: the required prop 'subject' is missing");
  });
});
