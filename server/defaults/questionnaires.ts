import type { Questionnaire, QuestionOption } from '../../shared/questionnaire'

/** The official perception scale, shared by every questionnaire that asks it. */
const PERCEPTION: QuestionOption[] = [
  { value: 'very_satisfied', label: { vi: 'Rất hài lòng', en: 'Very satisfied' }, level: 'very_satisfied', points: 2 },
  { value: 'satisfied', label: { vi: 'Hài lòng', en: 'Satisfied' }, level: 'satisfied', points: 1 },
  { value: 'unsatisfied', label: { vi: 'Không hài lòng', en: 'Not satisfied' }, level: 'unsatisfied', points: 0 },
]

const PROBLEMS: QuestionOption[] = [
  { value: 'waiting_time', label: { vi: 'Phải chờ đợi lâu', en: 'Long wait' } },
  { value: 'staff_attitude', label: { vi: 'Thái độ cán bộ chưa tốt', en: 'Staff attitude' } },
  { value: 'unclear_guidance', label: { vi: 'Hướng dẫn chưa rõ ràng', en: 'Unclear guidance' } },
  { value: 'extra_documents', label: { vi: 'Yêu cầu giấy tờ ngoài quy định', en: 'Documents not in the rules were asked for' } },
  { value: 'late_result', label: { vi: 'Trả kết quả trễ hẹn', en: 'Result returned late' } },
  { value: 'fees', label: { vi: 'Phí, lệ phí không đúng quy định', en: 'Fees not as prescribed' } },
  { value: 'facilities', label: { vi: 'Cơ sở vật chất chưa đáp ứng', en: 'Facilities at the counter' } },
  { value: 'other', label: { vi: 'Vấn đề khác', en: 'Something else' } },
]

type Question = Questionnaire['questions'][number]

/** A question answered on the perception scale. */
const perception = (id: string, vi: string, en: string): Question => ({ id, type: 'single', required: true, text: { vi, en }, options: PERCEPTION })

/** What went wrong, asked of those not satisfied overall; then room for a comment. Every seeded form ends with them. */
const CLOSING_QUESTIONS: Question[] = [
  {
    id: 'problems',
    type: 'multi',
    required: false,
    showIf: { question: 'overall', anyOf: ['unsatisfied'] },
    text: { vi: 'Điều gì chưa tốt?', en: 'What went wrong?' },
    options: PROBLEMS,
  },
  { id: 'comment', type: 'text', required: false, maxLength: 500, text: { vi: 'Góp ý thêm (không bắt buộc)', en: 'Anything to add (optional)' }, options: [] },
]

/**
 * The first version of a seeded questionnaire: keyed by its kind, its level given by its `overall` question,
 * `questions` followed by the closing ones.
 */
function firstVersion(kind: Questionnaire['kind'], vi: string, en: string, questions: Question[]): Questionnaire {
  return { key: kind, version: 1, kind, title: { vi, en }, levelQuestion: 'overall', questions: [...questions, ...CLOSING_QUESTIONS] }
}

export const QUICK_V1 = firstVersion('quick', 'Đánh giá nhanh', 'Quick rating', [
  perception('overall', 'Ông/Bà có hài lòng với việc giải quyết thủ tục hôm nay?', 'Are you satisfied with how your procedure was handled today?'),
])

function indicator(
  id: string,
  number: number,
  text: { vi: string; en: string },
  labels: [[string, string], [string, string], [string, string]],
): Question {
  const values = ['good', 'fair', 'poor']
  return {
    id,
    type: 'single',
    required: true,
    indicator: number,
    text,
    options: labels.map(([vi, en], i) => ({ value: values[i]!, label: { vi, en }, points: 2 - i })),
  }
}

/** The answers of the two indicators on time taken: shorter than the legal limit, equal, longer. */
const AGAINST_THE_LIMIT: Parameters<typeof indicator>[3] = [['Sớm hơn quy định', 'Shorter'], ['Đúng quy định', 'Equal'], ['Trễ hơn quy định', 'Longer']]

/**
 * Thông tư 01/2018/TT-VPCP: the six indicators the citizen answers, and the two perception questions. As
 * published first, and so kept: responses given under it are read with it (OFFICIAL_V2 rewords indicator 7).
 */
