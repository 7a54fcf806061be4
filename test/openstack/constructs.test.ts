/**
 * The synthesized Terraform JSON of each OpenStack construct and stack: resources, attributes and
 * the references between stacks.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Duration } from 'cdk8s';
import { TerraformStack } from 'cdktf';
import {
  ClusterNetwork, ClusterTemplate, Cluster, FleetStack, IngressEndpoint, Keypair, LabelsMode, MagnumClusterStack, MagnumClusterStackProps,
  MagnumDriverKind, OpenStackProvider, PlatformInstall, PlatformStack, S3Backend, SecurityGroup, s3BackendConfig, fluxSyncValues,
} from '../../lib/openstack';
import { Phase, PlatformComponent, componentsInOrder } from '../../lib/platform/model';
import { filesBelow, only, synthStacks, tmpApp } from './helpers';

const BACKEND = { bucket: 'tfstate', endpoint: 'https://object.example.org' };
const TEMPLATE = { name: 'k8s', driver: MagnumDriverKind.CAPI_HELM, image: 'ubuntu-kube-v1.33', externalNetwork: 'public', flavor: 'm1.large', masterFlavor: 'm1.medium' };

/** A reference to an element of the stack, whatever the hash of its logical id. */
function ref(type: string, idPrefix: string, attr?: string): unknown {
  const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return expect.stringMatching(new RegExp(`^\\$\\{${esc(type)}\\.${esc(idPrefix)}_[0-9A-F]{8}${attr ? `\\.${esc(attr)}` : ''}\\}$`));
}

function stackWith(build: (s: TerraformStack) => void): any {
  const { app, outdir } = tmpApp();
  const s = new TerraformStack(app, 's');
  new S3Backend(s, BACKEND);
  new OpenStackProvider(s, 'openstack', { cloud: 'lab' });
  build(s);
  return synthStacks(app, outdir).s;
}

function clusterStackProps(over: Partial<MagnumClusterStackProps> = {}): MagnumClusterStackProps {
  return {
    backend: BACKEND, provider: { cloud: 'lab' }, template: TEMPLATE, cluster: { name: 'lab', masterCount: 3, nodeCount: 2 },
    ingress: { address: '203.0.113.10', domain: 'functions.example.org', zone: { zoneName: 'example.org.' } }, ...over,
  };
}

describe('ClusterTemplate', () => {
  test('renders the template with looked-up image, flavors and external network, typed labels as strings', () => {
    const json = stackWith((s) => new ClusterTemplate(s, 't', {
      ...TEMPLATE, networkDriver: 'cilium', dnsNameservers: ['192.0.2.53', '192.0.2.54'], dockerVolumeSize: 50, apiserverPort: 6443,
      labels: { autoScalingEnabled: true, minNodeCount: 1, maxNodeCount: 5, apiMasterLbAllowedCidrs: ['198.51.100.0/24', '203.0.113.0/24'], extraNetworkNames: ['storage', 'mgmt'], capiHelmChartVersion: '0.16.0' },
      untypedLabels: { 'site-specific': 'x' },
    }));
    const t = only(json, 'resource', 'openstack_containerinfra_clustertemplate_v1');
    expect(t).toEqual({
      name: 'k8s', coe: 'kubernetes',
      image: ref('data.openstack_images_image_v2', 't_Image', 'id'),
      flavor: ref('data.openstack_compute_flavor_v2', 't_Flavor', 'id'),
      master_flavor: ref('data.openstack_compute_flavor_v2', 't_MasterFlavor', 'id'),
      external_network_id: ref('data.openstack_networking_network_v2', 't_ExternalNetwork', 'id'),
      network_driver: 'cilium', docker_volume_size: 50, floating_ip_enabled: false, master_lb_enabled: true,
      dns_nameserver: '192.0.2.53,192.0.2.54', apiserver_port: 6443,
      labels: {
        api_master_lb_allowed_cidrs: '198.51.100.0/24,203.0.113.0/24', auto_scaling_enabled: 'true', capi_helm_chart_version: '0.16.0',
        extra_network_names: 'storage mgmt', max_node_count: '5', min_node_count: '1', 'site-specific': 'x',
      },
    });
    expect(only(json, 'data', 'openstack_images_image_v2')).toEqual({ name: 'ubuntu-kube-v1.33', most_recent: true });
    expect(only(json, 'data', 'openstack_networking_network_v2')).toEqual({ name: 'public', external: true });
  });

  test('the Heat driver has its own labels', () => {
    const json = stackWith((s) => new ClusterTemplate(s, 't', { ...TEMPLATE, driver: MagnumDriverKind.HEAT, networkDriver: 'flannel', labels: { kubeTag: 'v1.27.8', flannelBackend: 'host-gw', cgroupDriver: 'systemd', ingressController: '' } }));
    expect(only(json, 'resource', 'openstack_containerinfra_clustertemplate_v1').labels).toEqual({ cgroup_driver: 'systemd', flannel_backend: 'host-gw', ingress_controller: '', kube_tag: 'v1.27.8' });
  });
});

