/**
 * User mistakes in the OpenStack layer are synth errors with the construct path, the prop, the
 * bad value and what is allowed; all of them at once, across stacks, and nothing is written.
 */
import { App, Duration } from 'cdk8s';
import { Phase, PlatformComponent, componentsInOrder } from '../../lib/platform/model';
import { TerraformStack } from 'cdktf';
import {
  Cluster, ClusterNetwork, ClusterTemplate, ClusterTemplateProps, FleetStack, IngressEndpoint, Keypair, MagnumClusterStack, MagnumDriverKind, NodeGroup,
  OpenStackProvider, OpenStackResource, PlatformInstall, PlatformStack, S3Backend, SecurityGroup, LabelsMode, HeatLabels,
} from '../../lib/openstack';
import { checkBehaviour } from '../../lib/openstack/terraform';
import { WarningPolicy } from '../../lib/core/report';
import { filesBelow, openStackSynthErrors, tmpApp } from './helpers';

const BACKEND = { bucket: 'tfstate', endpoint: 'https://object.example.org' };
const TEMPLATE: ClusterTemplateProps = { name: 'k8s', driver: MagnumDriverKind.CAPI_HELM, image: 'img', externalNetwork: 'public', flavor: 'm1', masterFlavor: 'm2' };

function errorsOf(build: (s: TerraformStack) => void): string[] {
  const { app } = tmpApp();
  const s = new TerraformStack(app, 's');
  new S3Backend(s, BACKEND);
  new OpenStackProvider(s, 'openstack');
  build(s);
  return openStackSynthErrors(app);
}

describe('ClusterTemplate', () => {
  test('labels are typed per driver and their values checked', () => {
    const errors = errorsOf((s) => new ClusterTemplate(s, 't', {
      ...TEMPLATE,
      labels: { minNodeCount: 5, maxNodeCount: 2, bootVolumeSize: 0, csiCinderReclaimPolicy: 'Keep' as never, fixedSubnetCidr: '10.0.0.1/24', octaviaProvider: 'amphora;rm', apiMasterLbAllowedCidrs: [], kubeTag: 'v1.30.0' } as never,
      untypedLabels: { kube_dashboard_enabled: 'false', 'bad key!': 'x' },
    }));
    expect(errors).toEqual([
      '[s/t] labels.bootVolumeSize: must be an integer (value: 0; allowed: an integer from 1 to 2147483647)',
      '[s/t] labels.csiCinderReclaimPolicy: not a value csi_cinder_reclaim_policy accepts (value: "Keep"; allowed: "Retain", "Delete")',
      '[s/t] labels.fixedSubnetCidr: must be an IPv4 CIDR with the host bits zero (value: "10.0.0.1/24"; allowed: e.g. 10.0.0.0/24)',
      '[s/t] labels.octaviaProvider: magnum-capi-helm silently drops every character outside [A-Za-z0-9. _/-] from label values, so this value would not be the one it uses (value: "amphora;rm"; allowed: letters, digits, space, . _ / -)',
      '[s/t] labels.apiMasterLbAllowedCidrs: must be a non-empty list of CIDRs (leave it unset to allow all) (value: [])',
      '[s/t] labels.kubeTag: the magnum-capi-helm driver does not read this label (it is a Heat driver label) (value: "v1.30.0"; allowed: the labels of the magnum-capi-helm driver, or untypedLabels for labels this library does not know)',
      '[s/t] labels.minNodeCount: the autoscaler\'s minimum is above its maximum (value: {"minNodeCount":5,"maxNodeCount":2}; allowed: minNodeCount <= maxNodeCount)',
      '[s/t] untypedLabels.kube_dashboard_enabled: kube_dashboard_enabled has a typed prop; set labels.kubeDashboardEnabled instead (value: "false")',
      '[s/t] untypedLabels.bad key!: not a valid label key (value: "bad key!"; allowed: letters, digits, _ . - / (at most 255 characters))',
    ]);
  });

  test('network driver, COE, volume driver, DNS servers, required image and pool, the provider\'s apiserver_port range', () => {
    const errors = errorsOf((s) => new ClusterTemplate(s, 't', {
      ...TEMPLATE, driver: MagnumDriverKind.HEAT, networkDriver: 'cilium', coe: 'swarm' as never, volumeDriver: 'rexray' as never, dnsNameservers: ['dns.example.org'],
      image: '', externalNetwork: ' ', apiserverPort: 443, dockerVolumeSize: 0,
    }));
    expect(errors).toEqual([
      '[s/t] image: the node image is required and cannot be empty (value: "")',
      '[s/t] externalNetwork: the external network (floating IP pool) is required and cannot be empty (value: " ")',
      '[s/t] coe: Magnum supports only the kubernetes COE (value: "swarm"; allowed: "kubernetes")',
      '[s/t] networkDriver: the heat driver does not support this network driver (value: "cilium"; allowed: flannel, calico)',
      '[s/t] volumeDriver: Magnum supports only the cinder volume driver for Kubernetes (value: "rexray"; allowed: "cinder")',
      '[s/t] dockerVolumeSize: must be an integer in range (value: 0; allowed: an integer of at least 1)',
      '[s/t] dnsNameservers[0]: not an IPv4 address (value: "dns.example.org")',
      '[s/t] apiserverPort: the OpenStack provider rejects this value of apiserver_port (openstack_containerinfra_clustertemplate_v1) (value: 443; allowed: an integer from 1024 to 65535)',
    ]);
  });

  test('a Heat label value is checked too, and a template-only label on a cluster is an error', () => {
    const errors = errorsOf((s) => {
      const t = new ClusterTemplate(s, 't', { ...TEMPLATE, driver: MagnumDriverKind.HEAT, labels: { flannelBackend: 'wireguard' } as unknown as HeatLabels });
      new Cluster(new ClusterTemplate(s, 'c2', TEMPLATE), 'c', { name: 'c', template: t });
      const capi = new ClusterTemplate(s, 'capi', TEMPLATE);
      new Cluster(s, 'cc', { name: 'cc', template: capi, labels: { capiHelmChartVersion: '0.16.0' } });
    });
    expect(errors).toEqual([
      '[s/t] labels.flannelBackend: not a value flannel_backend accepts (value: "wireguard"; allowed: "udp", "vxlan", "host-gw")',
      '[s/cc] labels.capiHelmChartVersion: capi_helm_chart_version is read from the cluster template only; a cluster label is ignored (value: "0.16.0"; allowed: set it on the ClusterTemplate)',
    ]);
  });

  test('a wrong driver is a programming error (TypeError)', () => {
    expect(() => errorsOf((s) => new ClusterTemplate(s, 't', { ...TEMPLATE, driver: 'k8s_fedora' as never }))).toThrow(/driver must be a MagnumDriverKind/);
  });
});

