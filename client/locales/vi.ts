import app from './vi/app'
import stats from './vi/stats'
import survey from './vi/survey'

/** Vietnamese, the default language. One file per page under vi/; en/ mirrors each one's shape exactly. */
export default { ...app, survey, stats }
