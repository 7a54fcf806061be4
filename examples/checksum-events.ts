/**
 * The Dynafed checksum use case (seed 000) made event driven: Dynafed publishes a "file
 * uploaded" CloudEvent to a Broker; a Trigger filtered on that type calls the checksum
 * KnativeService, whose reply (a "checksum computed" event) goes back to the Broker, where a
 * second Trigger hands it to a notifier. Deliveries that keep failing end up in a dead-letter
 * service instead of being dropped.
 */
import { App, Chart, Duration } from 'cdk8s';
import { BackoffPolicy, Broker, EventType, Filter } from '../lib/eventing';
import { KnativeService, Visibility } from '../lib/serving';

/** Emitted by Dynafed when a file lands in object storage. */
export const FILE_UPLOADED = 'ch.cern.dynafed.file.uploaded';
/** Replied by the checksum service once the checksum is known. */
export const CHECKSUM_COMPUTED = 'ch.cern.dynafed.checksum.computed';

function eventConsumer(chart: Chart, name: string, image: string): KnativeService {
  return new KnativeService(chart, name, {
    metadata: { name },
    visibility: Visibility.CLUSTER_LOCAL,
    containers: [{ image, port: 8080, securityContext: { user: 1000, group: 1000 } }],
  });
}

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'checksum-events', { namespace: 'dynafed' });

  const deadLetters = eventConsumer(chart, 'dead-letters', 'registry.example.org/dynafed/dead-letter-logger:1.0.0');

  const broker = new Broker(chart, 'broker', {
    metadata: { name: 'dynafed' },
    // Checksums of big files are slow: retry with growing gaps, then park the event.
    delivery: {
      retry: 5,
      backoffPolicy: BackoffPolicy.EXPONENTIAL,
      backoffDelay: Duration.seconds(1),
      timeout: Duration.minutes(5),
      deadLetterSink: deadLetters,
    },
  });

  const checksum = eventConsumer(chart, 'checksum', 'registry.example.org/dynafed/checksum-events:1.0.0');
  const notifier = eventConsumer(chart, 'notifier', 'registry.example.org/dynafed/notifier:1.0.0');

  broker.addTrigger('on-upload', {
    metadata: { name: 'checksum-on-upload' },
    subscriber: checksum,
    filters: [Filter.exact({ type: FILE_UPLOADED })],
  });

  broker.addTrigger('on-checksum', {
    metadata: { name: 'notify-on-checksum' },
    subscriber: notifier,
    filters: [Filter.exact({ type: CHECKSUM_COMPUTED })],
    // A lost notification is cheap; do not hold the broker up for it.
    delivery: { retry: 2, backoffPolicy: BackoffPolicy.LINEAR, backoffDelay: Duration.millis(500), deadLetterSink: deadLetters },
  });

  // The event registry tells other teams what this broker carries.
  new EventType(chart, 'uploaded-type', {
    metadata: { name: 'file-uploaded' },
    type: FILE_UPLOADED, source: 'https://dynafed.example.org', reference: broker,
    description: 'A file was uploaded to Dynafed object storage; subject is bucket/path',
  });
  new EventType(chart, 'computed-type', {
    metadata: { name: 'checksum-computed' },
    type: CHECKSUM_COMPUTED, reference: broker,
    description: 'The checksum of an uploaded file is known',
  });
  return app;
}
