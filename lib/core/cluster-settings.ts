/**
 * What an app knows about the cluster it deploys to: the Knative and Istio configuration that
 * decides what the admission webhooks accept. The validator reads it; the platform install
 * renders the same settings into Knative's ConfigMaps, so the two cannot disagree.
 *
 * Every value defaults to a stock Knative 1.23 / Istio 1.30 install.
 */
import { IConstruct } from 'constructs';

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
  | 'autodetect-http2';

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

const SERVING_FEATURE_DEFAULTS: Partial<Record<ServingFeatureFlag, FeatureState>> = {
  'multi-container': 'Enabled',
  'kubernetes.podspec-volumes-emptydir': 'Enabled',
};

const EVENTING_FEATURE_DEFAULTS: Partial<Record<EventingFeatureFlag, FeatureState>> = {
  'delivery-timeout': 'Enabled',
};

/** Serving's `config-defaults`. */
export interface ServingDefaultsSettings {
  /** `revision-timeout-seconds`: timeout given to revisions that set none. @default 300 */
  readonly revisionTimeoutSeconds?: number;
  /** `max-revision-timeout-seconds`: the largest timeoutSeconds a revision may set. @default 600 */
  readonly maxRevisionTimeoutSeconds?: number;
  /** `container-concurrency`: concurrency given to revisions that set none (0 = unlimited). @default 0 */
  readonly containerConcurrency?: number;
  /** `container-concurrency-max-limit`: the largest containerConcurrency allowed. @default 1000 */
  readonly containerConcurrencyMaxLimit?: number;
  /** `allow-container-concurrency-zero`: whether 0 (unlimited) is allowed. @default true */
  readonly allowContainerConcurrencyZero?: boolean;
}

/** Serving's `config-autoscaler`. */
export interface AutoscalerSettings {
  /** `pod-autoscaler-class`: the class revisions get when they name none. @default 'kpa.autoscaling.knative.dev' */
  readonly podAutoscalerClass?: string;
  /** `allow-zero-initial-scale`: whether `initial-scale: 0` is accepted. @default false */
  readonly allowZeroInitialScale?: boolean;
  /** `max-scale-limit`: the largest max-scale a revision may ask for; 0 means no limit. @default 0 */
  readonly maxScaleLimit?: number;
  /** `enable-scale-to-zero`: whether revisions may scale to zero at all. @default true */
  readonly enableScaleToZero?: boolean;
}

/** Serving's `config-network` (and the domain settings that go with it). */
export interface ServingNetworkSettings {
  /** The cluster-local domain suffix (`cluster.local`); DomainMappings may not live under it. @default 'cluster.local' */
  readonly clusterDomain?: string;
  /** `autocreate-cluster-domain-claims`: whether DomainMappings claim their domain themselves. @default false */
  readonly autocreateClusterDomainClaims?: boolean;
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
}

/** The Knative Eventing configuration that decides what its webhook accepts. */
export interface EventingSettings {
  /** `config-features` flags; unlisted flags keep their stock value. @default - stock Knative 1.22 */
  readonly features?: Partial<Record<EventingFeatureFlag, FeatureState>>;
  /** `config-br-defaults` default broker class. @default 'MTChannelBasedBroker' */
  readonly defaultBrokerClass?: string;
  /** `config-br-defaults` `disallow-different-namespace-config`. @default false */
  readonly disallowDifferentNamespaceConfig?: boolean;
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

const APPLIED = new WeakMap<IConstruct, ClusterSettings>();

/**
 * Cluster settings, resolved against the stock defaults.
 *
 * @example
 * ClusterSettings.apply(app, { serving: { features: { 'kubernetes.podspec-affinity': 'Enabled' } } });
 */
export class ClusterSettings {
  /** A stock Knative and Istio install. */
  public static readonly STOCK = new ClusterSettings({});

  /** Declares the settings of the cluster that everything below `scope` deploys to. */
  public static apply(scope: IConstruct, settings: ClusterSettings | ClusterSettingsProps): ClusterSettings {
    const resolved = settings instanceof ClusterSettings ? settings : new ClusterSettings(settings);
    APPLIED.set(scope, resolved);
    return resolved;
  }

  /** The settings that apply to `scope`: the nearest ones applied above it, or STOCK. */
  public static of(scope: IConstruct): ClusterSettings {
    const scopes = scope.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const found = APPLIED.get(scopes[i]);
      if (found) return found;
    }
    return ClusterSettings.STOCK;
  }

