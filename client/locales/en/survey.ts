import type vi from '../vi/survey'

const en: typeof vi = {
  title: 'Rating',
}
export default en
