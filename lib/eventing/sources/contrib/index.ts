export { CloudEventExtensions } from './common';
export * from './gitlab-source';
export * from './github-source';
export * from './kafka-source';
export * from './kafka-sink';
export * from './kafka-broker-config';
export * from './rabbitmq-source';
