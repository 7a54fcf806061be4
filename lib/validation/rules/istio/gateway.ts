/**
 * networking.istio.io Gateway: istiod's ValidateGateway (pkg/config/validation/validation.go).
 * The CRD schema already requires servers[].port (number, protocol, name) and servers[].hosts,
 * and its CEL rules forbid mixing credentialName(s) and tlsCertificates.
 */
import { KindRules, RuleContext } from '../../types';
import {
  arr, at, ipAddressError, isDns1123Label, isHttpProtocol, isTlsProtocol, isValidIp, num, obj, parseProtocol,
  partialWildcardError, portError, q, str, unixAddressError, metadataRejection, wildcardDomainError,
} from './common';

const CIPHERS = new Set([
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305', 'ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-SHA', 'ECDHE-RSA-AES256-SHA', 'AES128-GCM-SHA256', 'AES256-GCM-SHA384', 'AES128-SHA', 'AES256-SHA', 'DES-CBC3-SHA',
]);

function validCipher(cs: string): boolean {
  if (cs === '' || cs === 'ALL') return true;
  if (!/^[\p{L}\p{N}]/u.test(cs)) return true;
  return CIPHERS.has(cs);
}

/** validateSidecarOrGatewayHostnamePart. */
export function hostnamePartErrors(hostname: string, isGateway: boolean): string[] {
  const errs: string[] = [];
  if (hostname !== '*' && !hostname.includes('.')) errs.push('short names (non FQDN) are not allowed');
  const err = wildcardDomainError(hostname);
  if (err) {
    if (!isGateway) errs.push(err);
    if (!isValidIp(hostname)) errs.push(err);
  }
  const partial = partialWildcardError(hostname);
  if (partial) errs.push(partial);
  return errs;
}

/**
 * agent.ValidateNamespaceSlashWildcardHostname. `~` is a namespace only in sidecars and in
 * gateways converted from the Gateway API (`gatewaySemantics`).
 */
export function namespaceSlashHostErrors(hostname: string, isGateway: boolean, gatewaySemantics = false): string[] {
  const slash = hostname.indexOf('/');
  if (slash < 0) return isGateway ? hostnamePartErrors(hostname, true) : ['host must be of form namespace/dnsName'];
  const ns = hostname.slice(0, slash);
  const dns = hostname.slice(slash + 1);
  const errs: string[] = [];
  if (!ns || !dns) errs.push('config namespace and dnsName in host entry cannot be empty');
  const special = isGateway && !gatewaySemantics ? ['*', '.'] : ['*', '.', '~'];
  if (!special.includes(ns) && !isDns1123Label(ns)) errs.push(`invalid namespace value ${q(ns)} in ${isGateway ? 'gateway' : 'sidecar'}`);
  return [...errs, ...hostnamePartErrors(dns, isGateway)];
}

