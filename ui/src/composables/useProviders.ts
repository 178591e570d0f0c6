// The provider list, loaded once per database and patched in place after a save, so the card and
// the detail view show new values without a reload.
import { ref } from 'vue'
import { api, toAppError, type AppError, type ProviderSummary } from '@/api'

const providers = ref<ProviderSummary[]>([])
const loading = ref(false)
const loaded = ref(false)
const error = ref<AppError | null>(null)
let request = 0

async function load(): Promise<void> {
  const mine = ++request
  loading.value = true
  error.value = null
  try {
    const list = await api.listProviderSummaries()
    if (mine !== request) return
    providers.value = list
    loaded.value = true
  } catch (raw) {
    if (mine === request) error.value = toAppError(raw)
  } finally {
    if (mine === request) loading.value = false
  }
}

/** Puts a fresh summary (after a save or a Conflict) in place of the stale one. */
function replace(summary: ProviderSummary): void {
  const i = providers.value.findIndex((p) => p.id === summary.id)
  if (i >= 0) providers.value.splice(i, 1, summary)
  else providers.value.push(summary)
}

function reset(): void {
  request++
  providers.value = []
  loaded.value = false
  loading.value = false
  error.value = null
}

export function useProviders() {
  return {
    providers,
    loading,
    loaded,
    error,
    load,
    replace,
    reset,
    find: (id: string) => providers.value.find((p) => p.id === id) ?? null,
  }
}
