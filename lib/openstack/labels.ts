/**
 * Typed Magnum labels for the two Kubernetes drivers in use:
 *
 * - the Cluster API Helm driver (`magnum-capi-helm`, StackHPC/OpenStack; labels registered in its
 *   `[capi_helm_cluster_labels]` config group, release 1.4.0). The driver reads a label as a bool
 *   (oslo `bool_from_string`), an int, a string (characters outside `[A-Za-z0-9. _/-]` are silently
 *   dropped) or a comma-separated list; the Kubernetes version comes from the image's
 *   `kube_version` property, not from a label.
 * - the Heat driver (`k8s_fedora_coreos_v1`, deprecated in 2025.1, removed after it, still deployed):
 *   the labels of the Magnum user guide's table (stable/2025.1).
 *
 * Every label has a typed prop; labels this library does not know go through `untypedLabels` of
 * the template or cluster, the explicit escape hatch.
 */
import { IConstruct } from 'constructs';
import { isIpv4Cidr, isLiteral } from './terraform';
import { reportError } from '../core/report';

/** Labels read by the Cluster API Helm driver (magnum-capi-helm 1.4.0). */
export interface CapiHelmLabels {
  /** `etcd_blockdevice_size`: size in GB of a dedicated etcd block device; 0 keeps etcd on the root disk. @default 0 (the deployment's default) */
  readonly etcdBlockdeviceSize?: number;
  /** `etcd_blockdevice_type`: a Cinder volume or a local ephemeral disk for etcd. @default 'volume' */
  readonly etcdBlockdeviceType?: 'volume' | 'local';
  /** `etcd_blockdevice_volume_type`: the Cinder volume type of the etcd volume. @default - the cloud's default volume type */
  readonly etcdBlockdeviceVolumeType?: string;
  /** `etcd_blockdevice_volume_az`: the availability zone of the etcd volume. @default - the cloud's default */
  readonly etcdBlockdeviceVolumeAz?: string;
  /** `monitoring_enabled`: install the monitoring addon (kube-prometheus-stack). @default false */
  readonly monitoringEnabled?: boolean;
  /** `kube_dashboard_enabled`: install the Kubernetes Dashboard. @default true */
  readonly kubeDashboardEnabled?: boolean;
  /** `auto_healing_enabled`: replace unhealthy nodes (Cluster API MachineHealthChecks). @default true */
  readonly autoHealingEnabled?: boolean;
  /** `auto_scaling_enabled`: run the cluster autoscaler for the node groups. @default false */
  readonly autoScalingEnabled?: boolean;
  /** `min_node_count`: the autoscaler's lower bound for the default node group. @default - the node group's node_count */
  readonly minNodeCount?: number;
  /** `max_node_count`: the autoscaler's upper bound for the default node group. @default - the node group's node_count */
  readonly maxNodeCount?: number;
  /** `keystone_auth_enabled`: authenticate Kubernetes users with Keystone tokens (k8s-keystone-auth). @default false */
  readonly keystoneAuthEnabled?: boolean;
  /** `csi_cinder_availability_zone`: the availability zone of the volumes the Cinder CSI driver creates. @default 'nova' */
  readonly csiCinderAvailabilityZone?: string;
  /** `csi_cinder_reclaim_policy`: the reclaim policy of the default StorageClass. @default 'Retain' */
  readonly csiCinderReclaimPolicy?: 'Retain' | 'Delete';
  /** `csi_cinder_volume_binding_mode`: the volume binding mode of the default StorageClass. @default 'WaitForFirstConsumer' */
  readonly csiCinderVolumeBindingMode?: 'WaitForFirstConsumer' | 'Immediate';
  /** `csi_cinder_fstype`: the filesystem of the volumes. @default 'ext4' */
  readonly csiCinderFstype?: string;
  /** `csi_cinder_allow_volume_expansion`: let users grow volumes by editing the PVC. @default true */
  readonly csiCinderAllowVolumeExpansion?: boolean;
  /** `octavia_provider`: the Octavia provider of the API and Service load balancers (`amphora`, `ovn`). @default 'amphora' */
  readonly octaviaProvider?: string;
  /** `octavia_lb_algorithm`: the load-balancing algorithm. @default - SOURCE_IP_PORT for ovn, ROUND_ROBIN otherwise */
  readonly octaviaLbAlgorithm?: 'ROUND_ROBIN' | 'LEAST_CONNECTIONS' | 'SOURCE_IP' | 'SOURCE_IP_PORT';
  /** `octavia_lb_healthcheck`: health monitors on the load balancers. @default true */
  readonly octaviaLbHealthcheck?: boolean;
  /** `master_lb_floating_ip_enabled`: a floating IP on the API load balancer. @default true */
  readonly masterLbFloatingIpEnabled?: boolean;
  /** `fixed_subnet_cidr`: the node subnet Magnum creates when no fixed subnet is given. @default '10.0.0.0/24' */
  readonly fixedSubnetCidr?: string;
  /** `api_master_lb_allowed_cidrs`: the CIDRs allowed to reach the API load balancer. @default - all */
  readonly apiMasterLbAllowedCidrs?: readonly string[];
  /** `extra_network_names`: further Neutron networks attached to every node. @default - none */
  readonly extraNetworkNames?: readonly string[];
  /** `boot_volume_type`: the Cinder volume type of the nodes' root volumes. @default - the deployment's default boot volume type */
  readonly bootVolumeType?: string;
  /** `boot_volume_size`: the size in GB of the nodes' root volumes (boot from volume). @default - the deployment's default */
  readonly bootVolumeSize?: number;
  /** `capi_helm_chart_version`: the openstack-cluster Helm chart version (cluster template only). @default - the deployment's default_helm_chart_version */
  readonly capiHelmChartVersion?: string;
}

