/**
 * IstioInstall: Istio from its published Helm charts (base, istiod, gateway) as platform
 * components, in the install order a GitOps delivery needs: the namespace and the CRDs
 * (FOUNDATION), then istiod and the ingress gateway (CONTROLLERS), then mesh-wide policy
 * (CONFIGURATION).
 */
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { IstioSettings } from '../../core/cluster-settings';
import { dns1123LabelErrors, qualifiedNameErrors } from '../../core/names';
import { reportError, reportWarning } from '../../core/report';
import { MtlsMode } from '../../istio/common';
import { PeerAuthentication } from '../../istio/peer-authentication';
import { validateOnSynth } from '../../validation/construct';
import { HealthCheck, IMeshInstall, Phase, PlatformComponent } from '../model';
import { IstioIngressGatewayProps, IstioInstallProps, IstioPilotProps, IstioPodDisruptionBudgetProps } from './props';
import {
  GATEWAY_VALUE_KEYS, Values, checkInt, checkIp, checkJson, checkLabels, compact, deepMerge, isCidr, resourcesValues,
} from './values';

/** The Istio version installed by default (the charts' version too). */
export const ISTIO_DEFAULT_VERSION = '1.30.3';
/** Istio's published Helm repository. */
export const ISTIO_CHART_REPOSITORY = 'https://istio-release.storage.googleapis.com/charts';
/** The namespace of the control plane and the ingress gateway, and the mesh root namespace. */
export const ISTIO_NAMESPACE = 'istio-system';
/** The ingress gateway's release (and so Deployment and Service) name. */
export const ISTIO_INGRESS_GATEWAY = 'istio-ingressgateway';

// The Istio minor version whose APIs the validator checks (../../../imports).
const VALIDATED_MINOR = '1.30';
const VERSION = /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/;
// The CRDs of the base chart the later components use; the install waits until they are served.
const WAITED_CRDS = ['peerauthentications.security.istio.io', 'gateways.networking.istio.io', 'virtualservices.networking.istio.io', 'destinationrules.networking.istio.io'];
// Values IstioInstall derives from its props: an override would break the names and labels it reports.
const MANAGED_VALUES: Record<'base' | 'istiod' | 'gateway', readonly string[]> = {
  base: ['defaultRevision'],
  istiod: ['revision'],
  gateway: ['name', 'revision', 'kind'],
};

/** The IstioInstall of each app (by construct root). */
const INSTALLED = new WeakMap<IConstruct, IstioInstall>();

/**
 * Istio installed from its official Helm charts, pulled from Istio's repository at install time
 * (never vendored):
 *
 * - `istio-namespace` (FOUNDATION): the `istio-system` Namespace;
 * - `istio-base` (FOUNDATION): the `base` chart, Istio's CRDs and default validation webhook;
 * - `istiod` (`istiod-<revision>` with a revision) (CONTROLLERS): the `istiod` chart, waits for
 *   the istiod Deployment to be Available;
 * - `istio-ingressgateway` (CONTROLLERS): the `gateway` chart released as `istio-ingressgateway`,
 *   whose pods carry `istio: ingressgateway`, the label Knative net-istio's Gateways select;
 * - `istio-mesh-policy` (CONFIGURATION, with `strictMtls`): a mesh-wide STRICT PeerAuthentication.
 *
 * The component names are their construct ids and name the folders and GitOps objects of the
 * deliveries, so they stay the same from one synth to the next.
 *
 * @example
 * const istio = new IstioInstall(app, 'istio', {
 *   ingressGateway: { loadBalancerIp: '203.0.113.10', externalTrafficPolicy: 'Local' },
 *   meshConfig: { outboundTrafficPolicy: 'REGISTRY_ONLY', accessLogFile: '/dev/stdout' },
 *   strictMtls: true,
 * });
 */
