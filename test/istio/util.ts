/** Helpers for the Istio construct tests. */
import { App, Chart, Testing } from 'cdk8s';
import { errors, synthErrors } from '../helpers';

/** A fresh chart in namespace `web`. */
export function chart(namespace = 'web'): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

/** Synthesizes the chart and returns the object of `kind` named `name`. */
export function find(c: Chart, kind: string, name?: string): any {
  const objs = Testing.synth(c).filter((o: any) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (objs.length !== 1) throw new Error(`expected one ${kind} ${name ?? ''}, found ${objs.length}`);
  return objs[0];
}

/** Every synthesized object with its engine errors, for "default output validates" checks. */
export function allErrors(c: Chart): string[] {
  return Testing.synth(c).flatMap((o: any) => errors(o).map((e) => `${o.kind} ${o.metadata?.name}: ${e}`));
}

/** The `[path] message` lines of the chart's app failing to synthesize, or [] when it succeeds. */
export function synthErrorsOf(c: Chart): string[] {
  return synthErrors(c.node.root as App);
}
