import type { ErrorDetail, UnreachableCause } from '@/api'
import { fieldErrorList } from '@/composables/fieldCode'
import { generationKey } from '@/composables/generation'

type Translate = (key: string, params?: Record<string, unknown>, plural?: number) => string

const UNREACHABLE: Record<UnreachableCause, string> = {
  no_file: 'screens.errors.noFile',
  not_a_database: 'screens.errors.notDatabase',
  file_unreadable: 'screens.errors.fileUnreadable',
  server: 'screens.errors.server',
  auth: 'screens.errors.auth',
}

/** Missing columns by table (`table.column`; a bare name is a whole missing table), tables in order of appearance. */
export function missingByTable(missing: readonly string[]): { table: string; columns: string[] }[] {
  const groups = new Map<string, string[]>()
  for (const m of missing) {
    const dot = m.indexOf('.')
    const table = dot < 0 ? m : m.slice(0, dot)
    const list = groups.get(table) ?? []
    if (dot >= 0) list.push(m.slice(dot + 1))
    groups.set(table, list)
  }
  return [...groups].map(([table, columns]) => ({ table, columns }))
}

/** Core's own words, for a disclosure under the sentence (null when the sentence says it all). */
export function errorDetails(detail: ErrorDetail): string | null {
  return detail.kind === 'Unreachable' ? detail.message : null
}

/** One sentence per error kind, saying what happened and what to do. */
export function errorSentence(detail: ErrorDetail, t: Translate): string {
  switch (detail.kind) {
    case 'NotFound':
      return t('errors.NotFound', { entity: detail.entity, id: detail.id })
    case 'Validation':
      return t('errors.Validation', { list: fieldErrorList(detail.errors, t) })
    case 'Conflict':
      return t('errors.Conflict')
    case 'ReadOnly':
      return t('errors.ReadOnly')
    case 'SchemaMismatch':
      // `closest` names the generation the database resembles most: what the admin likely opened.
      // The missing columns are listed by table under the sentence (ErrorMessage).
      return detail.closest
        ? t('screens.errors.schemaClosest', { generation: t(generationKey(detail.closest)), n: detail.missing.length }, detail.missing.length)
        : t('screens.errors.schemaNone')
    case 'Unreachable':
      // One sentence and one action per cause; core's own message goes under "Details".
      return detail.cause in UNREACHABLE ? t(UNREACHABLE[detail.cause]) : t('errors.Unreachable', { message: detail.message })
    case 'Database':
      return t('errors.Database', { message: detail.message })
    case 'Cancelled':
      return t('errors.Cancelled')
    case 'NoDatabase':
      return t('errors.NoDatabase')
    case 'Unexpected':
      return t('errors.Unexpected', { message: detail.message })
  }
}