describe('Cluster and NodeGroup: Magnum\'s limits', () => {
  test('odd master counts, the load balancer for several masters, names, counts, flavors present, timeouts', () => {
    const errors = errorsOf((s) => {
      const t = new ClusterTemplate(s, 't', { ...TEMPLATE, flavor: undefined, masterFlavor: undefined, masterLbEnabled: false });
      new Cluster(s, 'c', { name: '1lab', template: t, masterCount: 2, nodeCount: -1, dockerVolumeSize: 2.5, timeouts: { create: Duration.seconds(30), update: Duration.millis(1500) } });
    });
    // (masterLbEnabled false on a magnum-capi-helm template is a warning, not an error.)
    expect(errors).toEqual([
      '[s/c] name: Magnum rejects this cluster name (value: "1lab"; allowed: a letter, then letters, digits, _ . - (at most 242 characters))',
      '[s/c] masterCount: master nodegroup size of 2 is invalid, size cannot be an even number (Magnum) (value: 2; allowed: 1, 3, 5, ...)',
      '[s/c] masterCount: more than one master needs the API load balancer (masterLbEnabled) (value: 2; allowed: masterCount 1, or masterLbEnabled true)',
      '[s/c] nodeCount: must be an integer in range (value: -1; allowed: an integer of at least 0)',
      '[s/c] dockerVolumeSize: must be an integer in range (value: 2.5; allowed: an integer of at least 1)',
      '[s/c] flavor: no worker flavor: neither the cluster nor its template sets one (allowed: a flavor name on the Cluster or the ClusterTemplate)',
      '[s/c] masterFlavor: no master flavor: neither the cluster nor its template sets one (allowed: a flavor name on the Cluster or the ClusterTemplate)',
      expect.stringMatching(/^\[s\/c\] timeouts\.create: a Magnum operation takes minutes; a timeout under one minute always fails/),
      expect.stringMatching(/^\[s\/c\] timeouts\.update: /),
    ]);
  });

  test('node groups: the provider\'s node_count >= 0, the autoscaler range, the reserved control-plane role', () => {
    const errors = errorsOf((s) => {
      const c = new Cluster(s, 'c', { name: 'lab', template: new ClusterTemplate(s, 't', TEMPLATE) });
      new NodeGroup(s, 'a', { cluster: c, name: 'a', nodeCount: -2 });
      new NodeGroup(s, 'b', { cluster: c, name: 'b', nodeCount: 5, minNodeCount: 1, maxNodeCount: 3, role: 'master', labelsMode: LabelsMode.MERGE });
    });
    expect(errors).toEqual([
      '[s/a] nodeCount: the OpenStack provider rejects this value of node_count (openstack_containerinfra_nodegroup_v1) (value: -2; allowed: an integer of at least 0)',
      '[s/b] role: Magnum allows only one control-plane node group; its role is reserved (value: "master"; allowed: any other role (worker, ingress, gpu, ...))',
      '[s/b] nodeCount: the node count is outside the autoscaler\'s range (value: {"nodeCount":5,"minNodeCount":1,"maxNodeCount":3}; allowed: minNodeCount <= nodeCount <= maxNodeCount)',
    ]);
  });
});

