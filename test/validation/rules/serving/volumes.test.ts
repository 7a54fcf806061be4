import { ClusterSettings } from '../../../../lib/core/cluster-settings';
import { SERVING_RULES } from '../../../../lib/validation/rules/serving';
import { Finding, RuleContext } from '../../../../lib/validation/types';
import { byRule, variant } from '../../../helpers';
import { SERVICE, ctr, errorsOf, only, pod } from './fixtures';

const withVolume = (volume: object, mount: object = { name: 'cfg', mountPath: '/etc/cfg' }) => variant(SERVICE, (o) => {
  pod(o).volumes = [{ name: 'cfg', ...volume }];
  ctr(o).volumeMounts = [mount];
});
const configMap = { configMap: { name: 'app-config' } };

describe('volumes and mounts', () => {
  test('a mounted configMap volume is accepted', () => {
    expect(errorsOf(withVolume(configMap))).toEqual([]);
  });

  test('V1: volume names are unique DNS-1123 labels', () => {
    const dup = variant(withVolume(configMap), (o) => { pod(o).volumes.push({ name: 'cfg', secret: { secretName: 's' } }); });
    const f = only(dup, 'V1');
    expect(f.field).toBe('spec.template.spec.volumes[1].name');
    expect(f.message).toBe('duplicate volume name "cfg"');
    const bad = variant(withVolume(configMap), (o) => { pod(o).volumes[0].name = 'Cfg_1'; ctr(o).volumeMounts[0].name = 'Cfg_1'; });
    expect(only(bad, 'V1').message).toBe('invalid value: Cfg_1');
  });

  test('V2: every volume is mounted', () => {
    const f = only(variant(withVolume(configMap), (o) => { delete ctr(o).volumeMounts; }), 'V2');
    expect(f.field).toBe('spec.template.spec.volumes[0].name');
    expect(f.message).toBe('volume with name "cfg" not mounted');
  });

  test('V3: exactly one source', () => {
    let f = only(withVolume({}), 'V3');
    expect(f.message).toBe('expected exactly one, got neither');
    expect(f.field).toBe(['configMap', 'emptyDir', 'projected', 'secret'].map((k) => `spec.template.spec.volumes[0].${k}`).join(', '));
    f = only(withVolume({ ...configMap, secret: { secretName: 's' } }), 'V3');
    expect(f.message).toBe('expected exactly one, got both');
    expect(f.field).toBe('spec.template.spec.volumes[0].configMap, spec.template.spec.volumes[0].secret');
  });

  test('V4: PVCs, hostPath and emptyDir follow their flags', () => {
    const pvc = withVolume({ persistentVolumeClaim: { claimName: 'data' } });
    expect(byRule(pvc, 'V4').map((f) => f.message)).toEqual([
      'Persistent volume claim support is disabled, but found persistent volume claim data',
      'Persistent volume write support is disabled, but found persistent volume claim data that is not read-only',
    ]);
    const claims = { 'kubernetes.podspec-persistent-volume-claim': 'Enabled' as const };
    expect(byRule(pvc, 'V4', { serving: { features: { ...claims, 'kubernetes.podspec-persistent-volume-write': 'Enabled' } } })).toEqual([]);
    const ro = withVolume({ persistentVolumeClaim: { claimName: 'data', readOnly: true } }, { name: 'cfg', mountPath: '/data', readOnly: true });
    expect(byRule(ro, 'V4', { serving: { features: claims } })).toEqual([]);
    const host = withVolume({ hostPath: { path: '/var' } });
    expect(only(host, 'V4').message).toBe('HostPath volume support is disabled, but found HostPath volume cfg');
    const empty = withVolume({ emptyDir: {} });
    expect(byRule(empty, 'V4')).toEqual([]);
    expect(only(empty, 'V4', { serving: { features: { 'kubernetes.podspec-volumes-emptydir': 'Disabled' } } }).message)
      .toBe('EmptyDir volume support is disabled, but found EmptyDir volume cfg');
  });

  test('V5: emptyDir medium and sizeLimit', () => {
    const f = only(withVolume({ emptyDir: { medium: 'Disk' } }), 'V5');
    expect(f.field).toBe('spec.template.spec.volumes[0].emptyDir.medium');
    expect(f.message).toBe('invalid value: Disk');
    expect(byRule(withVolume({ emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }), 'V5')).toEqual([]);
    expect(only(withVolume({ emptyDir: { sizeLimit: '-1Gi' } }), 'V5').field).toBe('spec.template.spec.volumes[0].emptyDir.sizeLimit');
  });

  test('V6: projected sources', () => {
    const proj = (sources: unknown[]) => withVolume({ projected: { sources } });
    expect(byRule(proj([{ secret: { name: 's' } }, { serviceAccountToken: { path: 'token', audience: 'x' } }]), 'V6')).toEqual([]);
    let f = only(proj([{ configMap: {} }]), 'V6');
    expect(f.field).toBe('spec.template.spec.volumes[0].projected[0].configMap.name');
    expect(f.message).toBe('missing field(s)');
    f = only(proj([{ serviceAccountToken: { path: '' } }]), 'V6');
    expect(f.field).toBe('spec.template.spec.volumes[0].projected[0].serviceAccountToken.path');
    f = only(proj([{ secret: { name: 's', items: [{ key: 'a', path: '' }] } }]), 'V6');
    expect(f.field).toBe('spec.template.spec.volumes[0].projected[0].secret.items[0].path');
    // A missing path is the schema's to report (required), not reported twice.
    expect(byRule(proj([{ serviceAccountToken: {} }]), 'V6')).toEqual([]);
    f = only(proj([{ downwardAPI: { items: [{ path: 'x', fieldRef: { fieldPath: 'a' }, resourceFieldRef: { resource: 'limits.cpu' } }] } }]), 'V6');
    expect(f.message).toBe('Within a single item, cannot set both');
    expect(only(proj([{}]), 'V6').message).toBe('expected exactly one, got neither');
  });

  test('V7: a mount names a volume', () => {
    const f = only(variant(SERVICE, (o) => { ctr(o).volumeMounts = [{ name: 'nope', mountPath: '/x' }]; }), 'V7');
    expect(f.field).toBe('spec.template.spec.containers[0].volumeMounts[0].name');
    expect(f.message).toBe('volumeMount has no matching volume');
  });

  test('V8: mountPath is absolute, not reserved, unique', () => {
    let f = only(withVolume(configMap, { name: 'cfg', mountPath: '/dev/' }), 'V8');
    expect(f.field).toBe('spec.template.spec.containers[0].volumeMounts[0].mountPath');
    expect(f.message).toBe('mountPath "/dev" is a reserved path');
    f = only(withVolume(configMap, { name: 'cfg', mountPath: 'not/absolute' }), 'V8');
    expect(f.message).toBe('invalid value: not/absolute');
    const twice = variant(withVolume(configMap, { name: 'cfg', mountPath: '/mount/path' }), (o) => {
      pod(o).volumes.push({ name: 'b', secret: { secretName: 's' } });
      ctr(o).volumeMounts.push({ name: 'b', mountPath: '/mount/path/' });
    });
    f = only(twice, 'V8');
    expect(f.field).toBe('spec.template.spec.containers[0].volumeMounts[1].mountPath');
    expect(f.message).toBe('invalid value: "/mount/path/" must be unique');
  });

  test('V9: the defaulter makes configMap mounts read-only, so readOnly: false passes', () => {
    expect(byRule(withVolume(configMap, { name: 'cfg', mountPath: '/etc/cfg', readOnly: false }), 'V9')).toEqual([]);
  });

  test('V9: without defaulting, a writable configMap mount is rejected', () => {
    const out: Finding[] = [];
    const ctx: RuleContext = {
      settings: ClusterSettings.STOCK,
      error: (rule, field, message) => out.push({ severity: 'error', rule, field, message }),
      warn: () => undefined,
    };
    const svc = SERVING_RULES.find((r) => r.kinds.includes('Service'))!;
    svc.validate(withVolume(configMap, { name: 'cfg', mountPath: '/etc/cfg', readOnly: false }) as any, ctx);
    const v9 = out.filter((f) => f.rule === 'V9');
    expect(v9.map((f) => [f.field, f.message])).toEqual([
      ['spec.template.spec.containers[0].volumeMounts[0].readOnly', 'volume mount should be readOnly for this type of volume'],
    ]);
  });

  test('V10: a read-only PVC needs a read-only mount', () => {
    const features = { 'kubernetes.podspec-persistent-volume-claim': 'Enabled' as const };
    const f = only(withVolume({ persistentVolumeClaim: { claimName: 'd', readOnly: true } }, { name: 'cfg', mountPath: '/d' }), 'V10', { serving: { features } });
    expect(f.field).toBe('spec.template.spec.containers[0].volumeMounts[0].readOnly');
    expect(f.message).toBe('volume is readOnly but volume mount is not');
  });

  test('V11: mountPropagation needs its flag and None or HostToContainer', () => {
    const o = withVolume(configMap, { name: 'cfg', mountPath: '/etc/cfg', mountPropagation: 'Bidirectional' });
    // Knative reports the mask, the flag and the value, each on its own.
    expect(byRule(o, 'V11').map((x) => x.message)).toEqual([
      'must not set the field(s)',
      'Volume Mount Propagation support is disabled, but found volume mount cfg with mount propagation',
      'mount propagation should be set to None or HostToContainer',
    ]);
    const none = withVolume(configMap, { name: 'cfg', mountPath: '/etc/cfg', mountPropagation: 'None' });
    // Allowed passes the mask, but the check wants Enabled.
    expect(only(none, 'V11', { serving: { features: { 'kubernetes.podspec-volumes-mount-propagation': 'Allowed' } } }).message)
      .toBe('Volume Mount Propagation support is disabled, but found volume mount cfg with mount propagation');
    const on = { serving: { features: { 'kubernetes.podspec-volumes-mount-propagation': 'Enabled' as const } } };
    const f = only(o, 'V11', on);
    expect(f.field).toBe('spec.template.spec.containers[0].volumeMounts[0].mountPropagation');
    expect(f.message).toBe('mount propagation should be set to None or HostToContainer');
    expect(byRule(withVolume(configMap, { name: 'cfg', mountPath: '/etc/cfg', mountPropagation: 'None' }), 'V11', on)).toEqual([]);
  });
});

