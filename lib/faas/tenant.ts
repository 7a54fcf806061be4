/**
 * Tenant: what one team gets on a shared cluster. A namespace with a ResourceQuota and a
 * LimitRange, RBAC for the team's group, a NetworkPolicy and Istio policies that admit only the
 * tenant itself, the ingress gateway and the Knative system components, a default Broker, and
 * the domains it may serve functions on.
 *
 * Who must reach a tenant's function pods, and why (Knative Serving 1.23 with net-istio, Istio
 * 1.30, STRICT mTLS so every caller presents its SPIFFE identity):
 * - the ingress gateway (istio-system, service account `istio-ingressgateway`): external requests
 *   and, through `knative-local-gateway` (the same pods by default), cluster-local ones;
 * - the activator (`knative-serving/activator`): buffers requests while a revision scales from
 *   zero (and always when `target-burst-capacity` puts it in the path) and probes the pods;
 * - the autoscaler (`knative-serving/controller`): scrapes queue-proxy's metrics on port 9090;
 * - Knative Eventing's dispatchers (knative-eventing: broker filter, channel dispatchers, Kafka
 *   and Ping adapters) deliver events; RabbitMQ broker dispatchers run in the tenant's namespace;
 * - the kubelet's probes: Istio rewrites them to the sidecar agent (port 15020), which is not
 *   behind Envoy's authorization, and Kubernetes always admits traffic from the pod's node.
 * Two more DENY policies close the two shared hops that would otherwise forward anyone's request
 * to the tenant: one on the activator (requests for this namespace, by the
 * `Knative-Serving-Namespace` header the activator routes on, from anyone but the tenant, the
 * gateway and Eventing), and one on the gateway pods (requests for the tenant's cluster-local
 * functions' host names from outside the tenant and the Knative system).
 *
 * The platform knows its tenants: each Tenant adds its Routes' domain (config-domain) and its
 * broker class (config-br-defaults' namespaceDefaults) to its app's cluster settings
 * (`ClusterSettings.contribute`), which the validator reads and a KnativeInstall renders at
 * synth; `TenantDefaults.apply` declares what every tenant gets unless it says otherwise.
 */
