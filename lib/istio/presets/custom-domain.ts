/**
 * Exposing Knative Services on custom domains with TLS through the Knative ingress gateway.
 *
 * What net-istio expects (knative-extensions/net-istio, pkg/reconciler/ingress/resources):
 * - every public KIngress is bound to the shared Gateway `knative-serving/knative-ingress-gateway`
 *   (selector `istio: ingressgateway`, the istio-system ingress gateway), and net-istio writes the
 *   VirtualServices itself. Hand-written VirtualServices for the same hosts conflict with them.
 * - for a DomainMapping with `spec.tls.secretName` (bring-your-own certificate, knative.dev
 *   "Configuring custom domains"), net-istio copies the Secret into the gateway's namespace and
 *   generates a per-ingress Gateway whose 443 server uses that copy as `credentialName` (SIMPLE,
 *   TLS 1.2 minimum). So a DomainMapping is all a single custom domain needs; an extra Gateway with
 *   the same host and port would clash with the generated one.
 * - for a wildcard certificate shared by many Services, knative.dev ("Configure external domain
 *   encryption", manual certificates with Istio) adds an HTTPS server with `credentialName`
 *   (a Secret in istio-system) to `knative-ingress-gateway` itself: `KnativeIngressGateway`.
 */
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-27';
import { ClusterSettings } from '../../core/cluster-settings';
import { reportError, requireProp } from '../../core/report';
import { IAddressable, KReference } from '../../core/sink';
import { DomainMapping } from '../../serving/domain-mapping';
import { IstioProtocol, TlsVersion } from '../common';
import { Gateway, ServerTlsMode } from '../gateway';

/** Props of `KnativeCustomDomain`. */
export interface KnativeCustomDomainProps {
  /** The custom domain (`checksum.cern.ch`); becomes the DomainMapping's name. */
  readonly domain: string;
  /**
   * The Knative Service (or Route) served on the domain, or a reference to one. It must live in
   * the DomainMapping's namespace.
   */
  readonly target: IAddressable | KReference;
  /**
   * Namespace of the DomainMapping.
   * @default - the target's namespace, else the chart's
   */
  readonly namespace?: string;
  /**
   * Secret of type kubernetes.io/tls in the DomainMapping's namespace with the certificate for
   * `domain` (e.g. written by a cert-manager Certificate). net-istio copies it to the ingress
   * gateway namespace and terminates TLS with it.
   * @default - none: requires `allowPlainHttp`
   */
  readonly tlsSecret?: kplus.ISecret | string;
  /**
   * Serve the domain over plain HTTP only. Secure default: a custom domain needs a certificate.
   * @default false
   */
  readonly allowPlainHttp?: boolean;
  /**
   * Redirect HTTP to HTTPS for this domain (annotation `networking.knative.dev/http-protocol:
   * redirected`, which Knative's DomainMapping reconciler reads). Only with `tlsSecret`.
   * @default true
   */
  readonly redirectHttp?: boolean;
  /**
   * Render the ClusterDomainClaim that gives the namespace the right to the domain. Needed unless
   * Knative creates claims itself (`autocreate-cluster-domain-claims`, read from
   * `ClusterSettings.serving.network`).
   * @default - true unless the cluster settings enable autocreate-cluster-domain-claims
   */
  readonly createDomainClaim?: boolean;
}

/**
 * A custom domain for a Knative Service, the way Knative with net-istio expects it: a
 * DomainMapping with a bring-your-own TLS Secret, plus the ClusterDomainClaim that lets the
 * namespace use the domain, and HTTP redirected to HTTPS. net-istio then generates the Gateway
 * server with `credentialName` and the VirtualService; this construct deliberately renders
 * neither.
 *
 * @example
 * new KnativeCustomDomain(chart, 'domain', {
 *   domain: 'checksum.cern.ch', target: service, tlsSecret: 'checksum-cern-ch-tls',
 * });
 */
export class KnativeCustomDomain extends Construct {
  /** The DomainMapping (and its `claim`, when rendered). */
  public readonly domainMapping: DomainMapping;

