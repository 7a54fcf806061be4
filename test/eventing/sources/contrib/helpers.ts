/** Helpers for the contributed source tests. */
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { formatFinding, validateObject } from '../../../../lib/validation/engine';
import { KnativeService } from '../../../../lib/serving/service';
import { synthErrors as appSynthErrors } from '../../../helpers';

/** A fresh app and a chart in `namespace`. */
export function setup(namespace: string | undefined = 'ci'): { app: App; chart: Chart } {
  const app = Testing.app();
  return { app, chart: new Chart(app, 'test', { namespace }) };
}

/** The synthesized JSON of an L2's object. */
export function json(resource: { apiObject: ApiObject }): any {
  return resource.apiObject.toJson();
}

/** The engine's errors (schema and registered webhook rules) for an L2's object, formatted. */
export function errorsOf(resource: { apiObject: ApiObject }): string[] {
  return validateObject(resource.apiObject.toJson()).findings.filter((f) => f.severity === 'error').map(formatFinding);
}

/** The validation errors of every construct below `scope`, as cdk8s reports them at synth. */
export function synthErrors(scope: Construct): string[] {
  return scope.node.findAll().flatMap((c) => c.node.validate().map((e) => `[${c.node.path}] ${e}`));
}

/** A Secret that only exists by name (how most apps refer to credentials). */
export function secretNamed(scope: Construct, name: string): kplus.ISecret {
  const existing = scope.node.tryFindChild(`secret-${name}`) as kplus.ISecret | undefined;
  return existing ?? kplus.Secret.fromSecretName(scope, `secret-${name}`, name);
}

/** A Knative Service in `scope`. */
export function ksvc(scope: Construct, id: string, name?: string): KnativeService {
  return new KnativeService(scope, id, { metadata: name ? { name } : undefined, containers: [{ image: 'ghcr.io/example/handler:1.0' }] });
}

/** The synth errors (`[path] prop: message (...)`) of a fresh app in namespace `ci` built by `build`. */
export function errorsFor(build: (chart: Chart) => void, namespace: string | undefined = 'ci'): string[] {
  const { app, chart } = setup(namespace);
  build(chart);
  return appSynthErrors(app);
}
