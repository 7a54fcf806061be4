/**
 * What a Knative install configures beyond `ClusterSettings` (which holds what the admission
 * webhooks read): Serving's `config-deployment`, `config-certmanager` and `config-gc`, the
 * channel the default Broker class uses (`config-br-default-channel`), and the replicas of the
 * control plane. The validator never reads these, so they live here, not in ClusterSettings.
 */
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ChannelTemplateSettings } from '../../core/cluster-settings';
import { checkedMillis, formatGoDuration } from '../../core/duration';
import { dns1123SubdomainErrors } from '../../core/names';
import { reportError } from '../../core/report';

/** The resources of the queue-proxy sidecar Knative adds to every revision pod (`config-deployment`). */
export interface QueueSidecarResources {
  /** `queue-sidecar-cpu-request`. @default '25m' */
  readonly cpuRequest?: string;
  /** `queue-sidecar-cpu-limit`. @default '1000m' */
  readonly cpuLimit?: string;
  /** `queue-sidecar-memory-request`. @default '400Mi' */
  readonly memoryRequest?: string;
  /** `queue-sidecar-memory-limit`. @default '800Mi' */
  readonly memoryLimit?: string;
  /** `queue-sidecar-ephemeral-storage-request`. @default '512Mi' */
  readonly ephemeralStorageRequest?: string;
  /** `queue-sidecar-ephemeral-storage-limit`. @default '1024Mi' */
  readonly ephemeralStorageLimit?: string;
}

/** Serving's `config-deployment` (pkg/deployment/config.go): how revisions become Deployments. */
export interface DeploymentSettings {
  /**
   * `registries-skipping-tag-resolving`: registries whose image tags Knative does not resolve to
   * digests (registries without a digest API, or local ones).
   * @default ['kind.local', 'ko.local', 'dev.local']
   */
  readonly registriesSkippingTagResolving?: readonly string[];
  /** `digest-resolution-timeout`: how long tag-to-digest resolution may take (> 0). @default Duration.seconds(10) */
  readonly digestResolutionTimeout?: Duration;
  /** `progress-deadline`: the Deployments' progressDeadlineSeconds (> 0, whole seconds). @default Duration.seconds(600) */
  readonly progressDeadline?: Duration;
  /** The queue-proxy's resource requests and limits. @default - the release's: none set */
  readonly queueSidecar?: QueueSidecarResources;
}

/** A cert-manager issuer (`cert-manager.io` IssuerRef), as config-certmanager spells it. */
export interface IssuerRef {
  /** `ClusterIssuer`, or an `Issuer` in the namespace of each certificate. */
  readonly kind: 'ClusterIssuer' | 'Issuer';
  /** The issuer's name. */
  readonly name: string;
  /** The issuer's API group. @default 'cert-manager.io' */
  readonly group?: string;
}

/**
 * Serving's `config-certmanager` (net-certmanager): the issuers of the certificates Knative
 * requests when `serving.network.externalDomainTls` (and the other TLS settings) are on. Needs
 * cert-manager and net-certmanager's controller in the cluster.
 */
export interface CertManagerSettings {
  /** `issuerRef`: issues the certificates of external domains. @default - the self-signed `knative-selfsigned-issuer` */
  readonly issuerRef?: IssuerRef;
  /** `clusterLocalIssuerRef`: issues the certificates of cluster-local domains. @default - the self-signed `knative-selfsigned-issuer` */
  readonly clusterLocalIssuerRef?: IssuerRef;
  /** `systemInternalIssuerRef`: issues the certificates of system-internal TLS. @default - the self-signed `knative-selfsigned-issuer` */
  readonly systemInternalIssuerRef?: IssuerRef;
}

