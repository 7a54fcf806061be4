import { App, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { WarningPolicy, warningsOf } from '../../../lib/core/report';
import { componentsInOrder, IMeshInstall, IstioInstall, IstioInstallProps, Phase, PlatformComponent } from '../../../lib/platform';
import { synthErrors } from '../../helpers';

function install(props?: IstioInstallProps): { app: App; istio: IstioInstall } {
  const app = Testing.app();
  WarningPolicy.apply(app, { printWarnings: false });
  const istio = new IstioInstall(app, 'istio', props);
  return { app, istio };
}

function errorsOf(props: IstioInstallProps): string[] {
  return synthErrors(install(props).app);
}

const values = (c: PlatformComponent) => c.helm!.values;

describe('IstioInstall: components', () => {
  test('stock install: namespace and CRDs, then istiod and the gateway, in order, from the published charts', () => {
    const { app, istio } = install();
    const order = componentsInOrder(app).map((c) => [c.componentName, c.phase, c.dependsOn.map((d) => d.componentName)]);
    expect(order).toEqual([
      ['istio-namespace', Phase.FOUNDATION, []],
      ['istio-base', Phase.FOUNDATION, ['istio-namespace']],
      ['istiod', Phase.CONTROLLERS, ['istio-base']],
      ['istio-ingressgateway', Phase.CONTROLLERS, ['istiod']],
    ]);
    const repo = 'https://istio-release.storage.googleapis.com/charts';
    expect(istio.base.helm).toEqual({ chart: { repository: repo, chart: 'base', version: '1.30.3' }, releaseName: 'istio-base', namespace: 'istio-system', values: {} });
    expect(istio.istiod.helm).toEqual({ chart: { repository: repo, chart: 'istiod', version: '1.30.3' }, releaseName: 'istiod', namespace: 'istio-system', values: {} });
    expect(istio.ingressGateway.helm).toEqual({ chart: { repository: repo, chart: 'gateway', version: '1.30.3' }, releaseName: 'istio-ingressgateway', namespace: 'istio-system', values: {} });
    expect(istio.istiod.healthChecks).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'istiod', namespace: 'istio-system', condition: 'Available' }]);
    expect(istio.ingressGateway.healthChecks).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'istio-ingressgateway', namespace: 'istio-system', condition: 'Available' }]);
    expect(istio.base.healthChecks.map((h) => `${h.kind}/${h.name}=${h.condition}`)).toContain('CustomResourceDefinition/peerauthentications.security.istio.io=Established');
    expect(istio.meshPolicy).toBeUndefined();
    expect(Testing.synth(istio.namespaceComponent)).toEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } }]);
    for (const c of [istio.base, istio.istiod, istio.ingressGateway]) expect(Testing.synth(c)).toEqual([]);
    expect(synthErrors(app)).toEqual([]);
  });

  test('implements IMeshInstall: the gateway net-istio selects, its Service, the settings the validator reads', () => {
    const { istio } = install({ meshConfig: { outboundTrafficPolicy: 'REGISTRY_ONLY' } });
    const mesh: IMeshInstall = istio;
    expect(mesh.ingressGatewaySelector).toEqual({ istio: 'ingressgateway' });
    expect(mesh.ingressGatewayNamespace).toBe('istio-system');
    expect(mesh.ingressGatewayService).toBe('istio-ingressgateway');
    expect(mesh.strictMtls).toBe(false);
    expect(mesh.settings).toEqual({ rootNamespace: 'istio-system', outboundTrafficPolicy: 'REGISTRY_ONLY' });
    expect(mesh.readyComponents).toEqual([istio.istiod, istio.ingressGateway]);
    expect(mesh.sidecarInjectionLabels).toEqual({ 'istio-injection': 'enabled' });
    expect(install().istio.settings.outboundTrafficPolicy).toBe('ALLOW_ANY');
  });

  test('a revision renames istiod, its release and health check, and points base and the gateway at it', () => {
    const { app, istio } = install({ revision: '1-30-3' });
    expect(componentsInOrder(app).map((c) => c.componentName)).toEqual(['istio-namespace', 'istio-base', 'istiod-1-30-3', 'istio-ingressgateway']);
    expect(istio.istiod.helm!.releaseName).toBe('istiod-1-30-3');
    expect(values(istio.istiod)).toEqual({ revision: '1-30-3' });
    expect(istio.istiod.healthChecks[0]).toMatchObject({ kind: 'Deployment', name: 'istiod-1-30-3', namespace: 'istio-system' });
    // istiod-default-validator then calls istiod-1-30-3, the only control plane.
    expect(values(istio.base)).toEqual({ defaultRevision: '1-30-3' });
    // The gateway's pods get istio.io/rev=1-30-3, so that revision's injector fills in the proxy.
    expect(values(istio.ingressGateway)).toEqual({ revision: '1-30-3' });
    expect(istio.ingressGateway.helm!.releaseName).toBe('istio-ingressgateway');
    expect(istio.sidecarInjectionLabels).toEqual({ 'istio.io/rev': '1-30-3' });
    expect(synthErrors(app)).toEqual([]);
  });

  test('strictMtls adds a mesh-wide STRICT PeerAuthentication in the root namespace, after istiod', () => {
    const { app, istio } = install({ strictMtls: true });
    expect(istio.strictMtls).toBe(true);
    expect(istio.meshPolicy!.phase).toBe(Phase.CONFIGURATION);
    expect(istio.meshPolicy!.dependsOn).toEqual([istio.istiod]);
    expect(Testing.synth(istio.meshPolicy!)).toEqual([{
      apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } },
    }]);
    expect(componentsInOrder(app).map((c) => c.componentName).pop()).toBe('istio-mesh-policy');
    expect(synthErrors(app)).toEqual([]);
  });

  test('namespace labels and a chart mirror', () => {
    const { istio } = install({ namespaceLabels: { 'pod-security.kubernetes.io/enforce': 'baseline' }, chartRepository: 'oci://registry.example.org/istio', version: '1.30.2' });
    expect(Testing.synth(istio.namespaceComponent)[0].metadata).toEqual({ name: 'istio-system', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } });
    expect(istio.istiod.helm!.chart).toEqual({ repository: 'oci://registry.example.org/istio', chart: 'istiod', version: '1.30.2' });
  });
});

