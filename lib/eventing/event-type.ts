import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Resource } from '../core/resource';
import { IAddressable } from '../core/sink';
import type * as l1 from '../../imports/eventing.knative.dev';
import { compact, createEventingObject, EventingResourceProps } from './base';
import { describeRef, renderReference } from './sink';
import { reportError, requireProp } from '../core/report';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const EVENT_TYPE_GVK: typeof l1.EventType.GVK = { apiVersion: 'eventing.knative.dev/v1beta3', kind: 'EventType' };

/** One more CloudEvent attribute an EventType describes. */
export interface EventTypeAttribute {
  /** The attribute name (`subject`, `datacontenttype`, an extension). */
  readonly name: string;
  /**
   * Whether events of this type always carry it.
   * @default false
   */
  readonly required?: boolean;
  /**
   * Its value; may be a template with `{variable}` parts.
   * @default - any value
   */
  readonly value?: string;
}

/** Props of an EventType. */
export interface EventTypeProps extends EventingResourceProps {
  /** The CloudEvent `type` (`ch.cern.file.uploaded`). */
  readonly type: string;
  /**
   * The CloudEvent `source` (a URI reference, may be a template).
   * @default - any source
   */
  readonly source?: string;
  /**
   * The `dataschema` of the events.
   * @default - none
   */
  readonly schema?: string;
  /**
   * Where events of this type can be found (`spec.reference`), usually a Broker or Channel.
   * @default - no reference
   */
  readonly reference?: IAddressable;
  /**
   * A description for people browsing the event registry.
   * @default - none
   */
  readonly description?: string;
  /**
   * More attributes.
   * @default - only the required CloudEvent attributes
   */
  readonly attributes?: EventTypeAttribute[];
}

/**
 * An EventType (`eventing.knative.dev/v1beta3`): an entry of the event registry that tells
 * consumers which events a broker or channel carries.
 *
 * @example
 * new EventType(chart, 'uploaded', { type: 'ch.cern.file.uploaded', reference: broker, description: 'A file was uploaded' });
 */
export class EventType extends Resource {
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: EventTypeProps) {
    super(scope, id);
    requireProp('EventType', props, 'type');
    if (props.type.trim() === '') reportError(this, 'type', 'must not be empty', { value: props.type, allowed: "a CloudEvent type such as 'ch.cern.file.uploaded'" });
    (props.attributes ?? []).forEach((a, i) => {
      requireProp('EventTypeAttribute', a, 'name');
      if (!a.name.trim()) reportError(this, `attributes[${i}].name`, 'must not be empty', { value: a.name, allowed: 'a CloudEvent attribute name' });
    });
    const reference = props.reference;
    this.apiObject = createEventingObject(this, EVENT_TYPE_GVK, props.metadata, () => {
      const ref = reference?.reference;
      const attributes = [
        { name: 'specversion', required: true, value: '1.0' },
        { name: 'id', required: true },
        { name: 'type', required: true, value: props.type },
        { name: 'source', required: true, ...(props.source !== undefined ? { value: props.source } : {}) },
        ...(props.schema !== undefined ? [{ name: 'dataschema', required: false, value: props.schema }] : []),
        ...(props.attributes ?? []).map((a) => compact({ name: a.name, required: a.required ?? false, value: a.value })),
      ];
      return compact({
        reference: ref ? renderReference(ref.namespace === this.namespace ? { ...ref, namespace: undefined } : ref) : undefined,
        description: props.description,
        attributes,
      });
    });
    if (reference) {
      this.node.addValidation({
        validate: () => (reference.node.root === this.node.root ? []
          : [`spec.reference: ${describeRef(reference.reference, reference.reference.namespace)} is not defined in this app`]),
      });
    }
  }
}