import { ApiObject, Chart, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { ClusterSettings, ClusterSettingsContribution, DomainSettings, IClusterSettingsContributor } from '../core/cluster-settings';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../core/names';
import { formatProblem, reportError, requireProp, showValue } from '../core/report';
import { Broker, BrokerClass, BrokerConfig, IBroker } from '../eventing/broker';
import { Delivery } from '../eventing/delivery';
import { AuthorizationAction, AuthorizationPolicy } from '../istio/authorization-policy';
import { MtlsMode } from '../istio/common';
import { PeerAuthentication } from '../istio/peer-authentication';
import { ClusterDomainClaim } from '../serving/cluster-domain-claim';
import { VISIBILITY_LABEL } from '../serving/networking';
import { validateOnSynth } from '../validation/construct';
import { TENANT_LABEL } from '../core/tenant-label';
import { Function, FunctionProps, IFunctionHost } from './function';


/** The Pod Security Standard a tenant's namespace enforces (`pod-security.kubernetes.io/enforce`). */
export enum PodSecurityLevel {
  /** No restrictions. Allows host-network pods, which NetworkPolicies do not contain. */
  PRIVILEGED = 'privileged',
  /** Blocks known privilege escalations (host namespaces, privileged containers, most capabilities). */
  BASELINE = 'baseline',
  /** Baseline plus hardening: non-root, no capabilities but NET_BIND_SERVICE, seccomp profile. */
  RESTRICTED = 'restricted',
}

/** The role a tenant's group gets in its namespace. */
export class TenantRole {
  /**
   * The built-in `edit` ClusterRole: read and write most namespaced objects, including every
   * Knative Serving and Eventing kind (Knative aggregates its `*-namespaced-edit` roles into it),
   * but not Roles, RoleBindings, ResourceQuotas or LimitRanges, so the team cannot widen its
   * own rights or quota. What the team may change in its namespace (NetworkPolicies) can only
   * open its own namespace further, never another tenant's.
   */
  public static readonly EDIT = new TenantRole('edit');
  /** The built-in `view` ClusterRole: read-only (no Secrets). */
  public static readonly VIEW = new TenantRole('view');
  /** The built-in `admin` ClusterRole: `edit` plus Roles and RoleBindings within the namespace. */
  public static readonly ADMIN = new TenantRole('admin');

  /** Another ClusterRole, by name, bound in the namespace only. */
  public static clusterRole(name: string): TenantRole {
    if (typeof name !== 'string') throw new TypeError(`TenantRole.clusterRole: the name must be a string, got ${showValue(name)}`);
    return new TenantRole(name);
  }

  private constructor(/** The ClusterRole's name. */ public readonly clusterRoleName: string) {}
}

/** The ResourceQuota of a tenant (`spec.hard`). */
export interface TenantQuota {
  /** Sum of CPU requests (`requests.cpu`). @default kplus.Cpu.units(4) */
  readonly cpuRequests?: kplus.Cpu;
  /** Sum of CPU limits (`limits.cpu`). @default kplus.Cpu.units(8) */
  readonly cpuLimits?: kplus.Cpu;
  /** Sum of memory requests (`requests.memory`). @default Size.gibibytes(8) */
  readonly memoryRequests?: Size;
  /** Sum of memory limits (`limits.memory`). @default Size.gibibytes(16) */
  readonly memoryLimits?: Size;
  /** Number of pods (`pods`). @default 100 */
  readonly pods?: number;
  /**
   * Number of Knative Services (`count/services.serving.knative.dev`).
   * @default - no limit
   */
  readonly functions?: number;
}

/** The LimitRange of a tenant: defaults for containers that set no resources. */
export interface TenantContainerDefaults {
  /** CPU request of a container without one (`defaultRequest.cpu`). @default kplus.Cpu.millis(100) */
  readonly cpuRequest?: kplus.Cpu;
  /** CPU limit of a container without one (`default.cpu`). @default kplus.Cpu.units(1) */
  readonly cpuLimit?: kplus.Cpu;
  /** Memory request of a container without one (`defaultRequest.memory`). @default Size.mebibytes(128) */
  readonly memoryRequest?: Size;
  /** Memory limit of a container without one (`default.memory`). @default Size.mebibytes(512) */
  readonly memoryLimit?: Size;
}

/** The tenant's default Broker. */
export interface TenantBrokerProps {
  /**
   * The broker implementation. A class other than the one the cluster's settings give the
   * namespace becomes config-br-defaults' `namespaceDefaults` entry of the tenant's namespace
   * (in the settings the validator reads and in what a KnativeInstall renders), so Brokers
   * created there without a class get it too.
   * @default - TenantDefaults' class, else the cluster's default class for the namespace (ClusterSettings)
   */
  readonly brokerClass?: BrokerClass;
  /**
   * The configuration its class reads (`spec.config`).
   * @default - the cluster's default for the class
   */
  readonly config?: BrokerConfig;
  /**
   * Delivery for every trigger of the broker.
   * @default - the cluster's default
   */
  readonly delivery?: Delivery;
}

/** Where the shared components a tenant must admit run, and as whom. */
export interface TenantSystemProps {
  /** The mesh trust domain of SPIFFE identities. @default 'cluster.local' */
  readonly trustDomain?: string;
  /** Namespace of Knative Serving (activator, autoscaler). @default 'knative-serving' */
  readonly servingNamespace?: string;
  /** Service account of the activator. @default 'activator' */
  readonly activatorServiceAccount?: string;
  /** Service account of the autoscaler (Knative's `controller`). @default 'controller' */
  readonly autoscalerServiceAccount?: string;
  /** Labels of the activator's pods, which the activator guard selects. @default { app: 'activator' } */
  readonly activatorSelector?: Record<string, string>;
  /** Namespace of Knative Eventing (its dispatchers are admitted by namespace). @default 'knative-eventing' */
  readonly eventingNamespace?: string;
  /** Namespace of the Istio ingress gateway. @default 'istio-system' */
  readonly ingressGatewayNamespace?: string;
  /**
   * Service account of the ingress gateway: `istio-ingressgateway` for the Helm `gateway` chart
   * released under that name; istioctl's default profile uses `istio-ingressgateway-service-account`.
   * @default 'istio-ingressgateway'
   */
  readonly ingressGatewayServiceAccount?: string;
  /** Labels of the gateway pods (net-istio's and knative-local-gateway's). @default { istio: 'ingressgateway' } */
  readonly ingressGatewaySelector?: Record<string, string>;
  /**
   * The HTTP container ports of the gateway pods, where the gateway guard applies (so that TCP
   * routes of other teams on the shared gateway are left alone): 80/443 for the Helm `gateway`
   * chart, 8080/8443 for istioctl's profiles, 8081 for net-istio's knative-local-gateway.
   * @default [80, 443, 8080, 8081, 8443]
   */
  readonly ingressGatewayHttpPorts?: number[];
}

/** Props of a Tenant. */
export interface TenantProps {
  /**
   * The namespace (a DNS-1123 label), also the tenant's name.
   * @default - the construct id
   */
  readonly namespace?: string;
  /**
   * The team's group, as the cluster's authenticator names it (an OIDC `groups` claim), bound to
   * `role` in the namespace.
   * @default - no RoleBinding: only cluster administrators act in the namespace
   */
  readonly group?: string;
  /**
   * The role the group gets.
   * @default TenantRole.EDIT
   */
  readonly role?: TenantRole;
  /**
   * The domains the tenant may serve functions on: a function's HTTP trigger may use one of them
   * or a name under one, and the tenant claims exactly the names its functions use
   * (ClusterDomainClaim). No two tenants of an app may overlap, and no config-domain entry the
   * cluster declares may be equal to or under one. The first is also the domain of the tenant's
   * Routes (`<function>.<namespace>.<domain>`): the tenant adds it to config-domain itself
   * (see `servingDomains`).
   * @default - none: no custom domains
   */
  readonly domains?: string[];
  /**
   * The ResourceQuota. `false` renders none.
   * @default - 4 CPUs and 8 GiB requested, 8 CPUs and 16 GiB limits, 100 pods
   */
  readonly quota?: TenantQuota | false;
  /**
   * The LimitRange's container defaults (needed with a quota: pods without requests and limits
   * are refused). `false` renders none.
   * @default - 100m CPU and 128 MiB requested, 1 CPU and 512 MiB limit
   */
  readonly containerDefaults?: TenantContainerDefaults | false;
  /**
   * The Pod Security Standard the namespace enforces. RESTRICTED needs Istio's CNI node agent
   * for sidecar injection: without it the injected `istio-init` container asks for NET_ADMIN and
   * NET_RAW, which BASELINE and RESTRICTED refuse. PRIVILEGED also admits host-network pods,
   * which bypass NetworkPolicies.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * The default Broker (named `default`), which event triggers of the tenant's functions use.
   * `false` renders none.
   * @default - a Broker of the cluster's default class
   */
  readonly broker?: TenantBrokerProps | false;
  /**
   * Istio isolation: sidecar injection, STRICT mTLS and the AuthorizationPolicies. Turn it off
   * only on a cluster without Istio; the NetworkPolicy stays.
   * @default true
   */
  readonly mesh?: boolean;
  /**
   * Admit Knative Eventing's dispatchers (knative-eventing), which deliver events to the
   * functions. Without it, only events from dispatchers in the namespace arrive (RabbitMQ).
   * @default true
   */
  readonly allowEventing?: boolean;
  /**
   * More namespaces whose workloads may call the tenant's functions (e.g. `monitoring` for
   * Prometheus). Each widens both the NetworkPolicy and the AuthorizationPolicy.
   * @default - none
   */
  readonly allowedNamespaces?: string[];
  /**
   * Where the shared components run and as whom.
   * @default - a stock Knative + Istio install (see TenantSystemProps)
   */
  readonly system?: TenantSystemProps;
  /**
   * Labels on every object of the tenant.
   * @default - only the tenant label
   */
  readonly labels?: Record<string, string>;
}

/**
 * Defaults for every Tenant created below a scope (`TenantDefaults.apply`). A Tenant's own props
 * override them field by field: `quota: { pods: 10 }` on a tenant keeps the other quota fields of
 * the defaults; `false` on either level renders none (a tenant's own object brings it back).
 */
export interface TenantDefaultsProps {
  /**
   * The ResourceQuota of every tenant; `false` renders none.
   * @default - 4 CPUs and 8 GiB requested, 8 CPUs and 16 GiB limits, 100 pods (TenantProps.quota)
   */
  readonly quota?: TenantQuota | false;
  /**
   * The LimitRange container defaults of every tenant; `false` renders none.
   * @default - 100m CPU and 128 MiB requested, 1 CPU and 512 MiB limit (TenantProps.containerDefaults)
   */
  readonly containerDefaults?: TenantContainerDefaults | false;
  /**
   * The default Broker of every tenant (its class, config, delivery); `false` renders none. A class
   * other than the cluster's default goes into config-br-defaults' `namespaceDefaults` of each
   * tenant's namespace, so every Broker created there without a class gets it too.
   * @default - a Broker of the cluster's default class (TenantProps.broker)
   */
  readonly broker?: TenantBrokerProps | false;
  /**
   * The Pod Security Standard every tenant's namespace enforces.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Where the shared components run and as whom (a platform fact, the same for every tenant).
   * @default - a stock Knative + Istio install (see TenantSystemProps)
   */
  readonly system?: TenantSystemProps;
}

const TENANT_DEFAULTS = new WeakMap<IConstruct, TenantDefaults>();
/** The tenants of each app, by root, in creation order. */
const TENANTS = new WeakMap<IConstruct, Tenant[]>();

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A tenant's value over the defaults', field by field; `false` turns the object off. */
function overDefaults<T extends object>(base: T | false | undefined, own: T | false | undefined): T | false | undefined {
  if (own === false) return false;
  if (own === undefined) return base;
  if (base === false || base === undefined) return own;
  return { ...base, ...defined(own) } as T;
}

/**
 * Platform-wide defaults for the tenants of an app (or of one chart): quota, LimitRange
 * defaults, the default Broker's class and the Pod Security level, declared once instead of on
 * every Tenant. A separate declaration rather than a KnativeInstall prop because quotas, limits
 * and Pod Security are Kubernetes policy, not Knative configuration, and tenants also live on
 * clusters whose Knative is installed otherwise; it scopes like `ClusterSettings.apply` and
 * `ContainerSecurity.apply`. Apply it before creating the tenants: applying it to a scope that
 * already holds a Tenant is a synth error (that tenant would silently miss the defaults).
 *
 * @example
 * TenantDefaults.apply(app, { quota: { cpuRequests: kplus.Cpu.units(2), pods: 40 }, broker: { brokerClass: BrokerClass.KAFKA } });
 * new Tenant(app, 'team-a', { quota: { pods: 80 } });   // 2 CPUs (the defaults'), 80 pods (its own)
 */
export class TenantDefaults {
  /** Declares the defaults of every Tenant created below `scope` from now on. */
  public static apply(scope: IConstruct, props: TenantDefaultsProps): TenantDefaults {
    requireProp('TenantDefaults', props);
    const defaults = new TenantDefaults(props);
    const early = (TENANTS.get(scope.node.root) ?? []).filter((t) => t.node.scopes.includes(scope));
    if (early.length) {
      reportError(scope, 'TenantDefaults', `applied after tenant ${early.map((t) => `'${t.node.path}'`).join(', ')} was created, which therefore does not get these defaults`, {
        allowed: 'TenantDefaults.apply before creating the tenants',
      });
    }
    TENANT_DEFAULTS.set(scope, defaults);
    return defaults;
  }

  /** The defaults that apply to `scope`: the nearest ones applied above it, if any. */
  public static of(scope: IConstruct): TenantDefaults | undefined {
    const scopes = scope.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const found = TENANT_DEFAULTS.get(scopes[i]);
      if (found) return found;
    }
    return undefined;
  }

  private constructor(/** The declared defaults. */ public readonly props: TenantDefaultsProps) {}
}

