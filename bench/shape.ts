/** Names shared by the library and the plain variants, so both produce the same objects. */
import * as path from 'path';

/** Knative's 1.23 release files next to the repository (CI has them), for the release-mode platform case (this file runs from .bench/build/bench/). */
export const RELEASE_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'manifests', 'knative');

export const BENCH_NAMESPACE = 'bench';

const pad = (i: number) => String(i).padStart(5, '0');

export function serviceName(i: number): string {
  return `fn-${pad(i)}`;
}

export function subscriberName(i: number): string {
  return `sub-${pad(i)}`;
}

export function triggerName(i: number): string {
  return `on-order-${pad(i)}`;
}

export function brokerName(): string {
  return 'orders';
}

export function destinationRuleName(i: number): string {
  return `dr-${pad(i)}`;
}

export function virtualServiceName(i: number): string {
  return `vs-${pad(i)}`;
}
