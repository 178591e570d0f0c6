// A fake backend for `vite --mode mock`: deterministic providers and timelines behind mockIPC,
// so the UI can be seen and driven in a plain browser. Never part of a production build.
import { mockIPC } from '@tauri-apps/api/mocks'
import { endpointVerdict, outcomeLevel, providerVerdict, scoreLevel } from './mockLevels'
import { LIMITS, type DatabaseInfo, type EndpointHealthMonitor, type EventsQuery, type FieldError, type FleetQuery, type Generation, type Level, type ProviderSummary, type ReadOnlyReason } from '@/api'
import { endpointTimeline, rng, seedOf, sumTimelines, windowOf } from './mockTimeline'
import { shownName } from '@/composables/providerSettings'
import { EDITABLE } from './editableSettings'
import { eventsPage, providerKeys, requestChain } from './mockIncident'
import { fleetHealth, stripsPage, withoutStrips } from './mockFleet'

// Which mock database a location opens: `…legacy.db` an Aether ≤ v0.2 snapshot, `…v03.db` a v0.3
// snapshot, anything else the Rust gateway's own SQLite file.
const AS_OF = Date.parse('2026-11-26T10:00:00Z')
const FORMATS: Record<Generation, string[]> = {
  legacy: ['CLAUDE', 'OPENAI', 'GEMINI', 'CLAUDE_CLI', 'OPENAI_CLI'],
  'v0.3': ['claude:chat', 'openai:chat', 'gemini:chat', 'claude:cli', 'openai:cli'],
  rust: ['claude:messages', 'openai:responses', 'gemini:generate_content', 'openai:chat', 'openai:responses:compact', 'jina:rerank'],
}
const PROVIDER_TYPES = ['custom', 'claude_code', 'codex', 'gemini_cli', 'kiro', 'vertex_ai', 'custom']
const NAMES = ['Anthropic Direct', 'OpenAI Primary', 'Gemini Relay', 'Claude Code Pool', 'Codex Team', 'Kiro Seats', 'Vertex EU']

function generationOf(location: string): Generation {
  if (location.endsWith('legacy.db')) return 'legacy'
  if (location.endsWith('v03.db')) return 'v0.3'
  return 'rust'
}

/** The columns only one era has: legacy's display name and RPM, or the newer routing settings. */
function generationFields(i: number, generation: Generation, r: () => number): Partial<ProviderSummary> {
  if (generation === 'legacy') {
    return {
      name: `provider-${i}`,
      display_name: i % 5 === 4 ? null : `Provider ${i}`,
      rpm_limit: i % 4 === 0 ? null : i % 13 === 1 ? 0 : 60 * (1 + (i % 10)),
      rpm_used: Math.floor(r() * 500),
      rpm_reset_at: null,
    }
  }
  return {
    name: `${NAMES[i % NAMES.length]}${i >= NAMES.length ? ` ${Math.floor(i / NAMES.length) + 1}` : ''}`,
    provider_type: PROVIDER_TYPES[i % PROVIDER_TYPES.length],
    max_retries: i % 6 === 5 ? null : 1 + (i % 4),
    request_timeout: i % 6 === 5 ? null : [300, 120, 600, 90.5][i % 4],
    stream_first_byte_timeout: i % 6 === 5 ? null : 30,
    concurrent_limit: i % 3 === 0 ? null : 4 * (1 + (i % 5)),
    keep_priority_on_conversion: i % 4 === 1,
    enable_format_conversion: i % 2 === 0,
  }
}

/** Core's rule (`quota.rs`): last reset + period days; days left count a started day. */
function nextReset(lastReset: string, days: number) {
  const at = Date.parse(lastReset) + days * 86_400_000
  const left = at - AS_OF
  return { at: new Date(at).toISOString(), days_left: left <= 0 ? 0 : Math.ceil(left / 86_400_000), overdue: left <= 0 }
}

