import { z } from 'zod';

/*
 * Escalation (SPEC §5): at every breach, the agent's level is the highest whose rule holds over
 * its rolling window. Excused breaches are left out before this is called.
 */

export const EscalationRuleSchema = z.object({
  level: z.number().int().min(1).max(9),
  breaches: z.number().int().min(1).max(100),
  days: z.number().int().min(1).max(365),
});
export type EscalationRule = z.infer<typeof EscalationRuleSchema>;

export const DEFAULT_ESCALATION: EscalationRule[] = [
  { level: 1, breaches: 2, days: 15 },
  { level: 2, breaches: 3, days: 21 },
  { level: 3, breaches: 4, days: 30 },
];

const DAY = 86_400_000;

export function escalationLevel(
  breachTimes: Date[],
  now: Date,
  rules: EscalationRule[] = DEFAULT_ESCALATION,
): { level: number; rule: EscalationRule | null; count: number } {
  let best: { level: number; rule: EscalationRule | null; count: number } = { level: 0, rule: null, count: 0 };
  for (const rule of rules) {
    const since = now.getTime() - rule.days * DAY;
    const count = breachTimes.filter((t) => t.getTime() > since && t <= now).length;
    if (count >= rule.breaches && rule.level > best.level) best = { level: rule.level, rule, count };
  }
  return best;
}

/** Breaches within each rolling window the team view shows (15, 21 and 30 days by default). */
export function breachCounts(breachTimes: Date[], now: Date, rules: EscalationRule[] = DEFAULT_ESCALATION) {
  return rules.map((r) => ({ days: r.days, count: breachTimes.filter((t) => t.getTime() > now.getTime() - r.days * DAY && t <= now).length }));
}

/**
 * Whether a breach at `level` stores a new notice: not while the agent has one still unread at
 * that level or above (a fifth breach at level 3 is the same news, not a second banner).
 */
export const noticeNeeded = (level: number, unacknowledgedLevels: number[]): boolean => level >= 1 && !unacknowledgedLevels.some((l) => l >= level);
