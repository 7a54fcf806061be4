/**
 * The network around a Magnum cluster: its private network (created or looked up), a keypair,
 * security groups, and the ingress path (a floating IP reserved for the Istio ingress gateway and
 * a wildcard DNS record of the Knative domain pointing at it).
 */
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterNetworkRef } from './magnum';
import { Attributes, OpenStackDataSource, OpenStackResource, checkBehaviour, checkDnsName, checkInt, checkNonEmpty, isIpv4, isIpv4Cidr, isLiteral } from './terraform';
import { reportError } from '../core/report';

/** A private network, subnet and router created for the cluster. */
export interface NewNetworkProps {
  /** The name of the network, subnet and router (suffixes -subnet, -router). */
  readonly name: string;
  /** The subnet's IPv4 CIDR. */
  readonly cidr: string;
  /** DNS servers handed out by DHCP (IPv4). @default - none (Neutron's DHCP agent's resolvers) */
  readonly dnsNameservers?: readonly string[];
  /** The external network's ID the router's gateway is on (ClusterTemplate.externalNetworkId). */
  readonly externalNetworkId: string;
  /** The MTU of the network. @default - the cloud's default */
  readonly mtu?: number;
}

/** An existing network and subnet, looked up by name. */
export interface ExistingNetworkProps {
  /** The network's name. */
  readonly networkName: string;
  /** The subnet's name. */
  readonly subnetName: string;
}

/** Options of the cluster's private network: create one, or look one up. */
export interface ClusterNetworkProps {
  /** Create a network, subnet, router and router interface. @default - use `existing` */
  readonly create?: NewNetworkProps;
  /** Look up an existing network and subnet. @default - use `create` */
  readonly existing?: ExistingNetworkProps;
  /** The provider the resources are created with. @default - the stack's openstack provider */
  readonly provider?: TerraformProvider;
}

/** The private network of a cluster's nodes. */
export class ClusterNetwork extends Construct implements ClusterNetworkRef {
  /** The network's ID (a Terraform reference). */
  public readonly networkId: string;
  /** The subnet's ID (a Terraform reference). */
  public readonly subnetId: string;
  /** The router interface, which the cluster must wait for (nodes need their gateway at boot). */
  public readonly dependables: OpenStackResource[] = [];

