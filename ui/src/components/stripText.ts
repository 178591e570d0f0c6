import type { OutcomeCounts, TimelineBucket } from '@/api'
import { formatDuration, formatNumber, formatPercent, formatShortTime } from '@/composables/format'
import type { ZoneChoice } from '@/composables/timeZone'

type Translate = (key: string, params?: Record<string, unknown>, plural?: number) => string

/**
 * The success-rate lines of a set of outcomes: the rate as success / (success + provider errors)
 * (`docs/rules.md`, "Outcome classes"), and the client's errors (HTTP 400) apart, not counted.
 */
export function rateLines(rate: number | null, o: Pick<OutcomeCounts, 'success' | 'service_error' | 'user_error'>, t: Translate, locale: string): string[] {
  const n = (v: number) => formatNumber(v, locale)
  const lines = [
    rate == null
      ? t('health.rateNone')
      : t('health.rate', { rate: formatPercent(rate, locale), success: n(o.success), finished: n(o.success + o.service_error) }),
  ]
  if (o.user_error > 0) lines.push(t('health.clientErrors', { n: n(o.user_error) }, o.user_error))
  return lines
}

/** The tooltip lines of one timeline cell: range, success rate, counts by status, latency p50, top errors. */
export function bucketTooltip(b: TimelineBucket, t: Translate, locale: string, zone: ZoneChoice = 'local'): string[] {
  const lines = [t('strip.range', { start: formatShortTime(b.start, locale, zone), end: formatShortTime(b.end, locale, zone) })]
  if (b.total === 0) return [...lines, t('strip.empty')]
  const n = (v: number) => formatNumber(v, locale)
  lines.push(...rateLines(b.success_rate, b.outcomes, t, locale))
  lines.push(t('strip.counts', { success: n(b.success), failed: n(b.failed), skipped: n(b.skipped), other: n(b.other) }))
  lines.push(b.latency_p50_ms == null ? t('strip.p50None') : t('health.p50', { duration: formatDuration(b.latency_p50_ms, locale) }))
  if (b.top_error_types.length > 0) {
    lines.push(t('strip.topErrors', { list: b.top_error_types.map((e) => `${e.error_type} ×${n(e.count)}`).join(', ') }))
  }
  return lines
}
