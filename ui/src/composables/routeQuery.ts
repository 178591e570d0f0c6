// What the URL hash carries (docs: ui/README.md, "Deep links"): the health window of the detail,
// events and request screens, and the providers list's filters. Parsing is forgiving — a value
// out of core's bounds or malformed falls back to the default — and writing leaves defaults out,
// so a plain link stays short.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { LIMITS, type BillingType, type Bound } from '@/api'
import { defaultFilter, type ProviderFilter, type SortKey } from './providerFilters'

/** The window every health screen shares. */
export interface HealthWindow {
  lookbackHours: number
  perEndpointLimit: number
  /** RFC 3339, or null for the database's default "now". */
  asOf: string | null
  buckets: number
}

export const defaultWindow = (): HealthWindow => ({
  lookbackHours: LIMITS.lookback_hours.default,
  perEndpointLimit: LIMITS.per_endpoint_limit.default,
  asOf: null,
  buckets: LIMITS.buckets.default,
})

/** The first value of a query key as a string, or null. */
export function one(query: LocationQuery, key: string): string | null {
  const v = query[key]
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' && s !== '' ? s : null
}

function within(raw: string | null, bound: Bound, fallback: number): number {
  const n = raw == null ? NaN : Number(raw)
  return Number.isInteger(n) && n >= bound.min && n <= bound.max ? n : fallback
}

const isInstant = (s: string | null): s is string => s != null && !Number.isNaN(Date.parse(s))

export function windowFromQuery(query: LocationQuery): HealthWindow {
  const d = defaultWindow()
  const asOf = one(query, 'asOf')
  return {
    lookbackHours: within(one(query, 'lookback'), LIMITS.lookback_hours, d.lookbackHours),
    perEndpointLimit: within(one(query, 'limit'), LIMITS.per_endpoint_limit, d.perEndpointLimit),
    asOf: isInstant(asOf) ? asOf : null,
    buckets: within(one(query, 'buckets'), LIMITS.buckets, d.buckets),
  }
}

export function windowToQuery(w: HealthWindow): Record<string, string> {
  const d = defaultWindow()
  const q: Record<string, string> = {}
  if (w.lookbackHours !== d.lookbackHours) q.lookback = String(w.lookbackHours)
  if (w.perEndpointLimit !== d.perEndpointLimit) q.limit = String(w.perEndpointLimit)
  if (w.asOf) q.asOf = w.asOf
  if (w.buckets !== d.buckets) q.buckets = String(w.buckets)
  return q
}

const SORTS: SortKey[] = ['priority', 'name', 'health', 'quota']
const BILLINGS: BillingType[] = ['monthly_quota', 'pay_as_you_go', 'free_tier']

export function filterFromQuery(query: LocationQuery): ProviderFilter {
  const d = defaultFilter()
  const status = one(query, 'status')
  const sort = one(query, 'sort')
  const billing = one(query, 'billing')
  return {
    search: one(query, 'q') ?? d.search,
    status: status === 'active' || status === 'inactive' ? status : d.status,
    billing: BILLINGS.includes(billing as BillingType) ? (billing as BillingType) : d.billing,
    unhealthyOnly: one(query, 'unhealthy') === '1',
    sort: SORTS.includes(sort as SortKey) ? (sort as SortKey) : d.sort,
  }
}

export function filterToQuery(f: ProviderFilter): Record<string, string> {
  const d = defaultFilter()
  const q: Record<string, string> = {}
  if (f.search !== d.search) q.q = f.search
  if (f.status !== d.status) q.status = f.status
  if (f.billing !== d.billing) q.billing = f.billing
  if (f.unhealthyOnly) q.unhealthy = '1'
  if (f.sort !== d.sort) q.sort = f.sort
  return q
}

/** Whether two queries say the same (order of keys aside). */
export function sameQuery(a: LocationQuery | LocationQueryRaw, b: LocationQuery | LocationQueryRaw): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].every((k) => String(a[k] ?? '') === String(b[k] ?? ''))
}
