import type { Counter, Procedure, Unit } from '../../shared/catalog'
import { DEFAULT_DATA } from '../defaults/initial-data'
import type { InitialCatalog, InitialData } from '../store/initial-data'

/**
 * A realistic demo catalog of Sở Ngoại vụ Hà Tĩnh (the default agency, server/defaults/agency.ts; marked as
 * demo in /api/catalog). Unit and procedure names follow the department's real structure; codes are illustrative.
 */

export const DEMO_UNITS: Unit[] = [
  { code: 'VP-TT', name: { vi: 'Văn phòng – Thanh tra Sở', en: 'Office – Inspectorate' }, isInspectorate: true },
  { code: 'LS', name: { vi: 'Phòng Lãnh sự và Người Việt Nam ở nước ngoài', en: 'Consular and Overseas Vietnamese Office' }, isInspectorate: false },
  { code: 'HTQT', name: { vi: 'Phòng Hợp tác quốc tế', en: 'International Cooperation Office' }, isInspectorate: false },
  { code: 'BG', name: { vi: 'Phòng Quản lý biên giới', en: 'Border Affairs Office' }, isInspectorate: false },
]

export const DEMO_COUNTERS: Counter[] = [
  {
    code: 'HCC-01',
    name: { vi: 'Quầy số 1 – Sở Ngoại vụ', en: 'Counter 1 – Department of Foreign Affairs' },
    location: { vi: 'Trung tâm Phục vụ hành chính công tỉnh', en: 'Provincial Public Administration Service Centre' },
    unitCode: 'LS',
    questionnaireKey: 'quick',
  },
  {
    code: 'HCC-02',
    name: { vi: 'Quầy số 2 – Sở Ngoại vụ', en: 'Counter 2 – Department of Foreign Affairs' },
    location: { vi: 'Trung tâm Phục vụ hành chính công tỉnh', en: 'Provincial Public Administration Service Centre' },
    unitCode: 'HTQT',
    questionnaireKey: 'official',
  },
  {
    code: 'SNV-TN',
    name: { vi: 'Bộ phận tiếp nhận tại trụ sở Sở', en: 'Reception desk at the Department' },
    location: { vi: 'Trụ sở Sở Ngoại vụ, TP Hà Tĩnh', en: 'Department headquarters, Hà Tĩnh city' },
    unitCode: 'VP-TT',
    questionnaireKey: 'quick',
  },
]

export const DEMO_PROCEDURES: Procedure[] = [
  { code: 'HC-NGCV', nationalCode: null, name: { vi: 'Cấp hộ chiếu ngoại giao, hộ chiếu công vụ', en: 'Issuing diplomatic and official passports' }, unitCode: 'LS', timeLimitDays: 5 },
  { code: 'CH-TT', nationalCode: null, name: { vi: 'Đề nghị cấp công hàm xin thị thực', en: 'Diplomatic note requesting a visa' }, unitCode: 'LS', timeLimitDays: 3 },
  { code: 'ABTC', nationalCode: null, name: { vi: 'Cho phép sử dụng thẻ đi lại của doanh nhân APEC (ABTC)', en: 'Approval to use the APEC Business Travel Card (ABTC)' }, unitCode: 'HTQT', timeLimitDays: 10 },
  { code: 'HNHT-QT', nationalCode: null, name: { vi: 'Cho phép tổ chức hội nghị, hội thảo quốc tế', en: 'Permission to hold an international conference or workshop' }, unitCode: 'HTQT', timeLimitDays: 15 },
  { code: 'HPH-LS', nationalCode: null, name: { vi: 'Hợp pháp hóa lãnh sự, chứng nhận lãnh sự', en: 'Consular legalisation and certification' }, unitCode: 'LS', timeLimitDays: 1 },
  { code: 'BG-QL', nationalCode: null, name: { vi: 'Cho phép người nước ngoài vào khu vực biên giới', en: 'Permission for foreigners to enter the border area' }, unitCode: 'BG', timeLimitDays: 5 },
]

/** What SEED_DEMO loads into an empty catalog (Store.loadInitialData). */
export const DEMO_CATALOG: InitialCatalog = { demo: true, units: DEMO_UNITS, counters: DEMO_COUNTERS, procedures: DEMO_PROCEDURES }

/** What a start with SEED_DEMO loads: the defaults, and the demo catalog if the catalog is empty. */
export const DEMO_START: InitialData = { ...DEFAULT_DATA, catalog: DEMO_CATALOG }
