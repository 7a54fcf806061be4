/**
 * End to end through the CLI: Knative's ConfigMaps and KnativeServing/KnativeEventing objects
 * among the inputs are the cluster settings for the other documents; --settings wins over them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXIT_INVALID, EXIT_USAGE, runCli } from '../../lib/validation/cli';

function run(...argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const SERVICE = `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
  namespace: team-a
spec:
  template:
    metadata:
      annotations:
        autoscaling.knative.dev/initial-scale: "0"
    spec:
      timeoutSeconds: 800
      containers:
        - image: ghcr.io/knative/helloworld-go:latest
          securityContext:
            allowPrivilegeEscalation: false
            capabilities: { drop: [ALL] }
            runAsNonRoot: true
            seccompProfile: { type: RuntimeDefault }
---
apiVersion: eventing.knative.dev/v1
kind: Broker
metadata:
  name: default
  namespace: team-a
spec:
  config: { apiVersion: v1, kind: ConfigMap, name: shared-config, namespace: knative-eventing }
`;

const CLUSTER = `apiVersion: v1
kind: ConfigMap
metadata:
  name: config-autoscaler
  namespace: knative-serving
data:
  allow-zero-initial-scale: "true"
---
apiVersion: operator.knative.dev/v1beta1
kind: KnativeServing
metadata:
  name: knative-serving
  namespace: knative-serving
spec:
  config:
    defaults:
      max-revision-timeout-seconds: "900"
---
apiVersion: operator.knative.dev/v1beta1
kind: KnativeEventing
metadata:
  name: knative-eventing
  namespace: knative-eventing
spec:
  config:
    br-defaults:
      default-br-config: |
        clusterDefault:
          brokerClass: MTChannelBasedBroker
          apiVersion: v1
          kind: ConfigMap
          name: config-br-default-channel
          namespace: knative-eventing
        namespaceDefaults:
          team-a:
            disallowDifferentNamespaceConfig: true
`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-settings-'));
  fs.mkdirSync(path.join(dir, 'app'));
  fs.mkdirSync(path.join(dir, 'platform'));
  fs.writeFileSync(path.join(dir, 'app', 'service.yaml'), SERVICE);
  fs.writeFileSync(path.join(dir, 'platform', 'knative.yaml'), CLUSTER);
  fs.writeFileSync(path.join(dir, 'strict.json'), JSON.stringify({ serving: { autoscaler: { allowZeroInitialScale: false } } }));
  fs.writeFileSync(path.join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: config-autoscaler, namespace: knative-serving }\ndata: { initial-scale: "many" }\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const rules = (lines: string[]) => lines.map((l) => /\[([A-Z][\w-]*)\]$/.exec(l)?.[1]).filter(Boolean);

test('without the cluster\'s configuration, a stock cluster would refuse the app', () => {
  const r = run('validate', path.join(dir, 'app'));
  expect(r.code).toBe(EXIT_INVALID);
  expect(rules(r.out).sort()).toEqual(['A6', 'S-T5'].sort());
  expect(r.out.some((l) => l.startsWith('settings:'))).toBe(false);
});

test('ConfigMaps and operator objects among the inputs are the settings of the other documents', () => {
  const r = run('validate', path.join(dir, 'app'), path.join(dir, 'platform'));
  expect(r.err).toEqual([]);
  // initial-scale 0 and timeoutSeconds 800 are accepted; the namespace default now refuses the Broker's foreign config.
  expect(rules(r.out)).toEqual(['B2']);
  expect(r.out).toContain('settings: ConfigMap knative-serving/config-autoscaler, KnativeServing knative-serving/knative-serving, '
    + 'KnativeEventing knative-eventing/knative-eventing read as the cluster\'s settings');
});

test('--settings is layered on top of them', () => {
  const r = run('validate', path.join(dir, 'app'), path.join(dir, 'platform'), '--settings', path.join(dir, 'strict.json'));
  expect(r.code).toBe(EXIT_INVALID);
  expect(rules(r.out).sort()).toEqual(['A6', 'B2']);
  expect(r.out.some((l) => l.endsWith('read as the cluster\'s settings (the given settings win)'))).toBe(true);
});

test('a Knative ConfigMap the config webhook would refuse is bad input, named with its key', () => {
  const r = run('validate', path.join(dir, 'app'), path.join(dir, 'broken.yaml'));
  expect(r.code).toBe(EXIT_USAGE);
  expect(r.err).toEqual(['knative-faas-cdk validate: cluster settings: ConfigMap knative-serving/config-autoscaler: initial-scale: "many" not an integer']);
});

test('--settings the config webhook would refuse are bad input too', () => {
  fs.writeFileSync(path.join(dir, 'zero.json'), JSON.stringify({ serving: { autoscaler: { initialScale: 0 } } }));
  const r = run('validate', path.join(dir, 'app'), '--settings', path.join(dir, 'zero.json'));
  expect(r.code).toBe(EXIT_USAGE);
  expect(r.err).toEqual(['knative-faas-cdk validate: cluster settings: knative-serving/config-autoscaler initial-scale: '
    + 'initial-scale = 0, must be at least 0 (or at least 1 when allow-zero-initial-scale is false)']);
  // Layered over the platform's allow-zero-initial-scale it is fine.
  expect(run('validate', path.join(dir, 'platform'), '--settings', path.join(dir, 'zero.json')).code).toBe(0);
});
