// Which database is open; shared by the header, the open dialog and the views.
import { computed, ref } from 'vue'
import type { UnlistenFn } from '@tauri-apps/api/event'
import { api, AppError, toAppError, type DatabaseInfo, type DemoProgress, type RecentDatabase, type SnapshotRequest } from '@/api'

const info = ref<DatabaseInfo | null>(null)
const recent = ref<RecentDatabase[]>([])
const loading = ref(false)
const error = ref<AppError | null>(null)
/** Bumped on every successful open so views reload. */
const generation = ref(0)
const startupError = ref<AppError | null>(null)
const demo = ref<DemoProgress | null>(null)

/** A database opened elsewhere (start-up, or the echo of our own open). */
function adopt(next: DatabaseInfo): void {
  if (JSON.stringify(next) === JSON.stringify(info.value)) return
  info.value = next
  generation.value++
  void refreshRecent()
}

/** The event listeners, registered once: a Retry calls `start` again, not them. */
let subscribed: Promise<UnlistenFn[]> | null = null

function subscribeOnce(): Promise<unknown> {
  subscribed ??= (async () => {
    try {
      return [await api.onDatabaseChanged(adopt), await api.onDemoProgress((p) => (demo.value = p))]
    } catch {
      // Without events the app still works from explicit opens.
      subscribed = null
      return []
    }
  })()
  return subscribed
}

/** Stops listening (the app is going away); the next `start` listens again. */
async function stop(): Promise<void> {
  const listening = subscribed
  subscribed = null
  for (const unlisten of (await listening) ?? []) unlisten()
}

/**
 * Start-up: listen first (the shell opens the start-up database in the background and announces
 * it), then ask what is open and why the configured database failed, if it did.
 */
async function start(): Promise<void> {
  await subscribeOnce()
  loading.value = true
  error.value = null
  try {
    const current = await api.currentDatabase()
    info.value = current
    if (current) {
      generation.value++
      void refreshRecent()
    }
    const failed = await api.startupError()
    startupError.value = failed ? new AppError(failed) : null
  } catch (raw) {
    error.value = toAppError(raw)
  } finally {
    loading.value = false
  }
}

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
    startupError,
    demo,
    start,
    stop,
    open: (location: string, readOnly: boolean) => run(() => api.openDatabase(location, readOnly)),
    openDemo: (readOnly: boolean) => run(() => api.openDemo(readOnly)),
    /** Copies a live PostgreSQL into a new snapshot file, then opens it like `open`. */
    takeSnapshot: (request: SnapshotRequest, readOnly: boolean) => run(() => api.takeSnapshot(request, readOnly)),
    /** Opens the current database again, writable (offered only when `can_reopen_writable`). */
    reopenWritable: () => run(() => api.reopenWritable()),
    refreshRecent,
    clearError: () => (error.value = null),
  }
}
