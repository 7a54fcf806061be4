/**
 * The two directions between `ClusterSettings` and the manifests that configure Knative: the
 * ConfigMap data the settings render to, and the settings that Knative's ConfigMaps and the
 * operator's KnativeServing / KnativeEventing objects declare. One table drives both, so each
 * setting is read back from the key it is written to.
 */
import type * as YamlModule from 'yaml';

/**
 * The YAML library, loaded on first use: the package entry point imports this module, and most
 * apps never read or write a settings blob (cdk8s carries its own copy of yaml for synthYaml).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = (): typeof YamlModule => require('yaml') as typeof YamlModule;
import type { PropProblem } from './report';
import type {
  BrokerConfigSettings, BrokerDefaultsLevel, BrokerDefaultsSettings, ChannelDefaultsSettings, ChannelTemplateSettings,
  ClusterSettings, ClusterSettingsProps, DomainSettings, EventingFeatureFlag, KReferenceSettings, ServingFeatureFlag,
} from './cluster-settings';

/** Every Serving `config-features` flag of Knative 1.23 (pkg/apis/config/features.go), but secure-pod-defaults. */
export const SERVING_FEATURE_FLAGS: readonly ServingFeatureFlag[] = [
  'multi-container', 'multi-container-probing', 'kubernetes.podspec-affinity', 'kubernetes.podspec-topologyspreadconstraints',
  'kubernetes.podspec-hostaliases', 'kubernetes.podspec-fieldref', 'kubernetes.podspec-nodeselector',
  'kubernetes.podspec-runtimeclassname', 'kubernetes.podspec-securitycontext', 'kubernetes.podspec-shareprocessnamespace',
  'kubernetes.podspec-hostipc', 'kubernetes.podspec-hostpid', 'kubernetes.podspec-hostnetwork',
  'kubernetes.podspec-priorityclassname', 'kubernetes.podspec-schedulername', 'kubernetes.containerspec-addcapabilities',
  'kubernetes.podspec-tolerations', 'kubernetes.podspec-volumes-emptydir', 'kubernetes.podspec-volumes-hostpath',
  'kubernetes.podspec-volumes-mount-propagation', 'kubernetes.podspec-volumes-csi', 'kubernetes.podspec-volumes-ephemeral',
  'kubernetes.podspec-volumes-image', 'kubernetes.podspec-persistent-volume-claim', 'kubernetes.podspec-persistent-volume-write',
  'kubernetes.podspec-init-containers', 'kubernetes.podspec-dnspolicy', 'kubernetes.podspec-dnsconfig',
  'tag-header-based-routing', 'autodetect-http2', 'queueproxy.mount-podinfo', 'queueproxy.resource-defaults',
];

/** Every Eventing `config-features` flag of Knative 1.23 that takes enabled/disabled/allowed (pkg/apis/feature). */
export const EVENTING_FEATURE_FLAGS: readonly EventingFeatureFlag[] = [
  'delivery-timeout', 'kreference-group', 'delivery-retryafter', 'kreference-mapping', 'transport-encryption',
  'eventtype-auto-create', 'authentication-oidc', 'cross-namespace-event-links', 'new-apiserversource-filters',
];


type Section = 'serving' | 'eventing';
type Data = Record<string, string>;
type Props = Record<string, any>;

/** How a ConfigMap value is spelt and parsed (knative.dev/pkg/configmap's As* parsers). */
type Codec =
  | { readonly t: 'int' | 'int32' | 'float' | 'bool' | 'string' | 'duration' | 'quantity' }
  | { readonly t: 'enum'; readonly values: readonly string[]; readonly strict: boolean }
  | { readonly t: 'tls'; readonly strict: boolean }
  | { readonly t: 'percentage' | 'tristate' };

interface Entry {
  readonly section: Section;
  readonly cm: string;
  /** The key written; `aliases` are legacy spellings read too (the main key wins). */
  readonly key: string;
  readonly aliases?: readonly string[];
  /** Where in ServingSettings / EventingSettings. */
  readonly path: readonly string[];
  readonly codec: Codec;
}

const INT = { t: 'int' } as const;
const INT32 = { t: 'int32' } as const;
const FLOAT = { t: 'float' } as const;
const BOOL = { t: 'bool' } as const;
const STRING = { t: 'string' } as const;
const DURATION = { t: 'duration' } as const;
const QUANTITY = { t: 'quantity' } as const;

const s = (cm: string, key: string, path: string, codec: Codec, aliases?: string[]): Entry =>
  ({ section: 'serving', cm, key, path: path.split('.'), codec, aliases });

