/**
 * The validator as a cdk8s-cli validation plugin, so `cdk8s synth` checks everything an app
 * writes (plain ApiObjects, cdk8s-plus, imported L1s, Helm includes), not only the objects of
 * this library's constructs, which check themselves at synth.
 *
 * In the app's cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: knative-faas-cdk   # installed by cdk8s into ~/.cdk8s/plugins
 *     version: 0.1.0              # an exact version; cdk8s refuses ranges
 *     class: KnativeValidation
 *     properties:
 *       strict: false
 *       failOnWarnings: false       # true: what the cluster accepts with a warning fails too
 *       settingsFile: cluster-settings.json
 *       previous: [deployed/]        # optional: the manifests now in the cluster (e.g. of main)
 * ```
 *
 * The types below mirror cdk8s-cli's `Validation` contract (lib/plugins/validation.d.ts)
 * structurally, so neither the library nor its users need cdk8s-cli at run time.
 */
import { ClusterSettings, ClusterSettingsProps } from '../core/cluster-settings';
import { checkSettings, loadSettingsFile } from './cli';
import { formatFinding } from './engine';
import { isHelmValuesFile, validateFiles } from './files';
import { Finding } from './types';

/** One resource named in a violation (cdk8s-cli `ValidationViolatingResource`). */
export interface PluginViolatingResource {
  /** `metadata.name`; cdk8s maps it to the construct path when it recorded construct metadata. */
  readonly resourceName: string;
  /** The fields of the resource at fault. */
  readonly locations: readonly string[];
  /** The manifest file the resource is in. */
  readonly manifestPath: string;
}

/** One violated rule (cdk8s-cli `ValidationViolation`). */
export interface PluginViolation {
  /** The rule id (`schema`, `metadata`, `S-T2`, ...), with `(warning)` for findings the cluster only warns about. */
  readonly ruleName: string;
  /** What is wrong, in the words the cluster would use. */
  readonly recommendation: string;
  /** What would be accepted instead. */
  readonly fix: string;
  /** Every resource that breaks the rule in the same way. */
  readonly violatingResources: readonly PluginViolatingResource[];
}

/** The part of cdk8s-cli's `ValidationContext` the plugin uses. */
export interface PluginValidationContext {
  /** The manifest files `cdk8s synth` wrote. */
  readonly manifests: readonly string[];
  /** Collects the result. */
  readonly report: {
    addViolation(violation: PluginViolation): void;
    submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
  };
  /** Prints a line in the synth output. */
  readonly logger: { log(message: string): void };
}

/** The `properties` of the plugin in cdk8s.yaml. */
export interface KnativeValidationProps {
  /**
   * Treat objects of kinds with no known schema as errors.
   * @default false - they are listed as unchecked in the synth output
   */
  readonly strict?: boolean;
  /**
   * Fail the synth when anything is accepted only with a warning (Knative's insecure-default
   * warnings, deprecated API versions, CEL rules of warning severity, ...). Warnings are always
   * listed in the report as `<rule> (warning)` violations and logged in a summary line.
   * @default false - warnings are reported but the synth succeeds
   */
  readonly failOnWarnings?: boolean;
  /**
   * The cluster's Knative/Istio settings, inline.
   * @default - a stock Knative and Istio install, unless `settingsFile` is given
   */
  readonly settings?: ClusterSettingsProps;
  /**
   * A JSON file of cluster settings (`ClusterSettingsProps`), relative to the directory
   * `cdk8s synth` runs in. Cannot be combined with `settings`.
   * @default - no file
   */
  readonly settingsFile?: string;
  /**
   * Files or folders with the previously deployed manifests (e.g. the synth output of the main
   * branch), relative to the directory `cdk8s synth` runs in. Objects with the same API group,
   * kind, namespace and name are checked as updates, so changes the webhooks refuse on update
   * (immutable fields and annotations) fail the synth.
   * @default - none: every object is checked as if it were created
   */
  readonly previous?: readonly string[];
}

/** What to do about a finding that names no allowed value, by the kind of check that made it. */
function genericFix(f: Finding): string {
  const outcome = f.severity === 'error' ? 'rejects the object' : 'accepts the object with a warning';
  switch (f.rule) {
    case 'schema': return `Change the fields under Locations to match the schema of the kind; the API server ${outcome}.`;
    case 'cel': return `Change the fields under Locations so that the CRD's x-kubernetes-validations rule holds; the API server ${outcome}.`;
    case 'metadata': return `Change the object's metadata; the API server ${outcome}.`;
    default: return `Change the fields under Locations; rule ${f.rule} mirrors the admission webhook, which ${outcome}.`;
  }
}

/**
 * cdk8s validation plugin running the knative-faas-cdk validator (schema and webhook-equivalent
 * rules) on every manifest `cdk8s synth` writes. The synth fails (exit status 2) when any
 * object would be rejected by the cluster.
 */
export class KnativeValidation {
  private readonly strict: boolean;
  private readonly failOnWarnings: boolean;
  private readonly settingsProps?: ClusterSettingsProps;
  private readonly settingsFile?: string;
  private readonly previous?: readonly string[];

