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

/**
 * The SIPAS method's five-point scale, from its first point to its fifth as its forms print it. Only "Hài lòng"
 * and "Rất hài lòng" count as satisfied (shared/sipas.ts); the two dissatisfied points stand for the official
 * "Không hài lòng" level, and "Bình thường" for none of the three official levels.
 */
const FIVE_POINTS: QuestionOption[] = [
  { value: 'very_unsatisfied', label: { vi: 'Rất không hài lòng', en: 'Very dissatisfied' }, level: 'unsatisfied' },
  { value: 'unsatisfied', label: { vi: 'Không hài lòng', en: 'Dissatisfied' }, level: 'unsatisfied' },
  { value: 'neutral', label: { vi: 'Bình thường', en: 'Neither satisfied nor dissatisfied' } },
  { value: 'satisfied', label: { vi: 'Hài lòng', en: 'Satisfied' }, level: 'satisfied' },
  { value: 'very_satisfied', label: { vi: 'Rất hài lòng', en: 'Very satisfied' }, level: 'very_satisfied' },
]

/** A criterion of `factor` on the five-point scale; optional, as the method leaves out a criterion not answered. */
const criterion = (factor: string, id: string, vi: string, en: string): Question => ({ id, type: 'single', required: false, factor, text: { vi, en }, options: FIVE_POINTS })

/**
 * The SIPAS-style survey: the five factors of the Ministry of Home Affairs' method and their criteria, each
 * on the five-point scale, then the official overall perception question, which gives the response its level
 * as on the other forms. The criteria are the 22 of the 2017 method (Quyết định 2640/QĐ-BNV); the 2023
 * method (Quyết định 1001/QĐ-BNV) keeps the five factors, but its own criteria list could not be checked
 * against its text: see README, "SIPAS method".
 */
export const SIPAS_V1: Questionnaire = {
  ...firstVersion('sipas', 'Khảo sát sự hài lòng về sự phục vụ (theo phương pháp SIPAS)', 'Satisfaction with the service (SIPAS method)', [
    criterion('access', 'a1_seats', 'Nơi ngồi chờ có đủ chỗ ngồi', 'There were enough seats in the waiting area'),
    criterion('access', 'a2_equipment_enough', 'Trang thiết bị phục vụ người dân đầy đủ', 'The equipment for the public was adequate'),
    criterion('access', 'a3_equipment_modern', 'Trang thiết bị phục vụ người dân hiện đại', 'The equipment for the public was modern'),
    criterion('access', 'a4_equipment_easy', 'Trang thiết bị phục vụ người dân dễ sử dụng', 'The equipment for the public was easy to use'),
    criterion('procedures', 'p1_posted_fully', 'Thủ tục hành chính được niêm yết công khai đầy đủ', 'The procedure was publicly posted in full'),
    criterion('procedures', 'p2_posted_accurately', 'Thủ tục hành chính được niêm yết công khai chính xác', 'The procedure was publicly posted accurately'),
    criterion('procedures', 'p3_dossier_as_prescribed', 'Thành phần hồ sơ phải nộp đúng quy định', 'The documents asked for were those prescribed'),
    criterion('procedures', 'p4_fees_as_prescribed', 'Phí, lệ phí phải nộp đúng quy định', 'The fees charged were those prescribed'),
    criterion('procedures', 'p5_time_as_prescribed', 'Thời hạn giải quyết đúng quy định', 'The handling time was as prescribed'),
    criterion('civil_servants', 'c1_polite', 'Công chức có thái độ giao tiếp lịch sự', 'The civil servant was polite'),
    criterion('civil_servants', 'c2_listens', 'Công chức chú ý lắng nghe ý kiến của người dân', 'The civil servant listened to what you said'),
    criterion('civil_servants', 'c3_answers_fully', 'Công chức trả lời, giải thích đầy đủ các ý kiến của người dân', 'The civil servant answered and explained fully'),
    criterion('civil_servants', 'c4_guides_attentively', 'Công chức hướng dẫn kê khai hồ sơ tận tình, chu đáo', 'The civil servant guided you through the dossier attentively'),
    criterion('civil_servants', 'c5_guidance_clear', 'Công chức hướng dẫn kê khai hồ sơ dễ hiểu', 'The guidance was easy to understand'),
    criterion('civil_servants', 'c6_follows_rules', 'Công chức tuân thủ đúng quy định trong giải quyết công việc', 'The civil servant followed the rules in handling your case'),
    criterion('results', 'r1_result_as_prescribed', 'Kết quả đúng quy định', 'The result was as prescribed'),
    criterion('results', 'r2_result_complete', 'Kết quả có thông tin đầy đủ', 'The result held complete information'),
    criterion('results', 'r3_result_accurate', 'Kết quả có thông tin chính xác', 'The result held accurate information'),
    criterion('feedback', 'f1_channel', 'Cơ quan có bố trí hình thức tiếp nhận góp ý, phản ánh, kiến nghị', 'The agency offers a way to give comments, feedback and petitions'),
    criterion('feedback', 'f2_easy_to_submit', 'Người dân dễ dàng thực hiện góp ý, phản ánh, kiến nghị', 'Giving comments, feedback and petitions is easy'),
    criterion('feedback', 'f3_handled_actively', 'Cơ quan tiếp nhận, xử lý tích cực các góp ý, phản ánh, kiến nghị', 'The agency receives and handles them actively'),
    criterion('feedback', 'f4_answered_on_time', 'Cơ quan phản hồi kịp thời các góp ý, phản ánh, kiến nghị', 'The agency answers them in good time'),
    perception('overall', 'Nhìn chung, Ông/Bà có hài lòng với sự phục vụ của cơ quan?', 'Overall, are you satisfied with how the agency served you?'),
  ]),
  factors: [
    { id: 'access', title: { vi: 'Tiếp cận dịch vụ', en: 'Access to the service' } },
    { id: 'procedures', title: { vi: 'Thủ tục hành chính', en: 'The administrative procedure' } },
    { id: 'civil_servants', title: { vi: 'Công chức trực tiếp giải quyết công việc', en: 'The civil servants who handled your case' } },
    { id: 'results', title: { vi: 'Kết quả giải quyết thủ tục hành chính', en: 'The result of the service' } },
    { id: 'feedback', title: { vi: 'Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị', en: 'Receiving and handling comments, feedback and petitions' } },
  ],
  source: {
    vi: 'Phương pháp đo lường sự hài lòng của người dân đối với sự phục vụ của cơ quan hành chính nhà nước giai đoạn 2023 – 2026, ban hành kèm theo Quyết định số 1001/QĐ-BNV ngày 11/12/2023 của Bộ Nội vụ (năm yếu tố; thang 5 mức). Các tiêu chí theo Quyết định số 2640/QĐ-BNV ngày 10/10/2017, chưa đối chiếu với văn bản năm 2023.',
    en: "Method for measuring citizens' satisfaction with the service of state administrative agencies, 2023–2026, issued with Decision 1001/QĐ-BNV of 11/12/2023 of the Ministry of Home Affairs (five factors; five-point scale). Criteria as in Decision 2640/QĐ-BNV of 10/10/2017, not yet checked against the 2023 text.",
  },
}

/** Every version the seed publishes; a new install makes the newest of each key active. */
export const DEFAULT_QUESTIONNAIRES: Questionnaire[] = [QUICK_V1, OFFICIAL_V1, OFFICIAL_V2, SIPAS_V1]
