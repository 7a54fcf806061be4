/**
 * One container of a revision (serving k8s_validation.go `validate`, ValidateContainer,
 * validateSidecarContainer, validateInitContainer): name, env, image, ports, security context,
 * mounts, and the container-level field masks.
 */
import { cleanPath, DISALLOWED, BOTH, MISSING, NEITHER, Obj, arr, invalidValue, isObj, isSet, outOfBounds, paths, withDetails } from './util';
import { imageReferenceError } from './image';
import { validateServingProbes, validateSidecarProbes } from './probes';
import { RuleContext } from '../../types';
import { validateKubernetesContainer } from './kubernetes';

/** The serving port as Knative resolves it (name "http" and 8080 when unset). */
export interface ServingPort {
  readonly name: string;
  readonly containerPort: number;
}

/** serving: the container with the port; sidecar: another container; init: an initContainer. */
export type ContainerRole = 'serving' | 'sidecar' | 'init';

const CONTAINER_FIELDS = new Set([
  'name', 'image', 'imagePullPolicy', 'args', 'command', 'workingDir', 'env', 'envFrom', 'ports', 'resources',
  'securityContext', 'livenessProbe', 'readinessProbe', 'startupProbe', 'terminationMessagePath',
  'terminationMessagePolicy', 'volumeMounts',
]);
const PORT_FIELDS = new Set(['containerPort', 'name', 'protocol']);
const ENV_FIELDS = new Set(['name', 'value', 'valueFrom']);
const ENV_FROM_FIELDS = new Set(['prefix', 'configMapRef', 'secretRef']);
const RESOURCE_FIELDS = new Set(['limits', 'requests']);
const MOUNT_FIELDS = new Set(['name', 'readOnly', 'mountPath', 'subPath', 'mountPropagation']);
const SECURITY_CONTEXT_FIELDS = new Set([
  'allowPrivilegeEscalation', 'capabilities', 'readOnlyRootFilesystem', 'runAsGroup', 'runAsNonRoot', 'runAsUser', 'seccompProfile', 'privileged',
]);
const RESERVED_PORTS = new Set([8012, 8013, 8022, 8008, 9090, 9091]);
const RESERVED_ENV = new Set(['PORT', 'K_SERVICE', 'K_CONFIGURATION', 'K_REVISION']);
const RESERVED_SIDECAR_ENV = new Set(['K_SERVICE', 'K_CONFIGURATION', 'K_REVISION']);
const RESERVED_PATHS = new Set(['/', '/dev', '/dev/log']);
const VALID_PORT_NAMES = new Set(['', 'h2c', 'http1']);
const ID_MAX = 2147483647;
const ID_FIELDS = ['runAsUser', 'runAsGroup'];
const VALUE_FROM = new Set(['configMapKeyRef', 'secretKeyRef']);
const VALUE_FROM_WITH_FIELD_REF = new Set(['configMapKeyRef', 'secretKeyRef', 'fieldRef', 'resourceFieldRef']);

/**
 * Reports keys of `obj` outside `allowed`. Only called for preserve-unknown subtrees: elsewhere
 * the CRD schema has already reported unknown fields.
 */
function mask(obj: Obj, allowed: ReadonlySet<string>, base: string, ctx: RuleContext, rule: 'S-F2' | 'S-F3' | 'S-F4' | 'S-F5'): void {
  for (const key of Object.keys(obj)) {
    if (allowed.has(key) || !isSet(obj[key])) continue;
    const extra = { value: obj[key], allowed: [...allowed].join(', ') };
    switch (rule) {
      case 'S-F2': ctx.error('S-F2', `${base}.${key}`, DISALLOWED, extra); break;
      case 'S-F3': ctx.error('S-F3', `${base}.${key}`, DISALLOWED, extra); break;
      case 'S-F4': ctx.error('S-F4', `${base}.${key}`, DISALLOWED, extra); break;
      default: ctx.error('S-F5', `${base}.${key}`, DISALLOWED, extra); break;
    }
  }
}

