import { createI18n } from 'vue-i18n'
import en from './locales/en'
import vi from './locales/vi'

export type Locale = 'vi' | 'en'
const STORAGE_KEY = 'hailong.locale'

function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY)
  return saved === 'en' || saved === 'vi' ? saved : 'vi'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'vi',
  messages: { vi, en },
})

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  localStorage.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
}