function makeProvider(i: number, generation: Generation): ProviderSummary {
  const r = rng(i + 1)
  const billing = (['monthly_quota', 'pay_as_you_go', 'free_tier'] as const)[i % 3]
  const formats = FORMATS[generation]
  const endpoints = formats.slice(i % 2, i % 2 + 1 + (i % 3)).map((f, k) => {
    const total = 2 + Math.floor(r() * 4)
    const active = i % 11 === 3 && k === 0 ? 0 : total - Math.floor(r() * 2)
    const health = i % 7 === 2 ? r() * 0.6 : 0.6 + r() * 0.4
    const verdict = endpointVerdict(k !== 2, active, health)
    const level: Level = verdict === 'no_active_key' ? 'bad' : scoreLevel(health)
    return { endpoint_id: `p${i}-e${k}`, api_format: f, health_score: health, is_active: k !== 2, active_keys: active, total_keys: total, verdict, level }
  })
  const avg = endpoints.reduce((s, e) => s + e.health_score, 0) / endpoints.length
  const quota = billing === 'monthly_quota' ? 100 + Math.floor(r() * 900) : null
  return {
    id: `p${i}`,
    name: `provider-${i}`,
    description: i % 2 ? `Upstream account ${i}` : null,
    website: i % 3 ? `https://p${i}.example.com` : null,
    provider_priority: i % 9,
    is_active: i % 8 !== 5,
    billing_type: billing,
    monthly_quota_usd: quota,
    monthly_used_usd: quota == null ? null : Math.round(quota * r() * 1.1 * 100) / 100,
    quota_reset_day: quota == null ? null : generation === 'rust' ? [30, 7, 90][i % 3] : 1 + (i % 28),
    quota_last_reset_at: quota == null || generation === 'v0.3' ? null : '2026-11-01T00:00:00Z',
    // As core computes it at AS_OF (v0.3 has no last reset).
    next_quota_reset: quota == null || generation === 'v0.3' ? null : nextReset('2026-11-01T00:00:00Z', generation === 'rust' ? [30, 7, 90][i % 3] : 1 + (i % 28)),
    quota_expires_at: quota == null ? null : i % 6 === 0 ? '2026-11-20T00:00:00Z' : '2027-06-30T00:00:00Z',
    ...generationFields(i, generation, r),
    total_endpoints: endpoints.length,
    active_endpoints: endpoints.filter((e) => e.is_active).length,
    total_keys: endpoints.reduce((s, e) => s + e.total_keys, 0),
    active_keys: endpoints.reduce((s, e) => s + e.active_keys, 0),
    total_models: 20,
    active_models: 15 + (i % 6),
    avg_health_score: avg,
    verdict: providerVerdict(endpoints.map((e) => e.verdict)),
    needs_attention: ['unhealthy', 'cannot_serve'].includes(providerVerdict(endpoints.map((e) => e.verdict))),
    health_level: scoreLevel(avg),
    unhealthy_endpoints: endpoints.filter((e) => e.health_score < 0.5).length,
    api_formats: endpoints.map((e) => e.api_format),
    endpoint_health_details: endpoints,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-11-20T08:00:00Z',
    generation,
  }
}

function monitor(p: ProviderSummary, hours: number, limit: number, asOf: number, n: number = LIMITS.buckets.default) {
  const since = asOf - hours * 3600_000
  const endpoints: EndpointHealthMonitor[] = p.endpoint_health_details.map((e, k) => {
    const timeline = endpointTimeline(seedOf(p), k, since, asOf, n)
    const events = timeline.filter((b) => b.total).slice(-limit).map((b, j) => ({
      // Created inside the bucket, finished after it (the window is on created_at).
      timestamp: new Date(Date.parse(b.end) + 90_000).toISOString(),
      created_at: new Date((Date.parse(b.start) + Date.parse(b.end)) / 2).toISOString(),
      finished_at: new Date(Date.parse(b.end) + 90_000).toISOString(),
      status: b.failed > b.success ? 'failed' : j % 17 === 0 ? 'skipped' : 'success',
      status_code: b.failed > b.success ? 504 : 200,
      latency_ms: b.latency_p50_ms,
      error_type: b.failed > b.success ? 'upstream_timeout' : null,
      error_message: b.failed > b.success ? 'upstream did not answer within 30 s' : null,
    }))
    const count = (status: string) => events.filter((x) => x.status === status).length
    return {
      endpoint_id: e.endpoint_id,
      api_format: e.api_format,
      is_active: e.is_active,
      total_attempts: events.length,
      success_count: count('success'),
      failed_count: count('failed'),
      skipped_count: count('skipped'),
      success_rate: events.length ? count('success') / events.length : 1,
      sample_level: outcomeLevel(events.length, count('success'), count('failed')),
      last_event_at: events.at(-1)?.timestamp ?? null,
      events,
      window: windowOf(timeline),
      timeline,
    }
  })
  const timeline = sumTimelines(endpoints.map((e) => e.timeline))
  return {
    provider_id: p.id,
    provider_name: shownName(p),
    generated_at: new Date(asOf).toISOString(),
    since: new Date(since).toISOString(),
    lookback_hours: hours,
    per_endpoint_limit: limit,
    endpoints,
    window: windowOf(timeline),
    timeline,
    generation: p.generation,
  }
}