/** Every scalar Serving setting and where Knative reads it. */
const SERVING_ENTRIES: readonly Entry[] = [
  s('config-features', 'secure-pod-defaults', 'securePodDefaults', { t: 'enum', values: ['Disabled', 'AllowRootBounded', 'Enabled'], strict: false }),
  s('config-defaults', 'revision-timeout-seconds', 'defaults.revisionTimeoutSeconds', INT),
  s('config-defaults', 'max-revision-timeout-seconds', 'defaults.maxRevisionTimeoutSeconds', INT),
  s('config-defaults', 'revision-response-start-timeout-seconds', 'defaults.revisionResponseStartTimeoutSeconds', INT),
  s('config-defaults', 'revision-idle-timeout-seconds', 'defaults.revisionIdleTimeoutSeconds', INT),
  s('config-defaults', 'revision-cpu-request', 'defaults.revisionCpuRequest', QUANTITY),
  s('config-defaults', 'revision-cpu-limit', 'defaults.revisionCpuLimit', QUANTITY),
  s('config-defaults', 'revision-memory-request', 'defaults.revisionMemoryRequest', QUANTITY),
  s('config-defaults', 'revision-memory-limit', 'defaults.revisionMemoryLimit', QUANTITY),
  s('config-defaults', 'revision-ephemeral-storage-request', 'defaults.revisionEphemeralStorageRequest', QUANTITY),
  s('config-defaults', 'revision-ephemeral-storage-limit', 'defaults.revisionEphemeralStorageLimit', QUANTITY),
  s('config-defaults', 'container-name-template', 'defaults.containerNameTemplate', STRING),
  s('config-defaults', 'init-container-name-template', 'defaults.initContainerNameTemplate', STRING),
  s('config-defaults', 'container-concurrency', 'defaults.containerConcurrency', INT),
  s('config-defaults', 'container-concurrency-max-limit', 'defaults.containerConcurrencyMaxLimit', INT),
  s('config-defaults', 'allow-container-concurrency-zero', 'defaults.allowContainerConcurrencyZero', BOOL),
  s('config-defaults', 'enable-service-links', 'defaults.enableServiceLinks', { t: 'tristate' }),
  s('config-autoscaler', 'pod-autoscaler-class', 'autoscaler.podAutoscalerClass', STRING),
  s('config-autoscaler', 'enable-scale-to-zero', 'autoscaler.enableScaleToZero', BOOL),
  s('config-autoscaler', 'allow-zero-initial-scale', 'autoscaler.allowZeroInitialScale', BOOL),
  s('config-autoscaler', 'initial-scale', 'autoscaler.initialScale', INT32),
  s('config-autoscaler', 'min-scale', 'autoscaler.minScale', INT32),
  s('config-autoscaler', 'max-scale', 'autoscaler.maxScale', INT32),
  s('config-autoscaler', 'max-scale-limit', 'autoscaler.maxScaleLimit', INT32),
  s('config-autoscaler', 'container-concurrency-target-percentage', 'autoscaler.containerConcurrencyTargetPercentage', { t: 'percentage' }),
  s('config-autoscaler', 'container-concurrency-target-default', 'autoscaler.containerConcurrencyTargetDefault', FLOAT),
  s('config-autoscaler', 'requests-per-second-target-default', 'autoscaler.requestsPerSecondTargetDefault', FLOAT),
  s('config-autoscaler', 'target-burst-capacity', 'autoscaler.targetBurstCapacity', FLOAT),
  s('config-autoscaler', 'stable-window', 'autoscaler.stableWindow', DURATION),
  s('config-autoscaler', 'panic-window-percentage', 'autoscaler.panicWindowPercentage', FLOAT),
  s('config-autoscaler', 'panic-threshold-percentage', 'autoscaler.panicThresholdPercentage', FLOAT),
  s('config-autoscaler', 'max-scale-up-rate', 'autoscaler.maxScaleUpRate', FLOAT),
  s('config-autoscaler', 'max-scale-down-rate', 'autoscaler.maxScaleDownRate', FLOAT),
  s('config-autoscaler', 'scale-to-zero-grace-period', 'autoscaler.scaleToZeroGracePeriod', DURATION),
  s('config-autoscaler', 'scale-to-zero-pod-retention-period', 'autoscaler.scaleToZeroPodRetentionPeriod', DURATION),
  s('config-autoscaler', 'scale-down-delay', 'autoscaler.scaleDownDelay', DURATION),
  s('config-autoscaler', 'activator-capacity', 'autoscaler.activatorCapacity', FLOAT),
  s('config-network', 'autocreate-cluster-domain-claims', 'network.autocreateClusterDomainClaims', BOOL, ['autocreateClusterDomainClaims']),
  s('config-network', 'ingress-class', 'network.ingressClass', STRING, ['ingress.class']),
  s('config-network', 'certificate-class', 'network.certificateClass', STRING, ['certificate.class']),
  s('config-network', 'domain-template', 'network.domainTemplate', STRING, ['domainTemplate']),
  s('config-network', 'tag-template', 'network.tagTemplate', STRING, ['tagTemplate']),
  s('config-network', 'external-domain-tls', 'network.externalDomainTls', { t: 'tls', strict: false }, ['auto-tls', 'autoTLS']),
  s('config-network', 'cluster-local-domain-tls', 'network.clusterLocalDomainTls', { t: 'tls', strict: true }),
  s('config-network', 'system-internal-tls', 'network.systemInternalTls', { t: 'tls', strict: true }),
  s('config-network', 'http-protocol', 'network.httpProtocol', { t: 'enum', values: ['Enabled', 'Disabled', 'Redirected'], strict: true }, ['httpProtocol']),
  s('config-network', 'default-external-scheme', 'network.defaultExternalScheme', STRING, ['defaultExternalScheme']),
  s('config-network', 'rollout-duration', 'network.rolloutDurationSeconds', INT, ['rolloutDuration']),
  s('config-network', 'enable-mesh-pod-addressability', 'network.enableMeshPodAddressability', BOOL),
  s('config-network', 'mesh-compatibility-mode', 'network.meshCompatibilityMode', { t: 'enum', values: ['auto', 'enabled', 'disabled'], strict: true }),
];

