/**
 * ClusterDomainClaim: `networking.internal.knative.dev/v1alpha1`, cluster-scoped. It grants one
 * namespace the right to map a domain with DomainMapping; without it (and without
 * `autocreate-cluster-domain-claims`) the DomainMapping never becomes ready.
 */
import { ApiObject, ApiObjectMetadata, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import type * as l1 from '../../imports/networking.internal.knative.dev';

/** `l1.ClusterDomainClaim.GVK`, written out so that rendering does not load the generated bindings. */
const GVK: typeof l1.ClusterDomainClaim.GVK = { apiVersion: 'networking.internal.knative.dev/v1alpha1', kind: 'ClusterDomainClaim' };
import { requireProp } from '../core/report';
import { Resource } from '../core/resource';
import { validateOnSynth } from '../validation/construct';

/** Props of a ClusterDomainClaim. */
export interface ClusterDomainClaimProps {
  /** The domain claimed (becomes the object's name), e.g. `api.example.org`. */
  readonly domain: string;
  /** The namespace allowed to create DomainMappings for the domain. */
  readonly namespace: string;
  /**
   * Labels and annotations. Name and namespace are ignored: the name is the domain, and the
   * object is cluster-scoped.
   * @default - none
   */
  readonly metadata?: Omit<ApiObjectMetadata, 'name' | 'namespace'>;
}

/**
 * Claims a domain for a namespace. Usually a platform-team object: it decides which team may
 * serve which domain.
 *
 * @example
 * new ClusterDomainClaim(chart, 'claim', { domain: 'checksums.example.org', namespace: 'dynafed' });
 */
export class ClusterDomainClaim extends Resource {
  /** The ClusterDomainClaim object (with the generated L1's GVK). */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: ClusterDomainClaimProps) {
    super(scope, id);
    requireProp('ClusterDomainClaim', props, 'domain', 'namespace');
    const { name: _n, namespace: _ns, ...metadata } = (props.metadata ?? {}) as ApiObjectMetadata;
    // As KnativeService: a plain ApiObject rendered straight from the props.
    this.apiObject = new ApiObject(this, 'Resource', {
      ...GVK,
      metadata: { ...metadata, name: props.domain },
      spec: { namespace: props.namespace },
    });
    // cdk8s gives every object the chart's namespace; a cluster-scoped object must have none.
    if (this.apiObject.metadata.namespace !== undefined) {
      this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
    validateOnSynth(this.apiObject);
  }

  /** The claimed domain. */
  public get domain(): string {
    return this.name;
  }

  /** A cluster-scoped object has no namespace. */
  public override get namespace(): string | undefined {
    return undefined;
  }
}
