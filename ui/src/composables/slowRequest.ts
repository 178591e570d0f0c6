// A health-type request (the health monitor, the fleet view) as the screens show it: loading,
// its error, and — when it takes longer than SLOW_AFTER_MS — its elapsed time and a Cancel that
// stops it in the backend, its statement included. Only the newest request's answer is kept.
import { computed, onScopeDispose, ref, shallowRef } from 'vue'
import { api, toAppError, type AppError } from '@/api'

/** A request running this long shows its elapsed time and a Cancel button. */
export const SLOW_AFTER_MS = 500

export function useSlowRequest<T>() {
  // Replaced whole, never changed in place: no deep proxies over thousands of rows.
  const data = shallowRef<T | null>(null)
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

  /** Cancels the running request (health monitor or fleet: they share one cancel); it ends with a `Cancelled` error. */
  async function cancel(): Promise<void> {
    if (!loading.value) return
    try {
      await api.cancelHealthMonitor()
    } catch (raw) {
      error.value = toAppError(raw)
    }
  }

  /** Runs `call`; its answer replaces `data` unless a newer request started meanwhile. */
  async function run(call: () => Promise<T>): Promise<void> {
    const mine = ++request
    loading.value = true
    error.value = null
    startTimer()
    try {
      const result = await call()
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
  return { data, loading, error, elapsedMs, slow, run, cancel }
}
