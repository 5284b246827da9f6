import { FIRST_SCREEN_TEXTS } from '../../../shared/messages/first-screen'
import { sharedText } from '../shared-text'

export default {
  app: {
    name: sharedText(FIRST_SCREEN_TEXTS.appName, 'vi'),
    language: 'Ngôn ngữ',
    switchTo: sharedText(FIRST_SCREEN_TEXTS.switchTo, 'vi'),
    switchToLabel: sharedText(FIRST_SCREEN_TEXTS.switchToLabel, 'vi'),
    demo: 'Dữ liệu minh họa',
    loading: 'Đang tải…',
    updateReady: 'Có phiên bản mới của ứng dụng.',
    updateNow: 'Cập nhật',
    updateKeeps: 'Những gì bạn đã gửi vẫn được giữ nguyên.',
  },
  home: {
    title: 'Đánh giá sự hài lòng',
    intro: 'Quét mã QR tại quầy để đánh giá việc giải quyết thủ tục hành chính.',
    counters: 'Các quầy',
    stats: 'Thống kê mức độ hài lòng',
    publicResults: 'Công khai kết quả đánh giá sự hài lòng',
  },
  errors: {
    title: 'Chưa mở được trang đánh giá',
    unknownCounterTitle: 'Không tìm thấy quầy',
    network: 'Không kết nối được máy chủ. Vui lòng thử lại.',
    unknownCounter: 'Không tìm thấy quầy “{code}”. Vui lòng quét lại mã QR tại quầy.',
    offlineNoCatalog: 'Chưa có kết nối mạng và thiết bị chưa lưu danh mục. Vui lòng kết nối mạng rồi thử lại.',
    noQuestionnaire: 'Quầy này chưa có phiếu đánh giá. Vui lòng báo cán bộ tại quầy.',
    retry: 'Thử lại',
  },
}