  public constructor(public readonly props: ClusterSettingsProps) {}

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
  public get servingDefaults(): Required<ServingDefaultsSettings> {
    const d = this.props.serving?.defaults ?? {};
    return {
      revisionTimeoutSeconds: d.revisionTimeoutSeconds ?? 300,
      maxRevisionTimeoutSeconds: d.maxRevisionTimeoutSeconds ?? 600,
      containerConcurrency: d.containerConcurrency ?? 0,
      containerConcurrencyMaxLimit: d.containerConcurrencyMaxLimit ?? 1000,
      allowContainerConcurrencyZero: d.allowContainerConcurrencyZero ?? true,
    };
  }

  /** Serving `config-autoscaler`, every value resolved. */
  public get autoscaler(): Required<AutoscalerSettings> {
    const a = this.props.serving?.autoscaler ?? {};
    return {
      podAutoscalerClass: a.podAutoscalerClass ?? 'kpa.autoscaling.knative.dev',
      allowZeroInitialScale: a.allowZeroInitialScale ?? false,
      maxScaleLimit: a.maxScaleLimit ?? 0,
      enableScaleToZero: a.enableScaleToZero ?? true,
    };
  }

  /** Serving `config-network`, every value resolved. */
  public get servingNetwork(): Required<ServingNetworkSettings> {
    const n = this.props.serving?.network ?? {};
    return {
      clusterDomain: n.clusterDomain ?? 'cluster.local',
      autocreateClusterDomainClaims: n.autocreateClusterDomainClaims ?? false,
    };
  }

  /** Eventing settings other than features, every value resolved. */
  public get eventing(): Required<Omit<EventingSettings, 'features'>> {
    const e = this.props.eventing ?? {};
    return {
      defaultBrokerClass: e.defaultBrokerClass ?? 'MTChannelBasedBroker',
      disallowDifferentNamespaceConfig: e.disallowDifferentNamespaceConfig ?? false,
      pingDataMaxSize: e.pingDataMaxSize ?? -1,
    };
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
   * by namespace and ConfigMap name. Only values that differ from stock are listed, so an
   * install can merge them over the release's ConfigMaps.
   */
  public toConfigMapData(): Record<string, Record<string, Record<string, string>>> {
    const serving: Record<string, Record<string, string>> = {};
    const eventing: Record<string, Record<string, string>> = {};
    const put = (target: Record<string, Record<string, string>>, cm: string, key: string, value: unknown) => {
      if (value === undefined) return;
      (target[cm] ??= {})[key] = String(value);
    };
    const s = this.props.serving ?? {};
    // The release ConfigMaps spell flag values in lower case; both webhooks compare case-insensitively.
    for (const [flag, state] of Object.entries(s.features ?? {}).sort()) put(serving, 'config-features', flag, state?.toLowerCase());
    put(serving, 'config-features', 'secure-pod-defaults', s.securePodDefaults);
    put(serving, 'config-defaults', 'revision-timeout-seconds', s.defaults?.revisionTimeoutSeconds);
    put(serving, 'config-defaults', 'max-revision-timeout-seconds', s.defaults?.maxRevisionTimeoutSeconds);
    put(serving, 'config-defaults', 'container-concurrency', s.defaults?.containerConcurrency);
    put(serving, 'config-defaults', 'container-concurrency-max-limit', s.defaults?.containerConcurrencyMaxLimit);
    put(serving, 'config-defaults', 'allow-container-concurrency-zero', s.defaults?.allowContainerConcurrencyZero);
    put(serving, 'config-autoscaler', 'pod-autoscaler-class', s.autoscaler?.podAutoscalerClass);
    put(serving, 'config-autoscaler', 'allow-zero-initial-scale', s.autoscaler?.allowZeroInitialScale);
    put(serving, 'config-autoscaler', 'max-scale-limit', s.autoscaler?.maxScaleLimit);
    put(serving, 'config-autoscaler', 'enable-scale-to-zero', s.autoscaler?.enableScaleToZero);
    put(serving, 'config-network', 'autocreate-cluster-domain-claims', s.network?.autocreateClusterDomainClaims);
    const e = this.props.eventing ?? {};
    for (const [flag, state] of Object.entries(e.features ?? {}).sort()) put(eventing, 'config-features', flag, state?.toLowerCase());
    put(eventing, 'config-ping-defaults', 'data-max-size', e.pingDataMaxSize);
    const out: Record<string, Record<string, Record<string, string>>> = {};
    if (Object.keys(serving).length) out['knative-serving'] = serving;
    if (Object.keys(eventing).length) out['knative-eventing'] = eventing;
    return out;
  }
}
