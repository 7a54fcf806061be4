/**
 * `knative-faas-cdk topology PATH...`: draws the event topology of any folder of manifests. It
 * reads files with the validator's reader (lib/validation/files.ts), so the same files are read
 * with the same safety limits.
 */
import * as fs from 'fs';
import type { CliIo } from '../validation/cli';
import { scanArguments, UsageError } from '../validation/cli-args';
import { readInputs, STDIN_PATH } from '../validation/files';
import { toTopologyJson } from './json';
import { toMarkdown, toMermaid } from './mermaid';
import { eventTopology, TENANT_LABEL, tenantTopology } from './model';

const EXIT_OK = 0;
const EXIT_FAIL = 1;
const EXIT_USAGE = 2;

/** The help text of the `topology` command. */
export const TOPOLOGY_USAGE = [
  'Usage: knative-faas-cdk topology <file, folder or - for stdin>... [--format mermaid|json|markdown] [--output FILE] [--tenant-label LABEL] [--tenant NAME]... [--direction LR|TD] [--fail-on-dangling] [--fail-on-cross-tenant]',
  '',
  'Draws the event topology of Kubernetes manifests (folders are searched recursively for *.yaml, *.yml and',
  '*.json): sources -> brokers and channels -> triggers (with their filters) and subscriptions -> subscribers,',
  'replies and dead-letter sinks, grouped by tenant (a namespace, or the namespaces whose Namespace object has',
  `the label ${TENANT_LABEL}=<tenant>). References to objects that are not in the inputs are dangling edges;`,
  'edges between tenants are cross-tenant edges; both are marked.',
  '',
  'Options:',
  '  --format F              mermaid (a flowchart, default), json (versioned, documented shape) or markdown',
  '                          (the flowchart in a ```mermaid fence); default: from the --output extension',
  '                          (.json, .md), else mermaid',
  '  --output FILE           write to FILE instead of standard output',
  `  --tenant-label LABEL    the Namespace label that names a tenant (default: ${TENANT_LABEL})`,
  '  --tenant NAME           only this tenant (repeatable): its objects, their edges and the nodes at their other',
  '                          end (GitLab and GitHub render diagrams up to a size; draw a large platform by tenant)',
  '  --direction LR|TD       the flowchart direction (default: LR)',
  '  --fail-on-dangling      exit 1 if any edge is dangling',
  '  --fail-on-cross-tenant  exit 1 if any edge crosses tenants',
  '  -h, --help              show this help',
  '',
  'Inputs are read with the limits of `validate` (size, documents, depth, aliases, special files).',
  'Exit status: 0 when drawn; 1 with --fail-on-* when such an edge exists; 2 on bad arguments or when an input',
  'could not be read, was refused or did not parse (the topology of the rest is still written).',
];

type Format = 'mermaid' | 'json' | 'markdown';

interface TopologyArgs {
  readonly paths: string[];
  readonly format?: Format;
  readonly output?: string;
  readonly tenantLabel: string;
  readonly tenants?: string[];
  readonly direction: 'LR' | 'TD';
  readonly failOnDangling: boolean;
  readonly failOnCrossTenant: boolean;
}

function parseArgs(args: readonly string[]): TopologyArgs {
  let format: Format | undefined;
  let output: string | undefined;
  let tenantLabel = TENANT_LABEL;
  let tenants: string[] | undefined;
  let direction: 'LR' | 'TD' = 'LR';
  let failOnDangling = false;
  let failOnCrossTenant = false;
  const paths = scanArguments(args, (name, value, arg) => {
    switch (name) {
      case '--format': {
        const f = value();
        if (f !== 'mermaid' && f !== 'json' && f !== 'markdown') throw new UsageError(`--format must be mermaid, json or markdown, not '${f}'`);
        format = f;
        break;
      }
      case '--output': case '-o': output = value(); break;
      case '--tenant-label': tenantLabel = value(); break;
      case '--tenant': tenants = [...tenants ?? [], value()]; break;
      case '--direction': {
        const d = value();
        if (d !== 'LR' && d !== 'TD') throw new UsageError(`--direction must be LR or TD, not '${d}'`);
        direction = d;
        break;
      }
      case '--fail-on-dangling': failOnDangling = true; break;
      case '--fail-on-cross-tenant': failOnCrossTenant = true; break;
      default: throw new UsageError(`unknown option ${arg}`);
    }
  });
  if (paths.length === 0) throw new UsageError('no files or folders to draw');
  return { paths, format, output, tenantLabel, tenants, direction, failOnDangling, failOnCrossTenant };
}

