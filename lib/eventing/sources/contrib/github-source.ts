import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import type * as l1 from '../../../../imports/sources.knative.dev';
import { reportError, requireProp } from '../../../core/report';
import { Resource } from '../../../core/resource';
import { Destination, ISink } from '../../../core/sink';
import { checkCeOverrides, createEventingObject, EventingResourceProps, renderCeOverrides } from '../../base';
import { bindSink, renderDestination } from '../../sink';
import { CloudEventExtensions, requireHttpUrl, secretKeySelector, SecretKeySelectorJson } from './common';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const GIT_HUB_SOURCE_GVK: typeof l1.GitHubSource.GVK = { apiVersion: 'sources.knative.dev/v1alpha1', kind: 'GitHubSource' };

/**
 * A GitHub webhook event a GitHubSource can subscribe to: the "webhook event name" of the GitHub
 * API, as enumerated by the CRD. Each event arrives as CloudEvent type
 * `dev.knative.source.github.<name>` with source `https://github.com/<owner>/<repository>`.
 */
export class GitHubEventType {
  /** Check suite activity. */
  public static readonly CHECK_SUITE = new GitHubEventType('check_suite');
  /** Commit comments. */
  public static readonly COMMIT_COMMENT = new GitHubEventType('commit_comment');
  /** Branch or tag created. */
  public static readonly CREATE = new GitHubEventType('create');
  /** Branch or tag deleted. */
  public static readonly DELETE = new GitHubEventType('delete');
  /** Deployments created. */
  public static readonly DEPLOYMENT = new GitHubEventType('deployment');
  /** Deployment status changes. */
  public static readonly DEPLOYMENT_STATUS = new GitHubEventType('deployment_status');
  /** Repository forked. */
  public static readonly FORK = new GitHubEventType('fork');
  /** Wiki pages created or updated. */
  public static readonly GOLLUM = new GitHubEventType('gollum');
  /** GitHub App installation activity. */
  public static readonly INSTALLATION = new GitHubEventType('installation');
  /** Legacy GitHub App installation activity. */
  public static readonly INTEGRATION_INSTALLATION = new GitHubEventType('integration_installation');
  /** Issue and pull request comments. */
  public static readonly ISSUE_COMMENT = new GitHubEventType('issue_comment');
  /** Issue activity. */
  public static readonly ISSUES = new GitHubEventType('issues');
  /** Label activity. */
  public static readonly LABEL = new GitHubEventType('label');
  /** Collaborator activity. */
  public static readonly MEMBER = new GitHubEventType('member');
  /** Team membership activity. */
  public static readonly MEMBERSHIP = new GitHubEventType('membership');
  /** Milestone activity. */
  public static readonly MILESTONE = new GitHubEventType('milestone');
  /** Organization activity. */
  public static readonly ORGANIZATION = new GitHubEventType('organization');
  /** Users blocked or unblocked by an organization. */
  public static readonly ORG_BLOCK = new GitHubEventType('org_block');
  /** GitHub Pages builds. */
  public static readonly PAGE_BUILD = new GitHubEventType('page_build');
  /** The ping GitHub sends when a webhook is created. */
  public static readonly PING = new GitHubEventType('ping');
  /** Classic project card activity. */
  public static readonly PROJECT_CARD = new GitHubEventType('project_card');
  /** Classic project column activity. */
  public static readonly PROJECT_COLUMN = new GitHubEventType('project_column');
  /** Classic project activity. */
  public static readonly PROJECT = new GitHubEventType('project');
  /** Repository made public. */
  public static readonly PUBLIC = new GitHubEventType('public');
  /** Pull request activity. */
  public static readonly PULL_REQUEST = new GitHubEventType('pull_request');
  /** Pull request reviews. */
  public static readonly PULL_REQUEST_REVIEW = new GitHubEventType('pull_request_review');
  /** Pull request review comments. */
  public static readonly PULL_REQUEST_REVIEW_COMMENT = new GitHubEventType('pull_request_review_comment');
  /** Pushes of commits or tags. */
  public static readonly PUSH = new GitHubEventType('push');
  /** Release activity. */
  public static readonly RELEASE = new GitHubEventType('release');
  /** Repository activity. */
  public static readonly REPOSITORY = new GitHubEventType('repository');
  /** Commit status changes. */
  public static readonly STATUS = new GitHubEventType('status');
  /** Team activity. */
  public static readonly TEAM = new GitHubEventType('team');
  /** Repository added to a team. */
  public static readonly TEAM_ADD = new GitHubEventType('team_add');
  /** Repository starred. */
  public static readonly WATCH = new GitHubEventType('watch');