const SCHEMA_VERSIONS: Record<Generation, string | null> = {
  legacy: null,
  'v0.3': 'c3d4e5f6a7b8',
  rust: '20260821000000 migrate legacy codex live permissions',
}

function describe(location: string, reason: ReadOnlyReason | null): DatabaseInfo {
  const generation = generationOf(location)
  // The gateway's own file is not a snapshot of ours; the other two are.
  const snapshot =
    generation === 'rust'
      ? null
      : { taken_at: new Date(AS_OF).toISOString(), source: 'db.internal:5432/aether', aether_schema_version: SCHEMA_VERSIONS[generation], since_window: '72h', providers: null, row_counts: {}, generation }
  return {
    kind: 'sqlite',
    display_name: location.split('/').pop() ?? location,
    location,
    read_only: reason != null,
    read_only_reason: reason,
    can_reopen_writable: reason === 'requested',
    generation,
    schema_version: SCHEMA_VERSIONS[generation],
    time_encoding: generation === 'rust' ? 'unix_epoch' : 'rfc3339_text',
    editable_fields: [...EDITABLE[generation].fields],
    field_rules: [...EDITABLE[generation].rules],
    snapshot,
    as_of: new Date(AS_OF).toISOString(),
    row_counts: {},
    row_counts_exact: true,
  }
}

/** `?readonly` (as requested), `?readonly=location` or `?readonly=wal`. */
function readOnlyParam(params: URLSearchParams): ReadOnlyReason | null {
  if (!params.has('readonly')) return null
  const value = params.get('readonly')
  return value === 'location' ? 'read_only_location' : value === 'wal' ? 'missing_wal' : 'requested'
}

const RECENT = ['/data/aether.db', '/data/v03.db', '/data/legacy.db'].map((location, i) => ({
  location,
  display_name: location.split('/').pop() ?? location,
  kind: 'sqlite',
  read_only: false,
  last_opened_at: new Date(AS_OF - i * 3600_000).toISOString(),
}))

const jsonText = (v: unknown): string | null => (v == null ? null : JSON.stringify(v))

