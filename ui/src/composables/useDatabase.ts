// Which database is open; shared by the header, the open dialog and the views.
import { computed, ref } from 'vue'
import { api, toAppError, type AppError, type DatabaseInfo, type RecentDatabase } from '@/api'

const info = ref<DatabaseInfo | null>(null)
const recent = ref<RecentDatabase[]>([])
const loading = ref(false)
const error = ref<AppError | null>(null)
/** Bumped on every successful open so views reload. */
const generation = ref(0)

async function run(action: () => Promise<DatabaseInfo | null>): Promise<boolean> {
  loading.value = true
  error.value = null
  try {
    info.value = await action()
    generation.value++
    void refreshRecent()
    return true
  } catch (raw) {
    error.value = toAppError(raw)
    return false
  } finally {
    loading.value = false
  }
}

async function refreshRecent(): Promise<void> {
  try {
    recent.value = await api.recentDatabases()
  } catch {
    // The recent list is a convenience; failing to read it must not block opening.
    recent.value = []
  }
}

export function useDatabase() {
  return {
    info,
    recent,
    loading,
    error,
    generation,
    readOnly: computed(() => info.value?.read_only ?? false),
    /** The time the data describes: the snapshot's as-of, else the wall clock. */
    asOf: computed(() => info.value?.as_of ?? null),
    loadCurrent: () => run(() => api.currentDatabase()),
    open: (location: string, readOnly: boolean) => run(() => api.openDatabase(location, readOnly)),
    openDemo: (readOnly: boolean) => run(() => api.openDemo(readOnly)),
    refreshRecent,
    clearError: () => (error.value = null),
  }
}
