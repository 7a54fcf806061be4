// KindRules and RuleContext are the rule authors' interface, internal to this package.
export { Finding, Manifest, Severity } from './types';
export * from './engine';
export * from './construct';
export { registerCrd, lookupCrd } from './schema/crd-store';
export * from './files';
export * from './plugin';
export { runCli } from './cli';
