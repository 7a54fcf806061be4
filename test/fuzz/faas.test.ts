/**
 * Fuzz targets of the FaaS layer: Function (every trigger kind, scaling profile, timeouts,
 * secrets) and Tenant (quota, limits, RBAC, domains, system identities, with functions added).
 * Every drawn case must end in a synth error naming a construct path and a field, or in output
 * the strict validator accepts (see harness.ts).
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import fc from 'fast-check';
import { Broker, BrokerClass, Filter, GitLabEventType, PingData } from '../../lib/eventing';
import {
  BucketEvent, Function, FunctionProps, FunctionTrigger, PodSecurityLevel, ScalingProfile, Tenant, TenantDefaults, TenantDefaultsProps, TenantProps, TenantRole,
} from '../../lib/faas';
import { KnativeInstall, KnativeInstallMode } from '../../lib/platform/knative';
import { PortProtocol, Visibility } from '../../lib/serving';
import { arb, fuzz } from './harness';

const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined, freq: 2 });
/** Mostly the clean value, sometimes a nasty one. */
const mostly = <T>(clean: fc.Arbitrary<T>, nasty: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ weight: 6, arbitrary: clean }, { weight: 1, arbitrary: nasty });
const text = (): fc.Arbitrary<string> => fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z][a-z0-9.-]{0,15}$/) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'A_b', 'x'.repeat(300), 'ünï') },
);
const duration = (): fc.Arbitrary<Duration> => fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 900 }).map((s) => Duration.seconds(s)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 100_000 }).map((ms) => Duration.millis(ms)) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, 0.5, 2 ** 53).map((s) => Duration.seconds(s)) },
);
const domain = (): fc.Arbitrary<string> => fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[a-z]{1,6}$/).map((s) => `${s}.t.example.org`) },
  { weight: 1, arbitrary: fc.constantFrom('t.example.org', 'other.example.net', 'localhost', '', 'Bad_Domain.org', 'x.svc.cluster.local') },
);
const cron = (): fc.Arbitrary<string> => mostly(fc.constantFrom('@hourly', '0 3 * * *', '*/5 * * * *', '0 0 0 * * *'), fc.constantFrom('every day', '', '61 * * * *'));
const cpu = (): fc.Arbitrary<kplus.Cpu> => fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 4000 }).map((m) => kplus.Cpu.millis(m)) },
  { weight: 1, arbitrary: arb.number().map((n) => kplus.Cpu.units(n)) },
);
const size = (): fc.Arbitrary<Size> => fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 65536 }).map((m) => Size.mebibytes(m)) },
  { weight: 1, arbitrary: arb.number().map((n) => Size.mebibytes(n < 0 ? -n : n)) },
);

const trigger = (): fc.Arbitrary<FunctionTrigger> => fc.oneof(
  { weight: 3, arbitrary: fc.record({ visibility: opt(fc.constantFrom(Visibility.EXTERNAL, Visibility.CLUSTER_LOCAL)), domain: opt(domain()) }, { noNullPrototype: true }).map((o) => FunctionTrigger.http(o)) },
  { weight: 2, arbitrary: fc.tuple(cron(), opt(fc.constantFrom('Europe/Zurich', 'UTC', 'Mars/Olympus')), opt(fc.constant(PingData.fromJson({ a: 1 })))).map(([c, timeZone, data]) => FunctionTrigger.schedule(c, { timeZone, data })) },
  {
    weight: 3,
    arbitrary: fc.record({
      type: opt(text()), source: opt(text()),
      extensions: opt(fc.dictionary(fc.oneof(fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/), fc.constantFrom('Bad-Name', '')), text(), { maxKeys: 2, noNullPrototype: true })),
      filters: opt(fc.constantFrom(() => [Filter.prefix({ type: 'org.' })], () => [Filter.cesql("type = 'x'")], () => [Filter.exact({ '': 'x' })]).map((f) => f())),
      name: opt(arb.name()),
    }, { noNullPrototype: true }).map((o) => FunctionTrigger.event(o)),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      bucket: text(), region: opt(text()),
      events: opt(fc.subarray([BucketEvent.OBJECT_CREATED, BucketEvent.OBJECT_REMOVED_DELETE, BucketEvent.OBJECT_CREATED_PUT, BucketEvent.of('ObjectLifecycle:Expiration:Current')])),
    }, { noNullPrototype: true }).map((o) => FunctionTrigger.bucketNotification(o)),
  },
  { weight: 1, arbitrary: fc.constant(null).map(() => FunctionTrigger.kafka({ bootstrapServers: ['kafka:9092'], topics: ['uploads'] })) },
  // A placeholder: the GitLab trigger needs a Secret of the chart (see realTriggers).
  { weight: 1, arbitrary: fc.constantFrom('https://gitlab.example.org/a/b', 'not a url').map((projectUrl) => ({ tag: 'gitlab', projectUrl }) as unknown as FunctionTrigger) },
);

