// Moving between screens through the router (router.ts), carrying the health window along, so
// every screen reached from a provider shows the same window and back returns to it.
import { reactive, watch } from 'vue'
import { useRoute, useRouter, type LocationQueryRaw } from 'vue-router'
import { LIMITS } from '@/api'
import { withinBound } from './useHealthMonitor'
import { sameQuery, windowFromQuery, windowToQuery, type HealthWindow } from './routeQuery'

/** What an events list shows: one bucket of a provider's timeline, maybe of one endpoint. */
export interface EventsTarget {
  providerId: string
  /** The bucket's index in the window's timeline. */
  bucket: number
  endpointId?: string | null
  /** The as-of the bucket was seen at (null: the window's own). */
  asOf?: string | null
  /** Filters as the events screen keeps them in the query (eventFilters.ts). */
  filters?: Record<string, string>
}

export function useNavigation() {
  const route = useRoute()
  const router = useRouter()
  const windowQuery = () => windowToQuery(windowFromQuery(route.query))

  return {
    route,
    openProviders: () => router.push({ name: 'providers' }),
    /** The fleet view, with the window of the screen it is opened from. */
    openFleet: () => router.push({ name: 'fleet', query: windowQuery() }),
    openProvider: (id: string) => router.push({ name: 'provider', params: { id }, query: windowQuery() }),
    openEvents: (t: EventsTarget) =>
      router.push({
        name: 'events',
        params: { id: t.providerId },
        query: {
          ...windowQuery(),
          ...(t.asOf ? { asOf: t.asOf } : {}),
          bucket: String(t.bucket),
          ...(t.endpointId ? { endpoint: t.endpointId } : {}),
          ...t.filters,
        },
      }),
    openRequest: (requestId: string, providerId?: string) =>
      router.push({ name: 'request', params: { requestId }, query: { ...windowQuery(), ...(providerId ? { provider: providerId } : {}) } }),
    /** Whether the history entry before this one is the screen named `name` (what back returns to). */
    cameFrom(name: string): boolean {
      const before = router.options.history.state.back
      return typeof before === 'string' && router.resolve(before).name === name
    },
    /** Back in history when this screen was reached inside the app, else to `fallback`'s screen. */
    back(fallback: () => unknown) {
      if (router.options.history.state.back != null) router.back()
      else fallback()
    },
    /** Replaces the current query's keys (a control change is not a step back goes through). */
    replaceQuery(patch: Record<string, string | null>) {
      const query: LocationQueryRaw = { ...route.query }
      for (const [k, v] of Object.entries(patch)) {
        if (v == null || v === '') delete query[k]
        else query[k] = v
      }
      if (!sameQuery(query, route.query)) void router.replace({ query })
    },
  }
}

/** The route's health window as a reactive object the controls can bind to; edits go to the URL. */
export function useRouteWindow(): HealthWindow {
  const nav = useNavigation()
  const w = reactive(windowFromQuery(nav.route.query))
  watch(
    () => nav.route.query,
    (q) => Object.assign(w, windowFromQuery(q)),
  )
  watch(w, (now) => {
    // A limit being typed stays in the field until it is valid; the URL keeps the last valid one.
    if (!withinBound(now.perEndpointLimit, LIMITS.per_endpoint_limit)) return
    const want = windowToQuery(now)
    nav.replaceQuery({ lookback: null, limit: null, asOf: null, buckets: null, ...want })
  })
  return w
}
