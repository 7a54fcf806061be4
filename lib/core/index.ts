export * from './cluster-settings';
export * from './duration';
export * from './names';
