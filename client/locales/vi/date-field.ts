/** The shared date field (components/DateField.vue), used by the statistics, staff and administration pages. */
export default {
  dateField: {
    placeholder: 'dd/mm/yyyy',
    hint: 'ngày/tháng/năm, ví dụ 01/07/2026',
    pick: 'Chọn trên lịch',
    pickFor: 'Chọn trên lịch: {label}',
    empty: 'Nhập ngày theo dạng dd/mm/yyyy.',
    format: 'Chưa đúng dạng ngày. Nhập ngày/tháng/năm, ví dụ 01/07/2026.',
    month: 'Không có tháng {month}: tháng chỉ từ 01 đến 12.',
    day: 'Không có ngày {typed}: tháng {month} có {days} ngày.',
  },
}
