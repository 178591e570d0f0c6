// The fleet view's request: the route's window and filters → `getFleetHealth`, again whenever
// one changes (the provider search after a pause in typing). Slow requests show their elapsed
// time and can be cancelled; a newer request cancels the running one (slowRequest.ts).
import { computed, onScopeDispose, ref, watch } from 'vue'
import { api, type FleetHealth, type FleetQuery } from '@/api'
import { toFleetQuery, type FleetFilterState } from './fleetQuery'
import type { HealthWindow } from './routeQuery'
import { useSlowRequest } from './slowRequest'

/** How long the provider search waits for typing to pause before asking. */
export const SEARCH_DEBOUNCE_MS = 300

export function useFleetHealth(window: HealthWindow, filter: FleetFilterState) {
  const request = useSlowRequest<{ fleet: FleetHealth; query: FleetQuery }>()
  const search = ref(filter.search)
  let pause: ReturnType<typeof setTimeout> | null = null
  watch(
    () => filter.search,
    (s) => {
      if (pause) clearTimeout(pause)
      pause = setTimeout(() => (search.value = s), SEARCH_DEBOUNCE_MS)
    },
  )
  onScopeDispose(() => pause && clearTimeout(pause))

  const query = computed<FleetQuery>(() => toFleetQuery(window, { ...filter, search: search.value }))
  const refresh = () => {
    const q = query.value
    return request.run(async () => ({ fleet: await api.getFleetHealth(q), query: q }))
  }
  // Keyed by its text: a recomputed but equal query does not ask again.
  watch(() => JSON.stringify(query.value), refresh, { immediate: true })

  const data = computed(() => request.data.value?.fleet ?? null)
  /** The query of what is shown, its as-of pinned to the answer's, so an export writes exactly it. */
  const shownQuery = computed<FleetQuery | null>(() => {
    const shown = request.data.value
    return shown ? { ...shown.query, as_of: shown.fleet.generated_at } : null
  })

  const { loading, error, elapsedMs, slow, cancel } = request
  return { data, loading, error, elapsedMs, slow, cancel, query, shownQuery, refresh }
}