  public constructor(props: KnativeValidationProps = {}) {
    if (props.settings !== undefined && props.settingsFile !== undefined) {
      throw new Error("KnativeValidation: 'settings' and 'settingsFile' cannot both be given");
    }
    if (props.strict !== undefined && typeof props.strict !== 'boolean') {
      throw new Error(`KnativeValidation: 'strict' (${JSON.stringify(props.strict)}) must be true or false`);
    }
    this.strict = props.strict ?? false;
    if (props.failOnWarnings !== undefined && typeof props.failOnWarnings !== 'boolean') {
      throw new Error(`KnativeValidation: 'failOnWarnings' (${JSON.stringify(props.failOnWarnings)}) must be true or false`);
    }
    this.failOnWarnings = props.failOnWarnings ?? false;
    this.settingsProps = props.settings === undefined ? undefined : checkSettings(props.settings, "KnativeValidation: 'settings'");
    this.settingsFile = props.settingsFile;
    if (props.previous !== undefined && (!Array.isArray(props.previous) || props.previous.some((p) => typeof p !== 'string' || p === ''))) {
      throw new Error(`KnativeValidation: 'previous' (${JSON.stringify(props.previous)}) must be a list of file or folder paths`);
    }
    this.previous = props.previous === undefined ? undefined : [...props.previous];
  }

  /** Validates `context.manifests` and submits the report; never throws for invalid manifests. */
  public async validate(context: PluginValidationContext): Promise<void> {
    const props = this.settingsFile !== undefined ? loadSettingsFile(this.settingsFile) : this.settingsProps;
    const settings = props ? new ClusterSettings(props) : undefined;
    // cdk8s synth hands over every *.yaml of the outdir; a PlatformApp's Helm values files are not manifests.
    const manifests = context.manifests.filter((f) => !isHelmValuesFile(f));
    const report = validateFiles(manifests, { strict: this.strict, settings, previous: this.previous });

    const groups = new Map<string, { finding: Finding; resources: Map<string, { name: string; file: string; locations: string[] }> }>();
    for (const r of report.results) {
      const name = r.object?.metadata?.name ?? r.object?.metadata?.generateName ?? r.label;
      for (const f of r.findings) {
        const key = JSON.stringify([f.severity, f.rule, f.message, f.value, f.allowed]);
        const group = groups.get(key) ?? { finding: f, resources: new Map() };
        groups.set(key, group);
        const resKey = `${r.source.file}\0${r.source.document}`;
        const res = group.resources.get(resKey) ?? { name, file: r.source.file, locations: [] };
        group.resources.set(resKey, res);
        res.locations.push(f.field || '(object)');
      }
    }
    for (const { finding: f, resources } of groups.values()) {
      context.report.addViolation({
        ruleName: f.severity === 'warning' ? `${f.rule} (warning)` : f.rule,
        recommendation: formatFinding({ ...f, field: '', allowed: undefined }).replace(/^warning: /, '').replace(/ \[[^\]]*\]$/, ''),
        fix: f.allowed ? `Use an allowed value: ${f.allowed}` : genericFix(f),
        violatingResources: [...resources.values()].map((res) => ({ resourceName: res.name, locations: res.locations, manifestPath: res.file })),
      });
    }
    for (const e of report.inputErrors) {
      context.report.addViolation({
        ruleName: 'input',
        recommendation: e.message,
        fix: 'Make the manifest a readable YAML or JSON file within the documented input limits.',
        violatingResources: [{ resourceName: e.file, locations: [], manifestPath: e.file }],
      });
    }
    for (const p of report.parseErrors) {
      context.report.addViolation({
        ruleName: 'yaml',
        recommendation: p.message,
        fix: 'Fix the YAML syntax of the document.',
        violatingResources: [{ resourceName: `document at line ${p.line}`, locations: [], manifestPath: p.file }],
      });
    }
    const unchecked = report.lines.filter((l) => l.startsWith('unchecked: '));
    for (const line of unchecked) context.logger.log(`knative-faas-cdk: ${line.replace(/; pass --strict.*$/, "; set 'strict: true' to make this an error")}`);
    if (report.warnings > 0) {
      context.logger.log(this.failOnWarnings
        ? `knative-faas-cdk: ${report.warnings} warning${report.warnings === 1 ? '' : 's'} (listed as "(warning)" violations) fail the synth because failOnWarnings is true`
        : `knative-faas-cdk: ${report.warnings} warning${report.warnings === 1 ? '' : 's'}: the cluster accepts these (listed as "(warning)" violations); set 'failOnWarnings: true' to make them fail the synth`);
    }
    const failed = report.errors > 0 || (this.failOnWarnings && report.warnings > 0);
    context.report.submit(failed ? 'failure' : 'success', {
      objects: String(report.results.length),
      errors: String(report.errors),
      warnings: String(report.warnings),
      unchecked: String(report.unchecked),
      ...(this.failOnWarnings ? { failOnWarnings: 'true' } : {}),
    });
  }
}