export function install(): void {
  const params = new URLSearchParams(location.search)
  const count = Number(params.get('providers') ?? 40)
  const start = params.get('db') ?? '/data/aether.db'
  let info: DatabaseInfo | null = params.has('nodb') ? null : describe(start, readOnlyParam(params))
  let providers = Array.from({ length: count }, (_, i) => makeProvider(i, generationOf(start)))
  // The change log as core groups it: one entry per save.
  let saves: { save_id: string; provider_id: string; changed_at: string; previous_updated_at: string | null; changes: { field: string; old_value: string | null; new_value: string | null }[] }[] = []

  // Answers are cloned, as IPC serializes them: the UI must never share objects with the backend.
  mockIPC((cmd, raw) => structuredClone(answer(cmd, raw)), { shouldMockEvents: true })

  function answer(cmd: string, raw: unknown): unknown {
    const args = (raw ?? {}) as Record<string, never>
    const find = (id: string) => {
      const p = providers.find((x) => x.id === id)
      if (!p) throw { kind: 'NotFound', entity: 'provider', id }
      return p
    }
    switch (cmd) {
      case 'current_database':
        return info
      case 'startup_error':
        return null
      case 'recent_databases':
        return RECENT
      case 'open_demo':
      case 'open_database': {
        const location = (args.location as string | undefined) ?? '/data/aether.db'
        if (location.endsWith('.txt')) throw { kind: 'SchemaMismatch', missing: ['providers', 'request_candidates'], closest: null }
        if (location.endsWith('partial.db')) throw { kind: 'SchemaMismatch', missing: ['providers.provider_type', 'provider_api_keys.health_by_format'], closest: 'v0.3' }
        if (location.startsWith('postgres')) throw { kind: 'Unreachable', message: 'connection refused (db.internal:5432)', cause: 'server' }
        if (location.startsWith('mysql')) throw { kind: 'Unreachable', message: 'connection refused (db.internal:3306)', cause: 'server' }
        info = describe(location, args.readOnly ? 'requested' : null)
        providers = Array.from({ length: count }, (_, i) => makeProvider(i, info?.generation ?? 'rust'))
        saves = []
        return info
      }
      case 'reopen_writable': {
        if (!info?.can_reopen_writable) throw { kind: 'ReadOnly' }
        info = describe(info.location, null)
        return info
      }
      case 'list_provider_summaries':
        return providers
      case 'get_provider_summary':
        return find(args.providerId)
      case 'get_provider_health_monitor': {
        const q = args.query as { lookback_hours: number; per_endpoint_limit: number; as_of: string | null; buckets: number | null }
        return monitor(find(args.providerId), q.lookback_hours, q.per_endpoint_limit, q.as_of ? Date.parse(q.as_of) : AS_OF, q.buckets ?? undefined)
      }
      case 'cancel_health_monitor':
        // The mock answers at once: there is never a request to cancel.
        return null
      case 'update_provider_settings': {
        if (info?.read_only) throw { kind: 'ReadOnly' }
        const p = find(args.providerId)
        if (args.expectedUpdatedAt && args.expectedUpdatedAt !== p.updated_at) throw { kind: 'Conflict', current: p }
        const patch = args.patch as Record<string, unknown>
        const errors = Object.keys(patch)
          .filter((f) => !info?.editable_fields.includes(f))
          .map((field): FieldError => ({ field, code: { id: 'not_editable' }, message: 'is not an editable provider setting' }))
        if (typeof patch.website === 'string' && patch.website.includes('invalid'))
          errors.push({ field: 'website', code: { id: 'invalid_url' }, message: 'must be an http or https URL with a host' })
        if (typeof patch.name === 'string' && providers.some((x) => x !== p && x.name === patch.name))
          errors.push({ field: 'name', code: { id: 'not_unique' }, message: 'another provider is already named so; names must be unique' })
        if (errors.length > 0) throw { kind: 'Validation', errors }
        const changes = Object.entries(patch)
          .filter(([field, value]) => JSON.stringify((p as Record<string, unknown>)[field] ?? null) !== JSON.stringify(value))
          .map(([field, value]) => ({ field, old_value: jsonText((p as Record<string, unknown>)[field]), new_value: jsonText(value) }))
        const previous = p.updated_at
        Object.assign(p, patch, { updated_at: new Date().toISOString() })
        if (changes.length) saves.push({ save_id: crypto.randomUUID(), provider_id: p.id, changed_at: p.updated_at ?? '', previous_updated_at: previous, changes })
        return p
      }
      case 'change_log':
        return saves
          .filter((s) => s.provider_id === args.providerId)
          .flatMap((s) => s.changes.map((c) => ({ ...c, save_id: s.save_id, changed_at: s.changed_at, provider_id: s.provider_id, previous_updated_at: s.previous_updated_at })))
      case 'change_log_saves':
        return saves.filter((s) => args.providerId == null || s.provider_id === args.providerId)
      case 'export_change_log_file':
      case 'export_events_file':
      case 'export_provider_summaries_file':
      case 'export_fleet_file':
        return null
      case 'list_events': {
        const q = args.query as EventsQuery
        if (q.range.kind !== 'bucket') throw { kind: 'Database', message: 'the mock reads buckets only' }
        const p = find(q.provider_id)
        const asOf = q.range.as_of ? Date.parse(q.range.as_of) : AS_OF
        const m = monitor(p, q.range.lookback_hours ?? LIMITS.lookback_hours.default, 48, asOf, q.range.buckets ?? undefined)
        return eventsPage(p, m.endpoints.map((e) => ({ endpointId: e.endpoint_id, format: e.api_format, timeline: e.timeline })), q)
      }
      case 'get_fleet_health':
        return withoutStrips(fleetHealth(providers, args.query as FleetQuery, AS_OF, info?.generation ?? 'rust'))
      case 'get_fleet_strips':
        return stripsPage(fleetHealth(providers, args.query as FleetQuery, AS_OF, info?.generation ?? 'rust'), args.firstRank, args.count)
      case 'get_request_chain':
        return requestChain(args.requestId, providers)
      case 'get_provider_keys':
        return providerKeys(find(args.providerId), info?.as_of ?? null)
    }
    throw { kind: 'Database', message: `unknown command ${cmd}` }
  }
}
