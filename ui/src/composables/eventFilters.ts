// An event list's filters as the URL carries them (comma-separated lists) and as core takes them
// (`EventFilters`). Values core would refuse (a code that is not a number, a message past
// `LIMITS.message_filter_max_chars`) are dropped here rather than sent.
import type { LocationQuery } from 'vue-router'
import { LIMITS, type EventFilters, type OutcomeClass } from '@/api'
import { one } from './routeQuery'

/** Filters with every list present (core's fields are optional: absent = no filter). */
export type FilterSet = Required<EventFilters>

export const OUTCOMES: OutcomeClass[] = ['success', 'service_error', 'user_error', 'not_attempted', 'in_flight']

/** The query keys of an event list's filters. */
export const FILTER_KEYS = ['status', 'outcome', 'code', 'errorType', 'q'] as const

const list = (s: string | null) => (s ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '')

export function filtersFromQuery(query: LocationQuery): FilterSet {
  const text = one(query, 'q')
  return {
    statuses: list(one(query, 'status')),
    outcomes: list(one(query, 'outcome')).filter((o): o is OutcomeClass => OUTCOMES.includes(o as OutcomeClass)),
    status_codes: list(one(query, 'code')).map(Number).filter((n) => Number.isInteger(n) && n >= 0 && n <= 999),
    error_types: list(one(query, 'errorType')),
    message_contains: text == null ? null : text.slice(0, LIMITS.message_filter_max_chars),
  }
}

/** Every filter key, null where the filter is off (for `replaceQuery`). */
export function filtersToQuery(f: EventFilters): Record<(typeof FILTER_KEYS)[number], string | null> {
  const join = (xs: readonly (string | number)[] = []) => (xs.length > 0 ? xs.join(',') : null)
  return {
    status: join(f.statuses),
    outcome: join(f.outcomes),
    code: join(f.status_codes),
    errorType: join(f.error_types),
    q: f.message_contains?.trim() ? f.message_contains : null,
  }
}

export const hasFilters = (f: EventFilters) => Object.values(filtersToQuery(f)).some((v) => v != null)