/** Serving's `config-gc` (pkg/gc/config.go): when non-active revisions are deleted. */
export interface GarbageCollectionSettings {
  /** `retain-since-create-time`: revisions younger than this are kept; 'disabled' turns the rule off. @default Duration.hours(48) */
  readonly retainSinceCreateTime?: Duration | 'disabled';
  /** `retain-since-last-active-time`: revisions active more recently are kept; 'disabled' turns the rule off. @default Duration.hours(15) */
  readonly retainSinceLastActiveTime?: Duration | 'disabled';
  /** `min-non-active-revisions`: at least this many non-active revisions are kept (>= 0). @default 20 */
  readonly minNonActiveRevisions?: number;
  /** `max-non-active-revisions`: at most this many are kept, whatever their age; 'disabled' means no maximum. @default 1000 */
  readonly maxNonActiveRevisions?: number | 'disabled';
}

/** Serving install options. */
export interface ServingInstallOptions {
  /** `config-deployment`. @default - the release's */
  readonly deployment?: DeploymentSettings;
  /** `config-certmanager`. @default - the release's (self-signed issuer) */
  readonly certManager?: CertManagerSettings;
  /** `config-gc`. @default - the release's */
  readonly gc?: GarbageCollectionSettings;
  /**
   * Install Serving's HPA autoscaler extension (serving-hpa.yaml), so revisions may use
   * `hpa.autoscaling.knative.dev`. Release mode only; the operator always installs it.
   * @default - true when `serving.autoscaler.podAutoscalerClass` is the HPA class, else false
   */
  readonly hpaAutoscaler?: boolean;
}

/** Eventing install options. */
export interface EventingInstallOptions {
  /**
   * The channel MTChannelBasedBrokers are built on (`config-br-default-channel`
   * `channel-template-spec`), e.g. a KafkaChannel.
   * @default - InMemoryChannel
   */
  readonly brokerChannel?: ChannelTemplateSettings;
  /** Install the in-memory channel (in-memory-channel.yaml; release mode). @default true */
  readonly inMemoryChannel?: boolean;
  /** Install the multi-tenant channel-based Broker (mt-channel-broker.yaml; release mode). @default true */
  readonly mtChannelBroker?: boolean;
}

/** The control plane's replicas (operator `spec.high-availability`). */
export interface HighAvailability {
  /**
   * Replicas of every control-plane Deployment that supports it (all but pingsource-mt-adapter);
   * Deployments scaled by an HPA get it as the HPA's minReplicas instead, as the operator does.
   */
  readonly replicas: number;
}

/** ConfigMap data, by namespace, ConfigMap name and key. */
export type ConfigMapData = Record<string, Record<string, Record<string, string>>>;

function put(out: ConfigMapData, ns: string, cm: string, key: string, value: string): void {
  ((out[ns] ??= {})[cm] ??= {})[key] = value;
}

const QUANTITY_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[mkMGTPE]|[eE][+-]?\d+)?$/;

function goDuration(scope: IConstruct, prop: string, d: Duration | 'disabled', positive: boolean, wholeSeconds: boolean): string | undefined {
  if (d === 'disabled') return 'disabled';
  if (!(d instanceof Duration)) return reportError(scope, prop, 'must be a Duration or \'disabled\'', { value: d, allowed: 'Duration.seconds(n), or \'disabled\'' });
  const ms = checkedMillis(scope, prop, d);
  if (ms === undefined) return undefined;
  if (positive && ms <= 0) return reportError(scope, prop, 'cannot be a non-positive duration', { value: d.toHumanString(), allowed: 'a duration > 0' });
  if (wholeSeconds && ms % 1000 !== 0) return reportError(scope, prop, 'must be rounded to a whole second', { value: d.toHumanString(), allowed: 'whole seconds' });
  return formatGoDuration(ms);
}

