import type vi from '../vi/kiosk'

const en: typeof vi = {
  title: 'Rate our service',
  hint: 'Touch a face to rate.',
  thanksTitle: 'Thank you for your rating!',
  thanksText: 'Your opinion has been recorded. The screen will be ready for the next person in a few seconds.',
  loading: 'Loading…',
  noForm: 'This tablet has not loaded the rating form yet. Please connect it to the network once.',
  unknownCounter: 'There is no counter {code}. Please tell an administrator.',
  notSetUpTitle: 'This tablet is not set up',
  notSetUp: 'An administrator opens this counter’s set-up link (or scans its set-up QR code) on the tablet to turn kiosk mode on.',
  refusedTitle: 'The device token was not accepted',
  refused: {
    kiosk_token: 'The device token is not valid.',
    kiosk_revoked: 'The device token has been revoked.',
    kiosk_counter: 'This device token is for another counter.',
  },
  refusedKeep: 'Ratings stay on the tablet and will be sent once it is set up again with a new link. Please tell an administrator.',
  status: {
    label: 'Tablet status',
    waiting: 'Ratings waiting: {n}',
    offline: 'Offline: ratings are kept on the tablet.',
    lastSync: 'Last sent: {time}',
    never: 'Nothing sent yet',
  },
}
export default en
