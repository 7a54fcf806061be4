import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import * as l1 from '../../imports/networking.istio.io';
import { Resource } from '../core/resource';
import { IstioProtocol } from './common';
import { Json, checkPort, compact, renderedObject } from './internal';

/** What sidecars do with traffic to hosts that are not in their registry view. */
export enum OutboundTrafficPolicyMode {
  /** Only hosts in the registry (services, ServiceEntries) are reachable. */
  REGISTRY_ONLY = 'REGISTRY_ONLY',
  /** Unknown hosts are passed through (Istio's mesh default). */
  ALLOW_ANY = 'ALLOW_ANY',
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
   * @default OutboundTrafficPolicyMode.REGISTRY_ONLY
   */
  readonly outboundTrafficPolicy?: OutboundTrafficPolicyMode;
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

  public constructor(scope: Construct, id: string, private readonly props: SidecarProps = {}) {
    super(scope, id);
    this.apiObject = renderedObject(this, l1.Sidecar.GVK, props.metadata, () => this.renderSpec());
    for (const e of props.egress ?? []) this.addEgress(e);
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
    return compact({
      workloadSelector: this.props.workloadSelector ? { labels: { ...this.props.workloadSelector } } : undefined,
      // Istio requires the port-less (catch-all) listener to come last.
      egress: [...this.egress.filter((e) => e.port), ...this.egress.filter((e) => !e.port)].map((e) => compact({
        hosts: [...e.hosts],
        bind: e.bind,
        port: e.port ? compact({ number: e.port.number, protocol: e.port.protocol, name: e.port.name ?? `${e.port.protocol.toLowerCase()}-${e.port.number}` }) : undefined,
      })),
      outboundTrafficPolicy: { mode: this.props.outboundTrafficPolicy ?? OutboundTrafficPolicyMode.REGISTRY_ONLY },
    });
  }
}
