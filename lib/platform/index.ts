export * from './model';
export * from './knative';
