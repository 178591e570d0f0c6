import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, mount } from '@vue/test-utils'
import { defineComponent, h, ref } from 'vue'
import { useFocusTrap } from './focusTrap'

enableAutoUnmount(afterEach)

const Dialog = defineComponent({
  setup() {
    const root = ref<HTMLElement | null>(null)
    useFocusTrap(root)
    return () =>
      h('div', { ref: root, role: 'dialog' }, [
        h('button', { id: 'first' }, 'first'),
        h('button', { disabled: true }, 'off'),
        h('input', { id: 'last' }),
      ])
  },
})

const tab = (shiftKey = false) => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', shiftKey, bubbles: true, cancelable: true }))

describe('focus trap', () => {
  it('focuses the dialog, keeps Tab inside it and gives focus back when it closes', async () => {
    const opener = document.createElement('button')
    document.body.append(opener)
    opener.focus()
    const w = mount(Dialog, { attachTo: document.body })
    await new Promise((r) => setTimeout(r))
    expect(document.activeElement?.id).toBe('first')
    tab(true)
    expect(document.activeElement?.id).toBe('last')
    tab()
    expect(document.activeElement?.id).toBe('first')
    w.unmount()
    expect(document.activeElement).toBe(opener)
    opener.remove()
  })
})
