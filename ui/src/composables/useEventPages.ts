// A bucket's events, page by page: the first page when the query changes, then "load more" with
// the last page's cursor (core pages by keyset, newest first). A stale answer is dropped.
import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import { api, toAppError, type AppError, type CandidateEvent, type EventPage, type EventsQuery } from '@/api'

export function useEventPages(query: Ref<EventsQuery | null>) {
  const events = shallowRef<CandidateEvent[]>([])
  const last = shallowRef<EventPage | null>(null)
  const loading = ref(false)
  const error = ref<AppError | null>(null)
  let request = 0

  async function fetch(q: EventsQuery, append: boolean) {
    const mine = ++request
    loading.value = true
    error.value = null
    try {
      const page = await api.eventsPage(q)
      if (mine !== request) return
      events.value = append ? [...events.value, ...page.events] : page.events
      last.value = page
    } catch (raw) {
      if (mine === request) error.value = toAppError(raw)
    } finally {
      if (mine === request) loading.value = false
    }
  }

  function reload() {
    events.value = []
    last.value = null
    if (query.value) void fetch({ ...query.value, cursor: null }, false)
  }

  function loadMore() {
    const cursor = last.value?.next_cursor
    if (query.value && cursor) void fetch({ ...query.value, cursor }, true)
  }

  watch(() => JSON.stringify(query.value), reload, { immediate: true })

  return { events, page: last, loading, error, more: computed(() => last.value?.next_cursor != null), reload, loadMore }
}
