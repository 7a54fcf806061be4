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
import { ApiObject, App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ClusterSettings } from '../core/cluster-settings';
import { formatFinding, validateObject } from './engine';

interface Checked {
  readonly json: unknown;
  readonly errors: string[];
}

const covered = new WeakSet<ApiObject>();
let synthPass: Map<ApiObject, Checked> | undefined;
let synthScopeInstalled = false;

/** Opens one store per outermost App.synth()/synthYaml() call. */
function installSynthScope(): void {
  if (synthScopeInstalled) return;
  synthScopeInstalled = true;
  const proto = App.prototype as unknown as Record<'synth' | 'synthYaml', (...args: unknown[]) => unknown>;
  for (const method of ['synth', 'synthYaml'] as const) {
    const original = proto[method];
    proto[method] = function (this: App, ...args: unknown[]) {
      const outermost = synthPass === undefined;
      if (outermost) synthPass = new Map();
      try {
        return original.apply(this, args);
      } finally {
        if (outermost) synthPass = undefined;
      }
    };
  }
}

function check(apiObject: ApiObject, render: () => unknown): Checked {
  const cached = synthPass?.get(apiObject);
  if (cached) return cached;
  const json = render();
  const result = validateObject(json, { settings: ClusterSettings.of(apiObject) });
  const checked = {
    json,
    errors: result.findings.filter((f) => f.severity === 'error').map((f) => `${result.label}: ${formatFinding(f)}`),
  };
  synthPass?.set(apiObject, checked);
  return checked;
}

/**
 * Validates `apiObject` (schema and webhook rules) when the app synthesizes. Every L2 construct
 * of this library calls it on its L1 object.
 */
export function validateOnSynth(apiObject: ApiObject): void {
  if (covered.has(apiObject)) return;
  covered.add(apiObject);
  installSynthScope();
  const render = apiObject.toJson.bind(apiObject);
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
