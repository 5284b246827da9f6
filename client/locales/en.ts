import app from './en/app'
import feedback from './en/feedback'
import kiosk from './en/kiosk'
import stats from './en/stats'
import survey from './en/survey'
import track from './en/track'
import type vi from './vi'

const en: typeof vi = { ...app, survey, stats, feedback, track, kiosk }
export default en