const EVENTING_ENTRIES: readonly Entry[] = [
  { section: 'eventing', cm: 'config-features', key: 'default-authorization-mode', path: ['defaultAuthorizationMode'], codec: { t: 'enum', values: ['allow-same-namespace', 'allow-all', 'deny-all'], strict: false } },
  { section: 'eventing', cm: 'config-features', key: 'oidc-discovery-base-url', path: ['oidcDiscoveryBaseUrl'], codec: STRING },
  { section: 'eventing', cm: 'config-features', key: 'requestreply-default-timeout', path: ['requestReplyDefaultTimeout'], codec: STRING },
  { section: 'eventing', cm: 'config-ping-defaults', key: 'data-max-size', aliases: ['dataMaxSize'], path: ['pingDataMaxSize'], codec: INT },
];

/** Settings whose value is one ConfigMap key holding a whole YAML document: replaced, never merged. */
const ATOMIC = new Set(['eventing.brokerDefaults', 'eventing.channelDefaults']);

/** Which Knative component a ConfigMap name belongs to, when the name alone says it. */
const SERVING_CMS = new Set(['config-features', 'config-defaults', 'config-autoscaler', 'config-network', 'config-domain']);
const EVENTING_CMS = new Set(['config-features', 'config-br-defaults', 'default-ch-webhook', 'config-ping-defaults']);
const NAMESPACE: Record<Section, string> = { serving: 'knative-serving', eventing: 'knative-eventing' };

function flagsOf(section: Section): readonly string[] {
  return section === 'serving' ? SERVING_FEATURE_FLAGS : EVENTING_FEATURE_FLAGS;
}

function get(obj: Props | undefined, path: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const p of path) cur = cur && typeof cur === 'object' ? (cur as Props)[p] : undefined;
  return cur;
}

function set(obj: Props, path: readonly string[], value: unknown): void {
  let cur = obj;
  for (const p of path.slice(0, -1)) cur = (cur[p] ??= {});
  cur[path[path.length - 1]] = value;
}

// ---------------------------------------------------------------------------------------------
// Rendering

function render(codec: Codec, value: unknown): string {
  switch (codec.t) {
    case 'tls': return value ? 'Enabled' : 'Disabled';
    // Upstream reads a target percentage up to 1 as a fraction: 1% must be written 0.01.
    case 'percentage': return typeof value === 'number' && value <= 1 ? String(value / 100) : String(value);
    default: return String(value);
  }
}

function dumpYaml(value: unknown): string {
  return yaml().stringify(value, { lineWidth: 0 });
}

function kref(ref: KReferenceSettings | undefined): Props {
  if (!ref) return {};
  const out: Props = { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name };
  if (ref.namespace !== undefined) out.namespace = ref.namespace;
  return out;
}

function brokerConfigJson(c: BrokerConfigSettings): Props {
  const out: Props = { ...kref(c.config) };
  if (c.delivery) out.delivery = c.delivery;
  return out;
}

function brokerLevelJson(l: BrokerDefaultsLevel): Props {
  const out: Props = {};
  if (l.brokerClass !== undefined) out.brokerClass = l.brokerClass;
  Object.assign(out, brokerConfigJson(l));
  if (l.brokerClasses) {
    out.brokerClasses = Object.fromEntries(Object.entries(l.brokerClasses).map(([k, v]) => [k, brokerConfigJson(v)]));
  }
  if (l.disallowDifferentNamespaceConfig !== undefined) out.disallowDifferentNamespaceConfig = l.disallowDifferentNamespaceConfig;
  return out;
}

/** config-br-defaults' `default-br-config`, in upstream's spelling (KReference inline). */
export function brokerDefaultsYaml(d: BrokerDefaultsSettings): string {
  const out: Props = {};
  if (d.clusterDefault) out.clusterDefault = brokerLevelJson(d.clusterDefault);
  if (d.namespaceDefaults) {
    out.namespaceDefaults = Object.fromEntries(Object.entries(d.namespaceDefaults).map(([k, v]) => [k, brokerLevelJson(v)]));
  }
  return dumpYaml(out);
}

