/**
 * Knative Eventing: sinks and delivery, Broker and Trigger, event sources, channels and
 * subscriptions, Sequence and Parallel, and the event registry.
 */
export type { EventingResourceProps } from './base';
export type { AddressableSinkOptions, ReferenceSinkOptions, SinkOptions } from './sink';
export { bindSink, renderDestination, Sink } from './sink';
export * from './delivery';
export * from './filter';
export * from './broker';
export * from './trigger';
export * from './event-type';
export * from './sources';
export * from './messaging';
export * from './flows';
export * from './sinks';
export * from './event-policy';
