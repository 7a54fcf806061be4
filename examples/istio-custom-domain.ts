/**
 * The checksum service on its own domain with TLS, through the Knative ingress gateway: a
 * DomainMapping for `checksum.dynafed.example.org` with the team's certificate Secret, and the
 * ClusterDomainClaim that grants the namespace that domain. net-istio generates the HTTPS
 * server (credentialName = a copy of the Secret in istio-system) and the routes; plain HTTP is
 * redirected to HTTPS.
 */
import { App, Chart } from 'cdk8s';
import { KnativeCustomDomain } from '../lib/istio';
import { KnativeService } from '../lib/serving';

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'istio-custom-domain', { namespace: 'dynafed' });

  const service = new KnativeService(chart, 'checksum', {
    metadata: { name: 'checksum' },
    containers: [{ image: 'registry.example.org/dynafed/checksum:1.0.0', port: 8080 }],
  });

  new KnativeCustomDomain(chart, 'domain', {
    domain: 'checksum.dynafed.example.org',
    target: service,
    // A kubernetes.io/tls Secret in the dynafed namespace, e.g. written by a cert-manager Certificate.
    tlsSecret: 'checksum-dynafed-example-org-tls',
  });
  return app;
}
