/**
 * networking.istio.io Sidecar: istiod's ValidateSidecar (validation.go).
 */
import { KindRules, RuleContext } from '../../types';
import {
  alphaWorkloadSelectorFindings, arr, at, fqdnError, ipAddressError, isHttpProtocol, isTlsProtocol, num, obj, parseProtocol, portError,
  portNameError, protocolError, q, str, unixAddressError, metadataRejection,
} from './common';
import { connectionPoolErrors } from './destination-rule';
import { namespaceSlashHostErrors, serverTlsFindings } from './gateway';
import { destinationErrors } from './http';

/** Go's net.SplitHostPort, enough for `127.0.0.1:8080`, `[::1]:8080` and `:8080`. */
function splitHostPort(hostport: string): { host: string; port: string; error?: string } {
  const missing = { host: '', port: '', error: `address ${hostport}: missing port in address` };
  const i = hostport.lastIndexOf(':');
  if (i < 0) return missing;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0) return { host: '', port: '', error: `address ${hostport}: missing ']' in address` };
    if (end + 1 === hostport.length) return missing;
    if (end + 1 !== i) return { host: '', port: '', error: `address ${hostport}: too many colons in address` };
    return { host: hostport.slice(1, end), port: hostport.slice(i + 1) };
  }
  const host = hostport.slice(0, i);
  if (host.includes(':')) return { host: '', port: '', error: `address ${hostport}: too many colons in address` };
  return { host, port: hostport.slice(i + 1) };
}

function portBindErrors(port: Record<string, any>, bind: string, path: string, ctx: RuleContext, egress: boolean, captureMode: string): void {
  const pp = at(path, 'port');
  if (str(port.name) !== '') {
    const e = portNameError(str(port.name));
    if (e) ctx.error('ISC3', at(pp, 'name'), e, { value: port.name });
  }
  const pe = protocolError(port.protocol);
  if (pe) ctx.error('ISC3', at(pp, 'protocol'), pe, { value: port.protocol });
  if (egress && num(port.number) === 0) {
    if (!bind.startsWith('unix://')) ctx.error('ISC3', at(path, 'bind'), 'sidecar: ports with 0 value must have a unix domain socket bind address');
    else {
      const ue = unixAddressError(bind.slice('unix://'.length));
      if (ue) ctx.error('ISC3', at(path, 'bind'), ue, { value: bind });
    }
    if (captureMode !== 'DEFAULT' && captureMode !== 'NONE') ctx.error('ISC3', at(path, 'captureMode'), 'sidecar: captureMode must be DEFAULT/NONE for unix domain socket listeners');
    return;
  }
  const ne = portError(port.number);
  if (ne) ctx.error('ISC3', at(pp, 'number'), ne, { value: port.number });
  if (bind) {
    const be = ipAddressError(bind);
    if (be) ctx.error('ISC3', at(path, 'bind'), be, { value: bind });
  }
}