/** default-ch-webhook's `default-ch-config`. */
export function channelDefaultsYaml(d: ChannelDefaultsSettings): string {
  return dumpYaml(d);
}

/** config-domain's value for one domain: empty for the default, else its selector. */
function domainYaml(d: DomainSettings): string {
  return d.selector && Object.keys(d.selector).length ? dumpYaml({ selector: d.selector }) : '';
}

/** ClusterSettings.toConfigMapData. */
export function renderConfigMapData(settings: ClusterSettings): Record<string, Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, Data>> = {};
  const put = (section: Section, cm: string, key: string, value: string) => {
    ((out[NAMESPACE[section]] ??= {})[cm] ??= {})[key] = value;
  };
  const sv = settings.props.serving ?? {};
  const ev = settings.props.eventing ?? {};
  // The release ConfigMaps spell flag values in lower case; both webhooks compare case-insensitively.
  for (const [flag, state] of Object.entries(sv.features ?? {}).sort()) if (state !== undefined) put('serving', 'config-features', flag, state.toLowerCase());
  for (const e of SERVING_ENTRIES) {
    const v = get(sv, e.path);
    if (v !== undefined) put('serving', e.cm, e.key, render(e.codec, v));
  }
  for (const [domain, d] of Object.entries(sv.domains ?? {})) put('serving', 'config-domain', domain, domainYaml(d));
  for (const [flag, state] of Object.entries(ev.features ?? {}).sort()) if (state !== undefined) put('eventing', 'config-features', flag, state.toLowerCase());
  for (const e of EVENTING_ENTRIES) {
    const v = get(ev, e.path);
    if (v !== undefined) put('eventing', e.cm, e.key, render(e.codec, v));
  }
  if (ev.brokerDefaults !== undefined || ev.defaultBrokerClass !== undefined || ev.disallowDifferentNamespaceConfig !== undefined) {
    put('eventing', 'config-br-defaults', 'default-br-config', brokerDefaultsYaml(settings.eventing.brokerDefaults));
  }
  if (ev.channelDefaults !== undefined) put('eventing', 'default-ch-webhook', 'default-ch-config', channelDefaultsYaml(ev.channelDefaults));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading

const GO_INT = /^[+-]?\d+$/;
const GO_FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;
const QUANTITY_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[mkMGTPE]|[eE][+-]?\d+)?$/;
const GO_TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const GO_FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/** Parses one value as knative.dev/pkg/configmap does; a string is a problem, `skip` keeps the default. */
function parse(codec: Codec, raw: string): { value: unknown } | { problem: string } | 'skip' {
  const v = raw.trim();
  switch (codec.t) {
    case 'string': return { value: raw };
    case 'bool':
      if (GO_TRUE.includes(v)) return { value: true };
      if (GO_FALSE.includes(v)) return { value: false };
      return { problem: 'not a boolean (true or false)' };
    case 'int':
    case 'int32': {
      if (!GO_INT.test(v)) return { problem: 'not an integer' };
      const n = Number(v);
      if (codec.t === 'int32' && (n > 2147483647 || n < -2147483648)) return { problem: 'out of the int32 range' };
      return { value: n };
    }
    case 'float':
    case 'percentage': {
      if (!GO_FLOAT.test(v)) return { problem: 'not a number' };
      let n = Number(v);
      // Upstream: a target percentage up to 1.0 is a fraction.
      if (codec.t === 'percentage' && n <= 1) n = Math.round(n * 100 * 1e9) / 1e9;
      return { value: n };
    }
    case 'duration': return GO_DURATION.test(v) ? { value: v } : { problem: 'not a Go duration (e.g. 30s, 1m30s)' };
    case 'quantity': return QUANTITY_RE.test(v) ? { value: v } : { problem: 'not a Kubernetes quantity (e.g. 100m, 128Mi)' };
    case 'tristate': {
      if (v.toLowerCase() === 'true') return { value: true };
      if (v.toLowerCase() === 'false') return { value: false };
      return { value: 'default' };
    }
    case 'tls':
      // external-domain-tls is on only for "enabled"; the encryption keys refuse anything but enabled/disabled.
      if (codec.strict && v !== '' && !['enabled', 'disabled'].includes(v.toLowerCase())) return { problem: 'not supported (allowed: Enabled, Disabled)' };
      return { value: v.toLowerCase() === 'enabled' };
    case 'enum': {
      const found = codec.values.find((x) => x.toLowerCase() === v.toLowerCase());
      if (found !== undefined) return { value: found };
      if (v === '' && codec.strict) return 'skip';
      return codec.strict ? { problem: `not supported (allowed: ${codec.values.join(', ')})` } : 'skip';
    }
  }
}

/** What `readSettingsManifests` found. */
export interface ManifestSettings {
  /** The settings the manifests declare (nothing for what they leave at stock). */
  readonly props: ClusterSettingsProps;
  /** The objects read, as `Kind namespace/name`. */
  readonly sources: readonly string[];
  /** Values Knative's config webhook would reject, naming object and key. */
  readonly problems: readonly string[];
}

