import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import type * as l1 from '../../imports/security.istio.io';
import { reportError } from '../core/report';
import { Resource } from '../core/resource';
import { Json, compact, matchLabels, renderedObject } from './internal';

/** `l1.AuthorizationPolicy.GVK`, written out so that rendering does not load the generated bindings. */
const GVK: typeof l1.AuthorizationPolicy.GVK = { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy' };

/** What an AuthorizationPolicy does with matching requests. */
export enum AuthorizationAction {
  /** Allow matching requests; once any ALLOW policy selects a workload, everything else is denied. */
  ALLOW = 'ALLOW',
  /** Deny matching requests (evaluated before ALLOW). */
  DENY = 'DENY',
  /** Log matching requests for audit (needs an audit plugin). */
  AUDIT = 'AUDIT',
  /** Delegate matching requests to an external authorizer (`provider`). */
  CUSTOM = 'CUSTOM',
}

/** Who sends the request: every listed field must match (AND); values within a field are OR. */
export interface AuthorizationSource {
  /** mTLS peer identities (`cluster.local/ns/<ns>/sa/<sa>`). Needs mTLS. @default - any */
  readonly principals?: string[];
  /** Peer identities not allowed. @default - none */
  readonly notPrincipals?: string[];
  /** Namespaces of the peer (from its mTLS identity). Needs mTLS. @default - any */
  readonly namespaces?: string[];
  /** Peer namespaces not allowed. @default - none */
  readonly notNamespaces?: string[];
  /** Source IPs/CIDRs of the connection. @default - any */
  readonly ipBlocks?: string[];
  /** Source IPs/CIDRs not allowed. @default - none */
  readonly notIpBlocks?: string[];
  /** Original client IPs (X-Forwarded-For / PROXY protocol). @default - any */
  readonly remoteIpBlocks?: string[];
  /** Original client IPs not allowed. @default - none */
  readonly notRemoteIpBlocks?: string[];
  /** JWT principals (`<iss>/<sub>`), from a RequestAuthentication. @default - any */
  readonly requestPrincipals?: string[];
  /** JWT principals not allowed. @default - none */
  readonly notRequestPrincipals?: string[];
}

/** What the request asks for: every listed field must match (AND). */
export interface AuthorizationOperation {
  /** Host header values. @default - any */
  readonly hosts?: string[];
  /** Host header values not allowed. @default - none */
  readonly notHosts?: string[];
  /** HTTP methods. @default - any */
  readonly methods?: string[];
  /** HTTP methods not allowed. @default - none */
  readonly notMethods?: string[];
  /** Paths (exact, `prefix*`, `*suffix`, or `*`). @default - any */
  readonly paths?: string[];
  /** Paths not allowed. @default - none */
  readonly notPaths?: string[];
  /** Destination (container) ports. @default - any */
  readonly ports?: number[];
  /** Destination ports not allowed. @default - none */
  readonly notPorts?: number[];
}

/** An extra condition on request attributes (`request.auth.claims[groups]`, `source.ip`...). */
export interface AuthorizationCondition {
  /** The attribute name. */
  readonly key: string;
  /** Accepted values. @default - any */
  readonly values?: string[];
  /** Rejected values. @default - none */
  readonly notValues?: string[];
}

/** One rule: matches when any source, any operation and every condition match. */
export interface AuthorizationRule {
  /** Sources (OR). @default - any source */
  readonly from?: AuthorizationSource[];
  /** Operations (OR). @default - any operation */
  readonly to?: AuthorizationOperation[];
  /** Conditions (AND). @default - none */
  readonly when?: AuthorizationCondition[];
}

/** A resource a policy attaches to instead of a workload selector (Istio `PolicyTargetReference`). */
export interface PolicyTargetReference {
  /** API group of the target: `gateway.networking.k8s.io` for a Gateway, `` (core) for a Service. @default '' (core) */
  readonly group?: string;
  /** Kind of the target: `Gateway`, `Service`, `ServiceEntry`, `GatewayClass`. */
  readonly kind: string;
  /** Name of the target, in the policy's namespace (Istio does not support cross-namespace references). */
  readonly name: string;
}

/** Props of an AuthorizationPolicy. */
export interface AuthorizationPolicyProps {
  /**
   * Metadata. The namespace is the scope (the root namespace makes it mesh-wide).
   * @default - a generated name in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /** Only workloads with these labels. Not together with `targetRefs`. @default - every workload in the namespace */
  readonly selector?: Record<string, string>;
  /**
   * Attach the policy to Kubernetes Gateway API Gateways, Services or ServiceEntries (ambient
   * waypoints and gateways) instead of selecting workloads. Not together with `selector`.
   * @default - none
   */
  readonly targetRefs?: PolicyTargetReference[];
  /** The action. @default AuthorizationAction.ALLOW */
  readonly action?: AuthorizationAction;
  /**
   * The extension provider (from meshConfig.extensionProviders) for CUSTOM; required with CUSTOM
   * and forbidden otherwise.
   * @default - none
   */
  readonly provider?: string;
  /**
   * Rules. An ALLOW policy without rules allows nothing, i.e. denies every request to the
   * selected workloads (Istio's "allow-nothing" policy).
   * @default - none
   */
  readonly rules?: AuthorizationRule[];
}

/**
 * An Istio AuthorizationPolicy: access control on requests to workloads.
 *
 * @example
 * new AuthorizationPolicy(chart, 'allow-frontend', {
 *   metadata: { namespace: 'shop' },
 *   rules: [{ from: [{ principals: ['cluster.local/ns/shop/sa/frontend'] }], to: [{ methods: ['GET'] }] }],
 * });
 */
export class AuthorizationPolicy extends Resource {
  /** An ALLOW policy with no rules: denies every request to the namespace (or `selector`). */
  public static allowNothing(scope: Construct, id: string, metadata?: ApiObjectMetadata, selector?: Record<string, string>): AuthorizationPolicy {
    return new AuthorizationPolicy(scope, id, { metadata, selector, action: AuthorizationAction.ALLOW });
  }

  /** The rendered object; `addJsonPatch` on it is the escape hatch for fields not modelled. */
  public readonly apiObject: ApiObject;
  private readonly rules: AuthorizationRule[] = [];

  public constructor(scope: Construct, id: string, private readonly props: AuthorizationPolicyProps = {}) {
    super(scope, id);
    const action = props.action ?? AuthorizationAction.ALLOW;
    if (action === AuthorizationAction.CUSTOM && !props.provider) {
      reportError(this, 'provider', 'is required when `action` is CUSTOM', { value: props.provider, allowed: 'the name of an extension provider in meshConfig.extensionProviders' });
    }
    if (action !== AuthorizationAction.CUSTOM && props.provider !== undefined) {
      reportError(this, 'provider', `can only be set when \`action\` is CUSTOM, not ${action}`, { value: props.provider, allowed: 'no provider, or action CUSTOM' });
    }
    this.apiObject = renderedObject(this, GVK, props.metadata, () => this.renderSpec());
    for (const r of props.rules ?? []) this.addRule(r);
  }

  /** Adds a rule; the policy applies when any rule matches. */
  public addRule(rule: AuthorizationRule): this {
    this.rules.push(rule);
    return this;
  }

  private renderSpec(): Json {
    const action = this.props.action ?? AuthorizationAction.ALLOW;
    return compact({
      selector: matchLabels(this.props.selector),
      targetRefs: this.props.targetRefs?.map((t) => ({ group: t.group ?? '', kind: t.kind, name: t.name })),
      action,
      provider: this.props.provider ? { name: this.props.provider } : undefined,
      rules: this.rules.map((r) => compact({
        from: r.from?.map((s) => ({ source: compact({ ...s }) })),
        to: r.to?.map((o) => ({
          operation: compact({ ...o, ports: o.ports?.map(String), notPorts: o.notPorts?.map(String) }),
        })),
        when: r.when?.map((c) => compact({ ...c })),
      })),
    });
  }
}
