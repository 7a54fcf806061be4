/**
 * networking.istio.io ServiceEntry: istiod's ValidateServiceEntry (validation.go). Checks that
 * the CRD's CEL rules already make (wildcard `*` host, duplicate port numbers, CIDR addresses
 * with DNS resolution, endpoints with NONE, several endpoints with DNS_ROUND_ROBIN, UDS ports,
 * workloadSelector with endpoints) are left to them: the API server rejects before the webhook.
 * The "addresses are required for ports serving TCP" warning assumes istiod's stock
 * PILOT_ENABLE_IP_AUTOALLOCATE=true: auto-allocation then applies unless the resolution is NONE
 * or the `networking.istio.io/enable-autoallocate-ip` label says "false".
 */
import { KindRules, RuleContext } from '../../types';
import {
  alphaWorkloadSelectorFindings, arr, at, exportToErrors, fqdnError, ipSubnetError, isHttpProtocol, isTcpProtocol,
  isTlsProtocol, isValidIp, labelErrors, num, obj, parseProtocol, partialWildcardError, portError, portNameError,
  protocolError, q, str, unixAddressError, metadataRejection, wildcardDomainError,
} from './common';

function endpointPorts(ep: Record<string, any>, path: string, servicePorts: Set<string>, ctx: RuleContext): void {
  for (const [name, port] of Object.entries<unknown>(obj(ep.ports) ?? {})) {
    const f = at(at(path, 'ports'), name);
    if (!servicePorts.has(name)) ctx.error('ISE5', f, `endpoint port ${num(port)} is not defined by the service entry`);
    const ne = portNameError(name);
    if (ne) ctx.error('ISE5', f, ne);
    const pe = portError(port);
    if (pe) ctx.error('ISE5', f, pe, { value: port });
  }
}

/**
 * The DYNAMIC_DNS case of ValidateServiceEntry: wildcard hosts only, no addresses, no
 * endpoints, HTTP/TLS/GRPC/HTTP2 ports, MESH_INTERNAL not with a waypoint. istiod's check that
 * location is MESH_EXTERNAL or MESH_INTERNAL is the CRD's enum (unset means MESH_EXTERNAL), and
 * "at least one wildcard host" its minItems on hosts: both reject before the webhook runs.
 * The messages keep istiod's missing spaces ("generatedfrom", "hostsfield").
 */
function dynamicDnsFindings(o: Record<string, any>, spec: Record<string, any>, hosts: string[], ctx: RuleContext): void {
  const mode = 'DYNAMIC_DNS';
  hosts.forEach((h, i) => {
    if (!h.startsWith('*')) ctx.error('ISE9', `spec.hosts[${i}]`, `host must be wildcarded for resolution mode ${mode}`, { value: h, allowed: 'a wildcard host such as *.example.com' });
  });
  if (arr(spec.addresses).length !== 0) {
    ctx.error('ISE9', 'spec.addresses', `addresses cannot be set for resolution type ${mode}. HTTP route domains will only be generatedfrom the hosts field values`);
  }
  if (arr(spec.endpoints).length !== 0) {
    ctx.error('ISE9', 'spec.endpoints', `endpoints cannot be set for resolution type ${mode}. Destination IP address determined from hostsfield values`);
  }
  arr(spec.ports).forEach((p, i) => {
    const port = obj(p);
    if (!port) return;
    const proto = parseProtocol(port.protocol);
    if (proto !== 'HTTP' && proto !== 'TLS' && proto !== 'GRPC' && proto !== 'HTTP2') {
      ctx.error('ISE9', `spec.ports[${i}].protocol`, `only HTTP, TLS, GRPC, and HTTP2 protocols are supported for resolution type ${mode}`, { value: port.protocol ?? '', allowed: 'HTTP, TLS, GRPC, HTTP2' });
    }
  });
  if (spec.location === 'MESH_INTERNAL' && usesWaypoint(o)) {
    ctx.error('ISE9', 'spec.location', `location MESH_INTERNAL with resolution type ${mode} is not supported when using waypoints`, { value: 'MESH_INTERNAL', allowed: 'MESH_EXTERNAL' });
  }
}

/** usesWaypoint: the `istio.io/use-waypoint` label names a waypoint (set, and not "none"). */
function usesWaypoint(o: Record<string, any>): boolean {
  const v = obj(o.metadata?.labels)?.['istio.io/use-waypoint'];
  return typeof v === 'string' && v !== '' && v.toLowerCase() !== 'none';
}

