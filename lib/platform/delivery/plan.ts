/**
 * The delivery plan every delivery renders: which unit each object belongs to, in which order
 * the units are installed, what each waits for. Order is data: the phases, the components'
 * `dependsOn`, and what the objects themselves say (a custom resource needs its CRD; an object a
 * webhook intercepts needs the webhook's Deployment), found here once for all three deliveries.
 *
 * A unit is a PlatformComponent, or any other Chart not inside a unit (an application, phase
 * APPLICATIONS, named by its construct id). Objects of nested charts belong to the nearest unit.
 */
import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { IConstruct } from 'constructs';
import { hasReportedErrors } from '../../core/report';
import { HealthCheck, HelmReleaseSpec, Phase, PHASE_ORDER, phaseIndex, PlatformComponent, componentsInOrder } from '../model';

/** A rendered Kubernetes object, as the deliveries read it. */
export interface ObjectJson {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; generateName?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

/** One object of a unit. */
export interface PlannedObject {
  /** The construct that renders it. */
  readonly construct: ApiObject;
  /** Its JSON. */
  readonly json: ObjectJson;
  /** Whether it needs a CRD of its own unit, so it is applied after the unit's first apply and waits. */
  readonly late: boolean;
  /** Whether it is too large for client-side apply's last-applied annotation. */
  readonly serverSide: boolean;
}

/** What a unit waits for once applied. */
export interface PlannedWait extends HealthCheck {
  /** Where the wait comes from: the component's healthChecks, or derived from an object of it. */
  readonly derived: boolean;
}

/** One unit of the install: a component or an application. */
export interface PlannedUnit {
  /** Its name (the component name, or the application chart's id). */
  readonly name: string;
  /** The chart. */
  readonly scope: Chart;
  /** The phase. */
  readonly phase: Phase;
  /** The Helm release, for Helm components. */
  readonly helm?: HelmReleaseSpec;
  /** The description, if any. */
  readonly description?: string;
  /** The chart's namespace (or the Helm release's). */
  readonly namespace?: string;
  /** Its objects in apply order (Namespaces, CRDs, the rest, webhook configurations, late objects). */
  readonly objects: PlannedObject[];
  /** What it must come after, with why (explicit dependsOn and derived), same or earlier phase. */
  readonly after: Map<PlannedUnit, string>;
  /** What it waits for: derived waits first, then the component's healthChecks. */
  readonly waits: PlannedWait[];
  /** 1-based position in its phase, after ordering. */
  position: number;
  /** The Argo CD sync wave. */
  wave: number;
  /** Its folder below a phase folder: `<NN>-<name>`. */
  folder: string;
}

/** A user mistake the plan found, reported on `scope` at synth. */
export interface PlanProblem {
  /** Where it is reported. */
  readonly scope: IConstruct;
  /** The message, `field: what is wrong (value; allowed)`. */
  readonly message: string;
}

/** The plan. */
export interface DeliveryPlan {
  /** The units in install order (empty manifest units left out). */
  readonly units: readonly PlannedUnit[];
  /** What is wrong. */
  readonly problems: readonly PlanProblem[];
  /** Units that hold nothing and are not delivered, reported as warnings. */
  readonly empty: readonly PlannedUnit[];
  /** What the cluster accepts but the GitOps tools handle badly, reported as warnings. */
  readonly warnings: readonly PlanProblem[];
}

/** The folder of a phase: `01-foundation`. */
export function phaseFolder(phase: Phase): string {
  return `${String(phaseIndex(phase) + 1).padStart(2, '0')}-${phase}`;
}

/**
 * The size limit of all annotations of an object (Kubernetes' TotalAnnotationSizeLimitB); client
 * side apply stores the whole object in `kubectl.kubernetes.io/last-applied-configuration`.
 */
export const ANNOTATION_SIZE_LIMIT = 262144;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Whether client-side apply's last-applied annotation would exceed the annotation size limit. */
export function tooLargeForClientSideApply(json: ObjectJson): boolean {
  let size = Buffer.byteLength(LAST_APPLIED) + Buffer.byteLength(JSON.stringify(json));
  for (const [k, v] of Object.entries(json.metadata?.annotations ?? {})) size += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  return size > ANNOTATION_SIZE_LIMIT;
}

/** API groups served by Kubernetes itself (no CRD): objects of other groups are custom resources. */
const BUILT_IN_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'rbac.authorization.k8s.io', 'admissionregistration.k8s.io',
  'apiextensions.k8s.io', 'apiregistration.k8s.io', 'networking.k8s.io', 'storage.k8s.io', 'scheduling.k8s.io',
  'coordination.k8s.io', 'certificates.k8s.io', 'discovery.k8s.io', 'node.k8s.io', 'events.k8s.io',
  'flowcontrol.apiserver.k8s.io', 'resource.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'internal.apiserver.k8s.io',
]);

