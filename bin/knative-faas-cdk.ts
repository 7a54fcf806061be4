#!/usr/bin/env node
/** The `knative-faas-cdk` command; see lib/validation/cli.ts. */
import { runCli } from '../lib/validation/cli';

process.exitCode = runCli(process.argv.slice(2));
