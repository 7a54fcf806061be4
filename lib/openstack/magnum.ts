/**
 * Magnum: cluster templates, clusters and node groups (openstack_containerinfra_*_v1).
 */
import { Duration } from 'cdk8s';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { CapiHelmLabels, DRIVERS, HeatLabels, MagnumDriverKind, renderLabels } from './labels';
import { Attributes, OpenStackDataSource, OpenStackResource, checkBehaviour, checkInt, checkNonEmpty, isIpv4, isLiteral } from './terraform';
import { checkedSeconds } from '../core/duration';
import { reportError, reportWarning } from '../core/report';

const CT = 'openstack_containerinfra_clustertemplate_v1';
const CL = 'openstack_containerinfra_cluster_v1';
const NG = 'openstack_containerinfra_nodegroup_v1';

/** Options of a Magnum cluster template. */
export interface ClusterTemplateProps {
  /** The template's name in Magnum (at most 255 characters). */
  readonly name: string;
  /** The Magnum driver the template is for: it decides which labels and network drivers apply. */
  readonly driver: MagnumDriverKind;
  /**
   * The Glance image of the nodes, by name. It is looked up (openstack_images_image_v2, most
   * recent of that name), so a missing image fails the plan, not the cluster creation. For
   * magnum-capi-helm the image needs the `kube_version` and `os_distro` (ubuntu, flatcar)
   * properties; for the Heat driver `os_distro=fedora-coreos`.
   */
  readonly image: string;
  /** The container orchestration engine: Magnum supports only Kubernetes. @default 'kubernetes' */
  readonly coe?: 'kubernetes';
  /** The Nova flavor of the worker nodes, by name (looked up). @default - each cluster sets its flavor */
  readonly flavor?: string;
  /** The Nova flavor of the control-plane nodes, by name (looked up). @default - each cluster sets its master flavor */
  readonly masterFlavor?: string;
  /**
   * The external (provider) network, by name: the routers' gateway, the pool of the API's and the
   * ingress gateway's floating IPs. It is looked up (openstack_networking_network_v2, external).
   */
  readonly externalNetwork: string;
  /**
   * The CNI (`network_driver`): magnum-capi-helm supports calico and cilium, the Heat driver
   * flannel and calico.
   * @default - the deployment's default (calico for magnum-capi-helm, flannel for Heat)
   */
  readonly networkDriver?: 'calico' | 'cilium' | 'flannel';
  /** The volume driver of the PersistentVolumes (only Cinder). @default - none (the CSI driver the Magnum driver installs) */
  readonly volumeDriver?: 'cinder';
  /** The size in GB of each node's container storage volume. @default - no separate volume */
  readonly dockerVolumeSize?: number;
  /**
   * Floating IPs on every node. Off by default: nodes stay on the private network; the API and
   * the ingress gateway are reached through load balancers with floating IPs.
   * @default false
   */
  readonly floatingIpEnabled?: boolean;
  /** A load balancer in front of the API servers (needed for more than one master). @default true */
  readonly masterLbEnabled?: boolean;
  /** DNS servers of the node subnet Magnum creates (IPv4). @default - the deployment's default (8.8.8.8 upstream) */
  readonly dnsNameservers?: readonly string[];
  /** The API server's port (1024 to 65535). @default - 6443 */
  readonly apiserverPort?: number;
  /** Typed labels of the driver (see CapiHelmLabels and HeatLabels). @default - none */
  readonly labels?: CapiHelmLabels | HeatLabels;
  /**
   * Labels this library has no typed prop for, written as given: the explicit escape hatch.
   * A key that has a typed prop is an error.
   * @default - none
   */
  readonly untypedLabels?: Readonly<Record<string, string>>;
  /** Bare metal (Ironic) or virtual machine nodes. @default 'vm' */
  readonly serverType?: 'vm' | 'bm';
  /** Whether other projects can use the template (needs the admin role). @default false */
  readonly public?: boolean;
  /** The provider the resources are created with. @default - the stack's openstack provider */
  readonly provider?: TerraformProvider;
}

