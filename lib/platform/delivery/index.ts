export { PlatformApp, PlatformAppProps } from './app';
export * from './types';
