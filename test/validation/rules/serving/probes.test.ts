import { byRule, variant } from '../../../helpers';
import { CONTAINER, SERVICE, ctr, errorsOf, only, pod } from './fixtures';

const sidecar = { name: 'proxy', image: 'envoyproxy/envoy:v1.30', securityContext: CONTAINER.securityContext };

describe('probes', () => {
  test('R1: one handler per probe', () => {
    let f = only(variant(SERVICE, (o) => { ctr(o).livenessProbe = { periodSeconds: 5 }; }), 'R1');
    expect(f.message).toBe('expected exactly one, got neither');
    expect(f.field).toBe(['exec', 'grpc', 'httpGet', 'tcpSocket'].map((k) => `spec.template.spec.containers[0].livenessProbe.${k}`).join(', '));
    f = only(variant(SERVICE, (o) => { ctr(o).readinessProbe = { httpGet: { path: '/' }, tcpSocket: {} }; }), 'R1');
    expect(f.message).toBe('expected exactly one, got both');
    expect(f.field).toBe('spec.template.spec.containers[0].readinessProbe.httpGet, spec.template.spec.containers[0].readinessProbe.tcpSocket');
  });

  test('a readiness probe without a handler gets the default TCP probe', () => {
    expect(errorsOf(variant(SERVICE, (o) => { ctr(o).readinessProbe = { initialDelaySeconds: 1 }; }))).toEqual([]);
  });

  test('R2: a named probe port must be the container port name', () => {
    const f = only(variant(SERVICE, (o) => { ctr(o).livenessProbe = { tcpSocket: { port: 'imap' } }; }), 'R2');
    expect(f.field).toBe('spec.template.spec.containers[0].livenessProbe.tcpSocket.port');
    expect(f.message).toBe('invalid value: imap: Probe port must match container port');
    expect(byRule(variant(SERVICE, (o) => { ctr(o).ports[0].name = 'h2c'; ctr(o).livenessProbe = { httpGet: { port: 'h2c' } }; }), 'R2')).toEqual([]);
    expect(byRule(variant(SERVICE, (o) => { ctr(o).livenessProbe = { httpGet: { port: 8080 } }; }), 'R2')).toEqual([]);
  });

  test('R3: readiness numbers', () => {
    let f = only(variant(SERVICE, (o) => { ctr(o).readinessProbe = { tcpSocket: {}, failureThreshold: 3 }; }), 'R3');
    expect(f.field).toBe('spec.template.spec.containers[0].readinessProbe.failureThreshold');
    expect(f.message).toBe('failureThreshold is disallowed when periodSeconds is zero');
    f = only(variant(SERVICE, (o) => { ctr(o).readinessProbe = { tcpSocket: {}, timeoutSeconds: 3 }; }), 'R3');
    expect(f.message).toBe('timeoutSeconds is disallowed when periodSeconds is zero');
    f = only(variant(SERVICE, (o) => { ctr(o).readinessProbe = { tcpSocket: {}, periodSeconds: -1 }; }), 'R3');
    expect(f.message).toBe('expected 0 <= -1 <= 2147483647');
    expect(f.field).toBe('spec.template.spec.containers[0].readinessProbe.periodSeconds');
    expect(byRule(variant(SERVICE, (o) => { ctr(o).readinessProbe = { tcpSocket: {}, periodSeconds: 5 }; }), 'R3')).toEqual([]);
  });

  test('R4: sidecar probes need multi-container-probing, then an explicit port', () => {
    const o = variant(SERVICE, (x) => { pod(x).containers.push({ ...sidecar, readinessProbe: { httpGet: { path: '/ready' } } }); });
    const f = only(o, 'R4');
    // Knative compares the (defaulted) probe with an empty one: the handler shows as the probe itself.
    expect(f.field).toBe('spec.template.spec.containers[1].readinessProbe, spec.template.spec.containers[1].readinessProbe.successThreshold');
    expect(f.message).toBe('must not set the field(s)');
    const on = { serving: { features: { 'multi-container-probing': 'Enabled' as const } } };
    const g = only(o, 'R4', on);
    expect(g.field).toBe('spec.template.spec.containers[1].readinessProbe.httpGet.port');
    expect(g.message).toBe('invalid value: 0: Probe port must be specified');
    const withPort = variant(o, (x) => { pod(x).containers[1].readinessProbe.httpGet.port = 9901; });
    expect(byRule(withPort, 'R4', on)).toEqual([]);
  });

  test('R4: without multi-container-probing, every set field of every sidecar probe, startup included, in one error', () => {
    const o = variant(SERVICE, (x) => {
      pod(x).containers.push({
        ...sidecar,
        livenessProbe: { exec: { command: ['true'] } },
        startupProbe: { tcpSocket: { port: 9901 }, periodSeconds: 2, failureThreshold: 30, terminationGracePeriodSeconds: 5 },
      });
    });
    const f = only(o, 'R4');
    expect(f.message).toBe('must not set the field(s)');
    expect(f.field).toBe([
      'livenessProbe', 'startupProbe', 'startupProbe.failureThreshold', 'startupProbe.periodSeconds', 'startupProbe.terminationGracePeriodSeconds',
    ].map((k) => `spec.template.spec.containers[1].${k}`).join(', '));
  });

  test('R4: with multi-container-probing, a sidecar startup probe needs its port, and one handler (R1)', () => {
    const on = { serving: { features: { 'multi-container-probing': 'Enabled' as const } } };
    const o = variant(SERVICE, (x) => { pod(x).containers.push({ ...sidecar, startupProbe: { httpGet: { path: '/started' } } }); });
    const f = only(o, 'R4', on);
    expect(f.field).toBe('spec.template.spec.containers[1].startupProbe.httpGet.port');
    expect(f.message).toBe('invalid value: 0: Probe port must be specified');
    const g = only(variant(SERVICE, (x) => { pod(x).containers.push({ ...sidecar, startupProbe: { periodSeconds: 1 } }); }), 'R1', on);
    expect(g.message).toBe('expected exactly one, got neither');
    expect(g.field).toBe(['exec', 'grpc', 'httpGet', 'tcpSocket'].map((k) => `spec.template.spec.containers[1].startupProbe.${k}`).join(', '));
  });

  test('R3: with multi-container-probing, a sidecar readiness probe gets the readiness number checks', () => {
    const on = { serving: { features: { 'multi-container-probing': 'Enabled' as const } } };
    const o = variant(SERVICE, (x) => { pod(x).containers.push({ ...sidecar, readinessProbe: { tcpSocket: { port: 9901 }, timeoutSeconds: 2 } }); });
    const f = only(o, 'R3', on);
    expect(f.field).toBe('spec.template.spec.containers[1].readinessProbe.timeoutSeconds');
    expect(f.message).toBe('timeoutSeconds is disallowed when periodSeconds is zero');
  });

  test('R1/R2: the serving container startup probe (Knative 1.23)', () => {
    let f = only(variant(SERVICE, (o) => { ctr(o).startupProbe = { failureThreshold: 30 }; }), 'R1');
    expect(f.message).toBe('expected exactly one, got neither');
    expect(f.field).toBe(['exec', 'grpc', 'httpGet', 'tcpSocket'].map((k) => `spec.template.spec.containers[0].startupProbe.${k}`).join(', '));
    f = only(variant(SERVICE, (o) => { ctr(o).startupProbe = { httpGet: { path: '/' }, exec: { command: ['true'] } }; }), 'R1');
    expect(f.message).toBe('expected exactly one, got both');
    f = only(variant(SERVICE, (o) => { ctr(o).startupProbe = { httpGet: { port: 'admin' } }; }), 'R2');
    expect(f.field).toBe('spec.template.spec.containers[0].startupProbe.httpGet.port');
    expect(f.message).toBe('invalid value: admin: Probe port must match container port');
    expect(errorsOf(variant(SERVICE, (o) => { ctr(o).startupProbe = { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1, failureThreshold: 60 }; }))).toEqual([]);
  });
});