/** Labels read by Magnum's Heat driver for Kubernetes (Fedora CoreOS; deprecated in 2025.1). */
export interface HeatLabels {
  /** `kube_tag`: the Kubernetes version of the hyperkube images (`v1.27.8`). @default - the release's default */
  readonly kubeTag?: string;
  /** `container_infra_prefix`: a registry mirror prefix for all images (`registry.example.org/magnum/`). @default - upstream registries */
  readonly containerInfraPrefix?: string;
  /** `hyperkube_prefix`: where hyperkube images come from. @default 'docker.io/rancher/' */
  readonly hyperkubePrefix?: string;
  /** `cloud_provider_enabled`: run the OpenStack cloud controller manager. @default - true unless the template disables it */
  readonly cloudProviderEnabled?: boolean;
  /** `cloud_provider_tag`: the version of the OpenStack cloud controller manager. @default - the release's default */
  readonly cloudProviderTag?: string;
  /** `etcd_tag`: the etcd version. @default - the release's default */
  readonly etcdTag?: string;
  /** `coredns_tag`: the CoreDNS version. @default - the release's default */
  readonly corednsTag?: string;
  /** `flannel_tag`: the flannel version. @default - the release's default */
  readonly flannelTag?: string;
  /** `flannel_network_cidr`: the pod network of flannel. @default '10.100.0.0/16' */
  readonly flannelNetworkCidr?: string;
  /** `flannel_backend`: flannel's backend. @default 'vxlan' */
  readonly flannelBackend?: 'udp' | 'vxlan' | 'host-gw';
  /** `flannel_network_subnetlen`: the size of the subnet given to each node. @default 24 */
  readonly flannelNetworkSubnetlen?: number;
  /** `calico_tag`: the Calico version. @default - the release's default */
  readonly calicoTag?: string;
  /** `calico_ipv4pool`: the pod network of Calico. @default '10.100.0.0/16' */
  readonly calicoIpv4pool?: string;
  /** `calico_ipv4pool_ipip`: Calico's IP-in-IP mode. @default 'Off' */
  readonly calicoIpv4poolIpip?: 'Always' | 'CrossSubnet' | 'Never' | 'Off';
  /** `service_cluster_ip_range`: the Service network. @default '10.254.0.0/16' */
  readonly serviceClusterIpRange?: string;
  /** `kube_dashboard_enabled`: install the Kubernetes Dashboard. @default true */
  readonly kubeDashboardEnabled?: boolean;
  /** `metrics_server_enabled`: install metrics-server. @default true */
  readonly metricsServerEnabled?: boolean;
  /** `monitoring_enabled`: install the Prometheus operator stack. @default false */
  readonly monitoringEnabled?: boolean;
  /** `prometheus_adapter_enabled`: install the Prometheus adapter. @default true */
  readonly prometheusAdapterEnabled?: boolean;
  /** `ingress_controller`: an ingress controller Magnum installs (leave it empty next to Istio). @default '' (none) */
  readonly ingressController?: '' | 'traefik' | 'nginx' | 'octavia';
  /** `ingress_controller_role`: the node role label the ingress controller runs on. @default 'ingress' */
  readonly ingressControllerRole?: string;
  /** `cert_manager_api`: enable the cert-manager API (the Kubernetes certificate signing API). @default false */
  readonly certManagerApi?: boolean;
  /** `keystone_auth_enabled`: authenticate Kubernetes users with Keystone tokens. @default true */
  readonly keystoneAuthEnabled?: boolean;
  /** `master_lb_floating_ip_enabled`: a floating IP on the API load balancer. @default - the template's floating_ip_enabled */
  readonly masterLbFloatingIpEnabled?: boolean;
  /** `master_lb_allowed_cidrs`: the CIDRs allowed to reach the API and etcd load balancers. @default - all */
  readonly masterLbAllowedCidrs?: readonly string[];
  /** `auto_healing_enabled`: replace unhealthy nodes. @default false */
  readonly autoHealingEnabled?: boolean;
  /** `auto_healing_controller`: which controller heals nodes. @default 'draino' */
  readonly autoHealingController?: 'draino' | 'magnum-auto-healer';
  /** `auto_scaling_enabled`: run the cluster autoscaler. @default false */
  readonly autoScalingEnabled?: boolean;
  /** `min_node_count`: the autoscaler's lower bound. @default 1 */
  readonly minNodeCount?: number;
  /** `max_node_count`: the autoscaler's upper bound. @default - the node count */
  readonly maxNodeCount?: number;
  /** `npd_enabled`: run the node problem detector. @default true */
  readonly npdEnabled?: boolean;
  /** `boot_volume_size`: the size in GB of the nodes' root volumes. @default - the image's disk */
  readonly bootVolumeSize?: number;
  /** `boot_volume_type`: the Cinder volume type of the root volumes. @default - the cloud's default */
  readonly bootVolumeType?: string;
  /** `docker_volume_type`: the Cinder volume type of the container storage volume. @default - the cloud's default */
  readonly dockerVolumeType?: string;
  /** `etcd_volume_size`: the size in GB of a dedicated etcd volume. @default 0 (none) */
  readonly etcdVolumeSize?: number;
  /** `etcd_volume_type`: the Cinder volume type of the etcd volume. @default - the cloud's default */
  readonly etcdVolumeType?: string;
  /** `availability_zone`: the availability zone of the nodes. @default - the cloud's default */
  readonly availabilityZone?: string;
  /** `cgroup_driver`: the kubelet's cgroup driver. @default 'cgroupfs' */
  readonly cgroupDriver?: 'systemd' | 'cgroupfs';
  /** `container_runtime`: docker ('') or containerd. @default '' (docker) */
  readonly containerRuntime?: '' | 'containerd';
  /** `containerd_version`: the containerd version. @default - the release's default */
  readonly containerdVersion?: string;
  /** `selinux_mode`: SELinux on the nodes. @default 'enforcing' */
  readonly selinuxMode?: 'enforcing' | 'permissive' | 'disabled';
  /** `use_podman`: run the system containers with podman. @default true (Fedora CoreOS) */
  readonly usePodman?: boolean;
  /** `fixed_subnet_cidr`: the node subnet Magnum creates when no fixed subnet is given. @default '10.0.0.0/24' */
  readonly fixedSubnetCidr?: string;
  /** `octavia_provider`: the Octavia provider of the load balancers. @default 'amphora' */
  readonly octaviaProvider?: string;
  /** `octavia_lb_algorithm`: the load-balancing algorithm. @default 'ROUND_ROBIN' */
  readonly octaviaLbAlgorithm?: 'ROUND_ROBIN' | 'LEAST_CONNECTIONS' | 'SOURCE_IP' | 'SOURCE_IP_PORT';
  /** `octavia_lb_healthcheck`: health monitors on the load balancers. @default true */
  readonly octaviaLbHealthcheck?: boolean;
  /** `kubelet_options`: extra kubelet arguments. @default '' */
  readonly kubeletOptions?: string;
  /** `kubeapi_options`: extra kube-apiserver arguments. @default '' */
  readonly kubeapiOptions?: string;
}

