// The detail view's query (lookback, limit, as-of, buckets) and the monitor it returns. A request that
// takes longer than SLOW_AFTER_MS says so (elapsed time) and can be cancelled; starting another
// one cancels it in the backend, its statement included (slowRequest.ts).
import { reactive, watch, type Ref } from 'vue'
import { api, LIMITS, type Bound, type ProviderHealthMonitor } from '@/api'
import { defaultWindow, type HealthWindow } from './routeQuery'
import { useSlowRequest } from './slowRequest'

export { SLOW_AFTER_MS } from './slowRequest'

/** Whether `n` is a whole number within core's `bound`. */
export function withinBound(n: number, bound: Bound): boolean {
  return Number.isInteger(n) && n >= bound.min && n <= bound.max
}

export type MonitorControls = HealthWindow

/** `controls` is the window to show (the route's, see useRouteWindow), defaults without one. */
export function useHealthMonitor(providerId: Ref<string | null>, controls: MonitorControls = reactive(defaultWindow())) {
  const request = useSlowRequest<ProviderHealthMonitor>()

  async function refresh(): Promise<void> {
    const id = providerId.value
    if (!id) return
    const limit = Math.round(controls.perEndpointLimit)
    if (!withinBound(limit, LIMITS.per_endpoint_limit)) return
    await request.run(() =>
      api.getProviderHealthMonitor(id, {
        lookback_hours: controls.lookbackHours,
        per_endpoint_limit: limit,
        as_of: controls.asOf,
        buckets: controls.buckets,
      }),
    )
  }

  watch([providerId, () => controls.lookbackHours, () => controls.perEndpointLimit, () => controls.asOf, () => controls.buckets], refresh, {
    immediate: true,
  })

  const { data, loading, error, elapsedMs, slow, cancel } = request
  return { controls, data, loading, error, elapsedMs, slow, refresh, cancel }
}
