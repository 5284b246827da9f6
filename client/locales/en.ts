import app from './en/app'
import stats from './en/stats'
import survey from './en/survey'
import type vi from './vi'

const en: typeof vi = { ...app, survey, stats }
export default en
