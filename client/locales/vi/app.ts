export default {
  app: {
    name: 'Hài lòng',
    language: 'Ngôn ngữ',
    switchTo: 'English',
    switchToLabel: 'Switch to English',
    demo: 'Dữ liệu minh họa',
  },
  home: {
    title: 'Đánh giá sự hài lòng',
    intro: 'Quét mã QR tại quầy để đánh giá việc giải quyết thủ tục hành chính.',
    counters: 'Các quầy',
    stats: 'Thống kê mức độ hài lòng',
  },
  errors: {
    network: 'Không kết nối được máy chủ. Vui lòng thử lại.',
    unknownCounter: 'Không tìm thấy quầy “{code}”. Vui lòng quét lại mã QR tại quầy.',
    offlineNoCatalog: 'Chưa có kết nối mạng và thiết bị chưa lưu danh mục. Vui lòng kết nối mạng rồi thử lại.',
  },
}
