import { Chart, JsonPatch, Testing } from 'cdk8s';
import { ClusterSettings } from '../../lib/core/cluster-settings';
import { Broker, Filter, PingSource, Sink, Trigger } from '../../lib/eventing';
import { engineErrors, json, setup, synthErrors } from './util';
import { synthErrors as appErrors } from '../helpers';

const LINKS = { eventing: { features: { 'cross-namespace-event-links': 'Enabled' as const } } };
const uri = Sink.fromUri('https://sink.example.org');

describe('Trigger', () => {
  test('dependency and injection annotations: typed, accepted by the webhook rules G9/G10, mistakes are synth errors', () => {
    const { app, chart } = setup('events');
    const broker = new Broker(chart, 'b', { metadata: { name: 'default' } });
    const ping = new PingSource(chart, 'ping', { sink: broker, metadata: { name: 'heartbeat' } });
    const t = broker.addTrigger('t', { subscriber: uri, dependency: ping, injection: true });
    expect(json(t).metadata.annotations).toEqual({
      'knative.dev/dependency': '{"apiVersion":"sources.knative.dev/v1","kind":"PingSource","name":"heartbeat"}',
      'eventing.knative.dev/injection': 'enabled',
    });
    expect(engineErrors(t)).toEqual([]);
    const ext = broker.addTrigger('ext', { subscriber: uri, dependency: { apiVersion: 'sources.knative.dev/v1', kind: 'ApiServerSource', name: 'k8s', namespace: 'events' }, injection: false });
    expect(json(ext).metadata.annotations['knative.dev/dependency']).toBe('{"apiVersion":"sources.knative.dev/v1","kind":"ApiServerSource","name":"k8s"}');
    expect(json(ext).metadata.annotations['eventing.knative.dev/injection']).toBe('disabled');
    expect(appErrors(app)).toEqual([]);

    const bad = setup('events');
    const other = new Broker(bad.chart, 'b', { metadata: { name: 'other' } });
    other.addTrigger('t', { subscriber: uri, injection: true, dependency: { apiVersion: 'v1', kind: '', name: 'x', namespace: 'elsewhere' } });
    expect(appErrors(bad.app)).toEqual([
      '[test/b/t] dependency.kind: missing field(s) (value: ""; allowed: a non-empty string)',
      '[test/b/t] dependency.namespace: must be empty or equal to the trigger namespace "events" (value: "elsewhere"; allowed: events)',
      "[test/b/t] injection: The provided injection annotation is only used for default broker, but non-default broker specified here (value: \"other\"; allowed: a Trigger of the broker named 'default' in its own namespace)",
    ]);
  });

  test('a JavaScript caller that forgets the subscriber or the broker gets a TypeError naming the prop', () => {
    const { chart } = setup();
    const broker = new Broker(chart, 'b');
    expect(() => new Trigger(chart, 't', { broker } as any)).toThrow(new TypeError("Trigger: the required prop 'subscriber' is missing (got undefined); see the TriggerProps documentation"));
    expect(() => new Trigger(chart, 't2', { subscriber: uri } as any)).toThrow(/Trigger: the required prop 'broker' is missing/);
    expect(() => broker.addTrigger('t3', undefined as any)).toThrow(TypeError);
    expect(() => new Trigger(chart, 't4', { broker, subscriber: 'https://x' } as any)).toThrow(/spec.subscriber: expected an ISink/);
  });

  test('default output: broker name and subscriber, valid', () => {
    const { chart } = setup('events');
    const broker = new Broker(chart, 'b', { metadata: { name: 'default' } });
    const t = new Trigger(chart, 't', { broker, subscriber: uri, metadata: { name: 'all' } });
    expect(json(t)).toEqual({
      apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger',
      metadata: { name: 'all', namespace: 'events' },
      spec: { broker: 'default', subscriber: { uri: 'https://sink.example.org' } },
    });
    expect(engineErrors(t)).toEqual([]);
    expect(synthErrors(chart)).toEqual([]);
  });

  test('the engine runs on the output at synth', () => {
    const { chart } = setup();
    const t = new Trigger(chart, 't', { broker: new Broker(chart, 'b'), subscriber: uri });
    t.apiObject.addJsonPatch(JsonPatch.add('/spec/delivery', { retry: 'three' }));
    expect(engineErrors(t).length).toBeGreaterThan(0);
    expect(synthErrors(chart).join('\n')).toMatch(/\[test\/t\/Resource\] Trigger .*spec.delivery.retry/);
  });

  test('attribute filters: sorted, checked, addable later', () => {
    const { chart } = setup();
    const t = new Trigger(chart, 't', { broker: new Broker(chart, 'b'), subscriber: uri, attributes: { type: 'ch.cern.file.uploaded' } });
    t.addAttributeFilter('source', '');
    expect(json(t).spec.filter).toEqual({ attributes: { source: '', type: 'ch.cern.file.uploaded' } });
    expect(engineErrors(t)).toEqual([]);
    const bad = setup();
    const t1 = new Trigger(bad.chart, 't', { broker: new Broker(bad.chart, 'b'), subscriber: uri });
    t1.addAttributeFilter('Type', 'x');
    new Trigger(bad.chart, 't2', { broker: new Broker(bad.chart, 'b2'), subscriber: uri, attributes: { my_ext: 'x' } });
    expect(appErrors(bad.app)).toEqual([
      '[test/t] attributes: invalid key name "Type": Attribute name must start with a letter and can only contain lowercase alphanumeric (value: "Type"; allowed: lower-case letters and digits, starting with a letter)',
      expect.stringMatching(/^\[test\/t2\] attributes: invalid key name "my_ext"/),
    ]);
  });

  test('filters dialect output', () => {
    const { chart } = setup();
    const t = new Trigger(chart, 't', {
      broker: new Broker(chart, 'b'), subscriber: uri,
      filters: [Filter.any(Filter.exact({ type: 'a' }), Filter.prefix({ type: 'b.' })), Filter.cesql("source LIKE '%cern%'")],
    });
    expect(json(t).spec.filters).toEqual([
      { any: [{ exact: { type: 'a' } }, { prefix: { type: 'b.' } }] },
      { cesql: "source LIKE '%cern%'" },
    ]);
    expect(engineErrors(t)).toEqual([]);
  });

  test('subscriber and dead-letter sinks are checked', () => {
    const { chart } = setup();
    new Trigger(chart, 't', { broker: new Broker(chart, 'b'), subscriber: Sink.fromKnativeService('missing') });
    expect(synthErrors(chart)).toEqual([
      '[test/t] spec.subscriber: Service "missing" (serving.knative.dev/v1) in no namespace is not defined in this app; pass the construct itself, or, if it is deployed by something else, declare it with { external: true }',
    ]);
  });

  test('a broker in another namespace needs crossNamespace, then brokerRef is written', () => {
    const app = Testing.app();
    const brokers = new Chart(app, 'brokers', { namespace: 'eventing' });
    const apps = new Chart(app, 'apps', { namespace: 'apps' });
    const broker = new Broker(brokers, 'b', { metadata: { name: 'shared' } });
    new Trigger(apps, 'implicit', { broker, subscriber: uri });
    expect(synthErrors(app)).toEqual([
      '[apps/implicit] spec.broker: Broker "shared" (eventing.knative.dev/v1) in namespace "eventing" is not in this Trigger\'s namespace "apps"; '
      + 'crossing namespaces must be explicit: pass { crossNamespace: true } (needs the cross-namespace-event-links feature)',
    ]);
    const app2 = Testing.app();
    ClusterSettings.apply(app2, LINKS);
    const broker2 = new Broker(new Chart(app2, 'brokers', { namespace: 'eventing' }), 'b', { metadata: { name: 'shared' } });
    const t = new Trigger(new Chart(app2, 'apps', { namespace: 'apps' }), 'explicit', { broker: broker2, subscriber: uri, crossNamespace: true });
    expect(synthErrors(app2)).toEqual([]);
    expect(json(t).spec).toEqual({
      brokerRef: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'shared', namespace: 'eventing' },
      subscriber: { uri: 'https://sink.example.org' },
    });
  });

  test('an imported broker: same namespace by default, explicit when declared with a namespace', () => {
    const { app, chart } = setup('apps');
    ClusterSettings.apply(app, LINKS);
    const local = Broker.fromBrokerName(chart, 'local', 'default');
    const remote = Broker.fromBrokerName(chart, 'remote', 'shared', { namespace: 'eventing' });
    const t1 = new Trigger(chart, 't1', { broker: local, subscriber: uri });
    const t2 = new Trigger(chart, 't2', { broker: remote, subscriber: uri });
    expect(synthErrors(chart)).toEqual([]);
    expect(json(t1).spec.broker).toBe('default');
    expect(json(t2).spec.brokerRef).toEqual({ apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'shared', namespace: 'eventing' });
  });

  test('a broker of another app is refused', () => {
    const { chart: other } = setup();
    const broker = new Broker(other, 'b');
    const { chart } = setup();
    new Trigger(chart, 't', { broker, subscriber: uri });
    expect(synthErrors(chart).join('\n')).toMatch(/\[test\/t\] spec.broker: Broker ".*" .* is not defined in this app; use Broker.fromBrokerName\(\)/);
  });

  test('without the cross-namespace-event-links feature the engine rejects brokerRef (G2)', () => {
    const { chart } = setup('apps');
    const remote = Broker.fromBrokerName(chart, 'remote', 'shared', { namespace: 'eventing' });
    new Trigger(chart, 't', { broker: remote, subscriber: uri });
    expect(synthErrors(chart).join('\n')).toMatch(/\[G2\]/);
  });
});
