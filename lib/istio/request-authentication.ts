import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import type * as l1 from '../../imports/security.istio.io';
import { reportError } from '../core/report';
import { Resource } from '../core/resource';
import { Json, checkDuration, compact, matchLabels, protoDuration, renderedObject } from './internal';

/** `l1.RequestAuthentication.GVK`, written out so that rendering does not load the generated bindings. */
const GVK: typeof l1.RequestAuthentication.GVK = { apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication' };

/** Where a JWT is carried in a header. */
export interface JwtHeaderLocation {
  /** Header name. */
  readonly name: string;
  /** Prefix stripped before the token (`Bearer `). @default - none */
  readonly prefix?: string;
}

/** A JWT claim copied into a request header. */
export interface JwtClaimToHeader {
  /** The header to set. */
  readonly header: string;
  /** The claim (top-level, or nested with `.`). */
  readonly claim: string;
}

/** How to validate JWTs of one issuer. */
export interface JwtRule {
  /** The issuer (`iss` claim). */
  readonly issuer: string;
  /**
   * URL of the issuer's JSON Web Key Set (http/https). Exactly one of `jwksUri`/`jwks`.
   * @default - discovered from `<issuer>/.well-known/openid-configuration`
   */
  readonly jwksUri?: string;
  /** Inline JSON Web Key Set. @default - none */
  readonly jwks?: string;
  /** Accepted `aud` values. @default - any audience */
  readonly audiences?: string[];
  /**
   * Forward the token to the workload. Secure default: the token is removed after validation.
   * @default false
   */
  readonly forwardOriginalToken?: boolean;
  /** Headers carrying the token. @default - `Authorization: Bearer <token>` */
  readonly fromHeaders?: JwtHeaderLocation[];
  /** Query parameters carrying the token. @default - `access_token` */
  readonly fromParams?: string[];
  /** Cookies carrying the token. @default - none */
  readonly fromCookies?: string[];
  /** Header that receives the base64url payload of a valid token. @default - none */
  readonly outputPayloadToHeader?: string;
  /** Claims copied to headers. @default - none */
  readonly outputClaimToHeaders?: JwtClaimToHeader[];
  /** Timeout for fetching the JWKS. @default 5s */
  readonly timeout?: Duration;
}

/** Props of a RequestAuthentication. */
export interface RequestAuthenticationProps {
  /** Metadata; the namespace is the scope. @default - a generated name in the chart's namespace */
  readonly metadata?: ApiObjectMetadata;
  /** Only workloads with these labels. @default - every workload in the namespace */
  readonly selector?: Record<string, string>;
  /** JWT rules. More can be added with `addJwtRule`. @default - none */
  readonly jwtRules?: JwtRule[];
}

/**
 * An Istio RequestAuthentication: validates JWTs on requests. Requests with an invalid token are
 * rejected; requests without one are let through, so pair it with an AuthorizationPolicy
 * requiring `requestPrincipals` to make a token mandatory.
 *
 * @example
 * new RequestAuthentication(chart, 'jwt', { jwtRules: [{ issuer: 'https://auth.example.com', jwksUri: 'https://auth.example.com/jwks' }] });
 */
export class RequestAuthentication extends Resource {
  /** The rendered object; `addJsonPatch` on it is the escape hatch for fields not modelled. */
  public readonly apiObject: ApiObject;
  private readonly rules: JwtRule[] = [];

  public constructor(scope: Construct, id: string, private readonly props: RequestAuthenticationProps = {}) {
    super(scope, id);
    this.apiObject = renderedObject(this, GVK, props.metadata, () => this.renderSpec());
    for (const r of props.jwtRules ?? []) this.addJwtRule(r);
  }

  /** Adds a JWT rule. */
  public addJwtRule(rule: JwtRule): this {
    const at = `jwtRules[${this.rules.length}]`;
    if (rule.jwks !== undefined && rule.jwksUri !== undefined) {
      reportError(this, at, 'sets both `jwksUri` and `jwks`', { value: { jwksUri: rule.jwksUri, jwks: rule.jwks }, allowed: 'only one of jwksUri and jwks (or neither, for OpenID discovery)' });
    }
    checkDuration(this, `${at}.timeout`, rule.timeout);
    this.rules.push(rule);
    return this;
  }

  private renderSpec(): Json {
    return compact({
      selector: matchLabels(this.props.selector),
      jwtRules: this.rules.map((r) => compact({
        issuer: r.issuer,
        jwksUri: r.jwksUri,
        jwks: r.jwks,
        audiences: r.audiences,
        forwardOriginalToken: r.forwardOriginalToken,
        fromHeaders: r.fromHeaders?.map((h) => compact({ ...h })),
        fromParams: r.fromParams,
        fromCookies: r.fromCookies,
        outputPayloadToHeader: r.outputPayloadToHeader,
        outputClaimToHeaders: r.outputClaimToHeaders?.map((c) => ({ ...c })),
        timeout: protoDuration(r.timeout),
      })),
    });
  }
}
