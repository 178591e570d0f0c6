import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { ref } from 'vue'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import { useHealthMonitor } from './useHealthMonitor'

afterEach(() => {
  clearMocks()
  vi.useRealTimers()
})

function backend() {
  const queries: Record<string, unknown>[] = []
  mockIPC((cmd, raw) => {
    const args = raw as Record<string, unknown>
    if (cmd !== 'get_provider_health_monitor') throw { kind: 'Database', message: cmd }
    if (args.providerId === 'gone') throw { kind: 'NotFound', entity: 'provider', id: 'gone' }
    queries.push(args.query as Record<string, unknown>)
    return { provider_id: args.providerId, endpoints: [] }
  })
  return queries
}

describe('useHealthMonitor', () => {
  it('asks with the defaults, then again whenever a control changes', async () => {
    const queries = backend()
    const m = useHealthMonitor(ref('p1'))
    await flushPromises()
    expect(queries).toEqual([{ lookback_hours: 6, per_endpoint_limit: 48, as_of: null, buckets: 60 }])
    m.controls.lookbackHours = 72
    m.controls.asOf = '2026-11-25T00:00:00+00:00'
    await flushPromises()
    expect(queries.at(-1)).toEqual({ lookback_hours: 72, per_endpoint_limit: 48, as_of: '2026-11-25T00:00:00+00:00', buckets: 60 })
  })

  it('does not send a per-endpoint limit outside 10..=200', async () => {
    const queries = backend()
    const m = useHealthMonitor(ref('p1'))
    await flushPromises()
    m.controls.perEndpointLimit = 500
    await flushPromises()
    m.controls.perEndpointLimit = 9
    await flushPromises()
    expect(queries).toHaveLength(1)
    m.controls.perEndpointLimit = 200
    await flushPromises()
    expect(queries.at(-1)?.per_endpoint_limit).toBe(200)
  })

  it('keeps the typed error of a failed query', async () => {
    backend()
    const m = useHealthMonitor(ref('gone'))
    await flushPromises()
    expect(m.error.value?.detail).toEqual({ kind: 'NotFound', entity: 'provider', id: 'gone' })
    expect(m.data.value).toBeNull()
  })

  it('shows a slow request working after half a second and cancels it in the backend', async () => {
    vi.useFakeTimers()
    const calls: string[] = []
    let reject: (e: unknown) => void = () => {}
    mockIPC((cmd) => {
      calls.push(cmd)
      if (cmd === 'cancel_health_monitor') {
        reject({ kind: 'Cancelled' })
        return null
      }
      return new Promise((_, r) => {
        reject = r
      })
    })
    const m = useHealthMonitor(ref('p1'))
    await vi.advanceTimersByTimeAsync(300)
    expect(m.loading.value).toBe(true)
    expect(m.slow.value).toBe(false)
    await vi.advanceTimersByTimeAsync(400)
    expect(m.slow.value).toBe(true)
    expect(m.elapsedMs.value).toBeGreaterThanOrEqual(500)
    await m.cancel()
    await flushPromises()
    expect(calls).toEqual(['get_provider_health_monitor', 'cancel_health_monitor'])
    expect(m.error.value?.detail).toEqual({ kind: 'Cancelled' })
    expect(m.loading.value).toBe(false)
    expect(m.slow.value).toBe(false)
  })
})
