/**
 * Only known senders may post to the Dynafed Broker, as in Knative's "Event policies" guide.
 * With the `authentication-oidc` feature on, every sender presents an OIDC token; the
 * EventPolicy lets in the nightly PingSource and the `uploader` ServiceAccount of the storage
 * gateway (which sends with a projected token), and only with `ch.cern.dynafed.*` event types.
 * Anything else gets 403 from the Broker's ingress.
 *
 * The cluster this app targets has authentication-oidc Enabled: the app says so with
 * ClusterSettings, so synth validates the EventPolicy as that cluster's webhook would (without
 * the feature, the webhook refuses every EventPolicy).
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ClusterSettings, ClusterSettingsProps } from '../lib/core/cluster-settings';
import { Broker, EventPolicy, EventPolicySender, EventPolicyTarget, Filter, PingData, PingSource } from '../lib/eventing';
import { KnativeService, Visibility } from '../lib/serving';

/** The cluster's settings, used for synth and for validating the output. */
export const clusterSettings: ClusterSettingsProps = { eventing: { features: { 'authentication-oidc': 'Enabled' } } };

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  ClusterSettings.apply(app, clusterSettings);
  const chart = new Chart(app, 'event-policy', { namespace: 'dynafed' });

  const broker = new Broker(chart, 'broker', { metadata: { name: 'dynafed' } });
  const cleanup = new KnativeService(chart, 'cleanup', {
    metadata: { name: 'cleanup' },
    visibility: Visibility.CLUSTER_LOCAL,
    containers: [{ image: 'registry.example.org/dynafed/cleanup:1.2.0', port: 8080, securityContext: { user: 1000, group: 1000 } }],
  });
  const nightly = new PingSource(chart, 'nightly', {
    metadata: { name: 'nightly-cleanup' },
    schedule: '0 3 * * *',
    timezone: 'Europe/Zurich',
    data: PingData.fromJson({ task: 'cleanup' }),
    ceOverrides: { dynafedtask: 'cleanup' },
    sink: broker,
  });
  broker.addTrigger('cleanup', { metadata: { name: 'nightly-cleanup' }, subscriber: cleanup, filters: [Filter.exact({ dynafedtask: 'cleanup' })] });

  const uploader = new kplus.ServiceAccount(chart, 'uploader', { metadata: { name: 'uploader' }, automountToken: false });
  new EventPolicy(chart, 'policy', {
    metadata: { name: 'dynafed-senders' },
    to: [EventPolicyTarget.fromResource(broker)],
    from: [EventPolicySender.fromResource(nightly), EventPolicySender.fromServiceAccount(uploader)],
    filters: [Filter.any(Filter.prefix({ type: 'ch.cern.dynafed.' }), Filter.exact({ type: 'dev.knative.sources.ping' }))],
  });
  return app;
}
