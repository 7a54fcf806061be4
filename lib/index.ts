/**
 * knative-faas-cdk: typed cdk8s constructs for Knative and Istio, and the validator that
 * keeps their output (and any other manifest) acceptable to a real cluster.
 */
export * from './core';
export * from './validation';
export * from './serving';
export * from './eventing';
export * from './istio';
