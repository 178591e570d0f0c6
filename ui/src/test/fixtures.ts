// Small builders for component tests: a valid object with overrides, nothing more.
import type { CandidateEvent, DatabaseInfo, EndpointHealthDetail, EventPage, FleetEndpoint, FleetFigures, FleetFormat, FleetHealth, FleetStrip, OutcomeCounts, ProviderSummary, TimelineBucket, WindowStats } from '@/api'
import { makeI18n, type Locale } from '@/i18n'
import { EDITABLE } from '@/dev/editableSettings'
import { createMemoryHistory } from 'vue-router'
import { makeRouter } from '@/router'

export { EDITABLE }

export function endpoint(over: Partial<EndpointHealthDetail> = {}): EndpointHealthDetail {
  return { endpoint_id: 'e1', api_format: 'CLAUDE', health_score: 1, is_active: true, active_keys: 2, total_keys: 2, verdict: 'healthy', level: 'good', ...over }
}

export function provider(over: Partial<ProviderSummary> = {}): ProviderSummary {
  return {
    id: 'p1',
    name: 'anthropic-main',
    display_name: 'Anthropic Main',
    description: 'Primary account',
    website: 'https://anthropic.com',
    provider_priority: 10,
    is_active: true,
    billing_type: 'pay_as_you_go',
    monthly_quota_usd: null,
    monthly_used_usd: null,
    quota_reset_day: null,
    quota_last_reset_at: null,
    next_quota_reset: null,
    quota_expires_at: null,
    rpm_limit: 600,
    rpm_used: 12,
    rpm_reset_at: null,
    total_endpoints: 1,
    active_endpoints: 1,
    total_keys: 2,
    active_keys: 2,
    total_models: 5,
    active_models: 4,
    avg_health_score: 1,
    unhealthy_endpoints: 0,
    api_formats: ['CLAUDE'],
    endpoint_health_details: [endpoint()],
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-11-20T08:00:00Z',
    generation: 'legacy',
    verdict: 'healthy',
    needs_attention: false,
    health_level: 'good',
    ...over,
  }
}

/**
 * A summary read from a Rust gateway (or, with `generation: 'v0.3'`, a v0.3) database: no
 * display_name or provider RPM, and the newer generations' settings.
 */
export function gatewayProvider(over: Partial<ProviderSummary> = {}): ProviderSummary {
  const base: Partial<ProviderSummary> = provider({
    name: 'Anthropic Main',
    generation: 'rust',
    provider_type: 'claude_code',
    max_retries: 2,
    request_timeout: 300,
    stream_first_byte_timeout: 30,
    concurrent_limit: null,
    keep_priority_on_conversion: false,
    enable_format_conversion: true,
    api_formats: ['claude:messages'],
    endpoint_health_details: [endpoint({ api_format: 'claude:messages' })],
  })
  delete base.display_name
  delete base.rpm_limit
  delete base.rpm_used
  delete base.rpm_reset_at
  return { ...(base as ProviderSummary), ...over }
}

/** An open legacy snapshot file, writable, with legacy's editable fields and rules. */
export function database(over: Partial<DatabaseInfo> = {}): DatabaseInfo {
  return {
    kind: 'sqlite',
    display_name: 'demo.db',
    location: '/data/demo.db',
    read_only: false,
    read_only_reason: null,
    can_reopen_writable: false,
    generation: 'legacy',
    schema_version: null,
    time_encoding: 'rfc3339_text',
    editable_fields: [...EDITABLE.legacy.fields],
    field_rules: [...EDITABLE.legacy.rules],
    snapshot: null,
    as_of: '2026-11-26T10:00:00Z',
    row_counts: {},
    row_counts_exact: true,
    ...over,
  }
}

export function outcomes(over: Partial<OutcomeCounts> = {}): OutcomeCounts {
  return { success: 0, service_error: 0, user_error: 0, not_attempted: 0, in_flight: 0, ...over }
}

/**
 * A timeline cell; without `outcomes`, its classes follow its statuses as core's rule would for
 * codes other than 400 (success → success, failed → provider error, skipped → not attempted,
 * other → in flight).
 */
export function bucket(over: Partial<TimelineBucket> = {}): TimelineBucket {
  const byStatus = outcomes({ success: over.success ?? 0, service_error: over.failed ?? 0, not_attempted: over.skipped ?? 0, in_flight: over.other ?? 0 })
  return {
    outcomes: byStatus,
    start: '2026-11-26T08:00:00Z',
    end: '2026-11-26T08:06:00Z',
    total: 0,
    success: 0,
    failed: 0,
    skipped: 0,
    other: 0,
    latency_p50_ms: null,
    top_error_types: [],
    success_rate: null,
    level: 'empty',
    ...over,
  }
}

/** A window's statistics with no events. */
export function windowStats(over: Partial<WindowStats> = {}): WindowStats {
  return {
    total: 0,
    by_status: {},
    outcomes: outcomes(),
    success_rate: null,
    latency_p50_ms: null,
    latency_p95_ms: null,
    latency_max_ms: null,
    status_codes: [],
    top_error_types: [],
    level: 'empty',
    ...over,
  }
}

