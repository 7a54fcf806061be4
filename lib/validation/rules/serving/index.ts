import { KindRules } from '../../types';

/** Webhook-equivalent rules for serving kinds. */
export const SERVING_RULES: readonly KindRules[] = [];
