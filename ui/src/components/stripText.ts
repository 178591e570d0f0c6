import type { TimelineBucket } from '@/api'
import { formatShortTime } from '@/composables/format'

type Translate = (key: string, params?: Record<string, unknown>) => string

/** The tooltip lines of one timeline cell: range, counts by status, latency p50, top errors. */
export function bucketTooltip(b: TimelineBucket, t: Translate, locale: string): string[] {
  const lines = [t('strip.range', { start: formatShortTime(b.start, locale), end: formatShortTime(b.end, locale) })]
  if (b.total === 0) return [...lines, t('strip.empty')]
  lines.push(t('strip.counts', { success: b.success, failed: b.failed, skipped: b.skipped, other: b.other }))
  lines.push(b.latency_p50_ms == null ? t('strip.p50None') : t('strip.p50', { ms: b.latency_p50_ms }))
  if (b.top_error_types.length > 0) {
    lines.push(t('strip.topErrors', { list: b.top_error_types.map((e) => `${e.error_type} ×${e.count}`).join(', ') }))
  }
  return lines
}
