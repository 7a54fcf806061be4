/**
 * The platform knows its tenants (issue 12): every Tenant's domain reaches config-domain and its
 * broker class config-br-defaults' namespaceDefaults, in the install (each mode) and in the
 * settings the validator reads, whatever the order of creation; TenantDefaults gives every
 * tenant the platform's quota, limits and broker class.
 */
import { App, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { parse } from 'yaml';
import { ClusterSettings } from '../../../lib/core/cluster-settings';
import { TENANT_LABEL } from '../../../lib/core/tenant-label';
import { Broker, BrokerClass } from '../../../lib/eventing/broker';
import { FunctionTrigger, Tenant, TenantDefaults } from '../../../lib/faas';
import { KnativeInstall, KnativeInstallMode, KnativeInstallProps } from '../../../lib/platform/knative';
import { synthErrors } from '../../helpers';
import { FIXTURE, HAVE_SHARED, quietApp, SHARED, synthDocs } from './support';

const DOMAIN = 'functions.example.org';
const SERVING = { domains: { [DOMAIN]: {} } };
const IMAGE = 'registry.example.org/team/fn:1.0';

/** Team a before the install, team b (Kafka broker) after it. */
function platform(mode: KnativeInstallMode, over: Partial<KnativeInstallProps> = {}): { app: App; inst: KnativeInstall } {
  const app = quietApp();
  new Tenant(app, 'team-a', { domains: [`a.${DOMAIN}`, 'a.example.net'] });
  const inst = new KnativeInstall(app, 'knative', { mode, serving: SERVING, eventing: {}, ...over });
  new Tenant(app, 'team-b', { domains: [`b.${DOMAIN}`], broker: { brokerClass: BrokerClass.KAFKA } });
  return { app, inst };
}

const byKind = (docs: any[], kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name);
const selector = (ns: string) => `selector:\n  ${TENANT_LABEL}: ${ns}\n`;

describe('tenants reach the Knative configuration the install renders', () => {
  test('operator mode: spec.config.domain and br-defaults, tenants before and after the install', () => {
    const { app } = platform(KnativeInstallMode.operator());
    const docs = synthDocs(app);
    const serving = byKind(docs, 'KnativeServing', 'knative-serving');
    // Only the first domain of a tenant names its Routes (its other domains serve DomainMappings).
    expect(serving.spec.config.domain).toEqual({ [DOMAIN]: '', [`a.${DOMAIN}`]: selector('team-a'), [`b.${DOMAIN}`]: selector('team-b') });
    const eventing = byKind(docs, 'KnativeEventing', 'knative-eventing');
    const br = parse(eventing.spec.config['br-defaults']['default-br-config']);
    expect(br.namespaceDefaults).toEqual({ 'team-b': { brokerClass: 'Kafka' } });
    expect(br.clusterDefault.brokerClass).toBe('MTChannelBasedBroker');
    // The cluster it describes reads back with the tenants in it.
    const read = ClusterSettings.fromManifests(docs);
    expect(read.domainForLabels({ [TENANT_LABEL]: 'team-b' })).toBe(`b.${DOMAIN}`);
    expect(read.brokerClassFor('team-b')).toBe('Kafka');
    expect(read.brokerClassFor('team-a')).toBe('MTChannelBasedBroker');
  });

  test('without tenants, the operator objects carry only what the install declares', () => {
    const app = quietApp();
    new KnativeInstall(app, 'knative', { mode: KnativeInstallMode.operator(), serving: SERVING, eventing: {} });
    const docs = synthDocs(app);
    expect(byKind(docs, 'KnativeServing', 'knative-serving').spec.config).toEqual({ domain: { [DOMAIN]: '' } });
    expect(byKind(docs, 'KnativeEventing', 'knative-eventing').spec.config).toBeUndefined();
  });

  test('release mode (committed fixture): the merged config-domain and config-br-defaults ConfigMaps', () => {
    const { app } = platform(KnativeInstallMode.releaseManifests({ from: FIXTURE }));
    const docs = synthDocs(app);
    const domain = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'config-domain');
    expect(domain.data).toMatchObject({ [DOMAIN]: '', [`a.${DOMAIN}`]: selector('team-a'), [`b.${DOMAIN}`]: selector('team-b') });
    const br = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'config-br-defaults');
    expect(parse(br.data['default-br-config']).namespaceDefaults).toEqual({ 'team-b': { brokerClass: 'Kafka' } });
  });

  (HAVE_SHARED ? test : test.skip)('release mode (the real Knative 1.23 files in ../shared): the same, and it validates', () => {
    const { app } = platform(KnativeInstallMode.releaseManifests({ from: SHARED }));
    const docs = synthDocs(app);
    const domain = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'config-domain');
    expect(domain.data).toMatchObject({ [`a.${DOMAIN}`]: selector('team-a'), [`b.${DOMAIN}`]: selector('team-b') });
    expect(domain.data._example).toBeDefined();
    const br = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'config-br-defaults');
    expect(parse(br.data['default-br-config']).namespaceDefaults).toEqual({ 'team-b': { brokerClass: 'Kafka' } });
  });
  if (!HAVE_SHARED) test.skip(`the real Knative 1.23 release files are not at ${SHARED}: only the committed fixture is tested`, () => undefined);

  test('kustomize mode: the config-domain and config-br-defaults patches', () => {
    const { inst } = platform(KnativeInstallMode.kustomize());
    const files = inst.kustomization!;
    const domainPatch = parse(files['serving/patches/config-domain.yaml']);
    expect(domainPatch.data).toEqual({ [DOMAIN]: '', [`a.${DOMAIN}`]: selector('team-a'), [`b.${DOMAIN}`]: selector('team-b') });
    const brPatch = parse(files['eventing/patches/config-br-defaults.yaml']);
    expect(parse(brPatch.data['default-br-config']).namespaceDefaults).toEqual({ 'team-b': { brokerClass: 'Kafka' } });
    // A tenant created after the install, on an install that declares no domain: its patch appears.
    const app = quietApp();
    const bare = new KnativeInstall(app, 'knative', { mode: KnativeInstallMode.kustomize(), serving: {} });
    expect(bare.kustomization!['serving/patches/config-domain.yaml']).toBeUndefined();
    new Tenant(app, 'team-c', { domains: ['c.example.net'] });
    expect(parse(bare.kustomization!['serving/patches/config-domain.yaml']).data).toEqual({ 'c.example.net': selector('team-c') });
  });

  test('the install renders the same whichever order the tenants and the install were created in', () => {
    const build = (installFirst: boolean) => {
      const app = quietApp();
      const tenants = () => {
        new Tenant(app, 'team-a', { domains: [`a.${DOMAIN}`] });
        new Tenant(app, 'team-b', { domains: [`b.${DOMAIN}`], broker: { brokerClass: BrokerClass.KAFKA } });
      };
      if (!installFirst) tenants();
      new KnativeInstall(app, 'knative', { mode: KnativeInstallMode.operator(), serving: SERVING, eventing: {} });
      if (installFirst) tenants();
      const docs = synthDocs(app);
      return JSON.stringify(docs.sort((x, y) => JSON.stringify(x.metadata).localeCompare(JSON.stringify(y.metadata))));
    };
    expect(build(false)).toBe(build(true));
  });
});