/** The group and version of an apiVersion (`apps/v1` → apps, v1; `v1` → '', v1). */
export function splitApiVersion(apiVersion: string | undefined): { group: string; version: string } {
  const s = apiVersion ?? '';
  const i = s.indexOf('/');
  return i < 0 ? { group: '', version: s } : { group: s.slice(0, i), version: s.slice(i + 1) };
}

/** Whether an object is a custom resource (its group is not one Kubernetes serves itself). */
export function isCustomResource(json: ObjectJson): boolean {
  return !BUILT_IN_GROUPS.has(splitApiVersion(json.apiVersion).group);
}

/** Kinds Kubernetes serves cluster-scoped (for custom resources, their CRD says; taken as namespaced). */
const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'APIService', 'StorageClass', 'PriorityClass', 'IngressClass', 'RuntimeClass', 'CSIDriver', 'CSINode', 'VolumeAttachment',
  'CertificateSigningRequest', 'FlowSchema', 'PriorityLevelConfiguration']);

function isNamespaced(json: ObjectJson): boolean {
  return isCustomResource(json) ? json.metadata?.namespace !== undefined : !CLUSTER_SCOPED.has(json.kind ?? '');
}

const WEBHOOK_KINDS = new Set(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);

function kindRank(json: ObjectJson): number {
  if (json.apiVersion === 'v1' && json.kind === 'Namespace') return 0;
  if (json.kind === 'CustomResourceDefinition' && splitApiVersion(json.apiVersion).group === 'apiextensions.k8s.io') return 1;
  if (WEBHOOK_KINDS.has(json.kind ?? '') && splitApiVersion(json.apiVersion).group === 'admissionregistration.k8s.io') return 3;
  return 2;
}

/** The plural resource name of a built-in kind, as webhook rules name it (`Ingress` → `ingresses`). */
function builtInPlural(kind: string): string {
  const k = kind.toLowerCase();
  if (k === 'endpoints') return k;
  if (/(s|x|z|ch|sh)$/.test(k)) return `${k}es`;
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}

type Json = Record<string, unknown>;
const asObj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? v as Json : {});
const asArr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asStrs = (v: unknown): string[] => asArr(v).filter((x): x is string => typeof x === 'string');

interface Located {
  readonly unit: PlannedUnit;
  readonly object: ApiObject;
  readonly json: ObjectJson;
  readonly namespace: string;
}

