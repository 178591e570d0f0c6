// The fleet view's filters: in the URL hash (beside the health window, routeQuery.ts) and as
// core's `FleetFilters`. Parsing is forgiving and writing leaves defaults out, as routeQuery.ts.
import type { LocationQuery } from 'vue-router'
import type { FleetFilters, FleetQuery } from '@/api'
import { one, type HealthWindow } from './routeQuery'

export type ActiveChoice = 'all' | 'active' | 'inactive'

export interface FleetFilterState {
  /** API formats to show; empty = every format. */
  formats: string[]
  active: ActiveChoice
  withTrafficOnly: boolean
  /** Text in the provider's name. */
  search: string
}

export const defaultFleetFilter = (): FleetFilterState => ({ formats: [], active: 'all', withTrafficOnly: false, search: '' })

/** The query keys the fleet filters own (`formats` is a comma-separated list). */
export const FLEET_FILTER_KEYS = ['formats', 'active', 'traffic', 'search'] as const

export function fleetFilterFromQuery(query: LocationQuery): FleetFilterState {
  const d = defaultFleetFilter()
  const active = one(query, 'active')
  const formats = one(query, 'formats')
  return {
    formats: formats ? [...new Set(formats.split(',').filter((f) => f !== ''))] : d.formats,
    active: active === 'active' || active === 'inactive' ? active : d.active,
    withTrafficOnly: one(query, 'traffic') === '1',
    search: one(query, 'search') ?? d.search,
  }
}

export function fleetFilterToQuery(f: FleetFilterState): Record<string, string> {
  const q: Record<string, string> = {}
  if (f.formats.length > 0) q.formats = f.formats.join(',')
  if (f.active !== 'all') q.active = f.active
  if (f.withTrafficOnly) q.traffic = '1'
  if (f.search.trim() !== '') q.search = f.search
  return q
}

/** Core's filters: what the fleet view asks for. */
export function toFleetFilters(f: FleetFilterState): FleetFilters {
  const search = f.search.trim()
  return {
    api_formats: [...f.formats],
    active: f.active === 'all' ? null : f.active === 'active',
    with_traffic_only: f.withTrafficOnly,
    provider_search: search === '' ? null : search,
  }
}

/** The whole request: the window and the filters. */
export function toFleetQuery(w: HealthWindow, f: FleetFilterState): FleetQuery {
  return { lookback_hours: w.lookbackHours, as_of: w.asOf, buckets: w.buckets, filters: toFleetFilters(f) }
}