export class IstioInstall extends Construct implements IMeshInstall {
  /** The `istio-system` Namespace component. */
  public readonly namespaceComponent: PlatformComponent;
  /** The `base` chart component (CRDs). */
  public readonly base: PlatformComponent;
  /** The `istiod` chart component. */
  public readonly istiod: PlatformComponent;
  /** The `gateway` chart component (the ingress gateway). */
  public readonly ingressGateway: PlatformComponent;
  /** The mesh-wide policy component, with `strictMtls`. */
  public readonly meshPolicy?: PlatformComponent;
  /** The Istio (and chart) version. */
  public readonly version: string;
  /** The control plane revision, if any. */
  public readonly revision?: string;
  /** The labels of the ingress gateway's pods: `{ istio: 'ingressgateway' }`. */
  public readonly ingressGatewaySelector: Readonly<Record<string, string>> = { istio: 'ingressgateway' };
  /** `istio-system`. */
  public readonly ingressGatewayNamespace = ISTIO_NAMESPACE;
  /** `istio-ingressgateway`. */
  public readonly ingressGatewayService = ISTIO_INGRESS_GATEWAY;
  /** Whether a mesh-wide STRICT PeerAuthentication is installed. */
  public readonly strictMtls: boolean;
  /** The root namespace and outbound traffic policy, as the validator reads them. */
  public readonly settings: IstioSettings;
  /** istiod and the ingress gateway: what a Knative install waits for. */
  public readonly readyComponents: readonly PlatformComponent[];
  /**
   * The namespace labels that turn on sidecar injection by this control plane:
   * `istio-injection=enabled`, or `istio.io/rev=<revision>` with a revision.
   */
  public readonly sidecarInjectionLabels: Readonly<Record<string, string>>;

  public constructor(scope: Construct, id: string, props: IstioInstallProps = {}) {
    super(scope, id);
    if (props === null || typeof props !== 'object') {
      throw new TypeError(`IstioInstall: props must be an object (got ${String(props)}); see IstioInstallProps`);
    }
    this.version = props.version ?? ISTIO_DEFAULT_VERSION;
    this.revision = props.revision;
    this.strictMtls = props.strictMtls ?? false;
    this.checkTopLevel(props);
    // One per app, as KnativeInstall: a registry by root, not a walk of the app per install.
    const other = INSTALLED.get(this.node.root);
    if (!other) INSTALLED.set(this.node.root, this);
    else {
      reportError(this, 'id', `an app installs Istio once: ${other.node.path} already does, and the components of both (istio-namespace, istio-base, istio-ingressgateway) would be delivered under the same names`, { value: id, allowed: 'one IstioInstall per app' });
    }
    const outbound = props.meshConfig?.outboundTrafficPolicy ?? 'ALLOW_ANY';
    this.settings = { rootNamespace: ISTIO_NAMESPACE, outboundTrafficPolicy: outbound };
    this.sidecarInjectionLabels = this.revision ? { 'istio.io/rev': this.revision } : { 'istio-injection': 'enabled' };

    const repository = props.chartRepository ?? ISTIO_CHART_REPOSITORY;
    const chart = (name: string) => ({ repository, chart: name, version: this.version });
    const overrides = props.valuesOverrides ?? {};
    for (const which of ['base', 'istiod', 'gateway'] as const) this.checkOverrides(which, overrides[which]);
    // An invalid revision is reported above; the component keeps a valid name meanwhile.
    const rev = this.revision && dns1123LabelErrors(`istiod-${this.revision}`).length === 0 && this.revision.length <= 46 ? `-${this.revision}` : '';

    this.namespaceComponent = new PlatformComponent(this, 'istio-namespace', {
      phase: Phase.FOUNDATION,
      description: `The ${ISTIO_NAMESPACE} namespace of Istio's control plane and ingress gateway`,
    });
    const ns = new ApiObject(this.namespaceComponent, 'Namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ISTIO_NAMESPACE, ...(props.namespaceLabels && Object.keys(props.namespaceLabels).length ? { labels: { ...props.namespaceLabels } } : {}) },
    });
    validateOnSynth(ns);

