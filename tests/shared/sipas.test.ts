import { describe, expect, it } from 'vitest'
import * as v from 'valibot'
import { SIPAS_V1 } from '../../server/defaults/questionnaires'
import { questionnaireDraftIssues } from '../../shared/admin'
import { Questionnaire } from '../../shared/questionnaire'
import { type CriterionCounts, isSipas, sipasIndex } from '../../shared/sipas'

const text = (s: string) => ({ vi: s, en: s })
const criterion = (id: string, factor: string) => ({ id, type: 'single' as const, required: false, factor, text: text(id), options: SIPAS_V1.questions[0]!.options })

/** Four factors: A with two criteria, B with one, C with one of its two criteria unanswered, D answered by nobody. */
const FORM: Questionnaire = {
  key: 'sipas-test',
  version: 1,
  kind: 'sipas',
  title: text('test'),
  levelQuestion: 'overall',
  factors: ['a', 'b', 'c', 'd'].map((id) => ({ id, title: text(id.toUpperCase()) })),
  questions: [
    criterion('a1', 'a'), criterion('a2', 'a'), criterion('b1', 'b'), criterion('c1', 'c'), criterion('c2', 'c'), criterion('d1', 'd'),
    { ...SIPAS_V1.questions.find((q) => q.id === 'overall')! },
  ],
}

const COUNTS: Record<string, CriterionCounts> = {
  a1: { answered: 4, satisfied: 3 },
  a2: { answered: 3, satisfied: 1 },
  b1: { answered: 5, satisfied: 5 },
  c1: { answered: 2, satisfied: 1 },
  // c2 and d1: nobody answered them.
}

describe('the SIPAS index', () => {
  it('is computed as the method defines it, on a hand-computed example', () => {
    // Criterion = satisfied ÷ answered × 100:
    //   a1 = 3 ÷ 4 × 100 = 75;  a2 = 1 ÷ 3 × 100 = 33.333…;  b1 = 5 ÷ 5 × 100 = 100;  c1 = 1 ÷ 2 × 100 = 50;
    //   c2 and d1 unanswered: no index.
    // Factor = mean of its answered criteria:
    //   A = (75 + 33.333…) ÷ 2 = 54.1666… → 54.17;  B = 100;  C = 50 (c2 left out, not counted as 0);  D: none.
    // Overall = mean of the factors that have an index: (54.1666… + 100 + 50) ÷ 3 = 204.1666… ÷ 3 = 68.0555… → 68.06
    //   (D left out; counting it as 0 would give 51.04).
    const index = sipasIndex(FORM, (id) => COUNTS[id], 6)
    expect(index.forms).toBe(6)
    expect(index.factors.map((f) => [f.id, f.index])).toEqual([['a', 54.17], ['b', 100], ['c', 50], ['d', null]])
    expect(index.factors[0]!.criteria.map((c) => [c.id, c.answered, c.satisfied, c.index])).toEqual([['a1', 4, 3, 75], ['a2', 3, 1, 33.33]])
    expect(index.factors[2]!.criteria.map((c) => c.index)).toEqual([50, null])
    expect(index.index).toBe(68.06)
  })

  it('has no index at all when nothing was answered', () => {
    const index = sipasIndex(FORM, () => undefined, 0)
    expect(index.index).toBeNull()
    expect(index.factors.every((f) => f.index === null && f.criteria.every((c) => c.index === null && c.answered === 0))).toBe(true)
  })

  it('is 0, not missing, when everyone answered and nobody was satisfied', () => {
    const index = sipasIndex(FORM, (id) => (id === 'b1' ? { answered: 3, satisfied: 0 } : undefined), 3)
    expect(index.factors.map((f) => f.index)).toEqual([null, 0, null, null])
    expect(index.index).toBe(0)
  })
})

describe('the default SIPAS-style questionnaire', () => {
  it('holds the five factors of the method and their 22 criteria on the five-point scale, and is a valid questionnaire', () => {
    expect(v.safeParse(Questionnaire, SIPAS_V1).success).toBe(true)
    const { version: _version, ...draft } = SIPAS_V1
    expect(questionnaireDraftIssues(draft)).toEqual([])
    expect(isSipas(SIPAS_V1)).toBe(true)
    expect(SIPAS_V1.factors!.map((f) => f.id)).toEqual(['access', 'procedures', 'civil_servants', 'results', 'feedback'])
    const perFactor = SIPAS_V1.factors!.map((f) => SIPAS_V1.questions.filter((q) => q.factor === f.id).length)
    expect(perFactor).toEqual([4, 5, 6, 3, 4])
    for (const asked of SIPAS_V1.questions.filter((q) => q.factor)) {
      expect(asked.options.map((o) => o.label.vi)).toEqual(['Rất không hài lòng', 'Không hài lòng', 'Bình thường', 'Hài lòng', 'Rất hài lòng'])
      expect(asked.required).toBe(false)
    }
    expect(SIPAS_V1.source?.vi).toContain('1001/QĐ-BNV ngày 11/12/2023')
  })

  it('refuses a question naming a factor the questionnaire lacks, and a factor id used twice', () => {
    const { version: _version, ...draft } = SIPAS_V1
    const issues = questionnaireDraftIssues({
      ...draft,
      factors: [...draft.factors!, { id: 'access', title: text('again') }],
      questions: draft.questions.map((q, i) => (i === 0 ? { ...q, factor: 'nope' } : q)),
    })
    expect(issues.map((i) => [i.path, i.code])).toEqual([['factors.5.id', 'duplicate_factor'], ['questions.0.factor', 'unknown_factor']])
  })
})
