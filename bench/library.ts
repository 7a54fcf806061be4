/**
 * The workload written with the library's constructs, as a platform team would: typed props,
 * durations, probes, autoscaling and traffic, validated at synth.
 */
import { App, Chart, Duration } from 'cdk8s';
import { Broker } from '../lib/eventing/broker';
import { Trigger } from '../lib/eventing/trigger';
import { ContainerProbe } from '../lib/serving/probe';
import { KnativeService } from '../lib/serving/service';
import { TrafficTarget } from '../lib/serving/traffic';
import { BENCH_NAMESPACE, brokerName, serviceName, subscriberName, triggerName } from './shape';

function knativeService(chart: Chart, i: number, name = serviceName(i)): KnativeService {
  return new KnativeService(chart, name, {
    metadata: { name },
    containers: [{
      image: `registry.example.com/functions/fn:1.${i % 10}.0`,
      env: { MODE: 'production', INDEX: String(i) },
      readiness: ContainerProbe.httpGet('/healthz', { period: Duration.seconds(5) }),
      liveness: ContainerProbe.httpGet('/livez', { period: Duration.seconds(10) }),
    }],
    autoscaling: { minScale: 1, maxScale: 10, target: 50 },
    containerConcurrency: 100,
    timeout: Duration.minutes(1),
    traffic: [TrafficTarget.latestRevision(100)],
  });
}

/** `count` Knative Services in one chart. */
export function libraryServices(count: number): App {
  const app = new App({ outdir: '/nonexistent' });
  const chart = new Chart(app, 'bench', { namespace: BENCH_NAMESPACE });
  for (let i = 0; i < count; i++) knativeService(chart, i);
  return app;
}

/** `count` Triggers on one Broker, each with its own subscriber Service. */
export function libraryTriggers(count: number): App {
  const app = new App({ outdir: '/nonexistent' });
  const chart = new Chart(app, 'bench', { namespace: BENCH_NAMESPACE });
  const broker = new Broker(chart, 'broker', { metadata: { name: brokerName() } });
  for (let i = 0; i < count; i++) {
    const subscriber = knativeService(chart, i, subscriberName(i));
    new Trigger(chart, triggerName(i), {
      metadata: { name: triggerName(i) },
      broker,
      subscriber,
      attributes: { type: `dev.example.order.v${i % 20}`, source: '/orders' },
    });
  }
  return app;
}
