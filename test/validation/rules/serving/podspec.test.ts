import { byRule, findings, variant } from '../../../helpers';
import { CONTAINER, REVISION, SERVICE, ctr, errorsOf, only, pod } from './fixtures';

const sidecar = { name: 'proxy', image: 'envoyproxy/envoy:v1.30', securityContext: CONTAINER.securityContext };

describe('pod spec field masks', () => {
  test('S-F1: feature-gated pod fields need their flag', () => {
    const withAffinity = variant(SERVICE, (o) => { pod(o).affinity = { nodeAffinity: {} }; });
    const f = only(withAffinity, 'S-F1');
    expect(f.field).toBe('spec.template.spec.affinity');
    expect(f.message).toBe('must not set the field(s)');
    expect(f.allowed).toBe('only with kubernetes.podspec-affinity enabled');
    expect(byRule(withAffinity, 'S-F1', { serving: { features: { 'kubernetes.podspec-affinity': 'Allowed' } } })).toEqual([]);
    expect(byRule(variant(SERVICE, (o) => { pod(o).hostNetwork = false; }), 'S-F1')).toEqual([]);
    expect(byRule(variant(SERVICE, (o) => { pod(o).tolerations = [{ key: 'k', operator: 'Exists' }]; }), 'S-F1')).toHaveLength(1);
  });

  test('S-F1: automountServiceAccountToken may only be false', () => {
    expect(byRule(variant(SERVICE, (o) => { pod(o).automountServiceAccountToken = false; }), 'S-F1')).toEqual([]);
    const f = only(variant(SERVICE, (o) => { pod(o).automountServiceAccountToken = true; }), 'S-F1');
    expect(f.field).toBe('spec.template.spec.automountServiceAccountToken');
  });

  test('S-F2: init container fields outside the container mask (preserve-unknown in the CRD)', () => {
    const on = { serving: { features: { 'kubernetes.podspec-init-containers': 'Enabled' as const } } };
    const o = variant(SERVICE, (x) => { pod(x).initContainers = [{ name: 'setup', image: 'busybox:1.36', stdin: true, lifecycle: {} }]; });
    const found = byRule(o, 'S-F2', on);
    expect(found.map((f) => f.field).sort()).toEqual(['spec.template.spec.containers[0].lifecycle', 'spec.template.spec.containers[0].stdin']);
    expect(found[0].message).toBe('must not set the field(s)');
  });

  test('S-F3: pod securityContext needs its flag, then only some fields', () => {
    const o = variant(SERVICE, (x) => { pod(x).securityContext = { runAsUser: 1000, sysctls: [{ name: 'a', value: '1' }] }; });
    expect(only(o, 'S-F1').field).toBe('spec.template.spec.securityContext');
    const on = { serving: { features: { 'kubernetes.podspec-securitycontext': 'Enabled' as const } } };
    const f = only(o, 'S-F3', on);
    expect(f.field).toBe('spec.template.spec.securityContext.sysctls');
    expect(f.message).toBe('must not set the field(s)');
    expect(only(variant(o, (x) => { pod(x).securityContext = { fsGroup: -1 }; }), 'S-F3', on).message).toBe('expected 0 <= -1 <= 2147483647');
  });

  test('S-F3: container capabilities.add needs its flag; privileged only false', () => {
    const o = variant(SERVICE, (x) => { ctr(x).securityContext.capabilities.add = ['NET_ADMIN']; });
    const f = only(o, 'S-F3');
    expect(f.field).toBe('spec.template.spec.containers[0].securityContext.capabilities.add');
    expect(f.message).toBe('must not set the field(s)');
    expect(byRule(o, 'S-F3', { serving: { features: { 'kubernetes.containerspec-addcapabilities': 'Enabled' } } })).toEqual([]);
    const netBind = variant(SERVICE, (x) => { ctr(x).securityContext.capabilities.add = ['NET_BIND_SERVICE']; });
    expect(byRule(netBind, 'S-F3', { serving: { securePodDefaults: 'Enabled' } })).toEqual([]);
    expect(only(variant(SERVICE, (x) => { ctr(x).securityContext.privileged = true; }), 'S-F3').field)
      .toBe('spec.template.spec.containers[0].securityContext.privileged');
    expect(only(variant(SERVICE, (x) => { ctr(x).securityContext.runAsUser = -1; }), 'S-F3').message).toBe('expected 0 <= -1 <= 2147483647');
  });

  test('S-F4: env fieldRef needs kubernetes.podspec-fieldref', () => {
    const o = variant(SERVICE, (x) => { ctr(x).env = [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }]; });
    const f = only(o, 'S-F4');
    expect(f.field).toBe('spec.template.spec.containers[0].env[0].valueFrom.fieldRef');
    expect(f.message).toBe('must not set the field(s)');
    expect(byRule(o, 'S-F4', { serving: { features: { 'kubernetes.podspec-fieldref': 'Enabled' } } })).toEqual([]);
  });

  test('S-F5: init container ports allow only containerPort, name and protocol', () => {
    const on = { serving: { features: { 'kubernetes.podspec-init-containers': 'Enabled' as const } } };
    const o = variant(SERVICE, (x) => { pod(x).initContainers = [{ image: 'busybox:1.36', ports: [{ containerPort: 9000, hostPort: 9000 }] }]; });
    const f = only(o, 'S-F5', on);
    expect(f.field).toBe('spec.template.spec.containers[0].ports[0].hostPort');
  });

  test('S-W1: insecure security-context defaults warn unless secure-pod-defaults is on', () => {
    const bare = variant(SERVICE, (x) => { delete ctr(x).securityContext; });
    const w = findings(bare).filter((f) => f.rule === 'S-W1');
    expect(w.every((f) => f.severity === 'warning')).toBe(true);
    expect(w.map((f) => f.field).sort()).toEqual([
      'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
      'spec.template.spec.containers[0].securityContext.capabilities',
      'spec.template.spec.containers[0].securityContext.runAsNonRoot',
      'spec.template.spec.containers[0].securityContext.seccompProfile',
    ]);
    expect(w[0].message).toBe('Kubernetes default value is insecure, Knative may default this to secure in a future release');
    expect(errorsOf(bare)).toEqual([]);
    expect(byRule(bare, 'S-W1', { serving: { securePodDefaults: 'Enabled' } })).toEqual([]);
    const lower = byRule(variant(SERVICE, (x) => { ctr(x).securityContext.capabilities.drop = ['all']; }), 'S-W1');
    expect(lower.map((f) => f.message)).toEqual(["invalid value: all: Must be spelled as 'ALL'"]);
    expect(byRule(SERVICE, 'S-W1')).toEqual([]);
  });
});

