/**
 * The Go templates of Knative's configuration that the validator must evaluate: the container
 * name templates of config-defaults, executed over the parent's ObjectMeta, and kmeta.ChildName,
 * which suffixes the names of several unnamed containers.
 */
import { createHash } from 'crypto';

/** The ObjectMeta fields a config-defaults name template can read. */
export interface TemplateMeta {
  /** `{{.Name}}`. @default '' */
  readonly name?: string;
  /** `{{.Namespace}}`. @default '' */
  readonly namespace?: string;
  /** `{{.GenerateName}}`. @default '' */
  readonly generateName?: string;
  /** `{{.Labels.key}}`. @default - none */
  readonly labels?: Record<string, string>;
  /** `{{.Annotations.key}}`. @default - none */
  readonly annotations?: Record<string, string>;
}

const FIELDS: Record<string, keyof TemplateMeta> = {
  Name: 'name', Namespace: 'namespace', GenerateName: 'generateName', Labels: 'labels', Annotations: 'annotations',
};

function field(meta: TemplateMeta, path: string[]): string | undefined {
  const f = FIELDS[path[0]];
  if (!f) return undefined;
  const v = meta[f];
  if (path.length === 1) return typeof v === 'string' ? v : v === undefined ? '' : undefined;
  if (path.length !== 2 || (f !== 'labels' && f !== 'annotations')) return undefined;
  const m = v as Record<string, string> | undefined;
  // text/template prints a missing map key as "<no value>".
  return m && Object.prototype.hasOwnProperty.call(m, path[1]) ? String(m[path[1]]) : '<no value>';
}

/**
 * Executes a Go text/template over `meta`, for the forms Knative's docs use: literal text,
 * `{{.Name}}`, `{{.Namespace}}`, `{{.GenerateName}}`, `{{.Labels.key}}` / `{{index .Labels "key"}}`
 * (and Annotations), with `{{-` / `-}}` trimming. Returns undefined for anything else.
 */
export function renderObjectMetaTemplate(template: string, meta: TemplateMeta): string | undefined {
  let out = '';
  let rest = template;
  for (;;) {
    const open = rest.indexOf('{{');
    if (open < 0) return out + rest;
    let text = rest.slice(0, open);
    let action = rest.slice(open + 2);
    const close = action.indexOf('}}');
    if (close < 0) return undefined;
    rest = action.slice(close + 2);
    action = action.slice(0, close);
    if (action.startsWith('- ')) {
      text = text.replace(/\s+$/, '');
      action = action.slice(2);
    }
    if (action.endsWith(' -')) {
      action = action.slice(0, -2);
      rest = rest.replace(/^\s+/, '');
    }
    out += text;
    const a = action.trim();
    let value: string | undefined;
    const dotted = /^\.([A-Za-z]\w*)(?:\.([A-Za-z_]\w*))?$/.exec(a);
    const indexed = /^index\s+\.(Labels|Annotations)\s+"([^"\\]*)"$/.exec(a);
    if (dotted) value = field(meta, dotted[2] !== undefined ? [dotted[1], dotted[2]] : [dotted[1]]);
    else if (indexed) value = field(meta, [indexed[1], indexed[2]]);
    if (value === undefined) return undefined;
    out += value;
  }
}

const LONGEST = 63;
const HEAD = LONGEST - 32;

/** knative.dev/pkg/kmeta.ChildName: `parent + suffix`, hashed down to 63 characters. */
export function childName(parent: string, suffix: string): string {
  if (parent.length <= LONGEST - suffix.length) return parent + suffix;
  if (HEAD - suffix.length <= 0) {
    const h = createHash('md5').update(parent + suffix).digest('hex');
    let ret = (HEAD < parent.length ? parent.slice(0, HEAD) : parent) + h;
    const d = LONGEST - ret.length;
    if (d > 0) ret += suffix.slice(0, d);
    return ret.replace(/[^a-zA-Z0-9]+$/, '');
  }
  return parent.slice(0, HEAD - suffix.length) + createHash('md5').update(parent).digest('hex') + suffix;
}

/**
 * RevisionSpec's applyDefaultContainerNames: the names unnamed containers get. `taken` are the
 * names all containers and init containers had before defaulting.
 */
export function defaultContainerNames(names: readonly (string | undefined)[], taken: ReadonlySet<string>, defaultName: string): (string | undefined)[] {
  let next = 0;
  return names.map((n) => {
    if (n) return undefined;
    let name = defaultName;
    if (names.length > 1 || taken.has(name)) {
      do name = childName(defaultName, `-${next++}`); while (taken.has(name));
    }
    return name;
  });
}
