/**
 * networking.istio.io WorkloadEntry and WorkloadGroup: istiod's ValidateWorkloadEntry
 * (validateWorkloadEntry with FQDN addresses allowed and no service ports) and
 * ValidateWorkloadGroup (template, metadata labels, validateReadinessProbe). The CRDs already
 * hold port numbers and names, UDS paths, "Address is required" (as presence), probe
 * thresholds >= 0 and `exec.command`.
 */
import { KindRules } from '../../types';
import {
  arr, at, fqdnError, isValidIp, labelErrors, metadataRejection, num, obj, portError, portNameError, q, str, unixAddressError,
} from './common';

/** hashicorp/go-multierror's Error(), which "invalid labels: %v" prints. */
function multiError(errs: string[]): string {
  if (errs.length === 1) return `1 error occurred:\n\t* ${errs[0]}\n\n`;
  return `${errs.length} errors occurred:\n\t${errs.map((e) => `* ${e}`).join('\n\t')}\n\n`;
}

export const WORKLOAD_ENTRY_RULES: KindRules = {
  group: 'networking.istio.io',
  kinds: ['WorkloadEntry'],
  validate(o, ctx) {
    const rejected = metadataRejection(o);
    if (rejected) {
      ctx.error('IWE2', rejected.field, rejected.message);
      return;
    }
    const spec = obj(o.spec) ?? {};
    const addr = str(spec.address);
    if (addr === '') {
      if (str(spec.network) === '') {
        ctx.error('IWE1', 'spec.address', 'address is required');
        return;
      }
      ctx.warn('IWE1', 'spec.address', `address is unset with network ${q(str(spec.network))}`);
    }
    if (addr.startsWith('unix://')) {
      const e = unixAddressError(addr.slice('unix://'.length));
      if (e) ctx.error('IWE1', 'spec.address', e, { value: addr });
      if (Object.keys(obj(spec.ports) ?? {}).length !== 0) ctx.error('IWE1', 'spec.ports', `unix endpoint ${addr} must not include ports`);
    } else if (addr !== '' && !isValidIp(addr) && fqdnError(addr)) {
      ctx.error('IWE1', 'spec.address', `endpoint address ${q(addr)} is not a valid FQDN or an IP address`, { value: addr });
    }
    for (const [name, port] of Object.entries<unknown>(obj(spec.ports) ?? {})) {
      const f = at('spec.ports', name);
      const ne = portNameError(name);
      if (ne) ctx.error('IWE1', f, ne);
      const pe = portError(port);
      if (pe) ctx.error('IWE1', f, pe, { value: port });
    }
    for (const m of labelErrors(spec.labels)) ctx.error('IWE1', 'spec.labels', m);
  },
};

const PROBE_HEADER_NAME = /^[-A-Za-z0-9]+$/;

export const WORKLOAD_GROUP_RULES: KindRules = {
  group: 'networking.istio.io',
  kinds: ['WorkloadGroup'],
  validate(o, ctx) {
    const rejected = metadataRejection(o);
    if (rejected) {
      ctx.error('IWG3', rejected.field, rejected.message);
      return;
    }
    const spec = obj(o.spec) ?? {};
    // istiod returns at the first of these.
    if (!obj(spec.template)) {
      ctx.error('IWG1', 'spec.template', 'template is required');
      return;
    }
    const labels = labelErrors(obj(spec.metadata)?.labels);
    if (labels.length) {
      ctx.error('IWG1', 'spec.metadata.labels', `invalid labels: ${multiError(labels)}`);
      return;
    }
    const probe = obj(spec.probe);
    if (!probe) return;
    const pp = 'spec.probe';
    for (const k of ['periodSeconds', 'initialDelaySeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold']) {
      if (num(probe[k]) < 0) ctx.error('IWG2', at(pp, k), `${k} must be non-negative`, { value: probe[k] });
    }
    if (probe.httpGet !== undefined && probe.httpGet !== null) {
      const h = obj(probe.httpGet) ?? {};
      const pe = portError(h.port);
      if (pe) ctx.error('IWG2', at(pp, 'httpGet.port'), pe, { value: h.port });
      const scheme = str(h.scheme);
      if (scheme !== '' && scheme !== 'HTTPS' && scheme !== 'HTTP') ctx.error('IWG2', at(pp, 'httpGet.scheme'), 'httpGet.scheme must be one of "HTTPS", "HTTP"', { value: scheme });
      arr(h.httpHeaders).forEach((hd, i) => {
        const name = str(obj(hd)?.name);
        const f = at(at(pp, 'httpGet.httpHeaders'), i);
        if (name === '') ctx.error('IWG2', f, 'header name cannot be empty');
        else if (!PROBE_HEADER_NAME.test(name)) ctx.error('IWG2', f, `header name ${name} is not a valid header name`, { value: name });
      });
    } else if (probe.tcpSocket !== undefined && probe.tcpSocket !== null) {
      const pe = portError(obj(probe.tcpSocket)?.port);
      if (pe) ctx.error('IWG2', at(pp, 'tcpSocket.port'), pe, { value: obj(probe.tcpSocket)?.port });
    } else if (probe.exec !== undefined && probe.exec !== null) {
      if (arr(obj(probe.exec)?.command).length === 0) ctx.error('IWG2', at(pp, 'exec.command'), 'exec.command is required');
    } else if (probe.grpc !== undefined && probe.grpc !== null) {
      // The CRD offers grpc, but validateReadinessProbe has no case for it.
      ctx.error('IWG2', at(pp, 'grpc'), 'unknown health check method *v1alpha3.ReadinessProbe_Grpc', { allowed: 'httpGet, tcpSocket or exec' });
    } else {
      ctx.error('IWG2', pp, 'unknown health check method <nil>', { allowed: 'httpGet, tcpSocket or exec' });
    }
  },
};
