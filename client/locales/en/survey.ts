import type vi from '../vi/survey'
import { FIRST_SCREEN_TEXTS } from '../../../shared/messages/first-screen'
import { sharedText } from '../shared-text'

const en: typeof vi = {
  title: 'Rating',
  unit: sharedText(FIRST_SCREEN_TEXTS.unit, 'en'),
  details: 'About your dossier (optional)',
  detailsForDossier: 'The dossier you are rating',
  procedure: 'Procedure you came for',
  procedureNone: '— None —',
  dossier: 'Dossier code',
  dossierRequired: 'Dossier code (required)',
  dossierHint: 'Printed on the dossier receipt and result appointment slip.',
  multiHint: 'You may choose more than one.',
  chars: '{n}/{max} characters',
  send: 'Send rating',
  sending: 'Sending…',
  pending: '{n} rating waiting to be sent | {n} ratings waiting to be sent',
  offline: 'Offline: your rating will be saved on this device and sent automatically when there is a connection.',
  feedback: 'Send feedback',
  refused: {
    title: '{n} rating sent later was not accepted | {n} ratings sent later were not accepted',
    rated: 'Rating saved on {date}: this dossier had already been rated.',
    other: 'Rating saved on {date}: the system did not accept it. Please tell the staff at the counter.',
    dismiss: 'Got it',
  },
  errors: {
    choose: 'Please choose an answer.',
    chooseSome: 'Please choose at least one.',
    write: 'Please write something.',
    tooLong: 'Please keep it to {max} characters.',
    invalid: 'This answer is not valid. Please choose again.',
    dossierRequired: 'Please enter the dossier code: this form rates how one particular dossier was handled.',
    dossier: 'A dossier code has 3 to 40 characters: letters, digits and . / _ -',
    notSaved: 'Your rating could not be saved on this device. Please try again.',
  },
  thanks: {
    title: 'Thank you!',
    sent: 'Sent. Your opinion has been recorded.',
    queued: 'Your rating is saved on this device and will be sent automatically when there is a connection.',
    duplicateHere: 'This rating was already submitted from this device, so it was not recorded again.',
    ratedTitle: 'This dossier has already been rated',
    rated: 'Dossier {dossier} already has a rating. Each dossier can be rated only once, so this rating was not added. Thank you for your time.',
    rejectedTitle: 'Your rating was not recorded',
    rejected: 'The system did not accept this rating. Please check it or tell the staff at the counter.',
    again: 'Rate again',
    tellUs: 'Tell us what happened',
    back: 'Back',
  },
}
export default en
