import type { DeadlineConfig, DeadlineRule } from '../../shared/petition-types'
import type { DaySpan } from '../../shared/working-days'

const working = (days: number): DaySpan => ({ days, unit: 'working' })
const calendar = (days: number): DaySpan => ({ days, unit: 'calendar' })

/** A petition type's default time limits, and the law they come from in both languages. */
function limits(spans: Omit<DeadlineRule, 'basis'>, vi: string, en: string): DeadlineRule {
  return { ...spans, basis: { vi, en } }
}

/**
 * Default time limits per petition type (../shared/DOMAIN.md). Where the law's "days" could be read as
 * working or calendar days, the default takes calendar days: the earlier deadline, so meeting it meets
 * either reading.
 */
export const DEFAULT_DEADLINES: DeadlineConfig = {
  rules: {
    // Sources disagree (15 working days, or 20 days up to 60 when complex): the department decides.
    feedback: limits({ accept: null, resolve: working(15), resolveComplex: null, resolveFrom: 'receipt' },
      'Nghị định 20/2008/NĐ-CP (sửa đổi bởi Nghị định 92/2017/NĐ-CP): trả lời trong 15 ngày làm việc (theo quy định của Sở)',
      'Decree 20/2008 (amended by Decree 92/2017): answer within 15 working days (department setting)'),
    complaint: limits({ accept: calendar(10), resolve: calendar(30), resolveComplex: calendar(45), resolveFrom: 'acceptance' },
      'Luật Khiếu nại 2011, Điều 27–28: thụ lý trong 10 ngày; giải quyết trong 30 ngày kể từ ngày thụ lý (45 ngày nếu phức tạp)',
      'Law on Complaints 2011, art. 27–28: accept within 10 days; decide within 30 days of acceptance (45 if complex)'),
    // The law allows one extension of 30 days for a complex case (two for a very complex one).
    denunciation: limits({ accept: working(7), resolve: calendar(30), resolveComplex: calendar(60), resolveFrom: 'acceptance' },
      'Luật Tố cáo 2018, Điều 29–30: thụ lý trong 7 ngày làm việc; giải quyết trong 30 ngày kể từ ngày thụ lý (gia hạn 30 ngày nếu phức tạp) (cần xác minh)',
      'Law on Denunciations 2018, art. 29–30: accept within 7 working days; resolve within 30 days of acceptance (extended by 30 if complex) (verify)'),
  },
  overrides: [],
}
