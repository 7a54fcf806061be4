/**
 * Outbound access to named external hosts from a mesh namespace.
 *
 * The first team to run Knative on Istio found that outbound calls failed and made them work by
 * editing Knative's `config-network` so that the sidecars stop intercepting traffic to addresses
 * outside the cluster (`istio.sidecar.includeOutboundIPRanges`). That opens every external
 * destination to every workload and hides the traffic from the mesh. This preset does the
 * opposite: each allowed host gets a ServiceEntry (visible to the namespace only), and a
 * namespace Sidecar with `REGISTRY_ONLY` makes every other external host unreachable, even on a
 * mesh whose `meshConfig.outboundTrafficPolicy` is the stock ALLOW_ANY.
 */
import { Construct } from 'constructs';
import { ClusterSettings } from '../../core/cluster-settings';
import { reportError, requireProp } from '../../core/report';
import { IstioProtocol } from '../common';
import { ServiceEntry, ServiceEntryLocation } from '../service-entry';
import { OutboundTrafficPolicyMode, Sidecar } from '../sidecar';

/** One external host the namespace may call. */
export interface ExternalHost {
  /** Host name (`s3.cern.ch`), or a wildcard (`*.cern.ch`, forwarded without DNS resolution). */
  readonly host: string;
  /** Port. @default 443 */
  readonly port?: number;
  /**
   * Protocol on that port: TLS for HTTPS the application speaks itself (Istio routes it by
   * SNI and does not terminate it), HTTP for plain HTTP.
   * @default IstioProtocol.TLS for port 443, IstioProtocol.HTTP for port 80, IstioProtocol.TCP otherwise
   */
  readonly protocol?: IstioProtocol;
}

/** Props of `ExternalHostsEgress`. */
export interface ExternalHostsEgressProps {
  /** The namespace whose workloads call the hosts. */
  readonly namespace: string;
  /** Hosts allowed. More can be added with `addHost`. @default - none */
  readonly hosts?: ExternalHost[];
  /**
   * Block every external host that is not listed, with a namespace Sidecar in REGISTRY_ONLY
   * mode. When the cluster settings say the mesh is already REGISTRY_ONLY
   * (`ClusterSettings.istio.outboundTrafficPolicy`), no Sidecar is needed and none is rendered
   * unless this is set to true explicitly.
   * @default - true when the mesh allows any outbound traffic (stock Istio), false when it is REGISTRY_ONLY
   */
  readonly restrictOtherHosts?: boolean;
  /**
   * Hosts of the mesh the workloads can see, in Sidecar `namespace/host` form. Narrowing this
   * (`./*`, `istio-system/*`) also cuts calls to Services in other namespaces.
   * @default ['*&#47;*'] (every mesh service; only external hosts are restricted)
   */
  readonly meshHosts?: string[];
  /**
   * Namespaces the ServiceEntries are visible to. Secure default: the namespace only, so its
   * allowance does not open the hosts for the whole mesh; `['*']` is upstream's default.
   * @default ['.']
   */
  readonly exportTo?: string[];
}

function defaultProtocol(port: number): IstioProtocol {
  if (port === 443) return IstioProtocol.TLS;
  if (port === 80) return IstioProtocol.HTTP;
  return IstioProtocol.TCP;
}

/** The object name for a host: `egress-` plus the host as a DNS label (`*.cern.ch` -> `egress-wildcard-cern-ch`). */
export function egressEntryName(host: string, port: number): string {
  const base = host.toLowerCase().replace(/^\*\./, 'wildcard.').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const name = `egress-${base}-${port}`;
  return name.length <= 63 ? name : name.slice(0, 63).replace(/-+$/, '');
}

/**
 * Lets the workloads of one namespace call a list of external hosts, and nothing else outside
 * the mesh: one ServiceEntry per host and port (MESH_EXTERNAL, DNS resolution, exported to the
 * namespace only) and, unless the mesh is already REGISTRY_ONLY, a namespace-wide Sidecar
 * `default` with `outboundTrafficPolicy: REGISTRY_ONLY`.
 *
 * A namespace can hold only one Sidecar without a workload selector; do not combine this with
 * another namespace-wide Sidecar.
 *
 * @example
 * new ExternalHostsEgress(chart, 'egress', { namespace: 'checksum', hosts: [{ host: 's3.cern.ch' }] });
 */
export class ExternalHostsEgress extends Construct {
  /** The namespace Sidecar, when one is rendered. */
  public readonly sidecar?: Sidecar;
  private readonly entries = new Map<string, ServiceEntry>();
  private readonly namespace: string;
  private readonly exportTo?: string[];

  public constructor(scope: Construct, id: string, props: ExternalHostsEgressProps) {
    super(scope, id);
    requireProp('ExternalHostsEgress', props, 'namespace');
    this.namespace = props.namespace;
    this.exportTo = props.exportTo;
    const meshMode = ClusterSettings.of(this).istio.outboundTrafficPolicy;
    const restrict = props.restrictOtherHosts ?? meshMode === 'ALLOW_ANY';
    if (restrict) {
      this.sidecar = new Sidecar(this, 'Sidecar', {
        metadata: { name: 'default', namespace: props.namespace },
        egress: [{ hosts: props.meshHosts ?? ['*/*'] }],
        outboundTrafficPolicy: OutboundTrafficPolicyMode.REGISTRY_ONLY,
      });
    }
    for (const h of props.hosts ?? []) this.addHost(h);
  }

  /** Allows one more external host; returns its ServiceEntry. */
  public addHost(host: ExternalHost): ServiceEntry {
    const port = host.port ?? 443;
    const name = egressEntryName(host.host, port);
    const existing = this.entries.get(name);
    if (existing) {
      reportError(this, `hosts[${this.entries.size}]`, `host and port are already allowed for namespace '${this.namespace}'`, { value: { host: host.host, port }, allowed: 'each host and port once' });
      return existing;
    }
    const entry = new ServiceEntry(this, name, {
      metadata: { name, namespace: this.namespace },
      hosts: [host.host],
      ports: [{ number: port, protocol: host.protocol ?? defaultProtocol(port) }],
      location: ServiceEntryLocation.MESH_EXTERNAL,
      exportTo: this.exportTo ?? ['.'],
    });
    this.entries.set(name, entry);
    return entry;
  }
}
