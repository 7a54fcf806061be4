/**
 * PlatformApp: a cdk8s App whose synth writes the platform in the deliveries asked for, from one
 * plan (lib/platform/delivery/plan.ts): `plain/`, `argocd/`, `flux/`, and the component folders
 * (`components/`) the GitOps deliveries read.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkedMillis, checkedSeconds, formatGoDuration } from '../../core/duration';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../../core/names';
import { hasReportedErrors, reportError, reportWarning, requireProp, showValue } from '../../core/report';
import { asOneSynth } from '../../validation/construct';
import { formatFinding, validateObject } from '../../validation/engine';
import { HelmChartRef, PlatformComponent } from '../model';
import { argoFiles, argoObjects, ArgoOptions } from './argocd';
import { fluxFiles, fluxObjects, FluxOptions } from './flux';
import { DeliveryPlan, planDelivery, PlanProblem } from './plan';
import { plainFiles, PlainOptions } from './plain';
import { componentFiles, Files } from './render-common';
import { GitRepositoryRef, PlatformDeliveries } from './types';

/** Options of a PlatformApp. */
export interface PlatformAppProps {
  /**
   * The folder the deliveries are written to. `synth()` replaces its `plain/`, `argocd/`,
   * `flux/` and `components/` folders and leaves the rest alone.
   * @default - $CDK8S_OUTDIR, else 'dist'
   */
  readonly outdir?: string;
  /**
   * Where CI commits the synth output; Argo CD and Flux read the component folders from there.
   * @default - none; required by the Argo CD and Flux deliveries
   */
  readonly repository?: GitRepositoryRef;
  /** The deliveries to write: any of plain, Argo CD, Flux. */
  readonly deliveries: PlatformDeliveries;
}

/** The subfolders of the outdir a PlatformApp owns. */
const OWNED = ['plain', 'argocd', 'flux', 'components'];
const COMPONENT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A cdk8s App for a platform: PlatformComponents (Istio, Knative, ...) and applications (any
 * other Chart, phase APPLICATIONS, named by its id), delivered as plain folders and an install
 * script, as an Argo CD app of apps, and as Flux Kustomizations, all in the same order.
 *
 * `synth()` validates as `App.synth()` does (every construct's validations, all errors at once)
 * plus the delivery's own checks (ordering, names, the generated Argo CD and Flux objects against
 * their CRD schemas), and writes nothing when anything fails. It does not write cdk8s's
 * per-chart `*.k8s.yaml` files; `synthYaml()` still returns every chart's objects.
 *
 * The construct id `deliveries` below the app is taken: problems with the deliveries' props are
 * reported there (`[deliveries] repository.url: ...`).
 */
export class PlatformApp extends App {
  /** The repository the GitOps deliveries read, if given. */
  public readonly repository?: GitRepositoryRef;
  /** The deliveries written. */
  public readonly deliveries: PlatformDeliveries;
  private readonly checks: Construct;
  private readonly plainOptions?: PlainOptions;
  private readonly argoOptions?: ArgoOptions;
  private readonly fluxOptions?: FluxOptions;
  private problems = new Map<IConstruct, string[]>();
  private readonly checked = new WeakSet<IConstruct>();
  private readonly warned = new WeakSet<IConstruct>();

