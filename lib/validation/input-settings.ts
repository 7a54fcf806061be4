/**
 * The cluster settings that validated inputs declare: Knative's ConfigMaps and the operator's
 * KnativeServing / KnativeEventing objects among the files describe the cluster the other
 * documents are for, the way CustomResourceDefinitions among them describe their kinds.
 */
import { ClusterSettings } from '../core/cluster-settings';
import { formatSettingsProblem, readSettingsManifests } from '../core/cluster-settings-manifests';
import { ValidationOptions } from './engine';

/**
 * `options` with the settings that `objects` declare underneath the given ones (which win key
 * by key). Adds a line naming the objects read to `notes`; unchanged when none is found.
 * Throws an Error naming object and key for a value Knative's config webhook would refuse, in
 * the inputs or in the given settings.
 */
export function withInputSettings<T extends ValidationOptions>(objects: readonly unknown[], options: T, notes: string[]): T {
  const read = readSettingsManifests(objects);
  const given = options.settings;
  const settings = read.sources.length === 0 ? given : given ? ClusterSettings.layer(read.props, given) : new ClusterSettings(read.props);
  const problems = [...read.problems, ...(settings?.problems() ?? []).map(formatSettingsProblem)];
  if (problems.length) throw new Error(`cluster settings: ${problems.join('; ')}`);
  if (read.sources.length === 0) return options;
  notes.push(`settings: ${read.sources.join(', ')} read as the cluster's settings${given ? ' (the given settings win)' : ''}`);
  return { ...options, settings };
}