describe('network, keypair, security groups, ingress path', () => {
  test('CIDRs, names, ports, keys', () => {
    const errors = errorsOf((s) => {
      new ClusterNetwork(s, 'n', { create: { name: 'lab', cidr: '10.0.0.0/30', externalNetworkId: 'x', dnsNameservers: ['8.8.8.888'] } });
      new ClusterNetwork(s, 'both', { create: { name: 'a', cidr: '10.0.0.0/24', externalNetworkId: 'x' }, existing: { networkName: 'a', subnetName: 'b' } });
      new Keypair(s, 'k', { name: 'ops', publicKey: '-----BEGIN RSA PRIVATE KEY-----' });
      new SecurityGroup(s, 'g', { name: 'g', ingress: [{ protocol: 'tcp', portMin: 70000 }, { protocol: 'icmp', portMin: 1 }, { protocol: 'udp', portMin: 10, portMax: 5, remoteIpPrefix: '10.0.0.1/8' }] });
    });
    expect(errors).toEqual([
      '[s/n] create.cidr: the subnet is too small for a cluster (Neutron needs addresses for the gateway, DHCP and the load balancers) (value: "10.0.0.0/30"; allowed: a /29 or larger)',
      '[s/n] create.dnsNameservers[0]: not an IPv4 address (value: "8.8.8.888")',
      '[s/both] create: give exactly one of create and existing (value: {"create":true,"existing":true})',
      '[s/k] publicKey: not an OpenSSH public key (value: "-----BEGIN RSA PRIVATE K…"; allowed: a line of ~/.ssh/id_ed25519.pub (ssh-ed25519 AAAA… comment))',
      '[s/g] ingress[0].portMax: the OpenStack provider rejects this value of port_range_max (openstack_networking_secgroup_rule_v2) (value: 70000; allowed: an integer from 0 to 65535)',
      '[s/g] ingress[0].portMin: the OpenStack provider rejects this value of port_range_min (openstack_networking_secgroup_rule_v2) (value: 70000; allowed: an integer from 0 to 65535)',
      '[s/g] ingress[1].portMin: ICMP rules have no ports (value: {"portMin":1})',
      '[s/g] ingress[2].portMin: the range is empty (value: {"portMin":10,"portMax":5})',
      '[s/g] ingress[2].remoteIpPrefix: must be an IPv4 CIDR with the host bits zero (value: "10.0.0.1/8")',
    ]);
  });

  test('the ingress path: a pool is required, the address is IPv4, the domain valid and inside the zone, the zone fully qualified', () => {
    const errors = errorsOf((s) => {
      new IngressEndpoint(s, 'a', { pool: '', address: '203.0.113.300', domain: 'Functions_.example.org' });
      new IngressEndpoint(s, 'b', { pool: 'public', domain: 'functions.example.org', zone: { zoneName: 'example.net.' } });
      new IngressEndpoint(s, 'c', { pool: 'public', domain: 'functions.example.org', zone: { zoneName: 'example.org' }, ttl: 0 });
    });
    expect(errors).toEqual([
      '[s/a] pool: the floating IP pool (external network name) is required and cannot be empty (value: "")',
      '[s/a] address: not an IPv4 address (value: "203.0.113.300"; allowed: a free address of the pool\'s subnet, e.g. 203.0.113.10)',
      '[s/a] domain: not a valid DNS name (value: "Functions_.example.org"; allowed: lowercase RFC 1123 labels of at most 63 characters separated by dots, at most 253 characters)',
      '[s/b] domain: the domain is not inside the zone, so its record cannot go there (value: {"domain":"functions.example.org","zone":"example.net."}; allowed: a domain ending in .example.net)',
      '[s/c] ttl: must be an integer in range (value: 0; allowed: an integer from 1 to 2147483647)',
      '[s/c] zone.zoneName: Designate zone and record names are fully qualified: they end with a dot (value: "example.org"; allowed: example.org.)',
    ]);
  });

  test('the behaviour table: ConflictsWith and RequiredWith of the provider', () => {
    const errors = errorsOf((s) => {
      const r = new OpenStackResource(s, 'subnet', 'openstack_networking_subnet_v2', () => ({}));
      checkBehaviour(r, 'openstack_networking_subnet_v2', { network_id: 'n', cidr: '10.0.0.0/24', prefix_length: 24, gateway_ip: '10.0.0.1', no_gateway: true, ip_version: 5 }, (a) => a);
      checkBehaviour(r, 'openstack_networking_router_v2', { enable_snat: true }, (a) => a);
    });
    expect(errors).toEqual([
      '[s/subnet] cidr: cidr conflicts with prefix_length on openstack_networking_subnet_v2; set one of them (value: {"cidr":"10.0.0.0/24","prefix_length":24})',
      '[s/subnet] gateway_ip: gateway_ip conflicts with no_gateway on openstack_networking_subnet_v2; set one of them (value: {"gateway_ip":"10.0.0.1","no_gateway":true})',
      '[s/subnet] ip_version: the OpenStack provider rejects this value of ip_version (openstack_networking_subnet_v2) (value: 5; allowed: one of 4, 6)',
      '[s/subnet] enable_snat: enable_snat needs external_network_id on openstack_networking_router_v2 (value: true; allowed: set external_network_id too, or leave enable_snat unset)',
    ]);
  });
});

