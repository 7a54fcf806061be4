/**
 * What an app knows about the cluster it deploys to: the Knative and Istio configuration that
 * decides what the admission webhooks accept. The validator reads it; the platform install
 * renders the same settings into Knative's ConfigMaps, so the two cannot disagree.
 *
 * Every value defaults to a stock Knative 1.23 / Istio 1.30 install.
 */
import { IConstruct } from 'constructs';
import { formatSettingsProblem, mergeProps, readSettingsManifests, renderConfigMapData, settingsProblems } from './cluster-settings-manifests';
import { PropProblem, reportError } from './report';
import { renderObjectMetaTemplate, TemplateMeta } from './cluster-settings-templates';

export { SERVING_FEATURE_FLAGS, EVENTING_FEATURE_FLAGS } from './cluster-settings-manifests';
export type { TemplateMeta } from './cluster-settings-templates';

/** The value of a Knative feature flag in `config-features`. */
export type FeatureState = 'Enabled' | 'Disabled' | 'Allowed';

/** Knative Serving's `config-features` flags (knative-serving namespace). */
export type ServingFeatureFlag =
  | 'multi-container'
  | 'multi-container-probing'
  | 'kubernetes.podspec-affinity'
  | 'kubernetes.podspec-topologyspreadconstraints'
  | 'kubernetes.podspec-hostaliases'
  | 'kubernetes.podspec-fieldref'
  | 'kubernetes.podspec-nodeselector'
  | 'kubernetes.podspec-runtimeclassname'
  | 'kubernetes.podspec-securitycontext'
  | 'kubernetes.podspec-shareprocessnamespace'
  | 'kubernetes.podspec-hostipc'
  | 'kubernetes.podspec-hostpid'
  | 'kubernetes.podspec-hostnetwork'
  | 'kubernetes.podspec-priorityclassname'
  | 'kubernetes.podspec-schedulername'
  | 'kubernetes.containerspec-addcapabilities'
  | 'kubernetes.podspec-tolerations'
  | 'kubernetes.podspec-volumes-emptydir'
  | 'kubernetes.podspec-volumes-hostpath'
  | 'kubernetes.podspec-volumes-mount-propagation'
  | 'kubernetes.podspec-volumes-csi'
  | 'kubernetes.podspec-volumes-ephemeral'
  | 'kubernetes.podspec-volumes-image'
  | 'kubernetes.podspec-persistent-volume-claim'
  | 'kubernetes.podspec-persistent-volume-write'
  | 'kubernetes.podspec-init-containers'
  | 'kubernetes.podspec-dnspolicy'
  | 'kubernetes.podspec-dnsconfig'
  | 'tag-header-based-routing'
  | 'autodetect-http2'
  | 'queueproxy.mount-podinfo'
  | 'queueproxy.resource-defaults';

/** `secure-pod-defaults` in Serving's `config-features`. */
export type SecurePodDefaults = 'Disabled' | 'Enabled' | 'AllowRootBounded';

/** Knative Eventing's `config-features` flags (knative-eventing namespace). */
export type EventingFeatureFlag =
  | 'delivery-timeout'
  | 'kreference-group'
  | 'delivery-retryafter'
  | 'kreference-mapping'
  | 'transport-encryption'
  | 'eventtype-auto-create'
  | 'authentication-oidc'
  | 'cross-namespace-event-links'
  | 'new-apiserversource-filters';

/** `default-authorization-mode` in Eventing's `config-features`: who may send to an addressable with no EventPolicy. */
export type AuthorizationMode = 'allow-same-namespace' | 'allow-all' | 'deny-all';

const SERVING_FEATURE_DEFAULTS: Partial<Record<ServingFeatureFlag, FeatureState>> = {
  'multi-container': 'Enabled',
  'kubernetes.podspec-volumes-emptydir': 'Enabled',
};

const EVENTING_FEATURE_DEFAULTS: Partial<Record<EventingFeatureFlag, FeatureState>> = {
  'delivery-timeout': 'Enabled',
};

/** Serving's `config-defaults` (pkg/apis/config/defaults.go). */
export interface ServingDefaultsSettings {
  /** `revision-timeout-seconds`: timeout given to revisions that set none. @default 300 */
  readonly revisionTimeoutSeconds?: number;
  /** `max-revision-timeout-seconds`: the largest timeoutSeconds a revision may set. @default 600 */
  readonly maxRevisionTimeoutSeconds?: number;
  /**
   * `revision-response-start-timeout-seconds`: responseStartTimeoutSeconds given to revisions that
   * set none (when smaller than their timeoutSeconds; 0 gives none).
   * @default - revision-timeout-seconds (300)
   */
  readonly revisionResponseStartTimeoutSeconds?: number;
  /**
   * `revision-idle-timeout-seconds`: idleTimeoutSeconds given to revisions that set none (when
   * smaller than their timeoutSeconds); 0 means no idle timeout.
   * @default 0
   */
  readonly revisionIdleTimeoutSeconds?: number;
  /** `revision-cpu-request`: CPU request given to containers that set none (a quantity). @default - none */
  readonly revisionCpuRequest?: string;
  /** `revision-cpu-limit`: CPU limit given to containers that set none. @default - none */
  readonly revisionCpuLimit?: string;
  /** `revision-memory-request`: memory request given to containers that set none. @default - none */
  readonly revisionMemoryRequest?: string;
  /** `revision-memory-limit`: memory limit given to containers that set none. @default - none */
  readonly revisionMemoryLimit?: string;
  /** `revision-ephemeral-storage-request`: ephemeral-storage request given to containers that set none. @default - none */
  readonly revisionEphemeralStorageRequest?: string;
  /** `revision-ephemeral-storage-limit`: ephemeral-storage limit given to containers that set none. @default - none */
  readonly revisionEphemeralStorageLimit?: string;
  /**
   * `container-name-template`: Go template (over the parent Service/Configuration's ObjectMeta,
   * e.g. `{{.Name}}`) naming containers that have no name; `-0`, `-1`... are appended when a
   * revision has several.
   * @default 'user-container'
   */
  readonly containerNameTemplate?: string;
  /** `init-container-name-template`: the same for init containers. @default 'init-container' */
  readonly initContainerNameTemplate?: string;
  /** `container-concurrency`: concurrency given to revisions that set none (0 = unlimited). @default 0 */
  readonly containerConcurrency?: number;
  /** `container-concurrency-max-limit`: the largest containerConcurrency allowed. @default 1000 */
  readonly containerConcurrencyMaxLimit?: number;
  /** `allow-container-concurrency-zero`: whether 0 (unlimited) is allowed. @default true */
  readonly allowContainerConcurrencyZero?: boolean;
  /**
   * `enable-service-links`: enableServiceLinks given to revisions that set none on create;
   * 'default' leaves it unset (Kubernetes then injects service links).
   * @default false
   */
  readonly enableServiceLinks?: boolean | 'default';
}

