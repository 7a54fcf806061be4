import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import type * as l1 from '../../imports/networking.istio.io';
import { Resource } from '../core/resource';
import { IstioProtocol, TlsVersion } from './common';
import { checkPort, compact, renderedObject } from './internal';

/** `l1.Gateway.GVK`, written out so that rendering does not load the generated bindings. */
const GVK: typeof l1.Gateway.GVK = { apiVersion: 'networking.istio.io/v1', kind: 'Gateway' };

/** Something VirtualServices can bind to: a Gateway, by `namespace/name`, or the sidecar mesh. */
export interface IGateway {
  /** The name a VirtualService's `gateways` list uses: `namespace/name`, `name` or `mesh`. */
  readonly gatewayName: string;
}

/** How a Gateway server handles TLS. */
export enum ServerTlsMode {
  /** Terminate TLS with the server certificate (`credentialName`). */
  SIMPLE = 'SIMPLE',
  /** Terminate TLS and require a client certificate signed by the configured CA. */
  MUTUAL = 'MUTUAL',
  /** Terminate Istio mTLS (for east-west gateways inside the mesh). */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
  /** Route by SNI and pass the TLS stream through untouched. */
  PASSTHROUGH = 'PASSTHROUGH',
  /** Route by SNI to the `.global`/multi-network service without a VirtualService. */
  AUTO_PASSTHROUGH = 'AUTO_PASSTHROUGH',
  /** Like MUTUAL, but the client certificate is optional. */
  OPTIONAL_MUTUAL = 'OPTIONAL_MUTUAL',
}

/** TLS settings of one Gateway server (Istio `ServerTLSSettings`). */
export interface ServerTlsOptions {
  /**
   * How TLS is handled. Required unless `httpsRedirect` is the only setting.
   * @default - none: Istio rejects HTTPS/TLS servers without a mode
   */
  readonly mode?: ServerTlsMode;
  /**
   * Name of the Secret (in the gateway workload's namespace, usually istio-system) holding the
   * server certificate (`tls.crt`/`tls.key`, and `ca.crt` for MUTUAL). Use either this or the
   * file-mounted `serverCertificate`/`privateKey`, or `tlsCertificates`.
   * @default - none
   */
  readonly credentialName?: string;
  /**
   * Path of the file holding the server's PEM certificate, mounted in the gateway pod
   * (upstream `serverCertificate`; required with `privateKey` for SIMPLE/MUTUAL when no
   * `credentialName` is given).
   * @default - none
   */
  readonly serverCertificate?: string;
  /** Path of the file holding the server's private key, mounted in the gateway pod. @default - none */
  readonly privateKey?: string;
  /**
   * Path of the file holding the CA certificates that verify client certificates (required
   * for MUTUAL/OPTIONAL_MUTUAL when no `credentialName` is given).
   * @default - none
   */
  readonly caCertificates?: string;
  /** Path of the file holding the certificate revocation list for client certificates. @default - none */
  readonly caCrl?: string;
  /**
   * Several file-mounted certificates (for example one RSA and one ECDSA pair); upstream
   * `tlsCertificates`. Not together with `credentialName`s.
   * @default - none
   */
  readonly tlsCertificates?: ServerTlsCertificate[];
  /** Answer plain HTTP requests on this server with a 301 to HTTPS. @default false */
  readonly httpsRedirect?: boolean;
  /**
   * The lowest TLS version accepted. Secure default: TLS 1.2, as net-istio sets on the servers
   * it generates. `TlsVersion.TLS_AUTO` is upstream's default (Envoy picks, TLS 1.2 for servers
   * today); `TlsVersion.NOT_SET` leaves the field out of the output.
   * @default TlsVersion.TLSV1_2 when a mode that terminates TLS is set
   */
  readonly minProtocolVersion?: TlsVersion;
  /** The highest TLS version accepted. @default - Envoy's default */
  readonly maxProtocolVersion?: TlsVersion;
  /** Client certificate SANs accepted (MUTUAL). @default - any SAN */
  readonly subjectAltNames?: string[];
  /** Cipher suites offered. @default - Envoy's default suites */
  readonly cipherSuites?: string[];
}

/** One file-mounted certificate of a Gateway server (Istio `ServerTLSSettings.TLSCertificate`). */
export interface ServerTlsCertificate {
  /** Path of the file holding the PEM server certificate, mounted in the gateway pod. */
  readonly serverCertificate: string;
  /** Path of the file holding its private key. */
  readonly privateKey: string;
  /** Path of the file holding the CA certificates that verify client certificates. @default - none */
  readonly caCertificates?: string;
}

/** One server (listener) of a Gateway. */
export interface GatewayServerOptions {
  /** Port number the gateway workload listens on. */
  readonly port: number;
  /** Protocol of the port. */
  readonly protocol: IstioProtocol;
  /**
   * Name of the port. Must be unique within the gateway.
   * @default `<protocol lowercase>-<port>` (`https-443`)
   */
  readonly portName?: string;
  /**
   * Hosts exposed by this server: FQDNs or wildcards (`*.example.com`), optionally with a
   * `namespace/` prefix that restricts which namespaces' VirtualServices may bind.
   */
  readonly hosts: string[];
  /** TLS settings. @default - no TLS (only valid for HTTP, HTTP2, GRPC, TCP servers) */
  readonly tls?: ServerTlsOptions;
  /** Optional server name, used in metrics. @default - none */
  readonly name?: string;
  /** IP or Unix socket the listener binds to. @default - all addresses */
  readonly bind?: string;
}

