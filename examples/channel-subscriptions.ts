/**
 * The Dynafed checksum pipeline (seed 000) with channels and subscriptions instead of a Broker,
 * as in Knative's "Channels and Subscriptions" documentation: every subscriber of a channel gets
 * every event, without filters.
 *
 * - `uploads`, an InMemoryChannel (no persistence: fine for a test cluster), fans "file uploaded"
 *   events out to the checksum service and to an audit logger;
 * - the checksum service's replies go to `results`, a generic Channel whose implementation the
 *   cluster default (`default-ch-webhook`) chooses, and from there to the notifier;
 * - a Subscription with its own delivery retries and parks what keeps failing in a dead-letter
 *   service.
 */
import { App, Chart, Duration } from 'cdk8s';
import { BackoffPolicy, Channel, InMemoryChannel, Subscription } from '../lib/eventing';
import { KnativeService, Visibility } from '../lib/serving';

function consumer(chart: Chart, name: string, image: string): KnativeService {
  return new KnativeService(chart, name, {
    metadata: { name },
    visibility: Visibility.CLUSTER_LOCAL,
    containers: [{ image, port: 8080, securityContext: { user: 1000, group: 1000 } }],
    autoscaling: { minScale: 0, maxScale: 10 },
  });
}

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'channel-subscriptions', { namespace: 'dynafed' });

  const checksum = consumer(chart, 'checksum', 'registry.example.org/dynafed/checksum-events:1.0.0');
  const audit = consumer(chart, 'audit', 'registry.example.org/dynafed/audit-logger:1.0.0');
  const notifier = consumer(chart, 'notifier', 'registry.example.org/dynafed/notifier:1.0.0');
  const deadLetters = consumer(chart, 'dead-letters', 'registry.example.org/dynafed/dead-letter-logger:1.0.0');

  const uploads = new InMemoryChannel(chart, 'uploads', {
    metadata: { name: 'uploads' },
    delivery: { retry: 3, backoffPolicy: BackoffPolicy.EXPONENTIAL, backoffDelay: Duration.seconds(1) },
  });
  const results = new Channel(chart, 'results', { metadata: { name: 'checksum-results' } });

  // Checksums of big files are slow: more patience, and a dead-letter sink instead of dropping.
  new Subscription(chart, 'checksum-sub', {
    metadata: { name: 'uploads-to-checksum' },
    channel: uploads,
    subscriber: checksum,
    reply: results,
    delivery: { retry: 5, backoffPolicy: BackoffPolicy.EXPONENTIAL, backoffDelay: Duration.seconds(2), deadLetterSink: deadLetters },
  });
  uploads.subscribe('audit', { metadata: { name: 'uploads-to-audit' }, subscriber: audit });
  results.subscribe('notify', { metadata: { name: 'results-to-notifier' }, subscriber: notifier });
  return app;
}
