/**
 * Runs the validation engine on constructs at synth time. cdk8s calls every construct's
 * validations before it writes anything and reports all their errors together, each prefixed
 * with the construct path, so a failing app writes no manifest.
 *
 * cdk8s validates the whole app once per `App.synth()` and again for every chart it renders,
 * so an app of N charts would be rendered and checked N + 1 times. Within one synth call no user
 * code runs between those passes, so each object is rendered and checked once per call: the
 * first pass stores its JSON and errors, later passes and the final rendering reuse them, and
 * the store is dropped when the call returns.
 */
import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ClusterSettings } from '../core/cluster-settings';
import { formatProblem, hasReportedErrors, warningsOf, WarningPolicy } from '../core/report';
import { renderApiObject } from '../synth/render';
import { installYamlWriter } from '../synth/yaml';
import { formatFinding, validateObject } from './engine';

interface Checked {
  readonly json: unknown;
  readonly errors: string[];
  readonly warnings: string[];
}

const covered = new WeakSet<ApiObject>();
let synthPass: Map<ApiObject, Checked> | undefined;
/** Values computed once per synth call for a whole app (see memoizeForSynth). */
let synthMemo: Map<IConstruct, Map<string, unknown>> | undefined;
let synthScopeInstalled = false;

/** Opens one store per outermost App.synth()/synthYaml() call. */
function installSynthScope(): void {
  if (synthScopeInstalled) return;
  synthScopeInstalled = true;
  installYamlWriter();
  const proto = App.prototype as unknown as Record<'synth' | 'synthYaml', (...args: unknown[]) => unknown>;
  for (const method of ['synth', 'synthYaml'] as const) {
    const original = proto[method];
    proto[method] = function (this: App, ...args: unknown[]) {
      return asOneSynth(this, () => original.apply(this, args));
    };
  }
  installChartRendering();
}

/** Apps whose dependencies were resolved and whose validations ran in the current synth call. */
let preparedApps: WeakSet<IConstruct> | undefined;

/**
 * cdk8s renders each chart with `App._synthChart`, which first resolves the dependencies of the
 * whole app and runs every validation of the whole app again: an app of N charts is walked N + 1
 * times (quadratic in the app's size: a platform of 100 tenants spent most of its synth there).
 * Within one synth call no user code runs between two charts, so the first chart does both and
 * the later ones only sort and render their objects, as cdk8s does after the walk. Outside a
 * synth call (`Testing.synth(chart)`, `chart.toJson()`) cdk8s's own method runs.
 */
function installChartRendering(): void {
  const statics = App as unknown as { _synthChart?: (chart: Chart) => unknown[] };
  const original = statics._synthChart;
  if (typeof original !== 'function') return;
  statics._synthChart = function (this: unknown, chart: Chart): unknown[] {
    const app = App.of(chart);
    if (!preparedApps || !preparedApps.has(app)) {
      preparedApps?.add(app);
      return original.call(this, chart);
    }
    return new DependencyGraph(chart.node).topology()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart)
      .map((o) => o.toJson());
  };
}

/**
 * Runs `fn` as one synth call of `app`, as `App.synth()` and `synthYaml()` run: each object is
 * rendered and checked once however often its chart is rendered, and the warnings are printed
 * once at the end. For App subclasses that write their own output (PlatformApp).
 */
export function asOneSynth<T>(app: App, fn: () => T): T {
  installSynthScope();
  const outermost = synthPass === undefined;
  if (outermost) {
    synthPass = new Map();
    synthMemo = new Map();
    preparedApps = new WeakSet();
  }
  try {
    return fn();
  } finally {
    if (outermost) {
      const pass = synthPass!;
      synthPass = undefined;
      synthMemo = undefined;
      preparedApps = undefined;
      printWarnings(app, pass);
    }
  }
}

/**
 * The warnings of one synth call, each once, with its construct path: those the constructs
 * recorded and those the engine found. Printed unless the app's WarningPolicy says otherwise.
 */
