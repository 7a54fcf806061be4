/**
 * KnativeInstall: Knative Serving (with net-istio) and Knative Eventing as ordered platform
 * components, configured from the same typed settings the validator checks applications against.
 */
import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ClusterSettings, ClusterSettingsProps, EventingSettings, ServingSettings } from '../../core/cluster-settings';
import { reportError, reportWarning, requireProp } from '../../core/report';
import { memoizeForSynth, validateOnSynth } from '../../validation/construct';
import { HealthCheck, IMeshInstall, Phase, phaseIndex, PlatformComponent } from '../model';
import { kustomizeFiles, writeFiles } from './kustomize';
import { KNATIVE_GITHUB_RELEASES, KNATIVE_OPERATOR_CHART, KNATIVE_VERSION, KnativeInstallMode, KustomizeModeOptions, OperatorModeOptions, ReleaseManifestsOptions } from './mode';
import {
  checkedReplicas, ConfigMapData, EventingInstallOptions, eventingOptionsData, HighAvailability, mergeData, ServingInstallOptions, servingOptionsData,
} from './options';
import { applyHighAvailability, groupOf, isUrl, Manifest, Place, placeOf, prefetch, readReleaseFile, RELEASE_FILES, ReleaseFile, releaseUrl, versionOf } from './release';

/** The ingress class of net-istio. */
export const ISTIO_INGRESS_CLASS = 'istio.ingress.networking.knative.dev';
const HPA_CLASS = 'hpa.autoscaling.knative.dev';
const SERVING_NS = 'knative-serving';
const EVENTING_NS = 'knative-eventing';

/** Props of a KnativeInstall. */
export interface KnativeInstallProps {
  /** How Knative is installed: `KnativeInstallMode.operator()` or `KnativeInstallMode.releaseManifests({ from })`. */
  readonly mode: KnativeInstallMode;
  /**
   * The Istio mesh Knative runs on (an IstioInstall, or a description of a mesh installed
   * otherwise). Knative's components wait for its `readyComponents`; net-istio's
   * knative-ingress-gateway and knative-local-gateway select its ingress gateway; under
   * `strictMtls` Knative's namespaces get sidecars (`istio-injection=enabled`).
   * @default - Istio is assumed to be installed already as net-istio expects it (gateway pods
   * labelled `istio: ingressgateway`, Service istio-ingressgateway in istio-system), unless
   * `serving.network.ingressClass` names another ingress, in which case net-istio is not installed
   * (in operator mode, the operator's plugin for Kourier, Contour or Gateway API is enabled instead)
   */
  readonly mesh?: IMeshInstall;
  /**
   * Knative Serving's configuration (ClusterSettingsProps.serving): features, defaults,
   * autoscaler, network (ingress class, domain template, TLS, HTTP redirect, default external
   * scheme, autocreate cluster domain claims), domains.
   * @default - Serving is not installed
   */
  readonly serving?: ServingSettings;
  /**
   * Knative Eventing's configuration (ClusterSettingsProps.eventing): features, default broker
   * class, broker and channel defaults.
   * @default - Eventing is not installed
   */
  readonly eventing?: EventingSettings;
  /** Serving options the validator does not read: config-deployment, config-certmanager, config-gc. @default - the release's */
  readonly servingInstall?: ServingInstallOptions;
  /** Eventing options the validator does not read: the broker's channel, optional parts. @default - the release's */
  readonly eventingInstall?: EventingInstallOptions;
  /**
   * Replicas of the control plane (operator `spec.high-availability`; in release mode the same
   * transformation applied to the manifests).
   * @default - the release's (one replica, HPAs as shipped)
   */
  readonly highAvailability?: HighAvailability;
}

const INSTALLED = new WeakMap<IConstruct, KnativeInstall>();

function sortObject<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function idOf(o: Manifest, used: Set<string>): string {
  const md = o.metadata ?? {};
  const base = `${o.kind}-${md.namespace ? `${md.namespace}-` : ''}${md.name ?? md.generateName ?? 'unnamed'}`.replace(/[^A-Za-z0-9.-]/g, '-');
  let id = base;
  for (let i = 2; used.has(id); i++) id = `${base}-${i}`;
  used.add(id);
  return id;
}