const TENANT_BRAND = Symbol.for('knative-faas-cdk.Tenant');

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

function quantityValue(q: string): number {
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))([eE][+-]?\d+|[a-zA-Z]*)$/.exec(q)!;
  return m[2].startsWith('e') || m[2].startsWith('E') ? Number(m[1] + m[2]) : Number(m[1]) * (SUFFIX[m[2]] ?? NaN);
}

/** A domain equal to or under `parent`. */
function within(domain: string, parent: string): boolean {
  const d = domain.toLowerCase();
  const p = parent.toLowerCase();
  return d === p || d.endsWith(`.${p}`);
}

/**
 * A team's share of a shared cluster: a Chart (so it can live in an App or inside any Chart)
 * whose objects all belong to its namespace, apart from its domain claims and the two guards in
 * the Knative and Istio namespaces. `tenant.addFunction` puts functions in it.
 *
 * @example
 * const team = new Tenant(app, 'team-a', { group: 'team-a', domains: ['a.functions.example.org'] });
 * team.addFunction('checksum', { image: 'registry.example.org/checksum:1.0', triggers: [FunctionTrigger.http({ domain: 'checksum.a.functions.example.org' })] });
 */
export class Tenant extends Chart implements IFunctionHost, IClusterSettingsContributor {
  /**
   * Whether `x` is a Tenant. (cdk8s's Chart answers `instanceof` for every chart, so
   * `x instanceof Tenant` is true for any Chart; use this instead.)
   */
  public static isTenant(x: unknown): x is Tenant {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[TENANT_BRAND] === true;
  }

