/**
 * The OpenStack provider block and the S3-compatible state backend. Credentials are never props:
 * the provider reads them from clouds.yaml (`cloud`) or the OS_* environment, the backend from
 * the AWS_* environment or a shared credentials file, so nothing secret reaches cdk.tf.json.
 */
import { DataTerraformRemoteStateS3, TerraformBackend, TerraformProvider, TerraformRemoteState, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Attributes, OPENSTACK_PROVIDER_SOURCE, OPENSTACK_PROVIDER_VERSION, checkNonEmpty } from './terraform';
import { reportError } from '../core/report';

/** Options of the OpenStack provider. */
export interface OpenStackProviderProps {
  /**
   * The entry of clouds.yaml to use (`OS_CLOUD`): auth URL, project, region and credentials
   * (an application credential, preferably) all come from it.
   * @default - the OS_* environment variables (an openrc file)
   */
  readonly cloud?: string;
  /** The region (`OS_REGION_NAME`). @default - the cloud's region */
  readonly region?: string;
  /** Which endpoints of the catalog to use. @default 'public' */
  readonly endpointType?: 'public' | 'internal' | 'admin';
  /** A CA bundle for the cloud's TLS endpoints (`OS_CACERT`). @default - the system trust store */
  readonly cacertFile?: string;
  /** How many times the provider retries a failed API call. @default 0 */
  readonly maxRetries?: number;
}

/** The `openstack` provider, pinned to the release the bindings were generated from. */
export class OpenStackProvider extends TerraformProvider {
  private readonly props: OpenStackProviderProps;

  public constructor(scope: Construct, id: string, props: OpenStackProviderProps = {}) {
    super(scope, id, {
      terraformResourceType: 'openstack',
      terraformGeneratorMetadata: { providerName: 'openstack', providerVersion: OPENSTACK_PROVIDER_VERSION, providerVersionConstraint: OPENSTACK_PROVIDER_VERSION },
      terraformProviderSource: OPENSTACK_PROVIDER_SOURCE,
    });
    this.props = props;
    if (props.cloud !== undefined) checkNonEmpty(this, 'cloud', props.cloud, 'the clouds.yaml entry');
    if (props.maxRetries !== undefined && (!Number.isInteger(props.maxRetries) || props.maxRetries < 0)) {
      reportError(this, 'maxRetries', 'must be a non-negative integer', { value: props.maxRetries });
    }
  }

  protected synthesizeAttributes(): Attributes {
    const p = this.props;
    const out: Attributes = {};
    if (p.cloud !== undefined) out.cloud = p.cloud;
    if (p.region !== undefined) out.region = p.region;
    if (p.endpointType !== undefined) out.endpoint_type = p.endpointType;
    if (p.cacertFile !== undefined) out.cacert_file = p.cacertFile;
    if (p.maxRetries !== undefined) out.max_retries = p.maxRetries;
    return out;
  }

  protected synthesizeHclAttributes(): Attributes {
    return this.synthesizeAttributes();
  }
}

/**
 * Where Terraform keeps a stack's state: a bucket on S3-compatible object storage (Swift's S3 API
 * through s3api/s3token, Ceph RGW). Credentials come from the environment (AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY, e.g. `openstack ec2 credentials create`) or a shared credentials file.
 */
export interface S3BackendProps {
  /** The bucket (Swift container) holding the state; create it beforehand. */
  readonly bucket: string;
  /** The S3 endpoint of the object store (`https://object.example.org`, `https://rgw.example.org`). */
  readonly endpoint: string;
  /**
   * The key prefix of the states: each stack's state is `<keyPrefix>/<stack>.tfstate`.
   * @default 'knative-faas-cdk'
   */
  readonly keyPrefix?: string;
  /** The region name the object store answers to (any string; Swift and RGW ignore it). @default 'us-east-1' */
  readonly region?: string;
  /** A profile of the shared credentials file (`~/.aws/credentials`). @default - the AWS_* environment */
  readonly profile?: string;
  /** A shared credentials file. @default '~/.aws/credentials' */
  readonly sharedCredentialsFiles?: readonly string[];
  /**
   * State locking with a lock file next to the state (`use_lockfile`, Terraform 1.10+, needs
   * conditional writes; Ceph RGW has them, Swift's s3api does not).
   * @default false
   */
  readonly useLockfile?: boolean;
  /** Path-style URLs (`endpoint/bucket/key`): Swift and RGW without wildcard DNS need them. @default true */
  readonly usePathStyle?: boolean;
}

/** The settings of the backend as written to cdk.tf.json (and to terraform_remote_state). */
export function s3BackendConfig(props: S3BackendProps, stackName: string): Record<string, unknown> {
  const prefix = (props.keyPrefix ?? 'knative-faas-cdk').replace(/\/+$/, '');
  return {
    bucket: props.bucket,
    key: `${prefix}/${stackName}.tfstate`,
    region: props.region ?? 'us-east-1',
    endpoints: { s3: props.endpoint },
    use_path_style: props.usePathStyle ?? true,
    // Not AWS: no STS account lookup, no region list, no IAM credential check, no checksums the
    // object store does not implement (Swift's s3api and older RGW reject the new default CRC32 trailers).
    skip_credentials_validation: true,
    skip_region_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_s3_checksum: true,
    ...(props.profile !== undefined ? { profile: props.profile } : {}),
    ...(props.sharedCredentialsFiles ? { shared_credentials_files: [...props.sharedCredentialsFiles] } : {}),
    ...(props.useLockfile ? { use_lockfile: true } : {}),
  };
}

/** Checks the backend props and reports on `scope`. */
export function checkS3Backend(scope: Construct, prop: string, props: S3BackendProps): void {
  checkNonEmpty(scope, `${prop}.bucket`, props.bucket, 'the state bucket');
  if (typeof props.bucket === 'string' && props.bucket && !/^[a-z0-9][a-z0-9.\-_]{1,254}$/i.test(props.bucket)) {
    reportError(scope, `${prop}.bucket`, 'not a valid bucket name', { value: props.bucket, allowed: 'letters, digits, . - _ (2 to 255 characters)' });
  }
  if (typeof props.endpoint !== 'string' || !/^https?:\/\/[^\s/]+/.test(props.endpoint)) {
    reportError(scope, `${prop}.endpoint`, 'the S3 endpoint must be an http(s) URL', { value: props.endpoint, allowed: 'e.g. https://object.example.org' });
  } else if (/^https?:\/\/[^/]*@/.test(props.endpoint)) {
    reportError(scope, `${prop}.endpoint`, 'credentials do not belong in the endpoint URL: they would be written to cdk.tf.json', { value: props.endpoint.replace(/\/\/[^@]*@/, '//***@'), allowed: 'AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment, or a shared credentials file' });
  }
}

/**
 * The S3 backend of a stack, for S3-compatible object storage.
 *
 * @example
 * new S3Backend(stack, { bucket: 'tfstate', endpoint: 'https://object.example.org' });
 */
export class S3Backend extends TerraformBackend {
  /** The backend settings as written (the same ones a remote state data source reads with). */
  public readonly config: Readonly<Record<string, unknown>>;

  public constructor(stack: TerraformStack, props: S3BackendProps) {
    super(stack, 'backend', 's3');
    this.config = s3BackendConfig(props, stack.node.id);
    checkS3Backend(this, 'backend', props);
  }

  /** A `terraform_remote_state` data source reading this stack's state from another stack. */
  public getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string): TerraformRemoteState {
    return new DataTerraformRemoteStateS3(scope, name, { ...this.config } as never);
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { ...this.config };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return this.synthesizeAttributes();
  }
}
