/**
 * Knative's release manifests: where they are read from, and where each object goes in the
 * install order.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type * as YamlModule from 'yaml';
import { KNATIVE_GITHUB_RELEASES, KNATIVE_VERSION } from './mode';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = (): typeof YamlModule => require('yaml') as typeof YamlModule;

/** A manifest object, as parsed. */
export type Manifest = Record<string, any>;

/** One release file: its upstream name and the repository that publishes it. */
export interface ReleaseFile {
  readonly name: string;
  readonly repo: 'serving' | 'net-istio' | 'eventing';
}

/** The release files, in the order upstream applies them. */
export const RELEASE_FILES = {
  servingCore: { name: 'serving-core.yaml', repo: 'serving' },
  servingHpa: { name: 'serving-hpa.yaml', repo: 'serving' },
  servingPostInstall: { name: 'serving-post-install-jobs.yaml', repo: 'serving' },
  netIstio: { name: 'net-istio.yaml', repo: 'net-istio' },
  eventingCore: { name: 'eventing-core.yaml', repo: 'eventing' },
  eventingTls: { name: 'eventing-tls-networking.yaml', repo: 'eventing' },
  inMemoryChannel: { name: 'in-memory-channel.yaml', repo: 'eventing' },
  mtChannelBroker: { name: 'mt-channel-broker.yaml', repo: 'eventing' },
  eventingPostInstall: { name: 'eventing-post-install.yaml', repo: 'eventing' },
} as const satisfies Record<string, ReleaseFile>;

/** The outcome of reading one file: its objects, or why it could not be read. */
export type ReadResult = { readonly objects: Manifest[]; readonly source: string } | { readonly problem: string };


export function isUrl(from: string): boolean {
  return /^https?:\/\//.test(from);
}

/** The URL of a release file under `from`. */
export function releaseUrl(from: string, file: ReleaseFile, version: string): string {
  const base = from.replace(/\/+$/, '');
  if (base === KNATIVE_GITHUB_RELEASES) return `${base}/${file.repo}/releases/download/knative-v${version}/${file.name}`;
  return `${base}/${file.name}`;
}

/** What fetching a URL gave: its text, or why not. */
type Fetched = { readonly text: string } | { readonly error: string };
const FETCHED = new Map<string, Fetched>();

/**
 * Fetches URLs synchronously, all in one child Node process (synth is synchronous), once per
 * process: the child prints one JSON object of url -> text or error.
 */