/** The version forms the operator 1.23 accepts (pkg/reconciler/common/releases.go) and ships manifests for. */
const OPERATOR_SHIPS: Record<'serving' | 'eventing', readonly string[]> = {
  serving: ['1.20.0', '1.20.1', '1.20.2', '1.20.3', '1.21.0', '1.21.1', '1.21.2', '1.21.3', '1.22.0', '1.22.1', '1.23.0'],
  eventing: ['1.20.0', '1.20.1', '1.20.2', '1.20.3', '1.21.0', '1.21.1', '1.21.2', '1.21.3', '1.21.4', '1.22.0', '1.22.1', '1.22.2', '1.23.0'],
};
/** The operator's ingress plugins (spec.ingress.<plugin>.enabled) by the ingress class they implement. */
const OPERATOR_INGRESS_PLUGINS: Record<string, string> = {
  'kourier.ingress.networking.knative.dev': 'kourier',
  'contour.ingress.networking.knative.dev': 'contour',
  'gateway-api.ingress.networking.knative.dev': 'gateway-api',
};
const SEMVER = /^v(0|[1-9]\d*)(\.(0|[1-9]\d*))?(\.(0|[1-9]\d*))?(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/**
 * Installs Knative Serving (with net-istio) and/or Knative Eventing as platform components, in
 * phases, and declares the resulting cluster configuration (`ClusterSettings.apply` on the app)
 * so every service of the app is validated against the platform it deploys to.
 *
 * Operator mode: `knative-namespaces` (FOUNDATION), the `knative-operator` Helm release
 * (CONTROLLERS), `knative-serving` / `knative-eventing` holding the KnativeServing /
 * KnativeEventing objects (CONFIGURATION).
 *
 * Release mode: `knative-crds` (FOUNDATION: Namespaces and CRDs), `knative-serving-config` then
 * `knative-serving` (CONTROLLERS: ConfigMaps, then Deployments, Services, RBAC, webhooks),
 * `knative-serving-resources` (CONFIGURATION: Gateways, Certificate, Image),
 * `knative-serving-post-install` (CONFIGURATION: the post-install Jobs), and the same for Eventing.
 *
 * Kustomize mode: no components; `kustomization` holds kustomizations referencing the release
 * files by URL with the configuration as patches (`writeKustomization(dir)` writes them).
 *
 * @example
 * new KnativeInstall(app, 'knative', { mode: KnativeInstallMode.operator(), mesh: istio,
 *   serving: { domains: { 'functions.example.org': {} } }, eventing: {} });
 */
export class KnativeInstall extends Construct {
  /** The components, in the order they were created. */
  public readonly components: readonly PlatformComponent[];
  /**
   * The settings declared on the app (the app's own, the mesh's, and this install's, layered).
   * What the app's tenants contribute comes on top at synth (`ClusterSettings.of(install)`
   * includes it, and the install renders it).
   */
  public readonly settings: ClusterSettings;
  /**
   * The components later installs may wait for: those whose health means Knative is ready
   * (the KnativeServing / KnativeEventing objects, or the controllers and resources).
   */
  public readonly readyComponents: readonly PlatformComponent[];

  private readonly list: PlatformComponent[] = [];
  private readonly ready: PlatformComponent[] = [];
  private readonly mesh?: IMeshInstall;
  /** The install options' and the mesh's ConfigMap data, merged over the settings' (rendered at synth). */
  private readonly optionsData: ConfigMapData;
  private readonly installs: { readonly serving: boolean; readonly eventing: boolean };
  private readonly replicas?: number;
  private kustomizeInput?: Omit<Parameters<typeof kustomizeFiles>[0], 'data'>;

  public constructor(scope: Construct, id: string, props: KnativeInstallProps) {
    super(scope, id);
    requireProp('KnativeInstall', props, 'mode');
    if (!(props.mode instanceof KnativeInstallMode)) {
      throw new TypeError(`KnativeInstall: 'mode' must be a KnativeInstallMode (got ${typeof props.mode}); use KnativeInstallMode.operator() or KnativeInstallMode.releaseManifests({ from })`);
    }
    this.components = this.list;
    this.readyComponents = this.ready;
    this.mesh = props.mesh;
    const root = this.node.root;
    const previous = INSTALLED.get(root);
    if (previous) {
      reportError(this, 'id', `the app already installs Knative at ${previous.node.path}; a cluster has one Knative`, { value: id, allowed: 'one KnativeInstall per app' });
    } else INSTALLED.set(root, this);

    // The cluster's settings: what the app declared, under the mesh's, under this install's.
    // (What the app's tenants contribute is layered at synth: see configData.)
    const own: ClusterSettingsProps = {
      ...(props.serving ? { serving: props.serving } : {}),
      ...(props.eventing ? { eventing: props.eventing } : {}),
      ...(props.mesh ? { istio: props.mesh.settings } : {}),
    };
    this.settings = ClusterSettings.layer(ClusterSettings.declared(root), own);
    const problems = this.settings.problems();
    for (const p of problems) reportError(this, p.prop, p.message, 'value' in p ? { value: p.value, allowed: p.allowed } : { allowed: p.allowed });
    if (!problems.length && !previous) ClusterSettings.apply(root, this.settings);

    if (!props.serving && !props.eventing) {
      reportError(this, 'serving', 'installs nothing: give serving, eventing or both (an empty object installs the component with stock settings)', { allowed: 'serving: {...} and/or eventing: {...}' });
    }
    if (props.servingInstall && !props.serving) reportError(this, 'servingInstall', 'is set, but Serving is not installed (serving is not given)', { allowed: 'give serving: {} too, or drop servingInstall' });
    if (props.eventingInstall && !props.eventing) reportError(this, 'eventingInstall', 'is set, but Eventing is not installed (eventing is not given)', { allowed: 'give eventing: {} too, or drop eventingInstall' });

    // The ingress class the cluster ends up with (this install's, or one the app declared before).
    const ingressClass = this.settings.props.serving?.network?.ingressClass;
    const istioIngress = ingressClass === undefined || ingressClass === ISTIO_INGRESS_CLASS;
    if (props.mesh && !istioIngress) {
      reportError(this, 'serving.network.ingressClass', 'names another ingress than the Istio mesh given as mesh; net-istio is the ingress of an Istio mesh', { value: ingressClass, allowed: `${ISTIO_INGRESS_CLASS} (or leave it unset), or omit mesh` });
    }
    if (props.mesh) this.checkMesh(props.mesh);

    this.replicas = checkedReplicas(this, props.highAvailability);
    // What the settings render (at synth), then the install options, then the mesh's gateways.
    this.installs = { serving: props.serving !== undefined, eventing: props.eventing !== undefined };
    let data: ConfigMapData = {};
    if (props.serving) data = mergeData(data, servingOptionsData(this, props.servingInstall ?? {}));
    if (props.eventing) data = mergeData(data, eventingOptionsData(this, props.eventingInstall ?? {}));
    if (props.serving && props.mesh && istioIngress) data = mergeData(data, { [SERVING_NS]: { 'config-istio': this.istioGateways(props.mesh) } });
    this.optionsData = data;

    const mode = props.mode.spec;
    if (mode.kind === 'operator') this.operatorMode(props, mode.options, istioIngress);
    else if (mode.kind === 'release') this.releaseMode(props, mode.options, istioIngress);
    else this.kustomizeInput = this.kustomizeMode(props, mode.options, istioIngress);
  }

  /**
   * In kustomize mode, the kustomization files by relative path (`serving/kustomization.yaml`,
   * `serving/patches/config-network.yaml`, ..., `kustomization.yaml`); see `writeKustomization`.
   * Rendered when read, so it includes what every Tenant of the app contributes (its domain in
   * config-domain, its broker class in config-br-defaults), whenever the tenant was created.
   */
  public get kustomization(): Readonly<Record<string, string>> | undefined {
    return this.kustomizeInput ? kustomizeFiles({ ...this.kustomizeInput, data: this.configData() }) : undefined;
  }

  /**
   * The ConfigMap data the install renders: the settings (with what the app's tenants
   * contribute: `ClusterSettings.contribute`), then the install options and the mesh's gateways.
   * Read at synth (once per synth call), so it does not depend on the order the tenants and the
   * install were created in.
   */
  private configData(): ConfigMapData {
    return memoizeForSynth(this, 'knative install config data', () => {
      const data = ClusterSettings.contributed(this, this.settings).toConfigMapData();
      if (!this.installs.serving) delete data[SERVING_NS];
      if (!this.installs.eventing) delete data[EVENTING_NS];
      return mergeData(data, this.optionsData);
    });
  }

  /**
   * Writes the kustomize form under `dir` (kustomize mode only): point `kubectl apply -k`, an
   * Argo CD Application or a Flux Kustomization at it. Deterministic: the same files every time.
   */
  public writeKustomization(dir: string): void {
    if (!this.kustomization) throw new Error(`${this.node.path}: writeKustomization needs KnativeInstallMode.kustomize()`);
    writeFiles(dir, this.kustomization);
  }

  private kustomizeMode(props: KnativeInstallProps, o: KustomizeModeOptions, istioIngress: boolean): Omit<Parameters<typeof kustomizeFiles>[0], 'data'> {
    const version = o.version ?? KNATIVE_VERSION;
    const from = o.from ?? KNATIVE_GITHUB_RELEASES;
    if (typeof version !== 'string' || !/^v?\d+\.\d+\.\d+$/.test(version)) {
      reportError(this, 'mode.version', 'must be an exact Knative release (its files are referenced by URL)', { value: version, allowed: `a version such as ${KNATIVE_VERSION}` });
    } else if (!version.replace(/^v/, '').startsWith('1.23.')) {
      reportWarning(this, 'mode.version', `references Knative ${version}, but the validator checks applications against Knative 1.23 (and the replicas of HPA-scaled Deployments follow 1.23's HPAs)`, { value: version });
    }
    if (typeof from !== 'string' || !/^https?:\/\/[^\s]+$/.test(from)) {
      reportError(this, 'mode.from', 'must be a URL: kustomize references the release files, it does not copy them', { value: from, allowed: `${KNATIVE_GITHUB_RELEASES}, or a mirror URL` });
    }
    const labels: Record<string, Record<string, string>> = {};
    for (const ns of [SERVING_NS, EVENTING_NS]) labels[ns] = this.namespaceLabels(ns);
    return {
      from: String(from), version: String(version).replace(/^v/, ''),
      serving: props.serving !== undefined, netIstio: istioIngress,
      hpaAutoscaler: props.servingInstall?.hpaAutoscaler ?? this.settings.autoscaler.podAutoscalerClass === HPA_CLASS,
      eventing: props.eventing !== undefined,
      inMemoryChannel: props.eventingInstall?.inMemoryChannel ?? true, mtChannelBroker: props.eventingInstall?.mtChannelBroker ?? true,
      eventingTls: this.settings.eventingFeatureOn('transport-encryption'),
      namespaceLabels: labels,
      gatewaySelector: this.mesh ? { ...this.mesh.ingressGatewaySelector } : undefined,
      gatewayNamespace: this.mesh && this.mesh.ingressGatewayNamespace !== 'istio-system' ? this.mesh.ingressGatewayNamespace : undefined,
      replicas: this.replicas,
    };
  }

  private checkMesh(mesh: IMeshInstall): void {
    const sel = mesh.ingressGatewaySelector ?? {};
    if (Object.keys(sel).length === 0) {
      reportError(this, 'mesh.ingressGatewaySelector', 'is empty: the knative-ingress-gateway would select every gateway pod of the mesh', { value: sel, allowed: 'the labels of the ingress gateway pods, e.g. { istio: "ingressgateway" }' });
    }
    for (const [k, v] of [['ingressGatewayNamespace', mesh.ingressGatewayNamespace], ['ingressGatewayService', mesh.ingressGatewayService]] as const) {
      if (typeof v !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) || v.length > 63) {
        reportError(this, `mesh.${k}`, 'must be a DNS-1123 label', { value: v, allowed: 'lowercase letters, digits and -' });
      }
    }
  }

  /** config-istio's gateways: the mesh's ingress gateway Service, and the local gateway in the mesh's gateway namespace. */
  private istioGateways(mesh: IMeshInstall): Record<string, string> {
    const domain = this.settings.servingNetwork.clusterDomain;
    const ns = mesh.ingressGatewayNamespace;
    return {
      'external-gateways': `- name: knative-ingress-gateway\n  namespace: ${SERVING_NS}\n  service: ${mesh.ingressGatewayService}.${ns}.svc.${domain}\n`,
      'local-gateways': `- name: knative-local-gateway\n  namespace: ${SERVING_NS}\n  service: knative-local-gateway.${ns}.svc.${domain}\n`,
    };
  }

  private component(id: string, phase: Phase, description: string, extra: { helm?: PlatformComponent['helm']; healthChecks?: HealthCheck[] } = {}): PlatformComponent {
    const c = new PlatformComponent(this, id, { phase, description, disableResourceNameHashes: true, ...extra });
    // The mesh comes first: each component waits for the mesh components of its phase or earlier.
    for (const m of this.mesh?.readyComponents ?? []) if (phaseIndex(m.phase) <= phaseIndex(phase)) c.addDependency(m);
    this.list.push(c);
    return c;
  }

  private add(c: PlatformComponent, o: Manifest, used: Set<string>): ApiObject {
    const { apiVersion, kind, metadata, ...rest } = o;
    const obj = new ApiObject(c, idOf(o, used), { apiVersion, kind, metadata, ...rest });
    validateOnSynth(obj);
    return obj;
  }

  private namespaceLabels(name: string): Record<string, string> {
    return this.mesh?.strictMtls && (name === SERVING_NS || name === EVENTING_NS) ? { 'istio-injection': 'enabled' } : {};
  }

  // ---------------------------------------------------------------------------------------------
  // Operator

  private operatorMode(props: KnativeInstallProps, o: OperatorModeOptions, istioIngress: boolean): void {
    const version = o.version ?? KNATIVE_VERSION;
    const chartVersion = o.chartVersion ?? KNATIVE_OPERATOR_CHART.version;
    const opNs = o.namespace ?? 'knative-operator';
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(opNs) || opNs.length > 63) {
      reportError(this, 'mode.namespace', 'must be a DNS-1123 label', { value: opNs, allowed: 'lowercase letters, digits and -, at most 63' });
    }
    if (typeof chartVersion !== 'string' || !/^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(chartVersion)) {
      reportError(this, 'mode.chartVersion', 'must be an exact chart version (a pinned install, never a range)', { value: chartVersion, allowed: `a version such as ${KNATIVE_OPERATOR_CHART.version}` });
    }
    if (props.serving) this.checkOperatorVersion('serving', version);
    if (props.eventing) this.checkOperatorVersion('eventing', version);
    if (props.servingInstall?.hpaAutoscaler !== undefined) {
      reportWarning(this, 'servingInstall.hpaAutoscaler', 'is a release-mode option: the operator always installs the HPA autoscaler', { value: props.servingInstall.hpaAutoscaler });
    }
    for (const k of ['inMemoryChannel', 'mtChannelBroker'] as const) {
      if (props.eventingInstall?.[k] === false) reportError(this, `eventingInstall.${k}`, 'cannot be turned off in operator mode: the operator always installs it', { value: false, allowed: 'true (or unset), or use release mode' });
    }

    const namespaces = this.component('knative-namespaces', Phase.FOUNDATION, 'The namespaces of the Knative Operator and of Knative');
    const used = new Set<string>();
    const nsNames = [opNs, ...(props.serving ? [SERVING_NS] : []), ...(props.eventing ? [EVENTING_NS] : [])];
    for (const name of nsNames) {
      const labels = this.namespaceLabels(name);
      this.add(namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(Object.keys(labels).length ? { labels } : {}) } }, used);
    }

    const operator = this.component('knative-operator', Phase.CONTROLLERS, 'The Knative Operator (Helm chart), which installs and upgrades Knative from KnativeServing / KnativeEventing objects', {
      helm: {
        chart: { repository: KNATIVE_OPERATOR_CHART.repository, chart: KNATIVE_OPERATOR_CHART.chart, version: chartVersion },
        releaseName: 'knative-operator',
        namespace: opNs,
        values: o.values ?? {},
      },
      healthChecks: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'knative-operator', namespace: opNs, condition: 'Available' },
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'operator-webhook', namespace: opNs, condition: 'Available' },
        { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'knativeservings.operator.knative.dev', condition: 'Established' },
        { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'knativeeventings.operator.knative.dev', condition: 'Established' },
      ],
    });
    operator.addDependency(namespaces);

    // spec.config, rendered at synth (see configData): undefined when empty.
    const cmConfig = (ns: string): unknown => Lazy.any({
      produce: () => {
        const out: Record<string, Record<string, string>> = {};
        // The operator names ConfigMaps without their 'config-' prefix; others (default-ch-webhook) by their full name.
        for (const [cm, d] of Object.entries(this.configData()[ns] ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
          out[cm.startsWith('config-') ? cm.slice('config-'.length) : cm] = sortObject(d);
        }
        return Object.keys(out).length ? out : undefined;
      },
    });
    const ha = this.replicas !== undefined ? { 'high-availability': { replicas: this.replicas } } : {};

    if (props.serving) {
      const c = this.component('knative-serving', Phase.CONFIGURATION, 'Knative Serving, installed by the operator from the KnativeServing object', {
        healthChecks: [{ apiVersion: 'operator.knative.dev/v1beta1', kind: 'KnativeServing', name: 'knative-serving', namespace: SERVING_NS, condition: 'Ready' }],
      });
      c.addDependency(operator);
      const spec: Manifest = { version, ...ha, config: cmConfig(SERVING_NS) };
      if (istioIngress) {
        const istio: Manifest = { enabled: true };
        if (this.mesh) {
          const selector = sortObject({ ...this.mesh.ingressGatewaySelector });
          istio['knative-ingress-gateway'] = { selector };
          istio['knative-local-gateway'] = { selector };
          // The operator keeps the local gateway's Service in istio-system; its selector can follow the mesh.
          spec.services = [{ name: 'knative-local-gateway', selector }];
          if (this.mesh.ingressGatewayNamespace !== 'istio-system') {
            reportError(this, 'mesh.ingressGatewayNamespace', 'the Knative Operator creates the knative-local-gateway Service in istio-system, so the mesh\'s ingress gateway must run there in operator mode', { value: this.mesh.ingressGatewayNamespace, allowed: 'istio-system, or use release mode' });
          }
        }
        spec.ingress = { istio };
      } else {
        // Another ingress: the operator's plugin for it when it has one, else none (installed otherwise).
        const plugin = OPERATOR_INGRESS_PLUGINS[String(this.settings.props.serving?.network?.ingressClass)];
        spec.ingress = plugin ? { istio: { enabled: false }, [plugin]: { enabled: true } } : { istio: { enabled: false } };
      }
      this.add(c, { apiVersion: 'operator.knative.dev/v1beta1', kind: 'KnativeServing', metadata: { name: 'knative-serving', namespace: SERVING_NS }, spec }, used);
      this.ready.push(c);
    }
    if (props.eventing) {
      const c = this.component('knative-eventing', Phase.CONFIGURATION, 'Knative Eventing, installed by the operator from the KnativeEventing object', {
        healthChecks: [{ apiVersion: 'operator.knative.dev/v1beta1', kind: 'KnativeEventing', name: 'knative-eventing', namespace: EVENTING_NS, condition: 'Ready' }],
      });
      c.addDependency(operator);
      const spec: Manifest = { version, ...ha, config: cmConfig(EVENTING_NS) };
      if (props.eventing.defaultBrokerClass !== undefined) spec.defaultBrokerClass = props.eventing.defaultBrokerClass;
      this.add(c, { apiVersion: 'operator.knative.dev/v1beta1', kind: 'KnativeEventing', metadata: { name: 'knative-eventing', namespace: EVENTING_NS }, spec }, used);
      this.ready.push(c);
    }
  }

  /** The operator's version rules (IsVersionValidMigrationEligible and the manifests it ships). */
  private checkOperatorVersion(component: 'serving' | 'eventing', version: string): void {
    const prop = 'mode.version';
    if (typeof version !== 'string') {
      reportError(this, prop, 'must be a string', { value: version, allowed: 'latest, 1.23 or 1.23.0' });
      return;
    }
    if (version.toLowerCase() === 'latest') return;
    const target = version.startsWith('v') ? version : `v${version}`;
    if (!SEMVER.test(target)) {
      reportError(this, prop, `target version ${target} is not in a valid semantic versioning format`, { value: version, allowed: 'latest, major.minor (1.23) or major.minor.patch (1.23.0)' });
      return;
    }
    if (target.split('.').length < 2) {
      reportError(this, prop, `target version ${target} should at least include the major and minor numbers`, { value: version, allowed: 'major.minor (1.23) or major.minor.patch (1.23.0)' });
      return;
    }
    const plain = target.slice(1).replace(/[-+].*$/, '');
    const shipped = OPERATOR_SHIPS[component];
    const [maj, min] = plain.split('.');
    const available = plain.split('.').length === 2 ? shipped.some((v) => v.startsWith(`${maj}.${min}.`)) : shipped.includes(plain);
    if (!available) {
      reportError(this, prop, `the manifests of the target version ${version} are not available to this release (Knative Operator ${KNATIVE_OPERATOR_CHART.version}, Knative ${component === 'serving' ? 'Serving' : 'Eventing'})`, { value: version, allowed: shipped.join(', ') });
      return;
    }
    if (`${maj}.${min}` !== '1.23') {
      reportWarning(this, prop, `installs Knative ${plain}, but the validator checks applications against Knative 1.23`, { value: version, allowed: '1.23 or 1.23.0' });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Release manifests

  private releaseMode(props: KnativeInstallProps, o: ReleaseManifestsOptions, istioIngress: boolean): void {
    const version = o.version ?? KNATIVE_VERSION;
    const postInstall = o.postInstallJobs ?? 'named';
    if (postInstall !== 'named' && postInstall !== 'omit') {
      reportError(this, 'mode.postInstallJobs', 'unknown post-install Job handling', { value: postInstall, allowed: 'named, omit' });
    }
    if (typeof o.from !== 'string' || o.from.trim() === '') {
      reportError(this, 'mode.from', 'must name a folder or URL of Knative release files', { value: o.from, allowed: 'a folder path, or a URL such as https://github.com/knative' });
      return;
    }
    const files: { file: ReleaseFile; component: 'serving' | 'eventing'; postInstall: boolean }[] = [];
    if (props.serving) {
      files.push({ file: RELEASE_FILES.servingCore, component: 'serving', postInstall: false });
      const hpa = props.servingInstall?.hpaAutoscaler ?? this.settings.autoscaler.podAutoscalerClass === HPA_CLASS;
      if (hpa) files.push({ file: RELEASE_FILES.servingHpa, component: 'serving', postInstall: false });
      if (istioIngress) files.push({ file: RELEASE_FILES.netIstio, component: 'serving', postInstall: false });
      if (postInstall === 'named') files.push({ file: RELEASE_FILES.servingPostInstall, component: 'serving', postInstall: true });
    }
    if (props.eventing) {
      files.push({ file: RELEASE_FILES.eventingCore, component: 'eventing', postInstall: false });
      if (this.settings.eventingFeatureOn('transport-encryption')) files.push({ file: RELEASE_FILES.eventingTls, component: 'eventing', postInstall: false });
      if (props.eventingInstall?.inMemoryChannel ?? true) files.push({ file: RELEASE_FILES.inMemoryChannel, component: 'eventing', postInstall: false });
      if (props.eventingInstall?.mtChannelBroker ?? true) files.push({ file: RELEASE_FILES.mtChannelBroker, component: 'eventing', postInstall: false });
      if (postInstall === 'named') files.push({ file: RELEASE_FILES.eventingPostInstall, component: 'eventing', postInstall: true });
    }

    if (isUrl(o.from)) prefetch(files.map((f) => releaseUrl(o.from, f.file, version)));
    type Placed = { o: Manifest; component: 'serving' | 'eventing'; place: Place };
    const placed: Placed[] = [];
    const seen = new Set<string>();
    let failed = false;
    for (const f of files) {
      const read = readReleaseFile(o.from, f.file, version);
      if ('problem' in read) {
        reportError(this, 'mode.from', read.problem, { value: o.from, allowed: `a folder or URL holding ${f.file.name} of Knative ${version}` });
        failed = true;
        continue;
      }
      const found = versionOf(read.objects);
      if (found !== undefined && found.replace(/^v/, '').split('.').slice(0, 2).join('.') !== version.replace(/^v/, '').split('.').slice(0, 2).join('.')) {
        reportWarning(this, 'mode.from', `${read.source} is Knative ${found}, not ${version}: the validator checks applications against Knative 1.23`, { value: found });
      }
      for (const obj of read.objects) {
        const md = obj.metadata ?? {};
        const key = `${groupOf(obj.apiVersion)}/${obj.kind}/${md.namespace ?? ''}/${md.name ?? md.generateName ?? ''}`;
        if (seen.has(key)) continue; // serving-core repeats serving-crds' CRDs; the first copy wins
        seen.add(key);
        placed.push({ o: structuredClone(obj), component: f.component, place: placeOf(obj, f.postInstall) });
      }
    }
    if (failed) return;

    // The typed configuration, merged over the release's ConfigMaps (their _example blocks stay),
    // at synth (see configData). What the settings declare now must find its ConfigMap; tenants
    // contribute only to config-domain and config-br-defaults, which every release has.
    const missing: string[] = [];
    const now = this.configData();
    const merged = new Set<Manifest>();
    const mergeAtSynth = (target: Manifest, ns: string, cm: string) => {
      if (merged.has(target)) return;
      merged.add(target);
      const release = target.data;
      target.data = Lazy.any({ produce: () => ({ ...(release ?? {}), ...sortObject(this.configData()[ns]?.[cm] ?? {}) }) });
    };
    const configMap = (ns: string, cm: string) => placed.find((p) => p.o.kind === 'ConfigMap' && p.o.metadata?.name === cm && p.o.metadata?.namespace === ns);
    for (const [ns, cms] of Object.entries(now)) {
      for (const cm of Object.keys(cms)) {
        const target = configMap(ns, cm);
        if (!target) missing.push(`${ns}/${cm}`);
        else mergeAtSynth(target.o, ns, cm);
      }
    }
    for (const [ns, cm] of [[SERVING_NS, 'config-domain'], [EVENTING_NS, 'config-br-defaults']] as const) {
      const target = configMap(ns, cm);
      if (target) mergeAtSynth(target.o, ns, cm);
    }
    if (missing.length) {
      reportError(this, 'mode.from', `the release manifests have no ConfigMap ${missing.join(', ')}, which the configuration sets`, { value: o.from, allowed: 'the complete release files of Knative 1.23' });
      return;
    }
    const jobSuffix = `v${version.replace(/^v/, '').replace(/[^0-9a-z]+/gi, '-').toLowerCase()}`;
    for (const p of placed) this.transform(p.o, jobSuffix);

    const used = new Set<string>();
    const crds = this.component('knative-crds', Phase.FOUNDATION, 'Knative\'s namespaces and CustomResourceDefinitions');
    for (const p of placed.filter((x) => x.place === 'foundation')) {
      this.add(crds, p.o, used);
      if (p.o.kind === 'CustomResourceDefinition') crds.addHealthCheck({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: p.o.metadata.name, condition: 'Established' });
    }
    for (const which of ['serving', 'eventing'] as const) {
      const mine = placed.filter((x) => x.component === which);
      if (!mine.length) continue;
      const title = which === 'serving' ? 'Knative Serving' : 'Knative Eventing';
      const config = this.component(`knative-${which}-config`, Phase.CONTROLLERS, `${title}'s ConfigMaps, before its controllers (they do not start without them)`);
      config.addDependency(crds);
      const controllers = this.component(`knative-${which}`, Phase.CONTROLLERS, `${title}'s controllers, webhooks and RBAC`);
      controllers.addDependency(crds, config);
      const resources = mine.some((x) => x.place === 'resources')
        ? this.component(`knative-${which}-resources`, Phase.CONFIGURATION, `${title}'s resources reconciled by its controllers (Gateways, certificates, images)`) : undefined;
      resources?.addDependency(controllers);
      const jobs = mine.some((x) => x.place === 'post-install')
        ? this.component(`knative-${which}-post-install`, Phase.CONFIGURATION, `${title}'s post-install Jobs`) : undefined;
      jobs?.addDependency(controllers, ...(resources ? [resources] : []));
      for (const p of mine) {
        if (p.place === 'config') this.add(config, p.o, used);
        else if (p.place === 'controllers') {
          this.add(controllers, p.o, used);
          if (p.o.kind === 'Deployment') controllers.addHealthCheck({ apiVersion: 'apps/v1', kind: 'Deployment', name: p.o.metadata.name, namespace: p.o.metadata.namespace, condition: 'Available' });
        } else if (p.place === 'resources') this.add(resources!, p.o, used);
        else if (p.place === 'post-install') {
          this.add(jobs!, p.o, used);
          if (p.o.kind === 'Job') jobs!.addHealthCheck({ apiVersion: 'batch/v1', kind: 'Job', name: p.o.metadata.name, namespace: p.o.metadata.namespace, condition: 'Complete' });
        }
      }
      this.ready.push(resources ?? controllers);
    }
  }

  /** The changes the release objects get: namespace labels, gateways, HA, post-install Job names. */
  private transform(o: Manifest, jobSuffix: string): void {
    const md = (o.metadata ??= {});
    if (o.kind === 'Namespace') {
      const labels = this.namespaceLabels(md.name);
      if (Object.keys(labels).length) md.labels = { ...(md.labels ?? {}), ...labels };
    }
    const mesh = this.mesh;
    if (mesh && o.kind === 'Gateway' && groupOf(o.apiVersion) === 'networking.istio.io' && (md.name === 'knative-ingress-gateway' || md.name === 'knative-local-gateway')) {
      o.spec = { ...(o.spec ?? {}), selector: sortObject({ ...mesh.ingressGatewaySelector }) };
    }
    if (mesh && o.kind === 'Service' && md.name === 'knative-local-gateway') {
      md.namespace = mesh.ingressGatewayNamespace;
      o.spec = { ...(o.spec ?? {}), selector: sortObject({ ...mesh.ingressGatewaySelector }) };
    }
    if (this.replicas !== undefined) applyHighAvailability(o, this.replicas);
    if (o.kind === 'Job' && typeof md.generateName === 'string' && md.name === undefined) {
      md.name = `${md.generateName.replace(/-+$/, '')}-${jobSuffix}`.slice(0, 63).replace(/-+$/, '');
      delete md.generateName;
      if (o.spec) delete o.spec.ttlSecondsAfterFinished;
    }
  }
}
