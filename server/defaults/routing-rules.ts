import type { FeedbackCategory } from '../../shared/feedback'
import type { RoutingRule, RoutingTarget } from '../../shared/routing'

/** A default rule: the categories it matches (none: every category) and the targets tried in turn. */
function rule(id: string, priority: number, categories: FeedbackCategory[], targets: RoutingTarget[], vi: string, en: string): RoutingRule {
  return { id, priority, match: categories.length > 0 ? { categories } : {}, targets, note: { vi, en } }
}

/**
 * Default routing (../shared/DOMAIN.md): conduct → Văn phòng – Thanh tra; a procedure's content or delay →
 * the unit owning the procedure; facilities → the counter's unit. Priorities leave gaps of ten so that an
 * administrator can slot a specific rule (one procedure, one counter) ahead of the general ones.
 */
export const DEFAULT_ROUTING_RULES: RoutingRule[] = [
  rule('conduct', 10, ['conduct'], ['inspectorate'],
    'Phản ánh về thái độ, tác phong cán bộ do Văn phòng – Thanh tra Sở xử lý',
    'Staff conduct is handled by the Office – Inspectorate'),
  rule('procedure-content', 20, ['processing_time', 'dossier_requirements', 'fees', 'regulation'], ['procedure_owner', 'counter_unit', 'inspectorate'],
    'Thời gian giải quyết, thành phần hồ sơ, phí và quy định do đơn vị chủ trì thủ tục xử lý',
    'Processing time, dossier requirements, fees and regulations go to the unit that owns the procedure'),
  rule('facilities', 30, ['facilities'], ['counter_unit', 'inspectorate'],
    'Cơ sở vật chất do đơn vị phụ trách quầy xử lý',
    'Facilities go to the unit that runs the counter'),
  rule('online-services', 40, ['online_services'], ['procedure_owner', 'inspectorate'],
    'Dịch vụ công trực tuyến do đơn vị chủ trì thủ tục xử lý',
    'Online services go to the unit that owns the procedure'),
  rule('other', 50, ['other'], ['counter_unit', 'inspectorate'],
    'Vấn đề khác do đơn vị phụ trách quầy xử lý',
    'Other matters go to the unit that runs the counter'),
  // Catches categories added later, before anyone writes a rule for them.
  rule('fallback', 1000, [], ['inspectorate'],
    'Không có quy tắc riêng: Văn phòng – Thanh tra Sở tiếp nhận và phân công',
    'No specific rule: the Office – Inspectorate receives and assigns it'),
]
