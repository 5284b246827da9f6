import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { forgetCsrfToken } from '../../client/api/client'
import { useAdminQuestionnairesStore } from '../../client/stores/admin-questionnaires'
import { QUICK_V1 } from '../../server/defaults/questionnaires'
import { apiError, fakeApi, json, ME } from './admin-fake-api'

const KEYS = [{ key: 'quick', kind: 'quick', activeVersion: 1, versions: [{ version: 1, active: true, publishedAt: '2026-11-01T00:00:00.000Z', publishedBy: null, title: QUICK_V1.title }] }]
const { version: _version, ...QUICK_DRAFT } = QUICK_V1

beforeEach(() => {
  setActivePinia(createPinia())
  forgetCsrfToken()
})
afterEach(() => vi.unstubAllGlobals())

function routes(publish: (body: unknown) => Response = (body) => json({ ...(body as object), version: 2 }, 201)) {
  return fakeApi({
    'GET /api/staff/admin/questionnaires': () => json({ questionnaires: KEYS }),
    'GET /api/staff/admin/questionnaires/quick/versions/1': () => json(QUICK_V1),
    'GET /api/staff/me': () => json(ME),
    'POST /api/staff/admin/questionnaires': (call) => publish(call.body),
  })
}

async function editing() {
  const store = useAdminQuestionnairesStore()
  await store.load()
  await store.startEdit('quick')
  return store
}

describe('questionnaire versions store', () => {
  it('publishes a question added in the editor, without a version number, and reloads the versions', async () => {
    const api = routes()
    const store = await editing()
    expect(store.from).toBe(1)
    const i = store.addQuestion()
    const question = store.form!.questions[i]!
    question.id = 'heard_from'
    question.text = { vi: 'Ông/Bà biết đến dịch vụ qua đâu?', en: 'How did you hear of the service?' }
    question.options[0]!.label = { vi: 'Người quen', en: 'Someone I know' }
    question.options[1]!.label = { vi: 'Trang web', en: 'Website' }
    expect(store.addOption(i)).toBe(2)
    store.removeOption(i, 2)
    expect(await store.publish()).toBe(true)
    const sent = api.writes()[0]!
    expect(sent.path).toBe('/api/staff/admin/questionnaires')
    expect(sent.body).toEqual({
      ...QUICK_DRAFT,
      questions: [
        ...QUICK_DRAFT.questions,
        {
          id: 'heard_from',
          type: 'single',
          text: { vi: 'Ông/Bà biết đến dịch vụ qua đâu?', en: 'How did you hear of the service?' },
          required: false,
          options: [
            { value: 'option_1', label: { vi: 'Người quen', en: 'Someone I know' } },
            { value: 'option_2', label: { vi: 'Trang web', en: 'Website' } },
          ],
        },
      ],
    })
    expect(store.published).toBe(2)
    expect(store.editing).toBeNull()
    expect(store.form).toBeNull()
    expect(api.calls.filter((c) => c.path === '/api/staff/admin/questionnaires' && c.method === 'GET')).toHaveLength(2)
  })

  it('sends nothing while the draft has problems, and checks again on every change once checked', async () => {
    const api = routes()
    const store = await editing()
    store.form!.questions[1]!.options[0]!.value = 'Chờ lâu'
    store.moveQuestion(0, 1)
    expect(await store.publish()).toBe(false)
    expect(api.writes()).toHaveLength(0)
    expect(Object.keys(store.problems).sort()).toEqual(['questions.0.options.0.value', 'questions.0.showIf.question'])
    expect(store.problems['questions.0.showIf.question']).toMatchObject({ text: 'show_if_not_earlier', params: { id: 'overall' } })

    store.moveQuestion(1, -1)
    await nextTick()
    expect(Object.keys(store.problems)).toEqual(['questions.1.options.0.value'])
    store.form!.questions[1]!.options[0]!.value = 'waiting_long'
    await nextTick()
    expect(store.problems).toEqual({})
  })

  it('drops a removed option from the follow-ups asked on it, and a removed level question', async () => {
    routes()
    const store = await editing()
    store.removeOption(0, 2)
    expect(store.form!.questions[1]!.showIf).toEqual({ question: 'overall', anyOf: [] })
    expect(store.check()).toBe(false)
    expect(store.problems['questions.1.showIf.anyOf']).toMatchObject({ text: 'show_if_no_values' })
    store.removeQuestion(0)
    expect(store.form!.levelQuestion).toBe('')
    await nextTick()
    expect(store.problems.levelQuestion).toMatchObject({ text: 'level_question_missing' })
  })

  it('puts the server’s refusal on the field its path names', async () => {
    routes(() => apiError(400, 'invalid', 'kind: cannot change the kind of quick (quick)', 'kind'))
    const store = await editing()
    expect(await store.publish()).toBe(false)
    expect(store.problems).toEqual({ kind: { code: 'invalid', message: 'cannot change the kind of quick (quick)', path: 'kind' } })
    expect(store.editing).toBe('quick')
  })

  it('shows the draft as JSON and reads edited JSON back into the editor, refusing what it cannot show', async () => {
    routes()
    const store = await editing()
    store.form!.title.en = 'Quick rating (revised)'
    store.openJson()
    expect(JSON.parse(store.jsonText)).toEqual({ ...QUICK_DRAFT, title: { vi: 'Đánh giá nhanh', en: 'Quick rating (revised)' } })

    store.jsonText = '{ "key": '
    expect(store.applyJson()).toBe(false)
    expect(store.jsonProblems['']?.code).toBe('json')
    store.jsonText = JSON.stringify({ ...QUICK_DRAFT, questions: 'none' })
    expect(store.applyJson()).toBe(false)
    expect(Object.keys(store.jsonProblems)).toEqual(['questions'])
    store.jsonText = JSON.stringify({ ...QUICK_DRAFT, key: 'other' })
    expect(store.applyJson()).toBe(false)
    expect(Object.keys(store.jsonProblems)).toEqual(['key'])
    expect(store.jsonOpen).toBe(true)

    store.jsonText = JSON.stringify({ ...QUICK_DRAFT, questions: QUICK_DRAFT.questions.slice(0, 2) })
    expect(store.applyJson()).toBe(true)
    expect(store.jsonOpen).toBe(false)
    expect(store.form!.questions.map((q) => q.id)).toEqual(['overall', 'problems'])
    expect(store.form!.title.en).toBe('Quick rating')
  })

  it('publishes straight from the JSON view, applying it first', async () => {
    const api = routes()
    const store = await editing()
    store.openJson()
    store.jsonText = JSON.stringify({ ...QUICK_DRAFT, title: { vi: 'Đánh giá nhanh 2', en: 'Quick rating 2' } })
    expect(await store.publish()).toBe(true)
    expect((api.writes()[0]!.body as { title: unknown }).title).toEqual({ vi: 'Đánh giá nhanh 2', en: 'Quick rating 2' })
  })
})
