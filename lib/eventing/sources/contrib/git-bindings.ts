import { ApiObject, GroupVersionKind } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type * as l1 from '../../../../imports/bindings.knative.dev';
import { requireProp } from '../../../core/report';
import { Resource } from '../../../core/resource';
import { createEventingObject, EventingResourceProps } from '../../base';
import { BindingSubject } from '../sink-binding';
import { SecretKeySelectorJson } from './common';
import { reportedSecretKey } from './reported';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const GIT_HUB_BINDING_GVK: typeof l1.GitHubBinding.GVK = { apiVersion: 'bindings.knative.dev/v1alpha1', kind: 'GitHubBinding' };
const GIT_LAB_BINDING_GVK: typeof l1.GitLabBinding.GVK = { apiVersion: 'bindings.knative.dev/v1alpha1', kind: 'GitLabBinding' };

/** Properties of a {@link GitHubBinding} and a {@link GitLabBinding}. */
export interface GitBindingProps extends EventingResourceProps {
  /**
   * The workloads that get the token (`spec.subject`): objects with a pod template (Deployment,
   * Job, CronJob, Knative Service, ...) by object, name or labels, in the binding's namespace.
   */
  readonly subject: BindingSubject;

  /**
   * The personal (or project) access token to project into the subject's pods
   * (`spec.accessToken.secretKeyRef`): a key of a Secret in the binding's namespace. Only the
   * Secret's name and key are written, never its value.
   */
  readonly accessToken: kplus.SecretValue;
}

/** What GitHubBinding and GitLabBinding share: the same spec, mounted at a different path. */
abstract class GitBinding extends Resource {
  public readonly apiObject: ApiObject;

  /** The folder the token is mounted in, in every container of the subject's pods. */
  public readonly mountPath: string;

  /** The file that holds the token (`<mountPath>/accessToken`), for the workload to read. */
  public readonly accessTokenPath: string;

  protected constructor(scope: Construct, id: string, kind: string, gvk: GroupVersionKind, mountPath: string, props: GitBindingProps, subjectNamespace: boolean) {
    super(scope, id);
    requireProp(kind, props, 'subject', 'accessToken');
    if (!(props.subject instanceof BindingSubject)) {
      throw new TypeError(`${kind}: 'subject' must be a BindingSubject (BindingSubject.fromObject/fromName/fromLabels), got ${typeof props.subject}`);
    }
    this.mountPath = mountPath;
    this.accessTokenPath = `${mountPath}/accessToken`;
    let token: SecretKeySelectorJson | undefined;
    this.apiObject = createEventingObject(this, gvk, props.metadata, () => ({
      // The webhook defaults the subject's namespace to the binding's; the GitLabBinding CRD
      // does not declare the field (the API server would prune it), so it is written only for GitHub.
      subject: props.subject.toJson(subjectNamespace ? this.namespace : undefined),
      accessToken: { secretKeyRef: { ...token } },
    }));
    token = reportedSecretKey(this, this.apiObject, 'accessToken', props.accessToken);
  }
}

/**
 * Gives existing workloads a GitHub access token (`bindings.knative.dev/v1alpha1` GitHubBinding,
 * from knative-extensions/eventing-github): the binding webhook mounts the Secret key read-only
 * at `/var/bindings/github/accessToken` in every container of the subject's pods, so a function
 * that reacts to GitHubSource events can call the GitHub API (comment on a pull request, set a
 * commit status) without the token in its spec. The subject must be in the binding's namespace,
 * and that namespace must not carry the label `bindings.knative.dev/exclude: "true"` (or, when
 * the webhook runs in inclusion mode, must carry `bindings.knative.dev/include: "true"`).
 *
 * @example
 * const gh = kplus.Secret.fromSecretName(this, 'GitHub', 'github-credentials');
 * new GitHubBinding(this, 'Token', {
 *   subject: BindingSubject.fromObject(reporter),
 *   accessToken: { secret: gh, key: 'accessToken' },
 * });
 */
export class GitHubBinding extends GitBinding {
  public constructor(scope: Construct, id: string, props: GitBindingProps) {
    super(scope, id, 'GitHubBinding', GIT_HUB_BINDING_GVK, '/var/bindings/github', props, true);
  }
}

/**
 * Gives existing workloads a GitLab access token (`bindings.knative.dev/v1alpha1` GitLabBinding,
 * from knative-extensions/eventing-gitlab): the binding webhook mounts the Secret key read-only
 * at `/var/bindings/gitlab/accessToken` in every container of the subject's pods. Same namespace
 * rules as {@link GitHubBinding}.
 *
 * @example
 * const gl = kplus.Secret.fromSecretName(this, 'GitLab', 'gitlab-credentials');
 * new GitLabBinding(this, 'Token', {
 *   subject: BindingSubject.fromLabels('apps/v1', 'Deployment', { app: 'release-bot' }),
 *   accessToken: { secret: gl, key: 'accessToken' },
 * });
 */
export class GitLabBinding extends GitBinding {
  public constructor(scope: Construct, id: string, props: GitBindingProps) {
    super(scope, id, 'GitLabBinding', GIT_LAB_BINDING_GVK, '/var/bindings/gitlab', props, false);
  }
}
