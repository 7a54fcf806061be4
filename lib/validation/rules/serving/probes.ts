/**
 * Probes (serving k8s_validation.go validateProbe / validateReadinessProbe and the sidecar rules,
 * as at Knative 1.23, which added the startup probe to both).
 * Knative's probe field mask needs no rule of its own here: container probes are fully typed
 * by the CRD schema (which reports unknown probe fields), init containers may not have probes
 * at all (P13), and sidecar probes are refused whole without multi-container-probing (R4).
 */
import { RuleContext } from '../../types';
import type { ServingPort } from './containers';
import { BOTH, DISALLOWED, NEITHER, Obj, invalidValue, isObj, outOfBounds, paths, withDetails } from './util';

const INT32_MAX = 2147483647;
/** The probe kinds a serving or sidecar container may carry, in Knative's order. */
export const PROBE_KINDS = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
/** The Probe fields outside the handler, as Go's zero value would compare them. */
const PROBE_NUMBERS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds'];
const HANDLERS_ALLOWED = 'exactly one of exec, grpc, httpGet, tcpSocket';
const ALL_HANDLERS = ['exec', 'grpc', 'httpGet', 'tcpSocket'];

function handlers(p: Obj): string[] {
  const found: string[] = [];
  if (p.httpGet != null) found.push('httpGet');
  if (p.tcpSocket != null) found.push('tcpSocket');
  if (p.exec != null) found.push('exec');
  if (p.grpc != null) found.push('grpc');
  return found;
}

/** A number field as Go reads it after the schema: anything not a finite number counts as 0. */
function num(p: Obj, k: string): number {
  const v = p[k];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function handlerCount(p: Obj, base: string, ctx: RuleContext): void {
  const count = (p.httpGet != null ? 1 : 0) + (p.tcpSocket != null ? 1 : 0) + (p.exec != null ? 1 : 0) + (p.grpc != null ? 1 : 0);
  if (count === 1) return;
  const h = handlers(p);
  if (h.length === 0) {
    ctx.error('R1', paths(...ALL_HANDLERS.map((k) => `${base}.${k}`)), NEITHER, { allowed: HANDLERS_ALLOWED });
  } else if (h.length > 1) {
    ctx.error('R1', paths(...h.map((k) => `${base}.${k}`)), BOTH, { value: h, allowed: HANDLERS_ALLOWED });
  }
}

/**
 * R1/R2: a serving container's liveness, readiness or startup probe; a named port must be the
 * serving port's name.
 */
export function validateProbe(p: unknown, base: string, port: ServingPort, ctx: RuleContext): void {
  if (!isObj(p)) return;
  probePortName(p, 'httpGet', base, port, ctx);
  probePortName(p, 'tcpSocket', base, port, ctx);
  handlerCount(p, base, ctx);
}

/** R2 for one handler: a named port must be the serving port's name. */
function probePortName(p: Obj, kind: 'httpGet' | 'tcpSocket', base: string, port: ServingPort, ctx: RuleContext): void {
  const action = p[kind];
  if (isObj(action) && typeof action.port === 'string' && action.port !== '' && action.port !== port.name) {
    ctx.error('R2', `${base}.${kind}.port`, withDetails(invalidValue(action.port), 'Probe port must match container port'), {
      value: action.port, allowed: `a port number, or the container port's name "${port.name}"`,
    });
  }
}

/** R3: the readiness probe numbers (after the defaulter set successThreshold, and 3/1 when periodSeconds > 0). */
function readinessNumbers(p: Obj, base: string, ctx: RuleContext): void {
  const period = num(p, 'periodSeconds');
  if (period < 0) readinessBound(p, 'periodSeconds', 0, base, ctx);
  if (num(p, 'initialDelaySeconds') < 0) readinessBound(p, 'initialDelaySeconds', 0, base, ctx);
  if (num(p, 'successThreshold') < 1) readinessBound(p, 'successThreshold', 1, base, ctx);
  if (period === 0) {
    if (num(p, 'failureThreshold') !== 0) {
      ctx.error('R3', `${base}.failureThreshold`, 'failureThreshold is disallowed when periodSeconds is zero', { value: p.failureThreshold, allowed: '0 or unset while periodSeconds is 0' });
    }
    if (num(p, 'timeoutSeconds') !== 0) {
      ctx.error('R3', `${base}.timeoutSeconds`, 'timeoutSeconds is disallowed when periodSeconds is zero', { value: p.timeoutSeconds, allowed: '0 or unset while periodSeconds is 0' });
    }
  } else {
    if (num(p, 'timeoutSeconds') < 1) readinessBound(p, 'timeoutSeconds', 1, base, ctx);
    if (num(p, 'failureThreshold') < 1) readinessBound(p, 'failureThreshold', 1, base, ctx);
  }
}

function readinessBound(p: Obj, k: string, lo: number, base: string, ctx: RuleContext): void {
  ctx.error('R3', `${base}.${k}`, outOfBounds(num(p, k), lo, INT32_MAX), { value: p[k] ?? 0, allowed: `${lo}..${INT32_MAX}` });
}

/** R1..R3 for the serving container's readiness probe. */
export function validateReadinessProbe(p: unknown, base: string, port: ServingPort, ctx: RuleContext): void {
  if (!isObj(p)) return;
  validateProbe(p, base, port, ctx);
  readinessNumbers(p, base, ctx);
}

/** The serving container's three probes (ValidateUserContainer). */
export function validateServingProbes(c: Obj, base: string, port: ServingPort, ctx: RuleContext): void {
  validateProbe(c.livenessProbe, `${base}.livenessProbe`, port, ctx);
  validateReadinessProbe(c.readinessProbe, `${base}.readinessProbe`, port, ctx);
  validateProbe(c.startupProbe, `${base}.startupProbe`, port, ctx);
}

/**
 * R4: sidecar probes (liveness, readiness, startup) need multi-container-probing. Without it,
 * Knative compares each probe with an empty one and lists every set field, one error per
 * container (the handler shows as the probe itself); with it, httpGet/tcpSocket probes need an
 * explicit port, and readiness numbers are checked as for the serving container.
 */
export function validateSidecarProbes(c: Obj, base: string, ctx: RuleContext): void {
  const on = ctx.settings.servingFeature('multi-container-probing') === 'Enabled';
  if (!on) {
    const set: string[] = [];
    for (const kind of PROBE_KINDS) {
      const p = c[kind];
      if (!isObj(p)) continue;
      const at = `${base}.${kind}`;
      if (handlers(p).length) set.push(at);
      for (const k of PROBE_NUMBERS) if (p[k] !== undefined && p[k] !== null && p[k] !== 0) set.push(`${at}.${k}`);
    }
    if (set.length) ctx.error('R4', paths(...set), DISALLOWED, { allowed: 'probes on sidecars only with multi-container-probing Enabled' });
    return;
  }
  for (const kind of PROBE_KINDS) {
    const p = c[kind];
    if (!isObj(p)) continue;
    for (const h of ['httpGet', 'tcpSocket']) {
      const action = p[h];
      if (isObj(action) && (action.port === undefined || action.port === null || action.port === 0 || action.port === '')) {
        ctx.error('R4', `${base}.${kind}.${h}.port`, withDetails(invalidValue(0), 'Probe port must be specified'), { value: action.port ?? 0, allowed: "the sidecar's own port" });
      }
    }
    handlerCount(p, `${base}.${kind}`, ctx);
    if (kind === 'readinessProbe') readinessNumbers(p, `${base}.${kind}`, ctx);
  }
}
