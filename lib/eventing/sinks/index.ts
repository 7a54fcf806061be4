export * from './job-sink';
