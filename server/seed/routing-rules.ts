import type { RoutingRule } from '../../shared/routing'

/**
 * Default routing (../shared/DOMAIN.md): conduct → Văn phòng – Thanh tra; a procedure's content or delay →
 * the unit owning the procedure; facilities → the counter's unit. Priorities leave gaps of ten so that an
 * administrator can slot a specific rule (one procedure, one counter) ahead of the general ones.
 */
export const DEFAULT_ROUTING_RULES: RoutingRule[] = [
  {
    id: 'conduct',
    priority: 10,
    match: { categories: ['conduct'] },
    targets: ['inspectorate'],
    note: {
      vi: 'Phản ánh về thái độ, tác phong cán bộ do Văn phòng – Thanh tra Sở xử lý',
      en: 'Staff conduct is handled by the Office – Inspectorate',
    },
  },
  {
    id: 'procedure-content',
    priority: 20,
    match: { categories: ['processing_time', 'dossier_requirements', 'fees', 'regulation'] },
    targets: ['procedure_owner', 'counter_unit', 'inspectorate'],
    note: {
      vi: 'Thời gian giải quyết, thành phần hồ sơ, phí và quy định do đơn vị chủ trì thủ tục xử lý',
      en: 'Processing time, dossier requirements, fees and regulations go to the unit that owns the procedure',
    },
  },
  {
    id: 'facilities',
    priority: 30,
    match: { categories: ['facilities'] },
    targets: ['counter_unit', 'inspectorate'],
    note: {
      vi: 'Cơ sở vật chất do đơn vị phụ trách quầy xử lý',
      en: "Facilities go to the unit that runs the counter",
    },
  },
  {
    id: 'online-services',
    priority: 40,
    match: { categories: ['online_services'] },
    targets: ['procedure_owner', 'inspectorate'],
    note: {
      vi: 'Dịch vụ công trực tuyến do đơn vị chủ trì thủ tục xử lý',
      en: 'Online services go to the unit that owns the procedure',
    },
  },
  {
    id: 'other',
    priority: 50,
    match: { categories: ['other'] },
    targets: ['counter_unit', 'inspectorate'],
    note: {
      vi: 'Vấn đề khác do đơn vị phụ trách quầy xử lý',
      en: 'Other matters go to the unit that runs the counter',
    },
  },
  {
    // Catches categories added later, before anyone writes a rule for them.
    id: 'fallback',
    priority: 1000,
    match: {},
    targets: ['inspectorate'],
    note: {
      vi: 'Không có quy tắc riêng: Văn phòng – Thanh tra Sở tiếp nhận và phân công',
      en: 'No specific rule: the Office – Inspectorate receives and assigns it',
    },
  },
]
