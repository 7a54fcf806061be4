/** Route-level networking shared by KnativeService and Route: visibility and gradual rollout. */
import { ApiObject, Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkedSeconds } from '../core/duration';

/** The label that makes a Service or Route reachable only from inside the cluster. */
export const VISIBILITY_LABEL = 'networking.knative.dev/visibility';
/** The annotation that spreads the shift of traffic to a new revision over time. */
export const ROLLOUT_DURATION_ANNOTATION = 'serving.knative.dev/rollout-duration';

/** Who can reach a KnativeService or Route. */
export enum Visibility {
  /** Reachable through the cluster's ingress, on the external domain. */
  EXTERNAL = 'external',
  /**
   * Reachable only from inside the cluster, at `<name>.<namespace>.svc.cluster.local`
   * (label `networking.knative.dev/visibility: cluster-local`).
   */
  CLUSTER_LOCAL = 'cluster-local',
}

/**
 * Applies `visibility` and `rolloutDuration` to the metadata of a Service or Route; a
 * rolloutDuration that is not whole seconds is reported on `scope`.
 */
export function applyRouteMetadata(scope: IConstruct, apiObject: ApiObject, props: { visibility?: Visibility; rolloutDuration?: Duration }): void {
  if (props.visibility === Visibility.CLUSTER_LOCAL) apiObject.metadata.addLabel(VISIBILITY_LABEL, 'cluster-local');
  if (props.rolloutDuration !== undefined) {
    const seconds = checkedSeconds(scope, 'rolloutDuration', props.rolloutDuration);
    if (seconds !== undefined) apiObject.metadata.addAnnotation(ROLLOUT_DURATION_ANNOTATION, `${seconds}s`);
  }
}
