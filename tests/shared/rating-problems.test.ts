import { describe, expect, it } from 'vitest'
import { OFFICIAL_V2, QUICK_V1 } from '../../server/defaults/questionnaires'
import { FEEDBACK_CATEGORIES } from '../../shared/feedback'
import { PROBLEM_CATEGORIES, ratingProblems } from '../../shared/rating-problems'

const labels = (ticked: string[]) => ratingProblems(QUICK_V1, ticked).labels.map((l) => l.vi)

describe('ratingProblems: what a poor rating carries into the filing form', () => {
  it('names every problem the seeded follow-up offers, each with a feedback category', () => {
    const offered = QUICK_V1.questions.find((q) => q.id === 'problems')!.options.map((o) => o.value)
    expect(Object.keys(PROBLEM_CATEGORIES).sort()).toEqual([...offered].sort())
    for (const category of Object.values(PROBLEM_CATEGORIES)) expect(FEEDBACK_CATEGORIES).toContain(category)
  })

  it('reads the ticked problems back in the questionnaire order, in both languages', () => {
    expect(labels(['fees', 'waiting_time'])).toEqual(['Phải chờ đợi lâu', 'Phí, lệ phí không đúng quy định'])
    expect(ratingProblems(OFFICIAL_V2, ['staff_attitude']).labels).toEqual([{ vi: 'Thái độ cán bộ chưa tốt', en: 'Staff attitude' }])
  })

  it('suggests the category of the first ticked problem, passing over "other"', () => {
    expect(ratingProblems(QUICK_V1, ['staff_attitude', 'waiting_time']).category).toBe('processing_time')
    expect(ratingProblems(QUICK_V1, ['other', 'fees']).category).toBe('fees')
    expect(ratingProblems(QUICK_V1, ['other']).category).toBe('other')
    expect(ratingProblems(QUICK_V1, ['extra_documents']).category).toBe('dossier_requirements')
  })

  it('leaves out what the questionnaire does not offer, and suggests nothing for a problem without a category', () => {
    expect(ratingProblems(QUICK_V1, ['made_up', 'overall', 'very_satisfied', 'fees', 'fees'])).toEqual({
      category: 'fees',
      labels: [{ vi: 'Phí, lệ phí không đúng quy định', en: 'Fees not as prescribed' }],
    })
    expect(ratingProblems(undefined, ['fees'])).toEqual({ category: '', labels: [] })
    const added = { questions: [{ ...QUICK_V1.questions[1]!, options: [{ value: 'queue_system', label: { vi: 'Máy lấy số hỏng', en: 'Queue machine broken' } }] }] }
    expect(ratingProblems(added, ['queue_system'])).toEqual({ category: '', labels: [{ vi: 'Máy lấy số hỏng', en: 'Queue machine broken' }] })
  })
})
