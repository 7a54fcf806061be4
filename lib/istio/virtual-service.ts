import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import type * as l1 from '../../imports/networking.istio.io';
import { reportError, reportWarning, requireProp } from '../core/report';
import { Resource } from '../core/resource';
import { StringMatch } from './common';
import { checkDuration, checkPercent, checkPort, compact, destinationRulesOf, Json, percent, protoDuration, qualifiedHost, renderedObject } from './internal';
import { IGateway } from './gateway';

/** `l1.VirtualService.GVK`, written out so that rendering does not load the generated bindings. */
const GVK: typeof l1.VirtualService.GVK = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService' };

/** Header manipulation for requests or responses. */
export interface HeaderOperations {
  /** Headers to overwrite. @default - none */
  readonly set?: Record<string, string>;
  /** Headers to append. @default - none */
  readonly add?: Record<string, string>;
  /** Headers to remove. @default - none */
  readonly remove?: string[];
}

/** Header manipulation on a route or a destination. */
export interface HeadersPolicy {
  /** Applied to the request before it is forwarded. @default - none */
  readonly request?: HeaderOperations;
  /** Applied to the response before it is returned. @default - none */
  readonly response?: HeaderOperations;
}

/** Where a route sends traffic, and how much of it. */
export interface RouteDestination {
  /**
   * The service in Istio's registry: a short name (resolved in the VirtualService's
   * namespace), an FQDN (`reviews.prod.svc.cluster.local`) or a ServiceEntry host.
   */
  readonly host: string;
  /** A subset declared in a DestinationRule for `host`. @default - all endpoints */
  readonly subset?: string;
  /** Port of the destination service. @default - the only port of the service */
  readonly port?: number;
  /**
   * Relative share of traffic: the destination receives weight / (sum of the route's weights)
   * of the requests; weights usually add up to 100. Must not be negative.
   * @default - all traffic when it is the only destination, else 0
   */
  readonly weight?: number;
  /** Header manipulation for traffic to this destination. @default - none */
  readonly headers?: HeadersPolicy;
}

/** Conditions an HTTP request must meet (all of them) for a route to apply. */
export interface HttpMatch {
  /** Name of the match, prefixed to the route name in logs. @default - none */
  readonly name?: string;
  /** Request path. @default - any */
  readonly uri?: StringMatch;
  /** Request scheme (`http`, `https`). @default - any */
  readonly scheme?: StringMatch;
  /** HTTP method. @default - any */
  readonly method?: StringMatch;
  /** Authority (Host) header. @default - any */
  readonly authority?: StringMatch;
  /** Header matches; header names are lowercase. @default - none */
  readonly headers?: Record<string, StringMatch>;
  /** Headers that must NOT match. @default - none */
  readonly withoutHeaders?: Record<string, StringMatch>;
  /** Query parameter matches (only exact and regex are supported by Istio). @default - none */
  readonly queryParams?: Record<string, StringMatch>;
  /** Port the request arrived on. @default - any */
  readonly port?: number;
  /** Match the URI case-insensitively. @default false */
  readonly ignoreUriCase?: boolean;
  /** Only requests from workloads with these labels. @default - any */
  readonly sourceLabels?: Record<string, string>;
  /** Only requests from this namespace. @default - any */
  readonly sourceNamespace?: string;
}

/** Retry policy of an HTTP route. */
export interface RetryPolicy {
  /** Number of retries (0 disables retries). */
  readonly attempts: number;
  /** Timeout per attempt. @default - the route timeout */
  readonly perTryTimeout?: Duration;
  /** Conditions that trigger a retry (Envoy `x-envoy-retry-on` values, e.g. `5xx`, `gateway-error`). @default - Istio's `connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes` */
  readonly retryOn?: string[];
  /** Base interval between retries. @default 25ms (Envoy) */
  readonly backoff?: Duration;
}

/** Fault injection on an HTTP route, for resilience tests. */
export interface FaultInjection {
  /** Delay requests by this much. @default - no delay */
  readonly delay?: Duration;
  /** Percentage of requests delayed. @default 100 when `delay` is set */
  readonly delayPercentage?: number;
  /** Abort requests with this HTTP status. @default - no abort */
  readonly abortHttpStatus?: number;
  /** Percentage of requests aborted. @default 100 when `abortHttpStatus` is set */
  readonly abortPercentage?: number;
}