    this.base = new PlatformComponent(this, 'istio-base', {
      phase: Phase.FOUNDATION,
      dependsOn: [this.namespaceComponent],
      description: `Istio ${this.version} CRDs and default validation (chart base)`,
      helm: {
        chart: chart('base'),
        releaseName: 'istio-base',
        namespace: ISTIO_NAMESPACE,
        values: deepMerge(compact({ defaultRevision: this.revision }), overrides.base),
      },
      healthChecks: waitedCrds(overrides.base).map((name): HealthCheck => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name, condition: 'Established' })),
    });

    const istiodName = `istiod${rev}`;
    this.istiod = new PlatformComponent(this, istiodName, {
      phase: Phase.CONTROLLERS,
      dependsOn: [this.base],
      description: `Istio ${this.version} control plane (chart istiod${this.revision ? `, revision ${this.revision}` : ''})`,
      helm: {
        chart: chart('istiod'),
        releaseName: istiodName,
        namespace: ISTIO_NAMESPACE,
        values: deepMerge(this.istiodValues(props), overrides.istiod),
      },
      healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: istiodName, namespace: ISTIO_NAMESPACE, condition: 'Available' }],
    });

    this.ingressGateway = new PlatformComponent(this, ISTIO_INGRESS_GATEWAY, {
      phase: Phase.CONTROLLERS,
      dependsOn: [this.istiod],
      description: 'Istio ingress gateway selected by Knative net-istio (chart gateway)',
      helm: {
        chart: chart('gateway'),
        releaseName: ISTIO_INGRESS_GATEWAY,
        namespace: ISTIO_NAMESPACE,
        values: deepMerge(this.gatewayValues(props.ingressGateway ?? {}), overrides.gateway),
      },
      healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: ISTIO_INGRESS_GATEWAY, namespace: ISTIO_NAMESPACE, condition: 'Available' }],
    });
    this.readyComponents = [this.istiod, this.ingressGateway];

    if (this.strictMtls) {
      this.meshPolicy = new PlatformComponent(this, 'istio-mesh-policy', {
        phase: Phase.CONFIGURATION,
        dependsOn: [this.istiod],
        description: 'Mesh-wide STRICT mutual TLS',
      });
      new PeerAuthentication(this.meshPolicy, 'peer-authentication', {
        metadata: { name: 'default', namespace: this.settings.rootNamespace },
        mode: MtlsMode.STRICT,
      });
    }
  }

  private checkTopLevel(props: IstioInstallProps): void {
    const m = VERSION.exec(this.version);
    if (!m) {
      reportError(this, 'version', 'must be an Istio release version (the charts are published under it)', { value: this.version, allowed: 'MAJOR.MINOR.PATCH, optionally with a pre-release suffix (1.30.3, 1.31.0-rc.0)' });
    } else if (`${m[1]}.${m[2]}` !== VALIDATED_MINOR) {
      reportWarning(this, 'version', `the validator checks Istio ${VALIDATED_MINOR} APIs; objects for Istio ${m[1]}.${m[2]} may be judged against the wrong schema`, { value: this.version, allowed: `${VALIDATED_MINOR}.x` });
    }
    if (this.revision !== undefined) {
      const errs = dns1123LabelErrors(this.revision);
      if (errs.length || this.revision.length > 46) {
        reportError(this, 'revision', `must be a DNS-1123 label of at most 46 characters (it names istiod-<revision> and its webhooks)${errs.length ? `: ${errs.join('; ')}` : ''}`, { value: this.revision, allowed: "lowercase letters, digits and '-', e.g. '1-30-3' or 'canary'" });
      } else if (this.revision === 'default') {
        reportError(this, 'revision', "'default' stands for the control plane without a revision (istio.io/rev=default selects it); leave revision unset for that", { value: this.revision, allowed: "any other DNS-1123 label, or no revision" });
      }
    }
    if (props.chartRepository !== undefined && !/^(https?|oci):\/\/[^\s/]+\S*$/.test(props.chartRepository)) {
      reportError(this, 'chartRepository', 'must be a Helm repository URL', { value: props.chartRepository, allowed: 'https://host/path or oci://registry/path' });
    }
    const mc = props.meshConfig ?? {};
    if (mc.outboundTrafficPolicy !== undefined && !['ALLOW_ANY', 'REGISTRY_ONLY'].includes(mc.outboundTrafficPolicy)) {
      reportError(this, 'meshConfig.outboundTrafficPolicy', 'unknown mode', { value: mc.outboundTrafficPolicy, allowed: 'ALLOW_ANY, REGISTRY_ONLY' });
    }
    if (mc.accessLogEncoding !== undefined && !['TEXT', 'JSON'].includes(mc.accessLogEncoding)) {
      reportError(this, 'meshConfig.accessLogEncoding', 'unknown encoding', { value: mc.accessLogEncoding, allowed: 'TEXT, JSON' });
    }
    if (mc.trustDomain !== undefined && !validTrustDomain(mc.trustDomain)) {
      // Istio's ValidateTrustDomain (pkg/config/validation/agent): istiod refuses the mesh config.
      reportError(this, 'meshConfig.trustDomain', `trust domain name ${JSON.stringify(mc.trustDomain)} invalid`, { value: mc.trustDomain, allowed: 'dot-separated DNS-1123 labels, e.g. cluster.local or example.org' });
    }
    checkLabels(this, 'namespaceLabels', props.namespaceLabels);
  }

  private checkOverrides(which: 'base' | 'istiod' | 'gateway', values: Readonly<Values> | undefined): void {
    if (values === undefined) return;
    const prop = `valuesOverrides.${which}`;
    if (values === null || typeof values !== 'object' || Array.isArray(values)) {
      reportError(this, prop, 'must be a map of chart values', { value: values, allowed: 'a plain object' });
      return;
    }
    checkJson(this, prop, values);
    for (const key of MANAGED_VALUES[which]) {
      if (key in values) {
        reportError(this, `${prop}.${key}`, `is set by IstioInstall (from revision and the release name, so that the names and labels it reports hold); use the typed prop`, { value: values[key], allowed: 'no override of this key' });
      }
    }
    if (which === 'gateway') {
      for (const key of Object.keys(values)) {
        if (!GATEWAY_VALUE_KEYS.includes(key)) {
          reportError(this, `${prop}.${key}`, "is not a value of the gateway chart (its values.schema.json allows no other top-level key, so Helm would refuse the release)", { value: key, allowed: GATEWAY_VALUE_KEYS.filter((k) => !k.startsWith('_')).join(', ') });
        }
      }
      const labels = (values as { labels?: unknown }).labels;
      if (labels !== null && typeof labels === 'object' && ('istio' in labels || 'app' in labels)) {
        reportError(this, `${prop}.labels`, "must not set 'istio' or 'app': they are the ingress gateway's selector, which Knative net-istio's Gateways select (istio: ingressgateway)", { value: labels, allowed: 'other labels' });
      }
    }
  }

  private istiodValues(props: IstioInstallProps): Values {
    const mc = props.meshConfig ?? {};
    const pilot: IstioPilotProps = props.pilot ?? {};
    const scaling = this.scaling('pilot', pilot);
    const pdb = this.pdb('pilot.podDisruptionBudgetSpec', pilot.podDisruptionBudgetSpec, 1, 'the istiod chart ignores 0');
    if (pdb && pilot.podDisruptionBudget === false) {
      reportError(this, 'pilot.podDisruptionBudgetSpec', 'has no effect with podDisruptionBudget: false', { value: pilot.podDisruptionBudgetSpec, allowed: 'podDisruptionBudget unset or true' });
    }
    this.warnSingleReplicaPdb('pilot.podDisruptionBudgetSpec', pdb, scaling.fixed ?? (pilot.autoscaleEnabled === false ? 1 : pilot.autoscaleMin ?? 1));
    checkInt(this, 'pilot.cpuTargetUtilization', pilot.cpuTargetUtilization, 1);
    const proxyResources = resourcesValues(this, 'pilot.proxyResources', pilot.proxyResources);
    return compact({
      revision: this.revision,
      ...(scaling.fixed !== undefined
        ? { autoscaleEnabled: false, replicaCount: scaling.fixed }
        : compact({ autoscaleEnabled: pilot.autoscaleEnabled, autoscaleMin: pilot.autoscaleMin, autoscaleMax: pilot.autoscaleMax })),
      cpu: compact({ targetAverageUtilization: pilot.cpuTargetUtilization }),
      resources: resourcesValues(this, 'pilot.resources', pilot.resources),
      pdb,
      global: compact({
        defaultPodDisruptionBudget: pilot.podDisruptionBudget === undefined ? undefined : { enabled: pilot.podDisruptionBudget },
        proxy: compact({ resources: proxyResources }),
      }),
      meshConfig: compact({
        outboundTrafficPolicy: mc.outboundTrafficPolicy === undefined ? undefined : { mode: mc.outboundTrafficPolicy },
        accessLogFile: mc.accessLogFile,
        accessLogEncoding: mc.accessLogEncoding,
        accessLogFormat: mc.accessLogFormat,
        trustDomain: mc.trustDomain,
        defaultConfig: compact({ holdApplicationUntilProxyStarts: mc.holdApplicationUntilProxyStarts }),
      }),
    });
  }

  private gatewayValues(gw: IstioIngressGatewayProps): Values {
    const type = gw.serviceType;
    const lb = type === undefined || type === kplus.ServiceType.LOAD_BALANCER;
    const types = [kplus.ServiceType.LOAD_BALANCER, kplus.ServiceType.NODE_PORT, kplus.ServiceType.CLUSTER_IP] as string[];
    if (type !== undefined && !types.includes(type)) {
      reportError(this, 'ingressGateway.serviceType', 'the ingress gateway needs a Service that routes to its pods', { value: type, allowed: types.join(', ') });
    }
    const lbOnly = (field: string, set: boolean): void => {
      // Kubernetes' Service validation: these fields "may only be used when `type` is 'LoadBalancer'".
      if (set && !lb) reportError(this, `ingressGateway.${field}`, "may only be used when `type` is 'LoadBalancer'", { value: type, allowed: 'serviceType LOAD_BALANCER' });
    };
    lbOnly('loadBalancerIp', gw.loadBalancerIp !== undefined);
    lbOnly('loadBalancerClass', gw.loadBalancerClass !== undefined);
    lbOnly('loadBalancerSourceRanges', (gw.loadBalancerSourceRanges ?? []).length > 0);
    checkIp(this, 'ingressGateway.loadBalancerIp', gw.loadBalancerIp);
    if (gw.loadBalancerClass !== undefined) {
      // Kubernetes validates spec.loadBalancerClass as a qualified name.
      const errs = qualifiedNameErrors(gw.loadBalancerClass);
      if (errs.length) reportError(this, 'ingressGateway.loadBalancerClass', errs.join('; '), { value: gw.loadBalancerClass, allowed: 'a qualified name, e.g. example.com/internal-vip' });
    }
    (gw.loadBalancerSourceRanges ?? []).forEach((r, i) => {
      if (typeof r !== 'string' || !isCidr(r.trim())) {
        reportError(this, `ingressGateway.loadBalancerSourceRanges[${i}]`, 'must be a list of IP ranges', { value: r, allowed: 'CIDRs such as 203.0.113.0/24 or 2001:db8::/32' });
      }
    });
    if (gw.externalTrafficPolicy !== undefined) {
      if (!['Cluster', 'Local'].includes(gw.externalTrafficPolicy)) {
        reportError(this, 'ingressGateway.externalTrafficPolicy', 'unsupported value', { value: gw.externalTrafficPolicy, allowed: 'Cluster, Local' });
      } else if (type === kplus.ServiceType.CLUSTER_IP) {
        reportError(this, 'ingressGateway.externalTrafficPolicy', 'may only be set for externally-accessible services', { value: gw.externalTrafficPolicy, allowed: 'serviceType LOAD_BALANCER or NODE_PORT' });
      }
    }
    checkLabels(this, 'ingressGateway.serviceAnnotations', gw.serviceAnnotations, true);
    const scaling = this.scaling('ingressGateway', gw);
    checkInt(this, 'ingressGateway.cpuTargetUtilization', gw.cpuTargetUtilization, 1);
    const pdb = this.pdb('ingressGateway.podDisruptionBudget', gw.podDisruptionBudget, 0);
    this.warnSingleReplicaPdb('ingressGateway.podDisruptionBudget', pdb, scaling.fixed ?? (gw.autoscaleEnabled === false ? 1 : gw.autoscaleMin ?? 1));
    return compact({
      revision: this.revision,
      ...(scaling.fixed !== undefined ? { replicaCount: scaling.fixed } : {}),
      autoscaling: compact({
        enabled: scaling.fixed !== undefined ? false : gw.autoscaleEnabled,
        minReplicas: gw.autoscaleMin,
        maxReplicas: gw.autoscaleMax,
        targetCPUUtilizationPercentage: gw.cpuTargetUtilization,
      }),
      resources: resourcesValues(this, 'ingressGateway.resources', gw.resources),
      podDisruptionBudget: pdb,
      service: compact({
        type: gw.serviceType,
        loadBalancerIP: gw.loadBalancerIp,
        loadBalancerClass: gw.loadBalancerClass,
        loadBalancerSourceRanges: gw.loadBalancerSourceRanges?.length ? [...gw.loadBalancerSourceRanges] : undefined,
        externalTrafficPolicy: gw.externalTrafficPolicy,
        annotations: gw.serviceAnnotations && Object.keys(gw.serviceAnnotations).length ? { ...gw.serviceAnnotations } : undefined,
      }),
    });
  }

  /**
   * Checks replicas against the autoscaler props, as both charts read them: a fixed count only
   * applies with autoscaling off, and the autoscaler's bounds only with it on.
   */
  private scaling(prefix: string, p: { replicas?: number; autoscaleEnabled?: boolean; autoscaleMin?: number; autoscaleMax?: number; cpuTargetUtilization?: number }): { fixed?: number } {
    checkInt(this, `${prefix}.replicas`, p.replicas, 1, undefined, 'a running control plane and gateway need a pod');
    const minOk = checkInt(this, `${prefix}.autoscaleMin`, p.autoscaleMin, 1, undefined, 'a HorizontalPodAutoscaler keeps at least one pod');
    const maxOk = checkInt(this, `${prefix}.autoscaleMax`, p.autoscaleMax, 1);
    if (p.replicas !== undefined) {
      if (p.autoscaleEnabled === true) {
        reportError(this, `${prefix}.replicas`, 'a fixed replica count is ignored while autoscaling is on', { value: p.replicas, allowed: 'replicas with autoscaleEnabled unset or false, or autoscaleMin/autoscaleMax' });
      }
      for (const k of ['autoscaleMin', 'autoscaleMax', 'cpuTargetUtilization'] as const) {
        if (p[k] !== undefined) reportError(this, `${prefix}.${k}`, 'only applies with autoscaling, which a fixed `replicas` turns off', { value: p[k], allowed: 'either replicas or the autoscaler props' });
      }
      return { fixed: p.replicas };
    }
    if (p.autoscaleEnabled === false) {
      for (const k of ['autoscaleMin', 'autoscaleMax', 'cpuTargetUtilization'] as const) {
        if (p[k] !== undefined) reportError(this, `${prefix}.${k}`, 'only applies with autoscaling, which autoscaleEnabled: false turns off', { value: p[k], allowed: 'autoscaleEnabled unset or true' });
      }
    }
    // The charts' defaults: min 1, max 5.
    const min = p.autoscaleMin ?? 1;
    const max = p.autoscaleMax ?? 5;
    if (minOk && maxOk && min > max) {
      reportError(this, `${prefix}.autoscaleMin`, `must be no greater than autoscaleMax (${max}${p.autoscaleMax === undefined ? ', the chart default' : ''})`, { value: min, allowed: `1..${max}` });
    }
    return {};
  }

  private warnSingleReplicaPdb(prop: string, pdb: Values | undefined, pods: number): void {
    if (!pdb || !Number.isInteger(pods)) return;
    if (pods <= 1) {
      // Both charts: "a workaround for https://github.com/kubernetes/kubernetes/issues/93476".
      reportWarning(this, prop, 'the chart creates the PodDisruptionBudget only while more than one replica runs (replicas or autoscaleMin > 1); none is created', { value: pods, allowed: 'replicas or autoscaleMin of 2 or more' });
    } else if ((typeof pdb.minAvailable === 'number' && pdb.minAvailable >= pods) || pdb.maxUnavailable === 0) {
      reportWarning(this, prop, `allows no eviction while ${pods} pods run, so node drains block until someone deletes a pod by hand`, { value: pdb, allowed: `minAvailable below ${pods} (the replicas or autoscaleMin), or maxUnavailable of 1 or more` });
    }
  }

  private pdb(prop: string, p: IstioPodDisruptionBudgetProps | undefined, min: number, why?: string): Values | undefined {
    if (p === undefined) return undefined;
    checkInt(this, `${prop}.minAvailable`, p.minAvailable, min, undefined, why);
    checkInt(this, `${prop}.maxUnavailable`, p.maxUnavailable, min, undefined, why);
    if (p.minAvailable !== undefined && p.maxUnavailable !== undefined) {
      // policy/v1 PodDisruptionBudget validation.
      reportError(this, prop, 'minAvailable and maxUnavailable cannot be both set', { value: p, allowed: 'one of minAvailable, maxUnavailable' });
    }
    if (p.minAvailable === undefined && p.maxUnavailable === undefined) {
      reportError(this, prop, 'needs minAvailable or maxUnavailable', { value: p, allowed: 'one of minAvailable, maxUnavailable' });
    }
    return compact({ minAvailable: p.minAvailable, maxUnavailable: p.maxUnavailable });
  }
}

/** Istio's ValidateTrustDomain: dot-separated DNS-1123 labels, an empty last label allowed (`istio.io.`). */
function validTrustDomain(domain: string): boolean {
  if (domain.length === 0) return false;
  const parts = domain.split('.');
  return parts.every((label, i) => (i === parts.length - 1 && label === '' && i > 0) || dns1123LabelErrors(label).length === 0);
}

/** The CRDs the base release is waited for by, without those its (overridden) values leave out. */
function waitedCrds(base: Readonly<Values> | undefined): string[] {
  const global = base?.global as { resourceScope?: unknown } | undefined;
  if (global?.resourceScope === 'namespace') return [];
  const excluded = (base?.base as { excludedCRDs?: unknown } | undefined)?.excludedCRDs;
  return WAITED_CRDS.filter((c) => !(Array.isArray(excluded) && excluded.includes(c)));
}
