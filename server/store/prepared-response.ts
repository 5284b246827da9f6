import type { SatisfactionLevel } from '../../shared/levels'
import type { AnswerScore } from '../../shared/scoring'
import type { Channel } from '../../shared/channels'

/** A response checked against the catalog and its questionnaire version, scored, ready to store. */
export interface PreparedResponse {
  id: string
  counterCode: string
  unitCode: string
  procedureCode: string | null
  dossier: string | null
  questionnaireKey: string
  questionnaireVersion: number
  level: SatisfactionLevel | null
  score: number | null
  maxScore: number | null
  answers: (AnswerScore & { maxPoints: number | null })[]
  lang: 'vi' | 'en'
  /** Decided by the route the response came through, never by the sender (shared/channels.ts). */
  channel: Channel
  submittedAt: number
  receivedAt: number
  /** When the rating counts: the device's time, but never later than arrival. */
  ratedAt: number
  localDay: string
  weekStart: string
  hour: number
  weekday: number
  /** The validated content as stable JSON; the writer stores its hash, which a resent id must match. */
  payload: string
}