  /** The Tenant that `scope` is in, if any. */
  public static tenantOf(scope: IConstruct): Tenant | undefined {
    for (let s: IConstruct | undefined = scope; s; s = s.node.scope) if (Tenant.isTenant(s)) return s;
    return undefined;
  }

  /** The tenant's namespace (and name). */
  public readonly namespaceName: string;
  /** The Namespace object. */
  public readonly namespaceObject: ApiObject;
  /** The ResourceQuota, unless turned off. */
  public readonly resourceQuota?: ApiObject;
  /** The LimitRange, unless turned off. */
  public readonly limitRange?: ApiObject;
  /** The RoleBinding of the team's group, when a group is given. */
  public readonly roleBinding?: ApiObject;
  /** The NetworkPolicy that admits only the tenant and the system namespaces. */
  public readonly networkPolicy: ApiObject;
  /** The namespace-wide STRICT PeerAuthentication (with `mesh`). */
  public readonly peerAuthentication?: PeerAuthentication;
  /** The ALLOW AuthorizationPolicy of the namespace (with `mesh`). */
  public readonly authorizationPolicy?: AuthorizationPolicy;
  /** The DENY policy on the activator for requests to this namespace (with `mesh`). */
  public readonly activatorGuard?: AuthorizationPolicy;
  /** The default Broker, unless turned off. */
  public readonly broker?: Broker;
  /** The domains the tenant may serve. */
  public readonly domains: readonly string[];
  /** The ClusterDomainClaims of the domains its functions serve. */
  public readonly domainClaims: ClusterDomainClaim[] = [];
  /** The functions added to the tenant, in order. */
  public readonly functions: Function[] = [];

  private gatewayGuard?: AuthorizationPolicy;
  private readonly privateHosts: string[] = [];
  private readonly claimed = new Map<string, string>();
  private readonly system: Required<TenantSystemProps>;
  private readonly mesh: boolean;
  private readonly commonLabels: Record<string, string>;
  private readonly allowsEventing: boolean;
  /** Whether the broker's class was chosen (by the tenant or TenantDefaults) rather than defaulted. */
  private readonly explicitBrokerClass: boolean;
  /** The domains that passed the checks, in order: the first is its Routes' config-domain entry. */
  private readonly validDomains: string[] = [];
  private readonly validNamespace: boolean;

