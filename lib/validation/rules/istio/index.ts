import { KindRules } from '../../types';

/** Webhook-equivalent rules for istio kinds. */
export const ISTIO_RULES: readonly KindRules[] = [];
