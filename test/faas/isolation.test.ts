/**
 * Tenant isolation, proven on the manifests the three-tenant example synthesizes: its
 * NetworkPolicies, PeerAuthentications and AuthorizationPolicies are evaluated with their
 * upstream semantics (test/faas/reachability.ts) over a matrix of (source, destination)
 * requests, including the Knative system paths that must stay open and the two shared hops
 * (activator, gateway) that would otherwise forward anyone's request.
 */
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { buildApp, TEAMS } from '../../examples/faas-three-tenants';
import { TENANT_LABEL } from '../../lib/topology/model';
import { Cluster, Request, valueMatches, Workload } from './reachability';

const app = buildApp(path.join(os.tmpdir(), 'faas-isolation'));
const objects = parseAllDocuments(app.synthYaml()).map((d) => d.toJSON()).filter(Boolean);
const cluster = new Cluster(objects, {});

let ip = 1;
function pod(name: string, namespace: string, labels: Record<string, string>, serviceAccount = 'default', sidecar = true): Workload {
  return { name, namespace, labels, serviceAccount, sidecar, ip: `10.0.0.${ip++}` };
}
const fnPod = (team: string, fn: string) => pod(`${team}/${fn}`, team, { 'serving.knative.dev/service': fn, app: fn });
const a = fnPod('team-a', 'worker');
const aApi = fnPod('team-a', 'api');
const b = fnPod('team-b', 'worker');
const bApi = fnPod('team-b', 'api');
const c = fnPod('team-c', 'worker');
const gateway = pod('ingress gateway', 'istio-system', { istio: 'ingressgateway', app: 'istio-ingressgateway' }, 'istio-ingressgateway');
const activator = pod('activator', 'knative-serving', { app: 'activator' }, 'activator');
const autoscaler = pod('autoscaler', 'knative-serving', { app: 'autoscaler' }, 'controller');
const webhook = pod('serving webhook', 'knative-serving', { app: 'webhook' }, 'controller');
const brokerFilter = pod('broker filter', 'knative-eventing', { 'eventing.knative.dev/brokerRole': 'filter' }, 'mt-broker-filter');
const pingAdapter = pod('ping adapter', 'knative-eventing', { 'sources.knative.dev/role': 'adapter' }, 'pingsource-mt-adapter');
const unrelated = pod('unrelated pod', 'shop', { app: 'frontend' });
const unrelatedPlain = pod('unrelated pod without sidecar', 'shop', { app: 'legacy' }, 'default', false);
const kubelet: Workload = { name: 'kubelet', sidecar: false, ip: '192.168.1.10', node: true };
const knativeIstioSystemOther = pod('istiod', 'istio-system', { app: 'istiod' }, 'istiod');

const QP = 8012; // queue-proxy, where every request to a revision pod arrives

const allowed = (r: Request) => expect(cluster.reach(r)).toMatchObject({ allowed: true });
const denied = (r: Request) => expect(cluster.reach(r)).toMatchObject({ allowed: false });

