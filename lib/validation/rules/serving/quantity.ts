/**
 * Kubernetes `resource.Quantity` syntax (k8s.io/apimachinery/pkg/api/resource):
 *
 *   <quantity>     ::= <sign>? <number> <suffix>
 *   <number>       ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
 *   <suffix>       ::= Ki|Mi|Gi|Ti|Pi|Ei | m|""|k|M|G|T|P|E | (e|E)<sign>?<digits>
 */
const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[mkMGTPE]|[eE][+-]?\d+)?$/;

/** Whether `v` parses as a Kubernetes quantity (`100m`, `1Gi`, `1e3`). */
export function isQuantity(v: string): boolean {
  return QUANTITY.test(v);
}

const SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/**
 * The value of a quantity (string, or a number as JSON carries one) as a double, or undefined
 * when it does not parse (the schema or another rule reports that).
 */
export function quantityValue(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string' || !isQuantity(q)) return undefined;
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(.*)$/.exec(q);
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2];
  if (suffix in SUFFIX) return n * SUFFIX[suffix];
  const exp = /^[eE]([+-]?\d+)$/.exec(suffix);
  return exp ? n * 10 ** Number(exp[1]) : undefined;
}
