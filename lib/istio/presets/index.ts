export * from './strict-mtls';
export * from './external-hosts';
export * from './custom-domain';