/** Serving's `config-autoscaler` (pkg/autoscaler/config/config.go). Durations are Go durations (`60s`). */
export interface AutoscalerSettings {
  /** `pod-autoscaler-class`: the class revisions get when they name none. @default 'kpa.autoscaling.knative.dev' */
  readonly podAutoscalerClass?: string;
  /** `allow-zero-initial-scale`: whether `initial-scale: 0` is accepted. @default false */
  readonly allowZeroInitialScale?: boolean;
  /** `initial-scale`: how many pods a new revision starts with when it sets no initial-scale. @default 1 */
  readonly initialScale?: number;
  /** `min-scale`: the min-scale of revisions that set none. @default 0 */
  readonly minScale?: number;
  /** `max-scale`: the max-scale of revisions that set none; 0 means unlimited. @default 0 */
  readonly maxScale?: number;
  /** `max-scale-limit`: the largest max-scale a revision may ask for; 0 means no limit. @default 0 */
  readonly maxScaleLimit?: number;
  /** `enable-scale-to-zero`: whether revisions may scale to zero at all. @default true */
  readonly enableScaleToZero?: boolean;
  /** `container-concurrency-target-percentage`: target utilization of the concurrency target, in percent. @default 70 */
  readonly containerConcurrencyTargetPercentage?: number;
  /** `container-concurrency-target-default`: the concurrency target of revisions that set none (soft limit). @default 100 */
  readonly containerConcurrencyTargetDefault?: number;
  /** `requests-per-second-target-default`: the rps target of revisions that use the rps metric and set none. @default 200 */
  readonly requestsPerSecondTargetDefault?: number;
  /** `target-burst-capacity`: spare capacity kept before the activator leaves the path; -1 means unlimited. @default 211 */
  readonly targetBurstCapacity?: number;
  /** `stable-window`: the averaging window of the stable mode (6s..1h, whole seconds). @default '60s' */
  readonly stableWindow?: string;
  /** `panic-window-percentage`: the panic window as a percentage of the stable window (1..100). @default 10 */
  readonly panicWindowPercentage?: number;
  /** `panic-threshold-percentage`: the load, in percent of the target, that enters panic mode. @default 200 */
  readonly panicThresholdPercentage?: number;
  /** `max-scale-up-rate`: the largest factor by which a revision scales up at once (> 1). @default 1000 */
  readonly maxScaleUpRate?: number;
  /** `max-scale-down-rate`: the largest factor by which a revision scales down at once (> 1). @default 2 */
  readonly maxScaleDownRate?: number;
  /** `scale-to-zero-grace-period`: how long the last pod stays after the activator takes over (> 0). @default '30s' */
  readonly scaleToZeroGracePeriod?: string;
  /** `scale-to-zero-pod-retention-period`: how long the last pod is kept after traffic stops. @default '0s' */
  readonly scaleToZeroPodRetentionPeriod?: string;
  /** `scale-down-delay`: how long a lower scale must persist before scaling down (whole seconds). @default '0s' */
  readonly scaleDownDelay?: string;
  /** `activator-capacity`: requests one activator pod is expected to handle (>= 1). @default 100 */
  readonly activatorCapacity?: number;
}

/** `Enabled` / `Disabled` / `Redirected`: `http-protocol` in `config-network`. */
export type HttpProtocol = 'Enabled' | 'Disabled' | 'Redirected';

