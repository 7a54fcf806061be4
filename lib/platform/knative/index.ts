export * from './mode';
export type {
  CertManagerSettings, DeploymentSettings, EventingInstallOptions, GarbageCollectionSettings, HighAvailability, IssuerRef,
  QueueSidecarResources, ServingInstallOptions,
} from './options';
export { KnativeInstall, KnativeInstallProps, ISTIO_INGRESS_CLASS } from './install';
