import type { DeadlineConfig } from '../../shared/petition-types'

/**
 * Default time limits per petition type (../shared/DOMAIN.md). Where the law's "days" could be read as
 * working or calendar days, the default takes calendar days: the earlier deadline, so meeting it meets
 * either reading.
 */
export const DEFAULT_DEADLINES: DeadlineConfig = {
  rules: {
    feedback: {
      accept: null,
      // Sources disagree (15 working days, or 20 days up to 60 when complex): the department decides.
      resolve: { days: 15, unit: 'working' },
      resolveComplex: null,
      resolveFrom: 'receipt',
      basis: {
        vi: 'Nghị định 20/2008/NĐ-CP (sửa đổi bởi Nghị định 92/2017/NĐ-CP): trả lời trong 15 ngày làm việc (theo quy định của Sở)',
        en: 'Decree 20/2008 (amended by Decree 92/2017): answer within 15 working days (department setting)',
      },
    },
    complaint: {
      accept: { days: 10, unit: 'calendar' },
      resolve: { days: 30, unit: 'calendar' },
      resolveComplex: { days: 45, unit: 'calendar' },
      resolveFrom: 'acceptance',
      basis: {
        vi: 'Luật Khiếu nại 2011, Điều 27–28: thụ lý trong 10 ngày; giải quyết trong 30 ngày kể từ ngày thụ lý (45 ngày nếu phức tạp)',
        en: 'Law on Complaints 2011, art. 27–28: accept within 10 days; decide within 30 days of acceptance (45 if complex)',
      },
    },
    denunciation: {
      accept: { days: 7, unit: 'working' },
      resolve: { days: 30, unit: 'calendar' },
      // The law allows one extension of 30 days for a complex case (two for a very complex one).
      resolveComplex: { days: 60, unit: 'calendar' },
      resolveFrom: 'acceptance',
      basis: {
        vi: 'Luật Tố cáo 2018, Điều 29–30: thụ lý trong 7 ngày làm việc; giải quyết trong 30 ngày kể từ ngày thụ lý (gia hạn 30 ngày nếu phức tạp) (cần xác minh)',
        en: 'Law on Denunciations 2018, art. 29–30: accept within 7 working days; resolve within 30 days of acceptance (extended by 30 if complex) (verify)',
      },
    },
  },
  overrides: [],
}
