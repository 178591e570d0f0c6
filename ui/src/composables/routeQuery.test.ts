import { describe, expect, it } from 'vitest'
import { LIMITS } from '@/api'
import { defaultWindow, filterFromQuery, filterToQuery, windowFromQuery, windowToQuery } from './routeQuery'
import { defaultFilter } from './providerFilters'

describe('the health window in the URL', () => {
  it('leaves the defaults out and reads back what it wrote', () => {
    expect(windowToQuery(defaultWindow())).toEqual({})
    const w = { lookbackHours: 24, perEndpointLimit: 100, asOf: '2026-11-26T10:00:00Z', buckets: 120 }
    expect(windowToQuery(w)).toEqual({ lookback: '24', limit: '100', asOf: '2026-11-26T10:00:00Z', buckets: '120' })
    expect(windowFromQuery(windowToQuery(w))).toEqual(w)
  })

  it('falls back to the default for a value outside core’s bounds or malformed', () => {
    const q = { lookback: String(LIMITS.lookback_hours.max + 1), limit: 'x', asOf: 'yesterday', buckets: String(LIMITS.buckets.min - 1) }
    expect(windowFromQuery(q)).toEqual(defaultWindow())
  })
})

describe('the providers list’s filters in the URL', () => {
  it('round-trips every filter and drops unknown values', () => {
    const f = { search: 'claude', status: 'inactive' as const, billing: 'free_tier' as const, unhealthyOnly: true, sort: 'health' as const }
    expect(filterToQuery(f)).toEqual({ q: 'claude', status: 'inactive', billing: 'free_tier', unhealthy: '1', sort: 'health' })
    expect(filterFromQuery(filterToQuery(f))).toEqual(f)
    expect(filterToQuery(defaultFilter())).toEqual({})
    expect(filterFromQuery({ status: 'gone', billing: 'barter', sort: 'random' })).toEqual(defaultFilter())
  })
})
