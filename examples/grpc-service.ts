/**
 * A gRPC function (seed 004, "gRPC Services"): the container's port is named `h2c` (HTTP/2
 * cleartext), which is how Knative knows to speak HTTP/2 end to end; `http` or `grpc` as a port
 * name would be rejected by the webhook. Health is checked with the gRPC health protocol, and the
 * service is reachable only inside the cluster.
 */
import { App, Chart, Duration } from 'cdk8s';
import { ContainerProbe, KnativeService, PortProtocol, Visibility } from '../lib/serving';

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'grpc-service', { namespace: 'default' });
  new KnativeService(chart, 'grpc-ping', {
    metadata: { name: 'grpc-ping' },
    visibility: Visibility.CLUSTER_LOCAL,
    containers: [{
      image: 'ghcr.io/knative/grpc-ping-go:v1.0.0',
      port: 8080,
      portProtocol: PortProtocol.H2C,
      readiness: ContainerProbe.grpc({ period: Duration.seconds(5) }),
      securityContext: { user: 65532 },
    }],
    autoscaling: { minScale: 0, maxScale: 20 },
  });
  return app;
}
