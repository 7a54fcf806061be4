/**
 * Properties of the FaaS layer over random platforms (fast-check): for any set of tenants and
 * functions, no tenant's workload reaches another tenant's function (directly, through the
 * activator or through the gateway), every tenant reaches its own, the Knative system paths stay
 * open, and the output is deterministic.
 */
import { App } from 'cdk8s';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { FunctionTrigger, Tenant } from '../../lib/faas';
import { Visibility } from '../../lib/serving';
import { Cluster, Workload } from './reachability';

interface Platform { tenants: Array<{ name: string; functions: Array<{ name: string; public: boolean }> }> }

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const platform: fc.Arbitrary<Platform> = fc.uniqueArray(label, { minLength: 2, maxLength: 4 }).chain((names) => fc.record({
  tenants: fc.tuple(...names.map((name) => fc.record({
    name: fc.constant(`t-${name}`),
    functions: fc.uniqueArray(fc.record({ name: label, public: fc.boolean() }, { noNullPrototype: true }), { minLength: 1, maxLength: 3, selector: (f) => f.name }),
  }, { noNullPrototype: true }))),
}, { noNullPrototype: true }));

function build(p: Platform): App {
  const app = new App();
  for (const t of p.tenants) {
    const tenant = new Tenant(app, t.name, { domains: [`${t.name}.example.org`] });
    for (const f of t.functions) {
      tenant.addFunction(f.name, {
        image: 'registry.example.org/fn:1.0', container: { securityContext: { user: 1000 } },
        triggers: [f.public ? FunctionTrigger.http({ domain: `${f.name}.${t.name}.example.org` }) : FunctionTrigger.http({ visibility: Visibility.CLUSTER_LOCAL })],
      });
    }
  }
  return app;
}

const objectsOf = (app: App) => parseAllDocuments(app.synthYaml()).map((d) => d.toJSON()).filter(Boolean);
const pod = (ns: string, app: string, sa = 'default'): Workload => ({ name: `${ns}/${app}`, namespace: ns, labels: { app }, serviceAccount: sa, sidecar: true, ip: '10.1.0.1' });

test('no tenant reaches another tenant, each reaches itself, the system paths stay open', () => {
  fc.assert(fc.property(platform, (p) => {
    const cluster = new Cluster(objectsOf(build(p)), {});
    const gateway = pod('istio-system', 'gw', 'istio-ingressgateway');
    gateway.labels!.istio = 'ingressgateway';
    const activator: Workload = { ...pod('knative-serving', 'activator', 'activator') };
    for (const src of p.tenants) {
      const caller = pod(src.name, 'caller');
      for (const dst of p.tenants) {
        for (const f of dst.functions) {
          const target = pod(dst.name, f.name);
          const direct = cluster.reach({ from: caller, to: target, port: 8012 }).allowed;
          const viaActivator = cluster.istio({ from: caller, to: activator, port: 8012, headers: { 'knative-serving-namespace': dst.name } }).allowed;
          const viaGateway = cluster.istio({ from: caller, to: gateway, port: 8081, host: `${f.name}.${dst.name}.svc.cluster.local:80` }).allowed;
          const same = src.name === dst.name;
          expect({ direct, viaActivator }).toEqual({ direct: same, viaActivator: same });
          // A public function is public; a private one only for its own tenant.
          expect(viaGateway).toBe(same || f.public);
          expect(cluster.reach({ from: gateway, to: target, port: 8012 }).allowed).toBe(true);
          expect(cluster.reach({ from: activator, to: target, port: 8012 }).allowed).toBe(true);
          expect(cluster.reach({ from: pod('knative-serving', 'autoscaler', 'controller'), to: target, port: 9090, path: '/metrics' }).allowed).toBe(true);
          expect(cluster.reach({ from: pod('knative-eventing', 'filter', 'mt-broker-filter'), to: target, port: 8012 }).allowed).toBe(true);
        }
      }
    }
  }), { numRuns: 25, seed: 12 });
});

test('the output is deterministic', () => {
  fc.assert(fc.property(platform, (p) => {
    expect(build(p).synthYaml()).toBe(build(p).synthYaml());
  }), { numRuns: 15, seed: 7 });
});
