import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import type * as l1 from '../../../../imports/sources.knative.dev';
import { reportError, requireProp } from '../../../core/report';
import { Resource } from '../../../core/resource';
import { Destination, ISink } from '../../../core/sink';
import { createEventingObject, EventingResourceProps } from '../../base';
import { bindSink, renderDestination } from '../../sink';
import { requireHttpUrl, secretKeySelector, SecretKeySelectorJson } from './common';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const GIT_LAB_SOURCE_GVK: typeof l1.GitLabSource.GVK = { apiVersion: 'sources.knative.dev/v1alpha1', kind: 'GitLabSource' };

/**
 * A GitLab project webhook a GitLabSource can enable, with the CloudEvent type it produces.
 * The webhook names are the project-hook attributes of the GitLab API
 * (https://docs.gitlab.com/ee/api/projects.html#add-project-hook), as enumerated by the CRD;
 * the CloudEvent types are those registered in the CRD's `registry.knative.dev/eventTypes`
 * annotation, so they can be used directly in Trigger filters.
 */
export class GitLabEventType {
  /** Pushes to the repository, except tag pushes. */
  public static readonly PUSH = new GitLabEventType('push_events', 'push');
  /** Tags created or deleted. */
  public static readonly TAG_PUSH = new GitLabEventType('tag_push_events', 'tag_push');
  /** Issues created, updated, closed or reopened. */
  public static readonly ISSUES = new GitLabEventType('issues_events', 'issue');
  /** Confidential issues; delivered with the same CloudEvent type as issues. */
  public static readonly CONFIDENTIAL_ISSUES = new GitLabEventType('confidential_issues_events', 'issue');
  /** Merge requests created, updated, merged or closed, or commits added to their source branch. */
  public static readonly MERGE_REQUESTS = new GitLabEventType('merge_requests_events', 'merge_request');
  /** Comments on commits, merge requests, issues and snippets. */
  public static readonly NOTE = new GitLabEventType('note_events', 'note');
  /** Comments on confidential issues; delivered with the same CloudEvent type as comments. */
  public static readonly CONFIDENTIAL_NOTE = new GitLabEventType('confidential_note_events', 'note');
  /** CI/CD job status changes. */
  public static readonly JOB = new GitLabEventType('job_events', 'job');
  /** Pipeline status changes. */
  public static readonly PIPELINE = new GitLabEventType('pipeline_events', 'pipeline');
  /** Wiki pages created, updated or deleted. */
  public static readonly WIKI_PAGE = new GitLabEventType('wiki_page_events', 'wiki_page');
  /** Deployments started, succeeded, failed or cancelled. */
  public static readonly DEPLOYMENT = new GitLabEventType('deployment_events', 'deployment');
  /** Feature flags turned on or off. */
  public static readonly FEATURE_FLAG = new GitLabEventType('feature_flag_events', 'feature_flag');
  /** Releases created, edited or deleted. */
  public static readonly RELEASES = new GitLabEventType('releases_events', 'release');
  /** Project or group access tokens that expire within seven days. */
  public static readonly RESOURCE_ACCESS_TOKEN = new GitLabEventType('resource_access_token_events', 'resource_access_token');

  /** Every webhook the CRD accepts, in the CRD's order. */
  public static all(): GitLabEventType[] {
    return [
      GitLabEventType.CONFIDENTIAL_ISSUES, GitLabEventType.CONFIDENTIAL_NOTE, GitLabEventType.DEPLOYMENT,
      GitLabEventType.FEATURE_FLAG, GitLabEventType.ISSUES, GitLabEventType.JOB, GitLabEventType.MERGE_REQUESTS,
      GitLabEventType.NOTE, GitLabEventType.PIPELINE, GitLabEventType.PUSH, GitLabEventType.RELEASES,
      GitLabEventType.TAG_PUSH, GitLabEventType.WIKI_PAGE, GitLabEventType.RESOURCE_ACCESS_TOKEN,
    ];
  }

  /** The CloudEvent `type` attribute of events from this webhook (`dev.knative.sources.gitlab.push`). */
  public readonly cloudEventType: string;

  private constructor(
    /** The webhook attribute written to `spec.eventTypes` (`push_events`). */
    public readonly webhook: string,
    eventSuffix: string,
  ) {
    this.cloudEventType = `dev.knative.sources.gitlab.${eventSuffix}`;
  }
}

/** Properties of a {@link GitLabSource}. */
export interface GitLabSourceProps extends EventingResourceProps {
  /**
   * URL of the GitLab project to receive events from (`spec.projectUrl`), such as
   * `https://gitlab.cern.ch/cloud/infrastructure`. The controller takes the project path and the
   * GitLab base URL from it, so it must be an absolute http(s) URL with the project path.
   */
  readonly projectUrl: string;

  /**
   * The webhooks to enable on the project (`spec.eventTypes`); at least one.
   */
  readonly eventTypes: readonly GitLabEventType[];

  /**
   * The GitLab access token the controller uses to register and delete the project hook
   * (`spec.accessToken.secretKeyRef`): a key of a Secret in the source's namespace. The token
   * needs the `api` scope and at least Maintainer role on the project.
   */
  readonly accessToken: kplus.SecretValue;

