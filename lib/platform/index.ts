export * from './model';
export * from './delivery';
