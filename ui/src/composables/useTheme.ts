// Light / dark: follows the system until the admin picks one; the choice is remembered.
import { ref, watch } from 'vue'

export type ThemeChoice = 'system' | 'light' | 'dark'
const KEY = 'aether-review.theme'

function saved(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY)
    return v === 'light' || v === 'dark' ? v : 'system'
  } catch {
    return 'system'
  }
}

const theme = ref<ThemeChoice>(saved())

function apply(choice: ThemeChoice): void {
  const root = document.documentElement
  if (choice === 'system') delete root.dataset.theme
  else root.dataset.theme = choice
  try {
    localStorage.setItem(KEY, choice)
  } catch {
    // Storage may be unavailable; the choice still applies for this session.
  }
}

watch(theme, apply, { immediate: true })

export function useTheme() {
  return { theme }
}