describe('Cluster and NodeGroup', () => {
  test('renders counts, keypair, network, merged labels and timeouts; node groups reference the cluster', () => {
    const json = stackWith((s) => {
      const t = new ClusterTemplate(s, 't', TEMPLATE);
      const c = new Cluster(s, 'c', {
        name: 'lab', template: t, masterCount: 3, nodeCount: 4, keypair: 'ops', labels: { monitoringEnabled: true },
        network: { networkId: 'net-1', subnetId: 'sub-1' }, timeouts: { create: Duration.minutes(90), delete: Duration.seconds(1800) },
      });
      c.addNodeGroup('gpu', { name: 'gpu', flavor: 'g1', nodeCount: 1, minNodeCount: 0, maxNodeCount: 3, role: 'gpu', labels: { bootVolumeSize: 100 }, labelsMode: LabelsMode.REPLACE });
    });
    expect(only(json, 'resource', 'openstack_containerinfra_cluster_v1')).toEqual({
      name: 'lab', cluster_template_id: ref('openstack_containerinfra_clustertemplate_v1', 't', 'id'), master_count: 3, node_count: 4, keypair: 'ops',
      fixed_network: 'net-1', fixed_subnet: 'sub-1', labels: { monitoring_enabled: 'true' }, merge_labels: true, timeouts: { create: '90m', delete: '30m' },
    });
    const ng = only(json, 'resource', 'openstack_containerinfra_nodegroup_v1');
    expect(ng).toEqual({
      cluster_id: ref('openstack_containerinfra_cluster_v1', 'c', 'id'), name: 'gpu', node_count: 1, min_node_count: 0, max_node_count: 3,
      flavor_id: ref('data.openstack_compute_flavor_v2', 'c_gpu_Flavor', 'id'), role: 'gpu', labels: { boot_volume_size: '100' }, merge_labels: false,
    });
  });

  test('without labels, the cluster inherits the template\'s (no labels, no merge_labels)', () => {
    const json = stackWith((s) => new Cluster(s, 'c', { name: 'lab', template: new ClusterTemplate(s, 't', { ...TEMPLATE, labels: { autoHealingEnabled: false } }) }));
    const c = only(json, 'resource', 'openstack_containerinfra_cluster_v1');
    expect(c).not.toHaveProperty('labels');
    expect(c).not.toHaveProperty('merge_labels');
    expect(c.master_count).toBe(1);
    expect(c.node_count).toBe(1);
  });
});

