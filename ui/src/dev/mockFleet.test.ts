// The dev mock's fleet view keeps core's rules and agrees with the mock's own health monitor and
// bucket events, so `npm run dev:mock` shows a consistent gateway.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clearMocks } from '@tauri-apps/api/mocks'
import { api, FLEET_RULES, type FleetEndpoint, type FleetQuery, type FleetStrip } from '@/api'
import { install } from './mockBackend'

beforeEach(() => install())
afterEach(() => clearMocks())

const query = { lookback_hours: 24, as_of: null, buckets: 30 }

/** The answer and its rows' strips by rank − 1, asked for a page at a time as the app's list does. */
async function getFleet(q: FleetQuery) {
  const fleet = await api.getFleetHealth(q)
  const pinned = { ...q, as_of: fleet.generated_at }
  const strips: FleetStrip[] = []
  for (let first = 1; first <= fleet.endpoints.length; first += 50) strips.push(...(await api.getFleetStrips(pinned, first, 50)).strips)
  return { fleet, strips }
}

describe('the dev mock’s fleet view', () => {
  it('ranks worst first by core’s rule (provider errors, then a counting rate, then names) and serves the strips apart from the rows', async () => {
    const { fleet, strips } = await getFleet(query)
    expect(fleet.endpoints.every((e) => e.strip === null)).toBe(true)
    expect(strips.filter(Boolean)).toHaveLength(fleet.endpoints.length)
    expect(fleet.endpoints.map((e) => e.rank)).toEqual(fleet.endpoints.map((_, i) => i + 1))
    const rate = (e: FleetEndpoint) => (e.figures.rate_counts ? e.figures.success_rate : null)
    for (const [a, b] of fleet.endpoints.slice(1).map((e, i) => [fleet.endpoints[i], e])) {
      expect(a.figures.outcomes.service_error).toBeGreaterThanOrEqual(b.figures.outcomes.service_error)
      if (a.figures.outcomes.service_error === b.figures.outcomes.service_error && rate(b) != null) expect(rate(a) ?? Infinity).toBeLessThanOrEqual(rate(b)!)
    }
    for (const e of fleet.endpoints) expect(e.figures.rate_counts).toBe(e.figures.outcomes.success + e.figures.outcomes.service_error >= FLEET_RULES.min_finished_for_rate)
  })

  it('agrees with the mock’s health monitor and bucket events for the same window', async () => {
    const { fleet, strips } = await getFleet(query)
    const worst = fleet.endpoints[0]
    const strip = strips[0]
    const monitor = await api.getProviderHealthMonitor(worst.provider_id, { lookback_hours: 24, per_endpoint_limit: 48, as_of: null, buckets: 30 })
    const endpoint = monitor.endpoints.find((e) => e.endpoint_id === worst.endpoint_id)!
    expect(worst.figures.outcomes).toEqual(endpoint.window.outcomes)
    expect(strip.levels).toEqual(endpoint.timeline.map((b) => b.level))
    const index = strip.service_error.indexOf(Math.max(...strip.service_error))
    const page = await api.eventsPage({
      provider_id: worst.provider_id,
      endpoint_id: worst.endpoint_id,
      range: { kind: 'bucket', as_of: fleet.generated_at, lookback_hours: 24, buckets: 30, index },
      filters: { statuses: [], outcomes: ['service_error'], status_codes: [], error_types: [], message_contains: null },
      page_size: 500,
      cursor: null,
    })
    expect(page.events).toHaveLength(strip.service_error[index])
  })

  it('filters, and totals what passes', async () => {
    const { fleet: all } = await getFleet(query)
    const format = all.formats[0].api_format
    const { fleet: some } = await getFleet({ ...query, filters: { api_formats: [format], active: true, with_traffic_only: true, provider_search: 'relay' } })
    expect(some.endpoints.length).toBeGreaterThan(0)
    expect(some.endpoints.every((e) => e.api_format === format && e.is_active && e.provider_active && e.figures.attempts > 0 && /relay/i.test(e.provider_name))).toBe(true)
    expect(some.formats.map((f) => f.api_format)).toEqual([format])
    expect(some.total.attempts).toBe(some.endpoints.reduce((s, e) => s + e.figures.attempts, 0))
    expect(some.formats[0].figures.outcomes.service_error).toBe(some.endpoints.reduce((s, e) => s + e.figures.outcomes.service_error, 0))
  })
})