  public constructor(props: PlatformAppProps) {
    requireProp('PlatformApp', props, 'deliveries');
    super({ outdir: props.outdir });
    this.repository = props.repository;
    this.deliveries = props.deliveries;
    this.checks = new Construct(this, 'deliveries');
    const d = props.deliveries;
    const c = this.checks;
    if (!d.plain && !d.argoCd && !d.flux) {
      reportError(c, 'deliveries', 'no delivery is asked for, so synth would write nothing', { value: d, allowed: 'at least one of plain, argoCd, flux' });
    }
    if ((d.argoCd || d.flux) && !props.repository) {
      reportError(c, 'repository', 'the Argo CD and Flux deliveries read the component folders from Git: say where CI commits the synth output', { allowed: "{ url: 'https://git.example.org/platform/cluster.git', revision: 'main', path: 'dist' }" });
    }
    if (props.repository) checkRepository(c, props.repository);
    if (d.plain) {
      const timeout = checkedSeconds(c, 'plain.timeout', d.plain.timeout ?? Duration.minutes(5));
      if (timeout !== undefined && timeout < 1) reportError(c, 'plain.timeout', 'must be at least one second', { value: timeout, allowed: 'Duration.seconds(n), n >= 1' });
      const fieldManager = d.plain.fieldManager ?? 'knative-faas-cdk';
      if (!/^[\x21-\x7e]{1,128}$/.test(fieldManager)) reportError(c, 'plain.fieldManager', 'must be 1 to 128 printable ASCII characters without spaces, as the API server takes a field manager', { value: fieldManager });
      this.plainOptions = { timeoutSeconds: timeout ?? 300, fieldManager };
    }
    if (d.argoCd) {
      const a = d.argoCd;
      const namespace = label(c, 'argoCd.namespace', a.namespace ?? 'argocd');
      const project = label(c, 'argoCd.project', a.project ?? 'platform');
      const rootName = label(c, 'argoCd.rootName', a.rootName ?? 'platform');
      const server = a.destinationServer ?? 'https://kubernetes.default.svc';
      if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(server)) reportError(c, 'argoCd.destinationServer', 'must be the URL of a cluster Argo CD knows', { value: server, allowed: "an http(s) URL, e.g. 'https://kubernetes.default.svc'" });
      const r = a.retry ?? {};
      const limit = r.limit ?? 5;
      if (!Number.isSafeInteger(limit) || limit < 0) reportError(c, 'argoCd.retry.limit', 'must be a whole number of retries, 0 for none', { value: limit, allowed: '0..2^53-1' });
      const factor = r.factor ?? 2;
      if (!Number.isSafeInteger(factor) || factor < 1) reportError(c, 'argoCd.retry.factor', 'must be a whole number >= 1 (Argo CD takes an int64)', { value: factor, allowed: '1..2^53-1' });
      const duration = goDuration(c, 'argoCd.retry.duration', r.duration ?? Duration.seconds(5));
      const maxDuration = goDuration(c, 'argoCd.retry.maxDuration', r.maxDuration ?? Duration.minutes(3));
      this.argoOptions = {
        namespace, project, rootName, server,
        automated: a.automated ?? true, prune: a.prune ?? true, selfHeal: a.selfHeal ?? true,
        retry: { limit, factor, duration, maxDuration },
      };
    }
    if (d.flux) {
      const f = d.flux;
      this.fluxOptions = {
        namespace: label(c, 'flux.namespace', f.namespace ?? 'flux-system'),
        sourceName: label(c, 'flux.sourceName', f.sourceName ?? 'platform'),
        sourceInterval: goDuration(c, 'flux.sourceInterval', f.sourceInterval ?? Duration.minutes(1), true),
        interval: goDuration(c, 'flux.interval', f.interval ?? Duration.minutes(10), true),
        retryInterval: goDuration(c, 'flux.retryInterval', f.retryInterval ?? Duration.minutes(1), true),
        timeout: goDuration(c, 'flux.timeout', f.timeout ?? Duration.minutes(5), true),
        prune: f.prune ?? true,
      };
    }
  }

  /** Validates (as App.synth does, plus the deliveries' checks), then writes the deliveries. */
  public synth(): void {
    asOneSynth(this, () => {
      const files = this.prepare();
      const errors: string[] = [];
      for (const child of this.node.findAll()) {
        for (const e of child.node.validate()) errors.push(`[${child.node.path}] ${e}`);
      }
      if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
      this.write(files);
    });
  }

  /** The YAML of every chart, as App.synthYaml(), after the same checks as synth(). */
  public synthYaml(): string {
    return asOneSynth(this, () => {
      this.prepare();
      return super.synthYaml();
    });
  }

  /** Plans, renders into memory, and attaches what is wrong to the constructs it concerns. */
  private prepare(): Files {
    const plan = planDelivery(this);
    const problems: PlanProblem[] = [...plan.problems];
    for (const u of plan.units) if (PlatformComponent.isPlatformComponent(u.scope) && u.helm) problems.push(...helmProblems(u.scope));
    for (const u of [...plan.units, ...plan.empty]) if (PlatformComponent.isPlatformComponent(u.scope)) problems.push(...healthCheckProblems(u.scope));
    for (const u of plan.units) {
      if (!PlatformComponent.isPlatformComponent(u.scope) && (!COMPONENT_NAME.test(u.name) || u.name.length > 53)) {
        problems.push({ scope: u.scope, message: `id: an application chart is delivered under its id, which must be a DNS-1123 label of at most 53 characters (value: ${JSON.stringify(u.name)}; allowed: lowercase letters, digits and -, starting and ending with a letter or digit)` });
      }
      if (this.argoOptions && (u.name === this.argoOptions.rootName)) {
        problems.push({ scope: u.scope, message: `id: ${u.name} is also the name of the root Argo CD Application (value: ${JSON.stringify(u.name)}; allowed: another id, or argoCd.rootName)` });
      }
    }
    for (const w of plan.warnings) {
      if (!this.warned.has(w.scope)) {
        this.warned.add(w.scope);
        const [prop, ...rest] = w.message.split(': ');
        reportWarning(w.scope, prop, rest.join(': '));
      }
    }
    for (const u of plan.empty) {
      if (!this.warned.has(u.scope)) {
        this.warned.add(u.scope);
        reportWarning(u.scope, 'objects', `${u.name} holds no objects and is not delivered (Git keeps no empty folder); what depends on it waits for what it depends on`);
      }
    }
    const files: Files = new Map();
    try {
      this.render(plan, files, problems);
    } catch (err) {
      problems.push({ scope: this.checks, message: `deliveries: could not be rendered: ${err instanceof Error ? err.message : String(err)} [internal]` });
    }
    const next = new Map<IConstruct, string[]>();
    for (const p of problems) next.set(p.scope, [...(next.get(p.scope) ?? []), p.message]);
    this.problems = next;
    for (const scope of next.keys()) {
      if (this.checked.has(scope)) continue;
      this.checked.add(scope);
      scope.node.addValidation({ validate: () => this.problems.get(scope) ?? [] });
    }
    return files;
  }

  private render(plan: DeliveryPlan, files: Files, problems: PlanProblem[]): void {
    // The generated objects are checked against their CRDs' schemas, as a backstop: where a
    // prop already reported a problem, its objects are not checked again (same mistake twice).
    const failed = new Set(problems.map((p) => p.scope));
    const helmReposFailed = new Set(plan.units.filter((u) => u.helm && failed.has(u.scope)).map((u) => u.helm!.chart.repository));
    const propsFailed = hasReportedErrors(this.checks);
    const check = (scope: IConstruct, what: string, obj: unknown): void => {
      if (propsFailed || failed.has(scope)) return;
      for (const f of validateObject(obj).findings) {
        if (f.severity === 'error') problems.push({ scope, message: `${what}: ${formatFinding(f)}` });
      }
    };
    if (this.plainOptions) plainFiles(plan, this.plainOptions, files);
    const repo = this.repository;
    if (!repo) return;
    let helmReleases: Map<unknown, Record<string, unknown>> | undefined;
    if (this.argoOptions) {
      const argo = argoObjects(plan, repo, this.argoOptions);
      check(this.checks, 'argoCd AppProject', argo.project);
      check(this.checks, 'argoCd root Application', argo.root);
      for (const [u, app] of argo.children) check(u.scope, 'argoCd Application', app);
      argoFiles(argo, files);
    }
    if (this.fluxOptions) {
      const flux = fluxObjects(plan, repo, this.fluxOptions);
      check(this.checks, 'flux GitRepository', flux.source);
      for (const r of flux.helmRepositories) if (!helmReposFailed.has((r.spec as { url: string }).url)) check(this.checks, 'flux HelmRepository', r);
      for (const [u, k] of flux.kustomizations) check(u.scope, 'flux Kustomization', k);
      for (const [u, h] of flux.helmReleases) check(u.scope, 'flux HelmRelease', h);
      fluxFiles(plan, flux, files);
      helmReleases = flux.helmReleases as Map<unknown, Record<string, unknown>>;
    }
    if (this.argoOptions || this.fluxOptions) {
      componentFiles(plan, files, (u) => {
        const h = helmReleases?.get(u);
        return h ? [h] : [];
      });
    }
  }

  private write(files: Files): void {
    for (const dir of OWNED) fs.rmSync(path.join(this.outdir, dir), { recursive: true, force: true });
    for (const [rel, content] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const file = path.join(this.outdir, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      if (rel.endsWith('.sh')) fs.chmodSync(file, 0o755);
    }
  }
}