describe('IstioInstall: values', () => {
  test('mesh config, istiod scaling, resources and PDB', () => {
    const { app, istio } = install({
      meshConfig: {
        outboundTrafficPolicy: 'REGISTRY_ONLY', accessLogFile: '/dev/stdout', accessLogEncoding: 'JSON', accessLogFormat: '%START_TIME%',
        holdApplicationUntilProxyStarts: true, trustDomain: 'functions.example.org',
      },
      pilot: {
        autoscaleMin: 2, autoscaleMax: 4, cpuTargetUtilization: 70,
        resources: { cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(2) }, memory: { request: Size.gibibytes(1), limit: Size.kibibytes(1536) } },
        podDisruptionBudgetSpec: { maxUnavailable: 1 },
        proxyResources: { cpu: { request: kplus.Cpu.millis(50) }, memory: { request: Size.mebibytes(64) } },
      },
    });
    expect(values(istio.istiod)).toEqual({
      autoscaleMin: 2, autoscaleMax: 4,
      cpu: { targetAverageUtilization: 70 },
      resources: { requests: { cpu: '250m', memory: '1024Mi' }, limits: { cpu: '2', memory: '1536Ki' } },
      pdb: { maxUnavailable: 1 },
      global: { proxy: { resources: { requests: { cpu: '50m', memory: '64Mi' } } } },
      meshConfig: {
        outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' }, accessLogFile: '/dev/stdout', accessLogEncoding: 'JSON', accessLogFormat: '%START_TIME%',
        trustDomain: 'functions.example.org', defaultConfig: { holdApplicationUntilProxyStarts: true },
      },
    });
    expect(synthErrors(app)).toEqual([]);
    expect(warningsOf(istio)).toEqual([]);
  });

  test('a fixed istiod replica count turns its autoscaler off; the PDB can be turned off', () => {
    const { istio } = install({ pilot: { replicas: 3, podDisruptionBudget: false } });
    expect(values(istio.istiod)).toEqual({ autoscaleEnabled: false, replicaCount: 3, global: { defaultPodDisruptionBudget: { enabled: false } } });
  });

  test('the ingress gateway Service, scaling and resources', () => {
    const { app, istio } = install({
      ingressGateway: {
        loadBalancerIp: '203.0.113.10', loadBalancerClass: 'example.com/octavia', loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
        externalTrafficPolicy: 'Local', serviceAnnotations: { 'loadbalancer.openstack.org/keep-floatingip': 'true' },
        autoscaleMin: 2, autoscaleMax: 6, cpuTargetUtilization: 60,
        resources: { cpu: { request: kplus.Cpu.millis(200) }, memory: { limit: Size.gibibytes(2) } },
        podDisruptionBudget: { minAvailable: 1 },
      },
    });
    expect(values(istio.ingressGateway)).toEqual({
      autoscaling: { minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 60 },
      resources: { requests: { cpu: '200m' }, limits: { memory: '2048Mi' } },
      podDisruptionBudget: { minAvailable: 1 },
      service: {
        loadBalancerIP: '203.0.113.10', loadBalancerClass: 'example.com/octavia', loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
        externalTrafficPolicy: 'Local', annotations: { 'loadbalancer.openstack.org/keep-floatingip': 'true' },
      },
    });
    expect(synthErrors(app)).toEqual([]);
    expect(warningsOf(istio)).toEqual([]);
  });

  test('a fixed gateway replica count turns its autoscaler off (the chart ignores replicaCount otherwise)', () => {
    const { istio } = install({ ingressGateway: { replicas: 2, serviceType: kplus.ServiceType.NODE_PORT } });
    expect(values(istio.ingressGateway)).toEqual({ replicaCount: 2, autoscaling: { enabled: false }, service: { type: 'NodePort' } });
  });

  test('valuesOverrides are deep-merged last: maps key by key, lists and scalars replaced, null kept for Helm', () => {
    const { app, istio } = install({
      ingressGateway: { loadBalancerIp: '203.0.113.10', loadBalancerSourceRanges: ['10.0.0.0/8'] },
      meshConfig: { accessLogFile: '/dev/stdout' },
      valuesOverrides: {
        gateway: { service: { loadBalancerSourceRanges: ['192.0.2.0/24'], ipFamilyPolicy: 'PreferDualStack' }, nodeSelector: { pool: 'edge' }, resources: { limits: null } },
        istiod: { meshConfig: { enableTracing: false }, global: { logAsJson: true } },
        base: { base: { excludedCRDs: ['wasmplugins.extensions.istio.io'] } },
      },
    });
    expect(values(istio.ingressGateway)).toEqual({
      service: { loadBalancerIP: '203.0.113.10', loadBalancerSourceRanges: ['192.0.2.0/24'], ipFamilyPolicy: 'PreferDualStack' },
      nodeSelector: { pool: 'edge' }, resources: { limits: null },
    });
    expect(values(istio.istiod)).toEqual({ meshConfig: { accessLogFile: '/dev/stdout', enableTracing: false }, global: { logAsJson: true } });
    expect(values(istio.base)).toEqual({ base: { excludedCRDs: ['wasmplugins.extensions.istio.io'] } });
    expect(istio.base.healthChecks).toHaveLength(4);
    expect(synthErrors(app)).toEqual([]);
  });

  test('the base release is not waited for by CRDs its overrides leave out', () => {
    const { istio } = install({ valuesOverrides: { base: { base: { excludedCRDs: ['gateways.networking.istio.io'] } } } });
    expect(istio.base.healthChecks.map((h) => h.name)).toEqual(['peerauthentications.security.istio.io', 'virtualservices.networking.istio.io', 'destinationrules.networking.istio.io']);
    expect(install({ valuesOverrides: { base: { global: { resourceScope: 'namespace' } } } }).istio.base.healthChecks).toEqual([]);
  });

  test('output is the same from one build to the next', () => {
    const props: IstioInstallProps = { revision: 'stable', strictMtls: true, ingressGateway: { loadBalancerIp: '203.0.113.10' } };
    const a = componentsInOrder(install(props).app).map((c) => JSON.stringify([c.componentName, c.helm, c.healthChecks]));
    const b = componentsInOrder(install(props).app).map((c) => JSON.stringify([c.componentName, c.helm, c.healthChecks]));
    expect(a).toEqual(b);
  });
});

