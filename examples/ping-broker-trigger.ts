/**
 * The scheduled-events tutorial of seed 000 (and the Broker/Trigger pattern of seed 003): a
 * PingSource fires on a cron schedule into a Broker, and a Trigger delivers those events to
 * `event-display`, a KnativeService that logs every CloudEvent it receives.
 *
 * Wiring is done by passing objects, so a typo in a name cannot leave the source pointing at
 * nothing (the "empty hostname" of seed 000): a sink that names a missing object fails synth.
 */
import { App, Chart } from 'cdk8s';
import { Broker, Filter, PingData, PingSource } from '../lib/eventing';
import { KnativeService, Visibility } from '../lib/serving';

/** The CloudEvent type the PingSource emits. */
const PING_TYPE = 'dev.knative.sources.ping';

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'ping-broker-trigger', { namespace: 'default' });

  const broker = new Broker(chart, 'broker', { metadata: { name: 'default' } });

  // Event consumers are only called by the broker, so they need no external route.
  const display = new KnativeService(chart, 'event-display', {
    metadata: { name: 'event-display' },
    visibility: Visibility.CLUSTER_LOCAL,
    containers: [{
      image: 'gcr.io/knative-releases/knative.dev/eventing/cmd/event_display',
      securityContext: { user: 65532 },
    }],
  });

  new PingSource(chart, 'ping', {
    metadata: { name: 'ping-every-minute' },
    schedule: '*/1 * * * *',
    timezone: 'Europe/Zurich',
    data: PingData.fromJson({ message: 'Hello from Knative Eventing!' }),
    sink: broker,
  });

  broker.addTrigger('display', {
    metadata: { name: 'display-pings' },
    subscriber: display,
    filters: [Filter.exact({ type: PING_TYPE })],
  });
  return app;
}