describe('network, keypair, security group, ingress', () => {
  test('a created network: network, subnet, router with the external gateway, router interface', () => {
    const json = stackWith((s) => new ClusterNetwork(s, 'n', { create: { name: 'lab', cidr: '10.0.0.0/24', dnsNameservers: ['192.0.2.53'], externalNetworkId: 'ext-id' } }));
    expect(only(json, 'resource', 'openstack_networking_network_v2')).toEqual({ name: 'lab', admin_state_up: true });
    expect(only(json, 'resource', 'openstack_networking_subnet_v2')).toEqual({ name: 'lab-subnet', network_id: ref('openstack_networking_network_v2', 'n_Network', 'id'), cidr: '10.0.0.0/24', ip_version: 4, enable_dhcp: true, dns_nameservers: ['192.0.2.53'] });
    expect(only(json, 'resource', 'openstack_networking_router_v2')).toEqual({ name: 'lab-router', admin_state_up: true, external_network_id: 'ext-id' });
    expect(only(json, 'resource', 'openstack_networking_router_interface_v2')).toEqual({ router_id: ref('openstack_networking_router_v2', 'n_Router', 'id'), subnet_id: ref('openstack_networking_subnet_v2', 'n_Subnet', 'id') });
  });

  test('an existing network is looked up', () => {
    const json = stackWith((s) => new ClusterNetwork(s, 'n', { existing: { networkName: 'lab', subnetName: 'lab-v4' } }));
    expect(json.resource).toBeUndefined();
    expect(only(json, 'data', 'openstack_networking_subnet_v2')).toEqual({ name: 'lab-v4', network_id: ref('data.openstack_networking_network_v2', 'n_Network', 'id') });
  });

  test('keypair and security group rules', () => {
    const json = stackWith((s) => {
      new Keypair(s, 'k', { name: 'ops', publicKey: ' ssh-ed25519 AAAAC3Nza ops@example.org\n' });
      new SecurityGroup(s, 'g', { name: 'ingress', ingress: [{ protocol: 'tcp', portMin: 443, remoteIpPrefix: '198.51.100.0/24' }, { protocol: 'icmp' }] });
    });
    expect(only(json, 'resource', 'openstack_compute_keypair_v2')).toEqual({ name: 'ops', public_key: 'ssh-ed25519 AAAAC3Nza ops@example.org' });
    const rules = Object.values(json.resource.openstack_networking_secgroup_rule_v2).map((r: any) => { const { ['//']: _m, ...b } = r; return b; });
    expect(rules).toEqual([
      { security_group_id: ref('openstack_networking_secgroup_v2', 'g', 'id'), direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: 443, port_range_max: 443, remote_ip_prefix: '198.51.100.0/24' },
      { security_group_id: ref('openstack_networking_secgroup_v2', 'g', 'id'), direction: 'ingress', ethertype: 'IPv4', protocol: 'icmp', remote_ip_prefix: '0.0.0.0/0' },
    ]);
  });

  test('the ingress path: a fixed floating IP and a wildcard record of the Knative domain in the looked-up zone', () => {
    let ingress: IngressEndpoint | undefined;
    const json = stackWith((s) => { ingress = new IngressEndpoint(s, 'i', { pool: 'public', address: '203.0.113.10', domain: 'functions.example.org', zone: { zoneName: 'example.org.' } }); });
    expect(ingress!.values).toEqual({ address: '203.0.113.10', domain: 'functions.example.org' });
    expect(ingress!.addressIsLiteral).toBe(true);
    expect(only(json, 'resource', 'openstack_networking_floatingip_v2')).toEqual({ pool: 'public', address: '203.0.113.10', description: 'Istio ingress gateway of functions.example.org' });
    expect(only(json, 'data', 'openstack_dns_zone_v2')).toEqual({ name: 'example.org.' });
    expect(only(json, 'resource', 'openstack_dns_recordset_v2')).toEqual({
      zone_id: ref('data.openstack_dns_zone_v2', 'i_Zone', 'id'), name: '*.functions.example.org.', type: 'A', ttl: 300,
      records: [ref('openstack_networking_floatingip_v2', 'i_FloatingIp', 'address')], description: 'Knative services of functions.example.org (Istio ingress gateway)',
    });
  });

  test('without an address the value is a reference; a created zone is PRIMARY', () => {
    let ingress: IngressEndpoint | undefined;
    const json = stackWith((s) => { ingress = new IngressEndpoint(s, 'i', { pool: 'public', domain: 'f.example.org', zone: { zoneName: 'f.example.org.', create: true, email: 'dns@example.org' } }); });
    expect(ingress!.addressIsLiteral).toBe(false);
    expect(ingress!.values.address).toMatch(/^\$\{TfToken\[/);
    expect(only(json, 'resource', 'openstack_dns_zone_v2')).toEqual({ name: 'f.example.org.', email: 'dns@example.org', type: 'PRIMARY' });
  });
});

describe('S3Backend', () => {
  test('the settings S3-compatible object stores need, one key per stack, no credentials', () => {
    expect(s3BackendConfig({ ...BACKEND, keyPrefix: 'lab/', profile: 'swift', useLockfile: true }, 'cluster')).toEqual({
      bucket: 'tfstate', key: 'lab/cluster.tfstate', region: 'us-east-1', endpoints: { s3: 'https://object.example.org' }, use_path_style: true,
      skip_credentials_validation: true, skip_region_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true, skip_s3_checksum: true,
      profile: 'swift', use_lockfile: true,
    });
  });
});

function platformComponents(): PlatformComponent[] {
  const k8s = new App();
  const crds = new PlatformComponent(k8s, 'istio-base', { phase: Phase.FOUNDATION, helm: { chart: { repository: 'https://istio-release.storage.googleapis.com/charts', chart: 'base', version: '1.30.3' }, releaseName: 'istio-base', namespace: 'istio-system', values: { defaultRevision: 'default' } } });
  const cfg = new PlatformComponent(k8s, 'knative-config', { phase: Phase.CONFIGURATION });
  new ApiObject(cfg, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-network', namespace: 'knative-serving' }, data: { 'domain-template': '{{.Name}}.{{.Namespace}}.{{.Domain}}' } });
  new PlatformComponent(k8s, 'operator', { phase: Phase.CONTROLLERS, dependsOn: [crds], helm: { chart: { repository: 'https://knative.github.io/operator', chart: 'knative-operator', version: 'v1.23.0' }, releaseName: 'knative-operator', namespace: 'knative-operator', values: {} } });
  return componentsInOrder(k8s);
}

describe('MagnumClusterStack and PlatformStack', () => {
  test('the cluster stack: pinned provider, backend, outputs (kubeconfig sensitive), typed ingress values', () => {
    const { app, outdir } = tmpApp();
    const cluster = new MagnumClusterStack(app, 'lab', clusterStackProps({ network: { create: { name: 'lab', cidr: '10.1.0.0/24' } }, keypair: { name: 'ops', publicKey: 'ssh-ed25519 AAAA ops' } }));
    expect(cluster.ingress).toEqual({ address: '203.0.113.10', domain: 'functions.example.org' });
    const json = synthStacks(app, outdir).lab;
    expect(json.terraform.required_providers.openstack).toEqual({ source: 'registry.terraform.io/terraform-provider-openstack/openstack', version: '3.4.0' });
    expect(json.terraform.backend.s3.key).toBe('knative-faas-cdk/lab.tfstate');
    expect(Object.keys(json.output).sort()).toEqual(['api_address', 'domain', 'ingress_address', 'kubeconfig']);
    expect(json.output.kubeconfig).toEqual(expect.objectContaining({ sensitive: true, value: ref('openstack_containerinfra_cluster_v1', 'cluster', 'kubeconfig') }));
    expect(json.output.api_address.sensitive).toBeUndefined();
    const c = only(json, 'resource', 'openstack_containerinfra_cluster_v1');
    // The cluster waits for the router interface and the imported keypair.
    expect(c.depends_on).toEqual([expect.stringMatching(/^openstack_networking_router_interface_v2\.network_RouterInterface_[0-9A-F]{8}$/)]);
    expect(c.keypair).toEqual(ref('openstack_compute_keypair_v2', 'keypair', 'name'));
    expect(c.fixed_subnet).toEqual(ref('openstack_networking_subnet_v2', 'network_Subnet', 'id'));
    expect(only(json, 'resource', 'openstack_networking_floatingip_v2').pool).toBe('public');
  });

  test('a direct install: Helm providers from the remote state, one release per component in order, local charts written verbatim', () => {
    const { app, outdir } = tmpApp();
    const cluster = new MagnumClusterStack(app, 'lab', clusterStackProps());
    new PlatformStack(app, 'platform', { backend: BACKEND, cluster, install: PlatformInstall.direct({ components: platformComponents() }) });
    const json = synthStacks(app, outdir).platform;
    expect(json.data.terraform_remote_state.cluster).toEqual({ backend: 's3', config: { ...s3BackendConfig(BACKEND, 'lab') } });
    expect(json.provider.helm[0].kubernetes).toEqual({
      host: '${data.terraform_remote_state.cluster.outputs.kubeconfig.host}',
      cluster_ca_certificate: '${data.terraform_remote_state.cluster.outputs.kubeconfig.cluster_ca_certificate}',
      client_certificate: '${data.terraform_remote_state.cluster.outputs.kubeconfig.client_certificate}',
      client_key: '${data.terraform_remote_state.cluster.outputs.kubeconfig.client_key}',
    });
    expect(json.provider.kubernetes[0].host).toBe('${data.terraform_remote_state.cluster.outputs.kubeconfig.host}');
    const releases = json.resource.helm_release;
    expect(Object.keys(releases).sort()).toEqual(['istio-base', 'knative-config', 'operator']);
    expect(releases['istio-base']).toEqual(expect.objectContaining({ name: 'istio-base', chart: 'base', version: '1.30.3', namespace: 'istio-system', values: ['{"defaultRevision":"default"}'], create_namespace: true, wait: true, atomic: true }));
    expect(releases.operator.depends_on).toEqual(['helm_release.istio-base']);
    expect(releases['knative-config']).toEqual(expect.objectContaining({ chart: '${path.module}/charts/knative-config', namespace: 'knative-faas-cdk', depends_on: ['helm_release.operator'] }));
    const chart = path.join(outdir, 'stacks', 'platform', 'charts', 'knative-config');
    expect(filesBelow(chart)).toEqual(['Chart.yaml', 'files/objects.yaml', 'templates/objects.yaml']);
    expect(fs.readFileSync(path.join(chart, 'files', 'objects.yaml'), 'utf8')).toContain('domain-template: "{{.Name}}.{{.Namespace}}.{{.Domain}}"');
    expect(fs.readFileSync(path.join(chart, 'templates', 'objects.yaml'), 'utf8')).toBe('{{ .Files.Get "files/objects.yaml" }}\n');
    // The manifest orders the stacks: the platform after its cluster.
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(manifest.stacks.platform.dependencies).toEqual(['lab']);
  });

  test('a GitOps bootstrap with Argo CD: the argo-cd chart, then a root Application of the repository', () => {
    const { app, outdir } = tmpApp();
    const cluster = new MagnumClusterStack(app, 'lab', clusterStackProps());
    new PlatformStack(app, 'gitops', { backend: BACKEND, cluster, install: PlatformInstall.argoCd({ repository: { url: 'https://git.example.org/p.git', revision: 'main', path: 'dist/argocd' } }) });
    const releases = synthStacks(app, outdir).gitops.resource.helm_release;
    expect(releases['argo-cd']).toEqual(expect.objectContaining({ repository: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '9.1.0', namespace: 'argocd' }));
    expect(releases['root-application'].depends_on).toEqual(['helm_release.argo-cd']);
    expect(JSON.parse(releases['root-application'].values[0]).applications.platform.source).toEqual({ repoURL: 'https://git.example.org/p.git', targetRevision: 'main', path: 'dist/argocd', directory: { recurse: true } });
  });

  test('a GitOps bootstrap with Flux: flux2, then flux2-sync with the ref kind of the revision', () => {
    const { app, outdir } = tmpApp();
    const cluster = new MagnumClusterStack(app, 'lab', clusterStackProps());
    new PlatformStack(app, 'flux', { backend: BACKEND, cluster, install: PlatformInstall.flux({ repository: { url: 'ssh://git@git.example.org/p.git', revision: 'v1.2.0', path: 'dist/flux' } }) });
    const releases = synthStacks(app, outdir).flux.resource.helm_release;
    expect(Object.keys(releases).sort()).toEqual(['flux-sync', 'flux2']);
    expect(releases['flux-sync'].depends_on).toEqual(['helm_release.flux2']);
    expect(JSON.parse(releases['flux-sync'].values[0])).toEqual({ gitRepository: { spec: { url: 'ssh://git@git.example.org/p.git', ref: { tag: 'v1.2.0' }, interval: '1m' } }, kustomization: { spec: { path: './dist/flux', prune: true, interval: '10m' } } });
    expect(fluxSyncValues({ url: 'u', revision: 'main', path: 'p' }).gitRepository).toEqual({ spec: { url: 'u', ref: { branch: 'main' }, interval: '1m' } });
  });

  test('a fleet: one cluster Secret per member with its values as annotations, and an ApplicationSet selecting them', () => {
    const { app, outdir } = tmpApp();
    const control = new MagnumClusterStack(app, 'control', clusterStackProps({ cluster: { name: 'control' } }));
    const a = new MagnumClusterStack(app, 'a', clusterStackProps({ cluster: { name: 'site-a' }, ingress: { address: '203.0.113.11', domain: 'a.example.org' } }));
    const b = new MagnumClusterStack(app, 'b', clusterStackProps({ cluster: { name: 'site-b' }, ingress: { domain: 'b.example.org' } }));
    new FleetStack(app, 'fleet', { backend: BACKEND, control, repository: { url: 'https://git.example.org/f.git', revision: 'main' }, members: [{ cluster: a, path: 'a' }, { cluster: b, path: 'b' }] });
    const json = synthStacks(app, outdir).fleet;
    const secrets = json.resource.kubernetes_secret_v1;
    expect(secrets['secret-a'].metadata).toEqual({
      name: 'cluster-site-a', namespace: 'argocd', labels: { 'argocd.argoproj.io/secret-type': 'cluster', 'knative-faas-cdk.io/fleet': 'platform' },
      annotations: { 'knative-faas-cdk.io/ingress-address': '203.0.113.11', 'knative-faas-cdk.io/domain': 'a.example.org', 'knative-faas-cdk.io/platform-path': 'a' },
    });
    // Site b's address is chosen by Neutron: it travels from b's state.
    expect(secrets['secret-b'].metadata.annotations['knative-faas-cdk.io/ingress-address']).toBe('${data.terraform_remote_state.member-b.outputs.ingress_address}');
    expect(secrets['secret-a'].data.server).toBe('${data.terraform_remote_state.member-a.outputs.kubeconfig.host}');
    expect(secrets['secret-a'].provider).toBe('kubernetes');
    const appset = JSON.parse(json.resource.helm_release.applicationset.values[0]).applicationsets.platform;
    expect(appset.generators).toEqual([{ clusters: { selector: { matchLabels: { 'knative-faas-cdk.io/fleet': 'platform' } } } }]);
    expect(appset.template.spec.source.path).toBe('{{index .metadata.annotations "knative-faas-cdk.io/platform-path"}}');
    expect(json.provider.kubernetes[0].host).toBe('${data.terraform_remote_state.control.outputs.kubeconfig.host}');
  });
});
