/**
 * What is wrong with a field, in the page's words, from the API's plain English (shared/api-error.ts; read
 * by client/api/field-problem.ts). Used by the staff, dashboard and administration pages; en/ mirrors it.
 */
export default {
  required: 'Vui lòng điền mục này.',
  unknownField: 'Mục này không được gửi kèm yêu cầu. Vui lòng tải lại trang rồi thử lại.',
  date: 'Chưa đúng ngày: nhập ngày/tháng/năm, ví dụ 01/07/2026.',
  periodOrder: 'Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.',
  periodTooLong: 'Khoảng thời gian dài quá mười năm.',
  notInList: 'Giá trị này không có trong danh sách chọn.',
  wholeNumber: 'Vui lòng nhập một số nguyên.',
  number: 'Vui lòng nhập một số.',
  text: 'Vui lòng nhập chữ.',
  yesNo: 'Vui lòng chọn có hoặc không.',
  tooShort: 'Quá ngắn: cần ít nhất {n} ký tự.',
  tooLong: 'Quá dài: tối đa {n} ký tự.',
  tooFew: 'Cần ít nhất {n} mục.',
  tooMany: 'Tối đa {n} mục.',
  atLeast: 'Giá trị phải từ {n} trở lên.',
  atMost: 'Giá trị không được lớn hơn {n}.',
  email: 'Địa chỉ thư điện tử chưa đúng.',
  phone: 'Số điện thoại chưa đúng, ví dụ 0912 345 678.',
  code: 'Mã chỉ gồm chữ, số, dấu chấm, gạch ngang và gạch dưới.',
  trackingCode: 'Mã tra cứu chưa đúng (dạng ABCD-EFGH-JKM).',
  format: 'Chưa đúng định dạng.',
  notEmpty: 'Mục này không được để trống.',
  invalid: 'Giá trị chưa hợp lệ.',
}
