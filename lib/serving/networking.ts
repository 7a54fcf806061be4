/** Route-level networking shared by KnativeService and Route: visibility and gradual rollout. */
import { ApiObject, Duration } from 'cdk8s';

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

/** Applies `visibility` and `rolloutDuration` to the metadata of a Service or Route. */
export function applyRouteMetadata(apiObject: ApiObject, props: { visibility?: Visibility; rolloutDuration?: Duration }): void {
  if (props.visibility === Visibility.CLUSTER_LOCAL) apiObject.metadata.addLabel(VISIBILITY_LABEL, 'cluster-local');
  if (props.rolloutDuration !== undefined) {
    const ms = props.rolloutDuration.toMilliseconds();
    if (ms % 1000 !== 0) {
      throw new Error(`'rolloutDuration' (${props.rolloutDuration.toHumanString()}) must be a whole number of seconds: Knative rejects sub-second precision`);
    }
    apiObject.metadata.addAnnotation(ROLLOUT_DURATION_ANNOTATION, `${ms / 1000}s`);
  }
}