  public constructor(scope: Construct, id: string, props: KnativeCustomDomainProps) {
    super(scope, id);
    requireProp('KnativeCustomDomain', props, 'domain', 'target');
    if (props.tlsSecret === undefined && !props.allowPlainHttp) {
      reportError(this, 'tlsSecret', `is required for domain '${props.domain}': a custom domain is served over TLS`, {
        value: props.tlsSecret, allowed: "a kubernetes.io/tls Secret (or its name) in the DomainMapping's namespace, or allowPlainHttp: true to serve plain HTTP",
      });
    }
    const redirect = props.tlsSecret !== undefined && (props.redirectHttp ?? true);
    const autoClaims = ClusterSettings.of(this).servingNetwork.autocreateClusterDomainClaims;
    this.domainMapping = new DomainMapping(this, 'DomainMapping', {
      domain: props.domain,
      ref: props.target,
      namespace: props.namespace,
      tlsSecret: props.tlsSecret,
      createClaim: props.createDomainClaim ?? !autoClaims,
      metadata: redirect ? { annotations: { 'networking.knative.dev/http-protocol': 'redirected' } } : undefined,
    });
  }
}

/** Props of `KnativeIngressGateway`. */
export interface KnativeIngressGatewayProps {
  /** Namespace of Knative Serving. @default 'knative-serving' */
  readonly namespace?: string;
  /** Labels of the Istio ingress gateway pods. @default { istio: 'ingressgateway' } */
  readonly selector?: Record<string, string>;
  /**
   * Secret in the ingress gateway's namespace (istio-system) with a certificate for `tlsHosts`,
   * e.g. a wildcard for the cluster's Knative domain.
   * @default - no HTTPS server
   */
  readonly credentialName?: string;
  /** Hosts served with that certificate. @default ['*'] */
  readonly tlsHosts?: string[];
  /**
   * Lowest TLS version of the HTTPS server. `TlsVersion.TLS_AUTO` is upstream's default
   * (Envoy's choice).
   * @default TlsVersion.TLSV1_2 - as net-istio sets on the servers it generates
   */
  readonly minProtocolVersion?: TlsVersion;
  /**
   * Redirect HTTP to HTTPS on the shared HTTP server. Off by default because Knative's own
   * probes and cluster traffic use the HTTP server; prefer `http-protocol: Redirected` in
   * `config-network` for a cluster-wide redirect, which Knative applies per host.
   * @default false
   */
  readonly httpsRedirect?: boolean;
}

/**
 * Knative's shared ingress Gateway `knative-serving/knative-ingress-gateway` as net-istio ships
 * it (HTTP server `http` on port 80 for every host), optionally with an HTTPS server on 443
 * that terminates TLS with a certificate Secret in istio-system, which is how knative.dev adds
 * a manually managed (typically wildcard) certificate.
 *
 * net-istio.yaml contains the same object: render this one instead of that copy (drop it from
 * the release manifest), so one GitOps source owns it. net-istio keeps servers it did not create.
 */
export class KnativeIngressGateway extends Gateway {
  public constructor(scope: Construct, id: string, props: KnativeIngressGatewayProps = {}) {
    super(scope, id, {
      metadata: { name: 'knative-ingress-gateway', namespace: props.namespace ?? 'knative-serving' },
      selector: props.selector ?? { istio: 'ingressgateway' },
    });
    this.addServer({
      port: 80,
      protocol: IstioProtocol.HTTP,
      portName: 'http',
      hosts: ['*'],
      tls: props.httpsRedirect ? { httpsRedirect: true } : undefined,
    });
    if (props.credentialName) {
      this.addServer({
        port: 443,
        protocol: IstioProtocol.HTTPS,
        portName: 'https',
        hosts: props.tlsHosts ?? ['*'],
        tls: { mode: ServerTlsMode.SIMPLE, credentialName: props.credentialName, minProtocolVersion: props.minProtocolVersion ?? TlsVersion.TLSV1_2 },
      });
    }
  }
}