/** Serving's `config-network` (knative.dev/networking pkg/config), and the cluster's DNS domain. */
export interface ServingNetworkSettings {
  /** The cluster-local domain suffix (`cluster.local`); DomainMappings may not live under it. @default 'cluster.local' */
  readonly clusterDomain?: string;
  /** `autocreate-cluster-domain-claims`: whether DomainMappings claim their domain themselves. @default false */
  readonly autocreateClusterDomainClaims?: boolean;
  /** `ingress-class`: the ingress implementation Routes get when they name none. @default 'istio.ingress.networking.knative.dev' */
  readonly ingressClass?: string;
  /** `certificate-class`: the certificate implementation for automatic TLS. @default 'cert-manager.certificate.networking.knative.dev' */
  readonly certificateClass?: string;
  /** `domain-template`: Go template of a Route's host name. @default '{{.Name}}.{{.Namespace}}.{{.Domain}}' */
  readonly domainTemplate?: string;
  /** `tag-template`: Go template of a traffic tag's name. @default '{{.Tag}}-{{.Name}}' */
  readonly tagTemplate?: string;
  /** `external-domain-tls` (formerly `auto-tls`): certificates for external domains. @default false */
  readonly externalDomainTls?: boolean;
  /** `cluster-local-domain-tls`: certificates for cluster-local domains. @default false */
  readonly clusterLocalDomainTls?: boolean;
  /** `system-internal-tls`: TLS between activator, queue-proxy and ingress. @default false */
  readonly systemInternalTls?: boolean;
  /** `http-protocol`: whether external HTTP is served, refused or redirected to HTTPS. @default 'Enabled' */
  readonly httpProtocol?: HttpProtocol;
  /** `default-external-scheme`: the scheme of Route URLs when TLS is not managed by Knative. @default 'http' */
  readonly defaultExternalScheme?: string;
  /** `rollout-duration`: seconds over which a new revision's traffic is rolled out. @default 0 */
  readonly rolloutDurationSeconds?: number;
  /** `enable-mesh-pod-addressability`: whether pods are addressable through the mesh. @default false */
  readonly enableMeshPodAddressability?: boolean;
  /** `mesh-compatibility-mode`. @default 'auto' */
  readonly meshCompatibilityMode?: 'auto' | 'enabled' | 'disabled';
}

/** One entry of `config-domain`: a domain suffix and the Routes it applies to. */
export interface DomainSettings {
  /**
   * The labels a Route must carry to get this domain; the most specific match wins, and an
   * entry without a selector is the default.
   * @default - every Route (the default domain)
   */
  readonly selector?: Record<string, string>;
}

/** The Knative Serving configuration that decides what its webhook accepts. */
export interface ServingSettings {
  /** `config-features` flags; unlisted flags keep their stock value. @default - stock Knative 1.23 */
  readonly features?: Partial<Record<ServingFeatureFlag, FeatureState>>;
  /** `secure-pod-defaults` in `config-features`. @default 'Disabled' */
  readonly securePodDefaults?: SecurePodDefaults;
  /** `config-defaults`. @default - stock values */
  readonly defaults?: ServingDefaultsSettings;
  /** `config-autoscaler`. @default - stock values */
  readonly autoscaler?: AutoscalerSettings;
  /** `config-network`. @default - stock values */
  readonly network?: ServingNetworkSettings;
  /**
   * `config-domain`: domain suffix to the Routes it applies to. When no entry is a default (one
   * without selector), `svc.<clusterDomain>` is the default.
   * @default - { 'svc.cluster.local': {} }
   */
  readonly domains?: Record<string, DomainSettings>;
}

/** A reference to an object (duck KReference), as config-br-defaults spells it. */
export interface KReferenceSettings {
  /** API version of the referent. */
  readonly apiVersion: string;
  /** Kind of the referent. */
  readonly kind: string;
  /** Name of the referent. */
  readonly name: string;
  /** Namespace of the referent. @default - the referring object's namespace */
  readonly namespace?: string;
}

/** A delivery default of config-br-defaults (duck DeliverySpec, the fields Brokers inherit). */
export interface DeliveryDefaults {
  /** `retry`: the number of retries before the dead letter sink. @default - none */
  readonly retry?: number;
  /** `backoffPolicy`. @default - none (Knative then uses exponential) */
  readonly backoffPolicy?: 'exponential' | 'linear';
  /** `backoffDelay`: ISO-8601 duration (`PT0.2S`). @default - none */
  readonly backoffDelay?: string;
  /** `deadLetterSink`: where events go after the last retry. @default - none */
  readonly deadLetterSink?: { readonly ref?: KReferenceSettings; readonly uri?: string };
}

/** The configuration a Broker class gets: its config reference and delivery. */
export interface BrokerConfigSettings {
  /** The Broker's `spec.config`: e.g. the ConfigMap of a channel-based broker. @default - none */
  readonly config?: KReferenceSettings;
  /** The Broker's `spec.delivery` when it sets none. @default - none */
  readonly delivery?: DeliveryDefaults;
}

/** One level (cluster or namespace) of config-br-defaults' `default-br-config`. */
export interface BrokerDefaultsLevel extends BrokerConfigSettings {
  /** `brokerClass`: the class Brokers get when they name none. @default - the cluster level's (namespace level), none (cluster level) */
  readonly brokerClass?: string;
  /** `brokerClasses`: configuration per class, for classes other than `brokerClass`. @default - none */
  readonly brokerClasses?: Record<string, BrokerConfigSettings>;
  /** `disallowDifferentNamespaceConfig`: a Broker's spec.config must be in its own namespace. @default false */
  readonly disallowDifferentNamespaceConfig?: boolean;
}

/** config-br-defaults' `default-br-config`. */
export interface BrokerDefaultsSettings {
  /** `clusterDefault`. @default - MTChannelBasedBroker with knative-eventing/config-br-default-channel and 10 exponential retries from PT0.2S */
  readonly clusterDefault?: BrokerDefaultsLevel;
  /** `namespaceDefaults`: per namespace, over the cluster default. @default - none */
  readonly namespaceDefaults?: Record<string, BrokerDefaultsLevel>;
}

/** A channel template (messaging ChannelTemplateSpec): the channel kind, and its spec. */
export interface ChannelTemplateSettings {
  /** API version of the channel CRD. */
  readonly apiVersion: string;
  /** Kind of the channel CRD. */
  readonly kind: string;
  /** The channel's spec (e.g. a KafkaChannel's numPartitions). @default - none */
  readonly spec?: Record<string, unknown>;
}

