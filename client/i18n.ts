import { createI18n } from 'vue-i18n'
import type vi from './locales/vi'
import app from './locales/vi/app'
import survey from './locales/vi/survey'

export type Locale = 'vi' | 'en'
type Messages = typeof vi
const STORAGE_KEY = 'hailong.locale'

/**
 * Only what the citizen page needs is in the first paint: the Vietnamese texts without the statistics
 * page's. Those follow at once on a chunk of their own, well before any statistics page can render (should
 * they ever come later, its texts appear when they arrive: the messages are reactive). English is fetched
 * when chosen, or after the page has loaded so that the switch answers at once.
 */
export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: 'vi',
  fallbackLocale: 'vi',
  messages: { vi: { ...app, survey } } as Record<Locale, Messages>,
})

const load: Record<Locale, () => Promise<unknown>> = {
  vi: () => import('./locales/vi/stats').then((m) => i18n.global.mergeLocaleMessage('vi', { stats: m.default })),
  en: () => import('./locales/en').then((m) => i18n.global.setLocaleMessage('en', m.default)),
}
const loading = new Map<Locale, Promise<unknown>>()

let feedbackMessages: Promise<unknown> | undefined
/**
 * The Vietnamese texts of the feedback form and the tracking page, fetched with those pages' own chunks
 * (the router waits for both), never in the first paint. English carries them in its one chunk; Vietnamese
 * is loaded in either language, since it is the fallback.
 */
export function ensureFeedbackMessages(): Promise<unknown> {
  feedbackMessages ??= Promise.all([import('./locales/vi/feedback'), import('./locales/vi/track')]).then(
    ([feedback, track]) => i18n.global.mergeLocaleMessage('vi', { feedback: feedback.default, track: track.default }),
    (error: unknown) => {
      feedbackMessages = undefined
      throw error
    },
  )
  return feedbackMessages
}

function ensureMessages(locale: Locale): Promise<unknown> {
  let pending = loading.get(locale)
  if (!pending) {
    pending = load[locale]()
    // A failed fetch (flaky network) is tried again next time.
    pending.catch(() => loading.delete(locale))
    loading.set(locale, pending)
  }
  return pending
}

function savedLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY)
  return saved === 'en' || saved === 'vi' ? saved : 'vi'
}

let adminMessages: Promise<void> | null = null

/**
 * The administration pages' texts, both languages, fetched when one of those pages opens (the router awaits
 * it). English is merged after its own bundle, which would otherwise replace it when it arrives.
 */
export function loadAdminMessages(): Promise<void> {
  adminMessages ??= Promise.all([ensureMessages('en'), import('./locales/vi/admin'), import('./locales/en/admin')]).then(([, vi, en]) => {
    i18n.global.mergeLocaleMessage('vi', { admin: vi.default } as never)
    i18n.global.mergeLocaleMessage('en', { admin: en.default } as never)
  })
  adminMessages.catch(() => (adminMessages = null))
  return adminMessages
}

let staffMessages: Promise<void> | null = null

/** The staff pages' texts (sign-in, inbox, item), both languages, fetched as for the administration pages. */
export function loadStaffMessages(): Promise<void> {
  staffMessages ??= Promise.all([ensureMessages('en'), import('./locales/vi/staff'), import('./locales/en/staff')]).then(([, vi, en]) => {
    i18n.global.mergeLocaleMessage('vi', { staff: vi.default } as never)
    i18n.global.mergeLocaleMessage('en', { staff: en.default } as never)
  })
  staffMessages.catch(() => (staffMessages = null))
  return staffMessages
}

let dashboardMessages: Promise<void> | null = null

/**
 * The leadership dashboard's texts, both languages, fetched as for the staff pages; with the statistics
 * page's (levels, tables), which the dashboard reuses.
 */
export function loadDashboardMessages(): Promise<void> {
  dashboardMessages ??= Promise.all([ensureMessages('en'), ensureMessages('vi'), import('./locales/vi/dashboard'), import('./locales/en/dashboard')]).then(([, , vi, en]) => {
    i18n.global.mergeLocaleMessage('vi', { dashboard: vi.default } as never)
    i18n.global.mergeLocaleMessage('en', { dashboard: en.default } as never)
  })
  dashboardMessages.catch(() => (dashboardMessages = null))
  return dashboardMessages
}

export async function setLocale(locale: Locale): Promise<void> {
  try {
    if (!i18n.global.availableLocales.includes(locale)) await ensureMessages(locale)
  } catch (error) {
    // The page stays in the language it is in.
    console.error(`i18n: cannot load the ${locale} messages`, error)
    return
  }
  i18n.global.locale.value = locale
  localStorage.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
}

void ensureMessages('vi').catch((error: unknown) => console.error('i18n: cannot load the statistics texts', error))
if (savedLocale() === 'en') void setLocale('en')
else window.addEventListener('load', () => void ensureMessages('en').catch(() => {}))