export const SERVICE_ENTRY_RULES: KindRules = {
  group: 'networking.istio.io',
  kinds: ['ServiceEntry'],
  validate(o, ctx) {
    const rejected = metadataRejection(o);
    if (rejected) {
      ctx.error('ISE8', rejected.field, rejected.message);
      return;
    }
    const spec = obj(o.spec) ?? {};
    const selector = alphaWorkloadSelectorFindings(spec.workloadSelector);
    if (selector.errors.length) {
      // istiod returns the selector errors alone.
      for (const m of selector.errors) ctx.error('ISE1', 'spec.workloadSelector.labels', m);
      return;
    }
    if (selector.warning) ctx.warn('ISE1', 'spec.workloadSelector', `service entry: ${selector.warning}, will be applied to all services in namespace`);

    const hosts = arr(spec.hosts).map(str);
    hosts.forEach((h, i) => {
      if (h === '*') return;
      const e = wildcardDomainError(h);
      if (e) ctx.error('ISE2', `spec.hosts[${i}]`, e, { value: h });
      // Partial wildcards are accepted (without a warning) for DYNAMIC_DNS only.
      const w = spec.resolution === 'DYNAMIC_DNS' ? undefined : partialWildcardError(h);
      if (w) ctx.warn('ISE2', `spec.hosts[${i}]`, w);
    });

    arr(spec.addresses).forEach((a, i) => {
      const e = ipSubnetError(str(a));
      if (e) ctx.error('ISE3', `spec.addresses[${i}]`, e, { value: a });
    });

    const servicePorts = new Set<string>();
    const optOut = obj(o.metadata?.labels)?.['networking.istio.io/enable-autoallocate-ip'];
    const autoAllocation = (str(spec.resolution) || 'NONE') !== 'NONE' && !(typeof optOut === 'string' && optOut.toLowerCase() === 'false')
      && arr(spec.addresses).length === 0;
    arr(spec.ports).forEach((p, i) => {
      const port = obj(p);
      if (!port) return;
      const pp = `spec.ports[${i}]`;
      const name = str(port.name);
      if (servicePorts.has(name)) ctx.error('ISE4', at(pp, 'name'), `service entry port name ${q(name)} already defined`, { value: name });
      servicePorts.add(name);
      if (num(port.targetPort) !== 0) {
        const e = portError(port.targetPort);
        if (e) ctx.error('ISE4', at(pp, 'targetPort'), e, { value: port.targetPort });
      }
      // istiod compares the protocol text as written: "tcp" does not count.
      if (arr(spec.addresses).length === 0 && !autoAllocation && (port.protocol === undefined || port.protocol === '' || port.protocol === 'TCP')) {
        ctx.warn('ISE4', pp, 'addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled');
      }
      const ne = portNameError(name);
      if (ne) ctx.error('ISE4', at(pp, 'name'), ne, { value: name });
      const pe = protocolError(port.protocol);
      if (pe) ctx.error('ISE4', at(pp, 'protocol'), pe, { value: port.protocol });
      const ue = portError(port.number);
      if (ue) ctx.error('ISE4', at(pp, 'number'), ue, { value: port.number });
    });

    const resolution = str(spec.resolution) || 'NONE';
    const endpoints = arr(spec.endpoints);
    switch (resolution) {
      case 'NONE':
        if (spec.workloadSelector) ctx.warn('ISE5', 'spec.workloadSelector', 'workloadSelector should not be set when resolution mode is NONE');
        break;
      case 'STATIC':
        endpoints.forEach((e, i) => {
          const ep = obj(e);
          if (!ep) return;
          const path = `spec.endpoints[${i}]`;
          const addr = str(ep.address);
          if (addr === '') {
            if (str(ep.network) === '') {
              ctx.error('ISE5', at(path, 'address'), 'address is required');
              return;
            }
            ctx.warn('ISE5', at(path, 'address'), `address is unset with network ${q(str(ep.network))}`);
          }
          let unix = false;
          if (addr.startsWith('unix://')) {
            unix = true;
            const ue = unixAddressError(addr.slice('unix://'.length));
            if (ue) ctx.error('ISE5', at(path, 'address'), ue, { value: addr });
          } else if (addr !== '' && !isValidIp(addr)) {
            ctx.error('ISE5', at(path, 'address'), `endpoint address ${q(addr)} is not a valid IP address`, { value: addr });
          }
          endpointPorts(ep, path, servicePorts, ctx);
          for (const m of labelErrors(ep.labels)) ctx.error('ISE5', at(path, 'labels'), m);
          if (unix && servicePorts.size !== 1) ctx.error('ISE5', path, 'exactly 1 service port required for unix endpoints');
        });
        break;
      case 'DNS':
      case 'DNS_ROUND_ROBIN':
        if (endpoints.length === 0) {
          // istiod reports the first host that is not an FQDN only.
          for (let i = 0; i < hosts.length; i++) {
            const fe = fqdnError(hosts[i]);
            if (fe) {
              ctx.error('ISE5', `spec.hosts[${i}]`, `hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode ${resolution}, ${fe}`, { value: hosts[i] });
              break;
            }
          }
        }
        endpoints.forEach((e, i) => {
          const ep = obj(e);
          if (!ep) return;
          const path = `spec.endpoints[${i}]`;
          const addr = str(ep.address);
          if (!isValidIp(addr) && fqdnError(addr)) {
            ctx.error('ISE5', at(path, 'address'), `endpoint address ${q(addr)} is not a valid FQDN or an IP address`, { value: addr });
          }
          for (const m of labelErrors(ep.labels)) ctx.error('ISE5', at(path, 'labels'), m);
          endpointPorts(ep, path, servicePorts, ctx);
        });
        if (arr(spec.addresses).length > 0 && hosts.length > 1 && arr(spec.ports).some((p) => isTcpProtocol(parseProtocol(obj(p)?.protocol)))) {
          ctx.warn('ISE5', 'spec.hosts', 'service entry can not have more than one host specified simultaneously with address and tcp port');
        }
        break;
      case 'DYNAMIC_DNS':
        dynamicDnsFindings(o, spec, hosts, ctx);
        break;
      default:
        // Unknown resolutions are rejected by the CRD's enum before the webhook runs.
        break;
    }

    if (resolution !== 'NONE' && hosts.length > 1) {
      const i = arr(spec.ports).findIndex((p) => {
        const proto = parseProtocol(obj(p)?.protocol);
        return !isHttpProtocol(proto) && !isTlsProtocol(proto);
      });
      if (i >= 0) ctx.error('ISE6', `spec.ports[${i}].protocol`, 'multiple hosts provided with non-HTTP, non-TLS ports');
    }

    for (const m of exportToErrors(o.metadata?.namespace, spec.exportTo, true, false)) ctx.error('ISE7', 'spec.exportTo', m);
  },
};
