/** Texts of the leadership page /admin/stats. */
export default {
  title: 'Thống kê mức độ hài lòng',
}