export const OFFICIAL_V1 = firstVersion('official', 'Phiếu đánh giá giải quyết thủ tục hành chính', 'Evaluation of how the procedure was handled', [
  indicator('i1_total_time', 1, { vi: 'Tổng thời gian giải quyết so với quy định', en: 'Total handling time compared with the legal limit' }, AGAINST_THE_LIMIT),
  indicator('i2_agency_time', 2, { vi: 'Thời gian giải quyết tại từng cơ quan', en: 'Time at each agency involved' }, AGAINST_THE_LIMIT),
  indicator('i3_returns', 3, { vi: 'Số lần phải đi lại hoặc được liên hệ để bổ sung hồ sơ', en: 'Times you had to come back or were contacted to complete the dossier' }, [
    ['Không lần nào', 'None'], ['1 lần', 'Once'], ['Nhiều hơn 1 lần', 'More than once'],
  ]),
  indicator('i4_agencies', 4, { vi: 'Số cơ quan phải liên hệ', en: 'Agencies you had to deal with' }, [
    ['Không phải liên hệ cơ quan nào ngoài Bộ phận Một cửa', 'None beyond the one-stop desk'], ['Chỉ Bộ phận Một cửa', 'Only the one-stop desk'], ['Nhiều hơn 1 cơ quan', 'More than one agency'],
  ]),
  indicator('i6_publicity', 6, { vi: 'Thủ tục được công khai', en: 'The procedure was publicly posted' }, [
    ['Đầy đủ, chính xác tại nơi giải quyết và trên mạng', 'Accurately, on site and online'], ['Chỉ ở một trong hai nơi', 'In only one of the two'], ['Không đầy đủ, không chính xác', 'Not properly'],
  ]),
  indicator('i7_attitude', 7, { vi: 'Thái độ, cách ứng xử của cán bộ', en: 'Staff attitude and conduct' }, [
    ['Trả kết quả sớm, không có phản ánh', 'Result early, no complaint'], ['Đúng hẹn, không có phản ánh', 'On time, no complaint'], ['Có phản ánh, kiến nghị', 'There was a complaint'],
  ]),
  perception('convenience', 'Mức độ thuận tiện khi thực hiện thủ tục', 'How convenient was the service?'),
  perception('overall', 'Đánh giá chung về việc giải quyết thủ tục', 'Overall assessment'),
])

/**
 * Indicator 7 in words a citizen reads as a question about the staff, with the circular's 2 / 1 / 0 kept:
 * no complaint and the result early, no complaint and the result on time, a complaint about the staff.
 * Version 1 asked about the staff's attitude and offered only "result early / on time"; databases that
 * hold it get this wording as their next version from migration 12, word for word (see sqlite/migrations/012-indicator-7-wording.ts).
 */
export const INDICATOR_7_WORDING = {
  text: { vi: 'Thái độ, cách ứng xử của cán bộ khi hướng dẫn, tiếp nhận và giải quyết hồ sơ', en: 'How the staff treated you while guiding you, receiving and handling your dossier' },
  labels: [
    ['Không có gì phải phản ánh về cán bộ, và nhận kết quả sớm hơn ngày hẹn', 'No complaint about the staff, and the result came before the appointed date'],
    ['Không có gì phải phản ánh về cán bộ, và nhận kết quả đúng ngày hẹn', 'No complaint about the staff, and the result came on the appointed date'],
    ['Có điều cần phản ánh về thái độ, cách ứng xử của cán bộ', "I have a complaint about the staff's attitude or conduct"],
  ],
} as const

/** Version 1 with indicator 7 reworded (INDICATOR_7_WORDING); nothing else changes, points included. */
export const OFFICIAL_V2: Questionnaire = {
  ...OFFICIAL_V1,
  version: 2,
  questions: OFFICIAL_V1.questions.map((q) =>
    q.indicator === 7
      ? {
          ...q,
          text: { ...INDICATOR_7_WORDING.text },
          options: q.options.map((o, i) => ({ ...o, label: { vi: INDICATOR_7_WORDING.labels[i]![0], en: INDICATOR_7_WORDING.labels[i]![1] } })),
        }
      : q,
  ),
}

/** Every version the seed publishes; a new install makes the newest of each key active. */
export const DEFAULT_QUESTIONNAIRES: Questionnaire[] = [QUICK_V1, OFFICIAL_V1, OFFICIAL_V2]
