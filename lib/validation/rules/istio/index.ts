import { KindRules } from '../../types';
import { DESTINATION_RULE_RULES } from './destination-rule';
import { GATEWAY_RULES } from './gateway';
import { AUTHORIZATION_POLICY_RULES, PEER_AUTHENTICATION_RULES, REQUEST_AUTHENTICATION_RULES } from './security';
import { SERVICE_ENTRY_RULES } from './service-entry';
import { SIDECAR_RULES } from './sidecar';
import { VIRTUAL_SERVICE_RULES } from './virtual-service';
import { WORKLOAD_ENTRY_RULES, WORKLOAD_GROUP_RULES } from './workload';

/**
 * Webhook-equivalent rules for Istio kinds: the checks of istiod's validating webhook
 * (validation.istio.io, pkg/config/validation) that the CRD schemas and their CEL rules do not
 * already make. Ids: IG (Gateway), IVS (VirtualService), IDR (DestinationRule), ISE
 * (ServiceEntry), ISC (Sidecar), IPA (PeerAuthentication), IAP (AuthorizationPolicy), IRA
 * (RequestAuthentication), IWE (WorkloadEntry), IWG (WorkloadGroup).
 */
export const ISTIO_RULES: readonly KindRules[] = [
  GATEWAY_RULES,
  VIRTUAL_SERVICE_RULES,
  DESTINATION_RULE_RULES,
  SERVICE_ENTRY_RULES,
  SIDECAR_RULES,
  PEER_AUTHENTICATION_RULES,
  AUTHORIZATION_POLICY_RULES,
  REQUEST_AUTHENTICATION_RULES,
  WORKLOAD_ENTRY_RULES,
  WORKLOAD_GROUP_RULES,
];