/** A Magnum cluster template (`openstack_containerinfra_clustertemplate_v1`). */
export class ClusterTemplate extends Construct {
  /** The template's ID (a Terraform reference). */
  public readonly templateId: string;
  /** The driver the template is for. */
  public readonly driver: MagnumDriverKind;
  /** Whether the template sets a worker flavor. */
  public readonly hasFlavor: boolean;
  /** Whether the template sets a master flavor. */
  public readonly hasMasterFlavor: boolean;
  /** The external network's name. */
  public readonly externalNetworkName: string;
  /** The external network's ID (a Terraform reference to the lookup). */
  public readonly externalNetworkId: string;
  /** The labels the template sets (clusters inherit them unless they replace them). */
  public readonly labels: Readonly<Record<string, string>>;
  /** The masters' load balancer is enabled. */
  public readonly masterLbEnabled: boolean;

  public constructor(scope: Construct, id: string, props: ClusterTemplateProps) {
    super(scope, id);
    if (!props || typeof props !== 'object') throw new TypeError('ClusterTemplate: props are required; pass { name, driver, image, externalNetwork }');
    if (!Object.values(MagnumDriverKind).includes(props.driver)) {
      throw new TypeError(`ClusterTemplate: driver must be a MagnumDriverKind (got ${String(props.driver)}); use MagnumDriverKind.CAPI_HELM or MagnumDriverKind.HEAT`);
    }
    this.driver = props.driver;
    const facts = DRIVERS[props.driver];
    checkNonEmpty(this, 'name', props.name, 'the template name');
    if (typeof props.name === 'string' && props.name.length > 255) reportError(this, 'name', 'Magnum limits template names to 255 characters', { value: props.name.length });
    checkNonEmpty(this, 'image', props.image, 'the node image');
    checkNonEmpty(this, 'externalNetwork', props.externalNetwork, 'the external network (floating IP pool)');
    if (props.coe !== undefined && props.coe !== 'kubernetes') reportError(this, 'coe', 'Magnum supports only the kubernetes COE', { value: props.coe, allowed: '"kubernetes"' });
    if (props.networkDriver !== undefined && !facts.networkDrivers.includes(props.networkDriver)) {
      reportError(this, 'networkDriver', `the ${props.driver} driver does not support this network driver`, { value: props.networkDriver, allowed: facts.networkDrivers.join(', ') });
    }
    if (props.volumeDriver !== undefined && props.volumeDriver !== 'cinder') reportError(this, 'volumeDriver', 'Magnum supports only the cinder volume driver for Kubernetes', { value: props.volumeDriver, allowed: '"cinder"' });
    if (props.serverType !== undefined && !['vm', 'bm'].includes(props.serverType)) reportError(this, 'serverType', 'not a server type Magnum supports', { value: props.serverType, allowed: '"vm", "bm"' });
    checkInt(this, 'dockerVolumeSize', props.dockerVolumeSize, 1);
    const dns = props.dnsNameservers;
    if (dns !== undefined) {
      if (!Array.isArray(dns) || dns.length === 0) reportError(this, 'dnsNameservers', 'give at least one DNS server or leave it unset', { value: dns });
      else dns.forEach((d, n) => { if (isLiteral(d) && !isIpv4(d)) reportError(this, `dnsNameservers[${n}]`, 'not an IPv4 address', { value: d }); });
    }
    if (props.masterLbEnabled === false && props.driver === MagnumDriverKind.CAPI_HELM) {
      reportWarning(this, 'masterLbEnabled', 'without an API load balancer a cluster can have only one master and its API address changes when that node is replaced');
    }
    this.masterLbEnabled = props.masterLbEnabled ?? true;
    this.labels = renderLabels(this, 'labels', props.driver, props.labels, props.untypedLabels, 'template');
    this.hasFlavor = props.flavor !== undefined;
    this.hasMasterFlavor = props.masterFlavor !== undefined;
    this.externalNetworkName = props.externalNetwork;

    const image = new OpenStackDataSource(this, 'Image', 'openstack_images_image_v2', { name: props.image, most_recent: true }, props.provider);
    const ext = new OpenStackDataSource(this, 'ExternalNetwork', 'openstack_networking_network_v2', { name: props.externalNetwork, external: true }, props.provider);
    this.externalNetworkId = ext.attr('id');
    const flavor = props.flavor !== undefined ? new OpenStackDataSource(this, 'Flavor', 'openstack_compute_flavor_v2', { name: props.flavor }, props.provider) : undefined;
    const masterFlavor = props.masterFlavor !== undefined ? new OpenStackDataSource(this, 'MasterFlavor', 'openstack_compute_flavor_v2', { name: props.masterFlavor }, props.provider) : undefined;
    if (props.flavor !== undefined) checkNonEmpty(this, 'flavor', props.flavor, 'the worker flavor');
    if (props.masterFlavor !== undefined) checkNonEmpty(this, 'masterFlavor', props.masterFlavor, 'the master flavor');

    const attrs: Attributes = {
      name: props.name,
      coe: props.coe ?? 'kubernetes',
      image: image.attr('id'),
      flavor: flavor?.attr('id'),
      master_flavor: masterFlavor?.attr('id'),
      external_network_id: this.externalNetworkId,
      network_driver: props.networkDriver,
      volume_driver: props.volumeDriver,
      docker_volume_size: props.dockerVolumeSize,
      floating_ip_enabled: props.floatingIpEnabled ?? false,
      master_lb_enabled: this.masterLbEnabled,
      dns_nameserver: Array.isArray(dns) && dns.length ? dns.join(',') : undefined,
      apiserver_port: props.apiserverPort,
      server_type: props.serverType,
      public: props.public,
      labels: Object.keys(this.labels).length ? this.labels : undefined,
    };
    checkBehaviour(this, CT, attrs, (a) => ({ apiserver_port: 'apiserverPort' }[a] ?? a));
    const resource = new OpenStackResource(this, 'Resource', CT, () => attrs, props.provider);
    this.templateId = resource.attr('id');
  }
}

