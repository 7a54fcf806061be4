/**
 * Three ways to get events into a Broker without writing a source controller, as in Knative's
 * "Sources" documentation:
 *
 * - an ApiServerSource turns Kubernetes Events of the namespace into CloudEvents; its adapter runs
 *   as a ServiceAccount with just the RBAC it needs (get, list, watch on events);
 * - a SinkBinding tells an existing Deployment (a batch job reporter) where to send, by injecting
 *   the Broker's URL as K_SINK;
 * - a ContainerSource runs Knative's `heartbeats` sample image, which posts a beat every 10 s.
 *
 * Triggers deliver the Kubernetes Events and the heartbeats to `event-display`; each batch report
 * starts an indexing Job through a JobSink.
 */
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ApiServerSource, ApiServerSourceMode, BindingSubject, Broker, ContainerSource, Filter, JobSink, SinkBinding } from '../lib/eventing';
import { KnativeService, Visibility } from '../lib/serving';

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'cluster-events', { namespace: 'ops' });

  const broker = new Broker(chart, 'broker', { metadata: { name: 'default' } });
  const display = new KnativeService(chart, 'event-display', {
    metadata: { name: 'event-display' },
    visibility: Visibility.CLUSTER_LOCAL,
    containers: [{ image: 'gcr.io/knative-releases/knative.dev/eventing/cmd/event_display', securityContext: { user: 65532 } }],
  });

  // The ApiServerSource adapter lists and watches Events with this account only.
  const watcher = new kplus.ServiceAccount(chart, 'watcher', { metadata: { name: 'events-watcher' }, automountToken: true });
  const role = new kplus.Role(chart, 'events-reader', { metadata: { name: 'events-reader' } });
  role.allow(['get', 'list', 'watch'], kplus.ApiResource.EVENTS);
  role.bind(watcher);
  new ApiServerSource(chart, 'k8s-events', {
    metadata: { name: 'k8s-events' },
    mode: ApiServerSourceMode.RESOURCE,
    resources: [{ apiVersion: 'v1', kind: 'Event' }],
    serviceAccount: watcher,
    sink: broker,
  });

  // An existing workload that already speaks CloudEvents: it reads K_SINK, the binding sets it.
  const reporter = new kplus.Deployment(chart, 'reporter', {
    metadata: { name: 'batch-reporter' },
    replicas: 1,
    containers: [{
      image: 'ghcr.io/example/batch-reporter:1.4.0',
      portNumber: 8080,
      securityContext: { user: 65532, group: 65532 },
      resources: { cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(200) } },
    }],
  });
  new SinkBinding(chart, 'reporter-binding', {
    metadata: { name: 'batch-reporter' },
    subject: BindingSubject.fromObject(reporter),
    sink: broker,
    ceOverrides: { team: 'ops' },
  });

  new ContainerSource(chart, 'heartbeats', {
    metadata: { name: 'heartbeats' },
    containers: [{
      image: 'gcr.io/knative-releases/knative.dev/eventing/cmd/heartbeats',
      args: ['--period=10'],
      env: { POD_NAME: 'heartbeats', POD_NAMESPACE: 'ops' },
    }],
    sink: broker,
  });

  broker.addTrigger('k8s', { metadata: { name: 'kubernetes-events' }, subscriber: display, filters: [Filter.prefix({ type: 'dev.knative.apiserver.resource.' })] });
  broker.addTrigger('beats', { metadata: { name: 'heartbeats' }, subscriber: display, filters: [Filter.exact({ type: 'dev.knative.eventing.samples.heartbeat' })] });
  // One Job per report: indexing takes minutes and must not hold up the Broker.
  const indexer = new JobSink(chart, 'report-indexer', {
    metadata: { name: 'report-indexer' },
    containers: [{ image: 'ghcr.io/example/report-indexer:1.0.0' }],
    backoffLimit: 2,
    ttlAfterFinished: Duration.hours(6),
  });
  broker.addTrigger('reports', { metadata: { name: 'batch-reports' }, subscriber: indexer, filters: [Filter.exact({ team: 'ops' })] });
  return app;
}
