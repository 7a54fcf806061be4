/** Shared test helpers: run the engine on a plain object and look at its findings. */
import { ClusterSettings, ClusterSettingsProps } from '../lib/core/cluster-settings';
import { formatFinding, validateObject } from '../lib/validation/engine';
import { Finding } from '../lib/validation/types';

/** All findings for one object, under stock or the given cluster settings. */
export function findings(obj: unknown, settings?: ClusterSettingsProps): Finding[] {
  return [...validateObject(obj, { settings: settings ? new ClusterSettings(settings) : undefined }).findings];
}

/** Only the errors, formatted as the user sees them. */
export function errors(obj: unknown, settings?: ClusterSettingsProps): string[] {
  return findings(obj, settings).filter((f) => f.severity === 'error').map(formatFinding);
}

/** The findings of one rule id. */
export function byRule(obj: unknown, rule: string, settings?: ClusterSettingsProps): Finding[] {
  return findings(obj, settings).filter((f) => f.rule === rule);
}

/** Deep-clones `base` and applies `mutate` to the clone: for "valid object, one thing wrong" tests. */
export function variant<T>(base: T, mutate: (o: any) => void): T {
  const copy = structuredClone(base);
  mutate(copy);
  return copy;
}

/**
 * The validation errors `app.synthYaml()` reports, one line each (`[path] message`), or [] when
 * it succeeds. For tests of user mistakes, which fail the synth instead of throwing earlier.
 */
export function synthErrors(app: { synthYaml(): string }): string[] {
  try {
    app.synthYaml();
    return [];
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    const prefix = 'Validation failed with the following errors:\n';
    if (!text.startsWith(prefix)) throw err;
    return text.slice(prefix.length).split('\n').map((l) => l.trim()).filter(Boolean);
  }
}
