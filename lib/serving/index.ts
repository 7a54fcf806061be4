/**
 * Knative Serving L2 constructs: KnativeService, Configuration, Route, DomainMapping and
 * ClusterDomainClaim, with their building blocks (containers, probes, volumes, secure defaults,
 * autoscaling, traffic).
 */
export { AUTOSCALING_PREFIX, AutoscalerClass, MetricAggregationAlgorithm, ScalingMetric, autoscalingAnnotations } from './autoscaling';
export type { AutoscalingProps } from './autoscaling';
export * from './cluster-domain-claim';
export * from './configuration';
export * from './container';
export * from './domain-mapping';
export * from './image';
export { ROLLOUT_DURATION_ANNOTATION, VISIBILITY_LABEL, Visibility } from './networking';
export * from './probe';
export { RevisionTemplate } from './revision-template';
export type { RevisionTemplateProps } from './revision-template';
export * from './route';
export { ContainerSecurity, ContainerSecurityLevel, SeccompProfileType } from './security';
export type { ContainerSecurityPolicyProps, ContainerSecurityProps } from './security';
export * from './service';
export * from './traffic';
export { EmptyDirMedium, RevisionVolume } from './volume';
export type {
  EmptyDirVolumeOptions, KeyToPath, KeyVolumeOptions, ProjectedVolumeOptions, ServiceAccountTokenProjection,
} from './volume';