describe('stacks and the app', () => {
  test('the backend: a bucket, an http(s) endpoint without credentials', () => {
    const { app } = tmpApp();
    const s = new TerraformStack(app, 's');
    new S3Backend(s, { bucket: '', endpoint: 'https://AKIA:secret@object.example.org' });
    new OpenStackProvider(s, 'openstack');
    expect(openStackSynthErrors(app)).toEqual([
      '[s/backend] backend.bucket: the state bucket is required and cannot be empty (value: "")',
      '[s/backend] backend.endpoint: credentials do not belong in the endpoint URL: they would be written to cdk.tf.json (value: "https://***@object.example.org"; allowed: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment, or a shared credentials file)',
    ]);
  });

  test('a failing app reports the errors of every stack at once and writes no file', () => {
    const { app, outdir } = tmpApp();
    const cluster = new MagnumClusterStack(app, 'lab', {
      backend: BACKEND, template: TEMPLATE, cluster: { name: 'lab', masterCount: 4 },
      ingress: { domain: 'functions.example.org', address: 'ten' },
    });
    new PlatformStack(app, 'platform', { backend: BACKEND, cluster, install: PlatformInstall.argoCd({ repository: { url: 'https://user:token@git.example.org/p.git', revision: '', path: '../up' } }) });
    new FleetStack(app, 'fleet', { backend: BACKEND, control: cluster, members: [], repository: { url: 'https://git.example.org/f.git', revision: 'main' }, fleetName: 'Fleet' });
    expect(openStackSynthErrors(app)).toEqual([
      '[lab/cluster] masterCount: master nodegroup size of 4 is invalid, size cannot be an even number (Magnum) (value: 4; allowed: 1, 3, 5, ...)',
      '[lab/ingress] address: not an IPv4 address (value: "ten"; allowed: a free address of the pool\'s subnet, e.g. 203.0.113.10)',
      '[platform] install.repository.url: credentials do not belong in the URL: they would be written to cdk.tf.json and the state (value: "https://***@git.example.org/p.git"; allowed: a repository Secret created out of band)',
      '[platform] install.repository.revision: give the branch, tag or commit (value: "")',
      '[platform] install.repository.path: must be a relative folder of the repository (value: "../up")',
      '[fleet] fleetName: must be a DNS-1123 label (it is a label value and names the ApplicationSet) (value: "Fleet")',
      '[fleet] members: a fleet needs at least one member cluster',
    ]);
    expect(filesBelow(outdir)).toEqual([]);
  });

  test('a direct install needs components', () => {
    const { app } = tmpApp();
    const cluster = new MagnumClusterStack(app, 'lab', { backend: BACKEND, template: TEMPLATE, cluster: { name: 'lab' }, ingress: { domain: 'f.example.org' } });
    new PlatformStack(app, 'platform', { backend: BACKEND, cluster, install: PlatformInstall.direct({ components: [], releaseNamespace: 'Release', timeoutSeconds: 0 }) });
    expect(openStackSynthErrors(app)).toEqual([
      '[platform] install.components: no platform components to install (allowed: componentsInOrder(platformApp))',
      '[platform] install.releaseNamespace: not a valid namespace name (value: "Release"; allowed: a DNS-1123 label)',
      '[platform] install.timeoutSeconds: must be a positive integer (value: 0)',
    ]);
  });
});

