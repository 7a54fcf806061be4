/**
 * Trigger filters: the classic exact-match `filter.attributes` and the SubscriptionsAPI
 * `filters` dialects (exact, prefix, suffix, all, any, not, cesql).
 */

const ATTRIBUTE_NAME = /^[a-z][a-z0-9]*$/;

/**
 * Checks CloudEvent attribute names as the Eventing webhook does for trigger filters
 * (lower-case letters and digits, starting with a letter); throws on the first bad name.
 */
export function checkAttributeNames(where: string, attributes: Record<string, string>): void {
  for (const key of Object.keys(attributes)) {
    if (!ATTRIBUTE_NAME.test(key)) {
      throw new Error(`invalid key name ${JSON.stringify(key)} in ${where}: Attribute name must start with a letter and can only contain lowercase alphanumeric`);
    }
  }
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
  /**
   * True if each attribute equals its value (case-sensitive). Several attributes are written as
   * an `all` of one-attribute filters, since the webhook takes one attribute per `exact`.
   */
  public static exact(attributes: Record<string, string>): Filter {
    return Filter.attributeFilter('exact', attributes);
  }

  /** True if each attribute starts with its value (several: an `all`, as for `exact`). */
  public static prefix(attributes: Record<string, string>): Filter {
    return Filter.attributeFilter('prefix', attributes);
  }

  /** True if each attribute ends with its value (several: an `all`, as for `exact`). */
  public static suffix(attributes: Record<string, string>): Filter {
    return Filter.attributeFilter('suffix', attributes);
  }

  /** True if every nested filter is true. */
  public static all(first: Filter, ...rest: Filter[]): Filter {
    return new Filter({ all: [first, ...rest].map((f) => f.toJson()) });
  }

  /** True if at least one nested filter is true. */
  public static any(first: Filter, ...rest: Filter[]): Filter {
    return new Filter({ any: [first, ...rest].map((f) => f.toJson()) });
  }

  /** True if the nested filter is false. */
  public static not(filter: Filter): Filter {
    return new Filter({ not: filter.toJson() });
  }

  /**
   * A CloudEvents SQL expression (`type = 'a' AND source LIKE '%b'`). Its syntax is checked by
   * the validation engine at synth, as the webhook would.
   */
  public static cesql(expression: string): Filter {
    if (expression.trim() === '') throw new Error("'cesql' must be a non-empty CloudEvents SQL expression");
    return new Filter({ cesql: expression });
  }

  private static attributeFilter(dialect: 'exact' | 'prefix' | 'suffix', attributes: Record<string, string>): Filter {
    const keys = Object.keys(attributes).sort();
    if (keys.length === 0) throw new Error(`Filter.${dialect} needs at least one attribute`);
    checkAttributeNames(`'${dialect}'`, attributes);
    for (const key of keys) {
      if (attributes[key] === '') {
        throw new Error(`Filter.${dialect}: the value of ${JSON.stringify(key)} must not be empty`);
      }
    }
    // The webhook allows one attribute per dialect entry; several become an `all` of single ones.
    const single = keys.map((k) => ({ [dialect]: { [k]: attributes[k] } }));
    return new Filter(single.length === 1 ? single[0] : { all: single });
  }

  private constructor(private readonly json: Record<string, unknown>) {}

  /** The filter as it is written in `spec.filters[]`. */
  public toJson(): Record<string, unknown> {
    return structuredClone(this.json);
  }
}