/** validateTLSOptions for a server's (or a sidecar ingress listener's) TLS settings. */
export function serverTlsFindings(tls: Record<string, any>): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const mode = str(tls.mode) || 'PASSTHROUGH';
  const ciphers = arr(tls.cipherSuites).map(String);
  if ((tls.minProtocolVersion === 'TLSV1_0' || tls.minProtocolVersion === 'TLSV1_1') && ciphers.length === 0) {
    warnings.push('TLS version below TLSV1_2 require setting compatible ciphers as by default they no longer include compatible ciphers.');
  }
  const invalid = new Set<string>();
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const cs of ciphers) {
    if (!validCipher(cs)) invalid.add(cs);
    else if (seen.has(cs)) dup.add(cs);
    else seen.add(cs);
  }
  if (invalid.size) warnings.push(`ignoring invalid cipher suites: [${[...invalid].sort().join(' ')}]`);
  if (dup.size) warnings.push(`ignoring duplicate cipher suites: [${[...dup].sort().join(' ')}]`);
  const has = (k: string) => str(tls[k]) !== '';
  const certs = arr(tls.tlsCertificates);
  const names = arr(tls.credentialNames);
  if (mode === 'ISTIO_MUTUAL') {
    if (has('serverCertificate')) errors.push('ISTIO_MUTUAL TLS cannot have associated server certificate');
    if (has('privateKey')) errors.push('ISTIO_MUTUAL TLS cannot have associated private key');
    if (has('caCertificates')) errors.push('ISTIO_MUTUAL TLS cannot have associated CA bundle');
    if (certs.length) errors.push('ISTIO_MUTUAL TLS cannot have associated tlsCertificates');
    if (has('credentialName')) errors.push('ISTIO_MUTUAL TLS cannot have associated credentialName');
    if (names.length) errors.push('ISTIO_MUTUAL TLS cannot have associated credentialNames');
    return { errors, warnings };
  }
  if ((mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH')
    && (['caCrl', 'serverCertificate', 'privateKey', 'caCertificates', 'credentialName'].some(has) || certs.length || names.length)) {
    warnings.push(`${mode} mode does not use certificates, they will be ignored`);
  }
  const sources = (has('serverCertificate') && has('privateKey') ? 1 : 0) + (has('credentialName') ? 1 : 0) + (names.length ? 1 : 0) + (certs.length ? 1 : 0);
  // The CRD's CEL rules already reject credentialNames with tlsCertificates or credentialName.
  const celRejects = (names.length > 0 && certs.length > 0) || (names.length > 0 && has('credentialName'));
  if (sources > 1 && !celRejects) errors.push('only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified');
  if (['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL'].includes(mode) && (has('credentialName') || names.length)) return { errors, warnings };
  if (['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL'].includes(mode)) {
    const prefix = mode === 'SIMPLE' ? 'SIMPLE TLS' : 'MUTUAL TLS';
    if (prefix === 'MUTUAL TLS' && !has('caCertificates')) errors.push(`${prefix} requires a client CA bundle`);
    if (certs.length > 2) warnings.push(`${prefix} can support up to 2 server certificates`);
    const toVerify = certs.length ? certs.map((c) => obj(c) ?? {}) : [{ serverCertificate: tls.serverCertificate, privateKey: tls.privateKey }];
    for (const c of toVerify) {
      if (str(c.serverCertificate) === '') errors.push(`${prefix} requires a server certificate`);
      if (str(c.privateKey) === '') errors.push(`${prefix} requires a private key`);
    }
  }
  if (has('caCrl')) {
    if (has('credentialName')) errors.push('CRL is not supported with credentialName. CRL has to be specified in the credential');
    if (mode === 'SIMPLE') errors.push('CRL is not supported with SIMPLE TLS');
  }
  return { errors, warnings };
}

/** Go's %v of a Port message: proto text format, fields in proto order, zero values left out. */
function portText(port: Record<string, any>): string {
  const fields: [string, unknown][] = [['number', port.number], ['protocol', port.protocol], ['name', port.name], ['target_port', port.targetPort]];
  return fields.filter(([, v]) => v !== undefined && v !== null && v !== '' && v !== 0)
    .map(([k, v]) => `${k}:${typeof v === 'string' ? JSON.stringify(v) : String(v)}`).join(' ');
}