/** CORS policy of an HTTP route. */
export interface CorsPolicy {
  /** Origins allowed to make requests. */
  readonly allowOrigins: StringMatch[];
  /** Methods allowed (`GET`, `POST`). @default - none beyond simple requests */
  readonly allowMethods?: string[];
  /** Request headers allowed. @default - none */
  readonly allowHeaders?: string[];
  /** Response headers the browser may read. @default - none */
  readonly exposeHeaders?: string[];
  /** How long preflight results may be cached. @default - not cached */
  readonly maxAge?: Duration;
  /** Allow credentials (cookies). @default false */
  readonly allowCredentials?: boolean;
}

/** URI/authority rewrite before forwarding. */
export interface RewriteOptions {
  /** Replaces the matched URI part (the prefix for prefix matches, the whole path otherwise). @default - unchanged */
  readonly uri?: string;
  /** Replaces the Authority/Host header. @default - unchanged */
  readonly authority?: string;
}

/** How a redirect picks the port of the new URL (Istio `HTTPRedirect.RedirectPortSelection`). */
export enum RedirectPortSelection {
  /** 80 for http, 443 for https. */
  FROM_PROTOCOL_DEFAULT = 'FROM_PROTOCOL_DEFAULT',
  /** The port the request arrived on. */
  FROM_REQUEST_PORT = 'FROM_REQUEST_PORT',
}

/** Answer with a redirect instead of forwarding (Istio `HTTPRedirect`). */
export interface HttpRedirect {
  /** Replaces the path of the URL (the whole path, whatever the match). @default - unchanged */
  readonly uri?: string;
  /** Replaces the Authority/Host of the URL. @default - unchanged */
  readonly authority?: string;
  /** Replaces the port of the URL. Not together with `derivePort`. @default - unchanged */
  readonly port?: number;
  /** Derives the port instead of a fixed `port`. @default - unchanged */
  readonly derivePort?: RedirectPortSelection;
  /** Replaces the scheme (`https`). @default - unchanged */
  readonly scheme?: string;
  /** HTTP status of the redirect. @default 301 */
  readonly redirectCode?: number;
}

/** Answer with a fixed response instead of forwarding (Istio `HTTPDirectResponse`). */
export interface HttpDirectResponse {
  /** HTTP status of the response. */
  readonly status: number;
  /** Body as text. Not together with `bodyBase64`. @default - no body */
  readonly body?: string;
  /** Body as base64-encoded bytes (upstream `body.bytes`). @default - no body */
  readonly bodyBase64?: string;
}

/** A VirtualService another one delegates a route to (Istio `Delegate`). */
export interface HttpDelegate {
  /** Name of the delegate VirtualService (it must have no `hosts`). */
  readonly name: string;
  /** Its namespace. @default - the namespace of the delegating VirtualService */
  readonly namespace?: string;
}

/** One mirror of an HTTP route (Istio `HTTPMirrorPolicy`). */
export interface HttpMirror {
  /** Where the copy goes (`weight` and `headers` are ignored). */
  readonly destination: RouteDestination;
  /** Percentage of the traffic mirrored there. @default 100 */
  readonly percentage?: number;
}

