export * from './cluster-settings';
export * from './duration';
export * from './names';
export * from './resource';
export * from './sink';
export * from './report';
