import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import * as v from 'valibot'
import { QuestionnaireDraft, questionnaireDraftIssue } from '../../shared/admin'
import { adminApi, type QuestionnaireKeyInfo } from '../api/admin'
import { type FieldProblems, type Problem, problemFromError, problemsFromError, problemsFromIssues } from './admin-problems'

/**
 * Questionnaire versions. A new version starts as the JSON of the active one (without its number, which
 * the server assigns), edited as text; it is checked with the server's schema and usability rules before
 * it is sent. Publishing makes it the active version; an older one can be made active again.
 */
export const useAdminQuestionnairesStore = defineStore('admin-questionnaires', () => {
  const keys = shallowRef<QuestionnaireKeyInfo[]>([])
  const loading = ref(false)
  const problem = shallowRef<Problem | null>(null)
  /** The key whose new version is being edited, and its text. */
  const editing = ref<string | null>(null)
  const text = ref('')
  const problems = shallowRef<FieldProblems>({})
  const published = ref<number | null>(null)

  async function load(): Promise<void> {
    loading.value = true
    problem.value = null
    try {
      keys.value = await adminApi.questionnaires()
    } catch (error) {
      problem.value = problemFromError(error)
    } finally {
      loading.value = false
    }
  }

  /** Starts a new version of `key` from a copy of its active (or latest) version. */
  async function startEdit(key: string): Promise<void> {
    const info = keys.value.find((k) => k.key === key)
    const from = info?.activeVersion ?? info?.versions.at(-1)?.version
    if (from === undefined) return
    problems.value = {}
    published.value = null
    try {
      const { version: _version, ...definition } = await adminApi.questionnaireVersion(key, from)
      editing.value = key
      text.value = JSON.stringify(definition, null, 2)
    } catch (error) {
      problems.value = problemsFromError(error)
    }
  }

  function cancelEdit(): void {
    editing.value = null
    text.value = ''
    problems.value = {}
  }

  /** The draft as the server would read it, or the problems with it by path. */
  function check(): { draft: QuestionnaireDraft } | { problems: FieldProblems } {
    let json: unknown
    try {
      json = JSON.parse(text.value)
    } catch (error) {
      return { problems: { '': { code: 'json', message: (error as Error).message, path: '' } } }
    }
    const parsed = v.safeParse(QuestionnaireDraft, json)
    if (!parsed.success) return { problems: problemsFromIssues(parsed.issues) }
    const issue = questionnaireDraftIssue(parsed.output)
    if (issue) return { problems: { [issue.path]: { code: 'invalid', message: issue.message, path: issue.path } } }
    return { draft: parsed.output }
  }

  async function publish(): Promise<boolean> {
    const checked = check()
    if ('problems' in checked) {
      problems.value = checked.problems
      return false
    }
    problems.value = {}
    try {
      const stored = await adminApi.publishQuestionnaire(checked.draft)
      published.value = stored.version
      editing.value = null
      text.value = ''
      await load()
      return true
    } catch (error) {
      problems.value = problemsFromError(error)
      return false
    }
  }

  async function activate(key: string, version: number): Promise<Problem | null> {
    try {
      const info = await adminApi.activateQuestionnaire(key, version)
      keys.value = keys.value.map((k) => (k.key === key ? info : k))
      return null
    } catch (error) {
      return problemFromError(error)
    }
  }

  return { keys, loading, problem, editing, text, problems, published, load, startEdit, cancelEdit, check, publish, activate }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAdminQuestionnairesStore, import.meta.hot))
