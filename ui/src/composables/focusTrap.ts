// A modal dialog keeps Tab inside itself and, when it closes, gives focus back to what had it.
import { nextTick, onBeforeUnmount, onMounted, type Ref } from 'vue'

const FOCUSABLE = 'a[href], button, input, select, textarea, summary, [tabindex]'

/** The elements Tab can reach inside `root`, in order. */
export function tabbables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => !(el as HTMLButtonElement).disabled && el.tabIndex >= 0 && !el.closest('[hidden], fieldset:disabled') && !el.closest('[inert]'),
  )
}

/** Wraps Tab from the last element to the first and Shift+Tab from the first to the last. */
export function trapTab(e: KeyboardEvent, root: HTMLElement): void {
  if (e.key !== 'Tab') return
  const items = tabbables(root)
  if (items.length === 0) {
    e.preventDefault()
    return
  }
  const first = items[0]
  const last = items[items.length - 1]
  const active = document.activeElement as HTMLElement | null
  const inside = active != null && root.contains(active)
  if (e.shiftKey && (!inside || active === first)) {
    e.preventDefault()
    last.focus()
  } else if (!e.shiftKey && (!inside || active === last)) {
    e.preventDefault()
    first.focus()
  }
}

export function useFocusTrap(root: Ref<HTMLElement | null>): void {
  let previous: HTMLElement | null = null
  const onKey = (e: KeyboardEvent) => root.value && trapTab(e, root.value)
  onMounted(async () => {
    previous = document.activeElement as HTMLElement | null
    document.addEventListener('keydown', onKey)
    await nextTick()
    // The dialog may focus a field itself; otherwise its first focusable element.
    if (root.value && !root.value.contains(document.activeElement)) tabbables(root.value)[0]?.focus()
  })
  onBeforeUnmount(() => {
    document.removeEventListener('keydown', onKey)
    if (previous && previous.isConnected) previous.focus()
  })
}
