import type { LocalizedText } from './i18n-text'

/**
 * The bands of the 0–18 official score (DOMAIN.md; verify against the province's current plan). The usual
 * copy ("> 15 Xuất sắc, 12–15 Tốt, 9–12 Khá, …") leaves 15 and each shared end ambiguous, so each band here
 * says which ends it holds: a band holds scores ≥ `from` (or > `from` when `fromExclusive`), and the first
 * band from the top that holds the score wins.
 */
export interface ScoreBand {
  key: 'excellent' | 'good' | 'fair' | 'average' | 'weak'
  from: number
  fromExclusive: boolean
  label: LocalizedText
}

export const MAX_OFFICIAL_SCORE = 18

export const SCORE_BANDS: readonly ScoreBand[] = [
  { key: 'excellent', from: 15, fromExclusive: true, label: { vi: 'Xuất sắc', en: 'Excellent' } },
  { key: 'good', from: 12, fromExclusive: false, label: { vi: 'Tốt', en: 'Good' } },
  { key: 'fair', from: 9, fromExclusive: false, label: { vi: 'Khá', en: 'Fair' } },
  { key: 'average', from: 6, fromExclusive: false, label: { vi: 'Trung bình', en: 'Average' } },
  { key: 'weak', from: 0, fromExclusive: false, label: { vi: 'Yếu', en: 'Weak' } },
]

/** The band of a score on the 0–18 scale. */
export function bandOf(score: number, bands: readonly ScoreBand[] = SCORE_BANDS): ScoreBand {
  const band = bands.find((b) => (b.fromExclusive ? score > b.from : score >= b.from))
  return band ?? bands[bands.length - 1]!
}

/**
 * A mean score over the questions asked, put on the 0–18 scale: the citizen answers six of the nine
 * indicators (at most 12 points), so the mean is scaled by 18 ÷ its own maximum. Null without scored forms.
 */
export function onOfficialScale(meanScore: number | null, meanMaxScore: number | null): number | null {
  if (meanScore === null || meanMaxScore === null || meanMaxScore <= 0) return null
  return Math.round((meanScore / meanMaxScore) * MAX_OFFICIAL_SCORE * 100) / 100
}