describe('the validator sees the tenants', () => {
  test('settings of every object include the tenant domains and namespace broker classes', () => {
    const app = quietApp();
    const a = new Tenant(app, 'team-a', { domains: [`a.${DOMAIN}`], broker: { brokerClass: BrokerClass.MT_CHANNEL_BASED } });
    new KnativeInstall(app, 'knative', { mode: KnativeInstallMode.operator(), serving: SERVING, eventing: { defaultBrokerClass: 'Kafka' } });
    const fn = a.addFunction('api', { image: IMAGE, triggers: [FunctionTrigger.http({ domain: `api.a.${DOMAIN}` })] });
    const s = ClusterSettings.of(fn.service.apiObject);
    expect(s.servingDomains).toEqual({ [DOMAIN]: {}, [`a.${DOMAIN}`]: { selector: { [TENANT_LABEL]: 'team-a' } } });
    expect(s.domainForLabels(fn.service.apiObject.metadata.toJson().labels)).toBe(`a.${DOMAIN}`);
    expect(s.brokerClassFor('team-a')).toBe('MTChannelBasedBroker');
    expect(s.brokerClassFor('elsewhere')).toBe('Kafka');
    // The declared settings stay what the app declared.
    expect(ClusterSettings.declared(fn).servingDomains).toEqual({ [DOMAIN]: {} });
    expect(synthErrors(app)).toEqual([]);
  });

  test('a function on a tenant domain validates; one outside the tenant domains fails', () => {
    const app = quietApp();
    new KnativeInstall(app, 'knative', { mode: KnativeInstallMode.operator(), serving: SERVING, eventing: {} });
    const a = new Tenant(app, 'team-a', { domains: [`a.${DOMAIN}`] });
    a.addFunction('ok', { image: IMAGE, triggers: [FunctionTrigger.http({ domain: `ok.a.${DOMAIN}` })] });
    expect(synthErrors(app)).toEqual([]);
    a.addFunction('bad', { image: IMAGE, triggers: [FunctionTrigger.http({ domain: `bad.b.${DOMAIN}` })] });
    expect(synthErrors(app)).toEqual([
      `[team-a/bad] triggers[0].domain: is not one of tenant 'team-a''s domains or under one (value: "bad.b.${DOMAIN}"; allowed: a.${DOMAIN})`,
    ]);
  });

  test('a Broker created in the tenant namespace without a class gets the tenant class', () => {
    const app = quietApp();
    const t = new Tenant(app, 'team-a', { broker: { brokerClass: BrokerClass.KAFKA } });
    new Broker(t, 'other', { metadata: { name: 'other' } });
    const docs = synthDocs(app);
    expect(byKind(docs, 'Broker', 'default').metadata.annotations['eventing.knative.dev/broker.class']).toBe('Kafka');
    expect(byKind(docs, 'Broker', 'other').metadata.annotations['eventing.knative.dev/broker.class']).toBe('Kafka');
    expect(ClusterSettings.of(app).brokerConfigFor('team-a', undefined)).toEqual(ClusterSettings.STOCK.brokerConfigFor(undefined, 'Kafka'));
  });
});

