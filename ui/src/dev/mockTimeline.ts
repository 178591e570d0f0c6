// The mock backend's deterministic timelines (`vite --mode mock`), the one source the mock's
// health monitor, fleet view and bucket events all draw from, so their counts agree. Outcome
// classes follow core's rule as the mock's events carry it (mockIncident.ts): every fifth
// failure is the client's bad request (400), the rest are the provider's errors. Dev only.
import type { OutcomeCounts, ProviderSummary, TimelineBucket, WindowStats } from '@/api'
import { outcomeLevel, outcomeRate } from './mockLevels'

export function rng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) % 4294967296
    return seed / 4294967296
  }
}

/** A provider's seed for its timelines: its number (`p12`). */
export const seedOf = (p: Pick<ProviderSummary, 'id'>): number => Number(p.id.slice(1)) || p.id.length

/** How many of a bucket's `failed` events are client errors (mockIncident: failure `n % 5 === 4`). */
export const clientErrorsOf = (failed: number): number => Math.floor(failed / 5)

function outcomesOf(success: number, failed: number, skipped: number, other: number): OutcomeCounts {
  const user = clientErrorsOf(failed)
  return { success, service_error: failed - user, user_error: user, not_attempted: skipped, in_flight: other }
}

/** Endpoint `k` of a provider (`seed`): `n` buckets over `[since, asOf]`, an outage in the 6th tenth on its first endpoint. */
export function endpointTimeline(seed: number, k: number, since: number, asOf: number, n: number): TimelineBucket[] {
  const r = rng(k + seed * 31)
  const step = (asOf - since) / n
  return Array.from({ length: n }, (_, b) => {
    const total = r() < 0.1 ? 0 : Math.floor(r() * 40)
    const outage = b > n / 2 && b < n * 0.6 && k === 0
    const failed = outage ? Math.floor(total * 0.7) : Math.floor(total * r() * 0.1)
    const skipped = Math.floor((total - failed) * r() * 0.1)
    const success = total - failed - skipped
    const outcomes = outcomesOf(success, failed, skipped, 0)
    const user = outcomes.user_error
    const top = [
      ...(failed - user ? [{ error_type: 'upstream_timeout', count: failed - user }] : []),
      ...(user ? [{ error_type: 'invalid_request', count: user }] : []),
    ]
    return {
      start: new Date(since + b * step).toISOString(),
      end: new Date(since + (b + 1) * step).toISOString(),
      total,
      success,
      failed,
      skipped,
      other: 0,
      latency_p50_ms: total ? Math.round(400 + r() * 600 + (outage ? 3000 : 0)) : null,
      top_error_types: top,
      outcomes,
      success_rate: outcomeRate(success, outcomes.service_error),
      level: outcomeLevel(total, success, outcomes.service_error),
    }
  })
}

const addOutcomes = (a: OutcomeCounts, b: OutcomeCounts): OutcomeCounts => ({
  success: a.success + b.success,
  service_error: a.service_error + b.service_error,
  user_error: a.user_error + b.user_error,
  not_attempted: a.not_attempted + b.not_attempted,
  in_flight: a.in_flight + b.in_flight,
})
const NO_OUTCOMES: OutcomeCounts = { success: 0, service_error: 0, user_error: 0, not_attempted: 0, in_flight: 0 }

/** The outcomes of a set of buckets together. */
export const sumOutcomes = (buckets: { outcomes: OutcomeCounts }[]): OutcomeCounts => buckets.reduce((s, b) => addOutcomes(s, b.outcomes), NO_OUTCOMES)

/** Several endpoints' timelines (same buckets) as one: the provider's all-endpoints row. */
export function sumTimelines(timelines: TimelineBucket[][]): TimelineBucket[] {
  return (timelines[0] ?? []).map((first, i) => {
    const cells = timelines.map((t) => t[i]).filter((b): b is TimelineBucket => b != null)
    const sum = (f: (b: TimelineBucket) => number) => cells.reduce((s, b) => s + f(b), 0)
    const outcomes = sumOutcomes(cells)
    const total = sum((b) => b.total)
    const p50s = cells.map((b) => b.latency_p50_ms).filter((v): v is number => v != null)
    return {
      ...first,
      total,
      success: sum((b) => b.success),
      failed: sum((b) => b.failed),
      skipped: sum((b) => b.skipped),
      other: sum((b) => b.other),
      latency_p50_ms: p50s.length ? Math.max(...p50s) : null,
      top_error_types: cells.flatMap((b) => b.top_error_types).slice(0, 3),
      outcomes,
      success_rate: outcomeRate(outcomes.success, outcomes.service_error),
      level: outcomeLevel(total, outcomes.success, outcomes.service_error),
    }
  })
}

/** A window's statistics from its buckets (latency figures are the mock's fixed ones). */
export function windowOf(timeline: TimelineBucket[]): WindowStats {
  const sum = (f: (b: TimelineBucket) => number) => timeline.reduce((s, b) => s + f(b), 0)
  const total = sum((b) => b.total)
  const outcomes = sumOutcomes(timeline)
  const failed = sum((b) => b.failed)
  const user = outcomes.user_error
  const byType = new Map<string, number>()
  for (const e of timeline.flatMap((b) => b.top_error_types)) byType.set(e.error_type, (byType.get(e.error_type) ?? 0) + e.count)
  return {
    total,
    by_status: { success: sum((b) => b.success), failed, skipped: sum((b) => b.skipped) },
    outcomes,
    success_rate: outcomeRate(outcomes.success, outcomes.service_error),
    latency_p50_ms: total ? 700 : null,
    latency_p95_ms: total ? 2900 : null,
    latency_max_ms: total ? 4800 : null,
    status_codes: [
      { status_code: 200, count: outcomes.success },
      ...(user ? [{ status_code: 400, count: user }] : []),
      ...(failed - user ? [{ status_code: 504, count: failed - user }] : []),
    ].filter((c) => c.count > 0),
    top_error_types: [...byType].map(([error_type, count]) => ({ error_type, count })).sort((a, b) => b.count - a.count || a.error_type.localeCompare(b.error_type)).slice(0, 5),
    level: outcomeLevel(total, outcomes.success, outcomes.service_error),
  }
}
