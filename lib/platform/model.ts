/**
 * The install model shared by everything in lib/platform: a platform is a set of components, each
 * placed in a phase, and the deliveries (plain kubectl + helm, Argo CD, Flux) only read this model.
 *
 * A component is either a cdk8s Chart holding the objects it applies, or a Helm release of a
 * published chart (with its values), never both. Order is data: phases first, then `dependsOn`
 * inside a phase, then the order components were added.
 */
import { Chart, ChartProps } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { IstioSettings } from '../core/cluster-settings';
import { reportError } from '../core/report';

/** Where a component goes in the install order. */
export enum Phase {
  /** Namespaces and CustomResourceDefinitions (and Helm charts that install only CRDs). */
  FOUNDATION = 'foundation',
  /** Controllers and webhooks: Deployments, Services, RBAC, webhook configurations, operators. */
  CONTROLLERS = 'controllers',
  /** Configuration read by the controllers: ConfigMaps, operator resources, Gateways, mesh policy. */
  CONFIGURATION = 'configuration',
  /** What runs on the platform: the teams' services, brokers and triggers. */
  APPLICATIONS = 'applications',
}

/** The phases in install order. */
export const PHASE_ORDER: readonly Phase[] = [Phase.FOUNDATION, Phase.CONTROLLERS, Phase.CONFIGURATION, Phase.APPLICATIONS];

/** The position of a phase in PHASE_ORDER (0 for FOUNDATION). */
export function phaseIndex(phase: Phase): number {
  return PHASE_ORDER.indexOf(phase);
}

/** A chart in a published Helm repository. */
export interface HelmChartRef {
  /** The repository URL (`https://istio-release.storage.googleapis.com/charts`), or an `oci://` registry prefix. */
  readonly repository: string;
  /** The chart name in that repository (`base`, `istiod`, `gateway`). */
  readonly chart: string;
  /** The exact chart version: pinned, never a range, so every install is the same. */
  readonly version: string;
}

/** A Helm release of a published chart: what `helm upgrade --install` installs. */
export interface HelmReleaseSpec {
  /** The chart to install. */
  readonly chart: HelmChartRef;
  /** The release name (`istio-ingressgateway`). */
  readonly releaseName: string;
  /** The namespace the release is installed into. */
  readonly namespace: string;
  /** The values passed to the chart, as plain JSON. */
  readonly values: Record<string, unknown>;
  /**
   * The JSON Schema of the chart's values, where the chart ships one (values.schema.json); the
   * deliveries do not read it, tests and validation do.
   * @default - the chart has no values schema
   */
  readonly valuesSchema?: Record<string, unknown>;
}

/**
 * Something the install waits for before the next component starts: `kubectl wait
 * --for=condition=<condition>` in the plain script, a health check in Flux; Argo CD judges the
 * health of the kinds it knows by itself.
 */
export interface HealthCheck {
  /** The object's apiVersion (`apps/v1`, `apiextensions.k8s.io/v1`). */
  readonly apiVersion: string;
  /** The object's kind (`Deployment`, `CustomResourceDefinition`). */
  readonly kind: string;
  /** The object's name. */
  readonly name: string;
  /** The object's namespace. @default - a cluster-scoped object */
  readonly namespace?: string;
  /** The status condition that must be True (`Available`, `Established`, `Ready`). */
  readonly condition: string;
}

/** Options of a platform component. */
export interface PlatformComponentProps extends ChartProps {
  /** The phase the component is applied in. */
  readonly phase: Phase;
  /**
   * The Helm release this component is, instead of objects of its own. A Helm component holds no
   * ApiObjects.
   * @default - the component is the objects added to it
   */
  readonly helm?: HelmReleaseSpec;
  /**
   * Components that must be installed and healthy before this one. They must be in the same or
   * an earlier phase.
   * @default - only the phase order
   */
  readonly dependsOn?: readonly PlatformComponent[];
  /**
   * What must be healthy once this component is applied, before a later component starts.
   * @default - nothing is waited for
   */
  readonly healthChecks?: readonly HealthCheck[];
  /**
   * A short description, used in comments of the generated install script and GitOps objects.
   * @default - none
   */
  readonly description?: string;
}

const COMPONENT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const PLATFORM_COMPONENT = Symbol.for('knative-faas-cdk.PlatformComponent');

/**
 * One unit of the install: a Helm release, or a Chart whose objects are applied together. Its
 * construct id is its name in every delivery (folder, Argo CD Application, Flux Kustomization),
 * so it must be a DNS-1123 label.
 */
export class PlatformComponent extends Chart {
  /** Whether a construct is a PlatformComponent. */
  public static isPlatformComponent(x: unknown): x is PlatformComponent {
    // Not `instanceof`: Chart's static Symbol.hasInstance is inherited, so `instanceof
    // PlatformComponent` is true of every Chart.
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[PLATFORM_COMPONENT] === true;
  }

  /** The component's name: its construct id. */
  public readonly componentName: string;
  /** The phase it is applied in. */
  public readonly phase: Phase;
  /** The Helm release it is, when it is one. */
  public readonly helm?: HelmReleaseSpec;
  /** What it waits for once applied. */
  public readonly healthChecks: readonly HealthCheck[];
  /** Its description, or undefined. */
  public readonly description?: string;
  private readonly deps: PlatformComponent[];