  public constructor(scope: Construct, id: string, props: ClusterNetworkProps) {
    super(scope, id);
    if (!props || typeof props !== 'object') throw new TypeError('ClusterNetwork: props are required; pass { create } or { existing }');
    if ((props.create === undefined) === (props.existing === undefined)) {
      reportError(this, 'create', 'give exactly one of create and existing', { value: { create: props.create !== undefined, existing: props.existing !== undefined } });
    }
    if (props.existing) {
      checkNonEmpty(this, 'existing.networkName', props.existing.networkName, 'the network name');
      checkNonEmpty(this, 'existing.subnetName', props.existing.subnetName, 'the subnet name');
      const net = new OpenStackDataSource(this, 'Network', 'openstack_networking_network_v2', { name: props.existing.networkName }, props.provider);
      const subnet = new OpenStackDataSource(this, 'Subnet', 'openstack_networking_subnet_v2', { name: props.existing.subnetName, network_id: net.attr('id') }, props.provider);
      this.networkId = net.attr('id');
      this.subnetId = subnet.attr('id');
      return;
    }
    const c = props.create ?? { name: '', cidr: '', externalNetworkId: '' };
    checkNonEmpty(this, 'create.name', c.name, 'the network name');
    if (isLiteral(c.cidr) && !isIpv4Cidr(c.cidr)) reportError(this, 'create.cidr', 'must be an IPv4 CIDR with the host bits zero', { value: c.cidr, allowed: 'e.g. 10.0.0.0/24' });
    else if (isLiteral(c.cidr) && Number(c.cidr.split('/')[1]) > 29) reportError(this, 'create.cidr', 'the subnet is too small for a cluster (Neutron needs addresses for the gateway, DHCP and the load balancers)', { value: c.cidr, allowed: 'a /29 or larger' });
    (c.dnsNameservers ?? []).forEach((d, n) => { if (isLiteral(d) && !isIpv4(d)) reportError(this, `create.dnsNameservers[${n}]`, 'not an IPv4 address', { value: d }); });
    checkInt(this, 'create.mtu', c.mtu, 68, 9216);
    checkNonEmpty(this, 'create.externalNetworkId', c.externalNetworkId, 'the external network');
    const network = new OpenStackResource(this, 'Network', 'openstack_networking_network_v2', () => ({ name: c.name, admin_state_up: true, mtu: c.mtu }), props.provider);
    const subnetAttrs: Attributes = {
      name: `${c.name}-subnet`, network_id: network.attr('id'), cidr: c.cidr, ip_version: 4, enable_dhcp: true,
      dns_nameservers: c.dnsNameservers && c.dnsNameservers.length ? [...c.dnsNameservers] : undefined,
    };
    checkBehaviour(this, 'openstack_networking_subnet_v2', subnetAttrs, (a) => `create.${a}`);
    const subnet = new OpenStackResource(this, 'Subnet', 'openstack_networking_subnet_v2', () => subnetAttrs, props.provider);
    const router = new OpenStackResource(this, 'Router', 'openstack_networking_router_v2', () => ({ name: `${c.name}-router`, admin_state_up: true, external_network_id: c.externalNetworkId }), props.provider);
    const iface = new OpenStackResource(this, 'RouterInterface', 'openstack_networking_router_interface_v2', () => ({ router_id: router.attr('id'), subnet_id: subnet.attr('id') }), props.provider);
    this.networkId = network.attr('id');
    this.subnetId = subnet.attr('id');
    this.dependables.push(iface);
  }
}

/** Options of a Nova keypair. */
export interface KeypairProps {
  /** The keypair's name. */
  readonly name: string;
  /**
   * The OpenSSH public key to import. Required: a keypair generated by Nova would put its
   * private key in the Terraform state.
   */
  readonly publicKey: string;
  /** The provider the resources are created with. @default - the stack's openstack provider */
  readonly provider?: TerraformProvider;
}

/** A Nova keypair imported from a public key (`openstack_compute_keypair_v2`). */
export class Keypair extends Construct {
  /** The keypair's name, as Magnum wants it (a Terraform reference to the imported keypair). */
  public readonly keypairName: string;

  public constructor(scope: Construct, id: string, props: KeypairProps) {
    super(scope, id);
    if (!props || typeof props !== 'object') throw new TypeError('Keypair: props are required; pass { name, publicKey }');
    checkNonEmpty(this, 'name', props.name, 'the keypair name');
    if (isLiteral(props.publicKey) && (typeof props.publicKey !== 'string' || !/^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/=]+( .*)?$/.test(props.publicKey.trim()))) {
      reportError(this, 'publicKey', 'not an OpenSSH public key', { value: typeof props.publicKey === 'string' ? `${props.publicKey.slice(0, 24)}…` : props.publicKey, allowed: 'a line of ~/.ssh/id_ed25519.pub (ssh-ed25519 AAAA… comment)' });
    }
    const kp = new OpenStackResource(this, 'Resource', 'openstack_compute_keypair_v2', () => ({ name: props.name, public_key: typeof props.publicKey === 'string' ? props.publicKey.trim() : props.publicKey }), props.provider);
    // A reference, so the cluster waits for the import.
    this.keypairName = kp.attr('name');
  }
}

/** One ingress rule of a security group. */
export interface SecurityGroupRule {
  /** The protocol. */
  readonly protocol: 'tcp' | 'udp' | 'icmp';
  /** The first port (tcp/udp). @default - all ports */
  readonly portMin?: number;
  /** The last port (tcp/udp). @default - portMin */
  readonly portMax?: number;
  /** The source CIDR. @default '0.0.0.0/0' */
  readonly remoteIpPrefix?: string;
  /** A description. @default - none */
  readonly description?: string;
}