  /**
   * The shared secret GitLab sends with each delivery and the receive adapter checks
   * (`spec.secretToken.secretKeyRef`): a key of a Secret in the source's namespace.
   */
  readonly secretToken: kplus.SecretValue;

  /**
   * Whether GitLab verifies the TLS certificate of the receive adapter when it delivers
   * (`spec.sslverify`, GitLab's `enable_ssl_verification`).
   * @default true - upstream's default is false; turn it off only for a receive adapter served
   * with a self-signed certificate
   */
  readonly sslVerify?: boolean;

  /**
   * Where the events go (`spec.sink`): a KnativeService, Broker, Channel or any ISink. The CRD's
   * sink has only `ref` and `uri`, so a sink with `caCerts` or `audience` is a synth error.
   */
  readonly sink: ISink;

  /**
   * The ServiceAccount the receive adapter (a Knative Service the controller creates in the
   * source's namespace) runs as (`spec.serviceAccountName`).
   * @default - the namespace's `default` ServiceAccount
   */
  readonly serviceAccount?: kplus.IServiceAccount;
}

/**
 * A GitLab project as an event source (`sources.knative.dev/v1alpha1` GitLabSource, from
 * knative-extensions/eventing-gitlab). The controller creates a receive adapter Knative Service,
 * waits for it to have a URL, and registers that URL as a project hook with the access token.
 *
 * Two things must hold for the hook to be registered, which is where "empty hostname" and
 * "no webhook on the project" usually come from: the sink must resolve (a ref with apiVersion,
 * kind and name that exists, or an absolute URI: this construct writes one and checks at synth
 * that a referenced object is in the app or declared external), and the receive adapter Service
 * must become Ready with a URL GitLab can reach: a real domain in `config-domain` rather than
 * the default `example.com`, and an ingress gateway reachable from the GitLab server.
 *
 * @example
 * const token = kplus.Secret.fromSecretName(this, 'Token', 'gitlab-credentials');
 * new GitLabSource(this, 'Infra', {
 *   projectUrl: 'https://gitlab.cern.ch/cloud/infrastructure',
 *   eventTypes: [GitLabEventType.PUSH, GitLabEventType.MERGE_REQUESTS],
 *   accessToken: { secret: token, key: 'accessToken' },
 *   secretToken: { secret: token, key: 'secretToken' },
 *   sink: handler, // a KnativeService or Broker
 * });
 */
export class GitLabSource extends Resource {
  public readonly apiObject: ApiObject;

  /** The project URL events come from. */
  public readonly projectUrl: string;

  private readonly eventTypes: GitLabEventType[] = [];
  private readonly sink: Destination;
  private readonly accessToken: SecretKeySelectorJson;
  private readonly secretToken: SecretKeySelectorJson;

  public constructor(scope: Construct, id: string, props: GitLabSourceProps) {
    super(scope, id);
    requireProp('GitLabSource', props, 'projectUrl', 'eventTypes', 'accessToken', 'secretToken', 'sink');
    checkProjectUrl(this, props.projectUrl);
    this.projectUrl = props.projectUrl;
    for (const t of props.eventTypes) this.addEventType(t);
    if (!this.eventTypes.length) reportError(this, 'eventTypes', 'must have at least one entry', { value: [], allowed: 'one or more GitLabEventType values' });

    this.apiObject = createEventingObject(this, GIT_LAB_SOURCE_GVK, props.metadata, () => ({
      projectUrl: this.projectUrl,
      eventTypes: this.eventTypes.map((t) => t.webhook),
      accessToken: { secretKeyRef: { ...this.accessToken } },
      secretToken: { secretKeyRef: { ...this.secretToken } },
      sslverify: props.sslVerify ?? true,
      ...(props.serviceAccount ? { serviceAccountName: props.serviceAccount.name } : {}),
      sink: renderDestination(this.sink),
    }));
    this.accessToken = secretKeySelector(this, this.apiObject, 'accessToken', props.accessToken);
    this.secretToken = secretKeySelector(this, this.apiObject, 'secretToken', props.secretToken);
    this.sink = bindSink(this, 'spec.sink', props.sink);
  }

  /** Enables one more webhook on the project. Adding a webhook twice has no effect. */
  public addEventType(eventType: GitLabEventType): void {
    if (!this.eventTypes.some((t) => t.webhook === eventType.webhook)) this.eventTypes.push(eventType);
  }

  /** The CloudEvent types this source emits, sorted and without duplicates (for Trigger filters). */
  public get cloudEventTypes(): string[] {
    return [...new Set(this.eventTypes.map((t) => t.cloudEventType))].sort();
  }
}

function checkProjectUrl(scope: IConstruct, projectUrl: string): void {
  const url = requireHttpUrl(scope, 'projectUrl', projectUrl, ' with the project path, like https://gitlab.example.com/group/project');
  // The controller takes the project path from the URL (and fails on an empty one).
  if (url && url.pathname.replace(/\/+$/, '').length <= 1) {
    reportError(scope, 'projectUrl', 'must include the project path', { value: projectUrl, allowed: 'a project URL like https://gitlab.example.com/group/project' });
  }
}
