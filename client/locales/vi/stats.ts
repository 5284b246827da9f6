import { SATISFACTION_LEVEL_LABELS, TOTAL_LABEL } from '../../../shared/messages/figures'
import { sharedText, sharedTexts } from '../shared-text'

/** The satisfaction figures' shared texts (levels, the breakdown tables), which the dashboard reuses. */
export default {
  levels: sharedTexts(SATISFACTION_LEVEL_LABELS, 'vi'),
  headline: {
    forms: '{count} phiếu',
  },
  table: {
    groupBy: {
      unit: 'Đơn vị',
      counter: 'Quầy',
      procedure: 'Thủ tục hành chính',
      question: 'Câu hỏi',
      day: 'Ngày',
      week: 'Tuần',
      month: 'Tháng',
      channel: 'Kênh',
    },
    /** Within a sentence: “theo đơn vị”. */
    by: {
      unit: 'đơn vị',
      counter: 'quầy',
      procedure: 'thủ tục hành chính',
      question: 'câu hỏi',
      day: 'ngày',
      week: 'tuần',
      month: 'tháng',
      channel: 'kênh tiếp nhận',
    },
    caption: 'Mức độ hài lòng theo {groupBy}, {period}',
    forms: 'Số phiếu',
    count: 'Số phiếu',
    share: 'Tỷ lệ',
    satisfied: 'Hài lòng chung',
    score: 'Điểm trung bình',
    total: sharedText(TOTAL_LABEL, 'vi'),
    scrollHint: 'Bảng rộng: vuốt ngang để xem đủ các cột.',
    noRows: 'Không có số liệu.',
  },
}
