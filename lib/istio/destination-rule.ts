import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import type * as l1 from '../../imports/networking.istio.io';
import { reportError, requireProp } from '../core/report';
import { Resource } from '../core/resource';
import { checkDuration, checkPercent, checkPort, compact, Json, matchLabels, protoDuration, registerSubsets, renderedObject } from './internal';
import { RouteDestination } from './virtual-service';

/** `l1.DestinationRule.GVK`, written out so that rendering does not load the generated bindings. */
const GVK: typeof l1.DestinationRule.GVK = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule' };

/** TLS mode for connections the proxy makes to the destination (Istio `ClientTLSSettings.mode`). */
export enum ClientTlsMode {
  /** Plaintext. */
  DISABLE = 'DISABLE',
  /** Originate TLS, verifying the server with `caCertificates`/`credentialName`. */
  SIMPLE = 'SIMPLE',
  /** Originate mutual TLS with a client certificate from `credentialName`. */
  MUTUAL = 'MUTUAL',
  /** Istio mutual TLS with the workload's mesh certificate. */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
}

/** Client-side TLS towards the destination. */
export interface ClientTlsOptions {
  /** The TLS mode. */
  readonly mode: ClientTlsMode;
  /**
   * Secret with the client certificate/key (`tls.crt`/`tls.key`) and/or CA (`ca.crt`), in the
   * client's namespace; only for gateways (sidecars read file-mounted certificates). Use either
   * this or `clientCertificate`/`privateKey`/`caCertificates`.
   * @default - none
   */
  readonly credentialName?: string;
  /** Path of the file holding the client's PEM certificate, mounted in the proxy (required for MUTUAL without `credentialName`). @default - none */
  readonly clientCertificate?: string;
  /** Path of the file holding the client's private key (required for MUTUAL without `credentialName`). @default - none */
  readonly privateKey?: string;
  /** Path of the file holding the CA certificates that verify the server's certificate. @default - the proxy's system trust store (Istio 1.20+) */
  readonly caCertificates?: string;
  /** Path of the file holding the certificate revocation list for the server's certificate. @default - none */
  readonly caCrl?: string;
  /** SNI sent to the server. @default - the destination host (Istio 1.20+ for SIMPLE/MUTUAL) */
  readonly sni?: string;
  /** Accepted server certificate SANs. @default - any */
  readonly subjectAltNames?: string[];
  /**
   * Skip server certificate verification. Insecure: only for tests.
   * @default false
   */
  readonly insecureSkipVerify?: boolean;
}

/** Connection pool limits (circuit breaking). */
export interface ConnectionPoolOptions {
  /** Max TCP connections per destination host. @default 2^32-1 */
  readonly maxConnections?: number;
  /** TCP connect timeout. @default 10s */
  readonly connectTimeout?: Duration;
  /** TCP keepalive (SO_KEEPALIVE) on upstream connections. @default - the OS's keepalive settings, off unless the OS enables it */
  readonly tcpKeepalive?: TcpKeepaliveOptions;
  /** Max pending HTTP requests. @default 2^32-1 */
  readonly http1MaxPendingRequests?: number;
  /** Max concurrent HTTP/2 requests. @default 2^32-1 */
  readonly http2MaxRequests?: number;
  /** Max requests per connection (1 disables keep-alive). @default 0 (unlimited) */
  readonly maxRequestsPerConnection?: number;
  /** Max outstanding retries. @default 2^32-1 */
  readonly maxRetries?: number;
  /** Idle timeout of upstream connections. @default 1h */
  readonly idleTimeout?: Duration;
}

/** TCP keepalive probes on upstream connections (Istio `ConnectionPoolSettings.TCPSettings.TcpKeepalive`). */
export interface TcpKeepaliveOptions {
  /** Unanswered probes before the connection is dropped. @default - the OS's (9 on Linux) */
  readonly probes?: number;
  /** Idle time before the first probe. @default - the OS's (2 hours on Linux) */
  readonly time?: Duration;
  /** Time between probes. @default - the OS's (75s on Linux) */
  readonly interval?: Duration;
}