function issuerYaml(scope: IConstruct, prop: string, ref: IssuerRef): string | undefined {
  let ok = true;
  if (ref.kind !== 'ClusterIssuer' && ref.kind !== 'Issuer') {
    reportError(scope, `${prop}.kind`, 'issuerRef should be either ClusterIssuer or Issuer', { value: ref.kind, allowed: 'ClusterIssuer, Issuer' });
    ok = false;
  }
  const nameErrors = typeof ref.name === 'string' ? dns1123SubdomainErrors(ref.name) : ['must be a string'];
  if (nameErrors.length) {
    reportError(scope, `${prop}.name`, `invalid issuer name: ${nameErrors.join('; ')}`, { value: ref.name, allowed: 'a DNS-1123 subdomain' });
    ok = false;
  }
  if (ref.group !== undefined && (typeof ref.group !== 'string' || (ref.group !== '' && dns1123SubdomainErrors(ref.group).length))) {
    reportError(scope, `${prop}.group`, 'invalid API group', { value: ref.group, allowed: 'an API group such as cert-manager.io' });
    ok = false;
  }
  if (!ok) return undefined;
  return `kind: ${ref.kind}\nname: ${ref.name}\n${ref.group ? `group: ${ref.group}\n` : ''}`;
}

function checkInt(scope: IConstruct, prop: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): v is number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    reportError(scope, prop, `must be an integer of ${min}..${max}`, { value: v, allowed: `an integer of ${min}..${max}` });
    return false;
  }
  return true;
}

/** The ConfigMap data of the Serving install options, or problems reported on `scope`. */
export function servingOptionsData(scope: IConstruct, o: ServingInstallOptions): ConfigMapData {
  const out: ConfigMapData = {};
  const NS = 'knative-serving';
  const P = 'servingInstall';
  const d = o.deployment;
  if (d) {
    if (d.registriesSkippingTagResolving !== undefined) {
      const regs = [...d.registriesSkippingTagResolving];
      const bad = regs.filter((r) => typeof r !== 'string' || r.trim() === '' || /[,\s]/.test(r));
      if (bad.length) {
        reportError(scope, `${P}.deployment.registriesSkippingTagResolving`, 'each entry must be a registry host name without commas or spaces (the key is a comma-separated list)', { value: bad, allowed: 'host names such as registry.example.org or kind.local' });
      } else put(out, NS, 'config-deployment', 'registries-skipping-tag-resolving', regs.join(','));
    }
    if (d.digestResolutionTimeout !== undefined) {
      const v = goDuration(scope, `${P}.deployment.digestResolutionTimeout`, d.digestResolutionTimeout, true, false);
      if (v !== undefined && v !== 'disabled') put(out, NS, 'config-deployment', 'digest-resolution-timeout', v);
    }
    if (d.progressDeadline !== undefined) {
      const v = goDuration(scope, `${P}.deployment.progressDeadline`, d.progressDeadline, true, true);
      if (v !== undefined && v !== 'disabled') put(out, NS, 'config-deployment', 'progress-deadline', v);
    }
    const q = d.queueSidecar ?? {};
    const keys: [keyof QueueSidecarResources, string][] = [
      ['cpuRequest', 'queue-sidecar-cpu-request'], ['cpuLimit', 'queue-sidecar-cpu-limit'],
      ['memoryRequest', 'queue-sidecar-memory-request'], ['memoryLimit', 'queue-sidecar-memory-limit'],
      ['ephemeralStorageRequest', 'queue-sidecar-ephemeral-storage-request'], ['ephemeralStorageLimit', 'queue-sidecar-ephemeral-storage-limit'],
    ];
    for (const [prop, key] of keys) {
      const v = q[prop];
      if (v === undefined) continue;
      if (typeof v !== 'string' || !QUANTITY_RE.test(v.trim())) {
        reportError(scope, `${P}.deployment.queueSidecar.${prop}`, `${key} must be a Kubernetes quantity`, { value: v, allowed: 'a quantity such as 25m, 400Mi or 1' });
      } else put(out, NS, 'config-deployment', key, v);
    }
  }
  const c = o.certManager;
  if (c) {
    for (const [prop, key] of [['issuerRef', 'issuerRef'], ['clusterLocalIssuerRef', 'clusterLocalIssuerRef'], ['systemInternalIssuerRef', 'systemInternalIssuerRef']] as const) {
      const ref = c[prop];
      if (ref === undefined) continue;
      const v = issuerYaml(scope, `${P}.certManager.${prop}`, ref);
      if (v !== undefined) put(out, NS, 'config-certmanager', key, v);
    }
  }
  const g = o.gc;
  if (g) {
    if (g.retainSinceCreateTime !== undefined) {
      const v = goDuration(scope, `${P}.gc.retainSinceCreateTime`, g.retainSinceCreateTime, false, false);
      if (v !== undefined) put(out, NS, 'config-gc', 'retain-since-create-time', v);
    }
    if (g.retainSinceLastActiveTime !== undefined) {
      const v = goDuration(scope, `${P}.gc.retainSinceLastActiveTime`, g.retainSinceLastActiveTime, false, false);
      if (v !== undefined) put(out, NS, 'config-gc', 'retain-since-last-active-time', v);
    }
    let min: number | undefined;
    if (g.minNonActiveRevisions !== undefined) {
      if (checkInt(scope, `${P}.gc.minNonActiveRevisions`, g.minNonActiveRevisions, 0)) {
        min = g.minNonActiveRevisions;
        put(out, NS, 'config-gc', 'min-non-active-revisions', String(min));
      }
    }
    if (g.maxNonActiveRevisions !== undefined) {
      if (g.maxNonActiveRevisions === 'disabled') put(out, NS, 'config-gc', 'max-non-active-revisions', 'disabled');
      else if (checkInt(scope, `${P}.gc.maxNonActiveRevisions`, g.maxNonActiveRevisions, 0)) {
        const max = g.maxNonActiveRevisions;
        const effectiveMin = min ?? 20;
        if (effectiveMin > max) {
          reportError(scope, `${P}.gc.minNonActiveRevisions`, `min-non-active-revisions(${effectiveMin}) must be <= max-non-active-revisions(${max})`, { value: effectiveMin, allowed: `0..${max}` });
        } else put(out, NS, 'config-gc', 'max-non-active-revisions', String(max));
      }
    }
  }
  return out;
}

