// The mock backend's fleet view (`vite --mode mock`): every endpoint of every mock provider over
// one window, from the same timelines as the mock's health monitor and bucket events, grouped,
// totalled and ranked as core does (core/src/fleet/). Dev only: the app shows what core returns.
import { FLEET_RULES, LIMITS, type CannotServeReason, type FleetEndpoint, type FleetFigures, type FleetHealth, type FleetQuery, type FleetStrip, type FleetStripPage, type Generation, type KeysCannotServe, type ProviderSummary, type TimelineBucket } from '@/api'
import { shownName } from '@/composables/providerSettings'
import { outcomeRate } from './mockLevels'
import { endpointTimeline, seedOf, sumTimelines, windowOf } from './mockTimeline'
import { providerKeys } from './mockIncident'

type Row = { p: ProviderSummary; endpoint_id: string; api_format: string; is_active: boolean; timeline: TimelineBucket[] }

function figures(timeline: TimelineBucket[]): FleetFigures {
  const w = windowOf(timeline)
  const finished = w.outcomes.success + w.outcomes.service_error
  return {
    attempts: w.total,
    outcomes: w.outcomes,
    failed: w.by_status.failed ?? 0,
    skipped: w.by_status.skipped ?? 0,
    success_rate: w.success_rate,
    rate_counts: finished >= FLEET_RULES.min_finished_for_rate,
    latency_p50_ms: w.latency_p50_ms,
    latency_p95_ms: w.latency_p95_ms,
    level: w.level,
  }
}

function strip(timeline: TimelineBucket[]): FleetStrip {
  return {
    levels: timeline.map((b) => b.level),
    total: timeline.map((b) => b.total),
    success: timeline.map((b) => b.outcomes.success),
    service_error: timeline.map((b) => b.outcomes.service_error),
    user_error: timeline.map((b) => b.outcomes.user_error),
    success_rate: timeline.map((b) => outcomeRate(b.outcomes.success, b.outcomes.service_error)),
  }
}

/** Core's ranking: most provider errors; then the lower rate where it counts, before one that does not; then name, format, id. */
function worseFirst(a: FleetEndpoint, b: FleetEndpoint): number {
  const rate = (e: FleetEndpoint) => (e.figures.rate_counts ? e.figures.success_rate : null)
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0)
  const ra = rate(a)
  const rb = rate(b)
  return (
    b.figures.outcomes.service_error - a.figures.outcomes.service_error ||
    (ra != null && rb != null ? ra - rb : ra != null ? -1 : rb != null ? 1 : 0) ||
    cmp(a.provider_name, b.provider_name) ||
    cmp(a.api_format, b.api_format) ||
    cmp(a.endpoint_id, b.endpoint_id)
  )
}

function passes(q: FleetQuery, r: Row): boolean {
  const f = q.filters ?? {}
  if (f.api_formats?.length && !f.api_formats.includes(r.api_format)) return false
  const active = r.is_active && r.p.is_active
  if (f.active != null && active !== f.active) return false
  if (f.with_traffic_only && !r.timeline.some((b) => b.total > 0)) return false
  const search = f.provider_search?.toLowerCase()
  return !search || shownName(r.p).toLowerCase().includes(search)
}

/** Keys of the providers shown that serve `format` and cannot at the as-of time. */
function keysCannotServe(providers: ProviderSummary[], format: string, asOf: string, generation: Generation): KeysCannotServe {
  const k: KeysCannotServe = { total: 0, inactive: 0, expired: 0, oauth_invalid: 0, circuit_open: 0, not_recorded: generation === 'legacy' ? ['oauth_invalid', 'circuit_open'] : [] }
  for (const p of providers) {
    for (const key of providerKeys(p, asOf).keys) {
      const serves = key.api_formats == null || key.api_formats.includes(format)
      if (!serves || (key.endpoint_id != null && !p.endpoint_health_details.some((e) => e.endpoint_id === key.endpoint_id && e.api_format === format))) continue
      const reasons: CannotServeReason[] = []
      if (!key.is_active) reasons.push('inactive')
      if (key.expired) reasons.push('expired')
      if (key.oauth_invalid_at != null) reasons.push('oauth_invalid')
      if (key.formats.some((f) => f.api_format === format && f.circuit_open)) reasons.push('circuit_open')
      for (const r of reasons) k[r] += 1
      if (reasons.length) k.total += 1
    }
  }
  return k
}

