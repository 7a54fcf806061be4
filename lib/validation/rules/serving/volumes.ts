/**
 * Pod volumes (serving k8s_validation.go ValidateVolumes / validateVolume and the volume masks):
 * V1..V6, V12 image volumes.
 */
import { ServingFeatureFlag } from '../../../core/cluster-settings';
import { dns1123LabelErrors } from '../../../core/names';
import { RuleContext } from '../../types';
import { isQuantity } from './quantity';
import { BOTH, MISSING, NEITHER, Obj, arr, invalidValue, isObj, paths } from './util';

/** Volume sources that need a flag, with the word Knative uses in its "support is disabled" message. */
const GATED_SOURCES: ReadonlyArray<[string, ServingFeatureFlag, string]> = [
  ['emptyDir', 'kubernetes.podspec-volumes-emptydir', 'EmptyDir'],
  ['hostPath', 'kubernetes.podspec-volumes-hostpath', 'HostPath'],
  ['csi', 'kubernetes.podspec-volumes-csi', 'CSI'],
  ['ephemeral', 'kubernetes.podspec-volumes-ephemeral', 'Ephemeral'],
  ['image', 'kubernetes.podspec-volumes-image', 'Image'],
];
const ALWAYS_SOURCES = ['secret', 'configMap', 'projected'];

/**
 * Validates `volumes` (V1..V6) and returns them by name for the mount checks. `mounted` holds
 * every volume name some container or init container mounts.
 */
export function validateVolumes(volumes: any[], mounted: ReadonlySet<string>, base: string, ctx: RuleContext): Map<string, Obj> {
  const byName = new Map<string, Obj>();
  volumes.forEach((v, i) => {
    if (!isObj(v)) return;
    const at = `${base}[${i}]`;
    const name = typeof v.name === 'string' ? v.name : '';
    if (byName.has(name)) ctx.error('V1', `${at}.name`, `duplicate volume name "${name}"`, { value: name, allowed: 'a unique volume name' });
    // A volume without a name never reaches the webhook: the schema requires one.
    if (v.name !== undefined && !mounted.has(name)) ctx.error('V2', `${at}.name`, `volume with name "${name}" not mounted`, { value: name, allowed: 'a volume that some container mounts' });
    validateVolume(v, name, at, ctx);
    byName.set(name, v);
  });
  return byName;
}

function validateVolume(v: Obj, name: string, at: string, ctx: RuleContext): void {
  const s = ctx.settings;
  // Knative replaces the volume's errors so far (the feature gates) by a bad name's error.
  const badName = name !== '' && dns1123LabelErrors(name).length > 0;
  const gate = (rule: 'V4', field: string, message: string, extra: { value?: unknown; allowed?: string }) => {
    if (!badName) ctx.error(rule, field, message, extra);
  };
  const specified: string[] = [];
  for (const key of ALWAYS_SOURCES) if (v[key] != null) specified.push(key);

  const pvc = v.persistentVolumeClaim;
  if (pvc != null) {
    specified.push('persistentVolumeClaim');
    const claim = isObj(pvc) ? pvc.claimName ?? '' : '';
    if (s.servingFeature('kubernetes.podspec-persistent-volume-claim') !== 'Enabled') {
      gate('V4', `${at}.persistentVolumeClaim`, `Persistent volume claim support is disabled, but found persistent volume claim ${claim}`, {
        value: claim, allowed: 'only with kubernetes.podspec-persistent-volume-claim Enabled',
      });
    }
    if (!(isObj(pvc) && pvc.readOnly === true) && s.servingFeature('kubernetes.podspec-persistent-volume-write') !== 'Enabled') {
      gate('V4', `${at}.persistentVolumeClaim`, `Persistent volume write support is disabled, but found persistent volume claim ${claim} that is not read-only`, {
        value: claim, allowed: 'readOnly: true, or kubernetes.podspec-persistent-volume-write Enabled',
      });
    }
  }
  for (const [key, flag, word] of GATED_SOURCES) {
    if (v[key] == null) continue;
    specified.push(key);
    if (s.servingFeature(flag) !== 'Enabled') {
      gate('V4', `${at}.${key}`, `${word} volume support is disabled, but found ${word} volume ${name}`, { value: name, allowed: `only with ${flag} Enabled` });
    }
  }
  // Anything else (nfs, awsElasticBlockStore, ...) is outside Knative's VolumeSource mask; the
  // CRD schema does not list those either, so it reports them already.

  if (badName) {
    ctx.error('V1', `${at}.name`, invalidValue(name), { value: name, allowed: 'a DNS-1123 label' });
  }

  for (const k of ['secret', 'configMap']) {
    if (isObj(v[k])) arr(v[k].items).forEach((item, n) => validateKeyToPath(item, `${at}.${k}.items[${n}]`, ctx));
  }
  if (isObj(v.emptyDir)) validateEmptyDir(v.emptyDir, `${at}.emptyDir`, ctx);
  if (isObj(v.image)) validateImageVolume(v.image, `${at}.image`, ctx);
  if (isObj(v.projected)) {
    arr(v.projected.sources).forEach((src, j) => {
      // Knative reports projected sources as `projected[j]` (without `sources`).
      if (isObj(src)) validateProjection(src, `${at}.projected[${j}]`, ctx);
    });
  }

  if (specified.length === 0) {
    const options = ['secret', 'configMap', 'projected'];
    if (s.servingFeature('kubernetes.podspec-volumes-emptydir') === 'Enabled') options.push('emptyDir');
    if (s.servingFeature('kubernetes.podspec-persistent-volume-claim') === 'Enabled') options.push('persistentVolumeClaim');
    for (const [key, flag] of GATED_SOURCES) if (key !== 'emptyDir' && s.servingFeature(flag) === 'Enabled') options.push(key);
    ctx.error('V3', paths(...options.map((k) => `${at}.${k}`)), NEITHER, { allowed: `exactly one of ${options.join(', ')}` });
  } else if (specified.length > 1) {
    ctx.error('V3', paths(...specified.map((k) => `${at}.${k}`)), BOTH, { value: specified, allowed: 'exactly one volume source' });
  }
}