/** The ConfigMap data of the Eventing install options. */
export function eventingOptionsData(scope: IConstruct, o: EventingInstallOptions): ConfigMapData {
  const out: ConfigMapData = {};
  const ch = o.brokerChannel;
  if (ch !== undefined) {
    let ok = true;
    for (const f of ['apiVersion', 'kind'] as const) {
      if (typeof ch[f] !== 'string' || ch[f].trim() === '') {
        reportError(scope, `eventingInstall.brokerChannel.${f}`, `a channel template needs its ${f}`, { value: ch[f], allowed: f === 'kind' ? 'a channel kind such as InMemoryChannel or KafkaChannel' : 'an API version such as messaging.knative.dev/v1' });
        ok = false;
      }
    }
    if (ok) {
      const spec = ch.spec && Object.keys(ch.spec).length ? ch.spec : undefined;
      // The YAML library is already a dependency of the settings code: one dump for nested specs.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const yaml = require('yaml') as typeof import('yaml');
      put(out, 'knative-eventing', 'config-br-default-channel', 'channel-template-spec',
        yaml.stringify({ apiVersion: ch.apiVersion, kind: ch.kind, ...(spec ? { spec } : {}) }, { lineWidth: 0 }));
    }
  }
  return out;
}

/** Checks the HA replicas; returns them or undefined (reported). */
export function checkedReplicas(scope: IConstruct, ha: HighAvailability | undefined): number | undefined {
  if (ha === undefined) return undefined;
  if (!checkInt(scope, 'highAvailability.replicas', ha.replicas, 1, 2147483647)) return undefined;
  return ha.replicas;
}

/** `b` merged over `a`, ConfigMap by ConfigMap, key by key. */
export function mergeData(a: ConfigMapData, b: ConfigMapData): ConfigMapData {
  const out: ConfigMapData = {};
  for (const src of [a, b]) {
    for (const [ns, cms] of Object.entries(src)) {
      for (const [cm, data] of Object.entries(cms)) Object.assign(((out[ns] ??= {})[cm] ??= {}), data);
    }
  }
  return out;
}
