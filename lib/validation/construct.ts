/**
 * Runs the validation engine on constructs at synth time. cdk8s calls every construct's
 * validations before it writes anything and reports all their errors together, each prefixed
 * with the construct path, so a failing app writes no manifest.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ClusterSettings } from '../core/cluster-settings';
import { formatFinding, validateObject } from './engine';

const covered = new WeakSet<ApiObject>();

function errorsOf(apiObject: ApiObject): string[] {
  const result = validateObject(apiObject.toJson(), { settings: ClusterSettings.of(apiObject) });
  return result.findings.filter((f) => f.severity === 'error').map((f) => `${result.label}: ${formatFinding(f)}`);
}

/**
 * Validates `apiObject` (schema and webhook rules) when the app synthesizes. Every L2 construct
 * of this library calls it on its L1 object.
 */
export function validateOnSynth(apiObject: ApiObject): void {
  if (covered.has(apiObject)) return;
  covered.add(apiObject);
  apiObject.node.addValidation({ validate: () => errorsOf(apiObject) });
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
  scope.node.addValidation({
    validate: () => scope.node.findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && !covered.has(c))
      .flatMap((c) => errorsOf(c).map((m) => `[${c.node.path}] ${m}`)),
  });
}
