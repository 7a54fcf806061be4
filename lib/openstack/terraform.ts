/**
 * The one rendering path of the openstack entry point: constructs render the provider's
 * attributes as plain JSON (snake_case, exactly as the provider schema names them) from their own
 * typed props, through these two thin cdktf elements. The generated bindings in imports/openstack
 * are the escape hatch for what lib/openstack does not model.
 *
 * `checkBehaviour` applies what the schema cannot say (ConflictsWith, RequiredWith, validation
 * functions; imports/openstack/behaviour.ts) to the attributes a construct renders, reporting on
 * the construct with the user's prop names.
 */
import { ITerraformDependable, TerraformDataSource, TerraformProvider, TerraformResource, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { AttributeBehaviour, BehaviourCheck, DATA_SOURCE_BEHAVIOUR, RESOURCE_BEHAVIOUR } from '../../imports/openstack/behaviour';
import { reportError, showValue } from '../core/report';

/** The provider release the attributes are written for (the schema of imports/openstack). */
export const OPENSTACK_PROVIDER_VERSION = '3.4.0';
/** The provider's source address in required_providers. */
export const OPENSTACK_PROVIDER_SOURCE = 'registry.terraform.io/terraform-provider-openstack/openstack';

const METADATA = { providerName: 'openstack', providerVersion: OPENSTACK_PROVIDER_VERSION, providerVersionConstraint: OPENSTACK_PROVIDER_VERSION };

/** Plain Terraform attributes: what `cdk.tf.json` holds for one block. */
export type Attributes = Record<string, unknown>;

function dropUndefined(attrs: Attributes): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && !Token.isUnresolved(v) ? dropUndefined(v as Attributes) : v;
  }
  return out;
}

/** An OpenStack resource whose attributes are plain JSON. */
export class OpenStackResource extends TerraformResource {
  private readonly attrs: () => Attributes;

  public constructor(scope: Construct, id: string, type: string, attrs: () => Attributes, provider?: TerraformProvider, dependsOn?: ITerraformDependable[]) {
    super(scope, id, { terraformResourceType: type, terraformGeneratorMetadata: METADATA, provider, dependsOn });
    this.attrs = attrs;
  }

  /** A string attribute of the resource, as a Terraform reference. */
  public attr(name: string): string {
    return this.getStringAttribute(name);
  }

  protected synthesizeAttributes(): Attributes {
    return dropUndefined(this.attrs());
  }

  protected synthesizeHclAttributes(): Attributes {
    return this.synthesizeAttributes();
  }
}

/** An OpenStack data source whose arguments are plain JSON. */
export class OpenStackDataSource extends TerraformDataSource {
  private readonly attrs: Attributes;

  public constructor(scope: Construct, id: string, type: string, attrs: Attributes, provider?: TerraformProvider) {
    super(scope, id, { terraformResourceType: type, terraformGeneratorMetadata: METADATA, provider });
    this.attrs = attrs;
  }

  /** A string attribute of the data source, as a Terraform reference. */
  public attr(name: string): string {
    return this.getStringAttribute(name);
  }

  protected synthesizeAttributes(): Attributes {
    return dropUndefined(this.attrs);
  }

  protected synthesizeHclAttributes(): Attributes {
    return this.synthesizeAttributes();
  }
}

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
}

/** Whether a value is known at synth (not a Terraform reference). */
export function isLiteral(v: unknown): boolean {
  return !Token.isUnresolved(v);
}

function checkValue(check: BehaviourCheck, v: unknown): string | undefined {
  switch (check.kind) {
    case 'intBetween':
      return typeof v === 'number' && Number.isInteger(v) && v >= check.min && v <= check.max ? undefined : `an integer from ${check.min} to ${check.max}`;
    case 'intAtLeast':
      return typeof v === 'number' && Number.isInteger(v) && v >= check.min ? undefined : `an integer of at least ${check.min}`;
    case 'intInSlice':
      return typeof v === 'number' && check.values.includes(v) ? undefined : `one of ${check.values.join(', ')}`;
    case 'stringInSlice': {
      const ok = typeof v === 'string' && check.values.some((x) => (check.ignoreCase ? x.toLowerCase() === v.toLowerCase() : x === v));
      return ok ? undefined : `one of ${check.values.join(', ')}`;
    }
    case 'stringMatch':
      return typeof v === 'string' && new RegExp(check.pattern).test(v) ? undefined : check.message;
    default:
      return undefined;
  }
}

/**
 * Applies the provider's behaviour for `type` to `attrs` (top-level attributes only) and reports
 * violations on `scope`. `propOf` maps an attribute to the prop the user set.
 */