describe('IstioInstall: every mistake is a synth error naming the field', () => {
  const ok = 'allowed:';
  test.each<[string, IstioInstallProps, string]>([
    ['version format', { version: '1.30' }, '[istio] version: must be an Istio release version (the charts are published under it) (value: "1.30"; allowed: MAJOR.MINOR.PATCH, optionally with a pre-release suffix (1.30.3, 1.31.0-rc.0))'],
    ['revision a DNS label', { revision: 'Canary' }, "[istio] revision: must be a DNS-1123 label of at most 46 characters (it names istiod-<revision> and its webhooks): a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?') (value: \"Canary\"; allowed: lowercase letters, digits and '-', e.g. '1-30-3' or 'canary')"],
    ['revision length', { revision: 'a'.repeat(47) }, `[istio] revision: must be a DNS-1123 label of at most 46 characters (it names istiod-<revision> and its webhooks) (value: "${'a'.repeat(47)}"; allowed: lowercase letters, digits and '-', e.g. '1-30-3' or 'canary')`],
    ['revision default', { revision: 'default' }, "[istio] revision: 'default' stands for the control plane without a revision (istio.io/rev=default selects it); leave revision unset for that (value: \"default\"; allowed: any other DNS-1123 label, or no revision)"],
    ['chart repository', { chartRepository: 'ftp://x' }, '[istio] chartRepository: must be a Helm repository URL (value: "ftp://x"; allowed: https://host/path or oci://registry/path)'],
    ['outbound policy', { meshConfig: { outboundTrafficPolicy: 'NONE' as never } }, '[istio] meshConfig.outboundTrafficPolicy: unknown mode (value: "NONE"; allowed: ALLOW_ANY, REGISTRY_ONLY)'],
    ['access log encoding', { meshConfig: { accessLogEncoding: 'XML' as never } }, '[istio] meshConfig.accessLogEncoding: unknown encoding (value: "XML"; allowed: TEXT, JSON)'],
    ['trust domain (Istio ValidateTrustDomain)', { meshConfig: { trustDomain: 'Example.org' } }, '[istio] meshConfig.trustDomain: trust domain name "Example.org" invalid (value: "Example.org"; allowed: dot-separated DNS-1123 labels, e.g. cluster.local or example.org)'],
    ['namespace label value', { namespaceLabels: { team: 'a b' } }, '[istio] namespaceLabels["team"]: invalid label value:'],
    ['namespace label key', { namespaceLabels: { 'bad key': 'x' } }, '[istio] namespaceLabels["bad key"]: invalid key:'],
    ['istiod replicas >= 1', { pilot: { replicas: 0 } }, '[istio] pilot.replicas: must be an integer from 1 (a running control plane and gateway need a pod) (value: 0; allowed: an integer 1..2147483647)'],
    ['istiod replicas integer', { pilot: { replicas: 1.5 } }, '[istio] pilot.replicas: must be an integer from 1 (a running control plane and gateway need a pod) (value: 1.5; allowed: an integer 1..2147483647)'],
    ['replicas with autoscaling on', { pilot: { replicas: 2, autoscaleEnabled: true } }, '[istio] pilot.replicas: a fixed replica count is ignored while autoscaling is on (value: 2; allowed: replicas with autoscaleEnabled unset or false, or autoscaleMin/autoscaleMax)'],
    ['autoscaler bounds with replicas', { pilot: { replicas: 2, autoscaleMin: 2 } }, '[istio] pilot.autoscaleMin: only applies with autoscaling, which a fixed `replicas` turns off (value: 2; allowed: either replicas or the autoscaler props)'],
    ['autoscaler bounds with autoscaling off', { pilot: { autoscaleEnabled: false, autoscaleMax: 3 } }, '[istio] pilot.autoscaleMax: only applies with autoscaling, which autoscaleEnabled: false turns off (value: 3; allowed: autoscaleEnabled unset or true)'],
    ['min <= max (chart default max)', { pilot: { autoscaleMin: 6 } }, '[istio] pilot.autoscaleMin: must be no greater than autoscaleMax (5, the chart default) (value: 6; allowed: 1..5)'],
    ['min <= max', { ingressGateway: { autoscaleMin: 3, autoscaleMax: 2 } }, '[istio] ingressGateway.autoscaleMin: must be no greater than autoscaleMax (2) (value: 3; allowed: 1..2)'],
    ['autoscaleMin >= 1', { pilot: { autoscaleMin: 0 } }, '[istio] pilot.autoscaleMin: must be an integer from 1 (a HorizontalPodAutoscaler keeps at least one pod) (value: 0; allowed: an integer 1..2147483647)'],
    ['autoscaleMax integer', { ingressGateway: { autoscaleMax: NaN } }, '[istio] ingressGateway.autoscaleMax: must be an integer from 1 (value: NaN; allowed: an integer 1..2147483647)'],
    ['cpu target', { pilot: { cpuTargetUtilization: 0 } }, '[istio] pilot.cpuTargetUtilization: must be an integer from 1 (value: 0; allowed: an integer 1..2147483647)'],
    ['istiod PDB 0 (ignored by the chart)', { pilot: { podDisruptionBudgetSpec: { minAvailable: 0 } } }, '[istio] pilot.podDisruptionBudgetSpec.minAvailable: must be an integer from 1 (the istiod chart ignores 0) (value: 0; allowed: an integer 1..2147483647)'],
    ['PDB both fields', { pilot: { replicas: 2, podDisruptionBudgetSpec: { minAvailable: 1, maxUnavailable: 1 } } }, '[istio] pilot.podDisruptionBudgetSpec: minAvailable and maxUnavailable cannot be both set (value: {"minAvailable":1,"maxUnavailable":1}; allowed: one of minAvailable, maxUnavailable)'],
    ['PDB no field', { ingressGateway: { replicas: 2, podDisruptionBudget: {} } }, '[istio] ingressGateway.podDisruptionBudget: needs minAvailable or maxUnavailable (value: {}; allowed: one of minAvailable, maxUnavailable)'],
    ['PDB spec with PDB off', { pilot: { replicas: 2, podDisruptionBudget: false, podDisruptionBudgetSpec: { minAvailable: 1 } } }, '[istio] pilot.podDisruptionBudgetSpec: has no effect with podDisruptionBudget: false (value: {"minAvailable":1}; allowed: podDisruptionBudget unset or true)'],
    ['gateway PDB negative', { ingressGateway: { replicas: 2, podDisruptionBudget: { maxUnavailable: -1 } } }, '[istio] ingressGateway.podDisruptionBudget.maxUnavailable: must be an integer from 0 (value: -1; allowed: an integer 0..2147483647)'],
    ['cpu quantity', { pilot: { resources: { cpu: { request: kplus.Cpu.millis(NaN) } } } }, '[istio] pilot.resources.cpu.request: must be a CPU quantity (value: "NaNm"; allowed: Cpu.units(n) or Cpu.millis(n) with a finite, non-negative n)'],
    ['memory in whole KiB', { ingressGateway: { resources: { memory: { limit: Size.kibibytes(0.5) } } } }, '[istio] ingressGateway.resources.memory.limit: must be a whole number of kibibytes (value: "0.5Ki"; allowed: a size that is a multiple of 1Ki)'],
    ['finite memory', { pilot: { proxyResources: { memory: { request: Size.mebibytes(Infinity) } } } }, '[istio] pilot.proxyResources.memory.request: must be a finite, non-negative size (value: Infinity; allowed: Size.mebibytes(n), Size.gibibytes(n)... with a finite n >= 0)'],
    ['service type', { ingressGateway: { serviceType: kplus.ServiceType.EXTERNAL_NAME } }, '[istio] ingressGateway.serviceType: the ingress gateway needs a Service that routes to its pods (value: "ExternalName"; allowed: LoadBalancer, NodePort, ClusterIP)'],
    ['loadBalancerIp only with LoadBalancer', { ingressGateway: { serviceType: kplus.ServiceType.NODE_PORT, loadBalancerIp: '203.0.113.1' } }, "[istio] ingressGateway.loadBalancerIp: may only be used when `type` is 'LoadBalancer' (value: \"NodePort\"; allowed: serviceType LOAD_BALANCER)"],
    ['loadBalancerClass only with LoadBalancer', { ingressGateway: { serviceType: kplus.ServiceType.CLUSTER_IP, loadBalancerClass: 'example.com/x' } }, "[istio] ingressGateway.loadBalancerClass: may only be used when `type` is 'LoadBalancer' (value: \"ClusterIP\"; allowed: serviceType LOAD_BALANCER)"],
    ['source ranges only with LoadBalancer', { ingressGateway: { serviceType: kplus.ServiceType.NODE_PORT, loadBalancerSourceRanges: ['10.0.0.0/8'] } }, "[istio] ingressGateway.loadBalancerSourceRanges: may only be used when `type` is 'LoadBalancer' (value: \"NodePort\"; allowed: serviceType LOAD_BALANCER)"],
    ['loadBalancerIp an IP', { ingressGateway: { loadBalancerIp: '203.0.113.300' } }, '[istio] ingressGateway.loadBalancerIp: must be a valid IP address (value: "203.0.113.300"; allowed: an IPv4 address (203.0.113.10) or an IPv6 address (2001:db8::10))'],
    ['loadBalancerClass a qualified name', { ingressGateway: { loadBalancerClass: 'a/b/c' } }, '[istio] ingressGateway.loadBalancerClass: a qualified name must consist of'],
    ['source range prefix', { ingressGateway: { loadBalancerSourceRanges: ['10.0.0.0/33'] } }, '[istio] ingressGateway.loadBalancerSourceRanges[0]: must be a list of IP ranges (value: "10.0.0.0/33"; allowed: CIDRs such as 203.0.113.0/24 or 2001:db8::/32)'],
    ['source range without prefix', { ingressGateway: { loadBalancerSourceRanges: ['2001:db8::/32', '10.0.0.1'] } }, '[istio] ingressGateway.loadBalancerSourceRanges[1]: must be a list of IP ranges (value: "10.0.0.1"; allowed: CIDRs such as 203.0.113.0/24 or 2001:db8::/32)'],
    ['external traffic policy value', { ingressGateway: { externalTrafficPolicy: 'Nope' as never } }, '[istio] ingressGateway.externalTrafficPolicy: unsupported value (value: "Nope"; allowed: Cluster, Local)'],
    ['external traffic policy on ClusterIP', { ingressGateway: { serviceType: kplus.ServiceType.CLUSTER_IP, externalTrafficPolicy: 'Local' } }, '[istio] ingressGateway.externalTrafficPolicy: may only be set for externally-accessible services (value: "Local"; allowed: serviceType LOAD_BALANCER or NODE_PORT)'],
    ['annotation key', { ingressGateway: { serviceAnnotations: { 'a/b/c': 'x' } } }, '[istio] ingressGateway.serviceAnnotations["a/b/c"]: invalid key:'],
    ['gateway replicas', { ingressGateway: { replicas: -1 } }, '[istio] ingressGateway.replicas: must be an integer from 1 (a running control plane and gateway need a pod) (value: -1; allowed: an integer 1..2147483647)'],
    ['managed override', { valuesOverrides: { gateway: { name: 'x' } } }, '[istio] valuesOverrides.gateway.name: is set by IstioInstall (from revision and the release name, so that the names and labels it reports hold); use the typed prop (value: "x"; allowed: no override of this key)'],
    ['managed override (istiod revision)', { valuesOverrides: { istiod: { revision: 'x' } } }, '[istio] valuesOverrides.istiod.revision: is set by IstioInstall'],
    ['managed override (base defaultRevision)', { valuesOverrides: { base: { defaultRevision: 'x' } } }, '[istio] valuesOverrides.base.defaultRevision: is set by IstioInstall'],
    ['gateway override key the schema refuses', { valuesOverrides: { gateway: { replicas: 3 } } }, '[istio] valuesOverrides.gateway.replicas: is not a value of the gateway chart (its values.schema.json allows no other top-level key, so Helm would refuse the release) (value: "replicas"; allowed: additionalContainers, affinity,'],
    ['gateway selector labels', { valuesOverrides: { gateway: { labels: { istio: 'edge' } } } }, "[istio] valuesOverrides.gateway.labels: must not set 'istio' or 'app': they are the ingress gateway's selector, which Knative net-istio's Gateways select (istio: ingressgateway) (value: {\"istio\":\"edge\"}; allowed: other labels)"],
    ['override not finite', { valuesOverrides: { istiod: { traceSampling: NaN } } }, '[istio] valuesOverrides.istiod.traceSampling: must be a finite number (value: NaN; allowed: a finite number)'],
    ['override not JSON', { valuesOverrides: { istiod: { when: new Date(0), list: [undefined] } } }, '[istio] valuesOverrides.istiod.when: must be plain JSON (a string, finite number, boolean, null, array or plain object), not a Date (allowed: plain JSON values)'],
    ['override not a map', { valuesOverrides: { gateway: ['x'] as never } }, '[istio] valuesOverrides.gateway: must be a map of chart values (value: ["x"]; allowed: a plain object)'],
  ])('%s', (_name, props, expected) => {
    const errs = errorsOf(props);
    const line = errs.find((l) => l.startsWith(expected));
    expect({ errs, found: line !== undefined }).toEqual({ errs, found: true });
    for (const l of errs) expect(l).toMatch(/^\[istio[^\]]*\] \S.*?: \S/);
    expect(line).toContain(ok);
  });

  test('all mistakes are reported together, and nothing is written', () => {
    const outdir = require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'istio-'));
    const app = new App({ outdir });
    new IstioInstall(app, 'istio', { version: 'x', pilot: { replicas: 0 }, ingressGateway: { loadBalancerIp: 'nope' } });
    expect(synthErrors(app)).toHaveLength(3);
    expect(() => app.synth()).toThrow(/version: .*\n.*pilot.replicas: .*\n.*loadBalancerIp: /s);
    expect(require('fs').readdirSync(outdir)).toEqual([]);
  });

  test('one IstioInstall per app', () => {
    const { app } = install();
    new IstioInstall(app, 'second', { revision: 'canary' });
    expect(synthErrors(app)).toEqual([
      '[second] id: an app installs Istio once: istio already does, and the components of both (istio-namespace, istio-base, istio-ingressgateway) would be delivered under the same names (value: "second"; allowed: one IstioInstall per app)',
    ]);
  });

  test('an invalid revision keeps the component name valid (one error, on revision)', () => {
    expect(errorsOf({ revision: 'Canary' })).toHaveLength(1);
  });

  test('warnings: a version the validator does not target; a PDB the chart will not create', () => {
    const { app, istio } = install({ version: '1.29.2', ingressGateway: { podDisruptionBudget: { minAvailable: 1 } } });
    expect(synthErrors(app)).toEqual([]);
    expect(warningsOf(istio).map((w) => `${w.prop}: ${w.message}`)).toEqual([
      'version: the validator checks Istio 1.30 APIs; objects for Istio 1.29 may be judged against the wrong schema',
      'ingressGateway.podDisruptionBudget: the chart creates the PodDisruptionBudget only while more than one replica runs (replicas or autoscaleMin > 1); none is created',
    ]);
    expect(warningsOf(install({ pilot: { autoscaleMin: 2, podDisruptionBudgetSpec: { minAvailable: 1 } } }).istio)).toEqual([]);
    expect(warningsOf(install({ ingressGateway: { replicas: 2, podDisruptionBudget: { minAvailable: 2 } } }).istio).map((w) => `${w.prop}: ${w.message}`)).toEqual([
      'ingressGateway.podDisruptionBudget: allows no eviction while 2 pods run, so node drains block until someone deletes a pod by hand',
    ]);
    expect(warningsOf(install({ ingressGateway: { autoscaleMin: 3, podDisruptionBudget: { maxUnavailable: 0 } } }).istio)).toHaveLength(1);
  });

  test('a JavaScript caller passing a non-object gets a TypeError', () => {
    expect(() => new IstioInstall(Testing.app(), 'istio', 'x' as never)).toThrow(TypeError);
  });

  test('valid IPv6 load balancer address and trust domain with a trailing dot', () => {
    expect(errorsOf({ ingressGateway: { loadBalancerIp: '2001:db8::10' }, meshConfig: { trustDomain: 'example.org.' } })).toEqual([]);
  });
});

