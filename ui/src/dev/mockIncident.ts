// The mock backend's bucket events, request chains and keys (`vite --mode mock`), built from the
// same deterministic timelines the mock's health monitor draws, so a drilled-in bucket lists as
// many events as its cell counts. Dev only: the app shows what core returns.
import type { CandidateEvent, EventFilters, EventPage, EventsQuery, OutcomeClass, ProviderKeys, ProviderSummary, RequestChain, TimelineBucket } from '@/api'
import { shownName } from '@/composables/providerSettings'

/** Core's outcome rule (core/src/outcome.rs), imitated. */
export function outcomeOf(status: string, code: number | null, message: string | null): OutcomeClass {
  if (code === 400) return 'user_error'
  if (status === 'pending' || status === 'streaming') return 'in_flight'
  if (['cancelled', 'skipped', 'available', 'unused'].includes(status)) return 'not_attempted'
  if (status === 'success' && (code == null || code < 400) && !message) return 'success'
  return 'service_error'
}

type Timeline = { endpointId: string; format: string; timeline: TimelineBucket[] }

function bucketEvents(p: ProviderSummary, e: Timeline, index: number): CandidateEvent[] {
  const b = e.timeline[index]
  if (!b) return []
  const start = Date.parse(b.start)
  const span = Date.parse(b.end) - start
  return Array.from({ length: b.total }, (_, n) => {
    const status = n < b.failed ? 'failed' : n < b.failed + b.skipped ? 'skipped' : 'success'
    // Every fifth failure is the client's bad request.
    const code = status === 'failed' ? (n % 5 === 4 ? 400 : 504) : status === 'success' ? 200 : null
    const message = status === 'failed' ? (code === 400 ? 'invalid request: max_tokens must be positive' : '=upstream did not answer within 30 s; retrying on the next candidate\nstack: gateway/forward.rs:212') : null
    const created = new Date(start + Math.floor((span * (b.total - n)) / (b.total + 1))).toISOString()
    const latency = status === 'skipped' ? null : 400 + ((n * 137) % 900) + (status === 'failed' ? 30_000 : 0)
    return {
      id: `${e.endpointId}-b${index}-${n}`,
      request_id: `req-${p.id}-${index}-${n}`,
      candidate_index: 0,
      retry_index: status === 'failed' ? n % 2 : 0,
      provider_id: p.id,
      provider_name: shownName(p),
      endpoint_id: e.endpointId,
      api_format: e.format,
      key_id: `${e.endpointId}-k${n % 3}`,
      key_name: `key ${n % 3}`,
      created_at: created,
      started_at: created,
      finished_at: latency == null ? null : new Date(Date.parse(created) + latency).toISOString(),
      status,
      outcome: outcomeOf(status, code, message),
      status_code: code,
      latency_ms: latency,
      error_type: status === 'failed' ? (code === 400 ? 'invalid_request' : 'upstream_timeout') : null,
      error_message: message,
      skip_reason: status === 'skipped' ? 'circuit_open' : null,
    }
  })
}

function passes(ev: CandidateEvent, filters: EventFilters = {}): boolean {
  const f = { statuses: [], outcomes: [], status_codes: [], error_types: [], ...filters }
  if (f.statuses.length && !f.statuses.includes(ev.status)) return false
  if (f.outcomes.length && !f.outcomes.includes(ev.outcome)) return false
  if (f.status_codes.length && (ev.status_code == null || !f.status_codes.includes(ev.status_code))) return false
  if (f.error_types.length && (ev.error_type == null || !f.error_types.includes(ev.error_type))) return false
  const text = f.message_contains?.toLowerCase()
  return !text || (ev.error_message ?? '').toLowerCase().includes(text)
}

/** One page, newest first by (created_at, id), after `query.cursor`. */
export function eventsPage(p: ProviderSummary, timelines: Timeline[], query: EventsQuery): EventPage {
  if (query.range.kind !== 'bucket') throw { kind: 'Database', message: 'the mock reads buckets only' }
  const index = query.range.index
  const shown = timelines.filter((e) => query.endpoint_id == null || e.endpointId === query.endpoint_id)
  const key = (e: CandidateEvent) => `${e.created_at ?? ''}\u0000${e.id}`
  const all = shown
    .flatMap((e) => bucketEvents(p, e, index))
    .filter((e) => passes(e, query.filters))
    .sort((a, b) => (key(a) < key(b) ? 1 : -1))
  const after = query.cursor ? `${query.cursor.created_at}\u0000${query.cursor.id}` : null
  const rest = after ? all.filter((e) => key(e) < after) : all
  const size = query.page_size ?? 100
  const events = rest.slice(0, size)
  const last = events.at(-1)
  const bucket = timelines[0]?.timeline[index]
  return {
    provider_id: p.id,
    provider_name: shownName(p),
    endpoint_id: query.endpoint_id,
    from: bucket?.start ?? '',
    to: bucket?.end ?? '',
    to_inclusive: index === (timelines[0]?.timeline.length ?? 0) - 1,
    filters: query.filters ?? {},
    page_size: size,
    events,
    next_cursor: rest.length > size && last ? { created_at: last.created_at ?? '', id: last.id } : null,
    skip_reason_recorded: p.generation === 'rust',
    generation: p.generation,
  }
}