/** default-ch-webhook's `default-ch-config`: the channel Channels, Sequences and Parallels get. */
export interface ChannelDefaultsSettings {
  /** `clusterDefault`. @default - messaging.knative.dev/v1 InMemoryChannel */
  readonly clusterDefault?: ChannelTemplateSettings;
  /**
   * `namespaceDefaults`: per namespace, instead of the cluster default. Upstream applies them to
   * Channels only: Sequences and Parallels are defaulted without their namespace.
   * @default - the release's (some-namespace: InMemoryChannel)
   */
  readonly namespaceDefaults?: Record<string, ChannelTemplateSettings>;
}

/** The Knative Eventing configuration that decides what its webhook accepts. */
export interface EventingSettings {
  /** `config-features` flags; unlisted flags keep their stock value. @default - stock Knative 1.23 */
  readonly features?: Partial<Record<EventingFeatureFlag, FeatureState>>;
  /** `default-authorization-mode` in `config-features`. @default 'allow-same-namespace' */
  readonly defaultAuthorizationMode?: AuthorizationMode;
  /** `oidc-discovery-base-url` in `config-features`: where OIDC tokens' issuer is discovered. @default 'https://kubernetes.default.svc' */
  readonly oidcDiscoveryBaseUrl?: string;
  /** `requestreply-default-timeout` in `config-features`: the timeout RequestReplies get when they set none (ISO-8601). @default 'PT30S' */
  readonly requestReplyDefaultTimeout?: string;
  /**
   * The cluster's default broker class (config-br-defaults `clusterDefault.brokerClass`; the
   * operator's KnativeEventing `spec.defaultBrokerClass`). Wins over `brokerDefaults`.
   * @default 'MTChannelBasedBroker'
   */
  readonly defaultBrokerClass?: string;
  /** config-br-defaults `clusterDefault.disallowDifferentNamespaceConfig`. Wins over `brokerDefaults`. @default false */
  readonly disallowDifferentNamespaceConfig?: boolean;
  /**
   * config-br-defaults `default-br-config` as a whole: given, it replaces the release's.
   * @default - the release's: MTChannelBasedBroker, config-br-default-channel, 10 exponential retries from PT0.2S
   */
  readonly brokerDefaults?: BrokerDefaultsSettings;
  /** default-ch-webhook `default-ch-config` as a whole: given, it replaces the release's. @default - InMemoryChannel */
  readonly channelDefaults?: ChannelDefaultsSettings;
  /** `config-ping-defaults` `data-max-size` in bytes; -1 means no limit. @default -1 */
  readonly pingDataMaxSize?: number;
}

/** The Istio mesh configuration that the presets and the validator read. */
export interface IstioSettings {
  /** The mesh root namespace, where mesh-wide policies live. @default 'istio-system' */
  readonly rootNamespace?: string;
  /** `meshConfig.outboundTrafficPolicy.mode`. @default 'ALLOW_ANY' */
  readonly outboundTrafficPolicy?: 'ALLOW_ANY' | 'REGISTRY_ONLY';
}

/** Everything an app can declare about its cluster. */
export interface ClusterSettingsProps {
  /** Knative Serving settings. @default - a stock Knative Serving install */
  readonly serving?: ServingSettings;
  /** Knative Eventing settings. @default - a stock Knative Eventing install */
  readonly eventing?: EventingSettings;
  /** Istio settings. @default - a stock Istio install */
  readonly istio?: IstioSettings;
}

/** Serving `config-defaults`, resolved (the resource defaults stay undefined when unset). */
export interface ResolvedServingDefaults {
  /** `revision-timeout-seconds`. */
  readonly revisionTimeoutSeconds: number;
  /** `max-revision-timeout-seconds`. */
  readonly maxRevisionTimeoutSeconds: number;
  /** `revision-response-start-timeout-seconds`. */
  readonly revisionResponseStartTimeoutSeconds: number;
  /** `revision-idle-timeout-seconds`. */
  readonly revisionIdleTimeoutSeconds: number;
  /** `revision-cpu-request`. */
  readonly revisionCpuRequest: string | undefined;
  /** `revision-cpu-limit`. */
  readonly revisionCpuLimit: string | undefined;
  /** `revision-memory-request`. */
  readonly revisionMemoryRequest: string | undefined;
  /** `revision-memory-limit`. */
  readonly revisionMemoryLimit: string | undefined;
  /** `revision-ephemeral-storage-request`. */
  readonly revisionEphemeralStorageRequest: string | undefined;
  /** `revision-ephemeral-storage-limit`. */
  readonly revisionEphemeralStorageLimit: string | undefined;
  /** `container-name-template`. */
  readonly containerNameTemplate: string;
  /** `init-container-name-template`. */
  readonly initContainerNameTemplate: string;
  /** `container-concurrency`. */
  readonly containerConcurrency: number;
  /** `container-concurrency-max-limit`. */
  readonly containerConcurrencyMaxLimit: number;
  /** `allow-container-concurrency-zero`. */
  readonly allowContainerConcurrencyZero: boolean;
  /** `enable-service-links`. */
  readonly enableServiceLinks: boolean | 'default';
}

