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
