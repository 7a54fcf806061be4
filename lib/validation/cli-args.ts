/** The command-line conventions every `knative-faas-cdk` command shares. */

/** A mistake in a command line: reported with the command's usage line. */
export class UsageError extends Error {}

/**
 * Walks a command line and returns its paths. Anything that does not start with `-`, a lone `-`
 * (standard input) and everything after `--` is a path; each other argument goes to `onOption`
 * with its name, a `value()` that takes `--name=value` or the next argument (an empty or missing
 * one is a UsageError), and the argument as written (for "unknown option" messages).
 */
export function scanArguments(args: readonly string[], onOption: (name: string, value: () => string, arg: string) => void): string[] {
  const paths: string[] = [];
  let options = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!options || !arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const [name, inline] = eq >= 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    if (name === '--') {
      options = false;
      continue;
    }
    onOption(name, () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      return v;
    }, arg);
  }
  return paths;
}
