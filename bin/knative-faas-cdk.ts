#!/usr/bin/env node
/** The `knative-faas-cdk` command; see lib/validation/cli.ts. */
import { EXIT_USAGE, runCli } from '../lib/validation/cli';

// `validate dist/ | head`: the reader went away; stop quietly with the status so far.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

try {
  process.exitCode = runCli(process.argv.slice(2));
} catch (err) {
  // Never a bare stack trace: one line naming the problem.
  process.stderr.write(`knative-faas-cdk: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = EXIT_USAGE;
}
