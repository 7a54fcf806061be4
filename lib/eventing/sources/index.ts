export * from './source';
export * from './ping-source';
export * from './api-server-source';
export * from './sink-binding';
export * from './container-source';
export * from './contrib';