function printWarnings(app: IConstruct, pass: Map<ApiObject, Checked>): void {
  if (!WarningPolicy.of(app).printWarnings) return;
  const lines = new Set<string>();
  for (const c of app.node.findAll()) {
    for (const w of warningsOf(c)) lines.add(`[${c.node.path}] ${formatProblem(w)}`);
    const checked = ApiObject.isApiObject(c) ? pass.get(c) : undefined;
    for (const w of checked?.warnings ?? []) lines.add(`[${c.node.path}] ${w}`);
  }
  if (lines.size) process.stderr.write(`Warnings (the cluster accepts these):\n  ${[...lines].join('\n  ')}\n`);
}

const NOT_RENDERED: Checked = { json: undefined, errors: [], warnings: [] };

function check(apiObject: ApiObject, render: () => unknown): Checked {
  const cached = synthPass?.get(apiObject);
  if (cached) return cached;
  // A construct that recorded a user mistake has already failed the synth; its object is
  // neither rendered (its props may not render) nor checked (its findings would repeat it).
  if (hasReportedErrors(apiObject)) return NOT_RENDERED;
  let json: unknown;
  try {
    json = render();
  } catch (err) {
    const checked = { json: undefined, errors: [`${apiObject.kind} ${apiObject.name}: could not be rendered: ${err instanceof Error ? err.message : String(err)} [internal]`], warnings: [] };
    synthPass?.set(apiObject, checked);
    return checked;
  }
  const result = validateObject(json, { settings: ClusterSettings.of(apiObject) });
  const failOnWarnings = WarningPolicy.of(apiObject).failOnWarnings;
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const f of result.findings) {
    const line = `${result.label}: ${formatFinding(f)}`;
    if (f.severity === 'error' || failOnWarnings) errors.push(line);
    else warnings.push(line);
  }
  const checked = { json, errors, warnings };
  synthPass?.set(apiObject, checked);
  return checked;
}

/**
 * Computes `compute()` once per synth call for `root` and `purpose`, for app-wide look-ups that
 * every construct of a kind needs in its validation (e.g. all DestinationRules of the app): asked
 * per construct, they would make the synth quadratic. Outside a synth call nothing is cached.
 */
export function memoizeForSynth<T>(root: IConstruct, purpose: string, compute: () => T): T {
  if (!synthMemo) return compute();
  let forRoot = synthMemo.get(root);
  if (!forRoot) synthMemo.set(root, (forRoot = new Map()));
  if (!forRoot.has(purpose)) forRoot.set(purpose, compute());
  return forRoot.get(purpose) as T;
}

/**
 * Validates `apiObject` (schema and webhook rules) when the app synthesizes. Every L2 construct
 * of this library calls it on its L1 object.
 */
export function validateOnSynth(apiObject: ApiObject): void {
  if (covered.has(apiObject)) return;
  covered.add(apiObject);
  installSynthScope();
  const original = apiObject.toJson.bind(apiObject);
  // An object whose toJson is its own (a subclass's, or replaced) is rendered by it.
  const ownRendering = apiObject.toJson !== ApiObject.prototype.toJson;
  const render = ownRendering ? original : () => renderApiObject(apiObject, original);
  // The final rendering of a synth call returns the JSON that was validated in that call.
  apiObject.toJson = () => (synthPass?.get(apiObject)?.json ?? render()) as ReturnType<ApiObject['toJson']>;
  apiObject.node.addValidation({ validate: () => check(apiObject, render).errors });
}

/**
 * Validates every ApiObject below `scope` when the app synthesizes, including plain
 * `ApiObject`s, imported L1s and cdk8s-plus objects.
 *
 * @example
 * const app = new App();
 * validateAllOnSynth(app);
 */
export function validateAllOnSynth(scope: IConstruct): void {
  installSynthScope();
  scope.node.addValidation({
    validate: () => scope.node.findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && !covered.has(c))
      .flatMap((c) => check(c, () => c.toJson()).errors.map((m) => `[${c.node.path}] ${m}`)),
  });
}
