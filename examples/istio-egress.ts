/**
 * Outbound access to one named external host (seed 000): the checksum service reads objects
 * from CERN's S3 endpoint. Instead of exempting all external traffic from the sidecars in
 * Knative's `config-network`, the namespace gets a ServiceEntry for `s3.cern.ch:443` and a
 * REGISTRY_ONLY Sidecar, so that host is the only one outside the mesh it can reach.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ExternalHostsEgress } from '../lib/istio';
import { KnativeService } from '../lib/serving';

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'istio-egress', { namespace: 'dynafed' });

  const s3 = kplus.Secret.fromSecretName(chart, 'S3Credentials', 'dynafed-s3-credentials');
  new KnativeService(chart, 'checksum', {
    metadata: { name: 'checksum' },
    containers: [{
      image: 'registry.example.org/dynafed/checksum:1.0.0',
      port: 8080,
      env: {
        S3_ENDPOINT: 'https://s3.cern.ch',
        AWS_ACCESS_KEY_ID: kplus.EnvValue.fromSecretValue({ secret: s3, key: 'access-key' }),
        AWS_SECRET_ACCESS_KEY: kplus.EnvValue.fromSecretValue({ secret: s3, key: 'secret-key' }),
      },
    }],
  });

  // HTTPS to the object store is end-to-end TLS from the app: Istio routes it by SNI (port protocol TLS).
  new ExternalHostsEgress(chart, 'egress', {
    namespace: 'dynafed',
    hosts: [{ host: 's3.cern.ch', port: 443 }],
  });
  return app;
}
