import type { FeedbackCategory, FeedbackStatus } from '../feedback'
import type { LocalizedText } from '../i18n-text'

/** What a feedback item's category and status are called: on the citizen's pages, to staff and in the reports. */

export const FEEDBACK_CATEGORY_LABELS: Readonly<Record<FeedbackCategory, LocalizedText>> = {
  conduct: { vi: 'Thái độ, tác phong của cán bộ', en: 'Staff conduct and attitude' },
  processing_time: { vi: 'Thời gian giải quyết, trễ hẹn', en: 'Processing time and delays' },
  dossier_requirements: { vi: 'Thành phần hồ sơ, biểu mẫu', en: 'Dossier requirements and forms' },
  fees: { vi: 'Phí, lệ phí', en: 'Fees and charges' },
  facilities: { vi: 'Cơ sở vật chất tại quầy', en: 'Facilities at the counter' },
  online_services: { vi: 'Dịch vụ công trực tuyến', en: 'Online services' },
  regulation: { vi: 'Nội dung quy định hành chính', en: 'The regulation itself' },
  other: { vi: 'Vấn đề khác', en: 'Something else' },
}

/** Shown on the citizen's tracking page as well as to staff: worded for the citizen. */
export const FEEDBACK_STATUS_LABELS: Readonly<Record<FeedbackStatus, LocalizedText>> = {
  received: { vi: 'Đã gửi đến Sở', en: 'Received' },
  acknowledged: { vi: 'Đã tiếp nhận', en: 'Acknowledged' },
  in_progress: { vi: 'Đang xử lý', en: 'In progress' },
  info_requested: { vi: 'Cần bổ sung thông tin', en: 'More information needed' },
  answered: { vi: 'Đã trả lời', en: 'Answered' },
  closed: { vi: 'Đã kết thúc', en: 'Closed' },
  forwarded: { vi: 'Đã chuyển đơn vị khác', en: 'Forwarded to another unit' },
  duplicate: { vi: 'Trùng với phản ánh đã gửi', en: 'Duplicate of an earlier item' },
  spam: { vi: 'Không xử lý (không hợp lệ)', en: 'Not processed (not valid)' },
}
