export * from './props';
export * from './install';
