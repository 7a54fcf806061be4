/**
 * Trigger filters: the classic exact-match `filter.attributes` and the SubscriptionsAPI
 * `filters` dialects (exact, prefix, suffix, all, any, not, cesql).
 */

import { showValue } from '../core/report';
import { carryProblems, deferProblem } from './problems';

const ATTRIBUTE_NAME = /^[a-z][a-z0-9]*$/;

/** What the webhook says of a bad attribute name in a trigger filter. */
export const ATTRIBUTE_NAME_MESSAGE = 'Attribute name must start with a letter and can only contain lowercase alphanumeric';

/**
 * The CloudEvent attribute names the Eventing webhook refuses in trigger filters (it wants
 * lower-case letters and digits, starting with a letter).
 */
export function badAttributeNames(attributes: Readonly<Record<string, string>>): string[] {
  return Object.keys(attributes).filter((key) => !ATTRIBUTE_NAME.test(key));
}

/** TypeError for a JS caller passing something else than filters. */
function checkFilters(where: string, filters: unknown[]): void {
  filters.forEach((f, i) => {
    if (!(f instanceof Filter)) throw new TypeError(`${where}: argument ${i} must be a Filter (Filter.exact(...), Filter.cesql(...), ...), got ${showValue(f)}`);
  });
}

/**
 * One SubscriptionsAPI filter expression (an entry of a Trigger's `spec.filters`). Each
 * expression uses exactly one dialect, which the factories guarantee; combine them with
 * `Filter.all`, `Filter.any` and `Filter.not`.
 *
 * @example
 * Filter.all(Filter.exact({ type: 'ch.cern.file.uploaded' }), Filter.suffix({ subject: '.root' }))
 */
export class Filter {
  /** True if each attribute equals its value (case-sensitive); several attributes must all match. */
  public static exact(attributes: Record<string, string>): Filter {
    return Filter.attributeFilter('exact', attributes);
  }

  /** True if each attribute starts with its value; several attributes must all match. */
  public static prefix(attributes: Record<string, string>): Filter {
    return Filter.attributeFilter('prefix', attributes);
  }

  /** True if each attribute ends with its value; several attributes must all match. */
  public static suffix(attributes: Record<string, string>): Filter {
    return Filter.attributeFilter('suffix', attributes);
  }

  /** True if every nested filter is true. */
  public static all(first: Filter, ...rest: Filter[]): Filter {
    return Filter.combine('all', [first, ...rest]);
  }

  /** True if at least one nested filter is true. */
  public static any(first: Filter, ...rest: Filter[]): Filter {
    return Filter.combine('any', [first, ...rest]);
  }

  /** True if the nested filter is false. */
  public static not(filter: Filter): Filter {
    checkFilters('Filter.not', [filter]);
    const out = new Filter({ not: filter.toJson() });
    carryProblems(out, 'not', filter);
    return out;
  }

  /**
   * A CloudEvents SQL expression (`type = 'a' AND source LIKE '%b'`). Its syntax is checked by
   * the validation engine at synth, as the webhook would.
   */
  public static cesql(expression: string): Filter {
    if (typeof expression !== 'string') throw new TypeError(`Filter.cesql: the expression must be a string, got ${showValue(expression)}`);
    const out = new Filter({ cesql: expression });
    if (expression.trim() === '') {
      deferProblem(out, 'cesql', 'must be a non-empty CloudEvents SQL expression', { value: expression, allowed: "an expression such as \"type = 'a'\"" });
    }
    return out;
  }

  private static combine(dialect: 'all' | 'any', filters: Filter[]): Filter {
    checkFilters(`Filter.${dialect}`, filters);
    const out = new Filter({ [dialect]: filters.map((f) => f.toJson()) });
    filters.forEach((f, i) => carryProblems(out, `${dialect}[${i}]`, f));
    return out;
  }

  private static attributeFilter(dialect: 'exact' | 'prefix' | 'suffix', attributes: Record<string, string>): Filter {
    if (typeof attributes !== 'object' || attributes === null) {
      throw new TypeError(`Filter.${dialect}: pass an object of attribute names to values, e.g. { type: 'a' }; got ${showValue(attributes)}`);
    }
    const keys = Object.keys(attributes).sort();
    const out = new Filter({ [dialect]: Object.fromEntries(keys.map((k) => [k, attributes[k]])) });
    if (keys.length === 0) deferProblem(out, dialect, 'needs at least one attribute', { value: {}, allowed: "an attribute and its value, e.g. { type: 'a' }" });
    for (const key of badAttributeNames(attributes)) {
      deferProblem(out, dialect, `invalid key name ${JSON.stringify(key)}: ${ATTRIBUTE_NAME_MESSAGE}`, { value: key, allowed: 'lower-case letters and digits, starting with a letter' });
    }
    for (const key of keys) {
      if (attributes[key] === '') {
        deferProblem(out, `${dialect}.${key}`, 'the value must not be empty', { value: '', allowed: 'a non-empty string' });
      }
    }
    return out;
  }

  private constructor(private readonly json: Record<string, unknown>) {}

  /** The filter as it is written in `spec.filters[]`. */
  public toJson(): Record<string, unknown> {
    return structuredClone(this.json);
  }
}