/** Mount options with a fresh i18n in the given language. */
export function withI18n(locale: Locale = 'en') {
  return { global: { plugins: [makeI18n(locale)] } }
}

/** A router on an in-memory history at `path` (await `router.isReady()` before mounting). */
export function memoryRouter(path = '/') {
  const router = makeRouter(createMemoryHistory())
  void router.push(path)
  return router
}

/** Mount options with a fresh i18n and `router`, for screens that read or change the route. */
export function withApp(locale: Locale = 'en', router = memoryRouter()) {
  return { global: { plugins: [makeI18n(locale), router] } }
}

/** One request candidate as event lists and chains show it. */
export function candidate(over: Partial<CandidateEvent> = {}): CandidateEvent {
  return {
    id: 'c1',
    request_id: 'req-1',
    candidate_index: 0,
    retry_index: 0,
    provider_id: 'p1',
    provider_name: 'Anthropic Main',
    endpoint_id: 'e1',
    api_format: 'CLAUDE',
    key_id: 'k1',
    key_name: 'team key',
    created_at: '2026-11-26T08:03:00Z',
    started_at: '2026-11-26T08:03:00Z',
    finished_at: '2026-11-26T08:03:31Z',
    status: 'failed',
    outcome: 'service_error',
    status_code: 504,
    latency_ms: 30_652,
    error_type: 'upstream_timeout',
    error_message: 'upstream did not answer',
    skip_reason: null,
    ...over,
  }
}

/** A page of a bucket's events. */
export function eventPage(over: Partial<EventPage> = {}): EventPage {
  return {
    provider_id: 'p1',
    provider_name: 'Anthropic Main',
    endpoint_id: 'e1',
    from: '2026-11-26T08:00:00Z',
    to: '2026-11-26T08:06:00Z',
    to_inclusive: false,
    filters: { statuses: [], outcomes: [], status_codes: [], error_types: [], message_contains: null },
    page_size: 100,
    events: [candidate()],
    next_cursor: null,
    skip_reason_recorded: true,
    generation: 'rust',
    ...over,
  }
}

/** Figures of a fleet row with no events. */
export function fleetFigures(over: Partial<FleetFigures> = {}): FleetFigures {
  return { attempts: 0, outcomes: outcomes(), failed: 0, skipped: 0, success_rate: null, rate_counts: false, latency_p50_ms: null, latency_p95_ms: null, level: 'empty', ...over }
}

/** A fleet strip of three buckets; `cells` gives each bucket's [success, service_error, user_error]. */
export function fleetStrip(cells: [number, number, number][] = [[0, 0, 0], [0, 0, 0], [0, 0, 0]]): FleetStrip {
  const rate = ([s, e]: [number, number, number]) => (s + e === 0 ? null : s / (s + e))
  return {
    levels: cells.map((c) => {
      const r = rate(c)
      return c[0] + c[1] + c[2] === 0 ? 'empty' : r == null ? 'neutral' : r >= 0.95 ? 'good' : r >= 0.8 ? 'warn' : 'bad'
    }),
    total: cells.map(([s, e, u]) => s + e + u),
    success: cells.map((c) => c[0]),
    service_error: cells.map((c) => c[1]),
    user_error: cells.map((c) => c[2]),
    success_rate: cells.map(rate),
  }
}

export function fleetEndpoint(over: Partial<FleetEndpoint> = {}): FleetEndpoint {
  return {
    rank: 1,
    provider_id: 'p1',
    provider_name: 'Anthropic Main',
    provider_active: true,
    endpoint_id: 'e1',
    api_format: 'claude:messages',
    is_active: true,
    figures: fleetFigures(),
    strip: fleetStrip(),
    ...over,
  }
}

export function fleetFormat(over: Partial<FleetFormat> = {}): FleetFormat {
  return {
    api_format: 'claude:messages',
    providers: 1,
    endpoints: 1,
    figures: fleetFigures(),
    degraded_endpoints: 0,
    unhealthy_endpoints: 0,
    keys_cannot_serve: { total: 0, inactive: 0, expired: 0, oauth_invalid: 0, circuit_open: 0, not_recorded: [] },
    strip: fleetStrip(),
    worst_ranks: [null, null, null],
    ...over,
  }
}

/** A fleet view over three 2-hour buckets ending 2026-11-26T10:00Z. */
export function fleetHealth(over: Partial<FleetHealth> = {}): FleetHealth {
  return {
    generated_at: '2026-11-26T10:00:00Z',
    since: '2026-11-26T04:00:00Z',
    lookback_hours: 6,
    bucket_starts: ['2026-11-26T04:00:00Z', '2026-11-26T06:00:00Z', '2026-11-26T08:00:00Z'],
    formats: [fleetFormat()],
    endpoints: [fleetEndpoint()],
    total: fleetFigures(),
    generation: 'rust',
    ...over,
  }
}