test('V6: configMap volume items need a non-empty key and path', () => {
  const o = withVolume({ configMap: { name: 'c', items: [{ key: '', path: 'a' }] } });
  const f = only(o, 'V6');
  expect(f.field).toBe('spec.template.spec.volumes[0].configMap.items[0].key');
  expect(f.message).toBe('missing field(s)');
});

describe('volumes at 1.23', () => {
  test('V4: a badly named volume reports only its name, as Knative replaces the gate errors', () => {
    const o = variant(SERVICE, (x) => {
      pod(x).volumes = [{ name: 'Data', persistentVolumeClaim: { claimName: 'data' } }];
      ctr(x).volumeMounts = [{ name: 'Data', mountPath: '/data' }];
    });
    expect(byRule(o, 'V4')).toEqual([]);
    expect(only(o, 'V1').message).toBe('invalid value: Data');
  });

  test('V12: an image volume needs a reference and a known pullPolicy', () => {
    const on = { serving: { features: { 'kubernetes.podspec-volumes-image': 'Enabled' as const } } };
    let f = only(withVolume({ image: { pullPolicy: 'IfNotPresent' } }), 'V12', on);
    expect(f.field).toBe('spec.template.spec.volumes[0].image.reference');
    expect(f.message).toBe('missing field(s)');
    f = only(withVolume({ image: { reference: 'ghcr.io/org/model:1', pullPolicy: 'Sometimes' } }), 'V12', on);
    expect(f.field).toBe('spec.template.spec.volumes[0].image.pullPolicy');
    expect(f.message).toBe('invalid value: Sometimes');
    expect(errorsOf(withVolume({ image: { reference: 'ghcr.io/org/model:1', pullPolicy: 'Always' } }, { name: 'cfg', mountPath: '/model', readOnly: true }), on)).toEqual([]);
  });
});
