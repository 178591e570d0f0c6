import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import { LIMITS, type FleetQuery } from '@/api'
import { fleetStrip } from '@/test/fixtures'
import { SETTLE_MS, useFleetStrips } from './useFleetStrips'

afterEach(() => {
  clearMocks()
  vi.useRealTimers()
})

const PAGE = LIMITS.fleet_strip_page.default
const query = (as_of: string): FleetQuery => ({ lookback_hours: 6, as_of, buckets: 3, filters: { api_formats: [], active: null, with_traffic_only: false, provider_search: null } })

/** A backend of 3,000 ranked rows whose strip's first bucket holds its rank; it records what it was asked. */
function backend() {
  const asked: { firstRank: number; asOf: string | null }[] = []
  mockIPC((cmd, raw) => {
    const args = raw as { query: FleetQuery; firstRank: number; count: number }
    if (cmd !== 'get_fleet_strips') throw { kind: 'Database', message: `unexpected ${cmd}` }
    asked.push({ firstRank: args.firstRank, asOf: args.query.as_of })
    const ranks = Array.from({ length: Math.max(0, Math.min(args.count, 3000 - args.firstRank + 1)) }, (_, k) => args.firstRank + k)
    return { first_rank: args.firstRank, strips: ranks.map((r) => fleetStrip([[r, 0, 0], [0, 0, 0], [0, 0, 0]])) }
  })
  return asked
}

function strips(q = ref<FleetQuery | null>(query('2026-11-20T12:00:00Z'))) {
  const scope = effectScope()
  const s = scope.run(() => useFleetStrips(q))!
  return { ...s, q, stop: () => scope.stop() }
}

const settle = () => vi.advanceTimersByTimeAsync(SETTLE_MS + 1)

describe('the fleet list’s strips', () => {
  it('asks only for the rows shown once the list stops moving, and serves each row its own strip', async () => {
    vi.useFakeTimers()
    const asked = backend()
    const s = strips()
    s.show(1, 30)
    s.show(700, 730)
    s.show(2_480, 2_520)
    expect(asked).toEqual([])
    await settle()
    expect(asked.map((a) => a.firstRank)).toEqual([2_451, 2_501])
    expect(s.strip(2_480)?.success[0]).toBe(2_480)
    expect(s.strip(2_520)?.success[0]).toBe(2_520)
    expect(s.strip(1)).toBeUndefined()
    s.stop()
  })

  it('keeps the pages nearest to what is shown, and asks again for one it let go', async () => {
    vi.useFakeTimers()
    const asked = backend()
    const s = strips()
    for (let first = 1; first <= 10 * PAGE; first += PAGE) {
      s.show(first, first + 10)
      await settle()
    }
    const held = Array.from({ length: 10 }, (_, p) => s.strip(p * PAGE + 1) !== undefined)
    expect(held.filter(Boolean).length).toBeLessThanOrEqual(6)
    expect(held.at(-1)).toBe(true)
    expect(held[0]).toBe(false)
    s.show(1, 10)
    await settle()
    expect(asked.at(-1)?.firstRank).toBe(1)
    expect(s.strip(1)?.success[0]).toBe(1)
    s.stop()
  })

  it('forgets the strips of an answer no longer shown and asks the new one', async () => {
    vi.useFakeTimers()
    const asked = backend()
    const s = strips()
    s.show(1, 20)
    await settle()
    expect(s.strip(1)).toBeDefined()
    s.q.value = query('2026-11-21T12:00:00Z')
    await nextTick()
    expect(s.strip(1)).toBeUndefined()
    s.show(1, 20)
    await settle()
    expect(asked.map((a) => a.asOf)).toEqual(['2026-11-20T12:00:00Z', '2026-11-21T12:00:00Z'])
    expect(s.strip(1)).toBeDefined()
    s.stop()
  })
})