/** Locality-weighted traffic from one locality (Istio `LocalityLoadBalancerSetting.Distribute`). */
export interface LocalityDistribution {
  /** Originating locality, `region/zone/subzone`, with `*` wildcards (`us-west/zone1/*`). */
  readonly from: string;
  /** Upstream localities and the percentage of traffic each receives; must add up to 100. */
  readonly to: Record<string, number>;
}

/** Where traffic fails over to when a region's endpoints are unhealthy (Istio `LocalityLoadBalancerSetting.Failover`). */
export interface LocalityFailover {
  /** Originating region. */
  readonly from: string;
  /** Region traffic fails over to. */
  readonly to: string;
}

/**
 * Locality load balancing (Istio `LocalityLoadBalancerSetting`). Set one of `distribute`,
 * `failover` or `failoverPriority`, as upstream documents. Failover needs `outlierDetection`
 * to notice unhealthy endpoints.
 */
export interface LocalityLbSetting {
  /** Enable or disable locality load balancing for this destination. @default - the mesh's `localityLbSetting.enabled` */
  readonly enabled?: boolean;
  /** Weighted distribution per originating locality. @default - none */
  readonly distribute?: LocalityDistribution[];
  /** Region failover pairs. @default - failover to the next closest locality */
  readonly failover?: LocalityFailover[];
  /** Ordered labels (`topology.kubernetes.io/region`, ...) endpoints are prioritised by. @default - none */
  readonly failoverPriority?: string[];
}

/** Slow start for new endpoints (Istio `WarmupConfiguration`). */
export interface WarmupOptions {
  /** How long a new endpoint is warmed up. */
  readonly duration: Duration;
  /** Percentage of its full traffic share a new endpoint starts at (0-100). @default 10 */
  readonly minimumPercent?: number;
  /** How fast traffic grows over the duration (1 = linear, higher = faster at the start). @default 1 */
  readonly aggression?: number;
}

/** Outlier detection (passive health checking / ejection). */
export interface OutlierDetectionOptions {
  /** 5xx errors in a row before ejection. @default 5 */
  readonly consecutive5xxErrors?: number;
  /** 502/503/504 and connect errors in a row before ejection. @default - disabled */
  readonly consecutiveGatewayErrors?: number;
  /** How often hosts are analysed. @default 10s */
  readonly interval?: Duration;
  /** Minimum ejection duration. @default 30s */
  readonly baseEjectionTime?: Duration;
  /** Max percentage of hosts ejected (whole number, 0-100). @default 10 */
  readonly maxEjectionPercent?: number;
  /** Below this healthy percentage (whole number, 0-100), outlier detection is off. @default 0 */
  readonly minHealthPercent?: number;
}

/** A simple load balancing algorithm. */
export enum LoadBalancerAlgorithm {
  /** Istio/Envoy's default (LEAST_REQUEST since 1.14). */
  UNSPECIFIED = 'UNSPECIFIED',
  /** Fewest outstanding requests, sampled. */
  LEAST_REQUEST = 'LEAST_REQUEST',
  /** Round robin. */
  ROUND_ROBIN = 'ROUND_ROBIN',
  /** Random. */
  RANDOM = 'RANDOM',
  /** Forward to the caller-requested address. */
  PASSTHROUGH = 'PASSTHROUGH',
}

/** A load balancer setting: a simple algorithm or consistent hashing for session affinity. */
export class LoadBalancer {
  /** A simple algorithm. */
  public static simple(algorithm: LoadBalancerAlgorithm): LoadBalancer {
    return new LoadBalancer({ simple: algorithm });
  }

  /** Consistent hash on a request header. */
  public static consistentHashByHeader(header: string): LoadBalancer {
    return new LoadBalancer({ consistentHash: { httpHeaderName: header } });
  }

  /** Consistent hash on a cookie, generated with `ttl` when absent. */
  public static consistentHashByCookie(name: string, ttl?: Duration, path?: string): LoadBalancer {
    return new LoadBalancer({ consistentHash: { httpCookie: compact({ name, path }) } }, ttl);
  }

