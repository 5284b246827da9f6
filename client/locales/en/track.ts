import type vi from '../vi/track'

const en: typeof vi = {
  title: 'Follow up your feedback',
  intro: 'Enter the tracking code you received when you sent your feedback.',
  code: 'Tracking code',
  codeHint: 'For example ABCD-EFGH-JKM. Upper or lower case, with or without dashes.',
  lookup: 'Look up',
  looking: 'Looking up…',
  errors: {
    empty: 'Please enter a tracking code.',
    length: 'A tracking code has 11 characters, for example ABCD-EFGH-JKM.',
    character: 'This code has a character tracking codes never use: they have no O, I, L, 0 or 1. Please check it.',
    checksum: 'This code is not right: a character may have been mistyped. Please check it.',
    notFound: 'No feedback has the code {code}.',
    offline: 'You are offline, so the code cannot be looked up. Please try again when you have a connection.',
    network: 'The server could not be reached. Please try again.',
    busy: 'Too many look-ups in a row. Please try again in a few minutes.',
  },
  local: {
    queued: 'Feedback {code} has not been sent yet: it is saved on this device and will be sent automatically when there is a connection.',
    rejected: 'Feedback {code} could not be sent: the system did not accept it. It is still kept on this device; please tell the staff at the counter.',
    replaced: 'The code {old} was replaced by {code} because another item already used it.',
  },
  result: {
    heading: 'Feedback {code}',
    status: 'Status',
    category: 'About',
    unit: 'Handled by',
    unitPending: 'Being assigned',
    received: 'Received on',
    deadline: 'Answer due by',
    answer: 'Answer',
    answeredAt: 'Answered on {date}',
    noAnswer: 'No answer yet.',
    history: 'What has happened',
    update: 'Update',
  },
  mine: 'Feedback sent from this device',
  file: 'Send new feedback',
}
export default en
