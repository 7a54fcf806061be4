/** A route to a subset no DestinationRule declares: istiod accepts it, requests fail with 503. */
import { App, Chart, Testing } from 'cdk8s';
import { warningsOf, WarningPolicy } from '../../lib/core/report';
import { DestinationRule, VirtualService } from '../../lib/istio';
import { synthErrors } from '../helpers';

function setup(): { app: App; c: Chart } {
  const app = Testing.app();
  WarningPolicy.apply(app, { printWarnings: false });
  return { app, c: new Chart(app, 'test', { namespace: 'web' }) };
}

test('a subset the DestinationRule for the host does not declare is a warning naming the declared ones', () => {
  const { app, c } = setup();
  const dr = new DestinationRule(c, 'dr', { host: 'reviews' });
  dr.addSubset('v1', { version: 'v1' }).addSubset('v2', { version: 'v2' });
  const vs = new VirtualService(c, 'vs', { hosts: ['reviews'] });
  vs.addCanaryRoute({ host: 'reviews', stableSubset: 'v1', canarySubset: 'v3' });
  app.synthYaml();
  app.synthYaml();
  expect(warningsOf(vs)).toEqual([{
    prop: 'http[0].destinations[1].subset',
    message: "no DestinationRule in the app declares this subset for host 'reviews': Istio accepts the route, but its requests fail with 503",
    value: 'v3',
    allowed: 'a subset declared for the host: v1, v2',
  }]);
});

test('short names and FQDNs of the same host match; other namespaces do not', () => {
  const { app, c } = setup();
  new DestinationRule(c, 'dr', { host: 'reviews.web.svc.cluster.local', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
  const other = new Chart(app, 'other', { namespace: 'shop' });
  new DestinationRule(other, 'dr', { host: 'ratings', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
  const vs = new VirtualService(c, 'vs', { hosts: ['reviews'], http: [{ destinations: [{ host: 'reviews', subset: 'v1' }] }] });
  vs.addTcpRoute({ destinations: [{ host: 'ratings', subset: 'v1', port: 9000 }] });
  vs.addHttpRoute({ destinations: [{ host: 'ratings.shop.svc.cluster.local', subset: 'v1' }], mirrors: [{ destination: { host: 'mirror', subset: 'x' } }] });
  app.synthYaml();
  expect(warningsOf(vs).map((w) => `${w.prop} ${w.value} ${w.allowed}`)).toEqual([
    'http[1].mirrors[0].destination.subset x a subset of a DestinationRule for the host (none is declared in the app)',
    'tcp[0].destinations[0].subset v1 a subset of a DestinationRule for the host (none is declared in the app)',
  ]);
});

test('with failOnWarnings the warning fails the synth with the construct path', () => {
  const { app, c } = setup();
  WarningPolicy.apply(app, { failOnWarnings: true, printWarnings: false });
  new VirtualService(c, 'vs', { hosts: ['reviews'], http: [{ destinations: [{ host: 'reviews', subset: 'v9' }] }] });
  expect(synthErrors(app)).toEqual([
    "[test/vs] warning: http[0].destinations[0].subset: no DestinationRule in the app declares this subset for host 'reviews': Istio accepts the route, but its requests fail with 503 (value: \"v9\"; allowed: a subset of a DestinationRule for the host (none is declared in the app))",
  ]);
});
