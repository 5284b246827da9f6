import { ensureMessages, i18n, type Locale } from './i18n'

type Texts = Promise<{ default: unknown }>

/**
 * One staff area's texts, both languages, fetched when one of its pages opens (the router awaits them), never
 * with the citizen page. English is merged after its own bundle (`needs`), which would otherwise replace it
 * when it arrives.
 */
function areaMessages(area: 'admin' | 'staff' | 'dashboard', vi: () => Texts, en: () => Texts, needs: Locale[] = ['en']): () => Promise<void> {
  let loading: Promise<void> | null = null
  return () => {
    loading ??= Promise.all([vi(), en(), ...needs.map((locale) => ensureMessages(locale))]).then(([viTexts, enTexts]) => {
      i18n.global.mergeLocaleMessage('vi', { [area]: viTexts.default } as never)
      i18n.global.mergeLocaleMessage('en', { [area]: enTexts.default } as never)
    })
    loading.catch(() => (loading = null))
    return loading
  }
}

/** The administration pages' texts. */
export const loadAdminMessages = areaMessages('admin', () => import('./locales/vi/admin'), () => import('./locales/en/admin'))
/** The staff pages' texts (sign-in, inbox, item). */
export const loadStaffMessages = areaMessages('staff', () => import('./locales/vi/staff'), () => import('./locales/en/staff'))
/** The leadership dashboard's texts, with the statistics texts (levels, tables) of both bundles, which it reuses. */
export const loadDashboardMessages = areaMessages('dashboard', () => import('./locales/vi/dashboard'), () => import('./locales/en/dashboard'), ['en', 'vi'])

/** Each area's texts by name: the staff menu names pages of every area its reader may use (role-pages.ts). */
export const loadAreaMessages = { staff: loadStaffMessages, dashboard: loadDashboardMessages, admin: loadAdminMessages }
