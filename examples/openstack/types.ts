/** What an OpenStack example builds: the Terraform app and the cdk8s platform it installs or delivers. */
import { App } from 'cdk8s';
import { OpenStackApp } from '../../lib/openstack';

/** An example module's result (scripts/synth-openstack.ts synthesizes both and validates the platform). */
export interface OpenStackExample {
  readonly terraform: OpenStackApp;
  /** The cdk8s platform (for GitOps: what CI commits to the repository). */
  readonly platform?: App;
  /** More cdk8s platforms, by name (a fleet: one per cluster). */
  readonly platforms?: Readonly<Record<string, App>>;
}
