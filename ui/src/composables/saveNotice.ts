// The visible confirmation of a save: which provider was saved and how many fields changed, shown
// by the app's notice and the provider's card (list and detail page) for a few seconds.
import { ref } from 'vue'

export interface SaveNotice {
  providerId: string
  name: string
  fields: number
}

const notice = ref<SaveNotice | null>(null)
let timer: ReturnType<typeof setTimeout> | undefined

/** How long "Saved" stays up. */
export const SAVE_NOTICE_MS = 8000

export function useSaveNotice() {
  return {
    notice,
    announce(next: SaveNotice) {
      notice.value = next
      clearTimeout(timer)
      timer = setTimeout(() => (notice.value = null), SAVE_NOTICE_MS)
    },
    dismiss() {
      clearTimeout(timer)
      notice.value = null
    },
  }
}
