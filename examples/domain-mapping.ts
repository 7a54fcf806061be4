/**
 * A vanity domain (seed 004): `coolcoffee.company` serves the KnativeService
 * `coolcoffee-company` through a DomainMapping, with the ClusterDomainClaim that grants the
 * `default` namespace that domain (needed unless the cluster auto-creates claims).
 */
import { App, Chart } from 'cdk8s';
import { DomainMapping, KnativeService } from '../lib/serving';

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'domain-mapping', { namespace: 'default' });
  const service = new KnativeService(chart, 'site', {
    metadata: { name: 'coolcoffee-company' },
    containers: [{ image: 'cgr.dev/chainguard/nginx:latest' }],
  });
  new DomainMapping(chart, 'domain', {
    domain: 'coolcoffee.company',
    ref: service,
    createClaim: true,
  });
  return app;
}