  public constructor(scope: Construct, id: string, props: PlatformComponentProps) {
    super(scope, id, props);
    Object.defineProperty(this, PLATFORM_COMPONENT, { value: true });
    this.componentName = id;
    this.phase = props.phase;
    this.helm = props.helm;
    this.healthChecks = [...(props.healthChecks ?? [])];
    this.description = props.description;
    this.deps = [...(props.dependsOn ?? [])];
    if (!COMPONENT_NAME.test(id) || id.length > 53) {
      reportError(this, 'id', 'a platform component is named by its id, which must be a DNS-1123 label of at most 53 characters (it names Helm releases and GitOps objects)', { value: id, allowed: 'lowercase letters, digits and -, starting and ending with a letter or digit' });
    }
    this.node.addValidation({ validate: () => this.orderProblems() });
  }

  /** The components this one waits for. */
  public get dependsOn(): readonly PlatformComponent[] {
    return this.deps;
  }

  /** Makes this component wait for `others` (same or earlier phase). */
  public addDependency(...others: PlatformComponent[]): void {
    for (const o of others) if (!this.deps.includes(o)) this.deps.push(o);
  }

  /** Adds something to wait for once this component is applied. */
  public addHealthCheck(...checks: HealthCheck[]): void {
    (this.healthChecks as HealthCheck[]).push(...checks);
  }

  private orderProblems(): string[] {
    const problems: string[] = [];
    for (const d of this.deps) {
      if (phaseIndex(d.phase) > phaseIndex(this.phase)) {
        problems.push(`dependsOn: ${this.componentName} (phase ${this.phase}) cannot wait for ${d.componentName}, which is installed later (phase ${d.phase}); allowed: components of the same or an earlier phase`);
      }
    }
    if (reaches(this, this, new Set())) {
      problems.push(`dependsOn: ${this.componentName} depends on itself through ${this.deps.map((d) => d.componentName).join(', ')}; allowed: an order without cycles`);
    }
    if (this.helm && this.node.findAll().some((c) => c !== this && c instanceof Construct && isApiObjectLike(c))) {
      problems.push(`helm: ${this.componentName} is a Helm release and cannot also hold objects; put them in a component of their own`);
    }
    return problems;
  }
}

function reaches(from: PlatformComponent, target: PlatformComponent, seen: Set<PlatformComponent>): boolean {
  for (const d of from.dependsOn) {
    if (d === target) return true;
    if (seen.has(d)) continue;
    seen.add(d);
    if (reaches(d, target, seen)) return true;
  }
  return false;
}

function isApiObjectLike(c: IConstruct): boolean {
  return typeof (c as { toJson?: unknown }).toJson === 'function' && 'apiVersion' in c && 'kind' in c;
}

/**
 * The components below `scope` in install order: by phase, then so that every component comes
 * after the ones it depends on, then in the order they were added. A dependency cycle is left in
 * the order added (the components report it at synth).
 */
export function componentsInOrder(scope: IConstruct): PlatformComponent[] {
  const all = scope.node.findAll().filter(PlatformComponent.isPlatformComponent);
  const byPhase = PHASE_ORDER.map((p) => all.filter((c) => c.phase === p));
  const ordered: PlatformComponent[] = [];
  for (const group of byPhase) {
    const placed = new Set<PlatformComponent>();
    const visiting = new Set<PlatformComponent>();
    const visit = (c: PlatformComponent): void => {
      if (placed.has(c) || visiting.has(c)) return;
      visiting.add(c);
      for (const d of c.dependsOn) if (d.phase === c.phase && group.includes(d)) visit(d);
      visiting.delete(c);
      placed.add(c);
      ordered.push(c);
    };
    group.forEach(visit);
  }
  return ordered;
}

/**
 * What a Knative install needs to know of the mesh it runs on. IstioInstall provides it; a mesh
 * installed outside the library can be described by hand.
 */
export interface IMeshInstall {
  /** The labels of the ingress gateway's pods, which net-istio's Gateways select. */
  readonly ingressGatewaySelector: Readonly<Record<string, string>>;
  /** The namespace of the ingress gateway's Service. */
  readonly ingressGatewayNamespace: string;
  /** The name of the ingress gateway's Service. */
  readonly ingressGatewayService: string;
  /** Whether the mesh enforces STRICT mutual TLS, so Knative's namespaces need sidecars. */
  readonly strictMtls: boolean;
  /** Istio settings the validator reads (outbound traffic policy, root namespace). */
  readonly settings: IstioSettings;
  /** The components Knative's install waits for (the control plane and the ingress gateway). */
  readonly readyComponents: readonly PlatformComponent[];
  /**
   * The namespace labels that turn on sidecar injection by the mesh's control plane
   * (`istio.io/rev=<revision>` for a revisioned Istio).
   * @default - `istio-injection: enabled`
   */
  readonly sidecarInjectionLabels?: Readonly<Record<string, string>>;
}
