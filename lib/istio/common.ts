/**
 * Value types shared by the Istio constructs: string matches, port protocols, workload
 * selectors and the small helpers that render them the way the Istio CRDs spell them.
 */

/** A string match as Istio's `StringMatch`: exactly one of exact, prefix or regex (RE2). */
export class StringMatch {
  /** Matches the whole value. */
  public static exact(value: string): StringMatch {
    return new StringMatch('exact', value);
  }

  /** Matches values that start with `value`. */
  public static prefix(value: string): StringMatch {
    return new StringMatch('prefix', value);
  }

  /** Matches values against an RE2 regular expression (Envoy's `safe_regex`, anchored). */
  public static regex(value: string): StringMatch {
    return new StringMatch('regex', value);
  }

  private constructor(
    /** Which of Istio's match fields is set. */
    public readonly kind: 'exact' | 'prefix' | 'regex',
    /** The value to match. */
    public readonly value: string,
  ) {}

  /** The `StringMatch` object as the CRD spells it (`{ prefix: '/api' }`). */
  public toJson(): { exact?: string; prefix?: string; regex?: string } {
    return { [this.kind]: this.value };
  }
}

/**
 * The protocol of a port on a Gateway, ServiceEntry or Sidecar. Istio uses it to pick the
 * proxy's filters: HTTP-family protocols get L7 routing, TLS is routed by SNI, TCP is opaque.
 */
export enum IstioProtocol {
  /** Plain HTTP/1.1 (and h2c when the client upgrades). */
  HTTP = 'HTTP',
  /** HTTPS: TLS terminated (Gateway) or originated (DestinationRule) by the proxy. */
  HTTPS = 'HTTPS',
  /** HTTP/2. */
  HTTP2 = 'HTTP2',
  /** gRPC. */
  GRPC = 'GRPC',
  /** TLS passed through and routed by SNI; the application does the TLS. */
  TLS = 'TLS',
  /** Opaque TCP. */
  TCP = 'TCP',
  /** MongoDB wire protocol. */
  MONGO = 'MONGO',
}

/** An mTLS mode of a PeerAuthentication. */
export enum MtlsMode {
  /** Inherit from the parent policy (namespace, then mesh). */
  UNSET = 'UNSET',
  /** Plaintext only: the sidecar does not accept mTLS. */
  DISABLE = 'DISABLE',
  /** Accept both plaintext and mTLS. */
  PERMISSIVE = 'PERMISSIVE',
  /** Accept mTLS only. */
  STRICT = 'STRICT',
}

/** An Istio TLS protocol version bound. */
export enum TlsVersion {
  /** Not an Istio value: leaves the bound out of the output (upstream's default, like TLS_AUTO). */
  NOT_SET = 'NOT_SET',
  /** Envoy's default (upstream's default value). */
  TLS_AUTO = 'TLS_AUTO',
  /** TLS 1.0. Insecure: only for legacy clients. */
  TLSV1_0 = 'TLSV1_0',
  /** TLS 1.1. Insecure: only for legacy clients. */
  TLSV1_1 = 'TLSV1_1',
  /** TLS 1.2. */
  TLSV1_2 = 'TLSV1_2',
  /** TLS 1.3. */
  TLSV1_3 = 'TLSV1_3',
}
