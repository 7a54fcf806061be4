/** Istio networking and security constructs, and Knative-aware presets built on them. */
export * from './common';
export * from './gateway';
export * from './virtual-service';
export * from './destination-rule';
export * from './service-entry';
export * from './sidecar';
export * from './peer-authentication';
export * from './authorization-policy';
export * from './request-authentication';
export * from './presets';