/** Runs `knative-faas-cdk topology` on its arguments (after the command name); returns the exit code. */
export function runTopologyCli(argv: readonly string[], io: CliIo): number {
  if (argv.includes('-h') || argv.includes('--help')) {
    for (const line of TOPOLOGY_USAGE) io.out(line);
    return EXIT_OK;
  }
  let args: TopologyArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.err(`knative-faas-cdk topology: ${(e as Error).message}`);
    io.err(TOPOLOGY_USAGE[0]);
    return EXIT_USAGE;
  }
  const inputs = readInputs(args.paths);
  const objects: unknown[] = [];
  let problems = 0;
  for (const e of inputs.inputErrors) {
    io.err(`${e.file}: error: ${e.message}`);
    problems++;
  }
  for (const p of inputs.parsed) {
    if (p.error !== undefined) {
      io.err(`${p.source.file}:${p.source.line}: error: ${p.error}`);
      problems++;
    } else objects.push(p.value);
  }
  const whole = eventTopology(objects, { tenantLabel: args.tenantLabel });
  const topology = args.tenants ? tenantTopology(whole, args.tenants) : whole;
  const unknown = (args.tenants ?? []).filter((t) => !whole.tenants.some((x) => x.name === t));
  if (unknown.length) {
    io.err(`knative-faas-cdk topology: --tenant: no tenant named ${unknown.join(', ')} in the inputs (have: ${whole.tenants.map((t) => t.name).join(', ') || 'none'})`);
    return EXIT_USAGE;
  }
  const format: Format = args.format ?? (args.output?.endsWith('.json') ? 'json' : args.output?.endsWith('.md') ? 'markdown' : 'mermaid');
  const text = format === 'json' ? JSON.stringify(toTopologyJson(topology, { tenantLabel: args.tenantLabel }), null, 2) + '\n'
    : format === 'markdown' ? toMarkdown(topology, { direction: args.direction }) : toMermaid(topology, { direction: args.direction });
  const dangling = topology.edges.filter((e) => e.dangling);
  const cross = topology.edges.filter((e) => e.crossTenant);
  const summary = `${topology.nodes.length} nodes, ${topology.edges.length} edges, ${topology.tenants.length} tenants from ${objects.length} objects in ${inputs.files} files: ${dangling.length} dangling, ${cross.length} cross-tenant`;
  if (args.output !== undefined && args.output !== STDIN_PATH) {
    try {
      fs.writeFileSync(args.output, text);
    } catch (e) {
      io.err(`knative-faas-cdk topology: --output ${args.output}: ${(e as Error).message}`);
      return EXIT_USAGE;
    }
    io.out(`${summary}; written to ${args.output}`);
  } else {
    io.out(text.replace(/\n$/, ''));
    io.err(summary);
  }
  if (args.failOnDangling) for (const e of dangling) io.err(`dangling: ${e.from} -> ${e.to} (${e.relation})`);
  if (args.failOnCrossTenant) for (const e of cross) io.err(`cross-tenant: ${e.from} -> ${e.to} (${e.relation})`);
  if (problems > 0) {
    io.err(`knative-faas-cdk topology: ${problems} input${problems === 1 ? '' : 's'} could not be read, ${problems === 1 ? 'was' : 'were'} refused or did not parse; the topology shows the rest`);
    return EXIT_USAGE;
  }
  if ((args.failOnDangling && dangling.length) || (args.failOnCrossTenant && cross.length)) return EXIT_FAIL;
  return EXIT_OK;
}
