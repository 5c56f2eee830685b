import type { RuleConditions } from '../config/brokerage-config.js';

/** What rule conditions look at in a lead, already extracted and normalised. */
export interface LeadFacts {
  /** The lead's price, or its listing's price. */
  readonly price?: number;
  /** A five-digit postal code. */
  readonly postal_code?: string;
  readonly tags: readonly string[];
  readonly lead_source?: string;
  readonly source_type?: string;
}

/** Whether a rule applies to a lead, and if not, every condition that failed. */
export interface ConditionsResult {
  readonly ok: boolean;
  readonly failures: readonly string[];
}

/**
 * Evaluates a rule's conditions against a lead. All conditions must hold. A lead that
 * lacks the data a condition needs (no price for a price range) does not match it:
 * a luxury rule must not catch leads of unknown value.
 */
export function checkConditions(when: RuleConditions | undefined, facts: LeadFacts): ConditionsResult {
  if (!when) return { ok: true, failures: [] };
  const failures: string[] = [];

  if (when.price) {
    const { min, max } = when.price;
    const range = `${min === undefined ? '' : money(min)}–${max === undefined ? '' : money(max)}`;
    if (facts.price === undefined) failures.push(`no price to compare with ${range}`);
    else if ((min !== undefined && facts.price < min) || (max !== undefined && facts.price > max)) {
      failures.push(`price ${money(facts.price)} is outside ${range}`);
    }
  }
  if (when.postal_codes) {
    if (!facts.postal_code) failures.push('no postal code');
    else if (!when.postal_codes.includes(facts.postal_code)) {
      failures.push(`postal code ${facts.postal_code} is not in ${when.postal_codes.join(', ')}`);
    }
  }
  if (when.tags) {
    const wanted = new Set(when.tags.map(lower));
    if (!facts.tags.some((tag) => wanted.has(lower(tag)))) {
      failures.push(`no tag of ${when.tags.join(', ')}`);
    }
  }
  if (when.sources) {
    const wanted = new Set(when.sources.map(lower));
    const sources = [facts.lead_source, facts.source_type].filter((s): s is string => Boolean(s));
    if (!sources.some((s) => wanted.has(lower(s)))) {
      failures.push(`source ${sources.length ? sources.join('/') : '(none)'} is not ${when.sources.join(' or ')}`);
    }
  }
  return { ok: failures.length === 0, failures };
}

function lower(value: string): string {
  return value.trim().toLowerCase();
}

function money(value: number): string {
  return value.toLocaleString('en-US');
}
