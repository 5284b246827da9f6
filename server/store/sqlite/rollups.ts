import type Database from 'better-sqlite3'
import type { Row } from './writer-core'

type Sums = Map<string, (string | number)[]>

/**
 * The statistics rollups (migration 5, by channel since migration 18) for a group of newly stored responses, added in the transaction that
 * stores them. They were kept by one trigger run per response and per answer; a group of responses mostly
 * shares its day, unit, counter and level, so one upsert per distinct key does the same work for the whole
 * group. That was about a fifth of the CPU a stored response cost under load.
 */
export function rollupWriter(db: Database.Database): (stored: Row[]) => void {
  const addResponses = db.prepare(`
    INSERT INTO response_rollup (local_day, unit_code, counter_code, procedure_code, level, channel, responses, scored, score_sum,
      max_count, max_sum)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET responses = responses + excluded.responses, scored = scored + excluded.scored,
      score_sum = score_sum + excluded.score_sum, max_count = max_count + excluded.max_count, max_sum = max_sum + excluded.max_sum`)
  const addHours = db.prepare(`
    INSERT INTO response_hour_rollup (local_day, unit_code, counter_code, channel, weekday, hour, responses, unsatisfied)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET responses = responses + excluded.responses, unsatisfied = unsatisfied + excluded.unsatisfied`)
  const addAnswers = db.prepare(`
    INSERT INTO answer_rollup (local_day, unit_code, counter_code, procedure_code, channel, questionnaire_key, question_id, level,
      answers, responses, points_count, points_sum, max_count, max_sum)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET answers = answers + excluded.answers, responses = responses + excluded.responses,
      points_count = points_count + excluded.points_count, points_sum = points_sum + excluded.points_sum,
      max_count = max_count + excluded.max_count, max_sum = max_sum + excluded.max_sum`)

  return (rows) => {
    const responses: Sums = new Map()
    const hours: Sums = new Map()
    const answers: Sums = new Map()
    const asked = new Set<string>()
    for (const row of rows) {
      const [, counter, unit, procedureCode, , questionnaireKey, , levelOrNull, score, maxScore, , , , , day, , hour, weekday, , channel, flat] = row
      const procedure = procedureCode ?? ''
      const level = levelOrNull ?? ''
      const place = `${day}\n${unit}\n${counter}\n${channel}`
      tally(responses, `${place}\n${procedure}\n${level}`, [day, unit, counter, procedure, level, channel],
        1, score === null ? 0 : 1, score ?? 0, maxScore === null ? 0 : 1, maxScore ?? 0)
      tally(hours, `${place}\n${hour}`, [day, unit, counter, channel, weekday, hour], 1, levelOrNull === 'unsatisfied' ? 1 : 0)
      // A question answered with several options has a row per option; the response counts once, on the first.
      asked.clear()
      for (let i = 0; i < flat.length; i += 5) {
        const question = flat[i] as string
        const points = flat[i + 2] as number | null
        const maxPoints = flat[i + 3] as number | null
        const answerLevel = (flat[i + 4] as string | null) ?? ''
        const first = !asked.has(question)
        asked.add(question)
        tally(answers, `${place}\n${procedure}\n${questionnaireKey}\n${question}\n${answerLevel}`,
          [day, unit, counter, procedure, channel, questionnaireKey, question, answerLevel],
          1, first ? 1 : 0, points === null ? 0 : 1, points ?? 0, maxPoints === null ? 0 : 1, maxPoints ?? 0)
      }
    }
    for (const values of responses.values()) addResponses.run(values)
    for (const values of hours.values()) addHours.run(values)
    for (const values of answers.values()) addAnswers.run(values)
  }
}

/** Adds `counts` to the sums kept under `key`, a row of the key's column values followed by the sums. */
function tally(sums: Sums, key: string, columns: (string | number)[], ...counts: number[]): void {
  const values = sums.get(key)
  if (values === undefined) {
    sums.set(key, columns.concat(counts))
    return
  }
  for (let i = 0; i < counts.length; i++) values[columns.length + i] = (values[columns.length + i] as number) + (counts[i] as number)
}
