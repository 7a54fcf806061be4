/**
 * STRICT mTLS for a namespace running Knative Services, with the exceptions Knative needs.
 *
 * Sources (knative.dev, Knative 1.x docs):
 * - "Enabling requests to Knative services when additional authorization policies are enabled"
 *   (https://knative.dev/docs/serving/istio-authorization/): the activator sits in the request
 *   path, so a policy that allows only some namespaces must also allow `knative-serving`
 *   (requests forwarded by the activator carry its identity); Knative system pods probe and
 *   scrape the workloads on `/healthz` and `/metrics`, which must be allowed as well; the
 *   activator must be sidecar-injected (label `knative-serving` with `istio-injection=enabled`),
 *   otherwise STRICT mode rejects its requests.
 * - "Installing Istio for Knative" / "Using Istio mTLS feature with Knative"
 *   (https://knative.dev/docs/install/installing-istio/): inject `knative-serving` and set its
 *   PeerAuthentication to PERMISSIVE, since its webhooks are called by the API server, which has
 *   no mesh identity. `KnativeServingPermissiveMtls` renders that object. net-istio.yaml itself
 *   already ships workload-level PERMISSIVE PeerAuthentications for the `webhook` and
 *   `istio-webhook` pods (config/400-webhook-peer-authentication.yaml), for the same reason.
 * - Webhook servers in the locked-down namespace itself have the same problem: the API server
 *   calls them without mTLS. `allowPlaintextPort` opens exactly that port on those pods.
 * - Istio's ingress gateways (and net-istio's `knative-local-gateway`) run in istio-system and
 *   call revision pods directly whenever the activator is not in the path, so their namespace
 *   must be allowed for the Services to stay reachable once scaled up.
 * - Kubelet probes need no exception: Istio's injector rewrites HTTP/TCP/gRPC probes to the
 *   sidecar agent (port 15020) by default, outside mTLS and authorization.
 */
import { Construct } from 'constructs';
import { reportError, requireProp } from '../../core/report';
import { MtlsMode } from '../common';
import { AuthorizationAction, AuthorizationPolicy } from '../authorization-policy';
import { PeerAuthentication } from '../peer-authentication';

/** A port of some workloads that must accept plaintext, e.g. an admission webhook server. */
export interface PlaintextPortException {
  /** Labels of the pods that serve the port. */
  readonly selector: Record<string, string>;
  /** The container port. */
  readonly port: number;
}

/** Props of `KnativeStrictMtls`. */
export interface KnativeStrictMtlsProps {
  /** The namespace to lock down. */
  readonly namespace: string;
  /**
   * Allow traffic between workloads of the namespace itself.
   * @default true
   */
  readonly allowSameNamespace?: boolean;
  /**
   * Allow the Istio ingress gateways (external traffic and `knative-local-gateway`). Turning it
   * off leaves the Services reachable only through the activator, i.e. only while it is in the
   * path, so do it only for namespaces that must not be reached through a gateway at all.
   * @default true
   */
  readonly allowIngressGateway?: boolean;
  /** Namespace of the Istio ingress gateway pods. @default 'istio-system' */
  readonly ingressGatewayNamespace?: string;
  /** Namespace of Knative Serving (activator, autoscaler). @default 'knative-serving' */
  readonly knativeServingNamespace?: string;
  /**
   * Allow Knative Eventing's dispatchers (broker filter/ingress, channel dispatchers), which
   * deliver events from their own namespace. Needed when Triggers or Subscriptions send events
   * to Services in this namespace.
   * @default false
   */
  readonly allowKnativeEventing?: boolean;
  /** Namespace of Knative Eventing. @default 'knative-eventing' */
  readonly knativeEventingNamespace?: string;
  /**
   * Allow unauthenticated access to Knative's probe and metrics paths (`/healthz`, `/metrics`)
   * as knative.dev documents. Needed by probes that arrive through a gateway that is not allowed.
   * @default true
   */
  readonly allowKnativeProbePaths?: boolean;
  /** More namespaces allowed to call the namespace's workloads. @default - none */
  readonly allowedNamespaces?: string[];
  /** More mTLS identities (`cluster.local/ns/<ns>/sa/<sa>`) allowed. @default - none */
  readonly allowedPrincipals?: string[];
  /** Ports that must accept plaintext (webhook servers called by the API server). @default - none */
  readonly plaintextPorts?: PlaintextPortException[];
}

/** The paths Knative system pods use on every revision pod (knative.dev/docs/serving/istio-authorization). */
export const KNATIVE_SYSTEM_PATHS: readonly string[] = ['/metrics', '/healthz'];

/**
 * Locks a namespace down: a namespace-wide PeerAuthentication in STRICT mode and an ALLOW
 * AuthorizationPolicy listing who may call its workloads (once any ALLOW policy applies, Istio
 * denies everything else), with the exceptions Knative Serving needs.
 *
 * Objects: PeerAuthentication `default`, AuthorizationPolicy `knative-allowlist`, and per
 * plaintext port a PeerAuthentication + AuthorizationPolicy `plaintext-<port>` on its workloads.
 *
 * Prerequisite (cluster-wide, once): the `knative-serving` namespace is labelled
 * `istio-injection=enabled`; see `KnativeServingPermissiveMtls`.
 *
 * @example
 * const lock = new KnativeStrictMtls(chart, 'lock', { namespace: 'checksum' });
 * lock.addAllowedNamespace('monitoring');
 */
