/**
 * knative-faas-cdk: typed cdk8s constructs for Knative and Istio, and the validator that
 * keeps their output (and any other manifest) acceptable to a real cluster.
 */
export * from './core';
export * from './validation';
export * from './serving';
export * from './eventing';
export * from './istio';
export * from './platform';

// The generated L1 bindings (imports/, from `cdk8s import`), one namespace per API group, as an
// escape hatch for kinds and fields the L2 constructs do not model.
export * as autoscalingInternalKnativeDev from '../imports/autoscaling.internal.knative.dev';
export * as bindingsKnativeDev from '../imports/bindings.knative.dev';
export * as eventingKnativeDev from '../imports/eventing.knative.dev';
export * as extensionsIstioIo from '../imports/extensions.istio.io';
export * as flowsKnativeDev from '../imports/flows.knative.dev';
export * as messagingKnativeDev from '../imports/messaging.knative.dev';
export * as networkingInternalKnativeDev from '../imports/networking.internal.knative.dev';
export * as networkingIstioIo from '../imports/networking.istio.io';
export * as securityIstioIo from '../imports/security.istio.io';
export * as servingKnativeDev from '../imports/serving.knative.dev';
export * as sinksKnativeDev from '../imports/sinks.knative.dev';
export * as sourcesKnativeDev from '../imports/sources.knative.dev';
export * as telemetryIstioIo from '../imports/telemetry.istio.io';
export * from './faas';
export * from './topology';