/** Options of a security group. */
export interface SecurityGroupProps {
  /** The group's name. */
  readonly name: string;
  /** Its ingress rules (IPv4). */
  readonly ingress: readonly SecurityGroupRule[];
  /** A description. @default - none */
  readonly description?: string;
  /** The provider the resources are created with. @default - the stack's openstack provider */
  readonly provider?: TerraformProvider;
}

/** A Neutron security group with ingress rules (egress stays Neutron's default: all). */
export class SecurityGroup extends Construct {
  /** The group's ID (a Terraform reference). */
  public readonly securityGroupId: string;

  public constructor(scope: Construct, id: string, props: SecurityGroupProps) {
    super(scope, id);
    if (!props || typeof props !== 'object' || !Array.isArray(props.ingress)) throw new TypeError('SecurityGroup: props are required; pass { name, ingress: [...] }');
    checkNonEmpty(this, 'name', props.name, 'the security group name');
    const group = new OpenStackResource(this, 'Resource', 'openstack_networking_secgroup_v2', () => ({ name: props.name, description: props.description }), props.provider);
    this.securityGroupId = group.attr('id');
    props.ingress.forEach((r, n) => {
      const at = `ingress[${n}]`;
      if (!['tcp', 'udp', 'icmp'].includes(r.protocol)) reportError(this, `${at}.protocol`, 'not a protocol this construct writes', { value: r.protocol, allowed: 'tcp, udp, icmp' });
      if (r.protocol === 'icmp' && (r.portMin !== undefined || r.portMax !== undefined)) reportError(this, `${at}.portMin`, 'ICMP rules have no ports', { value: { portMin: r.portMin, portMax: r.portMax } });
      const min = r.portMin;
      const max = r.portMax ?? r.portMin;
      if (min === undefined && r.portMax !== undefined) reportError(this, `${at}.portMin`, 'portMax needs portMin', { value: r.portMax });
      if (min !== undefined && max !== undefined && min > max) reportError(this, `${at}.portMin`, 'the range is empty', { value: { portMin: min, portMax: max } });
      const prefix = r.remoteIpPrefix ?? '0.0.0.0/0';
      if (isLiteral(prefix) && !isIpv4Cidr(prefix)) reportError(this, `${at}.remoteIpPrefix`, 'must be an IPv4 CIDR with the host bits zero', { value: prefix });
      const attrs: Attributes = {
        security_group_id: group.attr('id'), direction: 'ingress', ethertype: 'IPv4', protocol: r.protocol,
        port_range_min: min, port_range_max: max, remote_ip_prefix: prefix, description: r.description,
      };
      checkBehaviour(this, 'openstack_networking_secgroup_rule_v2', attrs, (a) => `${at}.${{ port_range_min: 'portMin', port_range_max: 'portMax', remote_ip_prefix: 'remoteIpPrefix' }[a] ?? a}`);
      new OpenStackResource(this, `Rule${n}`, 'openstack_networking_secgroup_rule_v2', () => attrs, props.provider);
    });
  }
}

/** The Designate zone the Knative domain's record goes into. */
export interface DnsZoneRef {
  /** The zone's name, fully qualified (`example.org.`). */
  readonly zoneName: string;
  /** Create the zone (PRIMARY) instead of looking it up. @default false */
  readonly create?: boolean;
  /** The zone's contact e-mail (when it is created). @default - Designate's default */
  readonly email?: string;
}

/** Options of the ingress endpoint. */
export interface IngressEndpointProps {
  /** The floating IP pool: the external network's name (ClusterTemplate.externalNetworkName). */
  readonly pool: string;
  /**
   * The address to reserve, from the pool's subnet. Give it for GitOps: the manifests in git
   * (the Istio ingress gateway's `loadBalancerIP`) need the literal address, which a Terraform
   * reference cannot be.
   * @default - Neutron picks one; it is known only after apply (a Terraform reference)
   */
  readonly address?: string;
  /** The Knative domain (`functions.example.org`): a wildcard A record `*.<domain>` points at the address. */
  readonly domain: string;
  /** The Designate zone of the record. @default - no DNS record (the domain is resolved elsewhere) */
  readonly zone?: DnsZoneRef;
  /** The record's TTL in seconds. @default 300 */
  readonly ttl?: number;
  /** A description of the floating IP. @default 'Istio ingress gateway of <domain>' */
  readonly description?: string;
  /** The provider the resources are created with. @default - the stack's openstack provider */
  readonly provider?: TerraformProvider;
}