function matchesSelector(selector: unknown, labels: Record<string, string>): boolean {
  const sel = asObj(selector);
  for (const [k, v] of Object.entries(asObj(sel.matchLabels))) if (labels[k] !== v) return false;
  for (const e of asArr(sel.matchExpressions)) {
    const ex = asObj(e);
    const key = String(ex.key ?? '');
    const values = asStrs(ex.values);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (ex.operator) {
      case 'In': if (!has || !values.includes(labels[key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: break;
    }
  }
  return true;
}

function ruleMatches(rule: unknown, group: string, version: string, resource: string): boolean {
  const r = asObj(rule);
  const any = (list: string[], v: string): boolean => list.includes('*') || list.includes(v);
  if (!asStrs(r.operations).some((o) => o === '*' || o === 'CREATE' || o === 'UPDATE')) return false;
  if (!any(asStrs(r.apiGroups), group) || !any(asStrs(r.apiVersions), version)) return false;
  return asStrs(r.resources).some((x) => x === '*' || x === '*/*' || x === resource);
}

/** The units of an app, in the order they were added: components first in their model order. */
function collectUnits(app: App): { units: PlannedUnit[]; unitOf: Map<IConstruct, PlannedUnit> } {
  const unitOf = new Map<IConstruct, PlannedUnit>();
  const make = (chart: Chart, phase: Phase, component?: PlatformComponent): PlannedUnit => ({
    name: component ? component.componentName : chart.node.id,
    scope: chart,
    phase,
    helm: component?.helm,
    description: component?.description,
    namespace: component?.helm?.namespace ?? chart.namespace,
    objects: [],
    after: new Map(),
    waits: [],
    position: 0,
    wave: 0,
    folder: '',
  });
  const units: PlannedUnit[] = [];
  for (const c of componentsInOrder(app)) {
    const u = make(c, c.phase, c);
    unitOf.set(c, u);
    units.push(u);
  }
  const insideUnit = (c: IConstruct): boolean => {
    for (let s = c.node.scope; s; s = s.node.scope) if (unitOf.has(s)) return true;
    return false;
  };
  for (const c of app.node.findAll()) {
    if (c instanceof Chart && !PlatformComponent.isPlatformComponent(c) && !insideUnit(c)) {
      const u = make(c, Phase.APPLICATIONS);
      unitOf.set(c, u);
      units.push(u);
    }
  }
  return { units, unitOf };
}

function nearestUnit(c: IConstruct, unitOf: Map<IConstruct, PlannedUnit>): PlannedUnit | undefined {
  for (let s: IConstruct | undefined = c; s; s = s.node.scope) {
    const u = unitOf.get(s);
    if (u) return u;
  }
  return undefined;
}

/** The ApiObjects of each chart in cdk8s's own order (dependencies first, then construct order). */
function objectsInOrder(app: App): ApiObject[] {
  const out: ApiObject[] = [];
  for (const chart of app.node.findAll().filter((c): c is Chart => c instanceof Chart)) {
    for (const x of new DependencyGraph(chart.node).topology()) {
      if (x instanceof ApiObject && Chart.of(x) === chart) out.push(x);
    }
  }
  return out;
}

function render(o: ApiObject): ObjectJson | undefined {
  // An object below a construct that reported an error is not rendered: the synth fails anyway.
  if (hasReportedErrors(o)) return undefined;
  try {
    const json = o.toJson() as unknown;
    return json && typeof json === 'object' ? json as ObjectJson : undefined;
  } catch {
    return undefined; // its own validation reports why
  }
}

/** Computes the delivery plan of `app`. */
export function planDelivery(app: App): DeliveryPlan {
  const problems: PlanProblem[] = [];
  const { units: all, unitOf } = collectUnits(app);

  // Objects, with what they are.
  const located: Located[] = [];
  for (const o of objectsInOrder(app)) {
    const unit = nearestUnit(o, unitOf);
    const json = render(o);
    if (!unit || !json) continue;
    const meta = json.metadata ?? {};
    if (!meta.name) {
      problems.push({
        scope: o,
        message: meta.generateName
          ? `metadata.generateName: ${json.kind} with generateName and no name cannot be delivered: kubectl apply refuses it, and Argo CD and Flux would create a new object on every sync instead of owning one (value: ${JSON.stringify(meta.generateName)}; allowed: a fixed metadata.name, e.g. a Job named after its release so each release runs once)`
          : `metadata.name: ${json.kind} has no name; every delivered object needs one (allowed: a DNS name)`,
      });
      continue;
    }
    located.push({ unit, object: o, json, namespace: meta.namespace ?? unit.namespace ?? 'default' });
  }
  // The same object in two units: kubectl applies it twice, Argo CD and Flux give it two owners.
  const warnings: PlanProblem[] = [];
  const owner = new Map<string, Located>();
  for (const l of located) {
    const key = JSON.stringify([splitApiVersion(l.json.apiVersion).group, l.json.kind, isNamespaced(l.json) ? l.namespace : '', l.json.metadata?.name]);
    const first = owner.get(key);
    if (!first) owner.set(key, l);
    else if (first.unit !== l.unit) {
      warnings.push({ scope: l.object, message: `metadata.name: ${l.json.kind} ${l.json.metadata?.name} is also delivered by ${first.unit.name} (${first.object.node.path}); Argo CD and Flux would give it two owners, and pruning it from one deletes it for the other (value: ${JSON.stringify(l.json.metadata?.name)}; allowed: each object in one component)` });
    }
  }
  const byUnit = new Map<PlannedUnit, Located[]>();
  for (const l of located) byUnit.set(l.unit, [...(byUnit.get(l.unit) ?? []), l]);

  // CRDs by group/kind, Services and Deployments by namespace/name.
  const crds = new Map<string, Located>();
  for (const l of located) {
    if (kindRank(l.json) !== 1) continue;
    const spec = asObj(l.json.spec);
    const key = `${String(spec.group)}/${String(asObj(spec.names).kind)}`;
    // A CRD delivered twice (a warning below) is needed from its first phase on.
    const first = crds.get(key);
    if (!first || phaseIndex(l.unit.phase) < phaseIndex(first.unit.phase)) crds.set(key, l);
  }
  const deploymentsBehind = (namespace: string, name: string): Located[] => {
    const svc = located.find((l) => l.json.apiVersion === 'v1' && l.json.kind === 'Service' && l.namespace === namespace && l.json.metadata?.name === name);
    const selector = asObj(asObj(svc?.json.spec).selector) as Record<string, string>;
    if (!svc || Object.keys(selector).length === 0) return [];
    return located.filter((l) => {
      if (l.json.kind !== 'Deployment' || l.json.apiVersion !== 'apps/v1' || l.namespace !== namespace) return false;
      const podLabels = asObj(asObj(asObj(asObj(l.json.spec).template).metadata).labels);
      return Object.entries(selector).every(([k, v]) => podLabels[k] === v);
    });
  };

  // What each object needs: its CRD, the Deployments of webhooks that intercept it.
  interface Need { readonly provider: Located; readonly reason: string; readonly crd: boolean }
  const needs = new Map<Located, Need[]>();
  const addNeed = (l: Located, n: Need): void => {
    needs.set(l, [...(needs.get(l) ?? []), n]);
  };
  const webhookProviders: { readonly config: Located; readonly name: string; readonly rules: unknown[]; readonly objectSelector: unknown; readonly backing: Located[]; readonly service: Located | undefined }[] = [];
  for (const l of located) {
    if (kindRank(l.json) !== 3) continue;
    for (const w of asArr(l.json.webhooks)) {
      const hook = asObj(w);
      const svc = asObj(asObj(hook.clientConfig).service);
      if (typeof svc.name !== 'string') continue;
      const ns = typeof svc.namespace === 'string' ? svc.namespace : 'default';
      const backing = deploymentsBehind(ns, svc.name);
      const service = located.find((x) => x.json.kind === 'Service' && x.namespace === ns && x.json.metadata?.name === svc.name);
      webhookProviders.push({ config: l, name: String(hook.name ?? ''), rules: asArr(hook.rules), objectSelector: hook.objectSelector, backing, service });
    }
  }
  for (const l of located) {
    const { group, version } = splitApiVersion(l.json.apiVersion);
    let resource = builtInPlural(l.json.kind ?? '');
    if (isCustomResource(l.json)) {
      const crd = crds.get(`${group}/${l.json.kind}`);
      if (crd) {
        const spec = asObj(crd.json.spec);
        resource = String(asObj(spec.names).plural ?? resource);
        addNeed(l, { provider: crd, reason: `it holds the CustomResourceDefinition ${crd.json.metadata?.name} of ${l.json.kind} ${l.json.metadata?.name}`, crd: true });
        const conv = asObj(spec.conversion);
        const csvc = asObj(asObj(asObj(conv.webhook).clientConfig).service);
        if (conv.strategy === 'Webhook' && typeof csvc.name === 'string') {
          for (const d of deploymentsBehind(typeof csvc.namespace === 'string' ? csvc.namespace : 'default', csvc.name)) {
            addNeed(l, { provider: d, reason: `it runs the conversion webhook (Deployment ${d.namespace}/${d.json.metadata?.name}) of ${l.json.kind}`, crd: false });
          }
        }
      }
    }
    for (const p of webhookProviders) {
      if (p.config === l || p.backing.includes(l) || p.service === l) continue;
      if (!p.rules.some((r) => ruleMatches(r, group, version, resource))) continue;
      if (!matchesSelector(p.objectSelector, l.json.metadata?.labels ?? {})) continue;
      for (const d of p.backing) {
        addNeed(l, { provider: d, reason: `it runs the webhook ${p.name} (Deployment ${d.namespace}/${d.json.metadata?.name}) that intercepts ${l.json.kind} ${l.json.metadata?.name}`, crd: false });
      }
    }
  }

  // Units' objects in apply order, their derived ordering and waits.
  for (const unit of all) {
    const own = byUnit.get(unit) ?? [];
    const late = new Set<Located>();
    for (const l of own) {
      for (const n of needs.get(l) ?? []) {
        const p = n.provider.unit;
        if (p === unit) {
          // A CRD of its own unit: applied after the unit's first apply and its waits. A webhook of
          // its own unit needs nothing: webhook configurations are applied last in a unit.
          if (n.crd) late.add(l);
          continue;
        }
        if (phaseIndex(p.phase) > phaseIndex(unit.phase)) {
          problems.push({
            scope: l.object,
            message: `${n.crd ? 'apiVersion' : 'kind'}: ${l.json.kind} ${l.json.metadata?.name} is in ${unit.name} (phase ${unit.phase}), but it needs ${p.name}, which is installed later (phase ${p.phase}): ${n.reason} (value: ${JSON.stringify(l.json.apiVersion)}; allowed: a component of phase ${p.phase} or later, or move ${p.name} to an earlier phase)`,
          });
        } else if (!unit.after.has(p)) {
          unit.after.set(p, n.reason);
        }
      }
    }
    const ranked = own.map((l, i) => ({ l, i, rank: late.has(l) ? 4 : kindRank(l.json) }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i);
    for (const { l } of ranked) {
      unit.objects.push({ construct: l.object, json: l.json, late: late.has(l), serverSide: tooLargeForClientSideApply(l.json) });
    }
    for (const { l } of ranked) {
      const name = l.json.metadata!.name!;
      const ns = l.namespace;
      const k = l.json.kind;
      const g = splitApiVersion(l.json.apiVersion).group;
      if (k === 'CustomResourceDefinition' && g === 'apiextensions.k8s.io') unit.waits.push({ apiVersion: l.json.apiVersion!, kind: k, name, condition: 'Established', derived: true });
      else if ((k === 'Deployment' || k === 'StatefulSet' || k === 'DaemonSet') && g === 'apps') unit.waits.push({ apiVersion: l.json.apiVersion!, kind: k, name, namespace: ns, condition: k === 'Deployment' ? 'Available' : 'Ready', derived: true });
      else if (k === 'APIService' && g === 'apiregistration.k8s.io') unit.waits.push({ apiVersion: l.json.apiVersion!, kind: k, name, condition: 'Available', derived: true });
      else if (k === 'Job' && g === 'batch') unit.waits.push({ apiVersion: l.json.apiVersion!, kind: k, name, namespace: ns, condition: 'Complete', derived: true });
    }
    const component = PlatformComponent.isPlatformComponent(unit.scope) ? unit.scope : undefined;
    for (const d of component?.dependsOn ?? []) {
      const du = unitOf.get(d);
      if (du && du !== unit) unit.after.set(du, 'dependsOn');
    }
    for (const h of component?.healthChecks ?? []) {
      const dup = unit.waits.some((w) => w.apiVersion === h.apiVersion && w.kind === h.kind && w.name === h.name && (w.namespace ?? '') === (h.namespace ?? '') && w.condition === h.condition);
      if (!dup) unit.waits.push({ ...h, derived: false });
    }
  }

  // Units that hold nothing are not delivered (Git keeps no empty folder for Flux or Argo CD to
  // read); whoever waits for one waits for what it waits for.
  const empty = all.filter((u) => !u.helm && u.objects.length === 0);
  const units = all.filter((u) => !empty.includes(u));
  for (const u of units) {
    const seen = new Set<PlannedUnit>();
    const expand = (dep: PlannedUnit, why: string): void => {
      if (seen.has(dep)) return;
      seen.add(dep);
      if (!empty.includes(dep)) {
        if (!u.after.has(dep)) u.after.set(dep, why);
        return;
      }
      for (const [d2, w2] of dep.after) expand(d2, w2);
    };
    const direct = [...u.after];
    u.after.clear();
    for (const [d, why] of direct) expand(d, why);
  }

  // Order: by phase, then so that every unit comes after what it needs, then as added.
  const ordered: PlannedUnit[] = [];
  let waveBase = 0;
  for (const phase of PHASE_ORDER) {
    const group = units.filter((u) => u.phase === phase);
    const level = new Map<PlannedUnit, number>();
    const pending = [...group];
    let position = 0;
    while (pending.length) {
      const i = pending.findIndex((u) => [...u.after.keys()].every((d) => d.phase !== phase || level.has(d)));
      if (i < 0) {
        for (const u of pending) {
          const inCycle = [...u.after].filter(([d]) => pending.includes(d));
          if (inCycle.length === 0) continue;
          problems.push({
            scope: u.scope,
            message: `dependsOn: ${u.name} and ${inCycle.map(([d]) => d.name).join(', ')} need each other (${inCycle.map(([d, why]) => `${d.name}: ${why}`).join('; ')}), so no install order exists (allowed: an order without cycles; split the components)`,
          });
        }
        for (const u of pending) {
          level.set(u, 0);
          u.position = ++position;
          ordered.push(u);
        }
        break;
      }
      const [u] = pending.splice(i, 1);
      const lv = Math.max(-1, ...[...u.after.keys()].filter((d) => d.phase === phase).map((d) => level.get(d) ?? 0)) + 1;
      level.set(u, lv);
      u.position = ++position;
      ordered.push(u);
    }
    const levels = group.length ? Math.max(...group.map((u) => level.get(u) ?? 0)) + 1 : 0;
    const base = Math.max(waveBase, phaseIndex(phase) * 10);
    for (const u of group) u.wave = base + (level.get(u) ?? 0);
    waveBase = base + Math.max(levels, 1);
  }
  for (const phase of PHASE_ORDER) {
    const group = ordered.filter((u) => u.phase === phase);
    const width = Math.max(2, String(group.length).length);
    for (const u of group) u.folder = `${String(u.position).padStart(width, '0')}-${u.name}`;
  }

  // Names must be unique: they name folders, Applications, Kustomizations and HelmReleases.
  const byName = new Map<string, PlannedUnit>();
  for (const u of ordered) {
    const first = byName.get(u.name);
    if (first) {
      problems.push({ scope: u.scope, message: `id: ${u.name} is also the name of ${first.scope.node.path}; components and applications are named by their ids, which must be unique in the platform (value: ${JSON.stringify(u.name)}; allowed: an id no other component or application chart has)` });
    } else byName.set(u.name, u);
  }
  return { units: ordered, problems, empty, warnings };
}