/** How a label's value is read by the driver. */
export type LabelKind = 'bool' | 'int' | 'string' | 'enum' | 'cidr' | 'cidrList' | 'words';

/** How one typed label is written and checked. */
export interface LabelSpec {
  /** The label key Magnum stores (`auto_scaling_enabled`). */
  readonly label: string;
  /** How the driver reads the value. */
  readonly kind: LabelKind;
  /** The allowed values of an enum label. */
  readonly values?: readonly string[];
  /** The smallest allowed integer. */
  readonly min?: number;
  /** Read from the cluster template only. */
  readonly templateOnly?: boolean;
}

const b = (label: string): LabelSpec => ({ label, kind: 'bool' });
const i = (label: string, min = 0): LabelSpec => ({ label, kind: 'int', min });
const s = (label: string): LabelSpec => ({ label, kind: 'string' });
const e = (label: string, values: readonly string[]): LabelSpec => ({ label, kind: 'enum', values });
const LB_ALGORITHMS = ['ROUND_ROBIN', 'LEAST_CONNECTIONS', 'SOURCE_IP', 'SOURCE_IP_PORT'];

const CAPI_LABELS: Record<keyof CapiHelmLabels, LabelSpec> = {
  etcdBlockdeviceSize: i('etcd_blockdevice_size'),
  etcdBlockdeviceType: e('etcd_blockdevice_type', ['volume', 'local']),
  etcdBlockdeviceVolumeType: s('etcd_blockdevice_volume_type'),
  etcdBlockdeviceVolumeAz: s('etcd_blockdevice_volume_az'),
  monitoringEnabled: b('monitoring_enabled'),
  kubeDashboardEnabled: b('kube_dashboard_enabled'),
  autoHealingEnabled: b('auto_healing_enabled'),
  autoScalingEnabled: b('auto_scaling_enabled'),
  minNodeCount: i('min_node_count'),
  maxNodeCount: i('max_node_count'),
  keystoneAuthEnabled: b('keystone_auth_enabled'),
  csiCinderAvailabilityZone: s('csi_cinder_availability_zone'),
  csiCinderReclaimPolicy: e('csi_cinder_reclaim_policy', ['Retain', 'Delete']),
  csiCinderVolumeBindingMode: e('csi_cinder_volume_binding_mode', ['WaitForFirstConsumer', 'Immediate']),
  csiCinderFstype: s('csi_cinder_fstype'),
  csiCinderAllowVolumeExpansion: b('csi_cinder_allow_volume_expansion'),
  octaviaProvider: s('octavia_provider'),
  octaviaLbAlgorithm: e('octavia_lb_algorithm', LB_ALGORITHMS),
  octaviaLbHealthcheck: b('octavia_lb_healthcheck'),
  masterLbFloatingIpEnabled: b('master_lb_floating_ip_enabled'),
  fixedSubnetCidr: { label: 'fixed_subnet_cidr', kind: 'cidr' },
  apiMasterLbAllowedCidrs: { label: 'api_master_lb_allowed_cidrs', kind: 'cidrList' },
  extraNetworkNames: { label: 'extra_network_names', kind: 'words' },
  bootVolumeType: s('boot_volume_type'),
  bootVolumeSize: i('boot_volume_size', 1),
  capiHelmChartVersion: { label: 'capi_helm_chart_version', kind: 'string', templateOnly: true },
};

