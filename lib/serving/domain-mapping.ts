/**
 * DomainMapping: `serving.knative.dev/v1beta1` DomainMapping, serving an addressable (usually a
 * KnativeService) on a custom domain.
 */
import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type * as l1 from '../../imports/serving.knative.dev';

/** `l1.DomainMapping.GVK`, written out so that rendering does not load the generated bindings. */
const GVK: typeof l1.DomainMapping.GVK = { apiVersion: 'serving.knative.dev/v1beta1', kind: 'DomainMapping' };
import { reportError, requireProp } from '../core/report';
import { Resource } from '../core/resource';
import { IAddressable, KReference } from '../core/sink';
import { validateOnSynth } from '../validation/construct';
import { ClusterDomainClaim } from './cluster-domain-claim';
import { JsonObject } from './json';

/** Props of a DomainMapping. */
export interface DomainMappingProps {
  /**
   * The domain to serve (becomes the object's name): a fully qualified domain with at least two
   * labels, not under the cluster-local domain.
   */
  readonly domain: string;
  /**
   * What to serve on the domain: a KnativeService (or Route) of this app, or a reference. It must
   * live in the DomainMapping's namespace.
   */
  readonly ref: IAddressable | KReference;
  /**
   * The namespace of the DomainMapping.
   * @default - the namespace of `ref`, else the chart's namespace
   */
  readonly namespace?: string;
  /**
   * A TLS Secret (type kubernetes.io/tls) for the domain (`spec.tls.secretName`), in the same
   * namespace.
   * @default - no TLS, unless the cluster provisions certificates automatically
   */
  readonly tlsSecret?: kplus.ISecret | string;
  /**
   * Also create the ClusterDomainClaim that lets this namespace use the domain. Leave false when
   * the cluster sets `autocreate-cluster-domain-claims` or the platform team owns claims.
   * @default false
   */
  readonly createClaim?: boolean;
  /**
   * Labels and annotations. Name and namespace come from `domain` and `namespace`.
   * @default - none
   */
  readonly metadata?: Omit<ApiObjectMetadata, 'name' | 'namespace'>;
}

/** The fields of a reference the DomainMapping schema knows, in the order the manifests always had. */
function refToJson(ref: KReference): JsonObject {
  const src = ref as unknown as JsonObject;
  const out: JsonObject = {};
  for (const key of ['address', 'apiVersion', 'group', 'kind', 'name', 'namespace']) if (src[key] !== undefined) out[key] = src[key];
  return out;
}

function isAddressable(x: IAddressable | KReference): x is IAddressable {
  return typeof (x as IAddressable).toDestination === 'function';
}

/**
 * Maps a custom domain to a KnativeService.
 *
 * @example
 * new DomainMapping(chart, 'domain', { domain: 'hello.example.org', ref: service, createClaim: true });
 */
export class DomainMapping extends Resource {
  /** The DomainMapping object (with the generated L1's GVK). */
  public readonly apiObject: ApiObject;
  /** The ClusterDomainClaim created with `createClaim`. */
  public readonly claim?: ClusterDomainClaim;

  public constructor(scope: Construct, id: string, props: DomainMappingProps) {
    super(scope, id);
    requireProp('DomainMapping', props, 'domain', 'ref');
    const target = isAddressable(props.ref) ? props.ref : undefined;
    const refOf = (): KReference => (target ? target.reference : props.ref as KReference);
    const { name: _n, namespace: _ns, ...metadata } = (props.metadata ?? {}) as ApiObjectMetadata;
    // As KnativeService: a plain ApiObject whose spec is rendered straight to JSON.
    this.apiObject = new ApiObject(this, 'Resource', {
      ...GVK,
      metadata: { ...metadata, name: props.domain, namespace: props.namespace ?? refOf().namespace },
      spec: Lazy.any({
        produce: (): JsonObject => {
          const spec: JsonObject = { ref: refToJson(refOf()) };
          if (props.tlsSecret !== undefined) spec.tls = { secretName: typeof props.tlsSecret === 'string' ? props.tlsSecret : props.tlsSecret.name };
          return spec;
        },
      }),
    });
    validateOnSynth(this.apiObject);
    if (props.createClaim) {
      const namespace = this.namespace;
      if (namespace === undefined) {
        reportError(this, 'createClaim', `needs a namespace for domain '${props.domain}' to grant the claim to`, {
          value: true, allowed: "a 'namespace' prop, a namespace on the chart, or a ref with one",
        });
      } else {
        this.claim = new ClusterDomainClaim(this, 'Claim', { domain: props.domain, namespace });
      }
    }
  }

  /** The mapped domain. */
  public get domain(): string {
    return this.name;
  }
}