/** Eventing settings other than features, resolved. */
export interface ResolvedEventingSettings {
  /** The cluster's default broker class. */
  readonly defaultBrokerClass: string;
  /** Whether the cluster level disallows a spec.config in another namespace. */
  readonly disallowDifferentNamespaceConfig: boolean;
  /** `data-max-size` of config-ping-defaults. */
  readonly pingDataMaxSize: number;
  /** `default-authorization-mode`. */
  readonly defaultAuthorizationMode: AuthorizationMode;
  /** `oidc-discovery-base-url`. */
  readonly oidcDiscoveryBaseUrl: string;
  /** `requestreply-default-timeout`. */
  readonly requestReplyDefaultTimeout: string;
  /** `default-br-config`, with the shortcuts applied. */
  readonly brokerDefaults: BrokerDefaultsSettings;
  /** `default-ch-config`. */
  readonly channelDefaults: ChannelDefaultsSettings;
}

/** What config-br-defaults gives a Broker of a namespace (GetBrokerConfig). */
export interface BrokerConfigFor {
  /** The config reference, if any. */
  readonly config?: KReferenceSettings;
  /** The delivery, if any. */
  readonly delivery?: DeliveryDefaults;
}

/** The release's config-br-defaults (eventing 1.23 2-eventing-core.yaml). */
export const STOCK_BROKER_DEFAULTS: BrokerDefaultsSettings = {
  clusterDefault: {
    brokerClass: 'MTChannelBasedBroker',
    config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'config-br-default-channel', namespace: 'knative-eventing' },
    delivery: { retry: 10, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S' },
  },
};