export const SIDECAR_RULES: KindRules = {
  group: 'networking.istio.io',
  kinds: ['Sidecar'],
  validate(o, ctx) {
    const rejected = metadataRejection(o);
    if (rejected) {
      ctx.error('ISC9', rejected.field, rejected.message);
      return;
    }
    const spec = obj(o.spec) ?? {};
    const selector = alphaWorkloadSelectorFindings(spec.workloadSelector);
    if (selector.errors.length) {
      for (const m of selector.errors) ctx.error('ISC1', 'spec.workloadSelector.labels', m);
      return;
    }
    if (selector.warning) ctx.warn('ISC1', 'spec.workloadSelector', `sidecar: ${selector.warning}, will be applied to all services in namespace`);

    const ingress = arr(spec.ingress);
    const egress = arr(spec.egress);
    if (!ingress.length && !egress.length && !obj(spec.outboundTrafficPolicy) && !obj(spec.inboundConnectionPool)) {
      ctx.error('ISC2', 'spec', 'sidecar: empty configuration provided');
      return;
    }

    const ports = new Set<number>();
    ingress.forEach((l, i) => {
      const listener = obj(l);
      const path = `spec.ingress[${i}]`;
      if (!listener) return;
      const port = obj(listener.port);
      if (!port) {
        ctx.error('ISC3', at(path, 'port'), 'sidecar: port is required for ingress listeners');
        return;
      }
      if (num(port.targetPort) > 0) ctx.error('ISC3', at(path, 'port.targetPort'), 'targetPort has no impact on Sidecars');
      portBindErrors(port, str(listener.bind), path, ctx, false, '');
      if (ports.has(num(port.number))) ctx.error('ISC4', at(path, 'port.number'), 'sidecar: ports on IP bound listeners must be unique', { value: port.number });
      ports.add(num(port.number));

      const de = str(listener.defaultEndpoint);
      if (de) {
        const f = at(path, 'defaultEndpoint');
        if (de.startsWith('unix://')) {
          const ue = unixAddressError(de.slice('unix://'.length));
          if (ue) ctx.error('ISC3', f, ue, { value: de });
        } else {
          const split = splitHostPort(de);
          if (split.error) ctx.error('ISC3', f, split.error, { value: de });
          if (split.host && !['127.0.0.1', '0.0.0.0', '::1', '::'].includes(split.host)) {
            ctx.error('ISC3', f, 'sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset', { value: de });
          }
          if (/^[+-]?\d+$/.test(split.port) && (BigInt(split.port) > 9223372036854775807n || BigInt(split.port) < -9223372036854775808n)) {
            ctx.error('ISC3', f, `sidecar: defaultEndpoint port (${split.port}) is not a number: strconv.Atoi: parsing ${q(split.port)}: value out of range`, { value: de });
          } else if (!/^[+-]?\d+$/.test(split.port)) {
            ctx.error('ISC3', f, `sidecar: defaultEndpoint port (${split.port}) is not a number: strconv.Atoi: parsing ${q(split.port)}: invalid syntax`, { value: de });
          } else {
            const pe = portError(Number(split.port));
            if (pe) ctx.error('ISC3', f, pe, { value: de });
          }
        }
      }

      const tls = obj(listener.tls);
      if (tls) {
        const tp = at(path, 'tls');
        if (arr(tls.subjectAltNames).length > 0) ctx.error('ISC3', at(tp, 'subjectAltNames'), 'sidecar: subjectAltNames is not supported in ingress tls');
        if (tls.httpsRedirect === true) ctx.error('ISC3', at(tp, 'httpsRedirect'), 'sidecar: httpsRedirect is not supported');
        if (str(tls.credentialName) !== '') ctx.error('ISC3', at(tp, 'credentialName'), 'sidecar: credentialName is not currently supported');
        if (arr(tls.credentialNames).length) ctx.error('ISC3', at(tp, 'credentialNames'), 'sidecar: credentialNames is not currently supported');
        if (arr(tls.tlsCertificates).length) ctx.error('ISC3', at(tp, 'tlsCertificates'), 'sidecar: tls_certificates is not currently supported');
        const mode = str(tls.mode) || 'PASSTHROUGH';
        if (mode === 'ISTIO_MUTUAL' || mode === 'AUTO_PASSTHROUGH') ctx.error('ISC3', at(tp, 'mode'), `configuration is invalid: cannot set mode to ${mode} in sidecar ingress tls`);
        if (!isTlsProtocol(parseProtocol(port.protocol))) ctx.error('ISC3', tp, 'server cannot have TLS settings for non HTTPS/TLS ports');
        const f = serverTlsFindings(tls);
        for (const m of f.errors) ctx.error('ISC3', tp, m);
        for (const m of f.warnings) ctx.warn('ISC3', tp, m);
      }

      const pool = obj(listener.connectionPool);
      if (pool) {
        connectionPoolErrors(pool, at(path, 'connectionPool'), (f, m) => ctx.error('ISC7', f, m), false);
        if (obj(pool.http) && !isHttpProtocol(parseProtocol(port.protocol))) {
          ctx.warn('ISC7', at(path, 'connectionPool.http'), `sidecar: HTTP connection pool settings are configured for port ${num(port.number)} (${q(str(port.name))}) but its protocol is not HTTP (${str(port.protocol)}); only TCP settings will apply`);
        }
      }
    });

    const inbound = obj(spec.inboundConnectionPool);
    if (inbound) connectionPoolErrors(inbound, 'spec.inboundConnectionPool', (f, m) => ctx.error('ISC7', f, m), false);

    const egressPorts = new Set<number>();
    const uds = new Set<string>();
    let catchAll = false;
    egress.forEach((l, index) => {
      const listener = obj(l);
      const path = `spec.egress[${index}]`;
      if (!listener) return;
      const port = obj(listener.port);
      if (!port) {
        if (!catchAll) {
          if (index === egress.length - 1) catchAll = true;
          else ctx.error('ISC5', path, 'sidecar: the egress listener with empty port should be the last listener in the list');
        } else {
          ctx.error('ISC5', path, 'sidecar: egress can have only one listener with empty port');
          return;
        }
      } else {
        if (num(port.targetPort) > 0) ctx.error('ISC3', at(path, 'port.targetPort'), 'targetPort has no impact on Sidecars');
        const bind = str(listener.bind);
        portBindErrors(port, bind, path, ctx, true, str(listener.captureMode) || 'DEFAULT');
        if (num(port.number) === 0) {
          if (uds.has(bind)) ctx.error('ISC4', at(path, 'bind'), 'sidecar: unix domain socket values for listeners must be unique', { value: bind });
          uds.add(bind);
        } else {
          if (egressPorts.has(num(port.number))) ctx.error('ISC4', at(path, 'port.number'), 'sidecar: ports on IP bound listeners must be unique', { value: port.number });
          egressPorts.add(num(port.number));
        }
      }

      const hosts = arr(listener.hosts).map(str);
      if (hosts.length === 0) {
        ctx.error('ISC6', at(path, 'hosts'), 'sidecar: egress listener must contain at least one host');
        return;
      }
      const nss = new Map<string, Set<string>>();
      hosts.forEach((h, hi) => {
        const f = at(at(path, 'hosts'), hi);
        const slash = h.indexOf('/');
        if (slash >= 0) {
          let ns = h.slice(0, slash);
          const svc = h.slice(slash + 1);
          if (ns === '.') ns = str(o.metadata?.namespace);
          const set = nss.get(ns) ?? new Set<string>();
          nss.set(ns, set);
          if (svc !== '*' ? set.has(svc) || set.has('*') : set.size !== 0) ctx.warn('ISC6', f, `duplicated egress host: ${h}`);
          set.add(svc);
        }
        for (const m of namespaceSlashHostErrors(h, false)) ctx.error('ISC6', f, m, { value: h });
      });
      if (nss.get('*')?.has('*') && nss.size !== 1) ctx.warn('ISC6', at(path, 'hosts'), '`*/*` host select all resources, no other hosts can be added');
    });

    const otp = obj(spec.outboundTrafficPolicy);
    const proxy = obj(otp?.egressProxy);
    if (otp && proxy) {
      const pp = 'spec.outboundTrafficPolicy.egressProxy';
      if ((str(otp.mode) || 'REGISTRY_ONLY') !== 'ALLOW_ANY') {
        ctx.error('ISC8', pp, 'sidecar: egress_proxy must be set only with ALLOW_ANY outbound_traffic_policy mode');
      } else {
        const fe = fqdnError(str(proxy.host));
        if (fe) ctx.error('ISC8', at(pp, 'host'), fe, { value: proxy.host });
        if (!obj(proxy.port)) ctx.error('ISC8', at(pp, 'port'), 'sidecar: egress_proxy port must be non-nil');
        else for (const [f, m] of destinationErrors(proxy)) ctx.error('ISC8', at(pp, f), m);
      }
    }
  },
};