/** V12: validateImageVolumeSource (reference required, pullPolicy one of the pull policies). */
function validateImageVolume(iv: Obj, at: string, ctx: RuleContext): void {
  if (iv.reference === undefined || iv.reference === null || iv.reference === '') {
    ctx.error('V12', `${at}.reference`, MISSING, { allowed: 'an image reference (OCI artifact)' });
  }
  const pp = iv.pullPolicy;
  if (pp !== undefined && pp !== null && pp !== '' && pp !== 'IfNotPresent' && pp !== 'Always' && pp !== 'Never') {
    ctx.error('V12', `${at}.pullPolicy`, invalidValue(pp), { value: pp, allowed: 'Always, IfNotPresent, Never' });
  }
}

function validateEmptyDir(dir: Obj, at: string, ctx: RuleContext): void {
  if (dir.medium !== undefined && dir.medium !== '' && dir.medium !== 'Memory') {
    ctx.error('V5', `${at}.medium`, invalidValue(dir.medium), { value: dir.medium, allowed: 'Memory, or empty' });
  }
  const size = dir.sizeLimit;
  const text = size === undefined || size === null ? undefined : String(size);
  if (text !== undefined && isQuantity(text) && text.startsWith('-') && /[1-9]/.test(text.replace(/[eE][+-]?\d+$/, ''))) {
    ctx.error('V5', `${at}.sizeLimit`, invalidValue(text), { value: size, allowed: 'a non-negative quantity' });
  }
}

function validateProjection(src: Obj, at: string, ctx: RuleContext): void {
  const kinds = ['secret', 'configMap', 'serviceAccountToken', 'downwardAPI'];
  const found = kinds.filter((k) => src[k] != null);
  for (const k of ['secret', 'configMap']) {
    const ref = src[k];
    if (!isObj(ref)) continue;
    if (!ref.name) ctx.error('V6', `${at}.${k}.name`, MISSING, { allowed: `the name of the ${k}` });
    arr(ref.items).forEach((item, n) => validateKeyToPath(item, `${at}.${k}.items[${n}]`, ctx));
  }
  // Absent key/path fields are reported by the CRD schema (required); an empty one only here.
  if (isObj(src.serviceAccountToken) && src.serviceAccountToken.path === '') {
    ctx.error('V6', `${at}.serviceAccountToken.path`, MISSING, { allowed: 'a file path for the token' });
  }
  if (isObj(src.downwardAPI)) {
    arr(src.downwardAPI.items).forEach((item, n) => {
      if (!isObj(item)) return;
      const ia = `${at}.downwardAPI.items[${n}]`;
      const fr = item.fieldRef != null;
      const rfr = item.resourceFieldRef != null;
      if (!fr && !rfr) ctx.error('V6', paths(`${ia}.fieldRef`, `${ia}.resourceFieldRef`), NEITHER, { allowed: 'exactly one of fieldRef, resourceFieldRef' });
      if (fr && rfr) ctx.error('V6', paths(`${ia}.fieldRef`, `${ia}.resourceFieldRef`), 'Within a single item, cannot set both', { allowed: 'exactly one of fieldRef, resourceFieldRef' });
      if (item.path === '') ctx.error('V6', `${ia}.path`, MISSING, { allowed: 'a relative file path' });
    });
  }
  if (found.length === 0) ctx.error('V6', paths(...kinds.map((k) => `${at}.${k}`)), NEITHER, { allowed: `exactly one of ${kinds.join(', ')}` });
  else if (found.length > 1) ctx.error('V6', paths(...found.map((k) => `${at}.${k}`)), BOTH, { value: found, allowed: `exactly one of ${kinds.join(', ')}` });
}

function validateKeyToPath(item: unknown, at: string, ctx: RuleContext): void {
  if (!isObj(item)) return;
  if (item.key === '') ctx.error('V6', `${at}.key`, MISSING, { allowed: 'the key to project' });
  if (item.path === '') ctx.error('V6', `${at}.path`, MISSING, { allowed: 'a relative file path' });
}

