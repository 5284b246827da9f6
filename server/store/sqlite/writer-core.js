// Plain JavaScript on purpose: the writer thread (writer-worker.js) loads this file, and on Node 20 a
// worker thread cannot get tsx's loader (execArgv `--import` is ignored for workers there). Types for the
// TypeScript side are in writer-core.d.ts.

/**
 * Settings every connection to the database uses, the store's own and the writer thread's.
 * @param {import('better-sqlite3').Database} db
 */
export function configure(db) {
  db.pragma('journal_mode = WAL')
  // FULL (not NORMAL) in WAL mode: every commit is fsynced, so an acknowledged response survives a power cut.
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
}

/**
 * The one transaction that stores responses: idempotent by id (same hash → duplicate, other hash →
 * conflict), one response per dossier, results in the order given. It runs on the writer thread, or in
 * process for an in-memory database, which a second thread cannot open.
 * @param {import('better-sqlite3').Database} db
 */
export function responseWriter(db) {
  /** @type {import('better-sqlite3').Statement<[string], { hash: string }>} */
  const findById = db.prepare('SELECT hash FROM responses WHERE id = ?')
  /** @type {import('better-sqlite3').Statement<[string], { id: string }>} */
  const findByDossier = db.prepare('SELECT id FROM responses WHERE dossier = ?')
  const insertResponse = db.prepare(`
    INSERT INTO responses (id, hash, counter_code, unit_code, procedure_code, dossier, questionnaire_key,
      questionnaire_version, level, score, max_score, lang, submitted_at, received_at, rated_at, local_day,
      week_start, hour, weekday, payload)
    VALUES (@id, @hash, @counterCode, @unitCode, @procedureCode, @dossier, @questionnaireKey,
      @questionnaireVersion, @level, @score, @maxScore, @lang, @submittedAt, @receivedAt, @ratedAt, @localDay,
      @weekStart, @hour, @weekday, @payload)`)
  const insertAnswer = db.prepare(`
    INSERT INTO response_answers (response_id, questionnaire_key, question_id, value, points, max_points, level, local_day)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)

  return db.transaction((/** @type {import('../../domain/prepare-response').PreparedResponse[]} */ items) =>
    items.map((item) => {
      const existing = findById.get(item.id)
      if (existing) return existing.hash === item.hash ? 'duplicate' : 'conflict'
      if (item.dossier && findByDossier.get(item.dossier)) return 'dossier_already_rated'
      const { answers, ...row } = item
      insertResponse.run(row)
      for (const a of answers) insertAnswer.run(item.id, item.questionnaireKey, a.questionId, a.value, a.points, a.maxPoints, a.level, item.localDay)
      return 'stored'
    }),
  )
}
