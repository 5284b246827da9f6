import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import en from '../../client/locales/en'
import enDashboard from '../../client/locales/en/dashboard'
import enStaff from '../../client/locales/en/staff'
import vi from '../../client/locales/vi'
import viAdmin from '../../client/locales/vi/admin'
import viDashboard from '../../client/locales/vi/dashboard'
import viStaff from '../../client/locales/vi/staff'

// The texts that come from shared/messages/ must read exactly as they did when they were written here.
const i18n = createI18n({
  legacy: false,
  locale: 'vi',
  messages: {
    vi: { ...vi, admin: viAdmin, staff: viStaff, dashboard: viDashboard },
    en: { ...en, staff: enStaff, dashboard: enDashboard },
  },
})
const t = (locale: 'vi' | 'en', key: string, named: Record<string, unknown> = {}) => i18n.global.t(key, named, { locale })

describe('client messages taken from shared/messages', () => {
  it('reads the first screen as before, placeholders filled', () => {
    expect(t('vi', 'app.name')).toBe('Hài lòng')
    expect(t('vi', 'app.switchTo')).toBe('English')
    expect(t('en', 'app.switchToLabel')).toBe('Chuyển sang tiếng Việt')
    expect(t('vi', 'survey.unit', { name: 'Phòng Lãnh sự' })).toBe('Đơn vị phụ trách: Phòng Lãnh sự')
    expect(t('en', 'survey.unit', { name: 'Consular Office' })).toBe('Responsible unit: Consular Office')
  })

  it('reads the figures as before', () => {
    expect(t('vi', 'stats.levels.unsatisfied')).toBe('Không hài lòng')
    expect(t('en', 'stats.table.total')).toBe('Total')
    expect(t('vi', 'admin.questionnaires.levels.very_satisfied')).toBe('Rất hài lòng')
    expect(t('vi', 'staff.summary.levels.at_least_90')).toBe('Từ 90% đúng hạn (1 điểm)')
    expect(t('vi', 'staff.summary.levels.none')).toBe('Chưa có số liệu')
    expect(t('en', 'dashboard.feedback.indicator8')).toBe('Indicator 8 (feedback handled on time)')
    expect(t('en', 'dashboard.feedback.indicator8Levels.below_90')).toBe('Below 90% on time, or items overdue (0 points)')
  })
})
