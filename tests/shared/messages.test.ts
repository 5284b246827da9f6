import { describe, expect, it } from 'vitest'
import { FEEDBACK_CATEGORIES, FEEDBACK_STATUSES } from '../../shared/feedback'
import { SATISFACTION_LEVELS } from '../../shared/levels'
import { FEEDBACK_CATEGORY_LABELS, FEEDBACK_STATUS_LABELS } from '../../shared/messages/feedback'
import { INDICATOR8_LABELS, SATISFACTION_LEVEL_LABELS } from '../../shared/messages/figures'

describe('labels', () => {
  it('names every category and status in Vietnamese and English', () => {
    for (const category of FEEDBACK_CATEGORIES) expect(FEEDBACK_CATEGORY_LABELS[category]).toEqual({ vi: expect.any(String), en: expect.any(String) })
    for (const status of FEEDBACK_STATUSES) expect(FEEDBACK_STATUS_LABELS[status].vi.length).toBeGreaterThan(0)
    expect(FEEDBACK_CATEGORY_LABELS.conduct.vi).toBe('Thái độ, tác phong của cán bộ')
  })

  it('names the satisfaction levels and the levels of indicator 8', () => {
    expect(SATISFACTION_LEVELS.map((l) => SATISFACTION_LEVEL_LABELS[l].vi)).toEqual(['Rất hài lòng', 'Hài lòng', 'Không hài lòng'])
    expect(Object.keys(INDICATOR8_LABELS)).toEqual(['all_on_time', 'at_least_90', 'below_90'])
  })
})