interface FunctionCase { props: Omit<FunctionProps, 'broker'>; withBroker: boolean }

const functionProps = (): fc.Arbitrary<FunctionCase> => fc.record({
  props: fc.record({
    image: mostly(fc.constantFrom('registry.example.org/team/fn:1.0', 'nginx'), fc.constant('Bad Image')),
    triggers: fc.array(trigger(), { minLength: 1, maxLength: 3 }),
    name: opt(mostly(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/), arb.name())),
    port: opt(mostly(fc.integer({ min: 1024, max: 65535 }).filter((p) => ![8012, 8013, 8022, 8112, 9090, 9091].includes(p)), arb.number())),
    portProtocol: opt(fc.constantFrom(PortProtocol.HTTP1, PortProtocol.H2C)),
    env: opt(fc.dictionary(mostly(fc.constantFrom('A', 'B'), fc.constantFrom('PORT', 'bad name')), text(), { maxKeys: 2, noNullPrototype: true })),
    secretEnv: opt(fc.dictionary(fc.constantFrom('A', 'TOKEN'), fc.record({ secret: mostly(fc.constant('creds'), fc.constant('Bad_Secret')), key: mostly(fc.constant('k'), fc.constantFrom('', 'a/b')) }, { noNullPrototype: true }), { maxKeys: 2, noNullPrototype: true })),
    secretFiles: opt(fc.dictionary(mostly(fc.constant('/etc/creds'), fc.constantFrom('relative', '/dev')), mostly(fc.constant('creds'), fc.constant('Bad_Secret')), { maxKeys: 2, noNullPrototype: true })),
    resources: opt(fc.record({ cpu: opt(fc.record({ request: opt(cpu()), limit: opt(cpu()) }, { noNullPrototype: true })), memory: opt(fc.record({ request: opt(size()), limit: opt(size()) }, { noNullPrototype: true })) }, { noNullPrototype: true })),
    scaling: opt(fc.oneof(
      fc.record({ maxScale: opt(arb.number()), target: opt(arb.number()), retention: opt(duration()) }, { noNullPrototype: true }).map((o) => ScalingProfile.scaleToZero(o)),
      fc.record({ minScale: opt(arb.number()), maxScale: opt(arb.number()), scaleDownDelay: opt(duration()) }, { noNullPrototype: true }).map((o) => ScalingProfile.latencySensitive(o)),
      fc.record({ concurrency: opt(arb.number()), maxScale: opt(arb.number()) }, { noNullPrototype: true }).map((o) => ScalingProfile.batch(o)),
      fc.tuple(fc.record({ minScale: opt(arb.number()) }, { noNullPrototype: true }), opt(arb.number())).map(([a, c]) => ScalingProfile.custom(a, c)),
    )),
    timeout: opt(duration()),
    responseStartTimeout: opt(duration()),
    idleTimeout: opt(duration()),
    labels: opt(fc.dictionary(fc.constantFrom('team', 'bad key!'), text(), { maxKeys: 1, noNullPrototype: true })),
    container: opt(fc.constant({ securityContext: { user: 1000 } })),
  }, { requiredKeys: ['image', 'triggers'], noNullPrototype: true }),
  withBroker: mostly(fc.constant(true), fc.constant(false)),
}, { noNullPrototype: true });

