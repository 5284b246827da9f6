import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import * as v from 'valibot'
import { QuestionnaireDraft, type QuestionnaireKeyInfo } from '../../shared/admin'
import { issuePath, plainMessage } from '../../shared/api-error'
import { adminApi } from '../api/admin'
import { useAdminRequest, whileBusy } from '../composables/admin-request'
import { type DraftForm, move, newOption, newQuestion, toDraft, toForm } from '../admin/questionnaire-draft'
import { draftProblems } from '../admin/questionnaire-problems'
import { type FieldProblems, type Problem, problemFromError, problemsFromError } from '../admin/problems'

/**
 * Questionnaire versions. A new version starts as a copy of the active one (without its number, which the
 * server assigns) and is edited question by question; the JSON view is the same draft as text, for those
 * who paste a whole definition. The draft is checked with the server's schema and rules before it is
 * sent, and after a first check again on every change, so that a fixed field stops being marked at once.
 * Publishing makes it the active version; an older one can be made active again.
 */
export const useAdminQuestionnairesStore = defineStore('admin-questionnaires', () => {
  const keys = shallowRef<QuestionnaireKeyInfo[]>([])
  const { busy: loading, problem, run } = useAdminRequest()
  /** The key whose new version is being edited, the version it started from, and the draft. */
  const editing = ref<string | null>(null)
  const from = ref<number | null>(null)
  const form = ref<DraftForm | null>(null)
  const problems = shallowRef<FieldProblems>({})
  /** Checked once: from then on every change is checked again. */
  const checked = ref(false)
  const publishing = ref(false)
  const published = ref<number | null>(null)
  /** The JSON view: shown instead of the editor, its text, and what stops it from being applied. */
  const jsonOpen = ref(false)
  const jsonText = ref('')
  const jsonProblems = shallowRef<FieldProblems>({})

  const load = () => run(async () => void (keys.value = await adminApi.questionnaires()))

  function reset(): void {
    editing.value = null
    from.value = null
    form.value = null
    problems.value = {}
    checked.value = false
    jsonOpen.value = false
    jsonText.value = ''
    jsonProblems.value = {}
  }

  /** Starts a new version of `key` from a copy of its active (or latest) version. */
  async function startEdit(key: string): Promise<void> {
    const info = keys.value.find((k) => k.key === key)
    const version = info?.activeVersion ?? info?.versions.at(-1)?.version
    if (version === undefined) return
    reset()
    published.value = null
    try {
      const { version: _version, ...definition } = await adminApi.questionnaireVersion(key, version)
      editing.value = key
      from.value = version
      form.value = toForm(definition)
    } catch (error) {
      problem.value = problemFromError(error)
    }
  }

  /** Checks the draft; true when it may be sent. */
  function check(): boolean {
    if (!form.value) return false
    checked.value = true
    problems.value = draftProblems(form.value).problems
    return Object.keys(problems.value).length === 0
  }

  watch(form, () => {
    if (checked.value && form.value) problems.value = draftProblems(form.value).problems
  }, { deep: true })

  function addQuestion(): number {
    if (!form.value) return -1
    form.value.questions.push(newQuestion(form.value))
    return form.value.questions.length - 1
  }
  function removeQuestion(index: number): void {
    const question = form.value?.questions[index]
    if (!question) return
    form.value!.questions.splice(index, 1)
    if (form.value!.levelQuestion === question.id) form.value!.levelQuestion = ''
  }
  function moveQuestion(index: number, by: -1 | 1): boolean {
    return form.value ? move(form.value.questions, index, by) : false
  }
  function addOption(questionIndex: number): number {
    const question = form.value?.questions[questionIndex]
    if (!question) return -1
    question.options.push(newOption(question.options.map((o) => o.value)))
    return question.options.length - 1
  }
  function removeOption(questionIndex: number, optionIndex: number): void {
    const question = form.value?.questions[questionIndex]
    const option = question?.options[optionIndex]
    if (!question || !option) return
    question.options.splice(optionIndex, 1)
    // Follow-ups no longer asked on a value that is gone.
    for (const q of form.value!.questions) {
      if (q.showIf.question === question.id) q.showIf.anyOf = q.showIf.anyOf.filter((value) => value !== option.value)
    }
  }
  function moveOption(questionIndex: number, optionIndex: number, by: -1 | 1): boolean {
    const question = form.value?.questions[questionIndex]
    return question ? move(question.options, optionIndex, by) : false
  }

  /** Opens the JSON view on the draft as it is now. */
  function openJson(): void {
    if (!form.value) return
    jsonText.value = JSON.stringify(toDraft(form.value), null, 2)
    jsonProblems.value = {}
    jsonOpen.value = true
  }

  /**
   * Reads the JSON view back into the editor and closes it; false (and the view stays open) when the text
   * is not a definition the editor can show: not JSON, not of the schema's shape, or another key. Rules
   * such as a follow-up on a later question are left to the editor to mark, field by field.
   */
  function applyJson(): boolean {
    if (!form.value) return false
    let json: unknown
    try {
      json = JSON.parse(jsonText.value)
    } catch (error) {
      jsonProblems.value = { '': { code: 'json', message: (error as Error).message, path: '' } }
      return false
    }
    const parsed = v.safeParse(QuestionnaireDraft, json)
    if (!parsed.success) {
      const found: FieldProblems = {}
      for (const issue of parsed.issues) {
        const path = issuePath(issue)
        found[path] ??= { code: 'invalid', message: plainMessage(issue, QuestionnaireDraft), path }
      }
      jsonProblems.value = found
      return false
    }
    if (parsed.output.key !== editing.value) {
      jsonProblems.value = { key: { code: 'invalid', message: `must stay ${editing.value}`, path: 'key' } }
      return false
    }
    form.value = toForm(parsed.output)
    jsonProblems.value = {}
    jsonOpen.value = false
    return true
  }

  /** Leaves the JSON view without applying it. */
  function closeJson(): void {
    jsonOpen.value = false
    jsonProblems.value = {}
  }

  async function publish(): Promise<boolean> {
    if (jsonOpen.value && !applyJson()) return false
    if (!form.value || !check()) return false
    const { draft } = draftProblems(form.value)
    return whileBusy(publishing, async () => {
      try {
        published.value = (await adminApi.publishQuestionnaire(draft)).version
      } catch (error) {
        // The server's problem names a field by the same path the editor uses.
        problems.value = problemsFromError(error)
        return false
      }
      reset()
      await load()
      return true
    })
  }

  /** A questionnaire as people know it: the title of its active version (else its latest); the key only as a last resort. */
  function nameOf(key: string, lang: 'vi' | 'en'): string {
    const info = keys.value.find((k) => k.key === key)
    const version = info?.versions.find((one) => one.active) ?? info?.versions.at(-1)
    return version?.title[lang] || key
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

  return {
    keys, loading, problem, editing, from, form, problems, checked, publishing, published, jsonOpen, jsonText, jsonProblems,
    load, startEdit, cancelEdit: reset, check, addQuestion, removeQuestion, moveQuestion, addOption, removeOption, moveOption,
    openJson, applyJson, closeJson, publish, activate, nameOf,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAdminQuestionnairesStore, import.meta.hot))
