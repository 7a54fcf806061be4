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