export function prefetch(urls: readonly string[]): void {
  const todo = [...new Set(urls)].filter((u) => !FETCHED.has(u));
  if (!todo.length) return;
  const script = [
    'const urls = JSON.parse(process.argv[1]);',
    'Promise.all(urls.map((u) => fetch(u, { redirect: "follow" })',
    '  .then(async (r) => (r.ok ? { text: await r.text() } : { error: "HTTP " + r.status + " " + r.statusText }))',
    '  .catch((e) => ({ error: String((e && e.cause) || e) }))))',
    '  .then((all) => process.stdout.write(JSON.stringify(Object.fromEntries(urls.map((u, i) => [u, all[i]])))));',
  ].join('\n');
  let out: Record<string, Fetched>;
  try {
    out = JSON.parse(execFileSync(process.execPath, ['-e', script, JSON.stringify(todo)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 300_000, stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (err) {
    const why = String((err as { stderr?: string }).stderr || (err as Error).message).trim().split('\n')[0];
    out = Object.fromEntries(todo.map((u) => [u, { error: why }]));
  }
  for (const u of todo) FETCHED.set(u, out[u] ?? { error: 'no answer' });
}

function fetchSync(url: string): string {
  prefetch([url]);
  const got = FETCHED.get(url)!;
  if ('error' in got) throw new Error(got.error);
  return got.text;
}

function walk(dir: string, out: string[], depth = 0): void {
  if (depth > 8) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out, depth + 1);
    else if (e.isFile() || e.isSymbolicLink()) out.push(p);
  }
}

const LISTINGS = new Map<string, string[]>();
/** Parsed files, by source and content: the objects are read-only to callers (they clone what they change). */
const PARSED = new Map<string, { readonly text: string; readonly objects: Manifest[] }>();

/** The path of a release file in a folder (`serving-core.yaml` or `2-serving-core.yaml`), or a problem. */
function findInFolder(from: string, file: ReleaseFile, version: string): { path: string } | { problem: string } {
  const root = path.resolve(from);
  let files = LISTINGS.get(root);
  if (!files) {
    files = [];
    walk(root, files);
    LISTINGS.set(root, files);
  }
  const re = new RegExp(`^(\\d+-)?${file.name.replace(/[.]/g, '\\.')}$`);
  let found = files.filter((f) => re.test(path.basename(f)));
  if (found.length > 1) {
    const ofVersion = found.filter((f) => f.split(path.sep).includes(version) || f.split(path.sep).includes(`v${version}`));
    if (ofVersion.length) found = ofVersion;
    if (found.length > 1) {
      const ofRepo = found.filter((f) => f.split(path.sep).includes(file.repo));
      if (ofRepo.length) found = ofRepo;
    }
  }
  if (found.length === 0) return { problem: `no ${file.name} (or N-${file.name}) under ${from}` };
  if (found.length > 1) return { problem: `${file.name} is ambiguous under ${from}: ${found.map((f) => path.relative(root, f)).join(', ')}` };
  return { path: found[0] };
}

/** Reads one release file from a folder or URL. */
export function readReleaseFile(from: string, file: ReleaseFile, version = KNATIVE_VERSION): ReadResult {
  let text: string;
  let source: string;
  try {
    if (isUrl(from)) {
      source = releaseUrl(from, file, version);
      text = fetchSync(source);
    } else {
      if (!fs.existsSync(from) || !fs.statSync(from).isDirectory()) return { problem: `${from} is not a folder` };
      const where = findInFolder(from, file, version);
      if ('problem' in where) return where;
      source = where.path;
      text = fs.readFileSync(where.path, 'utf8');
    }
  } catch (err) {
    return { problem: `could not read ${file.name} from ${from}: ${(err as Error).message}`.trim() };
  }
  const key = `${source}\0${text.length}`;
  const cached = PARSED.get(key);
  if (cached && cached.text === text) return { objects: cached.objects, source };
  const objects: Manifest[] = [];
  for (const doc of yaml().parseAllDocuments(text, { maxAliasCount: 100 } as YamlModule.ParseOptions)) {
    if (doc.errors.length) return { problem: `${source}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}` };
    const v = doc.toJS({ maxAliasCount: 100 });
    if (v === null || v === undefined) continue;
    if (typeof v !== 'object' || Array.isArray(v) || typeof v.kind !== 'string' || typeof v.apiVersion !== 'string') {
      return { problem: `${source}: a document is not a Kubernetes object (no apiVersion and kind)` };
    }
    objects.push(v as Manifest);
  }
  PARSED.set(key, { text, objects });
  return { objects, source };
}

/** The group of an apiVersion (`` for the core group). */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** Where a release object goes. */
export type Place = 'foundation' | 'config' | 'controllers' | 'resources' | 'post-install';

/**
 * Where an object of a release file goes in the install:
 * - Namespaces and CRDs first (foundation): everything else lives in them or is one of them.
 * - ConfigMaps before the controllers, in the same phase: Knative's controllers and webhooks
 *   refuse to start while a ConfigMap they watch is missing (knative.dev/pkg's informed watcher),
 *   and the config webhook, which would validate them, gets its rules only once it runs, so the
 *   release applies them with everything else; the library checks their values at synth instead.
 * - Deployments, Services, RBAC, webhook configurations, their Secrets, PodDisruptionBudgets,
 *   HorizontalPodAutoscalers (they scale the activator and webhooks) and net-istio's
 *   PeerAuthentications (they keep the webhooks reachable under STRICT mTLS): the controllers.
 * - Custom resources the controllers reconcile or the webhooks validate (net-istio's Gateways,
 *   Knative's internal Certificate, the queue-proxy caching Image, Eventing's cert-manager
 *   Certificates): after the controllers.
 * - Post-install Jobs and what they run as: last, once the controllers are up.
 */
export function placeOf(o: Manifest, fromPostInstall: boolean): Place {
  if (o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition') return 'foundation';
  if (fromPostInstall) return 'post-install';
  if (o.kind === 'ConfigMap' && groupOf(o.apiVersion) === '') return 'config';
  const g = groupOf(o.apiVersion);
  if (g === 'networking.istio.io' || g === 'cert-manager.io' || g === 'caching.internal.knative.dev' || g === 'networking.internal.knative.dev') return 'resources';
  return 'controllers';
}

/** Deployments the operator never scales (pkg/reconciler/common/ha.go). */
const HA_UNSUPPORTED = new Set(['pingsource-mt-adapter']);
/** Deployments an HPA scales (pkg/reconciler/common/hpa.go). */
const HAS_HPA = new Set(['webhook', 'activator', '3scale-kourier-gateway', 'eventing-webhook', 'mt-broker-ingress', 'mt-broker-filter',
  'kafka-broker-dispatcher', 'kafka-source-dispatcher', 'kafka-channel-dispatcher']);

/** The operator's HighAvailabilityTransform, applied to a release object (in place). */
export function applyHighAvailability(o: Manifest, replicas: number): void {
  const name = o.metadata?.name;
  if (o.kind === 'Deployment' && !HA_UNSUPPORTED.has(name) && !HAS_HPA.has(name)) {
    o.spec = { ...(o.spec ?? {}), replicas };
  }
  if (o.kind === 'HorizontalPodAutoscaler' && o.spec) {
    const min = typeof o.spec.minReplicas === 'number' ? o.spec.minReplicas : 0;
    if (min >= replicas) return;
    o.spec.minReplicas = replicas;
    if (typeof o.spec.maxReplicas === 'number') o.spec.maxReplicas = o.spec.maxReplicas + (replicas - min);
  }
}

/** The release version the objects' `app.kubernetes.io/version` labels name, if any. */
export function versionOf(objects: readonly Manifest[]): string | undefined {
  for (const o of objects) {
    const v = o.metadata?.labels?.['app.kubernetes.io/version'];
    if (typeof v === 'string' && v) return v;
  }
  return undefined;
}