/** Terraform's own timeouts for a resource's operations. */
export interface OperationTimeouts {
  /** How long `apply` waits for the creation. @default - the provider's default (60 minutes for clusters and node groups) */
  readonly create?: Duration;
  /** How long `apply` waits for an update (resize, upgrade). @default - the provider's default (30 minutes) */
  readonly update?: Duration;
  /** How long `destroy` waits. @default - the provider's default (30 minutes) */
  readonly delete?: Duration;
}

function timeouts(scope: Construct, t: OperationTimeouts | undefined): Attributes | undefined {
  if (!t) return undefined;
  const out: Attributes = {};
  for (const k of ['create', 'update', 'delete'] as const) {
    const d = t[k];
    if (d === undefined) continue;
    const sec = checkedSeconds(scope, `timeouts.${k}`, d);
    if (sec === undefined) continue;
    if (sec < 60) { reportError(scope, `timeouts.${k}`, 'a Magnum operation takes minutes; a timeout under one minute always fails', { value: `${sec}s`, allowed: 'at least 1 minute' }); continue; }
    out[k] = sec % 60 === 0 ? `${sec / 60}m` : `${sec}s`;
  }
  return Object.keys(out).length ? out : undefined;
}

/** How a cluster's or node group's labels relate to the template's. */
export enum LabelsMode {
  /** The given labels are added to the template's, overriding the same keys (`merge_labels = true`). */
  MERGE = 'merge',
  /** The given labels replace the template's entirely (`merge_labels = false`). */
  REPLACE = 'replace',
}

/** Where a cluster's nodes are connected. */
export interface ClusterNetworkRef {
  /** The network's ID or name (`fixed_network`). */
  readonly networkId: string;
  /** The subnet's ID or name (`fixed_subnet`). */
  readonly subnetId: string;
}

