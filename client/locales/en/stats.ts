import type vi from '../vi/stats'

const en: typeof vi = {
  title: 'Satisfaction statistics',
}
export default en
