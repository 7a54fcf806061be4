/**
 * Probes (serving k8s_validation.go validateProbe / validateReadinessProbe and the sidecar rules).
 * Knative's probe field mask needs no rule of its own here: container probes are fully typed
 * by the CRD schema (which reports unknown probe fields), init containers may not have probes
 * at all (P13), and sidecar probes are refused whole without multi-container-probing (R4).
 */
import { RuleContext } from '../../types';
import type { ServingPort } from './containers';
import { BOTH, DISALLOWED, NEITHER, Obj, invalidValue, isObj, outOfBounds, paths, withDetails } from './util';

const INT32_MAX = 2147483647;

function handlers(p: Obj): string[] {
  const found: string[] = [];
  if (p.httpGet != null) found.push('httpGet');
  if (p.tcpSocket != null) found.push('tcpSocket');
  if (p.exec != null) found.push('exec');
  if (p.grpc != null) found.push('grpc');
  return found;
}

/** R1/R2: a serving container's probe; a named port must be the serving port's name. */
export function validateProbe(p: unknown, base: string, port: ServingPort, ctx: RuleContext): void {
  if (!isObj(p)) return;
  const h = handlers(p);
  for (const kind of ['httpGet', 'tcpSocket'] as const) {
    const action = p[kind];
    if (isObj(action) && typeof action.port === 'string' && action.port !== '' && action.port !== port.name) {
      ctx.error('R2', `${base}.${kind}.port`, withDetails(invalidValue(action.port), 'Probe port must match container port'), {
        value: action.port, allowed: `a port number, or the container port's name "${port.name}"`,
      });
    }
  }
  const all = ['exec', 'grpc', 'httpGet', 'tcpSocket'];
  if (h.length === 0) {
    ctx.error('R1', paths(...all.map((k) => `${base}.${k}`)), NEITHER, { allowed: 'exactly one of exec, grpc, httpGet, tcpSocket' });
  } else if (h.length > 1) {
    ctx.error('R1', paths(...h.map((k) => `${base}.${k}`)), BOTH, { value: h, allowed: 'exactly one of exec, grpc, httpGet, tcpSocket' });
  }
}

/** R3: the readiness probe numbers (after the defaulter set successThreshold, and 3/1 when periodSeconds > 0). */
export function validateReadinessProbe(p: unknown, base: string, port: ServingPort, ctx: RuleContext): void {
  if (!isObj(p)) return;
  validateProbe(p, base, port, ctx);
  const num = (k: string): number => (typeof p[k] === 'number' ? p[k] : 0);
  const period = num('periodSeconds');
  const bound = (k: string, lo: number) => ctx.error('R3', `${base}.${k}`, outOfBounds(num(k), lo, INT32_MAX), { value: num(k), allowed: `${lo}..${INT32_MAX}` });
  if (period < 0) bound('periodSeconds', 0);
  if (num('initialDelaySeconds') < 0) bound('initialDelaySeconds', 0);
  if (num('successThreshold') < 1) bound('successThreshold', 1);
  if (period === 0) {
    if (num('failureThreshold') !== 0) {
      ctx.error('R3', `${base}.failureThreshold`, 'failureThreshold is disallowed when periodSeconds is zero', { value: num('failureThreshold'), allowed: '0 or unset while periodSeconds is 0' });
    }
    if (num('timeoutSeconds') !== 0) {
      ctx.error('R3', `${base}.timeoutSeconds`, 'timeoutSeconds is disallowed when periodSeconds is zero', { value: num('timeoutSeconds'), allowed: '0 or unset while periodSeconds is 0' });
    }
  } else {
    if (num('timeoutSeconds') < 1) bound('timeoutSeconds', 1);
    if (num('failureThreshold') < 1) bound('failureThreshold', 1);
  }
}

/** R4: sidecar probes need multi-container-probing, and then an explicit port. */
export function validateSidecarProbes(c: Obj, base: string, ctx: RuleContext): void {
  const on = ctx.settings.servingFeature('multi-container-probing') === 'Enabled';
  for (const kind of ['livenessProbe', 'readinessProbe']) {
    const p = c[kind];
    if (!isObj(p)) continue;
    if (!on) {
      ctx.error('R4', `${base}.${kind}`, DISALLOWED, { allowed: 'probes on sidecars only with multi-container-probing Enabled' });
      continue;
    }
    for (const h of ['httpGet', 'tcpSocket']) {
      const action = p[h];
      if (isObj(action) && (action.port === undefined || action.port === 0 || action.port === '')) {
        ctx.error('R4', `${base}.${kind}.${h}.port`, withDetails(invalidValue(0), 'Probe port must be specified'), { value: action.port ?? 0, allowed: "the sidecar's own port" });
      }
    }
    const found = handlers(p);
    const all = ['exec', 'grpc', 'httpGet', 'tcpSocket'];
    if (found.length === 0) ctx.error('R1', paths(...all.map((k) => `${base}.${kind}.${k}`)), NEITHER, { allowed: 'exactly one of exec, grpc, httpGet, tcpSocket' });
    else if (found.length > 1) ctx.error('R1', paths(...found.map((k) => `${base}.${kind}.${k}`)), BOTH, { value: found, allowed: 'exactly one of exec, grpc, httpGet, tcpSocket' });
  }
}
