/**
 * The values IstioInstall renders against the charts themselves: the gateway chart's
 * values.schema.json (Helm refuses a release whose values fail it), and the keys of each
 * chart's defaults (a key the chart does not have is a typo Helm silently ignores). The chart
 * metadata lives in ../shared; without it the gateway values are checked against a committed
 * subset of the schema and the defaults checks are skipped.
 */
import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import fc from 'fast-check';
import { WarningPolicy } from '../../../lib/core/report';
import { IstioInstall, IstioInstallProps } from '../../../lib/platform';
import { GATEWAY_VALUE_KEYS } from '../../../lib/platform/istio/values';
import { synthErrors } from '../../helpers';
import { chartDefaults, gatewaySchema, gatewaySchemaErrors, haveCharts, unknownPaths } from './support';

const CONFIGS: Record<string, IstioInstallProps> = {
  stock: {},
  revision: { revision: 'canary' },
  'fixed replicas': { ingressGateway: { replicas: 3, podDisruptionBudget: { minAvailable: 2 } }, pilot: { replicas: 2, podDisruptionBudgetSpec: { minAvailable: 1 } } },
  'load balancer': {
    ingressGateway: {
      loadBalancerIp: '203.0.113.10', loadBalancerClass: 'example.com/octavia', loadBalancerSourceRanges: ['203.0.113.0/24'],
      externalTrafficPolicy: 'Local', serviceAnnotations: { 'loadbalancer.openstack.org/keep-floatingip': 'true' },
      autoscaleMin: 2, autoscaleMax: 10, cpuTargetUtilization: 75,
      resources: { cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.units(4) }, memory: { request: Size.mebibytes(256), limit: Size.gibibytes(2) } },
    },
  },
  'node port': { ingressGateway: { serviceType: kplus.ServiceType.NODE_PORT, externalTrafficPolicy: 'Cluster', autoscaleEnabled: false } },
  'cluster ip, overrides': {
    ingressGateway: { serviceType: kplus.ServiceType.CLUSTER_IP },
    valuesOverrides: { gateway: { nodeSelector: { pool: 'edge' }, service: { ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv6'] }, podAnnotations: { 'prometheus.io/scrape': 'false' } } },
  },
  'everything istiod': {
    meshConfig: { outboundTrafficPolicy: 'REGISTRY_ONLY', accessLogFile: '/dev/stdout', accessLogEncoding: 'JSON', holdApplicationUntilProxyStarts: true, trustDomain: 'example.org' },
    pilot: { autoscaleMin: 2, autoscaleMax: 3, cpuTargetUtilization: 60, podDisruptionBudget: true, podDisruptionBudgetSpec: { maxUnavailable: 1 }, resources: { memory: { request: Size.gibibytes(1) } }, proxyResources: { cpu: { limit: kplus.Cpu.units(1) } } },
    revision: 'stable',
  },
};

function build(props: IstioInstallProps): IstioInstall {
  const app = Testing.app();
  WarningPolicy.apply(app, { printWarnings: false });
  return new IstioInstall(app, 'istio', props);
}

describe('gateway values pass the chart values schema', () => {
  test(`schema in use: ${haveCharts ? 'the chart\'s values.schema.json (../shared)' : 'the committed subset (../shared absent)'}`, () => {
    expect(gatewaySchemaErrors({ replicaCount: 'three' })).not.toEqual([]);
    expect(gatewaySchemaErrors({ service: { loadBalancerSourceRanges: '10.0.0.0/8' } })).not.toEqual([]);
  });

  test.each(Object.entries(CONFIGS))('%s', (_name, props) => {
    const istio = build(props);
    expect(synthErrors(istio.node.root as never)).toEqual([]);
    expect(gatewaySchemaErrors(istio.ingressGateway.helm!.values)).toEqual([]);
  });

  test('property: any install that synthesizes renders gateway values the schema accepts', () => {
    const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
    const count = fc.oneof(fc.integer({ min: -1, max: 12 }), fc.constantFrom(1.5, NaN));
    const gateway = fc.record({
      serviceType: opt(fc.constantFrom(kplus.ServiceType.LOAD_BALANCER, kplus.ServiceType.NODE_PORT, kplus.ServiceType.CLUSTER_IP)),
      loadBalancerIp: opt(fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('x', ''))),
      loadBalancerSourceRanges: opt(fc.array(fc.oneof(fc.ipV4().map((ip) => `${ip}/24`), fc.constantFrom('10.0.0.0/8', '::/0', '10.0.0.0/40')), { maxLength: 3 })),
      externalTrafficPolicy: opt(fc.constantFrom('Cluster' as const, 'Local' as const)),
      serviceAnnotations: opt(fc.dictionary(fc.constantFrom('a.example/x', 'b', 'bad key'), fc.string({ maxLength: 5 }), { maxKeys: 2, noNullPrototype: true })),
      replicas: opt(count), autoscaleEnabled: opt(fc.boolean()), autoscaleMin: opt(count), autoscaleMax: opt(count), cpuTargetUtilization: opt(fc.integer({ min: 0, max: 120 })),
      podDisruptionBudget: opt(fc.record({ minAvailable: opt(count), maxUnavailable: opt(count) }, { requiredKeys: [], noNullPrototype: true })),
      resources: opt(fc.record({ cpu: opt(fc.record({ request: opt(fc.integer({ min: 0, max: 4000 }).map(kplus.Cpu.millis)) }, { requiredKeys: [] })), memory: opt(fc.record({ limit: opt(fc.integer({ min: 0, max: 4096 }).map(Size.mebibytes)) }, { requiredKeys: [] })) }, { requiredKeys: [] })),
    }, { requiredKeys: [], noNullPrototype: true });
    fc.assert(fc.property(gateway, fc.option(fc.constantFrom('canary', 'x1'), { nil: undefined }), (ingressGateway, revision) => {
      const istio = build({ ingressGateway, revision });
      const errs = synthErrors(istio.node.root as never);
      if (errs.length) {
        for (const l of errs) expect(l).toMatch(/^\[istio\] ingressGateway\.\S.*?: \S/);
        return;
      }
      expect(gatewaySchemaErrors(istio.ingressGateway.helm!.values)).toEqual([]);
    }), { numRuns: 200, seed: 7 });
  });
});

(haveCharts ? describe : describe.skip)('rendered values match the charts (needs ../shared/charts)', () => {
  test('the top-level keys IstioInstall allows in gateway overrides are the schema\'s', () => {
    const schema = gatewaySchema() as { $defs: { values: { additionalProperties: boolean; properties: Record<string, unknown> } } };
    expect(schema.$defs.values.additionalProperties).toBe(false);
    expect([...GATEWAY_VALUE_KEYS].sort()).toEqual(Object.keys(schema.$defs.values.properties).sort());
  });

  // Kubernetes and MeshConfig structures, free-form in the charts' values.
  const opaque = ['meshConfig', 'resources', 'global.proxy.resources', 'pdb', 'podDisruptionBudget'];
  test.each(Object.entries(CONFIGS))('%s: every value set is one the chart has', (_name, props) => {
    const istio = build(props);
    expect(unknownPaths(istio.base.helm!.values, chartDefaults('base'), opaque)).toEqual([]);
    expect(unknownPaths(istio.istiod.helm!.values, chartDefaults('istiod'), opaque)).toEqual([]);
    // service.loadBalancerClass is read by the template (hasKey) but only commented in values.yaml;
    // service.ipFamilies etc. come from the overrides of one config.
    expect(unknownPaths(istio.ingressGateway.helm!.values, chartDefaults('gateway'), opaque).filter((p) => p !== 'service.loadBalancerClass')).toEqual([]);
  });

  test('a misspelt key would be caught', () => {
    expect(unknownPaths({ autoscaleMaxx: 1, global: { proxy: { resourcez: {} } } }, chartDefaults('istiod'), opaque)).toEqual(['autoscaleMaxx', 'global.proxy.resourcez']);
  });

  test('the chart defaults IstioInstall documents', () => {
    const gw = chartDefaults('gateway') as any;
    expect(gw.autoscaling).toMatchObject({ enabled: true, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 80 });
    expect(gw.service.type).toBe('LoadBalancer');
    const istiod = chartDefaults('istiod') as any;
    expect(istiod).toMatchObject({ autoscaleEnabled: true, autoscaleMin: 1, autoscaleMax: 5, cpu: { targetAverageUtilization: 80 }, pdb: { minAvailable: 1 } });
    expect(istiod.global.defaultPodDisruptionBudget.enabled).toBe(true);
    expect(istiod.resources).toEqual({ requests: { cpu: '500m', memory: '2048Mi' } });
    expect((chartDefaults('base') as any).defaultRevision).toBe('default');
  });
});
