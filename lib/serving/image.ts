/** Container image references, by tag or by digest. */

const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/**
 * The image a container runs. Knative resolves tags to digests when it creates a revision, so a
 * tag is fine for development; pin a digest when the manifest itself must be reproducible.
 *
 * @example
 * ContainerImage.fromTag('gcr.io/knative-samples/helloworld-go', 'latest');
 * ContainerImage.fromDigest('ghcr.io/lab/checksum', 'sha256:4f2...');
 */
export class ContainerImage {
  /** Any image reference, as you would write it in a pod spec. */
  public static fromReference(reference: string): ContainerImage {
    if (reference.trim() === '') throw new Error("'image' must not be empty");
    return new ContainerImage(reference);
  }

  /** `repository:tag`. */
  public static fromTag(repository: string, tag: string = 'latest'): ContainerImage {
    if (!TAG.test(tag)) throw new Error(`'tag' (${tag}) is not a valid image tag: up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'`);
    return new ContainerImage(`${repository}:${tag}`);
  }

  /** `repository@digest`, e.g. `sha256:` followed by 64 hex digits. */
  public static fromDigest(repository: string, digest: string): ContainerImage {
    if (!DIGEST.test(digest)) throw new Error(`'digest' (${digest}) is not a valid image digest: expected 'algorithm:hex', e.g. 'sha256:<64 hex digits>'`);
    return new ContainerImage(`${repository}@${digest}`);
  }

  private constructor(
    /** The image reference written into the manifest. */
    public readonly reference: string,
  ) {}
}
