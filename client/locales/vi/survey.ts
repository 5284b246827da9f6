/** Texts of the citizen page /q/<counter> (owned by the survey page). */
export default {
  title: 'Đánh giá',
}