export class KnativeStrictMtls extends Construct {
  /** The namespace-wide STRICT PeerAuthentication. */
  public readonly peerAuthentication: PeerAuthentication;
  /** The ALLOW policy with the allow-list. */
  public readonly authorizationPolicy: AuthorizationPolicy;
  private readonly namespace: string;
  private readonly namespaces: string[] = [];
  private readonly principals: string[] = [];
  private readonly plaintextPorts = new Set<string>();

  public constructor(scope: Construct, id: string, props: KnativeStrictMtlsProps) {
    super(scope, id);
    requireProp('KnativeStrictMtls', props, 'namespace');
    this.namespace = props.namespace;
    this.peerAuthentication = new PeerAuthentication(this, 'PeerAuthentication', {
      metadata: { name: 'default', namespace: props.namespace },
      mode: MtlsMode.STRICT,
    });

    const system = [props.knativeServingNamespace ?? 'knative-serving'];
    if (props.allowKnativeEventing ?? false) system.push(props.knativeEventingNamespace ?? 'knative-eventing');
    if (props.allowIngressGateway ?? true) system.push(props.ingressGatewayNamespace ?? 'istio-system');
    if (props.allowSameNamespace ?? true) this.namespaces.push(props.namespace);
    for (const ns of [...system, ...(props.allowedNamespaces ?? [])]) this.addAllowedNamespace(ns);
    this.authorizationPolicy = new AuthorizationPolicy(this, 'AllowList', {
      metadata: { name: 'knative-allowlist', namespace: props.namespace },
      action: AuthorizationAction.ALLOW,
    });
    // The arrays are read at synth, so later addAllowedNamespace calls reach the output.
    this.authorizationPolicy.addRule({ from: [{ namespaces: this.namespaces }] });
    if (props.allowKnativeProbePaths ?? true) {
      this.authorizationPolicy.addRule({ to: [{ paths: [...KNATIVE_SYSTEM_PATHS] }] });
    }
    for (const p of props.allowedPrincipals ?? []) this.addAllowedPrincipal(p);

    for (const p of props.plaintextPorts ?? []) this.allowPlaintextPort(p.selector, p.port);
  }

  /** Allows every workload of another namespace. */
  public addAllowedNamespace(namespace: string): this {
    if (!this.namespaces.includes(namespace)) this.namespaces.push(namespace);
    return this;
  }

  /** Allows one mTLS identity (`cluster.local/ns/<ns>/sa/<sa>`). */
  public addAllowedPrincipal(principal: string): this {
    // The rule is added with the first principal: a source with no principals would match anyone.
    if (this.principals.length === 0) this.authorizationPolicy.addRule({ from: [{ principals: this.principals }] });
    if (!this.principals.includes(principal)) this.principals.push(principal);
    return this;
  }

  /**
   * Lets the pods selected by `selector` accept plaintext on `port` from anyone, e.g. an
   * admission webhook server the API server calls without a mesh identity. Renders a
   * workload PeerAuthentication (port PERMISSIVE) and an ALLOW policy for that port.
   */
  public allowPlaintextPort(selector: Record<string, string>, port: number): this {
    const key = `${port}`;
    if (this.plaintextPorts.has(key)) {
      reportError(this, `plaintextPorts[${this.plaintextPorts.size}].port`, `is already allowed in namespace '${this.namespace}'`, { value: port, allowed: 'each port once (list every selector of one port in a single exception)' });
      return this;
    }
    this.plaintextPorts.add(key);
    new PeerAuthentication(this, `Plaintext${port}`, {
      metadata: { name: `plaintext-${port}`, namespace: this.namespace },
      selector,
      mode: MtlsMode.STRICT,
      portLevelMtls: { [port]: MtlsMode.PERMISSIVE },
    });
    new AuthorizationPolicy(this, `AllowPlaintext${port}`, {
      metadata: { name: `plaintext-${port}`, namespace: this.namespace },
      selector,
      rules: [{ to: [{ ports: [port] }] }],
    });
    return this;
  }
}

/** Props of `KnativeServingPermissiveMtls`. */
export interface KnativeServingPermissiveMtlsProps {
  /** Namespace of Knative Serving. @default 'knative-serving' */
  readonly namespace?: string;
}

/**
 * The cluster-wide half of Knative with Istio mTLS (knative.dev "Using Istio mTLS feature with
 * Knative"): PeerAuthentication `default` in `knative-serving` set to PERMISSIVE, so the
 * sidecar-injected activator and autoscaler keep accepting plaintext from the API server
 * (webhooks) and non-mesh clients even when the mesh-wide mode is STRICT. Create it once per
 * cluster, in the platform app. (net-istio.yaml already makes the webhook pods PERMISSIVE with
 * workload policies; this namespace policy is what the Knative install guide asks for on top.)
 *
 * @example
 * const platform = new Chart(app, 'platform');
 * new KnativeServingPermissiveMtls(platform, 'knative-serving-mtls');
 */
export class KnativeServingPermissiveMtls extends Construct {
  /** The PeerAuthentication. */
  public readonly peerAuthentication: PeerAuthentication;

  public constructor(scope: Construct, id: string, props: KnativeServingPermissiveMtlsProps = {}) {
    super(scope, id);
    this.peerAuthentication = new PeerAuthentication(this, 'PeerAuthentication', {
      metadata: { name: 'default', namespace: props.namespace ?? 'knative-serving' },
      mode: MtlsMode.PERMISSIVE,
    });
  }
}
