// Arrow keys across a CSS grid of cards: left/right step by one, up/down by a row.

/** Columns of a grid element, read from its resolved `grid-template-columns`. */
export function gridColumns(grid: HTMLElement): number {
  const cols = getComputedStyle(grid).gridTemplateColumns.split(' ').filter((s) => s.trim() !== '')
  return Math.max(1, cols.length)
}

export function nextIndex(key: string, index: number, count: number, columns: number): number | null {
  const step: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns, Home: -index }
  if (key === 'End') return count - 1
  if (!(key in step)) return null
  const next = index + step[key]
  return next < 0 || next >= count ? null : next
}
