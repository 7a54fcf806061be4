/** Helpers for the serving tests: synthesize a chart and pick objects out of it. */
import { Chart, Testing } from 'cdk8s';
import { ClusterSettings } from '../../lib/core/cluster-settings';
import { validateObject } from '../../lib/validation/engine';
import { synthErrors } from '../helpers';

/** A chart in namespace `default` (the namespace every example uses), or in none with `null`. */
export function chart(namespace: string | null = 'default'): Chart {
  return new Chart(Testing.app(), 'test', namespace ? { namespace } : {});
}

/** Synthesizes `c` and returns the object of `kind` (the first one, or the one named `name`). */
export function obj(c: Chart, kind: string, name?: string): any {
  const found = Testing.synth(c).find((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (!found) throw new Error(`no ${kind}${name ? ` named ${name}` : ''} in the chart`);
  return found;
}

/** The errors the validation engine reports for every object of `c` (under its cluster settings), formatted. */
export function engineErrors(c: Chart): string[] {
  return Testing.synth(c).flatMap((o) => validateObject(o, { settings: ClusterSettings.of(c) }).findings
    .filter((f) => f.severity === 'error')
    .map((f) => `${o.kind}/${o.metadata?.name}: [${f.rule}] ${f.field}: ${f.message}`));
}

/** The warnings the validation engine reports for every object of `c`. */
export function engineWarnings(c: Chart): string[] {
  return Testing.synth(c).flatMap((o) => validateObject(o, { settings: ClusterSettings.of(c) }).findings
    .filter((f) => f.severity === 'warning')
    .map((f) => `${o.kind}/${o.metadata?.name}: [${f.rule}] ${f.field}: ${f.message}`));
}

/** The synth errors of the app `c` belongs to (`[path] prop: message (value: …; allowed: …)`), or []. */
export function synthErrorsOf(c: Chart): string[] {
  return synthErrors(c.node.root as unknown as { synthYaml(): string });
}
