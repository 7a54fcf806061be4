import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Destination, IAddressable, KReference } from '../../lib/core/sink';
import { bindSink, Broker, PingSource, Sink, Trigger } from '../../lib/eventing';
import { KnativeService } from '../../lib/serving/service';
import { json, setup, synthErrors } from './util';
import { synthErrors as appErrors } from '../helpers';

function ksvc(scope: Construct, id: string, name?: string): KnativeService {
  return new KnativeService(scope, id, { metadata: name ? { name } : undefined, containers: [{ image: 'ghcr.io/example/app:1.0' }] });
}

describe('Sink', () => {
  test('an addressable construct is passed directly and written as a ref without namespace', () => {
    const { chart } = setup('prod');
    const svc = ksvc(chart, 'svc', 'checksum');
    const ping = new PingSource(chart, 'ping', { sink: svc });
    expect(json(ping).spec.sink).toEqual({ ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'checksum' } });
    expect(synthErrors(chart)).toEqual([]);
  });

  test('a relative path on a ref is written as uri next to ref', () => {
    const { chart } = setup();
    const svc = ksvc(chart, 'svc', 'checksum');
    const ping = new PingSource(chart, 'ping', { sink: Sink.fromAddressable(svc, { path: '/events' }) });
    expect(json(ping).spec.sink).toEqual({ ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'checksum' }, uri: '/events' });
  });

  test('an absolute path on a ref is a synth error of the consumer, with its path and field', () => {
    const { app, chart } = setup();
    const svc = ksvc(chart, 'svc');
    const sink = Sink.fromAddressable(svc, { path: 'http://elsewhere/x' });
    new PingSource(chart, 'ping', { sink });
    new PingSource(chart, 'ref', { sink: Sink.fromKnativeService('other', { external: true, path: '//host/x' }) });
    expect(appErrors(app)).toEqual([
      '[test/ping] spec.sink.path: must be a relative URI: Knative rejects an absolute URI next to a ref; use Sink.fromUri for absolute URIs (value: "http://elsewhere/x"; allowed: a relative URI such as "/events")',
      expect.stringMatching(/^\[test\/ref\] spec\.sink\.path: must be a relative URI.*value: "\/\/host\/x"/),
    ]);
  });

  test('a reference and a namespace option that disagree are a synth error of the consumer', () => {
    const { app, chart } = setup('prod');
    new PingSource(chart, 'p', {
      sink: Sink.fromReference({ apiVersion: 'v1', kind: 'Service', name: 'x', namespace: 'a' }, { namespace: 'b', external: true, crossNamespace: true }),
    });
    expect(appErrors(app)).toEqual([
      '[test/p] spec.sink.namespace: disagrees with the namespace of the reference ("a") (value: "b"; allowed: "a", or one of the two left out)',
    ]);
  });

  test('a URI must be absolute with a host: a synth error of every consumer', () => {
    const bad = setup();
    const relative = Sink.fromUri('/events');
    new PingSource(bad.chart, 'a', { sink: relative });
    new Trigger(bad.chart, 't', { broker: new Broker(bad.chart, 'b'), subscriber: Sink.fromUri('mailto:someone'), delivery: { deadLetterSink: relative } });
    expect(appErrors(bad.app)).toEqual([
      '[test/a] spec.sink.uri: must be an absolute URI with a scheme and a host; for a path on an object use Sink.fromAddressable(target, { path }) (value: "/events"; allowed: an absolute URI such as https://hooks.example.org/events)',
      expect.stringMatching(/^\[test\/t\] spec\.subscriber\.uri: must be an absolute URI .*value: "mailto:someone"/),
      expect.stringMatching(/^\[test\/t\] spec\.delivery\.deadLetterSink\.uri: must be an absolute URI .*value: "\/events"/),
    ]);
    const { chart } = setup();
    const ping = new PingSource(chart, 'ping', { sink: Sink.fromUri('https://hooks.example.org/in', { audience: 'hooks' }) });
    expect(json(ping).spec.sink).toEqual({ uri: 'https://hooks.example.org/in', audience: 'hooks' });
  });

  test('a name that is not in the app and not declared external fails synth, naming consumer, field and object', () => {
    const { app, chart } = setup('prod');
    new PingSource(chart, 'ping', { sink: Sink.fromKnativeService('checksum') });
    expect(() => app.synth()).toThrow(
      '[test/ping] spec.sink: Service "checksum" (serving.knative.dev/v1) in namespace "prod" is not defined in this app; '
      + 'pass the construct itself, or, if it is deployed by something else, declare it with { external: true }');
  });

  test('a name that is in the app resolves, whichever version it uses', () => {
    const { chart } = setup();
    ksvc(chart, 'svc', 'checksum');
    new PingSource(chart, 'ping', { sink: Sink.fromKnativeService('checksum') });
    expect(synthErrors(chart)).toEqual([]);
  });

  test('a name in the app but in another namespace is still missing', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a', { namespace: 'a' });
    const b = new Chart(app, 'b', { namespace: 'b' });
    ksvc(a, 'svc', 'checksum');
    new PingSource(b, 'ping', { sink: Sink.fromKnativeService('checksum') });
    expect(synthErrors(app).join('\n')).toMatch(/Service "checksum" \(serving.knative.dev\/v1\) in namespace "b" is not defined in this app/);
  });

  test('external declarations skip the existence check', () => {
    const { chart } = setup('prod');
    const ping = new PingSource(chart, 'ping', { sink: Sink.fromKnativeService('legacy', { external: true }) });
    expect(synthErrors(chart)).toEqual([]);
    expect(json(ping).spec.sink.ref).toEqual({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'legacy' });
  });

  test('an external declaration carrying a namespace is an explicit cross-namespace target', () => {
    const { chart } = setup('prod');
    const ping = new PingSource(chart, 'ping', { sink: Sink.fromKnativeService('legacy', { external: true, namespace: 'tools' }) });
    expect(synthErrors(chart)).toEqual([]);
    expect(json(ping).spec.sink.ref.namespace).toBe('tools');
  });

  test('a named target in another namespace without permission fails synth', () => {
    const { chart } = setup('prod');
    new Chart(chart.node.root as any, 'other', { namespace: 'tools' });
    new PingSource(chart, 'ping', { sink: Sink.fromReference({ apiVersion: 'v1', kind: 'Service', name: 'x', namespace: 'tools' }) });
    expect(synthErrors(chart).join('\n')).toMatch(/spec.sink: Service "x" \(v1\) in namespace "tools" is not in this PingSource's namespace "prod"; crossing namespaces must be explicit/);
  });

  test('an in-app target in another namespace needs crossNamespace, and then carries its namespace', () => {
    const app = Testing.app();
    const svcs = new Chart(app, 'svcs', { namespace: 'functions' });
    const events = new Chart(app, 'events', { namespace: 'events' });
    const svc = ksvc(svcs, 'svc', 'checksum');
    new PingSource(events, 'implicit', { sink: svc });
    expect(synthErrors(app)).toEqual([
      '[events/implicit] spec.sink: Service "checksum" (serving.knative.dev/v1) in namespace "functions" is not in this PingSource\'s namespace "events"; '
      + 'crossing namespaces must be explicit: Sink.fromAddressable(target, { crossNamespace: true })',
    ]);
    const app2 = Testing.app();
    const svc2 = ksvc(new Chart(app2, 'svcs', { namespace: 'functions' }), 'svc', 'checksum');
    const ping = new PingSource(new Chart(app2, 'events', { namespace: 'events' }), 'explicit', { sink: Sink.fromAddressable(svc2, { crossNamespace: true }) });
    expect(synthErrors(app2)).toEqual([]);
    expect(json(ping).spec.sink.ref.namespace).toBe('functions');
  });

  test('a construct of another app is not in this app', () => {
    const { chart: other } = setup();
    const svc = ksvc(other, 'svc', 'checksum');
    const { chart } = setup();
    new PingSource(chart, 'ping', { sink: svc });
    expect(synthErrors(chart).join('\n')).toMatch(/spec.sink: Service "checksum" .* is not defined in this app/);
  });

  test('a cdk8s-plus Service of the app, or one by name', () => {
    const { chart } = setup();
    const svc = new kplus.Service(chart, 'plain', { ports: [{ port: 80 }], selector: kplus.Pods.select(chart, 'sel', { labels: { app: 'x' } }) });
    const ping = new PingSource(chart, 'ping', { sink: Sink.fromKubernetesService(svc, { path: '/in' }) });
    expect(json(ping).spec.sink).toEqual({ ref: { apiVersion: 'v1', kind: 'Service', name: svc.name }, uri: '/in' });
    new PingSource(chart, 'byname', { sink: Sink.fromKubernetesService(svc.name) });
    new PingSource(chart, 'missing', { sink: Sink.fromKubernetesService('nope') });
    expect(synthErrors(chart)).toEqual([
      '[test/missing] spec.sink: Service "nope" (v1) in no namespace is not defined in this app; pass the construct itself, or, if it is deployed by something else, declare it with { external: true }',
    ]);
  });

  test('addressables declared external (KnativeService.fromServiceName style) are trusted', () => {
    class Declared extends Construct implements IAddressable {
      public readonly external = true;
      public constructor(scope: Construct, id: string, public readonly reference: KReference) { super(scope, id); }
      public toDestination(): Destination { return { ref: this.reference }; }
    }
    const { chart } = setup('prod');
    const same = new Declared(chart, 'same', { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'a' });
    const other = new Declared(chart, 'other', { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'b', namespace: 'tools' });
    const p1 = new PingSource(chart, 'p1', { sink: same });
    const p2 = new PingSource(chart, 'p2', { sink: other });
    expect(synthErrors(chart)).toEqual([]);
    expect(json(p1).spec.sink.ref.namespace).toBeUndefined();
    expect(json(p2).spec.sink.ref.namespace).toBe('tools');
  });

  test('bindSink works for consumers outside this folder', () => {
    const { chart } = setup();
    const broker = new Broker(chart, 'broker');
    const consumer = new Construct(chart, 'custom');
    expect(bindSink(consumer, 'spec.sink', broker)).toEqual({ ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: broker.name } });
  });

  test('every addressable of this library works as a sink', () => {
    const { chart } = setup();
    const broker = new Broker(chart, 'broker');
    const t = new Trigger(chart, 't', { broker, subscriber: Sink.fromBroker(broker.name) });
    expect(json(t).spec.subscriber.ref.kind).toBe('Broker');
    expect(synthErrors(chart)).toEqual([]);
  });
});

describe('Sink with declared-only addressables', () => {
  test('KnativeService.fromServiceName is a declaration: no namespace means the consumer namespace', () => {
    const { chart } = setup('prod');
    const same = KnativeService.fromServiceName(chart, 'same', 'legacy');
    const other = KnativeService.fromServiceName(chart, 'other', 'tools-svc', 'tools');
    const p1 = new PingSource(chart, 'p1', { sink: same });
    const p2 = new PingSource(chart, 'p2', { sink: other });
    expect(synthErrors(chart)).toEqual([]);
    expect(json(p1).spec.sink).toEqual({ ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'legacy' } });
    expect(json(p2).spec.sink.ref.namespace).toBe('tools');
  });
});
