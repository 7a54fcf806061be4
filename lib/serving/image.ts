/** Container image references, by tag or by digest. */
import { IConstruct } from 'constructs';
import { ProblemDetail, reportError } from '../core/report';

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
    if (typeof reference !== 'string') throw new TypeError(`ContainerImage.fromReference: the reference must be a string (got ${typeof reference})`);
    if (reference.trim() === '') return new ContainerImage(reference, { message: 'must not be empty', value: reference, allowed: "an image reference, e.g. 'ghcr.io/lab/app:1.0'" });
    return new ContainerImage(reference);
  }

  /** `repository:tag`. */
  public static fromTag(repository: string, tag: string = 'latest'): ContainerImage {
    const reference = `${repository}:${tag}`;
    if (!TAG.test(tag)) return new ContainerImage(reference, { message: 'is not a valid image tag', value: tag, allowed: "up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'" });
    if (repository.trim() === '') return new ContainerImage(reference, { message: 'the repository must not be empty', value: repository, allowed: "a repository, e.g. 'ghcr.io/lab/app'" });
    return new ContainerImage(reference);
  }

  /** `repository@digest`, e.g. `sha256:` followed by 64 hex digits. */
  public static fromDigest(repository: string, digest: string): ContainerImage {
    const reference = `${repository}@${digest}`;
    if (!DIGEST.test(digest)) return new ContainerImage(reference, { message: 'is not a valid image digest', value: digest, allowed: "'algorithm:hex', e.g. 'sha256:<64 hex digits>'" });
    if (repository.trim() === '') return new ContainerImage(reference, { message: 'the repository must not be empty', value: repository, allowed: "a repository, e.g. 'ghcr.io/lab/app'" });
    return new ContainerImage(reference);
  }

  private constructor(
    /** The image reference written into the manifest. */
    public readonly reference: string,
    /** What is wrong with the reference: reported at synth on the construct that uses the image. */
    private readonly problem?: ProblemDetail & { readonly message: string },
  ) {}

  /** @internal Reports what is wrong with this image on `scope`, for `prop` (e.g. `containers[0].image`). */
  public _check(scope: IConstruct, prop: string): void {
    if (this.problem) reportError(scope, prop, this.problem.message, { value: this.problem.value, allowed: this.problem.allowed });
  }
}
