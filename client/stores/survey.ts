import { acceptHMRUpdate, defineStore } from 'pinia'
import { uuidv7 } from 'uuidv7'
import { computed, ref, shallowRef } from 'vue'
import type { Lang } from '../../shared/i18n-text'
import { isAsked, requiresDossier, validateAnswers, type AnswerIssue, type Answers, type AnswerValue } from '../../shared/answers'
import type { Questionnaire } from '../../shared/questionnaire'
import type { ResponseIn } from '../../shared/response'
import { useOutboxStore, type SubmitOutcome } from './outbox'

const DRAFT_PREFIX = 'hailong.draft.'

/** The dossier part is only trimmed and upper-cased, like the schema does, so it is known before the check loads. */
function draftKey(counter: string, procedure: string, dossier: string): string {
  return `${DRAFT_PREFIX}${counter}|${procedure}|${dossier.trim().toUpperCase()}`
}

/**
 * The form's id lives in this tab's sessionStorage: a reload of the tab (or a resend, a double tap) sends the
 * same id, and the outbox and the server keep one response; another tab is another form, with its own id.
 */
function draftId(key: string): string {
  const saved = readDraft(key)
  if (saved) return saved
  const id = uuidv7()
  try {
    sessionStorage.setItem(key, id)
  } catch {
    // Storage disabled: the id still holds for this page.
  }
  return id
}

function readDraft(key: string): string | null {
  try {
    return sessionStorage.getItem(key)
  } catch {
    return null
  }
}

/** Spent the moment the rating is in the outbox: the next form in this tab gets a new id. */
function spendDraft(key: string, id: string): void {
  try {
    if (sessionStorage.getItem(key) === id) sessionStorage.removeItem(key)
  } catch {
    // Nothing was kept, nothing to spend.
  }
}

/** Builds before 12/2026 kept one id per counter in localStorage, shared by every tab: drop what they left. */
function forgetSharedDrafts(): void {
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const key = localStorage.key(i)
      if (key?.startsWith(DRAFT_PREFIX)) localStorage.removeItem(key)
    }
  } catch {
    // Storage disabled: nothing was left.
  }
}

/** The dossier code as the server will store it, or null when it is not a valid code. */
type DossierCheck = (input: string) => string | null

/**
 * The shared schema, loaded after the first paint and run through its Standard Schema interface: importing
 * valibot here would move every valibot function the lazily loaded outbox uses into the entry chunk.
 */
function loadDossierCheck(): Promise<DossierCheck> {
  return import('../../shared/response').then(({ DossierCode }) => (input) => {
    const result = DossierCode['~standard'].validate(input)
    return 'value' in result && typeof result.value === 'string' && !result.issues ? result.value : null
  })
}

function afterLoad(run: () => void): void {
  if (document.readyState === 'complete') setTimeout(run, 0)
  else window.addEventListener('load', run, { once: true })
}

function isEmpty(value: AnswerValue | undefined): boolean {
  return value === undefined || value.length === 0
}

/**
 * Only what is asked is sent: a follow-up that no longer applies (the citizen changed "Không hài lòng" to
 * "Hài lòng") is dropped, and so is anything hanging off it, until nothing changes.
 */
function askedAnswers(questionnaire: Questionnaire, raw: Answers): Answers {
  let answers: Answers = {}
  for (const question of questionnaire.questions) {
    const value = raw[question.id]
    const cleaned = typeof value === 'string' ? (question.type === 'text' ? value.trim() : value) : value && [...value]
    if (!isEmpty(cleaned)) answers[question.id] = cleaned!
  }
  for (let changed = true; changed; ) {
    const kept: Answers = {}
    for (const question of questionnaire.questions) {
      if (question.id in answers && isAsked(question, answers)) kept[question.id] = answers[question.id]!
    }
    changed = Object.keys(kept).length !== Object.keys(answers).length
    answers = kept
  }
  return answers
}

export interface DraftStart {
  counter: string
  questionnaire: Questionnaire
  procedure: string
  dossier: string
}