function obj(v: unknown): Props | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Props) : undefined;
}

function stringData(v: unknown): Data {
  const o = obj(v) ?? {};
  const out: Data = {};
  for (const [k, x] of Object.entries(o)) {
    if (typeof x === 'string') out[k] = x;
    else if (typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
  }
  return out;
}

function krefFrom(o: Props): KReferenceSettings | undefined {
  if (o.apiVersion === undefined && o.kind === undefined && o.name === undefined && o.namespace === undefined) return undefined;
  const ref: Props = { apiVersion: String(o.apiVersion ?? ''), kind: String(o.kind ?? ''), name: String(o.name ?? '') };
  if (o.namespace !== undefined) ref.namespace = String(o.namespace);
  return ref as KReferenceSettings;
}

function brokerConfigFrom(o: Props): BrokerConfigSettings {
  const out: Props = {};
  const config = krefFrom(o);
  if (config) out.config = config;
  if (obj(o.delivery)) out.delivery = o.delivery;
  return out;
}

function brokerLevelFrom(v: unknown): BrokerDefaultsLevel | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const out: Props = {};
  if (typeof o.brokerClass === 'string') out.brokerClass = o.brokerClass;
  Object.assign(out, brokerConfigFrom(o));
  if (obj(o.brokerClasses)) {
    out.brokerClasses = Object.fromEntries(Object.entries(o.brokerClasses).filter(([, x]) => obj(x)).map(([k, x]) => [k, brokerConfigFrom(x as Props)]));
  }
  if (typeof o.disallowDifferentNamespaceConfig === 'boolean') out.disallowDifferentNamespaceConfig = o.disallowDifferentNamespaceConfig;
  return out;
}

function channelTemplateFrom(v: unknown): ChannelTemplateSettings | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const out: Props = { apiVersion: String(o.apiVersion ?? ''), kind: String(o.kind ?? '') };
  if (obj(o.spec)) out.spec = o.spec;
  return out as ChannelTemplateSettings;
}