  /** The CloudEvent `type` attribute of these events (`dev.knative.source.github.push`). */
  public readonly cloudEventType: string;

  private constructor(
    /** The webhook event name written to `spec.eventTypes` (`push`). */
    public readonly name: string,
  ) {
    this.cloudEventType = `dev.knative.source.github.${name}`;
  }
}

/** Properties of a {@link GitHubSource}. */
export interface GitHubSourceProps extends EventingResourceProps {
  /**
   * The repository (`owner/repository`) or organization (`owner`) to receive events from
   * (`spec.ownerAndRepository`).
   */
  readonly ownerAndRepository: string;

  /** The webhook events to subscribe to (`spec.eventTypes`); at least one. */
  readonly eventTypes: readonly GitHubEventType[];

  /**
   * The GitHub personal access token the controller uses to create and delete the webhook
   * (`spec.accessToken.secretKeyRef`): a key of a Secret in the source's namespace. It needs the
   * `repo` (or `admin:org_hook` for an organization) scope.
   */
  readonly accessToken: kplus.SecretValue;

  /**
   * The webhook secret GitHub signs deliveries with and the receive adapter verifies
   * (`spec.secretToken.secretKeyRef`): a key of a Secret in the source's namespace.
   */
  readonly secretToken: kplus.SecretValue;

  /**
   * The API URL of a GitHub Enterprise Server (`spec.githubAPIURL`), such as
   * `https://github.example.com/api/v3/`.
   * @default - https://api.github.com (github.com)
   */
  readonly githubApiUrl?: string;

  /**
   * Forces the scheme of the webhook URL registered with GitHub (`spec.secure`): true for https,
   * false for http.
   * @default - the scheme of the receive adapter's Knative Service URL (https when the cluster
   * issues certificates, http otherwise); forcing https on a cluster without TLS breaks delivery
   */
  readonly secure?: boolean;

  /**
   * Where the events go (`spec.sink`): a KnativeService, Broker, Channel or any ISink. The CRD's
   * sink has only `ref` and `uri`, so a sink with `caCerts` or `audience` is a synth error.
   */
  readonly sink: ISink;

  /**
   * CloudEvent extension attributes added to every event (`spec.ceOverrides.extensions`).
   * @default - none
   */
  readonly ceOverrides?: CloudEventExtensions;

  /**
   * The ServiceAccount the receive adapter runs as (`spec.serviceAccountName`).
   * @default - the namespace's `default` ServiceAccount
   */
  readonly serviceAccount?: kplus.IServiceAccount;
}

/**
 * A GitHub repository or organization as an event source (`sources.knative.dev/v1alpha1`
 * GitHubSource, from knative-extensions/eventing-github). The controller creates (or reuses) a
 * receive adapter Knative Service and, once it is Ready with a URL, registers that URL as a
 * webhook. The URL must be reachable from GitHub: without a real domain in `config-domain`
 * (rather than the default `example.com`) and an ingress reachable from GitHub, the source never
 * registers a webhook. The GitHubSource CRD is not part of a Knative Eventing install; it comes
 * with eventing-github.
 *
 * @example
 * const gh = kplus.Secret.fromSecretName(this, 'GitHub', 'github-credentials');
 * new GitHubSource(this, 'Repo', {
 *   ownerAndRepository: 'cern/dynafed',
 *   eventTypes: [GitHubEventType.PUSH, GitHubEventType.PULL_REQUEST],
 *   accessToken: { secret: gh, key: 'accessToken' },
 *   secretToken: { secret: gh, key: 'secretToken' },
 *   sink: broker,
 * });
 */
