// The providers list lays cards out in rows of equal columns, as the CSS grid's
// `repeat(auto-fill, minmax(CARD_MIN, 1fr))` would, so the virtual list can render whole rows.

export const CARD_MIN_PX = 300
export const CARD_GAP_PX = 12.8

/** Columns that fit `width` pixels (at least one). */
export function columnsFor(width: number): number {
  return Math.max(1, Math.floor((width + CARD_GAP_PX) / (CARD_MIN_PX + CARD_GAP_PX)))
}

/** The items of row `row` when `columns` fit a row. */
export function rowItems<T>(items: T[], row: number, columns: number): T[] {
  return items.slice(row * columns, (row + 1) * columns)
}