/** The citizen's rating in progress, its validation and what happened when it was sent. */
export const useSurveyStore = defineStore('survey', () => {
  const counter = ref('')
  /** Kept as started: a catalog refreshed mid-answer must not swap the questions under the citizen's thumb. */
  const questionnaire = shallowRef<Questionnaire | null>(null)
  const answers = ref<Answers>({})
  const procedure = ref('')
  const dossier = ref('')
  const attempted = ref(false)
  const submitting = ref(false)
  const saveFailed = ref(false)
  const outcome = ref<SubmitOutcome | null>(null)
  /** The dossier the outcome is about, for the thank-you screen. */
  const sentDossier = ref('')
  let origin = ''
  let opened = { key: '', id: '' }
  let fromUrl = { procedure: '', dossier: '' }
  const dossierCheck = shallowRef<DossierCheck | null>(null)
  let dossierCheckLoad: Promise<DossierCheck> | null = null
  function checkDossier(): Promise<DossierCheck> {
    dossierCheckLoad ??= loadDossierCheck().then(
      (check) => (dossierCheck.value = check),
      (error: unknown) => {
        dossierCheckLoad = null
        throw error
      },
    )
    return dossierCheckLoad
  }

  const given = computed<Answers>(() => (questionnaire.value ? askedAnswers(questionnaire.value, answers.value) : {}))
  const asked = computed(() => questionnaire.value?.questions.filter((q) => isAsked(q, given.value)) ?? [])
  /** '' when no code was typed; null while the check is loading or when the code is not valid. */
  const dossierCode = computed(() => (dossier.value.trim() === '' ? '' : (dossierCheck.value?.(dossier.value) ?? null)))
  /** Errors appear after the first attempt to send, then follow every change. */
  const issues = computed(() => {
    const byQuestion: Record<string, AnswerIssue['code']> = {}
    if (!attempted.value || !questionnaire.value) return byQuestion
    for (const issue of validateAnswers(questionnaire.value, given.value)) {
      const id = issue.path.replace(/^answers\./, '')
      byQuestion[id] ??= issue.code
    }
    return byQuestion
  })
  /** The official form evaluates one dossier: its code must be given (or come with the QR URL's `d=`). */
  const dossierRequired = computed(() => questionnaire.value !== null && requiresDossier(questionnaire.value))
  /** What is wrong with the dossier code, shown after the first attempt to send. */
  const dossierIssue = computed<'required' | 'invalid' | null>(() => {
    if (!attempted.value) return null
    if (dossier.value.trim() === '') return dossierRequired.value ? 'required' : null
    return dossierCheck.value !== null && dossierCode.value === null ? 'invalid' : null
  })

  function openDraft(): void {
    const key = draftKey(counter.value, procedure.value, dossier.value)
    opened = { key, id: draftId(key) }
  }

  /** Starts a draft for a counter; opening the same URL again keeps the draft in progress. */
  function begin(start: DraftStart): void {
    const from = [start.counter, start.questionnaire.key, start.questionnaire.version, start.procedure, start.dossier].join('|')
    if (from === origin && questionnaire.value) return
    origin = from
    counter.value = start.counter
    questionnaire.value = start.questionnaire
    fromUrl = { procedure: start.procedure, dossier: start.dossier }
    procedure.value = start.procedure
    dossier.value = start.dossier
    answers.value = {}
    attempted.value = false
    outcome.value = null
    saveFailed.value = false
    openDraft()
    // After the page has loaded, not before its first paint: the check only matters once the citizen sends.
    afterLoad(() => {
      void checkDossier().catch(() => {})
      forgetSharedDrafts()
    })
  }

  function answer(questionId: string, value: AnswerValue): void {
    answers.value[questionId] = value
  }

  /** Returns false when something must be fixed first (the page then moves focus to it). */
  async function submit(lang: Lang): Promise<boolean> {
    const form = questionnaire.value
    if (!form || submitting.value) return true
    attempted.value = true
    saveFailed.value = false
    submitting.value = true
    try {
      if (dossier.value.trim() !== '') await checkDossier()
      if (Object.keys(issues.value).length > 0 || dossierIssue.value) return false
      const code = dossierCode.value ?? ''
      const key = draftKey(counter.value, procedure.value, dossier.value)
      const id = key === opened.key ? opened.id : draftId(key)
      const response: ResponseIn = {
        id,
        counter: counter.value,
        ...(procedure.value ? { procedure: procedure.value } : {}),
        ...(code ? { dossier: code } : {}),
        questionnaire: { key: form.key, version: form.version },
        answers: given.value,
        lang,
        submittedAt: new Date().toISOString(),
      }
      outcome.value = await useOutboxStore().submitResponse(response, {
        onQueued: () => {
          spendDraft(key, id)
          // A later send from this page (back to the form, then send) is a new rating.
          if (opened.key === key && opened.id === id) opened = { key, id: draftId(key) }
        },
        freshId: uuidv7,
      })
      sentDossier.value = code
      // Whatever the outbox decided, this id is spent: sending it again could only be refused.
      spendDraft(key, id)
      return true
    } catch (error) {
      console.error('saving the rating failed:', error instanceof Error ? error.message : error)
      saveFailed.value = true
    } finally {
      submitting.value = false
    }
    return true
  }

  /** A fresh draft at the same counter (the next citizen, or the same one for another dossier). */
  function again(): void {
    answers.value = {}
    procedure.value = fromUrl.procedure
    dossier.value = fromUrl.dossier
    back()
  }

  /** Back to the form with the answers kept, under a new id. */
  function back(): void {
    outcome.value = null
    attempted.value = false
    openDraft()
  }

  return {
    counter, questionnaire, answers, procedure, dossier, attempted, submitting, saveFailed, outcome, sentDossier,
    given, asked, issues, dossierRequired, dossierIssue, begin, answer, submit, again, back,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSurveyStore, import.meta.hot))
