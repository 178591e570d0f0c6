// The detail view's query (lookback, limit, as-of, buckets) and the monitor it returns. A request that
// takes longer than SLOW_AFTER_MS says so (elapsed time) and can be cancelled; starting another
// one cancels it in the backend, its statement included.
import { computed, onScopeDispose, reactive, ref, watch, type Ref } from 'vue'
import { api, LIMITS, toAppError, type AppError, type Bound, type ProviderHealthMonitor } from '@/api'
import { defaultWindow, type HealthWindow } from './routeQuery'

/** A request running this long shows its elapsed time and a Cancel button. */
export const SLOW_AFTER_MS = 500

/** Whether `n` is a whole number within core's `bound`. */
export function withinBound(n: number, bound: Bound): boolean {
  return Number.isInteger(n) && n >= bound.min && n <= bound.max
}

export type MonitorControls = HealthWindow

/** `controls` is the window to show (the route's, see useRouteWindow), defaults without one. */
export function useHealthMonitor(providerId: Ref<string | null>, controls: MonitorControls = reactive(defaultWindow())) {
  const data = ref<ProviderHealthMonitor | null>(null)
  const loading = ref(false)
  const error = ref<AppError | null>(null)
  /** Milliseconds the running request has taken, 0 when none runs. */
  const elapsedMs = ref(0)
  const slow = computed(() => loading.value && elapsedMs.value >= SLOW_AFTER_MS)
  let request = 0
  let timer: ReturnType<typeof setInterval> | null = null

  function stopTimer(): void {
    if (timer !== null) clearInterval(timer)
    timer = null
    elapsedMs.value = 0
  }

  function startTimer(): void {
    stopTimer()
    const started = Date.now()
    timer = setInterval(() => {
      elapsedMs.value = Date.now() - started
    }, 100)
  }

  /** Cancels the running request; it ends with a `Cancelled` error. */
  async function cancel(): Promise<void> {
    if (!loading.value) return
    try {
      await api.cancelHealthMonitor()
    } catch (raw) {
      error.value = toAppError(raw)
    }
  }

  async function refresh(): Promise<void> {
    const id = providerId.value
    if (!id) return
    const limit = Math.round(controls.perEndpointLimit)
    if (!withinBound(limit, LIMITS.per_endpoint_limit)) return
    const mine = ++request
    loading.value = true
    error.value = null
    startTimer()
    try {
      const result = await api.getProviderHealthMonitor(id, {
        lookback_hours: controls.lookbackHours,
        per_endpoint_limit: limit,
        as_of: controls.asOf,
        buckets: controls.buckets,
      })
      if (mine === request) data.value = result
    } catch (raw) {
      if (mine === request) error.value = toAppError(raw)
    } finally {
      if (mine === request) {
        loading.value = false
        stopTimer()
      }
    }
  }

  onScopeDispose(stopTimer)

  watch([providerId, () => controls.lookbackHours, () => controls.perEndpointLimit, () => controls.asOf, () => controls.buckets], refresh, {
    immediate: true,
  })

  return { controls, data, loading, error, elapsedMs, slow, refresh, cancel }
}