  /** Consistent hash on the client's source IP. */
  public static consistentHashBySourceIp(): LoadBalancer {
    return new LoadBalancer({ consistentHash: { useSourceIp: true } });
  }

  /** Consistent hash on a query parameter. */
  public static consistentHashByQueryParameter(name: string): LoadBalancer {
    return new LoadBalancer({ consistentHash: { httpQueryParameterName: name } });
  }

  private constructor(private readonly json: Json, private readonly cookieTtl?: Duration) {}

  /** The `loadBalancer` object as the CRD spells it. */
  public toJson(): Json {
    const json = structuredClone(this.json);
    if (this.cookieTtl) ((json.consistentHash as Json).httpCookie as Json).ttl = protoDuration(this.cookieTtl);
    return json;
  }

  /** Reports a bad cookie TTL on the construct that uses this load balancer. @internal */
  public _check(scope: IConstruct, prop: string): void {
    checkDuration(scope, `${prop}.consistentHash.httpCookie.ttl`, this.cookieTtl);
  }
}

/** Traffic policy for a port (no nested port settings). */
export interface PortTrafficPolicyOptions {
  /** TLS towards the destination. @default - Istio auto mTLS (ISTIO_MUTUAL to sidecars, plaintext otherwise) */
  readonly tls?: ClientTlsOptions;
  /** Connection pool limits. @default - Envoy defaults */
  readonly connectionPool?: ConnectionPoolOptions;
  /** Outlier detection. @default - none */
  readonly outlierDetection?: OutlierDetectionOptions;
  /** Load balancer. @default - LEAST_REQUEST */
  readonly loadBalancer?: LoadBalancer;
  /** Locality load balancing (rendered in `loadBalancer.localityLbSetting`). @default - the mesh's locality settings */
  readonly localityLbSetting?: LocalityLbSetting;
  /** Slow start for new endpoints (rendered in `loadBalancer.warmup`). @default - none: new endpoints get their full share at once */
  readonly warmup?: WarmupOptions;
}

/** A traffic policy with per-port overrides. */
export interface TrafficPolicyOptions extends PortTrafficPolicyOptions {
  /** Overrides per destination port. @default - none */
  readonly portLevelSettings?: Record<number, PortTrafficPolicyOptions>;
}

/** A named subset of the destination's endpoints. */
export interface SubsetOptions {
  /** Subset name, referenced by VirtualService routes (DNS-1123 label). */
  readonly name: string;
  /** Labels the endpoints of this subset carry (`version: v2`). */
  readonly labels: Record<string, string>;
  /** Policy overriding the rule-level one for this subset. @default - the rule-level policy */
  readonly trafficPolicy?: TrafficPolicyOptions;
}

/** Props of a DestinationRule. */
export interface DestinationRuleProps {
  /** Metadata (name, namespace, labels). @default - a generated name in the chart's namespace */
  readonly metadata?: ApiObjectMetadata;
  /** The service (short name, FQDN or ServiceEntry host) the rule applies to. */
  readonly host: string;
  /** Subsets. More can be added with `addSubset`. @default - none */
  readonly subsets?: SubsetOptions[];
  /** Rule-level traffic policy. @default - Istio defaults */
  readonly trafficPolicy?: TrafficPolicyOptions;
  /** Namespaces this rule is visible to (`.` = own, `*` = all). @default - all namespaces (Istio's default) */
  readonly exportTo?: string[];
  /** Only apply to client workloads with these labels. @default - all clients */
  readonly workloadSelector?: Record<string, string>;
}

/**
 * An Istio DestinationRule: policies (TLS, connection pools, outlier detection, load
 * balancing) for traffic to a service after routing, and its named subsets.
 *
 * @example
 * const dr = new DestinationRule(chart, 'reviews', { host: 'reviews' });
 * dr.addSubset('v1', { version: 'v1' }).addSubset('v2', { version: 'v2' });
 */