/** Options of a Magnum cluster. */
export interface ClusterProps {
  /** The cluster's name: starts with a letter, then letters, digits, `_ . -`, at most 242 characters. */
  readonly name: string;
  /** The template the cluster is created from. */
  readonly template: ClusterTemplate;
  /** The number of control-plane nodes: odd (1, 3, 5) so etcd keeps quorum. @default 1 */
  readonly masterCount?: number;
  /** The number of worker nodes of the default node group. @default 1 */
  readonly nodeCount?: number;
  /** The Nova keypair (by name) installed on the nodes. @default - the template's keypair (none) */
  readonly keypair?: string;
  /** The worker flavor, by name. @default - the template's flavor */
  readonly flavor?: string;
  /** The control-plane flavor, by name. @default - the template's master flavor */
  readonly masterFlavor?: string;
  /** The private network and subnet of the nodes. @default - Magnum creates a network (fixed_subnet_cidr) */
  readonly network?: ClusterNetworkRef;
  /** Typed labels of the template's driver. @default - the template's labels */
  readonly labels?: CapiHelmLabels | HeatLabels;
  /** Labels this library has no typed prop for (the escape hatch). @default - none */
  readonly untypedLabels?: Readonly<Record<string, string>>;
  /**
   * Whether `labels` are merged into the template's or replace them. Replacing drops every
   * template label the cluster does not repeat.
   * @default LabelsMode.MERGE
   */
  readonly labelsMode?: LabelsMode;
  /** Floating IPs on every node. @default - the template's setting */
  readonly floatingIpEnabled?: boolean;
  /** A load balancer in front of the API servers. @default - the template's setting */
  readonly masterLbEnabled?: boolean;
  /** The size in GB of each node's container storage volume. @default - the template's */
  readonly dockerVolumeSize?: number;
  /** How long Terraform waits for Magnum's operations. @default - the provider's defaults */
  readonly timeouts?: OperationTimeouts;
  /** The provider the resources are created with. @default - the stack's openstack provider */
  readonly provider?: TerraformProvider;
  /** What the cluster waits for besides its references (the network's router interface). @default - only its references */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** The kubeconfig parts Magnum returns (the provider's `kubeconfig` map), as Terraform references. */
export interface MagnumKubeconfig {
  /** The whole kubeconfig file (`raw_config`). */
  readonly rawConfig: string;
  /** The API server URL (`host`). */
  readonly host: string;
  /** The cluster CA, PEM (`cluster_ca_certificate`). */
  readonly clusterCaCertificate: string;
  /** The admin client certificate, PEM (`client_certificate`). */
  readonly clientCertificate: string;
  /** The admin client key, PEM (`client_key`). */
  readonly clientKey: string;
}

const CLUSTER_NAME = /^[a-zA-Z][a-zA-Z0-9_.-]*$/;

/** A Magnum Kubernetes cluster (`openstack_containerinfra_cluster_v1`). */
export class Cluster extends Construct {
  /** The cluster's ID (a Terraform reference). */
  public readonly clusterId: string;
  /** The API server address (a Terraform reference). */
  public readonly apiAddress: string;
  /** The kubeconfig Magnum returns (sensitive Terraform references). */
  public readonly kubeconfig: MagnumKubeconfig;
  /** The whole `kubeconfig` map attribute (a Terraform reference). */
  public readonly kubeconfigMap: Record<string, string>;
  /** The cluster's name. */
  public readonly clusterName: string;
  /** The template it is created from. */
  public readonly template: ClusterTemplate;
  private readonly resource: OpenStackResource;

  public constructor(scope: Construct, id: string, props: ClusterProps) {
    super(scope, id);
    if (!props || typeof props !== 'object') throw new TypeError('Cluster: props are required; pass { name, template }');
    if (!(props.template instanceof ClusterTemplate)) throw new TypeError('Cluster: template must be a ClusterTemplate construct');
    const t = props.template;
    this.template = t;
    this.clusterName = props.name;
    if (isLiteral(props.name) && (typeof props.name !== 'string' || !CLUSTER_NAME.test(props.name) || props.name.length > 242)) {
      reportError(this, 'name', 'Magnum rejects this cluster name', { value: props.name, allowed: 'a letter, then letters, digits, _ . - (at most 242 characters)' });
    }
    const masters = props.masterCount ?? 1;
    if (checkInt(this, 'masterCount', props.masterCount, 1) && masters % 2 === 0) {
      reportError(this, 'masterCount', `master nodegroup size of ${masters} is invalid, size cannot be an even number (Magnum)`, { value: masters, allowed: '1, 3, 5, ...' });
    }
    if (masters > 1 && !(props.masterLbEnabled ?? t.masterLbEnabled)) {
      reportError(this, 'masterCount', 'more than one master needs the API load balancer (masterLbEnabled)', { value: masters, allowed: 'masterCount 1, or masterLbEnabled true' });
    }
    checkInt(this, 'nodeCount', props.nodeCount, 0);
    if (props.nodeCount === 0) reportWarning(this, 'nodeCount', 'no worker nodes: the platform\'s pods schedule nowhere until a node group or the autoscaler adds nodes');
    checkInt(this, 'dockerVolumeSize', props.dockerVolumeSize, 1);
    if (props.keypair !== undefined) {
      checkNonEmpty(this, 'keypair', props.keypair, 'the keypair name');
      if (typeof props.keypair === 'string' && props.keypair.length > 255) reportError(this, 'keypair', 'at most 255 characters', { value: props.keypair.length });
    }
    if (!t.hasFlavor && props.flavor === undefined) reportError(this, 'flavor', 'no worker flavor: neither the cluster nor its template sets one', { allowed: 'a flavor name on the Cluster or the ClusterTemplate' });
    if (!t.hasMasterFlavor && props.masterFlavor === undefined) reportError(this, 'masterFlavor', 'no master flavor: neither the cluster nor its template sets one', { allowed: 'a flavor name on the Cluster or the ClusterTemplate' });
    const flavor = props.flavor !== undefined && checkNonEmpty(this, 'flavor', props.flavor, 'the worker flavor') ? new OpenStackDataSource(this, 'Flavor', 'openstack_compute_flavor_v2', { name: props.flavor }, props.provider) : undefined;
    const masterFlavor = props.masterFlavor !== undefined && checkNonEmpty(this, 'masterFlavor', props.masterFlavor, 'the master flavor') ? new OpenStackDataSource(this, 'MasterFlavor', 'openstack_compute_flavor_v2', { name: props.masterFlavor }, props.provider) : undefined;
    const mode = props.labelsMode ?? LabelsMode.MERGE;
    if (!Object.values(LabelsMode).includes(mode)) throw new TypeError(`Cluster: labelsMode must be a LabelsMode (got ${String(mode)})`);
    const labels = renderLabels(this, 'labels', t.driver, props.labels, props.untypedLabels, 'cluster');
    const hasLabels = props.labels !== undefined || props.untypedLabels !== undefined;
    if (mode === LabelsMode.REPLACE && !hasLabels && Object.keys(t.labels).length) {
      reportWarning(this, 'labelsMode', 'REPLACE without labels keeps the template\'s labels (Magnum replaces only when labels are given)');
    }
    const attrs: Attributes = {
      name: props.name,
      cluster_template_id: t.templateId,
      master_count: masters,
      node_count: props.nodeCount ?? 1,
      keypair: props.keypair,
      flavor: flavor?.attr('id'),
      master_flavor: masterFlavor?.attr('id'),
      fixed_network: props.network?.networkId,
      fixed_subnet: props.network?.subnetId,
      floating_ip_enabled: props.floatingIpEnabled,
      master_lb_enabled: props.masterLbEnabled,
      docker_volume_size: props.dockerVolumeSize,
      labels: hasLabels ? labels : undefined,
      merge_labels: hasLabels ? mode === LabelsMode.MERGE : undefined,
      timeouts: timeouts(this, props.timeouts),
    };
    if ((props.network?.networkId === undefined) !== (props.network?.subnetId === undefined)) {
      reportError(this, 'network', 'give both the network and the subnet of the nodes', { value: props.network });
    }
    checkBehaviour(this, CL, attrs, (a) => a);
    this.resource = new OpenStackResource(this, 'Resource', CL, () => attrs, props.provider, props.dependsOn ? [...props.dependsOn] : undefined);
    this.clusterId = this.resource.attr('id');
    this.apiAddress = this.resource.attr('api_address');
    this.kubeconfigMap = this.resource.getStringMapAttribute('kubeconfig');
    const part = (k: string) => `\${${CL}.${this.resource.friendlyUniqueId}.kubeconfig.${k}}`;
    this.kubeconfig = {
      rawConfig: part('raw_config'), host: part('host'), clusterCaCertificate: part('cluster_ca_certificate'),
      clientCertificate: part('client_certificate'), clientKey: part('client_key'),
    };
  }

  /** The Terraform resource (for depends_on and escape hatches). */
  public get terraformResource(): OpenStackResource {
    return this.resource;
  }

  /** Adds a node group to the cluster. */
  public addNodeGroup(id: string, props: Omit<NodeGroupProps, 'cluster'>): NodeGroup {
    return new NodeGroup(this, id, { ...props, cluster: this });
  }
}

/** Options of a Magnum node group. */
export interface NodeGroupProps {
  /** The cluster the group belongs to. */
  readonly cluster: Cluster;
  /** The group's name (at most 255 characters). */
  readonly name: string;
  /** The number of nodes. @default 1 */
  readonly nodeCount?: number;
  /** The autoscaler's lower bound. @default 0 */
  readonly minNodeCount?: number;
  /** The autoscaler's upper bound. @default - no bound (the autoscaler does not scale this group) */
  readonly maxNodeCount?: number;
  /** The nodes' flavor, by name (looked up). @default - the cluster's flavor */
  readonly flavor?: string;
  /** The nodes' Glance image, by name (looked up). @default - the template's image */
  readonly image?: string;
  /** The role, which becomes the `magnum.openstack.org/role` node label. @default 'worker' */
  readonly role?: string;
  /** Typed labels of the template's driver. @default - the cluster's labels */
  readonly labels?: CapiHelmLabels | HeatLabels;
  /** Labels this library has no typed prop for (the escape hatch). @default - none */
  readonly untypedLabels?: Readonly<Record<string, string>>;
  /** Merge `labels` into the cluster's or replace them. @default LabelsMode.MERGE */
  readonly labelsMode?: LabelsMode;
  /** The size in GB of each node's container storage volume. @default - the cluster's */
  readonly dockerVolumeSize?: number;
  /** How long Terraform waits for Magnum's operations. @default - the provider's defaults */
  readonly timeouts?: OperationTimeouts;
  /** The provider the resources are created with. @default - the stack's openstack provider */
  readonly provider?: TerraformProvider;
}

/** A Magnum node group (`openstack_containerinfra_nodegroup_v1`): more workers of another flavor or image. */
export class NodeGroup extends Construct {
  /** The node group's ID (a Terraform reference). */
  public readonly nodeGroupId: string;

  public constructor(scope: Construct, id: string, props: NodeGroupProps) {
    super(scope, id);
    if (!props || typeof props !== 'object' || !(props.cluster instanceof Cluster)) throw new TypeError('NodeGroup: props.cluster must be a Cluster construct');
    checkNonEmpty(this, 'name', props.name, 'the node group name');
    if (typeof props.name === 'string' && props.name.length > 255) reportError(this, 'name', 'at most 255 characters', { value: props.name.length });
    if (props.role !== undefined && (props.role === 'master' || props.role === 'control-plane')) {
      reportError(this, 'role', 'Magnum allows only one control-plane node group; its role is reserved', { value: props.role, allowed: 'any other role (worker, ingress, gpu, ...)' });
    }
    checkInt(this, 'minNodeCount', props.minNodeCount, 0);
    checkInt(this, 'maxNodeCount', props.maxNodeCount, 0);
    checkInt(this, 'dockerVolumeSize', props.dockerVolumeSize, 1);
    const count = props.nodeCount ?? 1;
    const min = props.minNodeCount;
    const max = props.maxNodeCount;
    if (Number.isInteger(min) && Number.isInteger(max) && min! > max!) reportError(this, 'minNodeCount', 'the minimum is above the maximum', { value: { minNodeCount: min, maxNodeCount: max } });
    if (Number.isInteger(count) && ((Number.isInteger(min) && count < min!) || (Number.isInteger(max) && count > max!))) {
      reportError(this, 'nodeCount', 'the node count is outside the autoscaler\'s range', { value: { nodeCount: count, minNodeCount: min, maxNodeCount: max }, allowed: 'minNodeCount <= nodeCount <= maxNodeCount' });
    }
    const flavor = props.flavor !== undefined && checkNonEmpty(this, 'flavor', props.flavor, 'the flavor') ? new OpenStackDataSource(this, 'Flavor', 'openstack_compute_flavor_v2', { name: props.flavor }, props.provider) : undefined;
    const image = props.image !== undefined && checkNonEmpty(this, 'image', props.image, 'the image') ? new OpenStackDataSource(this, 'Image', 'openstack_images_image_v2', { name: props.image, most_recent: true }, props.provider) : undefined;
    const hasLabels = props.labels !== undefined || props.untypedLabels !== undefined;
    const labels = renderLabels(this, 'labels', props.cluster.template.driver, props.labels, props.untypedLabels, 'nodegroup');
    const attrs: Attributes = {
      cluster_id: props.cluster.clusterId,
      name: props.name,
      node_count: props.nodeCount,
      min_node_count: min,
      max_node_count: max,
      flavor_id: flavor?.attr('id'),
      image_id: image?.attr('id'),
      role: props.role,
      docker_volume_size: props.dockerVolumeSize,
      labels: hasLabels ? labels : undefined,
      merge_labels: hasLabels ? (props.labelsMode ?? LabelsMode.MERGE) === LabelsMode.MERGE : undefined,
      timeouts: timeouts(this, props.timeouts),
    };
    checkBehaviour(this, NG, attrs, (a) => ({ node_count: 'nodeCount' }[a] ?? a));
    const resource = new OpenStackResource(this, 'Resource', NG, () => attrs, props.provider);
    this.nodeGroupId = resource.attr('id');
  }
}

