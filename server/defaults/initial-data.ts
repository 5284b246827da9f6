import type { InitialData } from '../store/initial-data'
import { DEFAULT_AGENCY } from './agency'
import { DEFAULT_QUESTIONNAIRES } from './questionnaires'

/** What every start loads (Store.loadInitialData): the agency while none is stored, the questionnaire versions a database lacks. */
export const DEFAULT_DATA: InitialData = { agency: DEFAULT_AGENCY, questionnaires: DEFAULT_QUESTIONNAIRES }
