export * from './scaling';
export * from './trigger';
export * from './function';
export * from './tenant';
