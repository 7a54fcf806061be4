import { KindRules } from '../../types';

/** Webhook-equivalent rules for eventing kinds. */
export const EVENTING_RULES: readonly KindRules[] = [];
