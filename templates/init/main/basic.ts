/**
 * {{name}}: the platform repository of one shared Knative cluster. `npm run synth` writes the
 * manifests into dist/ (validated as the cluster would, before anything is written) and the
 * event topology into topology/ (topology.md renders as a diagram in GitLab and GitHub).
 *
 * Template "basic": a tenant is a namespace (labelled knative-faas-cdk.io/tenant) with a
 * Broker, and a function is a Knative Service that a Trigger feeds with filtered events.
 * For a cluster whose Knative and Istio are installed by other means (the default template,
 * "faas", installs them too).
 */
import { ApiObject, App, Chart } from 'cdk8s';
import {
  Broker, ClusterSettings, ContainerImage, Filter, KnativeService, PingData, PingSource, TENANT_LABEL, Topology, Visibility,
} from 'knative-faas-cdk';

const app = new App();
// What the cluster is configured to accept; every object is validated against it at synth.
ClusterSettings.apply(app, { serving: { defaults: { maxRevisionTimeoutSeconds: 600 } } });
// topology/topology.{md,mmd,json}, written after every successful synth.
Topology.attach(app);

// The tenant: its namespace, and the Broker its functions receive events from.
const namespaces = new Chart(app, 'namespaces');
new ApiObject(namespaces, 'team-a', {
  apiVersion: 'v1', kind: 'Namespace',
  metadata: { name: 'team-a', labels: { [TENANT_LABEL]: 'team-a' } },
});
const teamA = new Chart(app, 'team-a', { namespace: 'team-a' });
const broker = new Broker(teamA, 'broker', { metadata: { name: 'default' } });

// A function: scales to zero, reachable only inside the cluster, called with "file uploaded" events.
const checksum = new KnativeService(teamA, 'checksum', {
  metadata: { name: 'checksum' },
  visibility: Visibility.CLUSTER_LOCAL,
  containers: [{
    image: ContainerImage.fromTag('ghcr.io/knative/helloworld-go', 'latest'),
    securityContext: { user: 1000, group: 1000 },
  }],
  autoscaling: { minScale: 0, maxScale: 5 },
});
broker.addTrigger('uploads', {
  metadata: { name: 'checksum-on-upload' },
  subscriber: checksum,
  filters: [Filter.exact({ type: 'org.example.file.uploaded' })],
});
// A schedule: a nightly event to the same broker.
new PingSource(teamA, 'nightly', {
  metadata: { name: 'nightly' },
  schedule: '0 3 * * *',
  data: PingData.fromJson({ task: 'rescan' }),
  sink: broker,
});

app.synth();
