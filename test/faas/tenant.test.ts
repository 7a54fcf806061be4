import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { parseAllDocuments } from 'yaml';
import {
  BrokerClass, ClusterSettings, FunctionTrigger, PodSecurityLevel, Tenant, TenantRole, TENANT_LABEL, Visibility,
} from '../../lib';
import { synthErrors } from '../helpers';

function objects(app: App): any[] {
  return parseAllDocuments(app.synthYaml()).map((d) => d.toJSON()).filter(Boolean);
}
const find = (objs: any[], kind: string, name?: string, namespace?: string) => objs.find((o) => o.kind === kind
  && (name === undefined || o.metadata.name === name) && (namespace === undefined || o.metadata.namespace === namespace));
const IMAGE = 'registry.example.org/team/fn:1.0';

describe('Tenant', () => {
  test('renders the namespace with Pod Security and sidecar injection, quota, limits and RBAC as built-in objects', () => {
    const app = new App();
    new Tenant(app, 'team-a', { group: 'team-a-devs' });
    const objs = objects(app);
    expect(find(objs, 'Namespace', 'team-a').metadata).toEqual({
      name: 'team-a',
      labels: {
        [TENANT_LABEL]: 'team-a', 'istio-injection': 'enabled',
        'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted',
      },
    });
    expect(find(objs, 'ResourceQuota', 'tenant-quota', 'team-a').spec.hard).toEqual({
      'requests.cpu': '4', 'limits.cpu': '8', 'requests.memory': '8192Mi', 'limits.memory': '16384Mi', pods: '100',
    });
    expect(find(objs, 'LimitRange', 'tenant-defaults', 'team-a').spec.limits).toEqual([{ type: 'Container', default: { cpu: '1', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }]);
    const rb = find(objs, 'RoleBinding', 'team-a-edit', 'team-a');
    expect(rb.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'team-a-devs' }]);
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' });
    expect(find(objs, 'Broker', 'default', 'team-a').metadata.annotations).toEqual({ 'eventing.knative.dev/broker.class': 'MTChannelBasedBroker' });
  });

  test('the way out of each default', () => {
    const app = new App();
    const t = new Tenant(app, 't', {
      namespace: 'team-x', quota: false, containerDefaults: false, broker: false, mesh: false,
      podSecurity: PodSecurityLevel.BASELINE, group: 'g', role: TenantRole.clusterRole('faas-developer'),
    });
    const objs = objects(app);
    expect(objs.map((o) => o.kind).sort()).toEqual(['Namespace', 'NetworkPolicy', 'RoleBinding']);
    expect(find(objs, 'Namespace').metadata.labels['istio-injection']).toBeUndefined();
    expect(find(objs, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(find(objs, 'RoleBinding').roleRef.name).toBe('faas-developer');
    expect(t.broker).toBeUndefined();
    expect(t.namespaceName).toBe('team-x');
  });

  test('a custom quota and container defaults', () => {
    const app = new App();
    new Tenant(app, 't', {
      quota: { cpuRequests: kplus.Cpu.millis(1500), memoryLimits: Size.gibibytes(2), pods: 7, functions: 3 },
      containerDefaults: { cpuRequest: kplus.Cpu.millis(50), memoryLimit: Size.mebibytes(256) },
    });
    const objs = objects(app);
    expect(find(objs, 'ResourceQuota').spec.hard).toMatchObject({ 'requests.cpu': '1500m', 'limits.memory': '2048Mi', pods: '7', 'count/services.serving.knative.dev': '3' });
    expect(find(objs, 'LimitRange').spec.limits[0]).toMatchObject({ default: { memory: '256Mi' }, defaultRequest: { cpu: '50m' } });
  });

  test('the NetworkPolicy admits the namespace, the system namespaces and the extra ones', () => {
    const app = new App();
    new Tenant(app, 't', { allowedNamespaces: ['monitoring'], allowEventing: false });
    const np = find(objects(app), 'NetworkPolicy');
    expect(np.spec.podSelector).toEqual({});
    expect(np.spec.policyTypes).toEqual(['Ingress']);
    expect(np.spec.ingress[0]).toEqual({ from: [{ podSelector: {} }] });
    expect(np.spec.ingress[1].from.map((f: any) => f.namespaceSelector.matchLabels['kubernetes.io/metadata.name'])).toEqual(['istio-system', 'knative-serving', 'monitoring']);
  });

  test('the allow-list names the gateway, activator and autoscaler identities; the system props move them', () => {
    const app = new App();
    new Tenant(app, 't', { system: { trustDomain: 'example.org', ingressGatewayServiceAccount: 'istio-ingressgateway-service-account', servingNamespace: 'serving' } });
    const objs = objects(app);
    const ap = find(objs, 'AuthorizationPolicy', 'tenant-isolation', 't');
    expect(ap.spec.action).toBe('ALLOW');
    expect(ap.spec.rules).toEqual([
      { from: [{ source: { namespaces: ['t'] } }] },
      { from: [{ source: { principals: ['example.org/ns/istio-system/sa/istio-ingressgateway-service-account', 'example.org/ns/serving/sa/activator', 'example.org/ns/serving/sa/controller'] } }] },
      { from: [{ source: { namespaces: ['knative-eventing'] } }] },
    ]);
    expect(find(objs, 'PeerAuthentication', 'default', 't').spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(find(objs, 'AuthorizationPolicy', 'tenant-t', 'serving').spec.selector).toEqual({ matchLabels: { app: 'activator' } });
  });

  test('the gateway guard appears with the first private function and lists every private host', () => {
    const app = new App();
    const t = new Tenant(app, 't', { domains: ['t.example.org'] });
    t.addFunction('pub', { image: IMAGE, triggers: [FunctionTrigger.http({ domain: 'pub.t.example.org' })] });
    expect(t.gatewayGuardPolicy).toBeUndefined();
    t.addFunction('one', { image: IMAGE, triggers: [FunctionTrigger.http()] });
    t.addFunction('two', { image: IMAGE, triggers: [FunctionTrigger.http({ visibility: Visibility.CLUSTER_LOCAL })] });
    const guard = find(objects(app), 'AuthorizationPolicy', 'tenant-t', 'istio-system');
    expect(guard.spec.action).toBe('DENY');
    expect(guard.spec.rules[0].to[0].operation.hosts).toEqual(['one.t', 'one.t.*', 'one.t:*', 'two.t', 'two.t.*', 'two.t:*']);
    expect(t.functions.map((f) => f.functionName)).toEqual(['pub', 'one', 'two']);
  });

  test('functions of a tenant live in its namespace, use its broker and claim their domains', () => {
    const app = new App();
    const t = new Tenant(app, 'team-a', { domains: ['a.example.org'] });
    const fn = t.addFunction('api', { image: IMAGE, triggers: [FunctionTrigger.http({ domain: 'api.a.example.org' }), FunctionTrigger.event({ type: 'x' })] });
    const objs = objects(app);
    expect(find(objs, 'Service', 'api').metadata).toMatchObject({ namespace: 'team-a', labels: { [TENANT_LABEL]: 'team-a' } });
    expect(find(objs, 'Service', 'api').spec.template.metadata.labels).toEqual({ [TENANT_LABEL]: 'team-a' });
    expect(find(objs, 'Trigger', 'api-event').spec.broker).toBe('default');
    expect(find(objs, 'ClusterDomainClaim', 'api.a.example.org')).toMatchObject({ metadata: { name: 'api.a.example.org' }, spec: { namespace: 'team-a' } });
    expect(find(objs, 'ClusterDomainClaim', 'api.a.example.org').metadata.namespace).toBeUndefined();
    expect(fn.broker).toBe(t.broker);
    expect(Tenant.tenantOf(fn)).toBe(t);
  });

  test('a tenant can live inside any Chart; cdk8s charts answer instanceof for each other, Tenant.isTenant does not', () => {
    const app = new App();
    const platform = new Chart(app, 'platform');
    const t = new Tenant(platform, 'team-z', {});
    expect(find(objects(app), 'Namespace', 'team-z')).toBeDefined();
    expect(Tenant.isTenant(t)).toBe(true);
    expect(Tenant.isTenant(platform)).toBe(false);
    expect(Tenant.tenantOf(platform)).toBeUndefined();
  });

  test("the broker's class comes from the cluster settings", () => {
    const app = new App();
    ClusterSettings.apply(app, { eventing: { defaultBrokerClass: 'Kafka' } });
    new Tenant(app, 'k', { broker: { config: undefined } });
    new Tenant(app, 'r', { broker: { brokerClass: BrokerClass.MT_CHANNEL_BASED } });
    const objs = objects(app);
    expect(find(objs, 'Broker', 'default', 'k').metadata.annotations['eventing.knative.dev/broker.class']).toBe('Kafka');
    expect(find(objs, 'Broker', 'default', 'r').metadata.annotations['eventing.knative.dev/broker.class']).toBe('MTChannelBasedBroker');
  });

  describe('mistakes are synth errors naming the path and the prop', () => {
    const cases: Array<[string, (app: App) => void, string]> = [
      ['a namespace that is not a DNS-1123 label', (a) => new Tenant(a, 't', { namespace: 'Team_A' }), '[t] namespace: must be a DNS-1123 label'],
      ['an empty group', (a) => new Tenant(a, 't', { group: ' ' }), '[t] group: must be the non-empty name of a group'],
      ['a bad allowed namespace', (a) => new Tenant(a, 't', { allowedNamespaces: ['ok', 'Not OK'] }), '[t] allowedNamespaces[1]: must be a namespace name'],
      ['a domain with one label', (a) => new Tenant(a, 't', { domains: ['localhost'] }), '[t] domains[0]: must be a fully qualified domain name'],
      ['a function domain outside the tenant', (a) => new Tenant(a, 't', { domains: ['t.example.org'] }).addFunction('f', { image: IMAGE, triggers: [FunctionTrigger.http({ domain: 'f.other.example.org' })] }),
        "[t/f] triggers[0].domain: is not one of tenant 't''s domains or under one"],
      ['a domain served twice', (a) => {
        const t = new Tenant(a, 't', { domains: ['t.example.org'] });
        t.addFunction('f', { image: IMAGE, triggers: [FunctionTrigger.http({ domain: 't.example.org' })] });
        t.addFunction('g', { image: IMAGE, triggers: [FunctionTrigger.http({ domain: 'T.example.org' })] });
      }, "[t/g] triggers[0].domain: is already served by function 'f'"],
      ['overlapping domains of two tenants', (a) => {
        new Tenant(a, 'a', { domains: ['example.org'] });
        new Tenant(a, 'b', { domains: ['b.example.org'] });
      }, "[b] domains: 'b.example.org' overlaps 'example.org' of tenant 'a'"],
      ['two tenants in one namespace', (a) => {
        new Tenant(a, 'a', { namespace: 'same' });
        new Tenant(a, 'b', { namespace: 'same' });
      }, "[b] namespace: tenant 'a' has the same namespace 'same'"],
      ['a CPU quota that is not a quantity', (a) => new Tenant(a, 't', { quota: { cpuRequests: kplus.Cpu.units(NaN) } }), '[t] quota.cpuRequests: must be a finite, non-negative quantity'],
      ['a negative pod count', (a) => new Tenant(a, 't', { quota: { pods: -1 } }), '[t] quota.pods: must be a non-negative integer'],
      ['a memory quota of NaN', (a) => new Tenant(a, 't', { quota: { memoryLimits: Size.mebibytes(NaN) } }), '[t] quota.memoryLimits: must be a finite, non-negative quantity'],
      ['a default request above the default limit', (a) => new Tenant(a, 't', { containerDefaults: { cpuRequest: kplus.Cpu.units(2), cpuLimit: kplus.Cpu.millis(500) } }),
        '[t] containerDefaults.cpuRequest: default request value must be less than or equal to default limit value (500m)'],
      ['a memory default request above the default limit', (a) => new Tenant(a, 't', { containerDefaults: { memoryRequest: Size.gibibytes(1) } }),
        '[t] containerDefaults.memoryRequest: default request value must be less than or equal to default limit value (512Mi)'],
    ];
    test.each(cases)('%s', (_n, build, expected) => {
      const app = new App();
      build(app);
      const errors = synthErrors(app);
      if (!errors.some((e) => e.startsWith(expected))) throw new Error(`expected ${expected}, got:\n${errors.join('\n')}`);
    });
  });
});

describe('Tenant, more mistakes', () => {
  test.each([
    ['two functions with one name', (a: App) => {
      const t = new Tenant(a, 't', {});
      t.addFunction('f', { image: IMAGE, triggers: [FunctionTrigger.http()] });
      t.addFunction('g', { image: IMAGE, name: 'f', triggers: [FunctionTrigger.http()] });
    }, "[t/g] name: is already the name of function 't/f' in tenant 't'"],
    ['a domain under the cluster-local domain', (a: App) => new Tenant(a, 't', { domains: ['t.svc.cluster.local'] }), "[t] domains[0]: must not be under the cluster-local domain 'cluster.local'"],
  ])('%s', (_n, build, expected) => {
    const app = new App();
    build(app);
    const errors = synthErrors(app);
    if (!errors.some((e) => e.startsWith(expected))) throw new Error(`expected ${expected}, got:\n${errors.join('\n')}`);
  });
});

test("a tenant's config-domain entry selects its functions' Routes, so they get the tenant's domain", () => {
  const app = new App();
  const t = new Tenant(app, 'team-a', { domains: ['a.functions.example.org', 'other.example.org'] });
  expect(t.servingDomains).toEqual({ 'a.functions.example.org': { selector: { [TENANT_LABEL]: 'team-a' } } });
  expect(new Tenant(app, 'team-b', {}).servingDomains).toEqual({});
  const settings = new ClusterSettings({ serving: { domains: { 'functions.example.org': {}, ...t.servingDomains } } });
  const fn = t.addFunction('api', { image: IMAGE, triggers: [FunctionTrigger.http({ visibility: Visibility.EXTERNAL })] });
  expect(settings.domainForLabels(fn.service.apiObject.toJson().metadata.labels)).toBe('a.functions.example.org');
  expect(settings.domainForLabels({})).toBe('functions.example.org');
});