/** The release's default-ch-webhook (eventing 1.23 2-eventing-core.yaml). */
export const STOCK_CHANNEL_DEFAULTS: ChannelDefaultsSettings = {
  clusterDefault: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' },
  namespaceDefaults: { 'some-namespace': { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' } },
};

const APPLIED = new WeakMap<IConstruct, ClusterSettings>();

/**
 * What a construct adds to the configuration of its app's cluster, on top of what the app
 * declares (`ClusterSettings.apply`, a KnativeInstall's `serving` / `eventing`): a Tenant adds
 * the `config-domain` entry of its Routes and the broker class of its namespace.
 */
export interface ClusterSettingsContribution {
  /**
   * `config-domain` entries. An entry the declared settings already have stays as declared
   * (the contributor reports the conflict).
   * @default - none
   */
  readonly domains?: Record<string, DomainSettings>;
  /**
   * `config-br-defaults` `namespaceDefaults` entries, by namespace. A field the declared entry
   * of the namespace sets stays as declared.
   * @default - none
   */
  readonly namespaceBrokerDefaults?: Record<string, BrokerDefaultsLevel>;
}

/** A construct that adds to its cluster's configuration (see `ClusterSettings.contribute`). */
export interface IClusterSettingsContributor extends IConstruct {
  /**
   * What it adds, given the settings the app declared (`ClusterSettings.declared`). Called
   * whenever the settings are looked up after a change; it must not report errors (check
   * conflicts in a validation instead) nor look up `ClusterSettings.of`.
   */
  settingsContribution(declared: ClusterSettings): ClusterSettingsContribution;
}

interface Contributors {
  readonly list: IClusterSettingsContributor[];
  /** The settings with the contributions layered, by the declared settings they were layered on. */
  cache: WeakMap<ClusterSettings, { readonly count: number; readonly settings: ClusterSettings }>;
}
const CONTRIBUTORS = new WeakMap<IConstruct, Contributors>();

/** `base` with the contributions layered under what it declares. */
function withContributions(base: ClusterSettings, parts: readonly ClusterSettingsContribution[]): ClusterSettings {
  const declaredDomains = base.props.serving?.domains ?? {};
  const added: Record<string, DomainSettings> = {};
  const nsDefaults: Record<string, BrokerDefaultsLevel> = { ...(base.eventing.brokerDefaults.namespaceDefaults ?? {}) };
  let nsChanged = false;
  for (const part of parts) {
    for (const [domain, d] of Object.entries(part.domains ?? {})) {
      if (!(domain in declaredDomains) && !(domain in added)) added[domain] = d;
    }
    for (const [ns, level] of Object.entries(part.namespaceBrokerDefaults ?? {})) {
      const declared = Object.prototype.hasOwnProperty.call(nsDefaults, ns) ? nsDefaults[ns] : undefined;
      const own = Object.fromEntries(Object.entries(declared ?? {}).filter(([, v]) => v !== undefined));
      nsDefaults[ns] = { ...level, ...own };
      nsChanged = true;
    }
  }
  if (!Object.keys(added).length && !nsChanged) return base;
  const props: ClusterSettingsProps = {
    ...base.props,
    ...(Object.keys(added).length ? { serving: { ...base.props.serving, domains: { ...declaredDomains, ...added } } } : {}),
    ...(nsChanged ? { eventing: { ...base.props.eventing, brokerDefaults: { ...base.eventing.brokerDefaults, namespaceDefaults: nsDefaults } } } : {}),
  };
  return new ClusterSettings(props);
}

/**
 * Cluster settings, resolved against the stock defaults.
 *
 * @example
 * ClusterSettings.apply(app, { serving: { features: { 'kubernetes.podspec-affinity': 'Enabled' } } });
 */
export class ClusterSettings {
  /** A stock Knative and Istio install. */
  public static readonly STOCK = new ClusterSettings({});

  /**
   * Declares the settings of the cluster that everything below `scope` deploys to. Settings
   * Knative's config webhook would refuse (see `problems`) are reported at synth on `scope`.
   */
  public static apply(scope: IConstruct, settings: ClusterSettings | ClusterSettingsProps): ClusterSettings {
    const resolved = settings instanceof ClusterSettings ? settings : new ClusterSettings(settings);
    APPLIED.set(scope, resolved);
    for (const p of resolved.problems()) reportError(scope, `ClusterSettings.${p.prop}`, p.message, 'value' in p ? { value: p.value, allowed: p.allowed } : { allowed: p.allowed });
    return resolved;
  }

  /**
   * The settings that apply to `scope`: the nearest ones applied above it (or STOCK), with what
   * the contributors of its app add (`contribute`: every Tenant's domain and broker class).
   */
  public static of(scope: IConstruct): ClusterSettings {
    return ClusterSettings.contributed(scope, ClusterSettings.declared(scope));
  }

  /** The settings declared for `scope` (the nearest applied above it, or STOCK), without contributions. */
  public static declared(scope: IConstruct): ClusterSettings {
    const scopes = scope.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const found = APPLIED.get(scopes[i]);
      if (found) return found;
    }
    return ClusterSettings.STOCK;
  }

  /**
   * Registers `contributor` with its app (the root of its construct tree): from now on
   * `ClusterSettings.of` anywhere in the app, and so the validator and a KnativeInstall's
   * rendered configuration, include what it adds. The layered settings are cached per declared
   * settings and number of contributors, so looking them up per object stays cheap.
   */
  public static contribute(contributor: IClusterSettingsContributor): void {
    const root = contributor.node.root;
    let c = CONTRIBUTORS.get(root);
    if (!c) CONTRIBUTORS.set(root, (c = { list: [], cache: new WeakMap() }));
    c.list.push(contributor);
  }

  /** `base` with the contributions of `scope`'s app layered under what `base` declares. */
  public static contributed(scope: IConstruct, base: ClusterSettings): ClusterSettings {
    const c = CONTRIBUTORS.get(scope.node.root);
    if (!c || !c.list.length) return base;
    const hit = c.cache.get(base);
    if (hit && hit.count === c.list.length) return hit.settings;
    const settings = withContributions(base, c.list.map((x) => x.settingsContribution(base)));
    c.cache.set(base, { count: c.list.length, settings });
    return settings;
  }

  /**
   * Reads the settings of a cluster from the manifests that configure it: Knative's ConfigMaps
   * (config-features, config-autoscaler, config-defaults, config-network, config-domain in
   * knative-serving; config-features, config-br-defaults, default-ch-webhook,
   * config-ping-defaults in knative-eventing) and the operator's KnativeServing /
   * KnativeEventing objects (`spec.config.<name without config->`). Other objects are ignored;
   * later objects win over earlier ones key by key. Throws an Error naming the object and key
   * for a value Knative's config webhook would reject (a platform-install mistake, not an app's).
   *
   * @example
   * const settings = ClusterSettings.fromManifests(yaml.parseAllDocuments(text).map((d) => d.toJS()));
   */
  public static fromManifests(objects: readonly unknown[]): ClusterSettings {
    const read = readSettingsManifests(objects);
    const settings = new ClusterSettings(read.props);
    const problems = [...read.problems, ...settings.problems().map(formatSettingsProblem)];
    if (problems.length) throw new Error(`cluster settings: ${problems.join('; ')}`);
    return settings;
  }

  /** `top` layered over `base`: every setting `top` declares wins; maps (features, domains, ...) merge key by key. */
  public static layer(base: ClusterSettings | ClusterSettingsProps, top: ClusterSettings | ClusterSettingsProps): ClusterSettings {
    const b = base instanceof ClusterSettings ? base.props : base;
    const t = top instanceof ClusterSettings ? top.props : top;
    return new ClusterSettings(mergeProps(b, t) as ClusterSettingsProps);
  }

  public constructor(public readonly props: ClusterSettingsProps) {}

  /**
   * What Knative's config webhooks (config.webhook.serving.knative.dev and Eventing's) would
   * refuse in the ConfigMaps these settings render to: values out of range, non-integers,
   * non-durations, and the cross-checks of upstream's NewDefaultsConfigFromMap and the
   * autoscaler's validate (e.g. initial-scale 0 without allow-zero-initial-scale). Empty when fine.
   */
  public problems(): PropProblem[] {
    return settingsProblems(this);
  }

  /** The effective state of a Serving feature flag. */
  public servingFeature(flag: ServingFeatureFlag): FeatureState {
    return this.props.serving?.features?.[flag] ?? SERVING_FEATURE_DEFAULTS[flag] ?? 'Disabled';
  }

  /** True when a Serving feature flag is Enabled or Allowed. */
  public servingFeatureOn(flag: ServingFeatureFlag): boolean {
    return this.servingFeature(flag) !== 'Disabled';
  }

  /** The effective state of an Eventing feature flag. */
  public eventingFeature(flag: EventingFeatureFlag): FeatureState {
    return this.props.eventing?.features?.[flag] ?? EVENTING_FEATURE_DEFAULTS[flag] ?? 'Disabled';
  }

  /** True when an Eventing feature flag is Enabled or Allowed. */
  public eventingFeatureOn(flag: EventingFeatureFlag): boolean {
    return this.eventingFeature(flag) !== 'Disabled';
  }

  /** `secure-pod-defaults`. */
  public get securePodDefaults(): SecurePodDefaults {
    return this.props.serving?.securePodDefaults ?? 'Disabled';
  }

  /** Serving `config-defaults`, every value resolved. */
  public get servingDefaults(): ResolvedServingDefaults {
    const d = this.props.serving?.defaults ?? {};
    const revisionTimeoutSeconds = d.revisionTimeoutSeconds ?? 300;
    return {
      revisionTimeoutSeconds,
      maxRevisionTimeoutSeconds: d.maxRevisionTimeoutSeconds ?? 600,
      revisionResponseStartTimeoutSeconds: d.revisionResponseStartTimeoutSeconds ?? revisionTimeoutSeconds,
      revisionIdleTimeoutSeconds: d.revisionIdleTimeoutSeconds ?? 0,
      revisionCpuRequest: d.revisionCpuRequest,
      revisionCpuLimit: d.revisionCpuLimit,
      revisionMemoryRequest: d.revisionMemoryRequest,
      revisionMemoryLimit: d.revisionMemoryLimit,
      revisionEphemeralStorageRequest: d.revisionEphemeralStorageRequest,
      revisionEphemeralStorageLimit: d.revisionEphemeralStorageLimit,
      containerNameTemplate: d.containerNameTemplate ?? 'user-container',
      initContainerNameTemplate: d.initContainerNameTemplate ?? 'init-container',
      containerConcurrency: d.containerConcurrency ?? 0,
      containerConcurrencyMaxLimit: d.containerConcurrencyMaxLimit ?? 1000,
      allowContainerConcurrencyZero: d.allowContainerConcurrencyZero ?? true,
      enableServiceLinks: d.enableServiceLinks ?? false,
    };
  }

  /**
   * The name an unnamed container gets from `container-name-template` (or, with `init`, from
   * `init-container-name-template`), executed over the parent Service/Configuration's metadata.
   * Templates beyond field and label look-ups cannot be evaluated here; they give the stock name.
   */
  public containerName(parent: TemplateMeta = {}, init = false): string {
    const d = this.servingDefaults;
    const rendered = renderObjectMetaTemplate(init ? d.initContainerNameTemplate : d.containerNameTemplate, parent);
    return rendered ?? (init ? 'init-container' : 'user-container');
  }

  /** Serving `config-autoscaler`, every value resolved. */
  public get autoscaler(): Required<AutoscalerSettings> {
    const a = this.props.serving?.autoscaler ?? {};
    return {
      podAutoscalerClass: a.podAutoscalerClass ?? 'kpa.autoscaling.knative.dev',
      allowZeroInitialScale: a.allowZeroInitialScale ?? false,
      initialScale: a.initialScale ?? 1,
      minScale: a.minScale ?? 0,
      maxScale: a.maxScale ?? 0,
      maxScaleLimit: a.maxScaleLimit ?? 0,
      enableScaleToZero: a.enableScaleToZero ?? true,
      containerConcurrencyTargetPercentage: a.containerConcurrencyTargetPercentage ?? 70,
      containerConcurrencyTargetDefault: a.containerConcurrencyTargetDefault ?? 100,
      requestsPerSecondTargetDefault: a.requestsPerSecondTargetDefault ?? 200,
      targetBurstCapacity: a.targetBurstCapacity ?? 211,
      stableWindow: a.stableWindow ?? '60s',
      panicWindowPercentage: a.panicWindowPercentage ?? 10,
      panicThresholdPercentage: a.panicThresholdPercentage ?? 200,
      maxScaleUpRate: a.maxScaleUpRate ?? 1000,
      maxScaleDownRate: a.maxScaleDownRate ?? 2,
      scaleToZeroGracePeriod: a.scaleToZeroGracePeriod ?? '30s',
      scaleToZeroPodRetentionPeriod: a.scaleToZeroPodRetentionPeriod ?? '0s',
      scaleDownDelay: a.scaleDownDelay ?? '0s',
      activatorCapacity: a.activatorCapacity ?? 100,
    };
  }

  /** Serving `config-network`, every value resolved. */
  public get servingNetwork(): Required<ServingNetworkSettings> {
    const n = this.props.serving?.network ?? {};
    return {
      clusterDomain: n.clusterDomain ?? 'cluster.local',
      autocreateClusterDomainClaims: n.autocreateClusterDomainClaims ?? false,
      ingressClass: n.ingressClass ?? 'istio.ingress.networking.knative.dev',
      certificateClass: n.certificateClass ?? 'cert-manager.certificate.networking.knative.dev',
      domainTemplate: n.domainTemplate ?? '{{.Name}}.{{.Namespace}}.{{.Domain}}',
      tagTemplate: n.tagTemplate ?? '{{.Tag}}-{{.Name}}',
      externalDomainTls: n.externalDomainTls ?? false,
      clusterLocalDomainTls: n.clusterLocalDomainTls ?? false,
      systemInternalTls: n.systemInternalTls ?? false,
      httpProtocol: n.httpProtocol ?? 'Enabled',
      defaultExternalScheme: n.defaultExternalScheme ?? 'http',
      rolloutDurationSeconds: n.rolloutDurationSeconds ?? 0,
      enableMeshPodAddressability: n.enableMeshPodAddressability ?? false,
      meshCompatibilityMode: n.meshCompatibilityMode ?? 'auto',
    };
  }

  /** `config-domain`, resolved: the declared domains, plus `svc.<clusterDomain>` when none is a default. */
  public get servingDomains(): Record<string, DomainSettings> {
    const declared = this.props.serving?.domains ?? {};
    const out: Record<string, DomainSettings> = {};
    for (const [name, d] of Object.entries(declared)) out[name] = d.selector && Object.keys(d.selector).length ? { selector: { ...d.selector } } : {};
    if (!Object.values(out).some((d) => !d.selector)) {
      out[`svc.${this.servingNetwork.clusterDomain}`] = {};
    }
    return out;
  }

  /** The domain suffix a Route with these labels gets (config-domain LookupDomainForLabels). */
  public domainForLabels(labels: Record<string, string> = {}): string {
    if (labels['networking.knative.dev/visibility'] === 'cluster-local') return `svc.${this.servingNetwork.clusterDomain}`;
    let domain = '';
    let specificity = -1;
    for (const [name, d] of Object.entries(this.servingDomains)) {
      const sel = d.selector ?? {};
      if (!Object.entries(sel).every(([k, v]) => labels[k] === v)) continue;
      const n = Object.keys(sel).length;
      if (n < specificity) continue;
      if (n > specificity || name < domain) {
        domain = name;
        specificity = n;
      }
    }
    return domain;
  }

  /** Eventing settings other than features, every value resolved. */
  public get eventing(): ResolvedEventingSettings {
    const e = this.props.eventing ?? {};
    const base = e.brokerDefaults ?? STOCK_BROKER_DEFAULTS;
    const cluster: BrokerDefaultsLevel = {
      ...base.clusterDefault,
      ...(e.defaultBrokerClass !== undefined ? { brokerClass: e.defaultBrokerClass } : {}),
      ...(e.disallowDifferentNamespaceConfig !== undefined ? { disallowDifferentNamespaceConfig: e.disallowDifferentNamespaceConfig } : {}),
    };
    const brokerDefaults: BrokerDefaultsSettings = { ...base, clusterDefault: cluster };
    return {
      defaultBrokerClass: cluster.brokerClass ?? 'MTChannelBasedBroker',
      disallowDifferentNamespaceConfig: cluster.disallowDifferentNamespaceConfig ?? false,
      pingDataMaxSize: e.pingDataMaxSize ?? -1,
      defaultAuthorizationMode: e.defaultAuthorizationMode ?? 'allow-same-namespace',
      oidcDiscoveryBaseUrl: e.oidcDiscoveryBaseUrl ?? 'https://kubernetes.default.svc',
      requestReplyDefaultTimeout: e.requestReplyDefaultTimeout ?? 'PT30S',
      brokerDefaults,
      channelDefaults: e.channelDefaults ?? STOCK_CHANNEL_DEFAULTS,
    };
  }

  /** The broker class a Broker in `namespace` gets when it names none (GetBrokerClass). */
  public brokerClassFor(namespace: string | undefined): string | undefined {
    const d = this.eventing.brokerDefaults;
    const ns = namespace !== undefined ? d.namespaceDefaults?.[namespace] : undefined;
    return ns?.brokerClass || d.clusterDefault?.brokerClass || undefined;
  }

  /**
   * What config-br-defaults gives a Broker in `namespace` of class `brokerClass` (GetBrokerConfig:
   * namespace level first, then the cluster level, per class then the level's default), or
   * undefined when the cluster level has no configuration.
   */
  public brokerConfigFor(namespace: string | undefined, brokerClass: string | undefined): BrokerConfigFor | undefined {
    const d = this.eventing.brokerDefaults;
    const nsLevel = namespace !== undefined ? d.namespaceDefaults?.[namespace] : undefined;
    const own = (l: BrokerDefaultsLevel | undefined): BrokerConfigSettings | undefined =>
      l && (l.config !== undefined || l.delivery !== undefined) ? { config: l.config, delivery: l.delivery } : undefined;
    const cluster = (cls: string): BrokerConfigFor | undefined => {
      const c = d.clusterDefault;
      const clusterOwn = own(c);
      if (!c || !clusterOwn) return undefined;
      return c.brokerClasses?.[cls] ?? clusterOwn;
    };
    const byClass = (cls: string): BrokerConfigFor | undefined => {
      if (nsLevel) {
        const perClass = nsLevel.brokerClasses?.[cls];
        if (perClass) return perClass;
        if (nsLevel.brokerClass === cls && own(nsLevel)) return own(nsLevel);
      }
      return cluster(cls);
    };
    if (brokerClass) return byClass(brokerClass);
    if (nsLevel?.brokerClass) return byClass(nsLevel.brokerClass);
    return cluster('');
  }

  /** Whether a Broker in `namespace` must keep its spec.config in its own namespace (determineNamespaceAllowance). */
  public brokerConfigSameNamespace(namespace: string | undefined): boolean {
    const d = this.eventing.brokerDefaults;
    const ns = namespace !== undefined ? d.namespaceDefaults?.[namespace] : undefined;
    return ns?.disallowDifferentNamespaceConfig === true || d.clusterDefault?.disallowDifferentNamespaceConfig === true;
  }

  /** The channel template a Channel, Sequence or Parallel in `namespace` gets when it sets none (GetChannelConfig). */
  public channelTemplateFor(namespace: string | undefined): ChannelTemplateSettings | undefined {
    const d = this.eventing.channelDefaults;
    if (namespace !== undefined && d.namespaceDefaults && Object.prototype.hasOwnProperty.call(d.namespaceDefaults, namespace)) {
      return d.namespaceDefaults[namespace];
    }
    return d.clusterDefault;
  }

  /** Istio settings, every value resolved. */
  public get istio(): Required<IstioSettings> {
    const i = this.props.istio ?? {};
    return {
      rootNamespace: i.rootNamespace ?? 'istio-system',
      outboundTrafficPolicy: i.outboundTrafficPolicy ?? 'ALLOW_ANY',
    };
  }

  /**
   * The data of the Knative ConfigMaps that make a cluster behave as these settings say, keyed
   * by namespace and ConfigMap name, spelt as upstream reads them. Only what the settings
   * declare is listed, so an install can merge it over the release's ConfigMaps (the YAML
   * blobs of config-br-defaults and default-ch-webhook are rendered whole).
   */
  public toConfigMapData(): Record<string, Record<string, Record<string, string>>> {
    return renderConfigMapData(this);
  }
}
