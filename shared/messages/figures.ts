import type { LocalizedText } from '../i18n-text'
import type { SatisfactionLevel } from '../levels'
import type { FeedbackSummary } from '../staff-feedback'

/**
 * What the satisfaction and feedback figures are called, alike on the dashboard, in the staff summary and in
 * the period report (workbook, CSV, printable page), so that a figure has one name wherever it is read.
 */

export const SATISFACTION_LEVEL_LABELS: Readonly<Record<SatisfactionLevel, LocalizedText>> = {
  very_satisfied: { vi: 'Rất hài lòng', en: 'Very satisfied' },
  satisfied: { vi: 'Hài lòng', en: 'Satisfied' },
  unsatisfied: { vi: 'Không hài lòng', en: 'Not satisfied' },
}

/** Official indicator 8: feedback handled on time. */
export const INDICATOR8_NAME: LocalizedText = {
  vi: 'Chỉ số 8 (xử lý phản ánh, kiến nghị đúng hạn)',
  en: 'Indicator 8 (feedback handled on time)',
}

export const INDICATOR8_LABELS: Readonly<Record<NonNullable<FeedbackSummary['indicator8']>, LocalizedText>> = {
  all_on_time: { vi: '100% đúng hạn (2 điểm)', en: '100% on time (2 points)' },
  at_least_90: { vi: 'Từ 90% đúng hạn (1 điểm)', en: 'At least 90% on time (1 point)' },
  below_90: { vi: 'Dưới 90% đúng hạn hoặc có phản ánh quá hạn (0 điểm)', en: 'Below 90% on time, or items overdue (0 points)' },
}

/** The row that adds up a table's rows. */
export const TOTAL_LABEL: LocalizedText = { vi: 'Tổng cộng', en: 'Total' }
