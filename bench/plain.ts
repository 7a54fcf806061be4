/**
 * The baseline: the same objects as bench/library.ts, written as plain cdk8s ApiObjects from
 * hand-built JSON. run.ts checks that both synthesize to byte-identical YAML, so the ratio
 * measures only what the library adds (typed props, defaults, validation at synth).
 */
import * as fs from 'fs';
import { ApiObject, App, Chart } from 'cdk8s';
import { BENCH_NAMESPACE, serviceName, brokerName, destinationRuleName, triggerName, subscriberName, virtualServiceName } from './shape';

function knativeService(i: number, name = serviceName(i)): Record<string, unknown> {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name, namespace: BENCH_NAMESPACE },
    spec: {
      template: {
        metadata: {
          annotations: {
            'autoscaling.knative.dev/max-scale': '10',
            'autoscaling.knative.dev/min-scale': '1',
            'autoscaling.knative.dev/target': '50',
          },
        },
        spec: {
          containerConcurrency: 100,
          containers: [{
            env: [
              { name: 'MODE', value: 'production' },
              { name: 'INDEX', value: String(i) },
            ],
            image: `registry.example.com/functions/fn:1.${i % 10}.0`,
            livenessProbe: { httpGet: { path: '/livez' }, periodSeconds: 10 },
            readinessProbe: { httpGet: { path: '/healthz' }, periodSeconds: 5 },
            securityContext: {
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
              runAsNonRoot: true,
              seccompProfile: { type: 'RuntimeDefault' },
            },
          }],
          timeoutSeconds: 60,
        },
      },
      traffic: [
        { latestRevision: true, percent: 100 },
      ],
    },
  };
}

/** `count` Knative Services as plain ApiObjects in one chart. */
export function plainServices(count: number): App {
  const app = new App({ outdir: '/nonexistent' });
  const chart = new Chart(app, 'bench');
  for (let i = 0; i < count; i++) {
    const { apiVersion, kind, ...rest } = knativeService(i) as { apiVersion: string; kind: string };
    new ApiObject(chart, serviceName(i), { apiVersion, kind, ...rest });
  }
  return app;
}

/** `count` Triggers on one Broker, each with its own subscriber Service, as plain ApiObjects. */
export function plainTriggers(count: number): App {
  const app = new App({ outdir: '/nonexistent' });
  const chart = new Chart(app, 'bench');
  new ApiObject(chart, 'broker', {
    apiVersion: 'eventing.knative.dev/v1', kind: 'Broker',
    metadata: { name: brokerName(), namespace: BENCH_NAMESPACE, annotations: { 'eventing.knative.dev/broker.class': 'MTChannelBasedBroker' } },
  });
  for (let i = 0; i < count; i++) {
    const { apiVersion, kind, ...rest } = knativeService(i, subscriberName(i)) as { apiVersion: string; kind: string };
    new ApiObject(chart, subscriberName(i), { apiVersion, kind, ...rest });
    new ApiObject(chart, triggerName(i), {
      apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger',
      metadata: { name: triggerName(i), namespace: BENCH_NAMESPACE },
      spec: {
        broker: brokerName(),
        filter: { attributes: { type: `dev.example.order.v${i % 20}`, source: '/orders' } },
        subscriber: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: subscriberName(i) } },
      },
    });
  }
  return app;
}

/** `count` Istio VirtualServices and their DestinationRules as plain ApiObjects (see libraryVirtualServices). */
export function plainVirtualServices(count: number): App {
  const app = new App({ outdir: '/nonexistent' });
  const chart = new Chart(app, 'bench');
  for (let i = 0; i < count; i++) {
    const host = serviceName(i);
    new ApiObject(chart, destinationRuleName(i), {
      apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule',
      metadata: { name: destinationRuleName(i), namespace: BENCH_NAMESPACE },
      spec: { host, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] },
    });
    new ApiObject(chart, virtualServiceName(i), {
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService',
      metadata: { name: virtualServiceName(i), namespace: BENCH_NAMESPACE },
      spec: {
        hosts: [`${host}.${BENCH_NAMESPACE}.svc.cluster.local`],
        http: [
          { name: 'canary', match: [{ headers: { 'x-canary': { exact: 'true' } } }], route: [{ destination: { host, subset: 'v2' } }] },
          {
            name: 'primary', timeout: '5s', retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx,reset' },
            route: [{ destination: { host, subset: 'v1' }, weight: 90 }, { destination: { host, subset: 'v2' }, weight: 10 }],
          },
        ],
      },
    });
  }
  return app;
}

/** The objects of `file` (written by bench/platform.ts dumpObjects) as plain ApiObjects, one Chart per chart. */
export function plainFromDump(file: string, outdir = '/nonexistent'): App {
  const app = new App({ outdir });
  const charts = JSON.parse(fs.readFileSync(file, 'utf8')) as { id: string; objects: Record<string, unknown>[] }[];
  for (const c of charts) {
    const chart = new Chart(app, c.id);
    c.objects.forEach((o, i) => new ApiObject(chart, `o${i}`, o as unknown as ConstructorParameters<typeof ApiObject>[2]));
  }
  return app;
}