/** One HTTP route. */
export interface HttpRouteOptions {
  /** Name of the route, shown in access logs. @default - none */
  readonly name?: string;
  /** Match conditions; any one must match (OR). @default - every request */
  readonly match?: HttpMatch[];
  /**
   * Destinations with weights. Every route needs exactly one of `destinations`, `redirect`,
   * `directResponse` and `delegate`.
   * @default - none
   */
  readonly destinations?: RouteDestination[];
  /** Answer with a redirect. @default - none */
  readonly redirect?: HttpRedirect;
  /** Answer with a fixed response. @default - none */
  readonly directResponse?: HttpDirectResponse;
  /** Hand matching requests to the routes of another VirtualService (no `hosts`, no `gateways`). @default - none */
  readonly delegate?: HttpDelegate;
  /** Request timeout. @default - none (Istio disables the timeout for HTTP routes) */
  readonly timeout?: Duration;
  /** Retry policy. @default - Istio's default (2 attempts) */
  readonly retries?: RetryPolicy;
  /** Fault injection. @default - none */
  readonly fault?: FaultInjection;
  /** Also send a copy of the traffic here (fire and forget). @default - no mirroring */
  readonly mirror?: RouteDestination;
  /** Percentage of traffic mirrored. @default 100 when `mirror` is set */
  readonly mirrorPercentage?: number;
  /** Several mirrors, each with its percentage. Not together with `mirror`. @default - no mirroring */
  readonly mirrors?: HttpMirror[];
  /** CORS policy. @default - none */
  readonly corsPolicy?: CorsPolicy;
  /** Rewrite before forwarding. @default - none */
  readonly rewrite?: RewriteOptions;
  /** Header manipulation. @default - none */
  readonly headers?: HeadersPolicy;
}

/** An L4 match (TCP and TLS routes). */
export interface L4Match {
  /** Destination port. @default - any */
  readonly port?: number;
  /** Destination IPs/CIDRs. @default - any */
  readonly destinationSubnets?: string[];
  /** Only connections from workloads with these labels. @default - any */
  readonly sourceLabels?: Record<string, string>;
  /** Only connections from this namespace. @default - any */
  readonly sourceNamespace?: string;
}

/** A TCP route. */
export interface TcpRouteOptions {
  /** Match conditions (OR). @default - every connection */
  readonly match?: L4Match[];
  /** Destinations with weights (`headers` is ignored). */
  readonly destinations: RouteDestination[];
}

/** A TLS (SNI) route for TLS that is passed through. */
export interface TlsRouteOptions {
  /** SNI values to match (wildcards allowed); must be within the VirtualService hosts. */
  readonly sniHosts: string[];
  /** Further L4 conditions. @default - none */
  readonly match?: L4Match;
  /** Destinations with weights (`headers` is ignored). */
  readonly destinations: RouteDestination[];
}

/** Options of `addCanaryRoute`. */
export interface CanaryRouteOptions {
  /** The destination host (the service whose DestinationRule declares both subsets). */
  readonly host: string;
  /** Subset that keeps most of the traffic. */
  readonly stableSubset: string;
  /** Subset that receives `canaryWeight` percent. */
  readonly canarySubset: string;
  /** Percentage for the canary, 0-100. @default 10 */
  readonly canaryWeight?: number;
  /** Destination port. @default - the only port of the service */
  readonly port?: number;
  /** Restrict the split to matching requests. @default - every request */
  readonly match?: HttpMatch[];
  /** Request timeout. @default - none */
  readonly timeout?: Duration;
  /** Retries. @default - Istio's default */
  readonly retries?: RetryPolicy;
}

/** Props of a VirtualService. */
export interface VirtualServiceProps {
  /** Metadata (name, namespace, labels). @default - a generated name in the chart's namespace */
  readonly metadata?: ApiObjectMetadata;
  /** Hosts the routes apply to: FQDNs, short names, wildcards, or `*` for gateways. */
  readonly hosts: string[];
  /**
   * Gateways and sidecars the routes apply to; use `Gateway.MESH` for sidecars.
   * @default - only sidecars (the mesh)
   */
  readonly gateways?: IGateway[];
  /** HTTP routes, evaluated in order. @default - none */
  readonly http?: HttpRouteOptions[];
  /** TCP routes. @default - none */
  readonly tcp?: TcpRouteOptions[];
  /** TLS passthrough routes. @default - none */
  readonly tls?: TlsRouteOptions[];
  /**
   * Namespaces this VirtualService is visible to (`.` = own namespace, `*` = all).
   * @default - all namespaces (Istio's default)
   */
  readonly exportTo?: string[];
}

/**
 * An Istio VirtualService: routing rules (matching, weights, retries, timeouts, faults,
 * mirroring) for traffic to a set of hosts, applied by gateways and/or sidecars.
 *
 * Do not create VirtualServices for the hosts of Knative Services: net-istio owns those and
 * would fight over them. Use Knative's traffic block or a DomainMapping instead.
 *
 * @example
 * const vs = new VirtualService(chart, 'reviews', { hosts: ['reviews'] });
 * vs.addCanaryRoute({ host: 'reviews', stableSubset: 'v1', canarySubset: 'v2', canaryWeight: 10 });
 */