function label(scope: IConstruct, prop: string, value: string): string {
  const errs = dns1123LabelErrors(value);
  if (errs.length) reportError(scope, prop, errs.join('; '), { value, allowed: 'a DNS-1123 label: lowercase letters, digits and -, at most 63 characters' });
  return value;
}

function goDuration(scope: IConstruct, prop: string, d: Duration, positive = false): string {
  const ms = checkedMillis(scope, prop, d);
  if (ms === undefined) return '0s';
  if (positive && ms <= 0) {
    reportError(scope, prop, 'must be longer than zero: the controller would reconcile without pause', { value: d.toHumanString(), allowed: 'e.g. Duration.minutes(1)' });
    return '0s';
  }
  return formatGoDuration(ms);
}

function checkRepository(scope: IConstruct, repo: GitRepositoryRef): void {
  if (typeof repo.url !== 'string' || !/^(https?|ssh):\/\/[^\s/]+\/\S*$/.test(repo.url)) {
    reportError(scope, 'repository.url', 'must be the URL Argo CD and Flux clone (Flux takes http, https and ssh URLs; for SSH write ssh://git@host/path, not git@host:path)', { value: repo.url, allowed: 'https://host/path.git or ssh://git@host/path.git' });
  }
  if (typeof repo.revision !== 'string' || !/^[^\s~^:?*[\\]+$/.test(repo.revision) || repo.revision.includes('..')) {
    reportError(scope, 'repository.revision', 'must be a branch, a tag or full ref, or a commit SHA', { value: repo.revision, allowed: "e.g. 'main', 'refs/tags/v1.2.0', a 40-hex-digit commit" });
  }
  if (typeof repo.path !== 'string' || repo.path.startsWith('/') || repo.path.split('/').includes('..') || /[\s\\]/.test(repo.path)) {
    reportError(scope, 'repository.path', 'must be a folder relative to the repository root, without .. and spaces', { value: repo.path, allowed: "e.g. 'dist', 'clusters/prod', '' for the root" });
  }
}

/** Problems of a Helm component's release spec: what helm, Argo CD and Flux would refuse. */
function helmProblems(c: PlatformComponent): PlanProblem[] {
  const h = c.helm!;
  const out: PlanProblem[] = [];
  const add = (prop: string, message: string, value: unknown, allowed: string): void => {
    out.push({ scope: c, message: `${prop}: ${message} (value: ${showValue(value)}; allowed: ${allowed})` });
  };
  const chart = h.chart as HelmChartRef | undefined;
  if (typeof chart?.repository !== 'string' || !/^(https?|oci):\/\/[^\s/]+(\/\S*)?$/.test(chart.repository)) add('helm.chart.repository', 'must be the URL of a Helm repository or an OCI registry prefix', chart?.repository, 'https://host/path or oci://registry/path');
  if (typeof chart?.chart !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(chart.chart)) add('helm.chart.chart', 'must be a chart name in that repository', chart?.chart, "e.g. 'istiod'");
  if (typeof chart?.version !== 'string' || !/^v?\d+(\.\d+){0,2}([-+][0-9A-Za-z.+-]+)?$/.test(chart.version)) add('helm.chart.version', 'must be one exact chart version (a range would install different charts over time)', chart?.version, "a semantic version, e.g. '1.30.3'");
  if (typeof h.releaseName !== 'string' || !COMPONENT_NAME.test(h.releaseName) || h.releaseName.length > 53) add('helm.releaseName', 'must be a DNS-1123 label of at most 53 characters, as Helm requires', h.releaseName, 'lowercase letters, digits and -');
  if (typeof h.namespace !== 'string' || dns1123LabelErrors(h.namespace).length) add('helm.namespace', 'must be a namespace name', h.namespace, 'a DNS-1123 label');
  for (const [at, v] of notJson(h.values, 'helm.values')) add(at, 'is not a JSON value, which Helm values must be', v, 'strings, finite numbers, booleans, null, lists and mappings');
  return out;
}

function notJson(v: unknown, at: string, out: [string, unknown][] = []): [string, unknown][] {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return out;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) out.push([at, v]);
    return out;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => notJson(x, `${at}[${i}]`, out));
    return out;
  }
  if (typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) notJson(x, `${at}.${k}`, out);
    return out;
  }
  out.push([at, v]);
  return out;
}

