/**
 * Container image references as Knative's webhook parses them: go-containerregistry
 * `name.ParseReference(s, name.WeakValidation)`, i.e. `[registry/]repository[:tag][@digest]`.
 *
 * - ParseReference tries a tag reference first, then a digest reference;
 * - a tag is split off at the last ':' unless that part contains '/' (so `host:5000/repo` keeps
 *   its port); it must be 1-128 chars of `[A-Za-z0-9_.-]`;
 * - the first '/'-separated part is the registry when it contains '.' or ':' (else Docker Hub);
 *   it must be an RFC 3986 authority (`url.Parse("//"+r).Host == r`: host[:port], no userinfo);
 * - the repository is 2-255 chars of `[a-z0-9_./-]` (no upper case);
 * - a digest is exactly one '@' followed by `sha256:` and 64 lower-case hex digits; the part
 *   before it may itself carry a tag.
 *
 * Returns undefined when the reference parses, else go-containerregistry's error text.
 */
const TAG_CHARS = /^[A-Za-z0-9_.-]+$/;
const REPO_CHARS = /^[a-z0-9_./-]+$/;
const SHA256_HEX = /^[a-f0-9]{64}$/;
// host (reg-name or IPv4, RFC 3986 sub-delims and unreserved) or [IPv6], then an optional numeric port.
const AUTHORITY = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=]*|\[[0-9A-Fa-f:.]+(?:%25[A-Za-z0-9\-._~]+)?\])(?::\d*)?$/;

function checkRepository(repo: string): string | undefined {
  const n = [...repo].length;
  if (n < 2 || n > 255) return `repository must be between 2 and 255 characters in length: ${repo}`;
  if (!REPO_CHARS.test(repo)) return `repository can only contain the characters \`abcdefghijklmnopqrstuvwxyz0123456789_-./\`: ${repo}`;
  return undefined;
}

function checkRepositoryRef(name: string): string | undefined {
  if (name.length === 0) return 'a repository name must be specified';
  let repo = name;
  const slash = name.indexOf('/');
  if (slash >= 0) {
    const first = name.slice(0, slash);
    if (first.includes('.') || first.includes(':')) {
      repo = name.slice(slash + 1);
      const err = checkRepository(repo);
      if (err) return err;
      if (!AUTHORITY.test(first)) return `registries must be valid RFC 3986 URI authorities: ${first}`;
      return undefined;
    }
  }
  return checkRepository(repo);
}

function parseTag(name: string): { error?: string; repository?: string } {
  let base = name;
  let tag = '';
  const colon = name.lastIndexOf(':');
  if (colon >= 0 && !name.slice(colon + 1).includes('/')) {
    base = name.slice(0, colon);
    tag = name.slice(colon + 1);
  }
  if (tag !== '') {
    if ([...tag].length > 128) return { error: `tag must be between 1 and 128 characters in length: ${tag}` };
    if (!TAG_CHARS.test(tag)) return { error: `tag can only contain the characters \`abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.\`: ${tag}` };
  }
  const err = checkRepositoryRef(base);
  return err ? { error: err } : { repository: base };
}

function parseDigest(name: string): string | undefined {
  const parts = name.split('@');
  if (parts.length !== 2) return `a digest must contain exactly one '@' separator (e.g. registry/repository@digest) saw: ${name}`;
  const [base0, dig] = parts;
  if (!dig.startsWith('sha256:')) return `unsupported digest algorithm: ${dig}`;
  if (!SHA256_HEX.test(dig.slice(7))) return `invalid checksum digest format`;
  const tag = parseTag(base0);
  const base = tag.repository ?? base0;
  return checkRepositoryRef(base);
}

// Fleets reuse a handful of images across thousands of services: remember recent answers (null: valid).
const CACHE = new Map<string, string | null>();
const CACHE_MAX = 4096;

/** go-containerregistry ParseReference with WeakValidation; undefined when `ref` is valid. */
export function imageReferenceError(ref: string): string | undefined {
  const known = CACHE.get(ref);
  if (known !== undefined) return known ?? undefined;
  const result = !parseTag(ref).error || !parseDigest(ref) ? null : `could not parse reference: ${ref}`;
  if (CACHE.size >= CACHE_MAX) CACHE.clear();
  CACHE.set(ref, result);
  return result ?? undefined;
}
