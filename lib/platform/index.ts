export * from './model';
export * from './istio';
