// WCAG AA contrast of the theme's text/background pairs, computed from the CSS variables of
// theme.css in both themes (a DOM-less test environment cannot measure rendered contrast).
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

// Vitest runs from ui/.
const css = readFileSync(resolve(process.cwd(), 'src/theme.css'), 'utf8')

type Vars = Record<string, string>

/** The custom properties declared in the first block whose selector is exactly `selector`. */
function block(selector: string): Vars {
  const start = css.indexOf(`${selector} {`)
  if (start < 0) throw new Error(`no ${selector} block in theme.css`)
  const body = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start))
  return Object.fromEntries([...body.matchAll(/--([\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]))
}

const light = block(':root')
const dark = { ...light, ...block(":root[data-theme='dark']") }
const systemDark = { ...light, ...block(":root:not([data-theme='light'])") }

function channel(c: number): number {
  const s = c / 255
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
}

function luminance(hex: string): number {
  const m = /^#([0-9a-f]{6})$/i.exec(hex)
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`)
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16))
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

const value = (vars: Vars, name: string) => (name.startsWith('#') ? name : vars[name])

/** Text colour, background: what the app draws text with. */
const PAIRS: [string, string][] = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['text', 'surface-2'],
  ['text-muted', 'surface'],
  ['text-muted', 'bg'],
  ['accent-text', 'accent'],
  ['disabled-text', 'disabled-bg'],
  ['#ffffff', 'danger'],
  ['text', 'good-bg'],
  ['text', 'warn-bg'],
  ['text', 'bad-bg'],
]


/** Every rule of theme.css outside the theme blocks: its selector and declarations. */
const RULES = [...css.matchAll(/([^{}]+)\{([^{}]*)\}/g)]
  .map((m) => ({ selector: m[1].replace(/\/\*[\s\S]*?\*\//g, '').trim(), body: m[2] }))
  .filter((r) => !r.selector.startsWith(':root'))

/** The colour a declaration sets: a theme variable (`var(--x)` → `x`) or a literal `#rrggbb`. */
function declared(body: string, property: 'color' | 'background'): string | undefined {
  const m = new RegExp(`(?:^|[;\\s])${property}(?:-color)?:\\s*(var\\(--([\\w-]+)\\)|#[0-9a-f]{6})`, 'i').exec(body)
  return m ? (m[2] ?? m[1]) : undefined
}

/** Where text without a background of its own is drawn: the page, cards and panels, chips and tracks. */
const SURFACES = ['bg', 'surface', 'surface-2']

/** Text colour, background, from every rule that colours text: its own background, or each surface. */
const TEXT_RULES: [string, string, string][] = RULES.flatMap(({ selector, body }) => {
  const fg = declared(body, 'color')
  if (!fg) return []
  const bg = declared(body, 'background')
  return (bg ? [bg] : SURFACES).map((b): [string, string, string] => [selector, fg, b])
})

/** A level's fill (strip cells, dots, bars, legend swatches) against what it sits on: 3:1 for
 *  graphics (WCAG 1.4.11). `empty` is left out: it is the "no traffic" cell, drawn as the track. */
const FILL_RULES: [string, string, string][] = RULES.flatMap(({ selector, body }) => {
  if (!/^\.(cell|dot|fill)-(good|warn|bad|neutral)$/.test(selector)) return []
  const fill = declared(body, 'background')
  return fill ? SURFACES.map((b): [string, string, string] => [selector, fill, b]) : []
})

describe('theme contrast (WCAG AA, 4.5:1 for text)', () => {
  it('computes known ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2)
  })

  for (const [name, vars] of [
    ['light', light],
    ['dark', dark],
    ['system dark', systemDark],
  ] as const) {
    it.each(PAIRS)(`${name}: %s on %s`, (fg, bg) => {
      expect(contrast(value(vars, fg), value(vars, bg))).toBeGreaterThanOrEqual(4.5)
    })
  }


  it('finds the badge, chip, status and level rules it checks', () => {
    const selectors = new Set(TEXT_RULES.map(([s]) => s))
    for (const s of ['.badge-good', '.badge-warn', '.badge-bad', '.badge-muted', '.chip-no-key', '.status-success', '.status-failed', '.text-good', '.text-warn', '.text-bad', '.field-error'])
      expect(selectors, s).toContain(s)
    expect([...new Set(FILL_RULES.map(([s]) => s))].sort()).toEqual(
      ['.cell-bad', '.cell-good', '.cell-neutral', '.cell-warn', '.dot-bad', '.dot-good', '.dot-warn', '.fill-bad', '.fill-good', '.fill-warn'],
    )
  })

  for (const [name, vars] of [
    ['light', light],
    ['dark', dark],
  ] as const) {
    it.each(TEXT_RULES)(`${name}: text of %s (%s on %s) ≥ 4.5:1`, (_, fg, bg) => {
      expect(contrast(value(vars, fg), value(vars, bg))).toBeGreaterThanOrEqual(4.5)
    })
    it.each(FILL_RULES)(`${name}: fill of %s (%s on %s) ≥ 3:1`, (_, fill, bg) => {
      expect(contrast(value(vars, fill), value(vars, bg))).toBeGreaterThanOrEqual(3)
    })
  }

  it('the system dark theme and the chosen dark theme are the same', () => {
    expect(systemDark).toEqual(dark)
  })

  it('a disabled button is drawn with the disabled colours, not faded by opacity', () => {
    const rule = /button:disabled[^{]*\{([^}]*)\}/.exec(css)?.[1] ?? ''
    expect(rule).toContain('var(--disabled-text)')
    expect(rule).toContain('var(--disabled-bg)')
    expect(rule).not.toMatch(/opacity/)
  })
})