/** Validates one container; `volumes` maps the pod's volume names to their definitions. */
export function validateContainer(
  c: Obj, base: string, role: ContainerRole, volumes: Map<string, Obj>, port: ServingPort | undefined, ctx: RuleContext, podSecurityContext: Obj = {},
): void {
  // initContainers items are preserve-unknown-fields in the CRD, so their masks are checked in full.
  const open = role === 'init';
  if (open) mask(c, CONTAINER_FIELDS, base, ctx, 'S-F2');

  if (role === 'serving') {
    validateServingProbes(c, base, port ?? { name: 'http', containerPort: 8080 }, ctx);
  } else if (role === 'sidecar') {
    validateSidecarProbes(c, base, ctx);
  }

  if (c.name === 'queue-proxy') {
    ctx.error('P9', `${base}.name`, '"queue-proxy" is a reserved container name', { value: c.name, allowed: 'any name but queue-proxy' });
  }

  validateEnv(c, base, role, open, ctx);

  const image = c.image;
  if (image === undefined || image === null || image === '') {
    ctx.error('P10', `${base}.image`, MISSING, { allowed: 'an image reference, e.g. ghcr.io/org/app:1.0' });
  } else {
    const err = imageReferenceError(String(image));
    if (err) {
      ctx.error('P10', `${base}.image`, withDetails('Failed to parse image reference', `image: "${image}", error: ${err}`), {
        value: image, allowed: '[registry/]repository[:tag][@sha256:digest]',
      });
    }
  }

  const ports = arr(c.ports);
  if (role === 'init') {
    ports.forEach((p, i) => { if (isObj(p)) validatePortBasic(p, `${base}.ports`, open, i, ctx); });
  } else if (ports.length && isObj(ports[0])) {
    const p = ports[0];
    validatePortBasic(p, `${base}.ports`, open, 0, ctx);
    if (p.protocol !== undefined && p.protocol !== '' && p.protocol !== 'TCP') {
      ctx.error('P6', `${base}.ports.protocol`, invalidValue(p.protocol), { value: p.protocol, allowed: 'TCP, or empty' });
    }
    const name = typeof p.name === 'string' ? p.name : '';
    if (!VALID_PORT_NAMES.has(name)) {
      ctx.error('P5', `${base}.ports`, withDetails(`Port name ${name} is not allowed`, "Name must be empty, or one of: 'h2c', 'http1'"), {
        value: name, allowed: 'one of: h2c, http1, or empty',
      });
    }
  }

  if (open && isObj(c.resources)) mask(c.resources, RESOURCE_FIELDS, `${base}.resources`, ctx, 'S-F2');

  if (isObj(c.securityContext)) validateSecurityContext(c.securityContext, `${base}.securityContext`, open, ctx);

  const tmp = c.terminationMessagePolicy;
  if (tmp !== undefined && tmp !== '' && tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
    ctx.error('P15', `${base}.terminationMessagePolicy`, invalidValue(tmp), { value: tmp, allowed: 'File, FallbackToLogsOnError' });
  }

  validateVolumeMounts(arr(c.volumeMounts), volumes, `${base}.volumeMounts`, open, ctx);

  // The API server names init containers by their own list (Knative says containers[i]).
  const k8sBase = role === 'init' ? base.replace(/\.containers\[(\d+)\]$/, '.initContainers[$1]') : base;
  validateKubernetesContainer(c, k8sBase, role, podSecurityContext, ctx);
}

