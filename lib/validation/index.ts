export * from './types';
export * from './engine';
export * from './construct';
export { registerCrd, lookupCrd } from './schema/crd-store';
export * from './files';
export * from './plugin';
export { runCli } from './cli';
