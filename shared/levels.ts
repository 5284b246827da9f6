/** The official three-level perception scale (Nghị định 61/2018, Thông tư 01/2018). */
export const SATISFACTION_LEVELS = ['very_satisfied', 'satisfied', 'unsatisfied'] as const
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number]

export function isSatisfactionLevel(value: unknown): value is SatisfactionLevel {
  return typeof value === 'string' && (SATISFACTION_LEVELS as readonly string[]).includes(value)
}
