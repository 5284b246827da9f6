import type vi from '../vi/app'
import { FIRST_SCREEN_TEXTS } from '../../../shared/messages/first-screen'
import { sharedText } from '../shared-text'

const en: typeof vi = {
  app: {
    name: sharedText(FIRST_SCREEN_TEXTS.appName, 'en'),
    language: 'Language',
    switchTo: sharedText(FIRST_SCREEN_TEXTS.switchTo, 'en'),
    switchToLabel: sharedText(FIRST_SCREEN_TEXTS.switchToLabel, 'en'),
    demo: 'Demo data',
    loading: 'Loading…',
    updateReady: 'A new version of the app is available.',
    updateNow: 'Update',
    updateKeeps: 'Everything you have sent is kept.',
  },
  home: {
    title: 'Satisfaction survey',
    intro: 'Scan the QR code at the counter to rate how your administrative procedure was handled.',
    counters: 'Counters',
    stats: 'Satisfaction statistics',
    publicResults: 'Public satisfaction results',
  },
  errors: {
    title: 'The rating page could not open',
    unknownCounterTitle: 'Counter not found',
    network: 'Could not reach the server. Please try again.',
    unknownCounter: 'Counter “{code}” was not found. Please scan the QR code at the counter again.',
    offlineNoCatalog: 'You are offline and this device has no saved catalog yet. Please connect and try again.',
    noQuestionnaire: 'This counter has no rating form yet. Please tell the staff at the counter.',
    retry: 'Try again',
  },
}
export default en
