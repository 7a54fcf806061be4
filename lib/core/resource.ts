import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { KReference } from './sink';

/**
 * Base of every L2 construct: it wraps one generated L1 object, created under the id
 * 'Resource', and exposes what other constructs need to refer to it.
 */
export abstract class Resource extends Construct {
  /** The generated L1 object. Use it as an escape hatch (`addJsonPatch`) for fields not modelled. */
  public abstract readonly apiObject: ApiObject;

  /** The object's name. */
  public get name(): string {
    return this.apiObject.name;
  }

  /** The object's namespace, if it has one. */
  public get namespace(): string | undefined {
    return this.apiObject.metadata.namespace;
  }

  /** A KReference to this object. */
  public get reference(): KReference {
    return {
      apiVersion: this.apiObject.apiVersion,
      kind: this.apiObject.kind,
      name: this.name,
      ...(this.namespace ? { namespace: this.namespace } : {}),
    };
  }
}