function validateEnv(c: Obj, base: string, role: ContainerRole, open: boolean, ctx: RuleContext): void {
  const reserved = role === 'serving' ? RESERVED_ENV : RESERVED_SIDECAR_ENV;
  const env = arr(c.env);
  const allowed = ctx.settings.servingFeatureOn('kubernetes.podspec-fieldref') ? VALUE_FROM_WITH_FIELD_REF : VALUE_FROM;
  for (let i = 0; i < env.length; i++) {
    const e = env[i];
    if (!isObj(e)) continue;
    const at = `${base}.env[${i}]`;
    if (open) mask(e, ENV_FIELDS, at, ctx, 'S-F4');
    // An absent name is the schema's to report (required) except in preserve-unknown init containers.
    if (e.name === '' || (open && e.name === undefined)) ctx.error('P11', `${at}.name`, MISSING, { allowed: 'an environment variable name' });
    else if (reserved.has(e.name)) {
      ctx.error('P11', `${at}.name`, `"${e.name}" is a reserved environment variable`, { value: e.name, allowed: `any name but ${[...reserved].join(', ')}` });
    }
    if (isObj(e.valueFrom)) {
      const vf = e.valueFrom;
      for (const key of Object.keys(vf)) {
        if (allowed.has(key) || !isSet(vf[key])) continue;
        const gated = key === 'fieldRef' || key === 'resourceFieldRef';
        if (!gated && !open) continue; // the schema reports other unknown keys
        ctx.error('S-F4', `${at}.valueFrom.${key}`, DISALLOWED, {
          value: vf[key], allowed: gated ? 'only with kubernetes.podspec-fieldref enabled' : [...allowed].join(', '),
        });
      }
    }
  }
  const envFrom = arr(c.envFrom);
  for (let i = 0; i < envFrom.length; i++) {
    const e = envFrom[i];
    if (!isObj(e)) continue;
    const at = `${base}.envFrom`;
    if (open) mask(e, ENV_FROM_FIELDS, `${at}[${i}]`, ctx, 'S-F4');
    const cm = e.configMapRef != null;
    const sec = e.secretRef != null;
    // Knative reports these without the index (sic).
    if (cm && sec) ctx.error('P12', paths(`${at}.configMapRef`, `${at}.secretRef`), BOTH, { allowed: 'exactly one of configMapRef, secretRef' });
    else if (!cm && !sec) ctx.error('P12', paths(`${at}.configMapRef`, `${at}.secretRef`), NEITHER, { allowed: 'exactly one of configMapRef, secretRef' });
  }
}

function validatePortBasic(p: Obj, base: string, open: boolean, index: number, ctx: RuleContext): void {
  if (open) mask(p, PORT_FIELDS, `${base}[${index}]`, ctx, 'S-F5');
  const cp = p.containerPort;
  if (typeof cp !== 'number') return;
  if (RESERVED_PORTS.has(cp)) {
    ctx.error('P7', `${base}.containerPort`, withDetails(invalidValue(`${cp} is a reserved port`), `${cp} is a reserved port, please use a different value`), {
      value: cp, allowed: 'any port but 8008, 8012, 8013, 8022, 9090, 9091',
    });
  }
  if (cp < 0 || cp > 65535) ctx.error('P7', `${base}.containerPort`, outOfBounds(cp, 0, 65535), { value: cp, allowed: '0..65535' });
}

function validateSecurityContext(sc: Obj, base: string, open: boolean, ctx: RuleContext): void {
  if (open) mask(sc, SECURITY_CONTEXT_FIELDS, base, ctx, 'S-F3');
  if (sc.privileged === true) ctx.error('S-F3', `${base}.privileged`, DISALLOWED, { value: true, allowed: 'false, or unset' });
  const caps = sc.capabilities;
  if (isObj(caps)) {
    if (open) mask(caps, new Set(['add', 'drop']), `${base}.capabilities`, ctx, 'S-F3');
    const add = arr(caps.add);
    if (add.length && ctx.settings.servingFeature('kubernetes.containerspec-addcapabilities') !== 'Enabled') {
      const secure = ctx.settings.securePodDefaults === 'Enabled' || ctx.settings.securePodDefaults === 'AllowRootBounded';
      const netBindOnly = add.length === 1 && add[0] === 'NET_BIND_SERVICE' && secure;
      if (!netBindOnly) {
        ctx.error('S-F3', `${base}.capabilities.add`, DISALLOWED, { value: add, allowed: 'only with kubernetes.containerspec-addcapabilities Enabled' });
      }
    }
  }
  for (let i = 0; i < ID_FIELDS.length; i++) {
    const key = ID_FIELDS[i];
    const v = sc[key];
    if (typeof v === 'number' && (v < 0 || v > ID_MAX)) ctx.error('S-F3', `${base}.${key}`, outOfBounds(v, 0, ID_MAX), { value: v, allowed: `0..${ID_MAX}` });
  }
}