/** A request that failed over from its provider to the next one (`req-<provider>-<bucket>-<n>`). */
export function requestChain(requestId: string, providers: ProviderSummary[]): RequestChain {
  const m = /^req-(p\d+)-(\d+)-(\d+)$/.exec(requestId)
  const first = providers.find((p) => p.id === m?.[1])
  if (!m || !first) return { request_id: requestId, candidates: [], end: { kind: 'gave_up' }, incomplete: true, gaps: [], skip_reason_recorded: false, generation: 'rust' }
  const next = providers[(providers.indexOf(first) + 1) % providers.length]
  const n = Number(m[3])
  const at = Date.parse('2026-11-26T08:00:00Z') + n * 1000
  const candidate = (p: ProviderSummary, ci: number, ri: number, ok: boolean): CandidateEvent => ({
    id: `${requestId}-${ci}-${ri}`,
    request_id: requestId,
    candidate_index: ci,
    retry_index: ri,
    provider_id: p.id,
    provider_name: shownName(p),
    endpoint_id: p.endpoint_health_details[0]?.endpoint_id ?? null,
    api_format: p.endpoint_health_details[0]?.api_format ?? null,
    key_id: null,
    key_name: 'key 0',
    created_at: new Date(at + (ci * 2 + ri) * 31_000).toISOString(),
    started_at: null,
    finished_at: new Date(at + (ci * 2 + ri + 1) * 30_000).toISOString(),
    status: ok ? 'success' : 'failed',
    outcome: ok ? 'success' : 'service_error',
    status_code: ok ? 200 : 504,
    latency_ms: ok ? 820 : 30_000,
    error_type: ok ? null : 'upstream_timeout',
    error_message: ok ? null : 'upstream did not answer within 30 s',
    skip_reason: null,
  })
  // Every seventh request lost its first retry in this "snapshot".
  const gap = n % 7 === 6
  const candidates = [...(gap ? [] : [candidate(first, 0, 0, false)]), candidate(first, 0, 1, false), candidate(next, 1, 0, true)]
  return {
    request_id: requestId,
    candidates,
    end: { kind: 'succeeded', position: candidates.length - 1 },
    incomplete: gap,
    gaps: gap ? [{ kind: 'missing_retries', candidate_index: 0, retry_indexes: [0] }] : [],
    skip_reason_recorded: true,
    generation: first.generation,
  }
}

export function providerKeys(p: ProviderSummary, asOf: string | null): ProviderKeys {
  const rust = p.generation !== 'legacy'
  const keys = p.endpoint_health_details.flatMap((e, k) =>
    Array.from({ length: e.total_keys }, (_, n) => ({
      id: `${e.endpoint_id}-k${n}`,
      name: n === 2 ? null : `${e.api_format} key ${n}`,
      is_active: n < e.active_keys,
      endpoint_id: rust ? null : e.endpoint_id,
      api_formats: rust ? (n === 1 ? null : [e.api_format]) : [e.api_format],
      health_score: rust ? null : e.health_score,
      formats: rust ? [{ api_format: e.api_format, health_score: e.health_score, consecutive_failures: n === 0 && e.level === 'bad' ? 4 : 0, circuit_open: n === 0 && e.level === 'bad', circuit_open_at: null, next_probe_at: null }] : [],
      rpm_limit: n === 1 ? null : 60 * (k + 1),
      concurrent_limit: rust ? 8 : null,
      learned_rpm_limit: rust && n === 0 ? 42 : null,
      last_error_at: e.level === 'bad' ? '2026-11-26T09:12:00Z' : null,
      last_error_message: e.level === 'bad' ? 'upstream did not answer within 30 s' : null,
      expires_at: n === 1 ? '2026-11-20T00:00:00Z' : null,
      expired: n === 1,
      oauth_invalid_at: null,
    })),
  )
  return {
    provider_id: p.id,
    as_of: asOf,
    keys,
    columns_recorded: rust ? ['rpm_limit', 'concurrent_limit', 'learned_rpm_limit', 'last_error_at', 'expires_at'] : ['rpm_limit', 'last_error_at', 'expires_at'],
    total: keys.length,
    generation: p.generation,
  }
}