/** Props of a Gateway. */
export interface GatewayProps {
  /** Metadata (name, namespace, labels). @default - a generated name in the chart's namespace */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Labels of the gateway pods (in any namespace) this configuration applies to. Pass `{}` to
   * leave the selector out, which is upstream's default when no labels are given.
   * @default { istio: 'ingressgateway' } - the Istio ingress gateway that Knative's net-istio also selects
   */
  readonly selector?: Record<string, string>;
  /** Servers. More can be added with `addServer`/`addHttpsServer`. @default - none */
  readonly servers?: GatewayServerOptions[];
}

/** Options of `addHttpsServer`. */
export interface HttpsServerOptions {
  /** Port of the HTTPS server. @default 443 */
  readonly port?: number;
  /** Also add an HTTP server on port 80 that redirects to HTTPS. @default true */
  readonly redirectHttp?: boolean;
  /** Lowest accepted TLS version (`TlsVersion.TLS_AUTO` for upstream's default). @default TlsVersion.TLSV1_2 */
  readonly minProtocolVersion?: TlsVersion;
}

const TERMINATING = new Set([ServerTlsMode.SIMPLE, ServerTlsMode.MUTUAL, ServerTlsMode.OPTIONAL_MUTUAL]);

/**
 * An Istio Gateway: the listeners (ports, protocols, hosts, TLS) of an ingress or egress
 * gateway deployment. Routes are attached by VirtualServices that name it in `gateways`.
 *
 * @example
 * const gw = new Gateway(chart, 'public', { metadata: { namespace: 'web' } });
 * gw.addHttpsServer(['shop.example.com'], 'shop-example-com-tls');
 */
export class Gateway extends Resource implements IGateway {
  /** The reserved gateway name for every sidecar in the mesh. */
  public static readonly MESH: IGateway = { gatewayName: 'mesh' };

  /**
   * A Gateway this app does not own, by the name a VirtualService uses: `namespace/name`, or a
   * bare `name` for a Gateway in the VirtualService's own namespace.
   */
  public static fromName(name: string): IGateway {
    return { gatewayName: name };
  }

  /** A Gateway this app does not own, by namespace and name (`knative-serving`, `knative-ingress-gateway`). */
  public static fromGatewayName(namespace: string, name: string): IGateway {
    return { gatewayName: `${namespace}/${name}` };
  }

  /** The rendered object; `addJsonPatch` on it is the escape hatch for fields not modelled. */
  public readonly apiObject: ApiObject;
  private readonly selector: Record<string, string>;
  private readonly servers: GatewayServerOptions[] = [];

  public constructor(scope: Construct, id: string, props: GatewayProps = {}) {
    super(scope, id);
    this.selector = { ...(props.selector ?? { istio: 'ingressgateway' }) };
    this.apiObject = renderedObject(this, GVK, props.metadata, () => this.renderSpec());
    for (const s of props.servers ?? []) this.addServer(s);
  }

  /** `namespace/name`, the way VirtualServices in other namespaces must name this gateway. */
  public get gatewayName(): string {
    return this.namespace ? `${this.namespace}/${this.name}` : this.name;
  }

  /** Adds a server (listener). */
  public addServer(server: GatewayServerOptions): this {
    checkPort(this, `servers[${this.servers.length}].port`, server.port);
    this.servers.push(server);
    return this;
  }

  /**
   * Adds an HTTPS server on 443 that terminates TLS with the certificate in Secret
   * `credentialName` (in the gateway workload's namespace), and by default an HTTP server
   * on 80 that redirects the same hosts to HTTPS.
   */
  public addHttpsServer(hosts: string[], credentialName: string, options: HttpsServerOptions = {}): this {
    this.addServer({
      port: options.port ?? 443,
      protocol: IstioProtocol.HTTPS,
      hosts,
      tls: { mode: ServerTlsMode.SIMPLE, credentialName, minProtocolVersion: options.minProtocolVersion },
    });
    if (options.redirectHttp ?? true) {
      this.addServer({ port: 80, protocol: IstioProtocol.HTTP, hosts, tls: { httpsRedirect: true } });
    }
    return this;
  }

  private renderSpec(): Record<string, unknown> {
    const spec: Record<string, unknown> = Object.keys(this.selector).length ? { selector: this.selector } : {};
    return {
      ...spec,
      servers: this.servers.map((s) => compact({
        name: s.name,
        bind: s.bind,
        port: { number: s.port, protocol: s.protocol, name: s.portName ?? `${s.protocol.toLowerCase()}-${s.port}` },
        hosts: [...s.hosts],
        tls: s.tls ? renderServerTls(s.tls) : undefined,
      })),
    };
  }
}

/** Renders server TLS settings (Gateway servers and Sidecar ingress listeners). @internal */
export function renderServerTls(tls: ServerTlsOptions): Record<string, unknown> {
  const terminates = tls.mode !== undefined && TERMINATING.has(tls.mode);
  const min = tls.minProtocolVersion ?? (terminates ? TlsVersion.TLSV1_2 : undefined);
  return compact({
    httpsRedirect: tls.httpsRedirect,
    mode: tls.mode,
    credentialName: tls.credentialName,
    serverCertificate: tls.serverCertificate,
    privateKey: tls.privateKey,
    caCertificates: tls.caCertificates,
    caCrl: tls.caCrl,
    tlsCertificates: tls.tlsCertificates?.map((c) => compact({ serverCertificate: c.serverCertificate, privateKey: c.privateKey, caCertificates: c.caCertificates })),
    minProtocolVersion: min === TlsVersion.NOT_SET ? undefined : min,
    maxProtocolVersion: tls.maxProtocolVersion === TlsVersion.NOT_SET ? undefined : tls.maxProtocolVersion,
    subjectAltNames: tls.subjectAltNames,
    cipherSuites: tls.cipherSuites,
  });
}