let gitlabSecrets = 0;
/** Replaces the GitLab placeholder (it needs a Secret of the chart) by a real trigger. */
function realTriggers(chart: import('cdk8s').Chart, triggers: FunctionTrigger[]): FunctionTrigger[] {
  return triggers.map((t) => {
    const o = t as unknown as { tag?: string; projectUrl?: string };
    if (o.tag !== 'gitlab') return t;
    const secret = kplus.Secret.fromSecretName(chart, `tokens-${gitlabSecrets++}`, 'tokens');
    return FunctionTrigger.gitlab({ projectUrl: o.projectUrl!, eventTypes: [GitLabEventType.PUSH], accessToken: { secret, key: 'a' }, secretToken: { secret, key: 's' } });
  });
}

describe('faas fuzz', () => {
  fuzz<FunctionCase>({
    name: 'Function',
    arbitrary: functionProps(),
    build(chart, { props, withBroker }) {
      const broker = withBroker ? new Broker(chart, 'broker', { metadata: { name: 'events' } }) : undefined;
      new Function(chart, 'fn', { ...props, triggers: realTriggers(chart, props.triggers), ...(broker ? { broker } : {}) });
    },
  });

  fuzz<{ tenant: TenantProps; fns: FunctionCase[] }>({
    name: 'Tenant',
    arbitrary: fc.record({
      tenant: fc.record({
        namespace: opt(arb.name()),
        group: opt(text()),
        role: opt(fc.constantFrom(TenantRole.EDIT, TenantRole.VIEW, TenantRole.ADMIN, TenantRole.clusterRole('faas-dev'), TenantRole.clusterRole(''))),
        domains: opt(fc.array(fc.oneof(fc.constant('t.example.org'), domain()), { maxLength: 2 })),
        quota: opt(fc.oneof(fc.constant(false as const), fc.record({
          cpuRequests: opt(cpu()), cpuLimits: opt(cpu()), memoryRequests: opt(size()), memoryLimits: opt(size()), pods: opt(arb.number()), functions: opt(arb.number()),
        }, { noNullPrototype: true }))),
        containerDefaults: opt(fc.oneof(fc.constant(false as const), fc.record({ cpuRequest: opt(cpu()), cpuLimit: opt(cpu()), memoryRequest: opt(size()), memoryLimit: opt(size()) }, { noNullPrototype: true }))),
        podSecurity: opt(fc.constantFrom(PodSecurityLevel.PRIVILEGED, PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED)),
        broker: opt(fc.constantFrom(false as const, {})),
        mesh: opt(fc.boolean()),
        allowEventing: opt(fc.boolean()),
        allowedNamespaces: opt(fc.array(arb.name(), { maxLength: 2 })),
        system: opt(fc.record({ trustDomain: opt(text()), servingNamespace: opt(arb.name()), ingressGatewayServiceAccount: opt(arb.name()), ingressGatewayHttpPorts: opt(fc.array(fc.oneof(fc.integer({ min: 1, max: 65535 }), arb.number()), { maxLength: 2 })) }, { noNullPrototype: true })),
        labels: opt(fc.dictionary(fc.constantFrom('cost-center', 'bad key!'), text(), { maxKeys: 1, noNullPrototype: true })),
      }, { noNullPrototype: true }),
      fns: fc.array(functionProps(), { maxLength: 2 }),
    }, { noNullPrototype: true }),
    build(chart, { tenant, fns }) {
      const t = new Tenant(chart, 'tenant', tenant);
      fns.forEach(({ props }, i) => t.addFunction(`fn${i}`, { ...props, triggers: realTriggers(t, props.triggers) }));
    },
  });

  // The platform knows its tenants: defaults for all, tenants before and after an install whose
  // declared domains and namespace broker defaults may clash with theirs.
  const quota = () => opt(fc.oneof(fc.constant(false as const), fc.record({ cpuRequests: opt(cpu()), memoryLimits: opt(size()), pods: opt(arb.number()) }, { noNullPrototype: true })));
  const brokerClass = () => opt(fc.constantFrom(BrokerClass.MT_CHANNEL_BASED, BrokerClass.KAFKA, BrokerClass.of('Custom'), BrokerClass.of('')));
  fuzz<{ defaults?: TenantDefaultsProps; tenants: TenantProps[]; install?: { at: number; domains: Record<string, { selector?: Record<string, string> }>; defaultClass?: string; nsClass?: string } }>({
    name: 'TenantDefaults and tenants in a KnativeInstall',
    arbitrary: fc.record({
      defaults: opt(fc.record({
        quota: quota(),
        containerDefaults: opt(fc.oneof(fc.constant(false as const), fc.record({ cpuRequest: opt(cpu()), memoryLimit: opt(size()) }, { noNullPrototype: true }))),
        broker: opt(fc.oneof(fc.constant(false as const), fc.record({ brokerClass: brokerClass() }, { noNullPrototype: true }))),
        podSecurity: opt(fc.constantFrom(PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED)),
      }, { noNullPrototype: true })),
      tenants: fc.array(fc.record({
        namespace: mostly(fc.constantFrom('team-a', 'team-b', 'team-c'), arb.name()),
        domains: opt(fc.array(fc.oneof(fc.constant('t.example.org'), domain()), { maxLength: 2 })),
        quota: quota(),
        broker: opt(fc.oneof(fc.constant(false as const), fc.record({ brokerClass: brokerClass() }, { noNullPrototype: true }))),
      }, { requiredKeys: ['namespace'], noNullPrototype: true }), { maxLength: 3 }),
      install: opt(fc.record({
        at: fc.integer({ min: 0, max: 3 }),
        domains: fc.dictionary(fc.constantFrom('example.org', 't.example.org', 'x.t.example.org'), fc.record({ selector: opt(fc.constantFrom<Record<string, string>>({ app: 'x' }, { 'knative-faas-cdk.io/tenant': 'team-a' })) }, { noNullPrototype: true }), { maxKeys: 2, noNullPrototype: true }),
        defaultClass: opt(fc.constantFrom('MTChannelBasedBroker', 'Kafka')),
        nsClass: opt(fc.constantFrom('MTChannelBasedBroker', 'Kafka')),
      }, { requiredKeys: ['at', 'domains'], noNullPrototype: true })),
    }, { requiredKeys: ['tenants'], noNullPrototype: true }),
    build(chart, { defaults, tenants, install }) {
      if (defaults) TenantDefaults.apply(chart, defaults);
      const knative = () => new KnativeInstall(chart, 'knative', {
        mode: KnativeInstallMode.operator(),
        serving: { domains: install!.domains },
        eventing: {
          ...(install!.defaultClass ? { defaultBrokerClass: install!.defaultClass } : {}),
          ...(install!.nsClass ? { brokerDefaults: { clusterDefault: { brokerClass: 'MTChannelBasedBroker', config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'config-br-default-channel', namespace: 'knative-eventing' } }, namespaceDefaults: { 'team-a': { brokerClass: install!.nsClass } } } } : {}),
        },
      });
      tenants.forEach((t, i) => {
        if (install && install.at === i) knative();
        const tenant = new Tenant(chart, `tenant${i}`, t);
        if (t.domains?.[0]) tenant.addFunction('fn', { image: 'registry.example.org/team/fn:1.0', triggers: [FunctionTrigger.http({ domain: `fn.${t.domains[0]}` })], container: { securityContext: { user: 1000 } } });
      });
      if (install && install.at >= tenants.length) knative();
    },
  });
});
