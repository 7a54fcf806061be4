/** Label selectors as tracker.Reference.Validate checks them (metav1.LabelSelectorAsSelector). */
import { labelValueErrors, qualifiedNameErrors } from '../../../core/names';
import { isObject, str } from './common';

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** metav1.LabelSelectorAsSelector's first complaint, if any. */
export function selectorError(sel: Record<string, any>): string | undefined {
  for (const [k, v] of Object.entries(isObject(sel.matchLabels) ? sel.matchLabels : {})) {
    const e = qualifiedNameErrors(k)[0] ?? labelValueErrors(String(v))[0];
    if (e) return `key: Invalid value: "${k}": ${e}`;
  }
  for (const expr of Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []) {
    const op = str(expr?.operator);
    const values = Array.isArray(expr?.values) ? expr.values : [];
    if (!OPERATORS.has(op)) return `"${op}" is not a valid label selector operator`;
    const keyErr = qualifiedNameErrors(str(expr?.key))[0];
    if (keyErr) return `key: Invalid value: "${str(expr?.key)}": ${keyErr}`;
    if ((op === 'In' || op === 'NotIn') && values.length === 0) return "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty";
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) return "values: Invalid value: for 'exists', 'notexists' operators, values set must be empty";
  }
  return undefined;
}
