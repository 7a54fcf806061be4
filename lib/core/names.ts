/**
 * Kubernetes and Knative name formats, with the messages apimachinery gives for them
 * (k8s.io/apimachinery/pkg/util/validation). Each check returns the list of problems, empty
 * when the value is fine, so callers can quote them exactly as the API server would.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function maxLen(value: string, n: number): string[] {
  return value.length > n ? [`must be no more than ${n} characters`] : [];
}

/** RFC 1123 label: what Kubernetes requires of namespaces, volume names and port names. */
export function dns1123LabelErrors(value: string): string[] {
  const errs = maxLen(value, 63);
  if (!DNS1123_LABEL.test(value)) {
    errs.push("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
  }
  return errs;
}

/** RFC 1123 subdomain: what Kubernetes requires of most object names. */
export function dns1123SubdomainErrors(value: string): string[] {
  const errs = maxLen(value, 253);
  if (!DNS1123_SUBDOMAIN.test(value)) {
    errs.push("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  }
  return errs;
}

/** RFC 1035 label: what Knative requires of Service/Route/Configuration names and traffic tags. */
export function dns1035LabelErrors(value: string): string[] {
  const errs = maxLen(value, 63);
  if (!DNS1035_LABEL.test(value)) {
    errs.push("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
  }
  return errs;
}

/** A label or annotation key: an optional DNS subdomain prefix and a name of at most 63 characters. */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  let name = value;
  const errs: string[] = [];
  if (parts.length === 2) {
    const [prefix, rest] = parts;
    name = rest;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...dns1123SubdomainErrors(prefix).map((e) => `prefix part ${e}`));
  } else if (parts.length > 2) {
    return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else {
    if (name.length > 63) errs.push('name part must be no more than 63 characters');
    if (!QUALIFIED_NAME_PART.test(name)) {
      errs.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
    }
  }
  return errs;
}

/** A label value: empty, or at most 63 alphanumeric characters with '-', '_' or '.' inside. */
export function labelValueErrors(value: string): string[] {
  const errs = maxLen(value, 63);
  if (!LABEL_VALUE.test(value)) {
    errs.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  }
  return errs;
}

/** An environment variable name as Kubernetes accepts it (any printable ASCII but '='). */
export function envVarNameErrors(value: string): string[] {
  if (value.length === 0) return ['must be non-empty'];
  // Kubernetes 1.30+ relaxed env names to printable ASCII without '='; older servers wanted a C identifier.
  for (let i = 0; i < value.length; i++) {
    // A character outside the BMP starts with a surrogate, which is above 126 too.
    const code = value.charCodeAt(i);
    if (code < 32 || code > 126 || code === 0x3d) return ["a valid environment variable name must consist only of printable ASCII characters other than '='"];
  }
  return [];
}

