import { createI18n } from 'vue-i18n'
import { afterFirstInteraction } from './main-thread'
import type vi from './locales/vi'
import app from './locales/vi/app'
import survey from './locales/vi/survey'

export type Locale = 'vi' | 'en'
type Messages = typeof vi
const STORAGE_KEY = 'hailong.locale'

/**
 * Only what the citizen page needs is in the first paint: the Vietnamese texts without the statistics
 * page's, which come with that page (the router waits for them). English is fetched when chosen, or once the
 * citizen starts using the page, in idle time, so that the switch answers at once without the phone
 * evaluating a language nobody may choose while the page starts.
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

let kioskMessages: Promise<unknown> | undefined
/** The counter kiosk's Vietnamese texts, with its page's chunk (English carries them in its one chunk). */
export function ensureKioskMessages(): Promise<unknown> {
  kioskMessages ??= import('./locales/vi/kiosk').then(
    (kiosk) => i18n.global.mergeLocaleMessage('vi', { kiosk: kiosk.default }),
    (error: unknown) => {
      kioskMessages = undefined
      throw error
    },
  )
  return kioskMessages
}

/** A locale's bundle: English (all its texts but the staff areas'), or the Vietnamese statistics texts. */
export function ensureMessages(locale: Locale): Promise<unknown> {
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

if (savedLocale() === 'en') void setLocale('en')
else afterFirstInteraction(() => void ensureMessages('en').catch(() => {}))