function validateServer(server: Record<string, any>, path: string, gatewaySemantics: boolean, ctx: RuleContext): void {
  const hosts = arr(server.hosts);
  if (Array.isArray(server.hosts) && hosts.length === 0) ctx.error('IG3', at(path, 'hosts'), 'server config must contain at least one host');
  hosts.forEach((h, i) => {
    for (const m of namespaceSlashHostErrors(str(h), true, gatewaySemantics)) ctx.error('IG4', at(at(path, 'hosts'), i), m, { value: h });
  });

  const port = obj(server.port);
  const bind = str(server.bind);
  let portOk = true;
  if (port) {
    const pp = at(path, 'port');
    if (!parseProtocol(port.protocol)) {
      portOk = false;
      ctx.error('IG5', at(pp, 'protocol'), `invalid protocol ${q(str(port.protocol))}, supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP`, { value: port.protocol });
    }
    if (num(port.number) > 0 || !bind.startsWith('unix://')) {
      const e = portError(port.number);
      if (e) {
        portOk = false;
        ctx.error('IG6', at(pp, 'number'), e, { value: port.number });
      }
    }
    if (num(port.targetPort) > 0) {
      portOk = false;
      ctx.error('IG7', at(pp, 'targetPort'), 'targetPort has no impact on Gateways', { value: port.targetPort });
    }
    if (port.name === '') {
      portOk = false;
      ctx.error('IG8', at(pp, 'name'), `port name must be set: ${portText(port)}`);
    }
  }

  if (bind.startsWith('unix://')) {
    const e = unixAddressError(bind.slice('unix://'.length));
    if (e) ctx.error('IG9', at(path, 'bind'), e, { value: bind });
    if (port && num(port.number) !== 0) ctx.error('IG9', at(path, 'bind'), `port number must be 0 for unix domain socket: ${portText(port)}`);
  } else if (bind) {
    const e = ipAddressError(bind);
    if (e) ctx.error('IG9', at(path, 'bind'), e, { value: bind });
  }

  const tls = obj(server.tls);
  if (tls) {
    const f = serverTlsFindings(tls);
    for (const m of f.errors) ctx.error('IG10', at(path, 'tls'), m);
    for (const m of f.warnings) ctx.warn('IG11', at(path, 'tls'), m);
  }

  if (port && portOk) {
    const p = parseProtocol(port.protocol);
    if (isTlsProtocol(p) && !tls) {
      ctx.error('IG12', at(path, 'tls'), 'server must have TLS settings for HTTPS/TLS protocols');
    } else if (!isTlsProtocol(p) && tls) {
      if (isHttpProtocol(p)) {
        const mode = str(tls.mode) || 'PASSTHROUGH';
        const passthrough = mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH';
        if (!passthrough || str(tls.caCertificates) || str(tls.privateKey) || str(tls.serverCertificate)) {
          ctx.error('IG12', at(path, 'tls'), 'server cannot have TLS settings for plain text HTTP ports');
        }
      } else {
        ctx.error('IG12', at(path, 'tls'), 'server cannot have TLS settings for non HTTPS/TLS ports');
      }
    }
  }
}

export const GATEWAY_RULES: KindRules = {
  group: 'networking.istio.io',
  kinds: ['Gateway'],
  validate(o, ctx) {
    const rejected = metadataRejection(o);
    if (rejected) {
      ctx.error('IG15', rejected.field, rejected.message);
      return;
    }
    const name = str(o.metadata?.name);
    // Gateways converted from the Gateway API carry this annotation and may have dotted names.
    const gatewaySemantics = o.metadata?.annotations?.['internal.istio.io/gateway-semantics'] === 'gateway';
    if (name && !isDns1123Label(name) && !gatewaySemantics) ctx.error('IG1', 'metadata.name', `invalid gateway name: ${q(name)}`, { value: name });
    const spec = obj(o.spec) ?? {};
    const servers = arr(spec.servers);
    if (servers.length === 0) ctx.error('IG2', 'spec.servers', 'gateway must have at least one server');
    servers.forEach((s, i) => { if (obj(s)) validateServer(s, at('spec.servers', i), gatewaySemantics, ctx); });

    const names = new Set<string>();
    servers.forEach((s, i) => {
      const port = obj(obj(s)?.port);
      if (!port) return;
      const pn = str(port.name);
      if (names.has(pn)) ctx.error('IG13', `spec.servers[${i}].port.name`, `port names in servers must be unique: duplicate name ${pn}`, { value: pn });
      names.add(pn);
      if (!isHttpProtocol(parseProtocol(port.protocol)) && obj(s)?.tls?.httpsRedirect === true) {
        ctx.warn('IG14', `spec.servers[${i}].tls.httpsRedirect`, 'tls.httpsRedirect should only be used with http servers');
      }
    });
  },
};
