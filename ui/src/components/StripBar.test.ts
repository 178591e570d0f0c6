import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, mount } from '@vue/test-utils'
import type { Level } from '@/api'
import StripBar from './StripBar.vue'
import { axeViolations } from '@/test/axe'

enableAutoUnmount(afterEach)
const levels: Level[] = ['good', 'good', 'bad', 'empty']
const bar = (l: readonly Level[] = levels) =>
  mount(StripBar, {
    props: { levels: l, label: 'Timeline of Zeta, Claude', describe: (i: number) => [`bucket ${i}`, `${l[i]} lines`], cellLabel: (i: number) => `bucket ${i}: ${l[i]}` },
    attachTo: document.body,
  })

/** Puts the bar at x = 100…500 px, so bucket i spans 100 + 100·i … 200 + 100·i. */
function place(el: Element) {
  el.getBoundingClientRect = () => ({ left: 100, width: 400, top: 0, height: 18, right: 500, bottom: 18, x: 100, y: 0, toJSON: () => ({}) })
}

describe('StripBar', () => {
  it('draws one element, a run of equal levels as one colour stop', () => {
    const w = bar()
    const strip = w.get('[data-testid="health-strip"]')
    expect(strip.findAll('*')).toHaveLength(0)
    const style = strip.attributes('style') ?? ''
    expect(style).toContain('var(--good) 0.0000% 50.0000%')
    expect(style).toContain('var(--bad) 50.0000% 75.0000%')
    expect(style).toContain('var(--empty) 75.0000% 100.0000%')
  })

  it('opens the bucket under a click and shows the tooltip of the bucket under the pointer', async () => {
    const w = bar()
    const strip = w.get('[data-testid="health-strip"]')
    place(strip.element)
    await strip.trigger('mousemove', { clientX: 350 })
    expect(w.get('[data-testid="strip-tooltip"]').text()).toContain('bucket 2')
    await strip.trigger('click', { clientX: 120 })
    await strip.trigger('click', { clientX: 499 })
    expect(w.emitted('open')).toEqual([[0], [3]])
    await w.get('.strip-wrap').trigger('mouseleave')
    expect(w.find('[data-testid="strip-tooltip"]').exists()).toBe(false)
  })

  it('is one slider for the keyboard: arrows, Home and End choose, Enter opens, Escape hides', async () => {
    const w = bar()
    const strip = w.get('[data-testid="health-strip"]')
    expect(strip.attributes('tabindex')).toBe('0')
    expect(strip.attributes('aria-valuenow')).toBe('4')
    await strip.trigger('focus')
    expect(w.get('[data-testid="strip-tooltip"]').text()).toContain('bucket 3')
    await strip.trigger('keydown', { key: 'Home' })
    await strip.trigger('keydown', { key: 'ArrowRight' })
    await strip.trigger('keydown', { key: 'ArrowRight' })
    expect(strip.attributes('aria-valuenow')).toBe('3')
    expect(strip.attributes('aria-valuetext')).toBe('bucket 2: bad')
    expect(strip.attributes('data-active-level')).toBe('bad')
    expect(w.get('[data-testid="strip-tooltip"]').text()).toContain('bad lines')
    await strip.trigger('keydown', { key: 'Enter' })
    await strip.trigger('keydown', { key: 'End' })
    await strip.trigger('keydown', { key: ' ' })
    expect(w.emitted('open')).toEqual([[2], [3]])
    await strip.trigger('keydown', { key: 'Escape' })
    expect(w.find('[data-testid="strip-tooltip"]').exists()).toBe(false)
  })

  it('has nothing to open or say when it has no buckets', async () => {
    const w = bar([])
    const strip = w.get('[data-testid="health-strip"]')
    await strip.trigger('click', { clientX: 120 })
    await strip.trigger('keydown', { key: 'Enter' })
    expect(w.emitted('open')).toBeUndefined()
    expect(strip.attributes('aria-valuetext')).toBeUndefined()
  })

  it('passes axe', async () => {
    const w = bar()
    expect(await axeViolations(w.element)).toEqual([])
  })
})
