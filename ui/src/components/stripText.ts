import type { TimelineBucket } from '@/api'
import { formatDuration, formatNumber, formatPercent, formatShortTime } from '@/composables/format'
import type { ZoneChoice } from '@/composables/timeZone'

type Translate = (key: string, params?: Record<string, unknown>) => string

/** The tooltip lines of one timeline cell: range, success rate, counts by status, latency p50, top errors. */
export function bucketTooltip(b: TimelineBucket, t: Translate, locale: string, zone: ZoneChoice = 'local'): string[] {
  const lines = [t('strip.range', { start: formatShortTime(b.start, locale, zone), end: formatShortTime(b.end, locale, zone) })]
  if (b.total === 0) return [...lines, t('strip.empty')]
  const n = (v: number) => formatNumber(v, locale)
  lines.push(
    b.success_rate == null
      ? t('health.rateNone')
      : t('health.rate', { rate: formatPercent(b.success_rate, locale), success: n(b.success), finished: n(b.success + b.failed) }),
  )
  lines.push(t('strip.counts', { success: n(b.success), failed: n(b.failed), skipped: n(b.skipped), other: n(b.other) }))
  lines.push(b.latency_p50_ms == null ? t('strip.p50None') : t('health.p50', { duration: formatDuration(b.latency_p50_ms, locale) }))
  if (b.top_error_types.length > 0) {
    lines.push(t('strip.topErrors', { list: b.top_error_types.map((e) => `${e.error_type} ×${n(e.count)}`).join(', ') }))
  }
  return lines
}