const HEAT_LABELS: Record<keyof HeatLabels, LabelSpec> = {
  kubeTag: s('kube_tag'),
  containerInfraPrefix: s('container_infra_prefix'),
  hyperkubePrefix: s('hyperkube_prefix'),
  cloudProviderEnabled: b('cloud_provider_enabled'),
  cloudProviderTag: s('cloud_provider_tag'),
  etcdTag: s('etcd_tag'),
  corednsTag: s('coredns_tag'),
  flannelTag: s('flannel_tag'),
  flannelNetworkCidr: { label: 'flannel_network_cidr', kind: 'cidr' },
  flannelBackend: e('flannel_backend', ['udp', 'vxlan', 'host-gw']),
  flannelNetworkSubnetlen: i('flannel_network_subnetlen', 1),
  calicoTag: s('calico_tag'),
  calicoIpv4pool: { label: 'calico_ipv4pool', kind: 'cidr' },
  calicoIpv4poolIpip: e('calico_ipv4pool_ipip', ['Always', 'CrossSubnet', 'Never', 'Off']),
  serviceClusterIpRange: { label: 'service_cluster_ip_range', kind: 'cidr' },
  kubeDashboardEnabled: b('kube_dashboard_enabled'),
  metricsServerEnabled: b('metrics_server_enabled'),
  monitoringEnabled: b('monitoring_enabled'),
  prometheusAdapterEnabled: b('prometheus_adapter_enabled'),
  ingressController: e('ingress_controller', ['', 'traefik', 'nginx', 'octavia']),
  ingressControllerRole: s('ingress_controller_role'),
  certManagerApi: b('cert_manager_api'),
  keystoneAuthEnabled: b('keystone_auth_enabled'),
  masterLbFloatingIpEnabled: b('master_lb_floating_ip_enabled'),
  masterLbAllowedCidrs: { label: 'master_lb_allowed_cidrs', kind: 'cidrList' },
  autoHealingEnabled: b('auto_healing_enabled'),
  autoHealingController: e('auto_healing_controller', ['draino', 'magnum-auto-healer']),
  autoScalingEnabled: b('auto_scaling_enabled'),
  minNodeCount: i('min_node_count'),
  maxNodeCount: i('max_node_count'),
  npdEnabled: b('npd_enabled'),
  bootVolumeSize: i('boot_volume_size', 1),
  bootVolumeType: s('boot_volume_type'),
  dockerVolumeType: s('docker_volume_type'),
  etcdVolumeSize: i('etcd_volume_size'),
  etcdVolumeType: s('etcd_volume_type'),
  availabilityZone: s('availability_zone'),
  cgroupDriver: e('cgroup_driver', ['systemd', 'cgroupfs']),
  containerRuntime: e('container_runtime', ['', 'containerd']),
  containerdVersion: s('containerd_version'),
  selinuxMode: e('selinux_mode', ['enforcing', 'permissive', 'disabled']),
  usePodman: b('use_podman'),
  fixedSubnetCidr: { label: 'fixed_subnet_cidr', kind: 'cidr' },
  octaviaProvider: s('octavia_provider'),
  octaviaLbAlgorithm: e('octavia_lb_algorithm', LB_ALGORITHMS),
  octaviaLbHealthcheck: b('octavia_lb_healthcheck'),
  kubeletOptions: s('kubelet_options'),
  kubeapiOptions: s('kubeapi_options'),
};