export class DestinationRule extends Resource {
  /** The rendered object; `addJsonPatch` on it is the escape hatch for fields not modelled. */
  public readonly apiObject: ApiObject;
  /** The destination host. */
  public readonly host: string;
  private readonly subsets: SubsetOptions[] = [];
  private trafficPolicy?: TrafficPolicyOptions;
  private readonly portPolicies: Record<number, PortTrafficPolicyOptions> = {};

  public constructor(scope: Construct, id: string, private readonly props: DestinationRuleProps) {
    super(scope, id);
    requireProp('DestinationRule', props, 'host');
    this.host = props.host;
    this.trafficPolicy = props.trafficPolicy;
    checkPolicy(this, 'trafficPolicy', props.trafficPolicy);
    this.apiObject = renderedObject(this, GVK, props.metadata, () => this.renderSpec());
    registerSubsets(this.apiObject, () => ({ host: this.host, namespace: this.namespace, subsets: this.subsets.map((s) => s.name) }));
    for (const s of props.subsets ?? []) this.addSubset(s.name, s.labels, s.trafficPolicy);
  }

  /** Adds a subset of endpoints selected by `labels`. */
  public addSubset(name: string, labels: Record<string, string>, trafficPolicy?: TrafficPolicyOptions): this {
    const at = `subsets[${this.subsets.length}]`;
    if (this.subsets.some((s) => s.name === name)) {
      reportError(this, `${at}.name`, `subset is already defined on the DestinationRule for '${this.host}'`, { value: name, allowed: 'a name not used by another subset of this rule' });
    }
    checkPolicy(this, `${at}.trafficPolicy`, trafficPolicy);
    this.subsets.push({ name, labels, trafficPolicy });
    return this;
  }

  /** Sets a policy for one port of the destination, overriding the rule-level policy there. */
  public addPortPolicy(port: number, policy: PortTrafficPolicyOptions): this {
    checkPort(this, `portLevelSettings[${port}]`, port);
    checkPolicy(this, `portLevelSettings[${port}]`, policy);
    this.portPolicies[port] = policy;
    return this;
  }

  /** A route destination to this rule's host, optionally to one of its subsets (declared before the call). */
  public destination(subset?: string, options: Omit<RouteDestination, 'host' | 'subset'> = {}): RouteDestination {
    if (subset !== undefined && !this.subsets.some((s) => s.name === subset)) {
      reportError(this, 'destination(subset)', `subset is not defined on the DestinationRule for '${this.host}'; add it with addSubset first`, {
        value: subset, allowed: this.subsets.map((s) => s.name).join(', ') || 'no subsets are defined yet',
      });
    }
    return { host: this.host, subset, ...options };
  }

  private renderSpec(): Json {
    const ports = { ...(this.trafficPolicy?.portLevelSettings ?? {}), ...this.portPolicies };
    const policy = this.trafficPolicy || Object.keys(ports).length ? { ...this.trafficPolicy, portLevelSettings: ports } : undefined;
    return compact({
      host: this.host,
      exportTo: this.props.exportTo,
      workloadSelector: matchLabels(this.props.workloadSelector),
      trafficPolicy: policy ? renderTrafficPolicy(policy) : undefined,
      subsets: this.subsets.map((s) => compact({
        name: s.name,
        labels: { ...s.labels },
        trafficPolicy: s.trafficPolicy ? renderTrafficPolicy(s.trafficPolicy) : undefined,
      })),
    });
  }
}

function checkPolicy(scope: IConstruct, prop: string, p: TrafficPolicyOptions | undefined): void {
  if (!p) return;
  checkPortPolicy(scope, prop, p);
  for (const [port, pp] of Object.entries(p.portLevelSettings ?? {})) {
    checkPort(scope, `${prop}.portLevelSettings[${port}]`, Number(port));
    checkPortPolicy(scope, `${prop}.portLevelSettings[${port}]`, pp);
  }
}