describe('the generated policies', () => {
  test('every tenant has its NetworkPolicy, STRICT PeerAuthentication, allow-list and activator guard', () => {
    for (const team of TEAMS) {
      const mine = objects.filter((o: any) => o.metadata?.labels?.[TENANT_LABEL] === team.name);
      const kinds = mine.map((o: any) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`);
      expect(kinds).toEqual(expect.arrayContaining([
        `Namespace /${team.name}`, `NetworkPolicy ${team.name}/tenant-isolation`, `PeerAuthentication ${team.name}/default`,
        `AuthorizationPolicy ${team.name}/tenant-isolation`, `AuthorizationPolicy knative-serving/tenant-${team.name}`,
        `AuthorizationPolicy istio-system/tenant-${team.name}`,
      ]));
    }
  });
});

describe('tenant to tenant', () => {
  test.each([
    ['A → B private function', a, b], ['A → B public function, directly', a, bApi], ['B → A', b, a], ['C → B', c, b], ['A → C', a, c],
  ])('%s is denied by both layers', (_n, from, to) => {
    const r: Request = { from, to, port: QP, path: '/', host: `${to.labels!.app}.${to.namespace}.svc.cluster.local` };
    denied(r);
    expect(cluster.networkPolicy(r).allowed).toBe(false);
    expect(cluster.istio(r).allowed).toBe(false);
  });

  test('A → A is allowed, between functions and to itself', () => {
    allowed({ from: a, to: aApi, port: QP });
    allowed({ from: aApi, to: a, port: QP, path: '/jobs' });
  });

  test("A cannot use the activator to reach B: the activator's guard denies requests for B's namespace", () => {
    const toActivator = (ns: string, extra: Record<string, string> = {}): Request => ({
      from: a, to: activator, port: QP, headers: { 'Knative-Serving-Namespace': ns, 'Knative-Serving-Revision': 'worker-00001', ...extra },
    });
    expect(cluster.istio(toActivator('team-b'))).toMatchObject({ allowed: false, reason: expect.stringContaining('knative-serving/tenant-team-b') });
    // Envoy joins repeated headers with ','; the activator reads the first value.
    expect(cluster.istio({ ...toActivator('team-b'), headers: { 'knative-serving-namespace': 'team-b,team-a' } }).allowed).toBe(false);
    expect(cluster.istio(toActivator('team-a')).allowed).toBe(true);
    expect(cluster.istio({ ...toActivator('team-a'), from: unrelated }).allowed).toBe(false);
  });

  test("A cannot use the gateway to reach B's private function, with or without a port in the authority", () => {
    for (const host of ['worker.team-b', 'worker.team-b.svc', 'worker.team-b.svc.cluster.local', 'WORKER.team-b.svc.cluster.local:80', 'worker.team-b.svc.cluster.local:12345', 'worker.team-b.svc.cluster.local.']) {
      expect(cluster.istio({ from: a, to: gateway, port: 8081, host }).allowed).toBe(false);
    }
    expect(cluster.istio({ from: b, to: gateway, port: 8081, host: 'worker.team-b.svc.cluster.local' }).allowed).toBe(true);
    // Public functions are public: anyone reaches them through the gateway, on their domain.
    expect(cluster.istio({ from: a, to: gateway, port: 8080, host: 'api.b.functions.example.org' }).allowed).toBe(true);
    expect(cluster.istio({ from: kubelet, to: gateway, port: 8080, host: 'api.b.functions.example.org' }).allowed).toBe(true);
  });
});

test('without the guards, the shared hops would forward anyone (so the guards are what closes them)', () => {
  const unguarded = new Cluster(objects.filter((o: any) => !(o.kind === 'AuthorizationPolicy' && ['knative-serving', 'istio-system'].includes(o.metadata.namespace))), {});
  expect(unguarded.istio({ from: a, to: activator, port: QP, headers: { 'knative-serving-namespace': 'team-b' } }).allowed).toBe(true);
  expect(unguarded.istio({ from: a, to: gateway, port: 8081, host: 'worker.team-b.svc.cluster.local' }).allowed).toBe(true);
  // ... and the hop from the activator or gateway to the pod is admitted by design.
  expect(unguarded.reach({ from: activator, to: b, port: QP }).allowed).toBe(true);
});

describe('what must stay open', () => {
  test.each([['worker', b], ['api', bApi]])("the ingress gateway reaches team-b's %s", (_n, to) => {
    allowed({ from: gateway, to, port: QP, host: 'api.b.functions.example.org' });
  });

  test('the activator forwards requests and probes the pods', () => {
    allowed({ from: activator, to: b, port: QP, headers: { 'K-Network-Probe': 'queue' } });
    allowed({ from: activator, to: bApi, port: QP, path: '/healthz' });
  });

  test("the autoscaler scrapes queue-proxy's metrics", () => {
    allowed({ from: autoscaler, to: b, port: 9090, path: '/metrics' });
  });

  test("the kubelet's probes (rewritten by Istio to the agent on 15020) and the node are always admitted", () => {
    allowed({ from: kubelet, to: b, port: 15020, path: '/app-health/user-container/readyz' });
  });

  test('Knative Eventing delivers events (broker filter, ping adapter)', () => {
    allowed({ from: brokerFilter, to: b, port: QP, method: 'POST' });
    allowed({ from: pingAdapter, to: a, port: QP, method: 'POST' });
  });
});

describe('everything else', () => {
  test.each([
    ['an unrelated namespace', unrelated], ['a plaintext pod of an unrelated namespace', unrelatedPlain],
  ])('%s is denied', (_n, from) => {
    denied({ from, to: b, port: QP });
    denied({ from, to: bApi, port: 9090, path: '/metrics' });
  });

  test('other Knative Serving workloads (the webhook runs as controller too) are admitted only by identity', () => {
    // The webhook shares the controller's service account, hence its identity: the allow-list
    // cannot tell them apart, and says so by admitting it.
    allowed({ from: webhook, to: b, port: QP });
    // Other workloads of the gateway's namespace pass the NetworkPolicy (it selects namespaces)
    // but not the AuthorizationPolicy (it names the gateway's service account).
    expect(cluster.networkPolicy({ from: knativeIstioSystemOther, to: b, port: QP }).allowed).toBe(true);
    expect(cluster.istio({ from: knativeIstioSystemOther, to: b, port: QP }).allowed).toBe(false);
  });
});

describe('the evaluator itself', () => {
  test('with no policies everything is allowed; ALLOW without rules denies; DENY wins over ALLOW; CUSTOM first', () => {
    const ns = (_name: string, extra: object[] = []) => new Cluster(extra, {});
    const r: Request = { from: unrelated, to: b, port: QP, path: '/x' };
    expect(ns('x').reach(r).allowed).toBe(true);
    const ap = (action: string, rules?: object[], selector?: object) => ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: action, namespace: 'team-b' }, spec: { action, ...(rules ? { rules } : {}), ...(selector ? { selector } : {}) } });
    expect(ns('x', [ap('ALLOW')]).istio(r).allowed).toBe(false);
    expect(ns('x', [ap('ALLOW', [{}])]).istio(r).allowed).toBe(true);
    expect(ns('x', [ap('ALLOW', [{}]), ap('DENY', [{ to: [{ operation: { paths: ['/x'] } }] }])]).istio(r).allowed).toBe(false);
    expect(ns('x', [ap('ALLOW', [{}]), ap('DENY', [{ to: [{ operation: { paths: ['/y*'] } }] }])]).istio(r).allowed).toBe(true);
    expect(ns('x', [ap('ALLOW', [{}]), ap('CUSTOM', [{}])]).istio(r).allowed).toBe(false);
    expect(ns('x', [ap('ALLOW', [{}], { matchLabels: { app: 'other' } }), ap('DENY', [{}], { matchLabels: { app: 'other' } })]).istio(r).allowed).toBe(true);
    // notPrincipals / principals against a plaintext caller.
    expect(ns('x', [ap('ALLOW', [{ from: [{ source: { notPrincipals: ['cluster.local/ns/x/sa/y'] } }] }])]).istio({ ...r, from: unrelatedPlain }).allowed).toBe(true);
    expect(ns('x', [ap('ALLOW', [{ from: [{ source: { principals: ['*'] } }] }])]).istio({ ...r, from: unrelatedPlain }).allowed).toBe(false);
    expect(ns('x', [ap('ALLOW', [{ from: [{ source: { principals: ['*'] } }] }])]).istio(r).allowed).toBe(true);
  });

  test('NetworkPolicy: selection, peers, ports and ipBlocks', () => {
    const np = (spec: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'team-b' }, spec });
    const r: Request = { from: unrelated, to: b, port: QP };
    expect(new Cluster([np({ podSelector: { matchLabels: { app: 'other' } }, ingress: [] })], {}).networkPolicy(r).allowed).toBe(true);
    expect(new Cluster([np({ podSelector: {}, policyTypes: ['Ingress'] })], {}).networkPolicy(r).allowed).toBe(false);
    expect(new Cluster([np({ podSelector: {}, ingress: [{}] })], {}).networkPolicy(r).allowed).toBe(true);
    expect(new Cluster([np({ podSelector: {}, ingress: [{ ports: [{ port: 9090 }] }] })], {}).networkPolicy(r).allowed).toBe(false);
    expect(new Cluster([np({ podSelector: {}, ingress: [{ ports: [{ port: 8000, endPort: 8100 }] }] })], {}).networkPolicy(r).allowed).toBe(true);
    expect(new Cluster([np({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/24', except: [`${unrelated.ip}/32`] } }] }] })], {}).networkPolicy(r).allowed).toBe(false);
    expect(new Cluster([np({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/24' } }] }] })], {}).networkPolicy(r).allowed).toBe(true);
    expect(new Cluster([np({ podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] })], {}).networkPolicy(r).allowed).toBe(false);
    expect(new Cluster([np({ podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: 'prod' } }, podSelector: { matchLabels: { app: 'frontend' } } }] }] })], { shop: { env: 'prod' } }).networkPolicy(r).allowed).toBe(true);
    expect(new Cluster([np({ podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] } }] }] })], { shop: { env: 'prod' } }).networkPolicy(r).allowed).toBe(false);
    expect(new Cluster([np({ podSelector: {}, policyTypes: ['Ingress'] })], {}).networkPolicy({ ...r, from: kubelet }).allowed).toBe(true);
  });

  test('value matching', () => {
    expect(valueMatches('*', '', false)).toBe(true);
    expect(valueMatches('*', undefined, false)).toBe(false);
    expect(valueMatches('abc*', 'abcd', false)).toBe(true);
    expect(valueMatches('*bcd', 'abcd', false)).toBe(true);
    expect(valueMatches('ABC', 'abc', true)).toBe(true);
    expect(valueMatches('ABC', 'abc', false)).toBe(false);
  });
});
