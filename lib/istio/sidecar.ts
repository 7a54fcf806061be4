import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import type * as l1 from '../../imports/networking.istio.io';
import { Resource } from '../core/resource';
import { IstioProtocol } from './common';
import { renderServerTls, ServerTlsOptions } from './gateway';
import { Json, checkPort, compact, renderedObject } from './internal';

/** `l1.Sidecar.GVK`, written out so that rendering does not load the generated bindings. */
const GVK: typeof l1.Sidecar.GVK = { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar' };

/** What sidecars do with traffic to hosts that are not in their registry view. */
export enum OutboundTrafficPolicyMode {
  /** Only hosts in the registry (services, ServiceEntries) are reachable. */
  REGISTRY_ONLY = 'REGISTRY_ONLY',
  /** Unknown hosts are passed through (Istio's mesh default). */
  ALLOW_ANY = 'ALLOW_ANY',
  /** Not an Istio mode: leaves `outboundTrafficPolicy` out, so the mesh's `meshConfig.outboundTrafficPolicy` applies (upstream's default). */
  MESH_DEFAULT = 'MESH_DEFAULT',
}

/** How inbound traffic reaches an ingress listener (Istio `CaptureMode`). */
export enum SidecarCaptureMode {
  /** The environment's default capture mode. */
  DEFAULT = 'DEFAULT',
  /** Captured with iptables redirection. */
  IPTABLES = 'IPTABLES',
  /** Not captured: the listener binds the address itself. */
  NONE = 'NONE',
}

/** The port of an ingress listener. */
export interface SidecarIngressPort {
  /** Port number the workload receives traffic on. */
  readonly number: number;
  /** Protocol of the port. */
  readonly protocol: IstioProtocol;
  /** Port name. @default `<protocol lowercase>-<number>` */
  readonly name?: string;
}

/** One ingress listener of a Sidecar: how the proxy accepts inbound traffic on a port (Istio `IstioIngressListener`). */
export interface SidecarIngress {
  /** The port the listener accepts traffic on. */
  readonly port: SidecarIngressPort;
  /** IP address the listener binds to. @default - the workload's addresses */
  readonly bind?: string;
  /** How traffic reaches the listener. @default SidecarCaptureMode.DEFAULT (upstream's default) */
  readonly captureMode?: SidecarCaptureMode;
  /**
   * Where accepted traffic is forwarded: `127.0.0.1:<port>`, `0.0.0.0:<port>` or
   * `unix://<path>`.
   * @default - the workload's instance IP and the port number
   */
  readonly defaultEndpoint?: string;
  /** Terminate TLS on this listener (same settings as a Gateway server). @default - no TLS termination (mesh mTLS still applies) */
  readonly tls?: ServerTlsOptions;
}

/** The port of an egress listener. */
export interface SidecarEgressPort {
  /** Port number. */
  readonly number: number;
  /** Protocol of the port. */
  readonly protocol: IstioProtocol;
  /** Port name. @default `<protocol lowercase>-<number>` */
  readonly name?: string;
}

/** One egress listener of a Sidecar. */
export interface SidecarEgress {
  /**
   * Hosts visible to the workload, as `namespace/dnsName`: `./*` (own namespace),
   * `istio-system/*`, `*&#47;*` (everything), `~/*` (nothing).
   */
  readonly hosts: string[];
  /** Restrict the listener to one port. @default - all ports */
  readonly port?: SidecarEgressPort;
  /** Address or Unix socket the listener binds to. @default - derived from the port/hosts */
  readonly bind?: string;
}

/** Props of a Sidecar. */
export interface SidecarProps {
  /** Metadata (name, namespace, labels). @default - a generated name in the chart's namespace */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Labels of the workloads this applies to. Without it the Sidecar applies to every workload
   * in its namespace; a namespace should have at most one such Sidecar.
   * @default - every workload in the namespace
   */
  readonly workloadSelector?: Record<string, string>;
  /**
   * Egress listeners: which hosts the workloads can see. More can be added with `addEgress`.
   * @default - none: Istio's default of every host in the mesh (`*&#47;*`)
   */
  readonly egress?: SidecarEgress[];
  /**
   * Outbound traffic policy for hosts outside the registry. Secure default: REGISTRY_ONLY, so
   * calls to hosts without a ServiceEntry fail instead of leaving the mesh unseen.
   * `OutboundTrafficPolicyMode.MESH_DEFAULT` renders none, as upstream does by default.
   * @default OutboundTrafficPolicyMode.REGISTRY_ONLY
   */
  readonly outboundTrafficPolicy?: OutboundTrafficPolicyMode;
  /** Ingress listeners: how inbound traffic is accepted. More can be added with `addIngress`. @default - none: Istio derives them from the workload's ports */
  readonly ingress?: SidecarIngress[];
}

/**
 * An Istio Sidecar: scopes the configuration a workload's proxy receives (egress hosts) and its
 * outbound traffic policy.
 *
 * @example
 * new Sidecar(chart, 'default', { metadata: { name: 'default', namespace: 'team-a' }, egress: [{ hosts: ['./*', 'istio-system/*'] }] });
 */
export class Sidecar extends Resource {
  /** The rendered object; `addJsonPatch` on it is the escape hatch for fields not modelled. */
  public readonly apiObject: ApiObject;
  private readonly egress: SidecarEgress[] = [];
  private readonly ingress: SidecarIngress[] = [];

  public constructor(scope: Construct, id: string, private readonly props: SidecarProps = {}) {
    super(scope, id);
    this.apiObject = renderedObject(this, GVK, props.metadata, () => this.renderSpec());
    for (const e of props.egress ?? []) this.addEgress(e);
    for (const i of props.ingress ?? []) this.addIngress(i);
  }

  /** Adds an ingress listener. */
  public addIngress(ingress: SidecarIngress): this {
    checkPort(this, `ingress[${this.ingress.length}].port.number`, ingress.port.number);
    this.ingress.push(ingress);
    return this;
  }

  /** Adds an egress listener. */
  public addEgress(egress: SidecarEgress): this {
    checkPort(this, `egress[${this.egress.length}].port.number`, egress.port?.number);
    this.egress.push({ ...egress, hosts: [...egress.hosts] });
    return this;
  }

  /** Makes more hosts visible on the port-less egress listener (creating it if needed). */
  public addEgressHosts(...hosts: string[]): this {
    const catchAll = this.egress.find((e) => !e.port && !e.bind);
    if (catchAll) (catchAll.hosts as string[]).push(...hosts);
    else this.egress.push({ hosts: [...hosts] });
    return this;
  }

  private renderSpec(): Json {
    const mode = this.props.outboundTrafficPolicy ?? OutboundTrafficPolicyMode.REGISTRY_ONLY;
    return compact({
      workloadSelector: this.props.workloadSelector ? { labels: { ...this.props.workloadSelector } } : undefined,
      ingress: this.ingress.map((i) => compact({
        port: compact({ number: i.port.number, protocol: i.port.protocol, name: i.port.name ?? `${i.port.protocol.toLowerCase()}-${i.port.number}` }),
        bind: i.bind,
        captureMode: i.captureMode,
        defaultEndpoint: i.defaultEndpoint,
        tls: i.tls ? renderServerTls(i.tls) : undefined,
      })),
      // Istio requires the port-less (catch-all) listener to come last.
      egress: [...this.egress.filter((e) => e.port), ...this.egress.filter((e) => !e.port)].map((e) => compact({
        hosts: [...e.hosts],
        bind: e.bind,
        port: e.port ? compact({ number: e.port.number, protocol: e.port.protocol, name: e.port.name ?? `${e.port.protocol.toLowerCase()}-${e.port.number}` }) : undefined,
      })),
      outboundTrafficPolicy: mode === OutboundTrafficPolicyMode.MESH_DEFAULT ? undefined : { mode },
    });
  }
}