/** Which Magnum driver a cluster template is for. */
export enum MagnumDriverKind {
  /** The Cluster API Helm driver (`magnum-capi-helm`). */
  CAPI_HELM = 'magnum-capi-helm',
  /** The Heat driver (`k8s_fedora_coreos_v1`), deprecated in OpenStack 2025.1. */
  HEAT = 'heat',
}

/** The driver facts a template needs: the labels it reads and the network drivers it supports. */
export interface DriverFacts {
  /** The labels the driver reads, by prop name. */
  readonly labels: Readonly<Record<string, LabelSpec>>;
  /** Network drivers (`network_driver`) the driver supports. */
  readonly networkDrivers: readonly string[];
  /** The `os_distro` values of the images it runs on. */
  readonly osDistros: readonly string[];
}

/** What each driver reads. */
export const DRIVERS: Readonly<Record<MagnumDriverKind, DriverFacts>> = {
  // magnum-capi-helm passes network_driver to the chart as addons.cni.type: calico (default) or cilium.
  [MagnumDriverKind.CAPI_HELM]: { labels: CAPI_LABELS, networkDrivers: ['calico', 'cilium'], osDistros: ['ubuntu', 'flatcar'] },
  // The Heat driver supports flannel and calico (Magnum's validator also lists cilium, for the CAPI drivers only).
  [MagnumDriverKind.HEAT]: { labels: HEAT_LABELS, networkDrivers: ['flannel', 'calico'], osDistros: ['fedora-coreos'] },
};