describe('containers and ports', () => {
  test('P1: at least one container', () => {
    const f = only(variant(SERVICE, (x) => { pod(x).containers = []; }), 'P1');
    expect(f.field).toBe('spec.template.spec.containers');
    expect(f.message).toBe('missing field(s)');
  });

  test('P2: several containers need multi-container', () => {
    const two = variant(SERVICE, (x) => { pod(x).containers.push(sidecar); });
    expect(errorsOf(two)).toEqual([]);
    const f = only(two, 'P2', { serving: { features: { 'multi-container': 'Disabled' } } });
    expect(f.message).toBe('multi-container is off, but found 2 containers');
  });

  test('P3: a single port across all containers', () => {
    const f = only(variant(SERVICE, (x) => { ctr(x).ports.push({ containerPort: 9000 }); }), 'P3');
    expect(f.field).toBe('spec.template.spec.containers[*].ports');
    expect(f.message).toBe('more than one container port is set: Only a single port is allowed across all containers');
  });

  test('P4: with several containers one must declare the port', () => {
    const f = only(variant(SERVICE, (x) => { delete ctr(x).ports; pod(x).containers.push(sidecar); }), 'P4');
    expect(f.field).toBe('spec.template.spec.containers[*].ports');
    expect(f.message).toBe('missing field(s)');
  });

  test('P5: port names are empty, h2c or http1', () => {
    expect(byRule(variant(SERVICE, (x) => { ctr(x).ports[0].name = 'h2c'; }), 'P5')).toEqual([]);
    const f = only(variant(SERVICE, (x) => { ctr(x).ports[0].name = 'http'; }), 'P5');
    expect(f.field).toBe('spec.template.spec.containers[0].ports');
    expect(f.message).toBe("Port name http is not allowed: Name must be empty, or one of: 'h2c', 'http1'");
    expect(f.allowed).toBe('one of: h2c, http1, or empty');
  });

  test('P6: protocol is TCP', () => {
    const f = only(variant(SERVICE, (x) => { ctr(x).ports[0].protocol = 'UDP'; }), 'P6');
    expect(f.field).toBe('spec.template.spec.containers[0].ports.protocol');
    expect(f.message).toBe('invalid value: UDP');
  });

  test('P7: reserved and out-of-range ports', () => {
    let f = only(variant(SERVICE, (x) => { ctr(x).ports[0].containerPort = 8012; }), 'P7');
    expect(f.field).toBe('spec.template.spec.containers[0].ports.containerPort');
    expect(f.message).toBe('invalid value: 8012 is a reserved port: 8012 is a reserved port, please use a different value');
    f = only(variant(REVISION, (x) => { x.spec.containers[0].ports[0].containerPort = 65536; }), 'P7');
    expect(f.message).toBe('expected 0 <= 65536 <= 65535');
    expect(byRule(variant(SERVICE, (x) => { ctr(x).ports[0].containerPort = 65535; }), 'P7')).toEqual([]);
  });

  test('P8: container names are unique', () => {
    const f = only(variant(SERVICE, (x) => { ctr(x).name = 'app'; pod(x).containers.push({ ...sidecar, name: 'app' }); }), 'P8');
    expect(f.field).toBe('spec.template.spec.containers[1].name');
    expect(f.message).toBe('duplicate container name "app"');
  });

  test('P9: queue-proxy is reserved', () => {
    const f = only(variant(SERVICE, (x) => { ctr(x).name = 'queue-proxy'; }), 'P9');
    expect(f.field).toBe('spec.template.spec.containers[0].name');
    expect(f.message).toBe('"queue-proxy" is a reserved container name');
  });

  test('P10: image is required and a valid reference', () => {
    let f = only(variant(SERVICE, (x) => { ctr(x).image = 'foo:bar:baz'; }), 'P10');
    expect(f.field).toBe('spec.template.spec.containers[0].image');
    expect(f.message).toBe('Failed to parse image reference: image: "foo:bar:baz", error: could not parse reference: foo:bar:baz');
    f = only(variant(SERVICE, (x) => { delete ctr(x).image; }), 'P10');
    expect(f.message).toBe('missing field(s)');
  });

  test('P11: env names are required and not reserved; sidecars may set PORT', () => {
    let f = only(variant(SERVICE, (x) => { ctr(x).env = [{ name: 'PORT', value: '1' }]; }), 'P11');
    expect(f.field).toBe('spec.template.spec.containers[0].env[0].name');
    expect(f.message).toBe('"PORT" is a reserved environment variable');
    f = only(variant(SERVICE, (x) => { ctr(x).env = [{ name: '', value: '1' }]; }), 'P11');
    expect(f.message).toBe('missing field(s)');
    const sc = variant(SERVICE, (x) => { pod(x).containers.push({ ...sidecar, env: [{ name: 'PORT', value: '1' }, { name: 'K_REVISION', value: 'x' }] }); });
    expect(byRule(sc, 'P11').map((x) => x.field)).toEqual(['spec.template.spec.containers[1].env[1].name']);
  });

  test('P12: envFrom names exactly one source', () => {
    let f = only(variant(SERVICE, (x) => { ctr(x).envFrom = [{ configMapRef: { name: 'a' }, secretRef: { name: 'b' } }]; }), 'P12');
    expect(f.message).toBe('expected exactly one, got both');
    expect(f.field).toBe('spec.template.spec.containers[0].envFrom.configMapRef, spec.template.spec.containers[0].envFrom.secretRef');
    f = only(variant(SERVICE, (x) => { ctr(x).envFrom = [{ prefix: 'X_' }]; }), 'P12');
    expect(f.message).toBe('expected exactly one, got neither');
  });

  test('P13: init containers need their flag and may not have probes', () => {
    const o = variant(SERVICE, (x) => { pod(x).initContainers = [{ image: 'busybox:1.36', livenessProbe: { exec: { command: ['true'] } } }]; });
    const off = byRule(o, 'P13');
    expect(off.map((f) => f.message)).toEqual(['pod spec support for init-containers is off, but found 1 init containers']);
    const on = byRule(o, 'P13', { serving: { features: { 'kubernetes.podspec-init-containers': 'Enabled' } } });
    expect(on.map((f) => [f.field, f.message])).toEqual([['spec.template.spec.containers[0].livenessProbe', 'field not allowed in an init container']]);
  });

  test('P14: serviceAccountName is a DNS-1123 subdomain', () => {
    expect(byRule(variant(SERVICE, (x) => { pod(x).serviceAccountName = 'builder'; }), 'P14')).toEqual([]);
    const f = only(variant(SERVICE, (x) => { pod(x).serviceAccountName = 'Builder'; }), 'P14');
    expect(f.field).toBe('spec.template.spec.serviceAccountName');
    expect(f.message).toMatch(/^invalid value: Builder: a lowercase RFC 1123 subdomain/);
  });

  test('P15: terminationMessagePolicy is File or FallbackToLogsOnError', () => {
    const f = only(variant(SERVICE, (x) => { ctr(x).terminationMessagePolicy = 'Never'; }), 'P15');
    expect(f.message).toBe('invalid value: Never');
  });
});

