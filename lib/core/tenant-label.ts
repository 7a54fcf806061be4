/**
 * The label that names a namespace's tenant (a tenant may own several namespaces). The Tenant
 * construct puts it on its Namespace and objects; the event topology groups by it. Its own module,
 * without imports, so both can read it without loading each other. Exported by lib/topology.
 */
export const TENANT_LABEL = 'knative-faas-cdk.io/tenant';