/** Every label key a driver reads, by snake_case name. */
export function labelNames(kind: MagnumDriverKind): string[] {
  return Object.values(DRIVERS[kind].labels).map((l) => l.label);
}

// What magnum-capi-helm keeps of a label value (it drops every other character without a word).
const CAPI_STRING_CHARS = /^[a-zA-Z0-9.\-/ _]*$/;
const CAPI_CSV_CHARS = /^[a-zA-Z0-9.\-/:,]*$/;

/**
 * Renders typed labels (checked against the driver) and the untyped ones into the label map.
 * Reports on `scope` under `prop` (`labels.minNodeCount`).
 */
export function renderLabels(scope: IConstruct, prop: string, kind: MagnumDriverKind, labels: CapiHelmLabels | HeatLabels | undefined, untyped: Readonly<Record<string, string>> | undefined, where: 'template' | 'cluster' | 'nodegroup'): Record<string, string> {
  const table = DRIVERS[kind].labels;
  const other = kind === MagnumDriverKind.CAPI_HELM ? DRIVERS[MagnumDriverKind.HEAT].labels : DRIVERS[MagnumDriverKind.CAPI_HELM].labels;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (value === undefined) continue;
    const at = `${prop}.${key}`;
    const spec = table[key];
    if (!spec) {
      const elsewhere = other[key] ? ` (it is a ${kind === MagnumDriverKind.CAPI_HELM ? 'Heat' : 'magnum-capi-helm'} driver label)` : '';
      reportError(scope, at, `the ${kind} driver does not read this label${elsewhere}`, { value, allowed: `the labels of the ${kind} driver, or untypedLabels for labels this library does not know` });
      continue;
    }
    if (spec.templateOnly && where !== 'template') {
      reportError(scope, at, `${spec.label} is read from the cluster template only; a ${where} label is ignored`, { value, allowed: 'set it on the ClusterTemplate' });
      continue;
    }
    const text = labelValue(scope, at, kind, spec, value);
    if (text !== undefined) out[spec.label] = text;
  }
  if (kind === MagnumDriverKind.CAPI_HELM || kind === MagnumDriverKind.HEAT) {
    const typed = labels as Record<string, unknown> | undefined;
    const min = typed?.minNodeCount;
    const max = typed?.maxNodeCount;
    if (typeof min === 'number' && typeof max === 'number' && Number.isInteger(min) && Number.isInteger(max) && min > max) {
      reportError(scope, `${prop}.minNodeCount`, 'the autoscaler\'s minimum is above its maximum', { value: { minNodeCount: min, maxNodeCount: max }, allowed: 'minNodeCount <= maxNodeCount' });
    }
  }
  const known = new Map(Object.entries(table).map(([p, spec]) => [spec.label, p]));
  for (const [key, value] of Object.entries(untyped ?? {})) {
    const at = `untypedLabels.${key}`;
    if (known.has(key)) {
      reportError(scope, at, `${key} has a typed prop; set ${prop}.${known.get(key)} instead`, { value });
      continue;
    }
    if (!/^[a-z0-9_.\-/]+$/i.test(key) || key.length > 255) {
      reportError(scope, at, 'not a valid label key', { value: key, allowed: 'letters, digits, _ . - / (at most 255 characters)' });
      continue;
    }
    if (typeof value !== 'string') {
      reportError(scope, at, 'label values are strings', { value });
      continue;
    }
    out[key] = value;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [z]) => a.localeCompare(z)));
}

