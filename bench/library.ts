/**
 * The workload written with the library's constructs, as a platform team would: typed props,
 * durations, probes, autoscaling and traffic, validated at synth.
 */
import { App, Chart, Duration } from 'cdk8s';
// The package entry point, as users import it: its load time is part of what is measured.
import { Broker, ContainerProbe, DestinationRule, KnativeService, StringMatch, TrafficTarget, Trigger, VirtualService } from '../lib';
import { BENCH_NAMESPACE, brokerName, destinationRuleName, serviceName, subscriberName, triggerName, virtualServiceName } from './shape';

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

/**
 * `count` Istio VirtualServices (a header-matched canary route and a weighted primary route with
 * retries), each with the DestinationRule that declares its subsets.
 */
export function libraryVirtualServices(count: number): App {
  const app = new App({ outdir: '/nonexistent' });
  const chart = new Chart(app, 'bench', { namespace: BENCH_NAMESPACE });
  for (let i = 0; i < count; i++) {
    const host = serviceName(i);
    new DestinationRule(chart, destinationRuleName(i), {
      metadata: { name: destinationRuleName(i) },
      host,
      subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }],
    });
    new VirtualService(chart, virtualServiceName(i), {
      metadata: { name: virtualServiceName(i) },
      hosts: [`${host}.${BENCH_NAMESPACE}.svc.cluster.local`],
      http: [
        { name: 'canary', match: [{ headers: { 'x-canary': StringMatch.exact('true') } }], destinations: [{ host, subset: 'v2' }] },
        {
          name: 'primary',
          timeout: Duration.seconds(5),
          retries: { attempts: 3, perTryTimeout: Duration.seconds(2), retryOn: ['5xx', 'reset'] },
          destinations: [{ host, subset: 'v1', weight: 90 }, { host, subset: 'v2', weight: 10 }],
        },
      ],
    });
  }
  return app;
}
