import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import type * as l1 from '../../imports/networking.istio.io';
import { requireProp } from '../core/report';
import { Resource } from '../core/resource';
import { IstioProtocol } from './common';
import { Json, checkPort, compact, renderedObject } from './internal';

/** `l1.ServiceEntry.GVK`, written out so that rendering does not load the generated bindings. */
const GVK: typeof l1.ServiceEntry.GVK = { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry' };

/** Whether the service is part of the mesh or outside it. */
export enum ServiceEntryLocation {
  /** Outside the mesh (external APIs, object stores): no mTLS towards it. */
  MESH_EXTERNAL = 'MESH_EXTERNAL',
  /** Part of the mesh (VMs, unmanaged pods): treated like a mesh service. */
  MESH_INTERNAL = 'MESH_INTERNAL',
}

/** How the proxy finds the endpoints' addresses. */
export enum ServiceEntryResolution {
  /** Forward to the IP the caller connected to (wildcard hosts). */
  NONE = 'NONE',
  /** Use the endpoints' static addresses. */
  STATIC = 'STATIC',
  /** Resolve the hosts (or endpoint names) with DNS, all addresses used. */
  DNS = 'DNS',
  /** Resolve with DNS, use the first address only (long-lived connections). */
  DNS_ROUND_ROBIN = 'DNS_ROUND_ROBIN',
}

/** A port of a ServiceEntry. */
export interface ServiceEntryPort {
  /** Port number. */
  readonly number: number;
  /** Protocol: `TLS` for HTTPS the application originates itself, `HTTP` for plain HTTP. */
  readonly protocol: IstioProtocol;
  /** Port name. @default `<protocol lowercase>-<number>` */
  readonly name?: string;
  /** Port on the endpoints, when it differs. @default - `number` */
  readonly targetPort?: number;
}

/** An endpoint of a ServiceEntry. */
export interface ServiceEntryEndpoint {
  /** IP, hostname (with DNS resolution) or `unix://` socket. */
  readonly address: string;
  /** Port name to endpoint port overrides. @default - the service ports */
  readonly ports?: Record<string, number>;
  /** Labels of the endpoint (for subsets). @default - none */
  readonly labels?: Record<string, string>;
  /** Network of the endpoint (multi-network meshes). @default - none */
  readonly network?: string;
  /** Locality (`region/zone/subzone`). @default - none */
  readonly locality?: string;
  /** Load balancing weight. @default - equal */
  readonly weight?: number;
}

/** Props of a ServiceEntry. */
export interface ServiceEntryProps {
  /** Metadata (name, namespace, labels). @default - a generated name in the chart's namespace */
  readonly metadata?: ApiObjectMetadata;
  /** Hosts (FQDNs, or wildcards with resolution NONE). */
  readonly hosts: string[];
  /** Ports. More can be added with `addPort`. @default - none */
  readonly ports?: ServiceEntryPort[];
  /**
   * Location.
   * @default ServiceEntryLocation.MESH_EXTERNAL
   */
  readonly location?: ServiceEntryLocation;
  /**
   * Resolution. Wildcard hosts cannot be resolved, so they get NONE; a `workloadSelector`
   * selects pods by IP, so it gets STATIC. Upstream's own default is NONE.
   * @default ServiceEntryResolution.DNS for FQDN hosts, NONE when a host is a wildcard, STATIC with a workloadSelector
   */
  readonly resolution?: ServiceEntryResolution;
  /** Virtual IPs/CIDRs of the service. @default - none */
  readonly addresses?: string[];
  /** Static endpoints. @default - none (the hosts themselves with DNS resolution) */
  readonly endpoints?: ServiceEntryEndpoint[];
  /**
   * Namespaces the entry is visible to. Secure default: only its own namespace, so one
   * team's egress allowance does not open the host for the whole mesh. `['*']` is upstream's
   * default (every namespace).
   * @default ['.']
   */
  readonly exportTo?: string[];
  /** Select mesh-internal pods as endpoints instead of `endpoints`. @default - none */
  readonly workloadSelector?: Record<string, string>;
  /** Accepted SANs of the endpoints' certificates (MESH_INTERNAL with mTLS). @default - none */
  readonly subjectAltNames?: string[];
}

/**
 * An Istio ServiceEntry: adds a service (usually an external host) to Istio's registry,
 * so sidecars route to it and `REGISTRY_ONLY` outbound policies allow it.
 *
 * @example
 * new ServiceEntry(chart, 's3', { hosts: ['s3.cern.ch'], ports: [{ number: 443, protocol: IstioProtocol.TLS }] });
 */
export class ServiceEntry extends Resource {
  /** The rendered object; `addJsonPatch` on it is the escape hatch for fields not modelled. */
  public readonly apiObject: ApiObject;
  private readonly hosts: string[];
  private readonly ports: ServiceEntryPort[] = [];
  private readonly endpoints: ServiceEntryEndpoint[];

  public constructor(scope: Construct, id: string, private readonly props: ServiceEntryProps) {
    super(scope, id);
    requireProp('ServiceEntry', props, 'hosts');
    this.hosts = [...props.hosts];
    this.endpoints = [...(props.endpoints ?? [])];
    this.apiObject = renderedObject(this, GVK, props.metadata, () => this.renderSpec());
    for (const p of props.ports ?? []) this.addPort(p);
  }

  /** Adds a host. */
  public addHost(host: string): this {
    this.hosts.push(host);
    return this;
  }

  /** Adds a port. */
  public addPort(port: ServiceEntryPort): this {
    checkPort(this, `ports[${this.ports.length}].number`, port.number);
    checkPort(this, `ports[${this.ports.length}].targetPort`, port.targetPort);
    this.ports.push(port);
    return this;
  }

  /** Adds a static endpoint. */
  public addEndpoint(endpoint: ServiceEntryEndpoint): this {
    this.endpoints.push(endpoint);
    return this;
  }

  private renderSpec(): Json {
    const wildcard = this.hosts.some((h) => h.startsWith('*'));
    return compact({
      hosts: [...this.hosts],
      addresses: this.props.addresses,
      ports: this.ports.map((p) => compact({ number: p.number, protocol: p.protocol, name: p.name ?? `${p.protocol.toLowerCase()}-${p.number}`, targetPort: p.targetPort })),
      location: this.props.location ?? ServiceEntryLocation.MESH_EXTERNAL,
      resolution: this.props.resolution ?? (wildcard ? ServiceEntryResolution.NONE : this.props.workloadSelector ? ServiceEntryResolution.STATIC : ServiceEntryResolution.DNS),
      endpoints: this.endpoints.map((e) => compact({ ...e })),
      exportTo: this.props.exportTo ?? ['.'],
      workloadSelector: this.props.workloadSelector ? { labels: { ...this.props.workloadSelector } } : undefined,
      subjectAltNames: this.props.subjectAltNames,
    });
  }
}