describe('no double reports with the CRD schema', () => {
  test('an absent env name or mountPath is left to the schema', () => {
    const o = variant(SERVICE, (x) => { ctr(x).env = [{ value: '1' }]; });
    expect(byRule(o, 'P11')).toEqual([]);
    expect(findings(o).some((f) => f.rule === 'schema')).toBe(true);
  });

  test('P1: an absent containers list is the schema error, an empty one the webhook error', () => {
    const absent = variant(SERVICE, (x) => { delete pod(x).containers; });
    expect(byRule(absent, 'P1')).toEqual([]);
    expect(findings(absent).some((f) => f.rule === 'schema')).toBe(true);
  });
});

describe('pod securityContext under secure-pod-defaults (PodSpecMask/PodSecurityContextMask at 1.23)', () => {
  const secure = { serving: { securePodDefaults: 'Enabled' as const } };
  test('S-F1: secure-pod-defaults lets a pod seccompProfile opt-out through without kubernetes.podspec-securitycontext', () => {
    const o = variant(SERVICE, (x) => { pod(x).securityContext = { seccompProfile: { type: 'Unconfined' } }; });
    expect(only(o, 'S-F1').field).toBe('spec.template.spec.securityContext');
    expect(errorsOf(o, secure)).toEqual([]);
    expect(errorsOf(o, { serving: { securePodDefaults: 'AllowRootBounded' } })).toEqual([]);
  });

  test('S-F3: but nothing else, and no Localhost profile', () => {
    let f = only(variant(SERVICE, (x) => { pod(x).securityContext = { runAsUser: 1000 }; }), 'S-F3', secure);
    expect(f.field).toBe('spec.template.spec.securityContext.runAsUser');
    expect(f.message).toBe('must not set the field(s)');
    f = only(variant(SERVICE, (x) => { pod(x).securityContext = { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } }; }), 'S-F3', secure);
    expect(f.field).toBe('spec.template.spec.securityContext.seccompProfile');
  });

  test('S-W1: no insecure-default warnings with AllowRootBounded either', () => {
    const bare = variant(SERVICE, (x) => { delete ctr(x).securityContext; });
    expect(byRule(bare, 'S-W1', { serving: { securePodDefaults: 'AllowRootBounded' } })).toEqual([]);
  });
});
