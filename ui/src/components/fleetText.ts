// What the fleet view says in words: a strip cell's lines (its tooltip and its label), the keys
// that cannot serve a format, and the buckets' time ranges (formatted once per answer, not per cell).
import type { CannotServeReason, FleetEndpoint, FleetHealth, FleetStrip, KeysCannotServe } from '@/api'
import { formatDuration, formatNumber, formatPercent, formatShortTime } from '@/composables/format'
import type { ZoneChoice } from '@/composables/timeZone'
import { formatLabel } from '@/composables/apiFormat'
import { rateLines } from './stripText'

type Translate = (key: string, params?: Record<string, unknown>, plural?: number) => string

/** Each bucket's "start – end" in the shown zone. */
export function bucketRanges(fleet: Pick<FleetHealth, 'bucket_starts' | 'generated_at'>, t: Translate, locale: string, zone: ZoneChoice): string[] {
  const starts = fleet.bucket_starts.map((s) => formatShortTime(s, locale, zone))
  const end = formatShortTime(fleet.generated_at, locale, zone)
  return starts.map((start, i) => t('strip.range', { start, end: starts[i + 1] ?? end }))
}

/** The lines of cell `i` of a fleet strip: range, success rate, client errors apart, attempts. */
export function fleetCellLines(strip: FleetStrip, i: number, range: string, t: Translate, locale: string): string[] {
  const total = strip.total[i] ?? 0
  if (total === 0) return [range, t('strip.empty')]
  const outcomes = { success: strip.success[i] ?? 0, service_error: strip.service_error[i] ?? 0, user_error: strip.user_error[i] ?? 0 }
  return [range, ...rateLines(strip.success_rate[i] ?? null, outcomes, t, locale), t('fleet.figures.attempts', { n: formatNumber(total, locale) }, total)]
}

/** The words of a fleet cell's label, looked up once per language (a label is built per cell). */
export function cellWords(t: Translate) {
  return { empty: t('strip.empty'), rate: t('fleet.cols.rate'), attempts: t('fleet.cols.attempts'), clientErrors: t('fleet.cols.clientErrors') }
}
export type CellWords = ReturnType<typeof cellWords>

/** Cell `i`'s label for screen readers: range, success rate, attempts, client errors (the tooltip says more). */
export function fleetCellLabel(strip: FleetStrip, i: number, range: string, words: CellWords, locale: string): string {
  const total = strip.total[i] ?? 0
  if (total === 0) return `${range}; ${words.empty}`
  const user = strip.user_error[i] ?? 0
  const rate = `${words.rate} ${formatPercent(strip.success_rate[i] ?? null, locale)}; ${words.attempts} ${formatNumber(total, locale)}`
  return `${range}; ${rate}${user > 0 ? `; ${words.clientErrors} ${formatNumber(user, locale)}` : ''}`
}

/** What a format's cell opens: whose bucket (the endpoint with the most provider errors in it). */
export function opensLine(e: FleetEndpoint | null, t: Translate): string[] {
  return e ? [t('fleet.cell.opensWorst', { provider: e.provider_name, format: formatLabel(e.api_format) })] : []
}

const REASONS: CannotServeReason[] = ['inactive', 'expired', 'oauth_invalid', 'circuit_open']

/** "2 keys cannot serve", its reasons with their counts, and the reasons this database does not record. */
export function keysText(k: KeysCannotServe, t: Translate, locale: string): { total: string; reasons: string[]; notRecorded: string | null } {
  const recorded = REASONS.filter((r) => !k.not_recorded.includes(r))
  const reasons = recorded.filter((r) => k[r] > 0).map((r) => t(`fleet.keys.reasons.${r}`, { n: formatNumber(k[r], locale) }))
  return {
    total: k.total === 0 ? t('fleet.keys.none') : t('fleet.keys.total', { n: formatNumber(k.total, locale) }, k.total),
    reasons,
    notRecorded: k.not_recorded.length ? t('fleet.keys.notRecorded', { list: k.not_recorded.map((r) => t(`fleet.keys.reasonNames.${r}`)).join(', ') }) : null,
  }
}

/** A latency in words, `—` when none was measured. */
export const latencyText = (v: number | null, locale: string): string => (v == null ? '—' : formatDuration(v, locale))