export class VirtualService extends Resource {
  /** The rendered object; `addJsonPatch` on it is the escape hatch for fields not modelled. */
  public readonly apiObject: ApiObject;
  private readonly hosts: string[];
  private readonly gateways: IGateway[];
  private readonly http: HttpRouteOptions[] = [];
  private readonly tcp: TcpRouteOptions[] = [];
  private readonly tls: TlsRouteOptions[] = [];
  private readonly exportTo?: string[];
  private readonly warnedSubsets = new Set<string>();

  public constructor(scope: Construct, id: string, props: VirtualServiceProps) {
    super(scope, id);
    requireProp('VirtualService', props, 'hosts');
    // Added first, so the warnings it records are seen by the checks that run after it.
    this.node.addValidation({ validate: () => this.checkSubsets() });
    this.hosts = [...props.hosts];
    this.gateways = [...(props.gateways ?? [])];
    this.exportTo = props.exportTo;
    this.apiObject = renderedObject(this, GVK, props.metadata, () => this.renderSpec());
    for (const r of props.http ?? []) this.addHttpRoute(r);
    for (const r of props.tcp ?? []) this.addTcpRoute(r);
    for (const r of props.tls ?? []) this.addTlsRoute(r);
  }

  /** Adds a host. */
  public addHost(host: string): this {
    this.hosts.push(host);
    return this;
  }

  /** Binds the routes to another gateway (or `Gateway.MESH`). */
  public addGateway(gateway: IGateway): this {
    this.gateways.push(gateway);
    return this;
  }

  /** Appends an HTTP route; routes are evaluated in the order they are added. */
  public addHttpRoute(route: HttpRouteOptions): this {
    const at = `http[${this.http.length}]`;
    checkPercent(this, `${at}.mirrorPercentage`, route.mirrorPercentage);
    checkPercent(this, `${at}.fault.delayPercentage`, route.fault?.delayPercentage);
    checkPercent(this, `${at}.fault.abortPercentage`, route.fault?.abortPercentage);
    checkDuration(this, `${at}.timeout`, route.timeout);
    checkDuration(this, `${at}.retries.perTryTimeout`, route.retries?.perTryTimeout);
    checkDuration(this, `${at}.retries.backoff`, route.retries?.backoff);
    checkDuration(this, `${at}.fault.delay`, route.fault?.delay);
    checkDuration(this, `${at}.corsPolicy.maxAge`, route.corsPolicy?.maxAge);
    route.destinations?.forEach((d, n) => checkDestination(this, `${at}.destinations[${n}]`, d));
    if (route.mirror) checkDestination(this, `${at}.mirror`, route.mirror);
    route.mirrors?.forEach((m, n) => {
      checkDestination(this, `${at}.mirrors[${n}].destination`, m.destination);
      checkPercent(this, `${at}.mirrors[${n}].percentage`, m.percentage);
    });
    checkPort(this, `${at}.redirect.port`, route.redirect?.port);
    // Which of route/redirect/directResponse/delegate may be combined is istiod's rule (IVS6).
    if (route.directResponse?.body !== undefined && route.directResponse.bodyBase64 !== undefined) {
      reportError(this, `${at}.directResponse`, 'sets both `body` and `bodyBase64`', { allowed: 'one of them' });
    }
    this.http.push(route);
    return this;
  }

  /**
   * Appends an HTTP route that splits traffic between two DestinationRule subsets,
   * `100 - canaryWeight` to the stable one and `canaryWeight` to the canary.
   */
  public addCanaryRoute(options: CanaryRouteOptions): this {
    const canary = options.canaryWeight ?? 10;
    if (!Number.isInteger(canary) || canary < 0 || canary > 100) {
      reportError(this, 'canaryWeight', 'must be a whole percentage: the stable subset gets 100 - canaryWeight', { value: canary, allowed: 'an integer 0..100' });
    }
    return this.addHttpRoute({
      name: `${options.stableSubset}-${options.canarySubset}-canary`,
      match: options.match,
      timeout: options.timeout,
      retries: options.retries,
      destinations: [
        { host: options.host, subset: options.stableSubset, port: options.port, weight: 100 - canary },
        { host: options.host, subset: options.canarySubset, port: options.port, weight: canary },
      ],
    });
  }

