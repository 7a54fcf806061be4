import * as kplus from 'cdk8s-plus-27';
import { BindingSubject, Broker, SinkBinding } from '../../../lib/eventing';
import { engineErrors, json, setup, synthErrors } from '../util';

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
    expect(() => BindingSubject.fromLabels('batch/v1', 'Job', {})).toThrow(/'matchLabels' must not be empty/);
  });
});