test('the example: components, releases and values (snapshot, a complement to the assertions above)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildApp } = require('../../../examples/platform-istio') as { buildApp(outdir: string): App };
  const app = buildApp(require('os').tmpdir());
  expect(synthErrors(app)).toEqual([]);
  expect(componentsInOrder(app).map((c) => ({ name: c.componentName, phase: c.phase, dependsOn: c.dependsOn.map((d) => d.componentName), helm: c.helm, healthChecks: c.healthChecks }))).toMatchSnapshot();
});

test("the README's Istio snippet builds an install without errors", () => {
  const readme = require('fs').readFileSync(require('path').join(__dirname, '..', '..', '..', 'README.md'), 'utf8') as string;
  const section = readme.slice(readme.indexOf('### Installing the platform: Istio'));
  const snippet = /```ts\n([\s\S]*?)```/.exec(section)![1];
  const ts = require('typescript') as typeof import('typescript');
  const js = ts.transpileModule(`${snippet}\nreturn istio;`, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const app = Testing.app();
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const istio = new Function('app', 'IstioInstall', js)(app, IstioInstall) as IstioInstall;
  expect(synthErrors(app)).toEqual([]);
  expect(istio.strictMtls).toBe(true);
  expect(values(istio.ingressGateway)).toMatchObject({ service: { loadBalancerIP: '203.0.113.10' } });
});