  /** Appends a TCP route. */
  public addTcpRoute(route: TcpRouteOptions): this {
    const at = `tcp[${this.tcp.length}]`;
    route.destinations.forEach((d, n) => checkDestination(this, `${at}.destinations[${n}]`, d));
    route.match?.forEach((m, n) => checkPort(this, `${at}.match[${n}].port`, m.port));
    this.tcp.push(route);
    return this;
  }

  /** Appends a TLS (SNI) route. */
  public addTlsRoute(route: TlsRouteOptions): this {
    const at = `tls[${this.tls.length}]`;
    route.destinations.forEach((d, n) => checkDestination(this, `${at}.destinations[${n}]`, d));
    checkPort(this, `${at}.match.port`, route.match?.port);
    this.tls.push(route);
    return this;
  }

  /**
   * Warns about destinations naming a subset that no DestinationRule in the app declares for
   * their host: istiod accepts such a route, but its requests then fail with 503 (no cluster for
   * the subset). DestinationRules applied outside the app are not seen, hence a warning.
   */
  private checkSubsets(): string[] {
    const rules = destinationRulesOf(this);
    const destinations: [string, RouteDestination][] = [];
    this.http.forEach((r, n) => {
      r.destinations?.forEach((d, k) => destinations.push([`http[${n}].destinations[${k}]`, d]));
      if (r.mirror) destinations.push([`http[${n}].mirror`, r.mirror]);
      r.mirrors?.forEach((m, k) => destinations.push([`http[${n}].mirrors[${k}].destination`, m.destination]));
    });
    this.tcp.forEach((r, n) => r.destinations.forEach((d, k) => destinations.push([`tcp[${n}].destinations[${k}]`, d])));
    this.tls.forEach((r, n) => r.destinations.forEach((d, k) => destinations.push([`tls[${n}].destinations[${k}]`, d])));
    for (const [at, d] of destinations) {
      if (d.subset === undefined || typeof d.host !== 'string') continue;
      const host = qualifiedHost(d.host, this.namespace);
      const declared = rules.subsetsFor(host);
      if (declared.includes(d.subset) || this.warnedSubsets.has(at)) continue;
      this.warnedSubsets.add(at);
      reportWarning(this, `${at}.subset`, `no DestinationRule in the app declares this subset for host '${d.host}': Istio accepts the route, but its requests fail with 503`, {
        value: d.subset, allowed: declared.length ? `a subset declared for the host: ${[...new Set(declared)].join(', ')}` : 'a subset of a DestinationRule for the host (none is declared in the app)',
      });
    }
    return [];
  }

  private renderSpec(): Json {
    return compact({
      hosts: [...this.hosts],
      gateways: this.gateways.map((g) => g.gatewayName),
      exportTo: this.exportTo,
      http: this.http.map(renderHttpRoute),
      // L4 route destinations have no headers (the CRD has no such field there).
      tcp: this.tcp.map((r) => compact({ match: r.match?.map(renderL4Match), route: r.destinations.map(renderL4RouteDestination) })),
      tls: this.tls.map((r) => compact({
        match: [compact({ sniHosts: r.sniHosts, ...(r.match ? renderL4Match(r.match) : {}) })],
        route: r.destinations.map(renderL4RouteDestination),
      })),
    });
  }
}

// Weights are left to the validator (IVS17: istiod rejects only negative weights and an all-zero
// total; a destination gets weight / sum of the route's weights).
function checkDestination(scope: IConstruct, at: string, d: RouteDestination): void {
  checkPort(scope, `${at}.port`, d.port);
}

function renderMatches(m: Record<string, StringMatch> | undefined): Record<string, Json> | undefined {
  if (!m) return undefined;
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.toJson()]));
}