function checkPortPolicy(scope: IConstruct, prop: string, p: PortTrafficPolicyOptions): void {
  checkPercent(scope, `${prop}.outlierDetection.maxEjectionPercent`, p.outlierDetection?.maxEjectionPercent, true);
  checkPercent(scope, `${prop}.outlierDetection.minHealthPercent`, p.outlierDetection?.minHealthPercent, true);
  checkDuration(scope, `${prop}.outlierDetection.interval`, p.outlierDetection?.interval);
  checkDuration(scope, `${prop}.outlierDetection.baseEjectionTime`, p.outlierDetection?.baseEjectionTime);
  checkDuration(scope, `${prop}.connectionPool.connectTimeout`, p.connectionPool?.connectTimeout);
  checkDuration(scope, `${prop}.connectionPool.idleTimeout`, p.connectionPool?.idleTimeout);
  checkDuration(scope, `${prop}.connectionPool.tcpKeepalive.time`, p.connectionPool?.tcpKeepalive?.time);
  checkDuration(scope, `${prop}.connectionPool.tcpKeepalive.interval`, p.connectionPool?.tcpKeepalive?.interval);
  checkDuration(scope, `${prop}.warmup.duration`, p.warmup?.duration);
  checkPercent(scope, `${prop}.warmup.minimumPercent`, p.warmup?.minimumPercent);
  p.loadBalancer?._check(scope, `${prop}.loadBalancer`);
}

const dur = protoDuration;

function renderPortPolicy(p: PortTrafficPolicyOptions): Json {
  const cp = p.connectionPool;
  const od = p.outlierDetection;
  return compact({
    tls: p.tls ? compact({
      mode: p.tls.mode,
      credentialName: p.tls.credentialName,
      clientCertificate: p.tls.clientCertificate,
      privateKey: p.tls.privateKey,
      caCertificates: p.tls.caCertificates,
      caCrl: p.tls.caCrl,
      sni: p.tls.sni,
      subjectAltNames: p.tls.subjectAltNames,
      insecureSkipVerify: p.tls.insecureSkipVerify,
    }) : undefined,
    connectionPool: cp ? compact({
      tcp: compact({
        maxConnections: cp.maxConnections,
        connectTimeout: dur(cp.connectTimeout),
        tcpKeepalive: cp.tcpKeepalive ? compact({ probes: cp.tcpKeepalive.probes, time: dur(cp.tcpKeepalive.time), interval: dur(cp.tcpKeepalive.interval) }) : undefined,
      }),
      http: compact({
        http1MaxPendingRequests: cp.http1MaxPendingRequests,
        http2MaxRequests: cp.http2MaxRequests,
        maxRequestsPerConnection: cp.maxRequestsPerConnection,
        maxRetries: cp.maxRetries,
        idleTimeout: dur(cp.idleTimeout),
      }),
    }) : undefined,
    outlierDetection: od ? compact({
      consecutive5xxErrors: od.consecutive5xxErrors,
      consecutiveGatewayErrors: od.consecutiveGatewayErrors,
      interval: dur(od.interval),
      baseEjectionTime: dur(od.baseEjectionTime),
      maxEjectionPercent: od.maxEjectionPercent,
      minHealthPercent: od.minHealthPercent,
    }) : undefined,
    loadBalancer: compact({
      ...p.loadBalancer?.toJson(),
      localityLbSetting: p.localityLbSetting ? compact({
        enabled: p.localityLbSetting.enabled,
        distribute: p.localityLbSetting.distribute?.map((d) => ({ from: d.from, to: { ...d.to } })),
        failover: p.localityLbSetting.failover?.map((f) => ({ from: f.from, to: f.to })),
        failoverPriority: p.localityLbSetting.failoverPriority,
      }) : undefined,
      warmup: p.warmup ? compact({ duration: dur(p.warmup.duration), minimumPercent: p.warmup.minimumPercent, aggression: p.warmup.aggression }) : undefined,
    }),
  });
}

function renderTrafficPolicy(p: TrafficPolicyOptions): Json {
  const ports = Object.entries(p.portLevelSettings ?? {})
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([port, pp]) => ({ port: { number: Number(port) }, ...renderPortPolicy(pp) }));
  return compact({ ...renderPortPolicy(p), portLevelSettings: ports });
}
