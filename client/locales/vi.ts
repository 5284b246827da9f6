import app from './vi/app'
import feedback from './vi/feedback'
import kiosk from './vi/kiosk'
import stats from './vi/stats'
import survey from './vi/survey'
import track from './vi/track'

/** Vietnamese, the default language. One file per page under vi/; en/ mirrors each one's shape exactly. */
export default { ...app, survey, stats, feedback, track, kiosk }