function renderHeaders(h: HeadersPolicy | undefined): Json | undefined {
  if (!h) return undefined;
  const ops = (o: HeaderOperations | undefined) => (o ? compact({ set: o.set, add: o.add, remove: o.remove }) : undefined);
  return compact({ request: ops(h.request), response: ops(h.response) });
}

function renderDestination(d: RouteDestination): Json {
  return compact({ host: d.host, subset: d.subset, port: d.port !== undefined ? { number: d.port } : undefined });
}

function renderL4RouteDestination(d: RouteDestination): Json {
  return compact({ destination: renderDestination(d), weight: d.weight });
}

function renderRouteDestination(d: RouteDestination): Json {
  return compact({ destination: renderDestination(d), weight: d.weight, headers: renderHeaders(d.headers) });
}

function renderL4Match(m: L4Match): Json {
  return compact({ port: m.port, destinationSubnets: m.destinationSubnets, sourceLabels: m.sourceLabels, sourceNamespace: m.sourceNamespace });
}

function renderHttpMatch(m: HttpMatch): Json {
  return compact({
    name: m.name,
    uri: m.uri?.toJson(),
    scheme: m.scheme?.toJson(),
    method: m.method?.toJson(),
    authority: m.authority?.toJson(),
    headers: renderMatches(m.headers),
    withoutHeaders: renderMatches(m.withoutHeaders),
    queryParams: renderMatches(m.queryParams),
    port: m.port,
    ignoreUriCase: m.ignoreUriCase,
    sourceLabels: m.sourceLabels,
    sourceNamespace: m.sourceNamespace,
  });
}

function renderHttpRoute(r: HttpRouteOptions): Json {
  const f = r.fault;
  return compact({
    name: r.name,
    match: r.match?.map(renderHttpMatch),
    route: r.destinations?.map(renderRouteDestination),
    redirect: r.redirect ? compact({
      uri: r.redirect.uri,
      authority: r.redirect.authority,
      port: r.redirect.port,
      derivePort: r.redirect.derivePort,
      scheme: r.redirect.scheme,
      redirectCode: r.redirect.redirectCode,
    }) : undefined,
    directResponse: r.directResponse ? compact({
      status: r.directResponse.status,
      body: r.directResponse.body !== undefined ? { string: r.directResponse.body }
        : r.directResponse.bodyBase64 !== undefined ? { bytes: r.directResponse.bodyBase64 } : undefined,
    }) : undefined,
    delegate: r.delegate ? compact({ name: r.delegate.name, namespace: r.delegate.namespace }) : undefined,
    mirrors: r.mirrors?.map((m) => compact({ destination: renderDestination(m.destination), percentage: percent(m.percentage) })),
    timeout: protoDuration(r.timeout),
    retries: r.retries ? compact({
      attempts: r.retries.attempts,
      perTryTimeout: protoDuration(r.retries.perTryTimeout),
      retryOn: r.retries.retryOn?.join(','),
      backoff: protoDuration(r.retries.backoff),
    }) : undefined,
    fault: f ? compact({
      delay: f.delay ? { fixedDelay: protoDuration(f.delay), percentage: percent(f.delayPercentage ?? 100) } : undefined,
      abort: f.abortHttpStatus !== undefined ? { httpStatus: f.abortHttpStatus, percentage: percent(f.abortPercentage ?? 100) } : undefined,
    }) : undefined,
    mirror: r.mirror ? renderDestination(r.mirror) : undefined,
    mirrorPercentage: r.mirror ? percent(r.mirrorPercentage ?? 100) : undefined,
    corsPolicy: r.corsPolicy ? compact({
      allowOrigins: r.corsPolicy.allowOrigins.map((o) => o.toJson()),
      allowMethods: r.corsPolicy.allowMethods,
      allowHeaders: r.corsPolicy.allowHeaders,
      exposeHeaders: r.corsPolicy.exposeHeaders,
      maxAge: protoDuration(r.corsPolicy.maxAge),
      allowCredentials: r.corsPolicy.allowCredentials,
    }) : undefined,
    rewrite: r.rewrite ? compact({ uri: r.rewrite.uri, authority: r.rewrite.authority }) : undefined,
    headers: renderHeaders(r.headers),
  });
}
