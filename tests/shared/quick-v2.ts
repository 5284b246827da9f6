import { QUICK_V1 } from '../../server/defaults/questionnaires'
import type { Questionnaire } from '../../shared/questionnaire'

/**
 * A second version of the quick rating as a ministry revision might bring it: the overall question is
 * renamed, the follow-up lists other problems, and the free-text comment is gone. Responses stored
 * under v1 must keep validating, scoring and counting with v1.
 */
export const QUICK_V2: Questionnaire = {
  ...QUICK_V1,
  version: 2,
  levelQuestion: 'satisfaction',
  questions: [
    { ...QUICK_V1.questions[0]!, id: 'satisfaction', text: { vi: 'Mức độ hài lòng của Ông/Bà', en: 'How satisfied are you?' } },
    {
      ...QUICK_V1.questions[1]!,
      showIf: { question: 'satisfaction', anyOf: ['unsatisfied'] },
      options: [
        { value: 'waiting_time', label: { vi: 'Phải chờ đợi lâu', en: 'Long wait' } },
        { value: 'queue_system', label: { vi: 'Hệ thống xếp hàng', en: 'Queue system' } },
      ],
    },
  ],
}
