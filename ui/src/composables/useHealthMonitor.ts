// The detail view's query (lookback, limit, as-of) and the monitor it returns.
import { reactive, ref, watch, type Ref } from 'vue'
import { api, toAppError, type AppError, type ProviderHealthMonitor } from '@/api'

export const LOOKBACKS = [1, 3, 6, 12, 24, 48, 72] as const
export const LIMIT_MIN = 10
export const LIMIT_MAX = 200

export interface MonitorControls {
  lookbackHours: number
  perEndpointLimit: number
  /** RFC 3339, or null for the database's default "now". */
  asOf: string | null
}

export function useHealthMonitor(providerId: Ref<string | null>) {
  const controls = reactive<MonitorControls>({ lookbackHours: 6, perEndpointLimit: 48, asOf: null })
  const data = ref<ProviderHealthMonitor | null>(null)
  const loading = ref(false)
  const error = ref<AppError | null>(null)
  let request = 0

  async function refresh(): Promise<void> {
    const id = providerId.value
    if (!id) return
    const limit = Math.round(controls.perEndpointLimit)
    if (!(limit >= LIMIT_MIN && limit <= LIMIT_MAX)) return
    const mine = ++request
    loading.value = true
    error.value = null
    try {
      const result = await api.getProviderHealthMonitor(id, {
        lookback_hours: controls.lookbackHours,
        per_endpoint_limit: limit,
        as_of: controls.asOf,
        buckets: 60,
      })
      if (mine === request) data.value = result
    } catch (raw) {
      if (mine === request) error.value = toAppError(raw)
    } finally {
      if (mine === request) loading.value = false
    }
  }

  watch([providerId, () => controls.lookbackHours, () => controls.perEndpointLimit, () => controls.asOf], refresh, {
    immediate: true,
  })

  return { controls, data, loading, error, refresh }
}
