import type { LocalizedText } from '../i18n-text'

/**
 * The texts of /q/<counter>'s first screen. The server writes that screen into the HTML so that a phone on a
 * weak link paints it before the JavaScript arrives (server/pages/survey-shell.ts); the app then draws the
 * same screen over it (client/App.vue, pages/SurveyPage.vue). One copy, so the two cannot say different things.
 * `{name}` is a placeholder as vue-i18n writes them (client/locales/shared-text.ts).
 */
export const FIRST_SCREEN_TEXTS = {
  appName: { vi: 'Hài lòng', en: 'Hài lòng' },
  /** The language switch names the other language. */
  switchTo: { vi: 'English', en: 'Tiếng Việt' },
  switchToLabel: { vi: 'Switch to English', en: 'Chuyển sang tiếng Việt' },
  /** The unit that handles the counter's (or the chosen procedure's) dossiers. */
  unit: { vi: 'Đơn vị phụ trách: {name}', en: 'Responsible unit: {name}' },
} as const satisfies Record<string, LocalizedText>
