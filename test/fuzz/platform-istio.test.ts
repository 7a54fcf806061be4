/**
 * Fuzz target of IstioInstall (see harness.ts for what a case must end in). Its Helm components
 * have no objects for the harness to validate, so each case that reports no error also checks
 * the rendered gateway values against the chart's values schema (../shared, or the committed
 * subset): a failure there throws, which the harness counts as a failing case.
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import fc from 'fast-check';
import { errorsOf } from '../../lib/core/report';
import { IstioInstall, IstioInstallProps, PlatformComponent } from '../../lib/platform';
import { gatewaySchemaErrors } from '../platform/istio/support';
import { arb, fuzz } from './harness';

const rec = <T extends object>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) =>
  fc.record(model, { requiredKeys: [], noNullPrototype: true } as never) as unknown as fc.Arbitrary<T>;
const count = (): fc.Arbitrary<number> => fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 1, max: 8 }) }, { weight: 1, arbitrary: arb.number() });
const cpu = () => fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 8000 }).map(kplus.Cpu.millis) },
  { weight: 1, arbitrary: arb.number().map(kplus.Cpu.units) },
);
const size = () => fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 8192 }).map(Size.mebibytes) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, 0.5, 1.25, 2 ** 53).map(Size.kibibytes) },
);
const resources = () => rec<kplus.ContainerResources>({
  cpu: rec<kplus.CpuResources>({ request: cpu(), limit: cpu() }),
  memory: rec<kplus.MemoryResources>({ request: size(), limit: size() }),
});
const str = () => fc.oneof({ weight: 8, arbitrary: fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/) }, { weight: 1, arbitrary: fc.string({ maxLength: 70 }) });
const dict = () => fc.dictionary(fc.oneof(fc.constantFrom('team', 'example.org/tier', 'pod-security.kubernetes.io/enforce'), fc.string({ maxLength: 12 })), str(), { maxKeys: 2, noNullPrototype: true });
const ip = () => fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('', '203.0.113.256', '01.2.3.4', 'fe80::1%eth0'));
const cidr = () => fc.oneof(fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 40 })).map(([a, n]) => `${a}/${n}`), fc.constantFrom('::/0', '2001:db8::/129', '10.0.0.0', ' 10.0.0.0/8 '));
const pdb = () => rec<{ minAvailable?: number; maxUnavailable?: number }>({ minAvailable: fc.integer({ min: -1, max: 4 }), maxUnavailable: fc.integer({ min: -1, max: 4 }) });
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(NaN), fc.array(tie('value'), { maxLength: 2 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 2, noNullPrototype: true })),
})).value;
const overrides = (keys: string[]) => fc.dictionary(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }), json, { maxKeys: 2, noNullPrototype: true });

const nasty: fc.Arbitrary<IstioInstallProps> = rec<IstioInstallProps>({
  version: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('1.30.3', '1.30.0', '1.31.0-rc.0') }, { weight: 1, arbitrary: fc.constantFrom('1.30', 'latest', '', 'v1.30.3') }),
  revision: fc.oneof({ weight: 4, arbitrary: arb.name() }, { weight: 1, arbitrary: fc.constantFrom('default', 'a'.repeat(47)) }),
  chartRepository: fc.constantFrom('https://istio-release.storage.googleapis.com/charts', 'oci://registry.istio.io/release/charts', 'charts', ''),
  strictMtls: fc.boolean(),
  namespaceLabels: dict(),
  meshConfig: rec({
    outboundTrafficPolicy: fc.constantFrom('ALLOW_ANY' as const, 'REGISTRY_ONLY' as const, 'DENY' as never),
    accessLogFile: fc.constantFrom('/dev/stdout', ''), accessLogEncoding: fc.constantFrom('TEXT' as const, 'JSON' as const, 'YAML' as never),
    accessLogFormat: fc.string({ maxLength: 20 }), holdApplicationUntilProxyStarts: fc.boolean(),
    trustDomain: fc.oneof(fc.constantFrom('cluster.local', 'example.org.', '', '.', 'UPPER.org', 'a..b'), str()),
  }),
  pilot: rec({
    replicas: count(), autoscaleEnabled: fc.boolean(), autoscaleMin: count(), autoscaleMax: count(), cpuTargetUtilization: count(),
    resources: resources(), proxyResources: resources(), podDisruptionBudget: fc.boolean(), podDisruptionBudgetSpec: pdb(),
  }),
  ingressGateway: rec({
    serviceType: fc.constantFrom(...Object.values(kplus.ServiceType)),
    loadBalancerIp: ip(), loadBalancerClass: fc.constantFrom('example.com/octavia', 'internal', 'a/b/c', ''),
    loadBalancerSourceRanges: fc.array(cidr(), { maxLength: 3 }),
    externalTrafficPolicy: fc.constantFrom('Cluster' as const, 'Local' as const, 'Both' as never),
    serviceAnnotations: dict(),
    replicas: count(), autoscaleEnabled: fc.boolean(), autoscaleMin: count(), autoscaleMax: count(), cpuTargetUtilization: count(),
    resources: resources(), podDisruptionBudget: pdb(),
  }),
  valuesOverrides: rec({
    base: overrides(['base', 'global', 'defaultRevision']),
    istiod: overrides(['meshConfig', 'global', 'env', 'revision']),
    gateway: overrides(['nodeSelector', 'labels', 'service', 'podAnnotations', 'name', 'replicaCount']),
  }),
});

// Props a careful user writes (each field valid on its own, combinations still free), so that
// enough cases reach valid output for the harness and the schema check to look at.
const scaling = () => fc.oneof(
  rec({ replicas: fc.integer({ min: 1, max: 5 }) }),
  rec({ autoscaleMin: fc.integer({ min: 1, max: 3 }), autoscaleMax: fc.integer({ min: 3, max: 9 }), cpuTargetUtilization: fc.integer({ min: 1, max: 150 }) }),
  rec({ autoscaleEnabled: fc.constant(false) }),
);
const saneResources = () => rec<kplus.ContainerResources>({
  cpu: rec<kplus.CpuResources>({ request: fc.integer({ min: 0, max: 4000 }).map(kplus.Cpu.millis), limit: fc.integer({ min: 1, max: 8 }).map(kplus.Cpu.units) }),
  memory: rec<kplus.MemoryResources>({ request: fc.integer({ min: 0, max: 4096 }).map(Size.mebibytes), limit: fc.integer({ min: 1, max: 8 }).map(Size.gibibytes) }),
});
const sane: fc.Arbitrary<IstioInstallProps> = fc.tuple(
  rec<IstioInstallProps>({
    revision: fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/).filter((r) => r !== 'default'),
    strictMtls: fc.boolean(),
    meshConfig: rec({ outboundTrafficPolicy: fc.constantFrom('ALLOW_ANY' as const, 'REGISTRY_ONLY' as const), accessLogFile: fc.constant('/dev/stdout'), holdApplicationUntilProxyStarts: fc.boolean(), trustDomain: fc.constantFrom('cluster.local', 'example.org') }),
  }),
  scaling(), saneResources(), scaling(), saneResources(),
  rec({
    serviceType: fc.constantFrom(kplus.ServiceType.LOAD_BALANCER, kplus.ServiceType.NODE_PORT),
    externalTrafficPolicy: fc.constantFrom('Cluster' as const, 'Local' as const),
    serviceAnnotations: fc.dictionary(fc.constantFrom('loadbalancer.openstack.org/keep-floatingip', 'example.org/x'), fc.string({ maxLength: 8 }), { maxKeys: 2, noNullPrototype: true }),
  }),
  fc.option(fc.record({ loadBalancerIp: fc.ipV4(), loadBalancerSourceRanges: fc.array(fc.ipV4().map((a) => `${a}/32`), { maxLength: 2 }) }), { nil: undefined }),
).map(([top, pilotScaling, pilotResources, gwScaling, gwResources, service, lb]) => ({
  ...top,
  pilot: { ...pilotScaling, resources: pilotResources },
  ingressGateway: { ...gwScaling, resources: gwResources, ...service, ...(lb && service.serviceType !== kplus.ServiceType.NODE_PORT ? lb : {}) },
}));

const props = fc.oneof(nasty, sane);

fuzz({
  name: 'IstioInstall',
  arbitrary: props,
  build(chart, value) {
    const istio = new IstioInstall(chart, 'istio', value);
    chart.node.addValidation({
      validate: () => {
        const reported = [istio, ...istio.node.findAll().filter(PlatformComponent.isPlatformComponent)].some((c) => errorsOf(c).length > 0);
        // Raw overrides are the user's own (only their JSON-ness and top-level keys are checked).
        if (!reported && !value.valuesOverrides?.gateway) {
          const problems = gatewaySchemaErrors(istio.ingressGateway.helm!.values);
          if (problems.length) throw new Error(`gateway values fail the chart schema: ${problems.join('; ')}`);
        }
        return [];
      },
    });
  },
});
