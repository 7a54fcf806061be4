export * from './sequence';
export * from './parallel';
