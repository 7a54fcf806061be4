/**
 * What the API server or the kubelet refuses in the Deployment Knative creates (rules S-K*),
 * and that Knative's own webhook lets through.
 */
import { byRule, variant } from '../../../helpers';
import { SERVICE, ctr, errorsOf, only, pod } from './fixtures';

const C0 = 'spec.template.spec.containers[0]';

describe('Kubernetes pod validation of the revision Deployment', () => {
  test('S-K1: a container name must be a DNS-1123 label', () => {
    const f = only(variant(SERVICE, (o) => { ctr(o).name = 'My_App'; }), 'S-K1');
    expect(f.field).toBe(`${C0}.name`);
    expect(f.message).toMatch(/^Invalid value: "My_App": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'/);
    expect(byRule(variant(SERVICE, (o) => { ctr(o).name = 'app-1'; }), 'S-K1')).toEqual([]);
    // An unnamed container gets Knative's default name, which is valid.
    expect(byRule(SERVICE, 'S-K1')).toEqual([]);
  });

  test('S-K1: init container names too', () => {
    const on = { serving: { features: { 'kubernetes.podspec-init-containers': 'Enabled' as const } } };
    const o = variant(SERVICE, (x) => { pod(x).initContainers = [{ name: 'Setup', image: 'busybox:1.36', securityContext: ctr(x).securityContext }]; });
    expect(only(o, 'S-K1', on).field).toBe('spec.template.spec.initContainers[0].name');
  });

  test('S-K2: runAsUser 0 with runAsNonRoot true never starts', () => {
    const f = only(variant(SERVICE, (o) => { ctr(o).securityContext.runAsUser = 0; }), 'S-K2');
    expect(f.field).toBe(`${C0}.securityContext.runAsUser`);
    expect(f.severity).toBe('error');
    expect(f.message).toMatch(/^container's runAsUser breaks non-root policy/);
    expect(f.message).toMatch(/kubelet refuses to start the container/);
    expect(byRule(variant(SERVICE, (o) => { ctr(o).securityContext.runAsUser = 1000; }), 'S-K2')).toEqual([]);
    expect(byRule(variant(SERVICE, (o) => { ctr(o).securityContext.runAsUser = 0; ctr(o).securityContext.runAsNonRoot = false; }), 'S-K2')).toEqual([]);
  });

  test('S-K2: the pod-level runAsUser counts, and secure-pod-defaults Enabled implies runAsNonRoot', () => {
    const psc = { serving: { features: { 'kubernetes.podspec-securitycontext': 'Enabled' as const } } };
    const o = variant(SERVICE, (x) => { pod(x).securityContext = { runAsUser: 0 }; });
    expect(only(o, 'S-K2', psc).field).toBe(`${C0}.securityContext.runAsNonRoot`);
    const bare = variant(SERVICE, (x) => { ctr(x).securityContext = { runAsUser: 0 }; });
    expect(byRule(bare, 'S-K2')).toEqual([]);
    expect(only(bare, 'S-K2', { serving: { securePodDefaults: 'Enabled' } }).field).toBe(`${C0}.securityContext.runAsUser`);
    expect(byRule(bare, 'S-K2', { serving: { securePodDefaults: 'AllowRootBounded' } })).toEqual([]);
  });

  test('S-K3: liveness and startup successThreshold must be 1 (0 is defaulted to 1)', () => {
    let f = only(variant(SERVICE, (o) => { ctr(o).livenessProbe = { httpGet: { path: '/' }, successThreshold: 2 }; }), 'S-K3');
    expect(f.field).toBe(`${C0}.livenessProbe.successThreshold`);
    expect(f.message).toBe('Invalid value: 2: must be 1');
    f = only(variant(SERVICE, (o) => { ctr(o).startupProbe = { httpGet: { path: '/' }, successThreshold: 3 }; }), 'S-K3');
    expect(f.field).toBe(`${C0}.startupProbe.successThreshold`);
    expect(byRule(variant(SERVICE, (o) => { ctr(o).livenessProbe = { httpGet: { path: '/' }, successThreshold: 0 }; }), 'S-K3')).toEqual([]);
    expect(byRule(variant(SERVICE, (o) => { ctr(o).readinessProbe = { httpGet: { path: '/' }, successThreshold: 3 }; }), 'S-K3')).toEqual([]);
  });

  test('S-K3: liveness/startup numbers are non-negative and terminationGracePeriodSeconds positive', () => {
    let f = only(variant(SERVICE, (o) => { ctr(o).livenessProbe = { tcpSocket: {}, periodSeconds: -5 }; }), 'S-K3');
    expect(f.field).toBe(`${C0}.livenessProbe.periodSeconds`);
    expect(f.message).toBe('Invalid value: -5: must be greater than or equal to 0');
    f = only(variant(SERVICE, (o) => { ctr(o).startupProbe = { tcpSocket: {}, terminationGracePeriodSeconds: 0 }; }), 'S-K3');
    expect(f.message).toBe('Invalid value: 0: must be greater than 0');
  });

  test('S-K4: seccomp Localhost needs localhostProfile, and only Localhost may have one', () => {
    let f = only(variant(SERVICE, (o) => { ctr(o).securityContext.seccompProfile = { type: 'Localhost' }; }), 'S-K4');
    expect(f.field).toBe(`${C0}.securityContext.seccompProfile.localhostProfile`);
    expect(f.message).toBe('Required value: must be set when seccomp type is Localhost');
    f = only(variant(SERVICE, (o) => { ctr(o).securityContext.seccompProfile = { type: 'RuntimeDefault', localhostProfile: 'p.json' }; }), 'S-K4');
    expect(f.message).toBe('Invalid value: can only be set when seccomp type is Localhost');
    f = only(variant(SERVICE, (o) => { ctr(o).securityContext.seccompProfile = { type: 'Strict' }; }), 'S-K4');
    expect(f.field).toBe(`${C0}.securityContext.seccompProfile.type`);
    expect(f.message).toBe('Unsupported value: "Strict": supported values: "Localhost", "RuntimeDefault", "Unconfined"');
    f = only(variant(SERVICE, (o) => { ctr(o).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: '../etc/p.json' }; }), 'S-K4');
    expect(f.message).toBe('Invalid value: "../etc/p.json": must not contain \'..\'');
    expect(errorsOf(variant(SERVICE, (o) => { ctr(o).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/p.json' }; }))).toEqual([]);
  });

  test('S-K4: an empty seccompProfile is defaulted by secure-pod-defaults, refused without', () => {
    const o = variant(SERVICE, (x) => { ctr(x).securityContext.seccompProfile = {}; });
    expect(only(o, 'S-K4').message).toBe('Required value: type is required when seccompProfile is set');
    expect(byRule(o, 'S-K4', { serving: { securePodDefaults: 'Enabled' } })).toEqual([]);
  });

  test('S-K5: requests may not exceed limits, quantities are non-negative', () => {
    let f = only(variant(SERVICE, (o) => { ctr(o).resources = { requests: { cpu: '2' }, limits: { cpu: '1500m' } }; }), 'S-K5');
    expect(f.field).toBe(`${C0}.resources.requests[cpu]`);
    expect(f.message).toBe('Invalid value: "2": must be less than or equal to cpu limit of 1500m');
    f = only(variant(SERVICE, (o) => { ctr(o).resources = { requests: { memory: '1Gi' }, limits: { memory: '1000Mi' } }; }), 'S-K5');
    expect(f.message).toBe('Invalid value: "1Gi": must be less than or equal to memory limit of 1000Mi');
    f = only(variant(SERVICE, (o) => { ctr(o).resources = { limits: { memory: '-1Mi' } }; }), 'S-K5');
    expect(f.message).toBe('Invalid value: "-1Mi": must be greater than or equal to 0');
    expect(byRule(variant(SERVICE, (o) => { ctr(o).resources = { requests: { cpu: '1', memory: '1024Mi' }, limits: { cpu: '1000m', memory: '1Gi' } }; }), 'S-K5')).toEqual([]);
    f = only(variant(SERVICE, (o) => { ctr(o).resources = { requests: { 'nvidia.com/gpu': '1' } }; }), 'S-K5');
    expect(f.field).toBe(`${C0}.resources.limits`);
    expect(f.message).toBe('Required value: Limit must be set for non overcommitable resources');
    f = only(variant(SERVICE, (o) => { ctr(o).resources = { requests: { 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '2' } }; }), 'S-K5');
    expect(f.message).toBe('Invalid value: "1": must be equal to nvidia.com/gpu limit of 2');
    expect(byRule(variant(SERVICE, (o) => { ctr(o).resources = { limits: { 'nvidia.com/gpu': '1' } }; }), 'S-K5')).toEqual([]);
  });

  test('S-K6: environment variable names are printable ASCII without "="', () => {
    const f = only(variant(SERVICE, (o) => { ctr(o).env = [{ name: 'A=B', value: 'x' }]; }), 'S-K6');
    expect(f.field).toBe(`${C0}.env[0].name`);
    expect(f.message).toBe('Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\'');
    expect(byRule(variant(SERVICE, (o) => { ctr(o).env = [{ name: 'my.var-1', value: 'x' }]; }), 'S-K6')).toEqual([]);
  });

  test('S-K7: imagePullPolicy and httpGet scheme are enums', () => {
    let f = only(variant(SERVICE, (o) => { ctr(o).imagePullPolicy = 'Sometimes'; }), 'S-K7');
    expect(f.field).toBe(`${C0}.imagePullPolicy`);
    expect(f.message).toBe('Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"');
    f = only(variant(SERVICE, (o) => { ctr(o).livenessProbe = { httpGet: { path: '/', scheme: 'https' } }; }), 'S-K7');
    expect(f.message).toBe('Unsupported value: "https": supported values: "HTTP", "HTTPS"');
  });

  test('S-K8: a volumeMount subPath is relative and has no ..', () => {
    const withVolume = (subPath: string) => variant(SERVICE, (o) => {
      pod(o).volumes = [{ name: 'cfg', configMap: { name: 'cfg' } }];
      ctr(o).volumeMounts = [{ name: 'cfg', mountPath: '/etc/cfg', readOnly: true, subPath }];
    });
    expect(only(withVolume('/abs'), 'S-K8').message).toBe('Invalid value: "/abs": must be a relative path');
    expect(only(withVolume('a/../../b'), 'S-K8').message).toBe('Invalid value: "a/../../b": must not contain \'..\'');
    expect(byRule(withVolume('app.yaml'), 'S-K8')).toEqual([]);
  });

  test('S-K9: a startup probe reaches the kubelet as written: its port must be explicit', () => {
    let f = only(variant(SERVICE, (o) => { ctr(o).startupProbe = { tcpSocket: {} }; }), 'S-K9');
    expect(f.field).toBe(`${C0}.startupProbe.tcpSocket.port`);
    expect(f.message).toBe('Invalid value: 0: must be between 1 and 65535, inclusive');
    f = only(variant(SERVICE, (o) => { ctr(o).startupProbe = { httpGet: { path: '/', port: 'http' } }; }), 'S-K9');
    expect(f.message).toBe('the kubelet cannot resolve the named port "http": Knative names the serving port "user-port" in the Deployment');
    f = only(variant(SERVICE, (o) => { ctr(o).startupProbe = { grpc: { port: 70000 } }; }), 'S-K9');
    expect(f.message).toBe('Invalid value: 70000: must be between 1 and 65535, inclusive');
    expect(byRule(variant(SERVICE, (o) => { ctr(o).startupProbe = { tcpSocket: { port: 8080 } }; }), 'S-K9')).toEqual([]);
  });

  test('S-K9: the serving liveness port is rewritten by Knative unless multi-container-probing keeps a custom one', () => {
    expect(byRule(variant(SERVICE, (o) => { ctr(o).livenessProbe = { tcpSocket: {} }; }), 'S-K9')).toEqual([]);
    expect(byRule(variant(SERVICE, (o) => { ctr(o).livenessProbe = { tcpSocket: { port: 'http' } }; }), 'S-K9')).toEqual([]);
    const on = { serving: { features: { 'multi-container-probing': 'Enabled' as const } } };
    const big = variant(SERVICE, (o) => { ctr(o).livenessProbe = { tcpSocket: { port: 99999 } }; });
    expect(byRule(big, 'S-K9')).toEqual([]);
    expect(only(big, 'S-K9', on).field).toBe(`${C0}.livenessProbe.tcpSocket.port`);
  });

  test('S-K9: a sidecar liveness or startup probe cannot use a named port (sidecars have none)', () => {
    const on = { serving: { features: { 'multi-container-probing': 'Enabled' as const } } };
    const o = variant(SERVICE, (x) => { pod(x).containers.push({ name: 'proxy', image: 'envoyproxy/envoy:v1.30', securityContext: ctr(x).securityContext, livenessProbe: { httpGet: { port: 'admin' } } }); });
    const f = only(o, 'S-K9', on);
    expect(f.field).toBe('spec.template.spec.containers[1].livenessProbe.httpGet.port');
    expect(f.message).toBe('the kubelet cannot resolve the named port "admin": a sidecar has no ports');
  });

  test('S-K10: init container ports reach the Deployment unchanged', () => {
    const on = { serving: { features: { 'kubernetes.podspec-init-containers': 'Enabled' as const } } };
    const init = (ports: unknown[]) => variant(SERVICE, (x) => { pod(x).initContainers = [{ name: 'setup', image: 'busybox:1.36', securityContext: ctr(x).securityContext, ports }]; });
    let f = only(init([{ containerPort: 0 }]), 'S-K10', on);
    expect(f.field).toBe('spec.template.spec.initContainers[0].ports[0].containerPort');
    expect(f.message).toBe('Required value');
    f = only(init([{ containerPort: 9000, name: 'Metrics_Port' }]), 'S-K10', on);
    expect(f.message).toMatch(/^Invalid value: "Metrics_Port": /);
    f = only(init([{ containerPort: 9000, name: 'm' }, { containerPort: 9001, name: 'm' }]), 'S-K10', on);
    expect(f.message).toBe('Duplicate value: "m"');
    f = only(init([{ containerPort: 9000, protocol: 'HTTP' }]), 'S-K10', on);
    expect(f.message).toBe('Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"');
    expect(byRule(init([{ containerPort: 9000, name: 'metrics', protocol: 'UDP' }]), 'S-K10', on)).toEqual([]);
  });

  test('S-K11: dnsPolicy and tolerations, once their flags let them through', () => {
    const dns = { serving: { features: { 'kubernetes.podspec-dnspolicy': 'Enabled' as const, 'kubernetes.podspec-dnsconfig': 'Enabled' as const } } };
    let f = only(variant(SERVICE, (o) => { pod(o).dnsPolicy = 'Google'; }), 'S-K11', dns);
    expect(f.field).toBe('spec.template.spec.dnsPolicy');
    expect(f.message).toBe('Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"');
    f = only(variant(SERVICE, (o) => { pod(o).dnsPolicy = 'None'; pod(o).dnsConfig = { searches: ['svc.cluster.local'] }; }), 'S-K11', dns);
    expect(f.field).toBe('spec.template.spec.dnsConfig.nameservers');
    expect(errorsOf(variant(SERVICE, (o) => { pod(o).dnsPolicy = 'None'; pod(o).dnsConfig = { nameservers: ['10.0.0.10'] }; }), dns)).toEqual([]);
    const tol = { serving: { features: { 'kubernetes.podspec-tolerations': 'Enabled' as const } } };
    f = only(variant(SERVICE, (o) => { pod(o).tolerations = [{ key: 'gpu', operator: 'Exists', value: 'yes' }]; }), 'S-K11', tol);
    expect(f.message).toBe('Invalid value: "Exists": value must be empty when `operator` is \'Exists\'');
    f = only(variant(SERVICE, (o) => { pod(o).tolerations = [{ key: 'gpu', operator: 'Equal', value: 'yes', effect: 'NoSchedule', tolerationSeconds: 30 }]; }), 'S-K11', tol);
    expect(f.field).toBe('spec.template.spec.tolerations[0].effect');
    expect(errorsOf(variant(SERVICE, (o) => { pod(o).tolerations = [{ key: 'gpu', operator: 'Equal', value: 'yes', effect: 'NoExecute', tolerationSeconds: 30 }]; }), tol)).toEqual([]);
  });
});