/** What the platform needs of the ingress path: typed values, passed to IstioInstall and KnativeInstall. */
export interface IngressValues {
  /** The ingress gateway's address (IstioInstall `ingressGateway.loadBalancerIp`). */
  readonly address: string;
  /** The Knative domain (KnativeInstall `serving.domains`). */
  readonly domain: string;
}

/**
 * The ingress path of a cluster: a floating IP reserved for the Istio ingress gateway's
 * LoadBalancer Service (Octavia takes it when the Service asks for it by `loadBalancerIP`) and,
 * with a zone, a wildcard record of the Knative domain pointing at it.
 */
export class IngressEndpoint extends Construct {
  /** The address and domain: literal when `address` was given. */
  public readonly values: IngressValues;
  /** Whether the address is known at synth (given as a literal). */
  public readonly addressIsLiteral: boolean;
  /** The floating IP's address as a Terraform reference (for outputs). */
  public readonly addressReference: string;

  public constructor(scope: Construct, id: string, props: IngressEndpointProps) {
    super(scope, id);
    if (!props || typeof props !== 'object') throw new TypeError('IngressEndpoint: props are required; pass { pool, domain }');
    checkNonEmpty(this, 'pool', props.pool, 'the floating IP pool (external network name)');
    if (props.address !== undefined && isLiteral(props.address) && !isIpv4(props.address)) {
      reportError(this, 'address', 'not an IPv4 address', { value: props.address, allowed: 'a free address of the pool\'s subnet, e.g. 203.0.113.10' });
    }
    checkDnsName(this, 'domain', props.domain);
    checkInt(this, 'ttl', props.ttl, 1, 2147483647);
    const fip = new OpenStackResource(this, 'FloatingIp', 'openstack_networking_floatingip_v2', () => ({
      pool: props.pool, address: props.address, description: props.description ?? `Istio ingress gateway of ${props.domain}`,
    }), props.provider);
    this.addressReference = fip.attr('address');
    this.addressIsLiteral = props.address !== undefined && isLiteral(props.address);
    this.values = { address: props.address ?? this.addressReference, domain: props.domain };
    if (props.zone) {
      const z = props.zone;
      if (checkDnsName(this, 'zone.zoneName', z.zoneName, { trailingDot: true }) && isLiteral(props.domain) && typeof props.domain === 'string') {
        const zone = z.zoneName.replace(/\.$/, '');
        if (props.domain !== zone && !props.domain.endsWith(`.${zone}`)) {
          reportError(this, 'domain', 'the domain is not inside the zone, so its record cannot go there', { value: { domain: props.domain, zone: z.zoneName }, allowed: `a domain ending in .${zone}` });
        }
      }
      if (z.email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(z.email)) reportError(this, 'zone.email', 'not an e-mail address', { value: z.email });
      const zoneId = z.create
        ? new OpenStackResource(this, 'Zone', 'openstack_dns_zone_v2', () => ({ name: z.zoneName, email: z.email, type: 'PRIMARY' }), props.provider).attr('id')
        : new OpenStackDataSource(this, 'Zone', 'openstack_dns_zone_v2', { name: z.zoneName }, props.provider).attr('id');
      new OpenStackResource(this, 'WildcardRecord', 'openstack_dns_recordset_v2', () => ({
        zone_id: zoneId, name: `*.${props.domain}.`, type: 'A', ttl: props.ttl ?? 300, records: [this.addressReference],
        description: `Knative services of ${props.domain} (Istio ingress gateway)`,
      }), props.provider);
    }
  }
}