function validateVolumeMounts(mounts: any[], volumes: Map<string, Obj>, base: string, open: boolean, ctx: RuleContext): void {
  const seenPaths = new Set<string>();
  const propagationOn = ctx.settings.servingFeatureOn('kubernetes.podspec-volumes-mount-propagation');
  for (let i = 0; i < mounts.length; i++) {
    const m = mounts[i];
    if (!isObj(m)) continue;
    const at = `${base}[${i}]`;
    if (open) mask(m, MOUNT_FIELDS, at, ctx, 'S-F2');
    const volume = volumes.get(m.name);
    if (!volume) ctx.error('V7', `${at}.name`, 'volumeMount has no matching volume', { value: m.name, allowed: `one of the pod's volumes${volumes.size ? `: ${[...volumes.keys()].join(', ')}` : ''}` });
    const mp = typeof m.mountPath === 'string' ? m.mountPath : '';
    const clean = cleanPath(mp);
    if (m.mountPath === undefined && !open) {
      // required by the CRD schema, which reports it
    } else if (mp === '') ctx.error('V8', `${at}.mountPath`, MISSING, { allowed: 'an absolute path' });
    else if (RESERVED_PATHS.has(clean)) ctx.error('V8', `${at}.mountPath`, `mountPath "${clean}" is a reserved path`, { value: mp, allowed: 'any absolute path but /, /dev, /dev/log' });
    else if (!mp.startsWith('/')) ctx.error('V8', `${at}.mountPath`, invalidValue(mp), { value: mp, allowed: 'an absolute path' });
    else if (seenPaths.has(clean)) ctx.error('V8', `${at}.mountPath`, invalidValue(`"${mp}" must be unique`), { value: mp, allowed: 'a mountPath unique within the container' });
    seenPaths.add(clean);

    const writable = volume && (volume.emptyDir != null || volume.persistentVolumeClaim != null || volume.ephemeral != null);
    if (!writable && m.readOnly !== true) {
      ctx.error('V9', `${at}.readOnly`, 'volume mount should be readOnly for this type of volume', { value: m.readOnly ?? false, allowed: 'true' });
    }
    if (volume && isObj(volume.persistentVolumeClaim) && volume.persistentVolumeClaim.readOnly === true && m.readOnly !== true) {
      ctx.error('V10', `${at}.readOnly`, 'volume is readOnly but volume mount is not', { value: m.readOnly ?? false, allowed: 'true' });
    }
    const mpg = m.mountPropagation;
    if (mpg !== undefined && mpg !== null) {
      // The mask drops the field unless the flag is at least Allowed; the check itself wants Enabled.
      const flag = ctx.settings.servingFeature('kubernetes.podspec-volumes-mount-propagation');
      const allowed = 'only with kubernetes.podspec-volumes-mount-propagation Enabled';
      if (!propagationOn) ctx.error('V11', `${at}.mountPropagation`, DISALLOWED, { value: mpg, allowed });
      if (flag !== 'Enabled') {
        ctx.error('V11', `${at}.mountPropagation`, `Volume Mount Propagation support is disabled, but found volume mount ${String(m.name ?? '')} with mount propagation`, { value: mpg, allowed });
      }
      if (mpg !== 'None' && mpg !== 'HostToContainer') {
        ctx.error('V11', `${at}.mountPropagation`, 'mount propagation should be set to None or HostToContainer', { value: mpg, allowed: 'None, HostToContainer' });
      }
    }
  }
}