function yamlBlob(raw: string, where: string, problems: string[]): Props | undefined {
  try {
    const v = yaml().parse(raw);
    if (v === null || v === undefined) return {};
    if (!obj(v)) {
      problems.push(`${where}: not a YAML mapping`);
      return undefined;
    }
    return v as Props;
  } catch (e) {
    problems.push(`${where}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

/** The settings one ConfigMap's data declares. */
function readConfigMap(section: Section, cm: string, data: Data, where: string, problems: string[]): Props {
  const out: Props = {};
  const present = (k: string) => Object.prototype.hasOwnProperty.call(data, k);
  if (cm === 'config-features') {
    for (const flag of flagsOf(section)) {
      if (!present(flag)) continue;
      const r = parse({ t: 'enum', values: ['Enabled', 'Allowed', 'Disabled'], strict: false }, data[flag]);
      if (r !== 'skip' && 'value' in r) set(out, ['features', flag], r.value);
    }
  }
  for (const e of section === 'serving' ? SERVING_ENTRIES : EVENTING_ENTRIES) {
    if (e.cm !== cm) continue;
    const key = [e.key, ...(e.aliases ?? [])].find(present);
    if (key === undefined) continue;
    const r = parse(e.codec, data[key]);
    if (r === 'skip') continue;
    if ('problem' in r) problems.push(`${where}: ${key}: ${JSON.stringify(data[key])} ${r.problem}`);
    else set(out, e.path, r.value);
  }
  if (section === 'serving' && cm === 'config-network' && !present('system-internal-tls') && present('internal-encryption')) {
    const r = parse(BOOL, data['internal-encryption']);
    if (r !== 'skip' && 'value' in r) set(out, ['network', 'systemInternalTls'], r.value);
  }
  if (section === 'serving' && cm === 'config-domain') {
    for (const [domain, raw] of Object.entries(data)) {
      if (domain === '_example') continue;
      const v = yamlBlob(raw, `${where}: ${domain}`, problems);
      if (!v) continue;
      const sel = obj(v.selector) ? stringData(v.selector) : {};
      set(out, ['domains', domain], Object.keys(sel).length ? { selector: sel } : {});
    }
  }
  if (section === 'eventing' && cm === 'config-br-defaults') {
    const raw = data['default-br-config'];
    if (raw === undefined || raw === '') problems.push(`${where}: missing (or empty) key "default-br-config"`);
    else {
      const v = yamlBlob(raw, `${where}: default-br-config`, problems);
      if (v) {
        const d: Props = {};
        const cluster = brokerLevelFrom(v.clusterDefault);
        if (cluster) d.clusterDefault = cluster;
        if (obj(v.namespaceDefaults)) {
          d.namespaceDefaults = Object.fromEntries(Object.entries(v.namespaceDefaults).map(([k, x]) => [k, brokerLevelFrom(x) ?? {}]));
        }
        out.brokerDefaults = d;
      }
    }
  }
  if (section === 'eventing' && cm === 'default-ch-webhook') {
    const raw = data['default-ch-config'];
    if (raw === undefined || raw === '') problems.push(`${where}: missing (or empty) key "default-ch-config"`);
    else {
      const v = yamlBlob(raw, `${where}: default-ch-config`, problems);
      if (v) {
        const d: Props = {};
        const cluster = channelTemplateFrom(v.clusterDefault);
        if (cluster) d.clusterDefault = cluster;
        if (obj(v.namespaceDefaults)) {
          d.namespaceDefaults = Object.fromEntries(Object.entries(v.namespaceDefaults)
            .map(([k, x]) => [k, channelTemplateFrom(x)]).filter(([, x]) => x !== undefined));
        }
        out.channelDefaults = d;
      }
    }
  }
  return out;
}

function sectionOfConfigMap(o: Props): Section | undefined {
  const md = obj(o.metadata) ?? {};
  const name = String(md.name ?? '');
  const labels = obj(md.labels) ?? {};
  const owner = md.namespace ?? labels['app.kubernetes.io/name'] ?? labels['app.kubernetes.io/part-of'];
  if (owner === NAMESPACE.serving && SERVING_CMS.has(name)) return 'serving';
  if (owner === NAMESPACE.eventing && EVENTING_CMS.has(name)) return 'eventing';
  return undefined;
}

/**
 * Whether readSettingsManifests looks further at `raw`: a ConfigMap (v1), or the operator's
 * KnativeServing or KnativeEventing. Only some ConfigMaps hold settings (see sectionOfConfigMap).
 */
export function mayHoldSettings(raw: unknown): boolean {
  const o = obj(raw);
  if (!o) return false;
  if (o.kind === 'ConfigMap') return o.apiVersion === 'v1' || o.apiVersion === undefined;
  return (o.kind === 'KnativeServing' || o.kind === 'KnativeEventing') && /^operator\.knative\.dev\//.test(String(o.apiVersion));
}

/**
 * Reads the cluster settings that Knative ConfigMaps (in knative-serving / knative-eventing, or
 * without a namespace and labelled app.kubernetes.io/name: knative-serving / knative-eventing) and the operator's
 * KnativeServing / KnativeEventing objects among `objects` declare. Later objects win.
 */
export function readSettingsManifests(objects: readonly unknown[]): ManifestSettings {
  let props: Props = {};
  const sources: string[] = [];
  const problems: string[] = [];
  const add = (section: Section, found: Props) => {
    if (Object.keys(found).length) props = mergeProps(props, { [section]: found });
  };
  for (const raw of objects) {
    const o = obj(raw);
    if (!o || !mayHoldSettings(o)) continue;
    const md = obj(o.metadata) ?? {};
    const label = `${o.kind} ${md.namespace ? `${md.namespace}/` : ''}${md.name}`;
    if (o.kind === 'ConfigMap') {
      const section = sectionOfConfigMap(o);
      if (!section) continue;
      sources.push(label);
      add(section, readConfigMap(section, String(md.name), stringData(o.data), label, problems));
    } else {
      const section: Section = o.kind === 'KnativeServing' ? 'serving' : 'eventing';
      const spec = obj(o.spec) ?? {};
      const config = obj(spec.config) ?? {};
      sources.push(label);
      const names = section === 'serving' ? SERVING_CMS : EVENTING_CMS;
      for (const [key, data] of Object.entries(config)) {
        // The operator names ConfigMaps without their 'config-' prefix, and accepts the full name.
        const cm = names.has(key) ? key : names.has(`config-${key}`) ? `config-${key}` : undefined;
        if (cm) add(section, readConfigMap(section, cm, stringData(data), `${label}: spec.config.${key}`, problems));
      }
      if (section === 'eventing' && typeof spec.defaultBrokerClass === 'string' && spec.defaultBrokerClass !== '') {
        add('eventing', { defaultBrokerClass: spec.defaultBrokerClass });
      }
    }
  }
  return { props: props as ClusterSettingsProps, sources, problems };
}

// ---------------------------------------------------------------------------------------------
// Layering

/** `top` over `base`, key by key; YAML-blob settings, arrays and domain entries are replaced whole. */
export function mergeProps(base: Props, top: Props, at = ''): Props {
  const out: Props = { ...base };
  for (const [k, v] of Object.entries(top)) {
    if (v === undefined) continue;
    const path = at ? `${at}.${k}` : k;
    const atomic = ATOMIC.has(path) || at === 'serving.domains';
    if (!atomic && obj(v) && obj(out[k])) out[k] = mergeProps(out[k], v, path);
    else out[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// What the config webhooks refuse

const GO_DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration in milliseconds, or undefined. */
function durationMs(v: string): number | undefined {
  if (!GO_DURATION.test(v)) return undefined;
  let total = 0;
  for (const m of v.matchAll(GO_DURATION_PART)) total += parseFloat(m[1]) * UNIT_MS[m[2]];
  return v.startsWith('-') ? -total : total;
}

/** ClusterSettings.problems. */
export function settingsProblems(settings: ClusterSettings): PropProblem[] {
  const out: PropProblem[] = [];
  const bad = (prop: string, message: string, value: unknown, allowed: string) => out.push({ prop, message, value, allowed });
  // Per value: the type each ConfigMap key must parse as.
  for (const [section, entries] of [['serving', SERVING_ENTRIES], ['eventing', EVENTING_ENTRIES]] as const) {
    const props = settings.props[section] as Props | undefined;
    for (const e of entries) {
      const v = get(props, e.path);
      if (v === undefined) continue;
      const prop = `${section}.${e.path.join('.')}`;
      const c = e.codec;
      if (c.t === 'int' || c.t === 'int32') {
        const max = c.t === 'int32' ? 2147483647 : Number.MAX_SAFE_INTEGER;
        if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > max) bad(prop, `${e.key} must be an integer`, v, c.t === 'int32' ? 'an integer of -2^31..2^31-1' : 'an integer');
      } else if (c.t === 'float' || c.t === 'percentage') {
        if (typeof v !== 'number' || !Number.isFinite(v)) bad(prop, `${e.key} must be a finite number`, v, 'a finite number');
      } else if (c.t === 'duration') {
        if (typeof v !== 'string' || durationMs(v) === undefined) bad(prop, `${e.key} must be a Go duration`, v, 'a Go duration such as 30s or 1m30s');
      } else if (c.t === 'quantity') {
        if (typeof v !== 'string' || !QUANTITY_RE.test(v)) bad(prop, `${e.key} must be a Kubernetes quantity`, v, 'a quantity such as 100m, 128Mi or 1');
      }
    }
  }
  if (out.length) return out; // the cross-checks assume well-typed values
  const d = settings.servingDefaults;
  const P = 'serving.defaults.';
  if (d.revisionTimeoutSeconds > d.maxRevisionTimeoutSeconds) {
    bad(`${P}revisionTimeoutSeconds`, `revision-timeout-seconds (${d.revisionTimeoutSeconds}) cannot be greater than max-revision-timeout-seconds (${d.maxRevisionTimeoutSeconds})`, d.revisionTimeoutSeconds, `<= ${d.maxRevisionTimeoutSeconds}`);
  }
  if (d.revisionResponseStartTimeoutSeconds > 0 && d.revisionResponseStartTimeoutSeconds > d.revisionTimeoutSeconds) {
    bad(`${P}revisionResponseStartTimeoutSeconds`, `revision-response-start-timeout-seconds (${d.revisionResponseStartTimeoutSeconds}) cannot be greater than revision-timeout-seconds (${d.revisionTimeoutSeconds})`,
      d.revisionResponseStartTimeoutSeconds, `<= ${d.revisionTimeoutSeconds}`);
  }
  if (d.revisionIdleTimeoutSeconds > 0 && d.revisionIdleTimeoutSeconds > d.revisionTimeoutSeconds) {
    bad(`${P}revisionIdleTimeoutSeconds`, `revision-idle-timeout-seconds (${d.revisionIdleTimeoutSeconds}) cannot be greater than revision-timeout-seconds (${d.revisionTimeoutSeconds})`,
      d.revisionIdleTimeoutSeconds, `<= ${d.revisionTimeoutSeconds}`);
  }
  if (d.containerConcurrencyMaxLimit < 1) {
    bad(`${P}containerConcurrencyMaxLimit`, `expected 1 <= ${d.containerConcurrencyMaxLimit} <= 2147483647: container-concurrency-max-limit`, d.containerConcurrencyMaxLimit, '1..2147483647');
  } else if (d.containerConcurrency < 0 || d.containerConcurrency > d.containerConcurrencyMaxLimit) {
    bad(`${P}containerConcurrency`, `expected 0 <= ${d.containerConcurrency} <= ${d.containerConcurrencyMaxLimit}: container-concurrency`, d.containerConcurrency, `0..${d.containerConcurrencyMaxLimit}`);
  }
  const a = settings.autoscaler;
  const A = 'serving.autoscaler.';
  const ms = (v: string) => durationMs(v) ?? 0;
  if (ms(a.scaleToZeroGracePeriod) <= 0) bad(`${A}scaleToZeroGracePeriod`, `scale-to-zero-grace-period must be positive, was: ${a.scaleToZeroGracePeriod}`, a.scaleToZeroGracePeriod, 'a positive duration');
  if (ms(a.scaleDownDelay) < 0) bad(`${A}scaleDownDelay`, `scale-down-delay cannot be negative, was: ${a.scaleDownDelay}`, a.scaleDownDelay, 'a duration >= 0s');
  else if (ms(a.scaleDownDelay) % 1000 !== 0) bad(`${A}scaleDownDelay`, `scale-down-delay = ${a.scaleDownDelay}, must be specified with at most second precision`, a.scaleDownDelay, 'whole seconds');
  if (ms(a.scaleToZeroPodRetentionPeriod) < 0) bad(`${A}scaleToZeroPodRetentionPeriod`, `scale-to-zero-pod-retention-period cannot be negative, was: ${a.scaleToZeroPodRetentionPeriod}`, a.scaleToZeroPodRetentionPeriod, 'a duration >= 0s');
  if (a.targetBurstCapacity < 0 && a.targetBurstCapacity !== -1) bad(`${A}targetBurstCapacity`, 'target-burst-capacity must be either non-negative or -1 (for unlimited)', a.targetBurstCapacity, '>= 0, or -1');
  const fraction = a.containerConcurrencyTargetPercentage / 100;
  if (fraction <= 0 || fraction > 1) {
    bad(`${A}containerConcurrencyTargetPercentage`, 'container-concurrency-target-percentage is outside of valid range of (0, 100]', a.containerConcurrencyTargetPercentage, '(0, 100]');
  } else if (fraction * a.containerConcurrencyTargetDefault < 0.01) {
    bad(`${A}containerConcurrencyTargetDefault`, 'container-concurrency-target-percentage and container-concurrency-target-default yield target concurrency below 0.01', a.containerConcurrencyTargetDefault, 'a target concurrency of at least 0.01');
  }
  if (a.requestsPerSecondTargetDefault < 0.01) bad(`${A}requestsPerSecondTargetDefault`, 'requests-per-second-target-default must be at least 0.01', a.requestsPerSecondTargetDefault, '>= 0.01');
  if (a.activatorCapacity < 1) bad(`${A}activatorCapacity`, 'activator-capacity must be at least 1', a.activatorCapacity, '>= 1');
  if (a.maxScaleUpRate <= 1) bad(`${A}maxScaleUpRate`, 'max-scale-up-rate must be greater than 1.0', a.maxScaleUpRate, '> 1');
  if (a.maxScaleDownRate <= 1) bad(`${A}maxScaleDownRate`, 'max-scale-down-rate must be greater than 1.0', a.maxScaleDownRate, '> 1');
  const sw = ms(a.stableWindow);
  if (sw < 6000 || sw > 3_600_000) bad(`${A}stableWindow`, `stable-window = ${a.stableWindow}, must be in [6s; 1h0m0s] range`, a.stableWindow, '6s..1h');
  else if (sw % 1000 !== 0) bad(`${A}stableWindow`, `stable-window = ${a.stableWindow}, must be specified with at most second precision`, a.stableWindow, 'whole seconds');
  if (a.panicWindowPercentage < 1 || a.panicWindowPercentage > 100) bad(`${A}panicWindowPercentage`, 'panic-window-percentage must be in [1, 100] interval', a.panicWindowPercentage, '1..100');
  if (a.initialScale < 0 || (a.initialScale === 0 && !a.allowZeroInitialScale)) {
    bad(`${A}initialScale`, `initial-scale = ${a.initialScale}, must be at least 0 (or at least 1 when allow-zero-initial-scale is false)`, a.initialScale,
      a.allowZeroInitialScale ? '>= 0' : '>= 1, or set allowZeroInitialScale');
  }
  if (a.minScale < 0) bad(`${A}minScale`, `min-scale = ${a.minScale}, must be at least 0`, a.minScale, '>= 0');
  const minMax = a.maxScaleLimit > 0 ? 1 : 0;
  if (a.maxScale < minMax || (a.maxScaleLimit > 0 && a.maxScale > a.maxScaleLimit)) {
    bad(`${A}maxScale`, `max-scale = ${a.maxScale}, must be in [${minMax}, max-scale-limit(${a.maxScaleLimit})] range`, a.maxScale, a.maxScaleLimit > 0 ? `1..${a.maxScaleLimit}` : '>= 0');
  }
  if (a.maxScaleLimit < 0) bad(`${A}maxScaleLimit`, `max-scale-limit = ${a.maxScaleLimit}, must be at least 0`, a.maxScaleLimit, '>= 0');
  if (a.minScale > a.maxScale && a.maxScale > 0) bad(`${A}minScale`, `min-scale (${a.minScale}) must be less than max-scale (${a.maxScale})`, a.minScale, `<= ${a.maxScale}`);
  const n = settings.servingNetwork;
  if (n.rolloutDurationSeconds < 0) bad('serving.network.rolloutDurationSeconds', `rollout-duration must be a positive integer, but was ${n.rolloutDurationSeconds}`, n.rolloutDurationSeconds, '>= 0');
  return out;
}

/** A problem as fromManifests reports it: the setting, and the ConfigMap key it comes from. */
export function formatSettingsProblem(p: PropProblem): string {
  const [section, ...rest] = p.prop.split('.');
  const e = [...SERVING_ENTRIES, ...EVENTING_ENTRIES].find((x) => x.section === section && x.path.join('.') === rest.join('.'));
  const where = e ? `${NAMESPACE[e.section]}/${e.cm} ${e.key}` : p.prop;
  return `${where}: ${p.message}`;
}