describe('warnings', () => {
  test('are printed once with the path, and fail the synth under WarningPolicy failOnWarnings', () => {
    const build = () => {
      const { app } = tmpApp();
      const s = new TerraformStack(app, 's');
      new S3Backend(s, BACKEND);
      new OpenStackProvider(s, 'openstack');
      new Cluster(s, 'c', { name: 'lab', nodeCount: 0, template: new ClusterTemplate(s, 't', TEMPLATE) });
      return app;
    };
    const app = build();
    expect(app.warnings()).toEqual(['[s/c] nodeCount: no worker nodes: the platform\'s pods schedule nowhere until a node group or the autoscaler adds nodes']);
    const strict = build();
    WarningPolicy.apply(strict, { failOnWarnings: true });
    expect(openStackSynthErrors(strict)).toEqual(['[s/c] warning: nodeCount: no worker nodes: the platform\'s pods schedule nowhere until a node group or the autoscaler adds nodes']);
  });
});

describe('the ingress address and the platform', () => {
  const unfixed = { backend: BACKEND, template: TEMPLATE, cluster: { name: 'lab' }, ingress: { domain: 'functions.example.org' } };

  test('a platform holding the unfixed address (a Terraform reference) is an error of the direct install', () => {
    const { app } = tmpApp();
    const cluster = new MagnumClusterStack(app, 'lab', unfixed);
    const k8s = new App();
    new PlatformComponent(k8s, 'gateway', { phase: Phase.CONTROLLERS, helm: { chart: { repository: 'https://istio-release.storage.googleapis.com/charts', chart: 'gateway', version: '1.30.3' }, releaseName: 'istio-ingressgateway', namespace: 'istio-system', values: { service: { loadBalancerIP: cluster.ingress.address } } } });
    new PlatformStack(app, 'platform', { backend: BACKEND, cluster, install: PlatformInstall.direct({ components: componentsInOrder(k8s) }) });
    expect(openStackSynthErrors(app)).toEqual([
      '[platform] install.components.gateway: the component holds a Terraform reference (an ingress address that is not fixed?); the platform\'s manifests and Helm values must be literal (allowed: fix the address with ingress.address on the cluster stack, so that cluster.ingress.address is a literal)',
    ]);
  });

  test('a GitOps bootstrap of a cluster whose address is not fixed is warned about', () => {
    const { app } = tmpApp();
    const cluster = new MagnumClusterStack(app, 'lab', unfixed);
    new PlatformStack(app, 'gitops', { backend: BACKEND, cluster, install: PlatformInstall.argoCd({ repository: { url: 'https://git.example.org/p.git', revision: 'main', path: 'dist' } }) });
    expect(app.warnings()).toEqual([expect.stringMatching(/^\[gitops\] cluster\.ingress\.address: the ingress address is chosen by Neutron at apply time/)]);
  });
});
