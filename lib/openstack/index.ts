/**
 * `knative-faas-cdk/openstack`: OpenStack Magnum clusters with CDK for Terraform, composed with
 * the platform install. Needs the optional peers cdktf, @cdktf/provider-helm and
 * @cdktf/provider-kubernetes; the main entry point (`knative-faas-cdk`) never loads them.
 */
export * from './labels';
export * from './magnum';
export * from './network';
export * from './provider';
export * from './stacks';
export { OpenStackResource, OpenStackDataSource, OPENSTACK_PROVIDER_VERSION, OPENSTACK_PROVIDER_SOURCE } from './terraform';
