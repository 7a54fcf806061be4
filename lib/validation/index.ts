// KindRules and RuleContext are the rule authors' interface, internal to this package.
export { Finding, Manifest, Severity } from './types';
export * from './engine';
export * from './construct';
export { registerCrd, lookupCrd } from './schema/crd-store';

// The file validator (and its YAML parser), the CLI and the cdk8s plugin load on first use, so an
// app that only synthesizes constructs does not pay for them at start-up. Their types are
// exported as usual; the values are getters that require the module the first time.
import type * as Cli from './cli';
import type * as Files from './files';
import type * as Plugin from './plugin';

export type { ObjectSource, ParseError, FileReport, FileValidationOptions } from './files';
export type { PluginViolatingResource, PluginViolation, PluginValidationContext, KnativeValidationProps } from './plugin';
export type { CliIo } from './cli';
/** See `validateFiles` in ./files. */
export declare const validateFiles: typeof Files.validateFiles;
/** See `STDIN_PATH` in ./files. */
export declare const STDIN_PATH: typeof Files.STDIN_PATH;
/** See `KnativeValidation` in ./plugin. */
export declare const KnativeValidation: typeof Plugin.KnativeValidation;
/** The cdk8s validation plugin (instance type). */
export type KnativeValidation = Plugin.KnativeValidation;
/** See `runCli` in ./cli. */
export declare const runCli: typeof Cli.runCli;

/* eslint-disable @typescript-eslint/no-require-imports */
const LAZY: Record<string, () => unknown> = {
  validateFiles: () => (require('./files') as typeof Files).validateFiles,
  STDIN_PATH: () => (require('./files') as typeof Files).STDIN_PATH,
  KnativeValidation: () => (require('./plugin') as typeof Plugin).KnativeValidation,
  runCli: () => (require('./cli') as typeof Cli).runCli,
};
/* eslint-enable @typescript-eslint/no-require-imports */
for (const [name, load] of Object.entries(LAZY)) Object.defineProperty(exports, name, { enumerable: true, get: load });