export class GitHubSource extends Resource {
  public readonly apiObject: ApiObject;

  /** The `owner/repository` (or organization) events come from. */
  public readonly ownerAndRepository: string;

  private readonly eventTypes: GitHubEventType[] = [];
  private readonly sink: Destination;
  private readonly accessToken: SecretKeySelectorJson;
  private readonly secretToken: SecretKeySelectorJson;

  public constructor(scope: Construct, id: string, props: GitHubSourceProps) {
    super(scope, id);
    requireProp('GitHubSource', props, 'ownerAndRepository', 'eventTypes', 'accessToken', 'secretToken', 'sink');
    checkOwnerAndRepository(this, props.ownerAndRepository);
    if (props.githubApiUrl !== undefined) requireHttpUrl(this, 'githubApiUrl', props.githubApiUrl, ' such as https://github.example.com/api/v3/');
    checkCeOverrides(this, props.ceOverrides);
    this.ownerAndRepository = props.ownerAndRepository;
    for (const t of props.eventTypes) this.addEventType(t);
    if (!this.eventTypes.length) reportError(this, 'eventTypes', 'must have at least one entry', { value: [], allowed: 'one or more GitHubEventType values' });

    this.apiObject = createEventingObject(this, GIT_HUB_SOURCE_GVK, props.metadata, () => ({
      ownerAndRepository: this.ownerAndRepository,
      eventTypes: this.eventTypes.map((t) => t.name),
      accessToken: { secretKeyRef: { ...this.accessToken } },
      secretToken: { secretKeyRef: { ...this.secretToken } },
      ...(props.githubApiUrl !== undefined ? { githubAPIURL: props.githubApiUrl } : {}),
      ...(props.secure !== undefined ? { secure: props.secure } : {}),
      ...(props.serviceAccount ? { serviceAccountName: props.serviceAccount.name } : {}),
      ...(props.ceOverrides && Object.keys(props.ceOverrides).length ? { ceOverrides: renderCeOverrides({ ...props.ceOverrides }) } : {}),
      sink: renderDestination(this.sink),
    }));
    this.accessToken = secretKeySelector(this, this.apiObject, 'accessToken', props.accessToken);
    this.secretToken = secretKeySelector(this, this.apiObject, 'secretToken', props.secretToken);
    this.sink = bindSink(this, 'spec.sink', props.sink);
  }

  /** Subscribes to one more webhook event. Adding an event twice has no effect. */
  public addEventType(eventType: GitHubEventType): void {
    if (!this.eventTypes.some((t) => t.name === eventType.name)) this.eventTypes.push(eventType);
  }

  /** The CloudEvent types this source emits (for Trigger filters). */
  public get cloudEventTypes(): string[] {
    return this.eventTypes.map((t) => t.cloudEventType);
  }

  /**
   * The CloudEvent `source` attribute of this source's events, as upstream computes it: always
   * `https://github.com/<ownerAndRepository>`, even for GitHub Enterprise.
   */
  public get cloudEventSource(): string {
    return `https://github.com/${this.ownerAndRepository}`;
  }
}

/** The controller splits on '/' and refuses more than two parts or an empty owner. */
function checkOwnerAndRepository(scope: IConstruct, value: string): void {
  const parts = value.split('/');
  if (!value || parts.length > 2 || parts.some((p) => p === '')) {
    reportError(scope, 'ownerAndRepository', "must be 'owner/repository' or 'owner'", { value, allowed: "'owner/repository' or 'owner'" });
  }
}
