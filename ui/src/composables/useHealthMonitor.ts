// The detail view's query (lookback, limit, as-of, buckets) and the monitor it returns.
import { reactive, ref, watch, type Ref } from 'vue'
import { api, LIMITS, toAppError, type AppError, type Bound, type ProviderHealthMonitor } from '@/api'
import { defaultWindow, type HealthWindow } from './routeQuery'

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
  let request = 0

  async function refresh(): Promise<void> {
    const id = providerId.value
    if (!id) return
    const limit = Math.round(controls.perEndpointLimit)
    if (!withinBound(limit, LIMITS.per_endpoint_limit)) return
    const mine = ++request
    loading.value = true
    error.value = null
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
      if (mine === request) loading.value = false
    }
  }

  watch([providerId, () => controls.lookbackHours, () => controls.perEndpointLimit, () => controls.asOf, () => controls.buckets], refresh, {
    immediate: true,
  })

  return { controls, data, loading, error, refresh }
}