export function checkBehaviour(scope: IConstruct, type: string, attrs: Attributes, propOf: (attr: string) => string, dataSource = false): void {
  const table: Readonly<Record<string, AttributeBehaviour>> = (dataSource ? DATA_SOURCE_BEHAVIOUR : RESOURCE_BEHAVIOUR)[type] ?? {};
  for (const [attr, b] of Object.entries(table)) {
    if (attr.includes('.')) continue;
    const v = attrs[attr];
    if (!isSet(v)) continue;
    if (b.check && isLiteral(v)) {
      const allowed = checkValue(b.check, v);
      if (allowed) reportError(scope, propOf(attr), `the OpenStack provider rejects this value of ${attr} (${type})`, { value: v, allowed });
    }
    for (const other of b.conflictsWith ?? []) {
      // Report each pair once, from the attribute that sorts first.
      if (isSet(attrs[other]) && attr < other) {
        reportError(scope, propOf(attr), `${attr} conflicts with ${other} on ${type}; set one of them`, { value: { [attr]: v, [other]: attrs[other] } });
      }
    }
    const missing = (b.requiredWith ?? []).filter((o) => !isSet(attrs[o]));
    if (missing.length) {
      reportError(scope, propOf(attr), `${attr} needs ${missing.join(' and ')} on ${type}`, { value: v, allowed: `set ${missing.map(propOf).join(' and ')} too, or leave ${propOf(attr)} unset` });
    }
  }
}

/** The timeouts block, from minutes. */
export function timeoutsBlock(t: { create?: number; update?: number; delete?: number } | undefined): Attributes | undefined {
  if (!t) return undefined;
  const out: Attributes = {};
  for (const k of ['create', 'update', 'delete'] as const) if (t[k] !== undefined) out[k] = `${t[k]}m`;
  return Object.keys(out).length ? out : undefined;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Checks a DNS name (RFC 1123 labels, at most 253 characters, no trailing dot unless
 * `trailingDot`) and reports on scope; returns whether it is valid.
 */
export function checkDnsName(scope: IConstruct, prop: string, name: string, opts: { trailingDot?: boolean; wildcard?: boolean } = {}): boolean {
  if (!isLiteral(name)) return true;
  const bare = opts.trailingDot ? name.replace(/\.$/, '') : name;
  const labels = bare.split('.');
  const allowed = `lowercase RFC 1123 labels of at most 63 characters separated by dots, at most 253 characters${opts.trailingDot ? ', ending in a dot' : ''}`;
  if (opts.trailingDot && !name.endsWith('.')) {
    reportError(scope, prop, 'Designate zone and record names are fully qualified: they end with a dot', { value: name, allowed: `${name}.` });
    return false;
  }
  const ok = typeof name === 'string' && bare.length > 0 && bare.length <= 253 && labels.length >= 2
    && labels.every((l, i) => (opts.wildcard && i === 0 && l === '*') || (l.length <= 63 && DNS_LABEL.test(l)));
  if (!ok) reportError(scope, prop, 'not a valid DNS name', { value: name, allowed });
  return ok;
}

/** Checks a positive integer (or at least `min`). */
export function checkInt(scope: IConstruct, prop: string, v: number | undefined, min: number, max?: number): boolean {
  if (v === undefined) return true;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || (max !== undefined && v > max)) {
    reportError(scope, prop, 'must be an integer in range', { value: v, allowed: max === undefined ? `an integer of at least ${min}` : `an integer from ${min} to ${max}` });
    return false;
  }
  return true;
}

/** Checks that a required string is non-empty. */
export function checkNonEmpty(scope: IConstruct, prop: string, v: string | undefined, what: string): boolean {
  if (v === undefined || (isLiteral(v) && (typeof v !== 'string' || v.trim() === ''))) {
    reportError(scope, prop, `${what} is required and cannot be empty`, { value: v });
    return false;
  }
  return true;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Whether `v` is a dotted-quad IPv4 address. */
export function isIpv4(v: string): boolean {
  return IPV4.test(v);
}

/** Whether `v` is an IPv4 CIDR with its host bits zero (`10.0.0.0/24`). */
export function isIpv4Cidr(v: string): boolean {
  const m = /^([^/]+)\/(\d|[12]\d|3[0-2])$/.exec(v);
  if (!m || !isIpv4(m[1])) return false;
  const n = m[1].split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const bits = Number(m[2]);
  return bits === 0 ? n === 0 : n % 2 ** (32 - bits) === 0;
}

export { showValue };
