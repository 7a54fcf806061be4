/** Knative's defaulting (SetDefaults at 1.23) runs before the rules that read defaulted fields. */
import { variant } from '../../../helpers';
import { CONFIGURATION, CONTAINER, SERVICE, ctr, errorsOf, only, pod } from './fixtures';

const sidecar = { image: 'envoyproxy/envoy:v1.30', securityContext: CONTAINER.securityContext };

describe('serving defaulting before validation', () => {
  test('a Service without spec: traffic is defaulted to 100% latest, only the missing containers remain', () => {
    const o = variant(SERVICE, (x) => { delete x.spec; });
    const errs = errorsOf(o);
    expect(errs.map((f) => [f.rule, f.field, f.message])).toEqual([['P1', 'spec.template.spec.containers', 'missing field(s)']]);
  });

  test('a Service with an empty spec or template likewise', () => {
    expect(errorsOf(variant(SERVICE, (x) => { x.spec = {}; })).map((f) => f.rule)).toEqual(['P1']);
    expect(errorsOf(variant(SERVICE, (x) => { x.spec = { template: {} }; })).map((f) => f.rule)).toEqual(['P1']);
  });

  test('a Configuration without spec is missing its containers, with no traffic involved', () => {
    expect(errorsOf(variant(CONFIGURATION, (x) => { delete x.spec; })).map((f) => f.rule)).toEqual(['P1']);
  });

  test('unnamed containers get the first free user-container-<n>, so no false duplicate (P8)', () => {
    const o = variant(SERVICE, (x) => { pod(x).containers.push({ ...sidecar, name: 'user-container-0' }); });
    expect(errorsOf(o)).toEqual([]);
    const dup = variant(SERVICE, (x) => { ctr(x).name = 'proxy'; pod(x).containers.push({ ...sidecar, name: 'proxy' }); });
    expect(only(dup, 'P8').message).toBe('duplicate container name "proxy"');
  });

  test('a lone unnamed container yields its default name to an init container that has it', () => {
    const on = { serving: { features: { 'kubernetes.podspec-init-containers': 'Enabled' as const } } };
    const o = variant(SERVICE, (x) => { pod(x).initContainers = [{ name: 'user-container', image: 'busybox:1.36', securityContext: CONTAINER.securityContext }]; });
    expect(errorsOf(o, on)).toEqual([]);
  });

  test('V9: mounts are forced read-only in containers, not in init containers', () => {
    const on = { serving: { features: { 'kubernetes.podspec-init-containers': 'Enabled' as const } } };
    const o = variant(SERVICE, (x) => {
      pod(x).volumes = [{ name: 'creds', secret: { secretName: 'creds' } }];
      ctr(x).volumeMounts = [{ name: 'creds', mountPath: '/creds', readOnly: false }];
    });
    expect(errorsOf(o)).toEqual([]);
    const init = variant(o, (x) => {
      pod(x).initContainers = [{ name: 'setup', image: 'busybox:1.36', securityContext: CONTAINER.securityContext, volumeMounts: [{ name: 'creds', mountPath: '/creds' }] }];
    });
    const f = only(init, 'V9', on);
    expect(f.field).toBe('spec.template.spec.containers[0].volumeMounts[0].readOnly');
    expect(f.message).toBe('volume mount should be readOnly for this type of volume');
  });

  test('S-F3: with secure-pod-defaults Enabled, an explicit NET_BIND_SERVICE is allowed; other adds need the flag Enabled', () => {
    const add = (caps: string[]) => variant(SERVICE, (x) => { ctr(x).securityContext.capabilities = { drop: ['ALL'], add: caps }; });
    expect(errorsOf(add(['NET_BIND_SERVICE']), { serving: { securePodDefaults: 'Enabled' } })).toEqual([]);
    expect(only(add(['NET_BIND_SERVICE']), 'S-F3').field).toBe('spec.template.spec.containers[0].securityContext.capabilities.add');
    expect(only(add(['NET_ADMIN']), 'S-F3', { serving: { features: { 'kubernetes.containerspec-addcapabilities': 'Allowed' } } }).message).toBe('must not set the field(s)');
    expect(errorsOf(add(['NET_ADMIN']), { serving: { features: { 'kubernetes.containerspec-addcapabilities': 'Enabled' } } })).toEqual([]);
  });
});
