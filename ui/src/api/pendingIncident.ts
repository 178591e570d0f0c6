// TEMPORARY: the incident types as core is about to generate them (core/src/incident/types.rs);
// replaced by the generated bindings when they land.
import type { Count, Generation } from '@/bindings'

type Timestamp = string

export type OutcomeClass = 'success' | 'service_error' | 'user_error' | 'not_attempted' | 'in_flight'
export type EventRange =
  | { kind: 'bucket'; as_of: Timestamp | null; lookback_hours: number | null; buckets: number | null; index: number }
  | { kind: 'between'; from: Timestamp; to: Timestamp }
export type EventFilters = { statuses: string[]; outcomes: OutcomeClass[]; status_codes: number[]; error_types: string[]; message_contains: string | null }
export type EventCursor = { created_at: Timestamp; id: string }
export type EventsQuery = { provider_id: string; endpoint_id: string | null; range: EventRange; filters: EventFilters; page_size: number | null; cursor: EventCursor | null }
export type CandidateEvent = {
  id: string
  request_id: string
  candidate_index: number
  retry_index: number
  provider_id: string | null
  provider_name: string | null
  endpoint_id: string | null
  api_format: string | null
  key_id: string | null
  key_name: string | null
  created_at: Timestamp | null
  started_at: Timestamp | null
  finished_at: Timestamp | null
  status: string
  outcome: OutcomeClass
  status_code: number | null
  latency_ms: number | null
  error_type: string | null
  error_message: string | null
  skip_reason: string | null
}
export type EventPage = {
  provider_id: string
  provider_name: string
  endpoint_id: string | null
  from: Timestamp
  to: Timestamp
  to_inclusive: boolean
  filters: EventFilters
  page_size: number
  events: CandidateEvent[]
  next_cursor: EventCursor | null
  skip_reason_recorded: boolean
  generation: Generation
}
export type ChainEnd = { kind: 'succeeded'; position: number } | { kind: 'in_flight'; position: number } | { kind: 'gave_up' }
export type ChainGap =
  | { kind: 'missing_candidates'; candidate_indexes: number[] }
  | { kind: 'missing_retries'; candidate_index: number; retry_indexes: number[] }
  | { kind: 'provider_not_in_database'; provider_ids: string[] }
  | { kind: 'snapshot_window'; since_window: string }
export type RequestChain = { request_id: string; candidates: CandidateEvent[]; end: ChainEnd; incomplete: boolean; gaps: ChainGap[]; skip_reason_recorded: boolean; generation: Generation }
export type KeyFormatHealth = { api_format: string; health_score: number | null; consecutive_failures: number | null; circuit_open: boolean | null; circuit_open_at: string | null; next_probe_at: string | null }
export type KeyDetail = {
  id: string
  name: string | null
  is_active: boolean
  endpoint_id: string | null
  api_formats: string[] | null
  health_score: number | null
  formats: KeyFormatHealth[]
  rpm_limit: number | null
  concurrent_limit: number | null
  learned_rpm_limit: number | null
  last_error_at: Timestamp | null
  last_error_message: string | null
  expires_at: Timestamp | null
  expired: boolean
  oauth_invalid_at: Timestamp | null
}
export type ProviderKeys = { provider_id: string; as_of: Timestamp | null; keys: KeyDetail[]; columns_recorded: string[]; total: Count; generation: Generation }
export type ExportFormat = 'csv' | 'json'

// TEMPORARY: core's `LIMITS.message_filter_max_chars` before the bindings carry it.
import { LIMITS } from '@/bindings'
export const MESSAGE_FILTER_MAX_CHARS: number = (LIMITS as { message_filter_max_chars?: number }).message_filter_max_chars ?? 200
