/** Helpers for the Eventing tests. */
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { IConstruct } from 'constructs';
import { validateObject } from '../../lib/validation/engine';
import { formatFinding } from '../../lib/validation/engine';

/** A fresh app and a chart in `namespace` (none by default). */
export function setup(namespace?: string): { app: App; chart: Chart } {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace });
  return { app, chart };
}

/** The validation errors of every construct below `scope`, as cdk8s reports them at synth. */
export function synthErrors(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap((c) => c.node.validate().map((e) => `[${c.node.path}] ${e}`));
}

/** The synthesized JSON of an L2's object. */
export function json(resource: { apiObject: ApiObject }): any {
  return resource.apiObject.toJson();
}

/** Engine errors for the object of an L2 (stock cluster). */
export function engineErrors(resource: { apiObject: ApiObject }): string[] {
  return validateObject(resource.apiObject.toJson()).findings.filter((f) => f.severity === 'error').map(formatFinding);
}
