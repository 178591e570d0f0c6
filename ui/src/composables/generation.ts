// Which Aether wrote the open database, as the header and messages name it.
import type { DatabaseInfo, Generation } from '@/api'

/** The i18n key of a generation's name (`generation.*`); "v0.3" cannot be a key path. */
export function generationKey(g: Generation): string {
  switch (g) {
    case 'legacy':
      return 'generation.legacy'
    case 'v0.3':
      return 'generation.v03'
    case 'rust':
      return 'generation.rust'
  }
}

/** The i18n key saying why the session is read-only; null when writable or the reason is unknown. */
export function readOnlyReasonKey(info: DatabaseInfo): string | null {
  if (!info.read_only || info.read_only_reason == null) return null
  return `readOnlyReason.${info.read_only_reason}`
}