function labelValue(scope: IConstruct, at: string, kind: MagnumDriverKind, spec: LabelSpec, value: unknown): string | undefined {
  if (!isLiteral(value)) return String(value);
  const capi = kind === MagnumDriverKind.CAPI_HELM;
  switch (spec.kind) {
    case 'bool':
      if (typeof value !== 'boolean') return reportError(scope, at, 'must be a boolean', { value, allowed: 'true or false' });
      return String(value);
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < (spec.min ?? 0) || value > 2 ** 31 - 1) {
        return reportError(scope, at, 'must be an integer', { value, allowed: `an integer from ${spec.min ?? 0} to 2147483647` });
      }
      return String(value);
    case 'enum':
      if (typeof value !== 'string' || !spec.values!.includes(value)) return reportError(scope, at, `not a value ${spec.label} accepts`, { value, allowed: spec.values!.map((v) => JSON.stringify(v)).join(', ') });
      return value;
    case 'cidr':
      if (typeof value !== 'string' || !isIpv4Cidr(value)) return reportError(scope, at, 'must be an IPv4 CIDR with the host bits zero', { value, allowed: 'e.g. 10.0.0.0/24' });
      return value;
    case 'cidrList': {
      const list = value as readonly string[];
      if (!Array.isArray(list) || list.length === 0) return reportError(scope, at, 'must be a non-empty list of CIDRs (leave it unset to allow all)', { value });
      const bad = list.filter((c) => typeof c !== 'string' || !isIpv4Cidr(c));
      if (bad.length) return reportError(scope, at, 'must be IPv4 CIDRs with the host bits zero', { value: bad, allowed: 'e.g. 192.0.2.0/24' });
      const joined = list.join(',');
      if (capi && !CAPI_CSV_CHARS.test(joined)) return reportError(scope, at, 'magnum-capi-helm drops these characters', { value });
      return joined;
    }
    case 'words': {
      const list = value as readonly string[];
      if (!Array.isArray(list) || list.length === 0 || list.some((w) => typeof w !== 'string' || !/^[A-Za-z0-9._\-/]+$/.test(w))) {
        return reportError(scope, at, 'must be a non-empty list of network names without spaces', { value, allowed: 'letters, digits, . _ - /' });
      }
      return list.join(' ');
    }
    default: {
      if (typeof value !== 'string') return reportError(scope, at, 'must be a string', { value });
      if (value.length > 255) return reportError(scope, at, 'label values are at most 255 characters (Magnum stores them as strings)', { value: `${value.slice(0, 40)}…`, allowed: 'at most 255 characters' });
      if (capi && !CAPI_STRING_CHARS.test(value)) {
        return reportError(scope, at, 'magnum-capi-helm silently drops every character outside [A-Za-z0-9. _/-] from label values, so this value would not be the one it uses', { value, allowed: 'letters, digits, space, . _ / -' });
      }
      return value;
    }
  }
}