/** Health checks the deliveries cannot turn into a wait (`kubectl wait`, a Flux health check). */
function healthCheckProblems(c: PlatformComponent): PlanProblem[] {
  const out: PlanProblem[] = [];
  c.healthChecks.forEach((h, i) => {
    const bad = (field: string, allowed: string, ok: (v: unknown) => boolean): void => {
      const v = (h as unknown as Record<string, unknown>)[field];
      if (!ok(v)) out.push({ scope: c, message: `healthChecks[${i}].${field}: cannot be waited for (value: ${showValue(v)}; allowed: ${allowed})` });
    };
    bad('apiVersion', "an apiVersion, e.g. 'apps/v1'", (v) => typeof v === 'string' && /^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(v));
    bad('kind', "a kind, e.g. 'Deployment'", (v) => typeof v === 'string' && /^[A-Za-z][A-Za-z0-9]*$/.test(v));
    bad('name', 'the object\'s name (a DNS subdomain)', (v) => typeof v === 'string' && dns1123SubdomainErrors(v).length === 0);
    bad('namespace', 'a namespace name, or none for a cluster-scoped object', (v) => v === undefined || (typeof v === 'string' && dns1123LabelErrors(v).length === 0));
    bad('condition', "a status condition type, e.g. 'Available'", (v) => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(v));
  });
  return out;
}
