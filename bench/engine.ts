/**
 * In-process micro-benchmark of the validation engine: renders the objects of bench/library.ts's
 * builders once (`ApiObject.toJson()`, no synth), then times `validateObject` over them for several
 * rounds and prints CPU µs per object per kind: the first round (V8 still compiling) and the median
 * of the others, after one object of each kind has loaded the rules and validators.
 *
 *   npx ts-node --transpile-only bench/engine.ts [count] [rounds]
 *   node --cpu-prof -r ts-node/register/transpile-only bench/engine.ts 3000 5
 */
import { ApiObject, App } from 'cdk8s';
import { validateObject } from '../lib/validation/engine';
import { libraryServices, libraryTriggers, libraryVirtualServices } from './library';

function objectsOf(app: App): Record<string, unknown>[] {
  return app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson() as Record<string, unknown>);
}

function main(): void {
  const count = Number(process.argv[2] ?? 3000);
  const rounds = Number(process.argv[3] ?? 5);
  const all = [
    ...objectsOf(libraryServices(count)),
    ...objectsOf(libraryTriggers(Math.ceil(count / 2))),
    ...objectsOf(libraryVirtualServices(Math.ceil(count / 2))),
  ];
  const byKind = new Map<string, Record<string, unknown>[]>();
  for (const o of all) {
    const k = String(o.kind);
    byKind.set(k, [...(byKind.get(k) ?? []), o]);
  }
  const times = new Map<string, number[]>();
  let findings = 0;
  // CPU time (user + system) of this process: steadier than wall time on a shared machine.
  const cpuUs = (since: NodeJS.CpuUsage) => {
    const u = process.cpuUsage(since);
    return u.user + u.system;
  };
  // One object of each kind first: what loading the rules, schemas and validators costs.
  const load = process.cpuUsage();
  for (const objs of byKind.values()) findings += validateObject(objs[0]).findings.length;
  console.log(`loading (one object of each kind): ${(cpuUs(load) / 1000).toFixed(0)} ms CPU`);
  for (let r = 0; r <= rounds; r++) {
    for (const [kind, objs] of byKind) {
      const t = process.cpuUsage();
      for (const o of objs) findings += validateObject(o).findings.length;
      const us = cpuUs(t) / objs.length;
      times.set(kind, [...(times.get(kind) ?? []), us]);
    }
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  for (const [kind, us] of times) {
    const [first, ...rest] = us;
    console.log(`${kind.padEnd(16)} ${String(byKind.get(kind)!.length).padStart(6)} objects  first round ${first.toFixed(1).padStart(6)} µs/object, then median ${median(rest).toFixed(1).padStart(6)} µs/object CPU (${rest.map((u) => u.toFixed(0)).join(' ')})`);
  }
  console.log(`findings: ${findings}`);
}

main();