  public constructor(scope: Construct, id: string, ownProps: TenantProps = {}) {
    const namespace = ownProps?.namespace ?? id;
    super(scope, id, { namespace, disableResourceNameHashes: true });
    requireProp('Tenant', ownProps);
    // The platform's defaults, overridden field by field by the tenant's own props.
    const d = TenantDefaults.of(scope)?.props ?? {};
    const props: TenantProps = {
      ...ownProps,
      quota: overDefaults(d.quota, ownProps.quota),
      containerDefaults: overDefaults(d.containerDefaults, ownProps.containerDefaults),
      broker: overDefaults(d.broker, ownProps.broker),
      podSecurity: ownProps.podSecurity ?? d.podSecurity,
      system: d.system || ownProps.system ? { ...d.system, ...defined(ownProps.system ?? {}) } : undefined,
    };
    this.namespaceName = namespace;
    Object.defineProperty(this, TENANT_BRAND, { value: true });
    const root = this.node.root;
    let tenants = TENANTS.get(root);
    if (!tenants) TENANTS.set(root, (tenants = []));
    tenants.push(this);
    this.mesh = props.mesh ?? true;
    const s = props.system ?? {};
    this.system = {
      trustDomain: s.trustDomain ?? 'cluster.local',
      servingNamespace: s.servingNamespace ?? 'knative-serving',
      activatorServiceAccount: s.activatorServiceAccount ?? 'activator',
      autoscalerServiceAccount: s.autoscalerServiceAccount ?? 'controller',
      activatorSelector: s.activatorSelector ?? { app: 'activator' },
      eventingNamespace: s.eventingNamespace ?? 'knative-eventing',
      ingressGatewayNamespace: s.ingressGatewayNamespace ?? 'istio-system',
      ingressGatewayServiceAccount: s.ingressGatewayServiceAccount ?? 'istio-ingressgateway',
      ingressGatewaySelector: s.ingressGatewaySelector ?? { istio: 'ingressgateway' },
      ingressGatewayHttpPorts: s.ingressGatewayHttpPorts ?? [80, 443, 8080, 8081, 8443],
    };
    this.commonLabels = { ...props.labels, [TENANT_LABEL]: namespace };
    this.validNamespace = typeof namespace === 'string' && dns1123LabelErrors(namespace).length === 0;
    if (!this.validNamespace) {
      reportError(this, 'namespace', `must be a DNS-1123 label (${dns1123LabelErrors(String(namespace)).join('; ')})`, {
        value: namespace, allowed: "lower-case letters, digits and '-', at most 63 characters",
      });
    }

    // Namespace: Pod Security Admission and sidecar injection.
    const level = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
    const nsLabels: Record<string, string> = {
      ...this.commonLabels,
      'pod-security.kubernetes.io/enforce': level,
      'pod-security.kubernetes.io/warn': level,
      'pod-security.kubernetes.io/audit': level,
    };
    if (this.mesh) nsLabels['istio-injection'] = 'enabled';
    this.namespaceObject = this.builtin('Namespace', 'v1', 'Namespace', namespace, {}, { clusterScoped: true, labels: nsLabels });

    if (props.quota !== false) this.resourceQuota = this.renderQuota(props.quota ?? {});
    if (props.containerDefaults !== false) this.limitRange = this.renderLimits(props.containerDefaults ?? {});

    if (props.group !== undefined) {
      if (typeof props.group !== 'string' || props.group.trim() === '') {
        reportError(this, 'group', 'must be the non-empty name of a group', { value: props.group, allowed: "the group's name as the cluster's authenticator reports it" });
      }
      const role = props.role ?? TenantRole.EDIT;
      this.roleBinding = this.builtin('RoleBinding', 'rbac.authorization.k8s.io/v1', 'RoleBinding', `${namespace}-${role.clusterRoleName}`.slice(0, 253), {
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: props.group }],
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.clusterRoleName },
      });
    }

    const allowed = [...(props.allowedNamespaces ?? [])];
    allowed.forEach((ns, i) => {
      if (typeof ns !== 'string' || dns1123LabelErrors(ns).length > 0) {
        reportError(this, `allowedNamespaces[${i}]`, 'must be a namespace name (a DNS-1123 label)', { value: ns, allowed: "lower-case letters, digits and '-'" });
      }
    });
    const eventing = props.allowEventing ?? true;
    this.allowsEventing = eventing;
    const systemNamespaces = [this.system.ingressGatewayNamespace, this.system.servingNamespace, ...(eventing ? [this.system.eventingNamespace] : [])];
    this.networkPolicy = this.builtin('NetworkPolicy', 'networking.k8s.io/v1', 'NetworkPolicy', 'tenant-isolation', { spec: {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: {} }] },
        { from: [...systemNamespaces, ...allowed].filter((v, i, a) => a.indexOf(v) === i).map((ns) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } })) },
      ],
    } });

    if (this.mesh) {
      const sys = this.system;
      const principal = (ns: string, sa: string) => `${sys.trustDomain}/ns/${ns}/sa/${sa}`;
      this.peerAuthentication = new PeerAuthentication(this, 'PeerAuthentication', {
        metadata: { name: 'default', namespace, labels: this.commonLabels },
        mode: MtlsMode.STRICT,
      });
      this.authorizationPolicy = new AuthorizationPolicy(this, 'AuthorizationPolicy', {
        metadata: { name: 'tenant-isolation', namespace, labels: this.commonLabels },
        action: AuthorizationAction.ALLOW,
        rules: [
          { from: [{ namespaces: [namespace, ...allowed] }] },
          {
            from: [{
              principals: [
                principal(sys.ingressGatewayNamespace, sys.ingressGatewayServiceAccount),
                principal(sys.servingNamespace, sys.activatorServiceAccount),
                principal(sys.servingNamespace, sys.autoscalerServiceAccount),
              ],
            }],
          },
          ...(eventing ? [{ from: [{ namespaces: [sys.eventingNamespace] }] }] : []),
        ],
      });
      // Knative Serving itself stays trusted: its components (net-istio's prober, the autoscaler)
      // are no tenant's, and refusing them could break readiness checks.
      const trusted = [namespace, sys.ingressGatewayNamespace, sys.servingNamespace, ...(eventing ? [sys.eventingNamespace] : [])];
      this.activatorGuard = new AuthorizationPolicy(this, 'ActivatorGuard', {
        metadata: { name: `tenant-${namespace}`.slice(0, 253), namespace: sys.servingNamespace, labels: this.commonLabels },
        selector: sys.activatorSelector,
        action: AuthorizationAction.DENY,
        rules: [{
          from: [{ notNamespaces: trusted }],
          when: [{ key: 'request.headers[knative-serving-namespace]', values: [namespace, `${namespace},*`] }],
        }],
      });
    }

    this.explicitBrokerClass = props.broker !== false && props.broker?.brokerClass !== undefined;
    if (props.broker !== false) {
      const b = props.broker ?? {};
      const settings = ClusterSettings.of(this);
      this.broker = new Broker(this, 'Broker', {
        metadata: { name: 'default', namespace, labels: this.commonLabels },
        brokerClass: b.brokerClass ?? BrokerClass.of(settings.brokerClassFor(namespace) ?? settings.eventing.defaultBrokerClass),
        ...(b.config !== undefined ? { config: b.config } : {}),
        ...(b.delivery !== undefined ? { delivery: b.delivery } : {}),
      });
    }

    this.domains = [...(props.domains ?? [])];
    // (The cluster-local domain is checked at synth, against the settings declared by then.)
    this.domains.forEach((d, i) => {
      const errs = typeof d === 'string' ? dns1123SubdomainErrors(d) : ['must be a string'];
      if (errs.length > 0 || !String(d).includes('.')) {
        reportError(this, `domains[${i}]`, `must be a fully qualified domain name (${[...errs, ...(String(d).includes('.') ? [] : ['at least two labels'])].join('; ')})`, {
          value: d, allowed: 'a DNS name such as a.functions.example.org',
        });
        return;
      }
      if (typeof d === 'string') this.validDomains.push(d);
    });
    this.node.addValidation({ validate: () => [...this.checkOverlaps(), ...this.checkClusterSettings()] });
    // The cluster's settings (what the validator reads, what a KnativeInstall renders) include
    // the tenant's domain and broker class from now on, whatever the order of creation.
    ClusterSettings.contribute(this);
  }

  /**
   * The `config-domain` entry that gives the tenant's Routes its first domain instead of the
   * cluster's default (`<function>.<namespace>.<domain>`), selected by the tenant label every
   * function of the tenant carries. The tenant contributes it to the cluster's settings itself
   * (`settingsContribution`): the validator and a KnativeInstall's config-domain include it
   * without being given it, so there is no need to copy it into `serving.domains` (an identical
   * copy there is accepted).
   */
  public get servingDomains(): Record<string, DomainSettings> {
    return this.routeDomains(ClusterSettings.declared(this));
  }

  /** servingDomains under `declared`: the first valid domain outside its cluster-local domain. */
  private routeDomains(declared: ClusterSettings): Record<string, DomainSettings> {
    const clusterDomain = declared.servingNetwork.clusterDomain;
    const first = this.validDomains.find((d) => !within(d, clusterDomain));
    return first === undefined ? {} : { [first]: { selector: { [TENANT_LABEL]: this.namespaceName } } };
  }

  /**
   * What the tenant adds to its cluster's configuration (`ClusterSettings.contribute`): its
   * `servingDomains` entry in config-domain, and, when its default Broker's class is not the one
   * the declared settings give its namespace, that class as config-br-defaults'
   * `namespaceDefaults` entry of its namespace (so Brokers created there without a class, and the
   * validator's defaulting, get it too).
   */
  public settingsContribution(declared: ClusterSettings): ClusterSettingsContribution {
    if (!this.validNamespace) return {};
    const cls = this.broker?.brokerClass.name;
    const brokerDefault = typeof cls === 'string' && cls.trim() !== '' && cls !== declared.brokerClassFor(this.namespaceName);
    return {
      domains: this.routeDomains(declared),
      ...(brokerDefault ? { namespaceBrokerDefaults: { [this.namespaceName]: { brokerClass: cls } } } : {}),
    };
  }

  /** The broker functions in the tenant use by default. */
  public get defaultBroker(): IBroker | undefined {
    return this.broker;
  }

  /** Adds a function in the tenant's namespace. */
  public addFunction(id: string, props: FunctionProps): Function {
    return new Function(this, id, props);
  }

  /** @internal */
  public _registerFunction(fn: Function): void {
    const twin = this.functions.find((f) => f.functionName === fn.functionName);
    if (twin) {
      reportError(fn, 'name', `is already the name of function '${twin.node.path}' in tenant '${this.namespaceName}'`, {
        value: fn.functionName, allowed: 'a name no other function of the tenant has',
      });
    }
    this.functions.push(fn);
    fn.service.apiObject.metadata.addLabel(TENANT_LABEL, this.namespaceName);
    fn.service.addRevisionLabel(TENANT_LABEL, this.namespaceName);
    if (!this.mesh || fn.service.apiObject.metadata.getLabel(VISIBILITY_LABEL) !== 'cluster-local') return;
    // Host names Knative gives a cluster-local service: name.ns, name.ns.svc, name.ns.svc.<domain>,
    // each possibly with a port (Istio matches the raw :authority, the gateway routes ignoring ports).
    const base = `${fn.functionName}.${this.namespaceName}`;
    this.privateHosts.push(base, `${base}.*`, `${base}:*`);
    if (!this.gatewayGuard) {
      const sys = this.system;
      this.gatewayGuard = new AuthorizationPolicy(this, 'GatewayGuard', {
        metadata: { name: `tenant-${this.namespaceName}`.slice(0, 253), namespace: sys.ingressGatewayNamespace, labels: this.commonLabels },
        selector: sys.ingressGatewaySelector,
        action: AuthorizationAction.DENY,
        // Read at synth, so every private function added later is covered.
        rules: [{
          from: [{ notNamespaces: [this.namespaceName, sys.servingNamespace, ...(this.allowsEventing ? [sys.eventingNamespace] : [])] }],
          to: [{ hosts: this.privateHosts, ports: sys.ingressGatewayHttpPorts }],
        }],
      });
    }
  }

  /** The DENY policy on the gateway pods for the tenant's cluster-local host names, once it has a private function. */
  public get gatewayGuardPolicy(): AuthorizationPolicy | undefined {
    return this.gatewayGuard;
  }

  /** @internal */
  public _claimDomain(fn: Function, prop: string, domain: string): void {
    if (typeof domain !== 'string') return;
    if (!this.domains.some((d) => typeof d === 'string' && within(domain, d))) {
      reportError(fn, prop, `is not one of tenant '${this.namespaceName}''s domains or under one`, {
        value: domain, allowed: this.domains.length ? this.domains.join(', ') : "none: the tenant has no 'domains'",
      });
      return;
    }
    const key = domain.toLowerCase();
    const owner = this.claimed.get(key);
    if (owner !== undefined) {
      reportError(fn, prop, `is already served by function '${owner}' of this tenant`, { value: domain, allowed: 'each domain once' });
      return;
    }
    this.claimed.set(key, fn.functionName);
    this.domainClaims.push(new ClusterDomainClaim(this, `Claim-${key}`, { domain, namespace: this.namespaceName, metadata: { labels: this.commonLabels } }));
  }

  private checkOverlaps(): string[] {
    const errors: string[] = [];
    // The app's tenants, found once per synth: walking the app per tenant would make it quadratic.
    // The app's tenants, from the registry each tenant joins when created (no walk of the app).
    const others = (TENANTS.get(this.node.root) ?? []).filter((c) => c !== this);
    for (const other of others) {
      if (other.namespaceName === this.namespaceName && this.node.path > other.node.path) {
        errors.push(`namespace: tenant '${other.node.path}' has the same namespace '${this.namespaceName}'; every tenant needs its own`);
      }
      for (const mine of this.domains) {
        for (const theirs of other.domains) {
          if (typeof mine !== 'string' || typeof theirs !== 'string') continue;
          if ((within(mine, theirs) || within(theirs, mine)) && this.node.path > other.node.path) {
            errors.push(`domains: '${mine}' overlaps '${theirs}' of tenant '${other.namespaceName}' (${other.node.path}); a domain belongs to one tenant (value: ${JSON.stringify(mine)}; allowed: a domain no other tenant has or is under)`);
          }
        }
      }
    }
    return errors;
  }

  /**
   * The tenant against what the cluster declares (at synth, so the order of creation does not
   * matter): a declared config-domain entry equal to or under one of its domains would give
   * other Routes names in the tenant's domain; a declared namespace default broker class other
   * than its Broker's; a Broker class defaulted from settings that changed after the tenant.
   */
  private checkClusterSettings(): string[] {
    if (!this.validNamespace) return [];
    const declared = ClusterSettings.declared(this);
    const errors: string[] = [];
    const explicit = declared.props.serving?.domains ?? {};
    const [ownKey, own] = Object.entries(this.routeDomains(declared))[0] ?? [];
    const clusterDomain = declared.servingNetwork.clusterDomain;
    const sameSelector = (a: Record<string, string> = {}, b: Record<string, string> = {}) =>
      Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((k) => a[k] === b[k]);
    this.domains.forEach((mine, i) => {
      if (!this.validDomains.includes(mine)) return;
      if (within(mine, clusterDomain)) {
        errors.push(formatProblem({
          prop: `domains[${i}]`, message: `must not be under the cluster-local domain '${clusterDomain}', which Knative serves itself`,
          value: mine, allowed: 'a domain outside the cluster-local domain',
        }));
        return;
      }
      for (const [entry, settings] of Object.entries(explicit)) {
        if (!within(entry, mine)) continue;
        if (entry === ownKey && settings.selector && sameSelector(settings.selector, own?.selector)) continue;
        const whose = settings.selector && Object.keys(settings.selector).length ? `for Routes labelled ${JSON.stringify(settings.selector)}` : 'as the default domain of every Route';
        errors.push(formatProblem({
          prop: `domains[${i}]`,
          message: `conflicts with the config-domain entry '${entry}' the cluster declares ${whose} (ClusterSettings / KnativeInstall serving.domains): Routes outside tenant '${this.namespaceName}' would be named in its domain`,
          value: mine,
          allowed: `a domain no declared config-domain entry is equal to or under, or declare '${entry}' only as the tenant's own entry ({ selector: { '${TENANT_LABEL}': '${this.namespaceName}' } }) or not at all (the tenant contributes it)`,
        }));
      }
    });
    const cls = this.broker?.brokerClass.name;
    if (this.broker && typeof cls === 'string') {
      const nsDefault = declared.eventing.brokerDefaults.namespaceDefaults?.[this.namespaceName]?.brokerClass;
      if (nsDefault && nsDefault !== cls) {
        errors.push(formatProblem({
          prop: 'broker.brokerClass',
          message: `is '${cls}', but the cluster's config-br-defaults declares '${nsDefault}' for namespace '${this.namespaceName}' (eventing.brokerDefaults.namespaceDefaults); the tenant renders its own class there`,
          value: cls,
          allowed: `'${nsDefault}', or remove namespace '${this.namespaceName}' from namespaceDefaults`,
        }));
      } else if (!this.explicitBrokerClass && cls !== declared.brokerClassFor(this.namespaceName)) {
        errors.push(formatProblem({
          prop: 'broker.brokerClass',
          message: `the tenant's Broker got class '${cls}' from the cluster settings in effect when the tenant was created, but the cluster's default broker class is '${declared.brokerClassFor(this.namespaceName)}' (declared after the tenant)`,
          value: cls,
          allowed: 'create the KnativeInstall (or ClusterSettings.apply) before the tenants, or give the class: broker.brokerClass or TenantDefaults',
        }));
      }
    }
    return errors;
  }

  private renderQuota(q: TenantQuota): ApiObject {
    const hard: Record<string, string> = {};
    const cpu = (prop: string, key: string, v: kplus.Cpu | undefined, d: kplus.Cpu) => this.quantity(prop, key, hard, (v ?? d).amount);
    const mem = (prop: string, key: string, v: Size | undefined, d: Size) => this.quantity(prop, key, hard, this.mebi(v ?? d));
    cpu('quota.cpuRequests', 'requests.cpu', q.cpuRequests, kplus.Cpu.units(4));
    cpu('quota.cpuLimits', 'limits.cpu', q.cpuLimits, kplus.Cpu.units(8));
    mem('quota.memoryRequests', 'requests.memory', q.memoryRequests, Size.gibibytes(8));
    mem('quota.memoryLimits', 'limits.memory', q.memoryLimits, Size.gibibytes(16));
    this.count('quota.pods', 'pods', hard, q.pods ?? 100);
    if (q.functions !== undefined) this.count('quota.functions', 'count/services.serving.knative.dev', hard, q.functions);
    return this.builtin('ResourceQuota', 'v1', 'ResourceQuota', 'tenant-quota', { spec: { hard } });
  }

  private renderLimits(l: TenantContainerDefaults): ApiObject {
    const def: Record<string, string> = {};
    const req: Record<string, string> = {};
    const okCpuReq = this.quantity('containerDefaults.cpuRequest', 'cpu', req, (l.cpuRequest ?? kplus.Cpu.millis(100)).amount);
    const okCpuLim = this.quantity('containerDefaults.cpuLimit', 'cpu', def, (l.cpuLimit ?? kplus.Cpu.units(1)).amount);
    const okMemReq = this.quantity('containerDefaults.memoryRequest', 'memory', req, this.mebi(l.memoryRequest ?? Size.mebibytes(128)));
    const okMemLim = this.quantity('containerDefaults.memoryLimit', 'memory', def, this.mebi(l.memoryLimit ?? Size.mebibytes(512)));
    // The API server's LimitRange validation: a default request above the default limit is refused.
    for (const [ok, key, prop] of [[okCpuReq && okCpuLim, 'cpu', 'cpuRequest'], [okMemReq && okMemLim, 'memory', 'memoryRequest']] as const) {
      if (ok && quantityValue(req[key]) > quantityValue(def[key])) {
        reportError(this, `containerDefaults.${prop}`, `default request value must be less than or equal to default limit value (${def[key]})`, {
          value: req[key], allowed: `at most ${def[key]}`,
        });
      }
    }
    return this.builtin('LimitRange', 'v1', 'LimitRange', 'tenant-defaults', { spec: { limits: [{ type: 'Container', default: def, defaultRequest: req }] } });
  }

  private mebi(size: Size): string {
    try {
      return `${size.toMebibytes()}Mi`;
    } catch (err) {
      return `invalid size (${err instanceof Error ? err.message : String(err)})`;
    }
  }

  private quantity(prop: string, key: string, into: Record<string, string>, amount: string): boolean {
    if (!QUANTITY.test(amount) || !(quantityValue(amount) >= 0) || !Number.isFinite(quantityValue(amount))) {
      reportError(this, prop, 'must be a finite, non-negative quantity', { value: amount, allowed: "a Kubernetes quantity such as '500m', '2' or '512Mi'" });
      return false;
    }
    into[key] = amount;
    return true;
  }

  private count(prop: string, key: string, into: Record<string, string>, n: number): void {
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      reportError(this, prop, 'must be a non-negative integer', { value: n, allowed: '0, 1, 2, ...' });
      return;
    }
    into[key] = String(n);
  }

  /** A built-in Kubernetes object rendered as plain JSON and validated by the engine at synth. */
  private builtin(id: string, apiVersion: string, kind: string, name: string, fields: Record<string, unknown>,
    options: { clusterScoped?: boolean; labels?: Record<string, string> } = {}): ApiObject {
    const obj = new ApiObject(this, id, {
      apiVersion, kind,
      metadata: { name, ...(options.clusterScoped ? {} : { namespace: this.namespaceName }), labels: options.labels ?? this.commonLabels },
      ...fields,
    });
    // cdk8s gives every object the chart's namespace; a cluster-scoped object must have none.
    if (options.clusterScoped && obj.metadata.namespace !== undefined) obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    validateOnSynth(obj);
    return obj;
  }
}
