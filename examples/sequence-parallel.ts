/**
 * Sequence and Parallel (seed 003): a PingSource feeds a Sequence of two services (extract,
 * then enrich), whose result goes to a Parallel with filtered branches: one branch only for
 * ROOT files, one for everything. The filter is itself a service that replies with the event
 * to let it through, or with nothing to drop it.
 */
import { App, Chart } from 'cdk8s';
import { PingData, PingSource, Parallel, Sequence } from '../lib/eventing';
import { KnativeService, Visibility } from '../lib/serving';

function fn(chart: Chart, name: string): KnativeService {
  return new KnativeService(chart, name, {
    metadata: { name },
    visibility: Visibility.CLUSTER_LOCAL,
    containers: [{ image: `registry.example.org/pipeline/${name}:1.0.0`, port: 8080, securityContext: { user: 1000, group: 1000 } }],
  });
}

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'sequence-parallel', { namespace: 'pipeline' });

  const fanOut = new Parallel(chart, 'fan-out', { metadata: { name: 'fan-out' } });
  fanOut.addBranch({ filter: fn(chart, 'is-root-file'), subscriber: fn(chart, 'root-indexer') });
  fanOut.addBranch({ subscriber: fn(chart, 'auditor') });

  const pipeline = new Sequence(chart, 'pipeline', {
    metadata: { name: 'extract-enrich' },
    steps: [fn(chart, 'extract'), fn(chart, 'enrich')],
    reply: fanOut,
  });

  new PingSource(chart, 'tick', {
    metadata: { name: 'scan-trigger' },
    schedule: '0 * * * *',
    data: PingData.fromJson({ scan: 'incoming' }),
    sink: pipeline,
  });
  return app;
}
