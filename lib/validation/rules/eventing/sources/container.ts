/**
 * ContainerSource (sources.knative.dev/v1), containersource_defaults.go and _validation.go.
 *
 * CS1 `spec.template.spec.containers` has at least one entry; CS2 each has an image (a missing
 * name is defaulted to `<source>-<index>`); CS3 sink (E-D ids) and ceOverrides (E-CE1). Knative
 * reports the container paths as `spec.containers...`. The rest of the PodSpec is left to the
 * API server.
 */
import { KindRules } from '../../../types';
import { isObject, namespaceOf, specForDefaults, str } from '../common';
import { reportSourceSpec } from '../ce-overrides';
import { defaultDestination } from '../destination';

export const CONTAINER_SOURCE_RULES: KindRules = {
  group: 'sources.knative.dev',
  kinds: ['ContainerSource'],
  default(obj) {
    const spec = specForDefaults(obj);
    if (!spec) return;
    const containers = spec.template?.spec?.containers;
    const name = str(obj.metadata?.name);
    if (Array.isArray(containers)) {
      containers.forEach((c: unknown, i: number) => {
        if (isObject(c) && !c.name && name) c.name = `${name}-${i}`;
      });
    }
    defaultDestination(spec.sink, namespaceOf(obj));
  },
  validate(obj, ctx) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const containers = spec.template?.spec?.containers;
    if (!Array.isArray(containers) || containers.length === 0) {
      ctx.error('CS1', 'spec.containers', 'missing field(s)', { allowed: 'at least one container in spec.template.spec.containers' });
    } else {
      containers.forEach((c: unknown, i: number) => {
        const container = isObject(c) ? c : {};
        if (!str(container.name)) ctx.error('CS2', `spec.containers[${i}].name`, 'missing field(s)');
        if (!str(container.image)) ctx.error('CS2', `spec.containers[${i}].image`, 'missing field(s)');
      });
    }
    reportSourceSpec(ctx, spec, 'spec');
  },
};
