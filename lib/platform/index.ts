export * from './model';
export * from './istio';
export * from './knative';
export * from './delivery';
