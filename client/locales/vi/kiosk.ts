/** Texts of the counter kiosk /kiosk/<counter> (owned by the kiosk page). */
export default {
  title: 'Đánh giá tại quầy',
  hint: 'Chạm vào một khuôn mặt để đánh giá.',
  thanksTitle: 'Cảm ơn Ông/Bà đã đánh giá!',
  thanksText: 'Ý kiến của Ông/Bà đã được ghi nhận. Màn hình sẽ sẵn sàng cho người tiếp theo sau vài giây.',
  loading: 'Đang tải…',
  noForm: 'Máy chưa tải được phiếu đánh giá. Vui lòng kết nối mạng một lần để tải.',
  unknownCounter: 'Không có quầy {code}. Vui lòng báo quản trị viên.',
  notSetUpTitle: 'Máy tính bảng chưa được cài đặt',
  notSetUp: 'Quản trị viên mở liên kết cài đặt (hoặc quét mã QR cài đặt) của quầy này trên máy để bật chế độ kiosk.',
  refusedTitle: 'Mã thiết bị không được chấp nhận',
  refused: {
    kiosk_token: 'Mã thiết bị không hợp lệ.',
    kiosk_revoked: 'Mã thiết bị đã bị thu hồi.',
    kiosk_counter: 'Mã thiết bị này dành cho quầy khác.',
  },
  refusedKeep: 'Các đánh giá vẫn được giữ trên máy và sẽ được gửi khi máy được cài đặt lại bằng liên kết mới. Vui lòng báo quản trị viên.',
  status: {
    label: 'Tình trạng máy',
    waiting: 'Đánh giá chờ gửi: {n}',
    offline: 'Đang mất mạng: đánh giá được lưu trên máy.',
    lastSync: 'Gửi lần cuối: {time}',
    never: 'Chưa gửi lần nào',
  },
}