describe('conflicts are synth errors on the tenant', () => {
  test('a tenant domain the install declares for other Routes, or with a domain under it', () => {
    const app = quietApp();
    new KnativeInstall(app, 'knative', {
      mode: KnativeInstallMode.operator(), eventing: {},
      serving: { domains: { [DOMAIN]: {}, 'a.example.net': {}, 'x.b.example.net': { selector: { app: 'other' } } } },
    });
    new Tenant(app, 'team-a', { domains: ['a.example.net'] });
    new Tenant(app, 'team-b', { domains: ['b.example.net'] });
    expect(synthErrors(app)).toEqual([
      "[team-a] domains[0]: conflicts with the config-domain entry 'a.example.net' the cluster declares as the default domain of every Route (ClusterSettings / KnativeInstall serving.domains): Routes outside tenant 'team-a' would be named in its domain (value: \"a.example.net\"; allowed: a domain no declared config-domain entry is equal to or under, or declare 'a.example.net' only as the tenant's own entry ({ selector: { 'knative-faas-cdk.io/tenant': 'team-a' } }) or not at all (the tenant contributes it))",
      "[team-b] domains[0]: conflicts with the config-domain entry 'x.b.example.net' the cluster declares for Routes labelled {\"app\":\"other\"} (ClusterSettings / KnativeInstall serving.domains): Routes outside tenant 'team-b' would be named in its domain (value: \"b.example.net\"; allowed: a domain no declared config-domain entry is equal to or under, or declare 'x.b.example.net' only as the tenant's own entry ({ selector: { 'knative-faas-cdk.io/tenant': 'team-b' } }) or not at all (the tenant contributes it))",
    ]);
  });

  test('the same entry copied by hand (servingDomains) is accepted, and rendered once', () => {
    const app = quietApp();
    const a = new Tenant(app, 'team-a', { domains: [`a.${DOMAIN}`] });
    new KnativeInstall(app, 'knative', { mode: KnativeInstallMode.operator(), eventing: {}, serving: { domains: { [DOMAIN]: {}, ...a.servingDomains } } });
    expect(synthErrors(app)).toEqual([]);
    expect(byKind(synthDocs(app), 'KnativeServing', 'knative-serving').spec.config.domain).toEqual({ [DOMAIN]: '', [`a.${DOMAIN}`]: selector('team-a') });
  });

  test('a tenant domain under another tenant’s', () => {
    const app = quietApp();
    new Tenant(app, 'team-a', { domains: [`a.${DOMAIN}`] });
    new Tenant(app, 'team-b', { domains: [`b.a.${DOMAIN}`] });
    expect(synthErrors(app)).toEqual([
      `[team-b] domains: 'b.a.${DOMAIN}' overlaps 'a.${DOMAIN}' of tenant 'team-a' (team-a); a domain belongs to one tenant (value: "b.a.${DOMAIN}"; allowed: a domain no other tenant has or is under)`,
    ]);
  });

  test('a tenant broker class other than the namespace default the cluster declares', () => {
    const app = quietApp();
    ClusterSettings.apply(app, { eventing: { brokerDefaults: { clusterDefault: { brokerClass: 'MTChannelBasedBroker', config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c', namespace: 'knative-eventing' } }, namespaceDefaults: { 'team-a': { brokerClass: 'RabbitMQBroker' } } } } });
    new Tenant(app, 'team-a', { broker: { brokerClass: BrokerClass.KAFKA } });
    expect(synthErrors(app)).toEqual([
      "[team-a] broker.brokerClass: is 'Kafka', but the cluster's config-br-defaults declares 'RabbitMQBroker' for namespace 'team-a' (eventing.brokerDefaults.namespaceDefaults); the tenant renders its own class there (value: \"Kafka\"; allowed: 'RabbitMQBroker', or remove namespace 'team-a' from namespaceDefaults)",
    ]);
  });

  test('a tenant whose Broker class was defaulted before the install changed the cluster default', () => {
    const app = quietApp();
    new Tenant(app, 'team-a');
    new KnativeInstall(app, 'knative', { mode: KnativeInstallMode.operator(), eventing: { defaultBrokerClass: 'Kafka' } });
    expect(synthErrors(app)).toEqual([
      "[team-a] broker.brokerClass: the tenant's Broker got class 'MTChannelBasedBroker' from the cluster settings in effect when the tenant was created, but the cluster's default broker class is 'Kafka' (declared after the tenant) (value: \"MTChannelBasedBroker\"; allowed: create the KnativeInstall (or ClusterSettings.apply) before the tenants, or give the class: broker.brokerClass or TenantDefaults)",
    ]);
  });
});

describe('TenantDefaults', () => {
  test('every tenant gets the defaults; its own props override them field by field', () => {
    const app = quietApp();
    TenantDefaults.apply(app, {
      quota: { cpuRequests: kplus.Cpu.units(2), memoryRequests: Size.gibibytes(4), pods: 40 },
      containerDefaults: { memoryLimit: Size.mebibytes(256) },
      broker: { brokerClass: BrokerClass.KAFKA },
    });
    new KnativeInstall(app, 'knative', { mode: KnativeInstallMode.operator(), eventing: {} });
    new Tenant(app, 'team-a');
    new Tenant(app, 'team-b', { quota: { pods: 80 }, containerDefaults: false, broker: { brokerClass: BrokerClass.MT_CHANNEL_BASED } });
    new Tenant(app, 'team-c', { quota: false, broker: false });
    const docs = synthDocs(app);
    const of = (kind: string, ns: string) => docs.find((d) => d.kind === kind && d.metadata.namespace === ns);
    expect(of('ResourceQuota', 'team-a').spec.hard).toEqual({ 'requests.cpu': '2', 'limits.cpu': '8', 'requests.memory': '4096Mi', 'limits.memory': '16384Mi', pods: '40' });
    expect(of('ResourceQuota', 'team-b').spec.hard).toEqual({ 'requests.cpu': '2', 'limits.cpu': '8', 'requests.memory': '4096Mi', 'limits.memory': '16384Mi', pods: '80' });
    expect(of('ResourceQuota', 'team-c')).toBeUndefined();
    expect(of('LimitRange', 'team-a').spec.limits[0].default).toEqual({ cpu: '1', memory: '256Mi' });
    expect(of('LimitRange', 'team-b')).toBeUndefined();
    expect(of('Broker', 'team-a').metadata.annotations['eventing.knative.dev/broker.class']).toBe('Kafka');
    expect(of('Broker', 'team-b').metadata.annotations['eventing.knative.dev/broker.class']).toBe('MTChannelBasedBroker');
    expect(of('Broker', 'team-c')).toBeUndefined();
    const br = parse(byKind(docs, 'KnativeEventing', 'knative-eventing').spec.config['br-defaults']['default-br-config']);
    expect(br.namespaceDefaults).toEqual({ 'team-a': { brokerClass: 'Kafka' } });
  });

  test('defaults turned off come back with a tenant’s own object', () => {
    const app = quietApp();
    TenantDefaults.apply(app, { quota: false, containerDefaults: false, broker: false });
    new Tenant(app, 'team-a', { quota: { pods: 5 } });
    const kinds = synthDocs(app).map((d) => d.kind);
    expect(kinds).toContain('ResourceQuota');
    expect(kinds).not.toContain('LimitRange');
    expect(kinds).not.toContain('Broker');
  });

  test('applied after a tenant was created: a synth error naming the tenant', () => {
    const app = quietApp();
    new Tenant(app, 'team-a');
    TenantDefaults.apply(app, { quota: { pods: 3 } });
    expect(synthErrors(app)).toEqual([
      "[] TenantDefaults: applied after tenant 'team-a' was created, which therefore does not get these defaults (allowed: TenantDefaults.apply before creating the tenants)",
    ]);
  });

  test('a mistake in the defaults is reported on each tenant that uses it, with the field', () => {
    const app = quietApp();
    TenantDefaults.apply(app, { quota: { pods: -1 } });
    new Tenant(app, 'team-a');
    expect(synthErrors(app)).toEqual(['[team-a] quota.pods: must be a non-negative integer (value: -1; allowed: 0, 1, 2, ...)']);
  });

  test('JS callers without props get a TypeError', () => {
    expect(() => TenantDefaults.apply(new App(), undefined as never)).toThrow(TypeError);
  });
});

test('the cluster-local domain a tenant domain may not be under is the one the cluster declares by synth', () => {
  const app = quietApp();
  const t = new Tenant(app, 'team-a', { domains: ['a.k8s.example', `a.${DOMAIN}`] });
  new KnativeInstall(app, 'knative', { mode: KnativeInstallMode.operator(), serving: { network: { clusterDomain: 'k8s.example' } } });
  expect(t.servingDomains).toEqual({ [`a.${DOMAIN}`]: { selector: { [TENANT_LABEL]: 'team-a' } } });
  expect(synthErrors(app)).toEqual([
    "[team-a] domains[0]: must not be under the cluster-local domain 'k8s.example', which Knative serves itself (value: \"a.k8s.example\"; allowed: a domain outside the cluster-local domain)",
  ]);
});