const sumFigures = (timelines: TimelineBucket[][]): FleetFigures => figures(sumTimelines(timelines))

export function fleetHealth(providers: ProviderSummary[], q: FleetQuery, defaultAsOf: number, generation: Generation): FleetHealth {
  const hours = q.lookback_hours ?? LIMITS.lookback_hours.default
  const n = q.buckets ?? LIMITS.buckets.default
  const asOf = q.as_of ? Date.parse(q.as_of) : defaultAsOf
  const since = asOf - hours * 3600_000
  const all: Row[] = providers.flatMap((p) =>
    p.endpoint_health_details.map((e, k) => ({ p, endpoint_id: e.endpoint_id, api_format: e.api_format, is_active: e.is_active, timeline: endpointTimeline(seedOf(p), k, since, asOf, n) })),
  )
  const rows = all.filter((r) => passes(q, r))
  const endpoints: FleetEndpoint[] = rows.map((r) => ({
    rank: 0,
    provider_id: r.p.id,
    provider_name: shownName(r.p),
    provider_active: r.p.is_active,
    endpoint_id: r.endpoint_id,
    api_format: r.api_format,
    is_active: r.is_active,
    figures: figures(r.timeline),
    strip: strip(r.timeline),
  }))
  const timelineOf = new Map(rows.map((r) => [r.endpoint_id, r.timeline]))
  endpoints.sort(worseFirst).forEach((e, i) => (e.rank = i + 1))
  const asOfIso = new Date(asOf).toISOString()
  const formats = [...new Set(endpoints.map((e) => e.api_format))].sort().map((api_format) => {
    const mine = endpoints.filter((e) => e.api_format === api_format)
    const timelines = mine.map((e) => timelineOf.get(e.endpoint_id) ?? [])
    const shownProviders = providers.filter((p) => mine.some((e) => e.provider_id === p.id))
    const summed = sumTimelines(timelines)
    return {
      api_format,
      providers: shownProviders.length,
      endpoints: mine.length,
      figures: sumFigures(timelines),
      degraded_endpoints: mine.filter((e) => e.figures.rate_counts && e.figures.level === 'warn').length,
      unhealthy_endpoints: mine.filter((e) => e.figures.rate_counts && e.figures.level === 'bad').length,
      keys_cannot_serve: keysCannotServe(shownProviders, api_format, asOfIso, generation),
      strip: strip(summed),
      worst_ranks: worstRanks(mine, n),
    }
  })
  const step = (asOf - since) / n
  return {
    generated_at: asOfIso,
    since: new Date(since).toISOString(),
    lookback_hours: hours,
    bucket_starts: Array.from({ length: n }, (_, i) => new Date(since + Math.ceil(i * step)).toISOString()),
    formats,
    endpoints,
    total: sumFigures(rows.map((r) => r.timeline)),
    generation,
  }
}

/** Per bucket, the rank of the endpoint a format's cell opens: most service errors, then most events, then the better rank. */
function worstRanks(ranked: FleetEndpoint[], buckets: number): (number | null)[] {
  const worst: (FleetEndpoint | null)[] = Array.from({ length: buckets }, () => null)
  for (const e of ranked) {
    for (let i = 0; i < buckets; i++) {
      const s = e.strip
      const cur = worst[i]?.strip
      if (!s || s.total[i] === 0) continue
      if (!cur || s.service_error[i] > cur.service_error[i] || (s.service_error[i] === cur.service_error[i] && s.total[i] > cur.total[i])) worst[i] = e
    }
  }
  return worst.map((e) => e?.rank ?? null)
}

/** What the app answers: the rows without their strips (the list asks for those by rank). */
export function withoutStrips(fleet: FleetHealth): FleetHealth {
  return { ...fleet, endpoints: fleet.endpoints.map((e) => ({ ...e, strip: null })) }
}

/** The strips of the rows ranked `firstRank` onwards, as the app serves them. */
export function stripsPage(fleet: FleetHealth, firstRank: number, count: number): FleetStripPage {
  return { first_rank: firstRank, strips: fleet.endpoints.slice(firstRank - 1, firstRank - 1 + count).flatMap((e) => (e.strip ? [e.strip] : [])) }
}
