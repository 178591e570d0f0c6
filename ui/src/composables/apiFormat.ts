// How an API format reads to an admin. The list of formats is open (each generation names them
// differently and the gateway adds new ones), so this formats any `family:kind[:variant…]` name
// and legacy's `FAMILY_KIND` names, and never looks a format up in a fixed list.

/** Family names whose capitals a first-letter rule would get wrong. */
const FAMILY_NAMES: Record<string, string> = {
  openai: 'OpenAI',
  dashscope: 'DashScope',
  xai: 'xAI',
}

/** Words written as acronyms wherever they appear. */
const ACRONYMS: Record<string, string> = { cli: 'CLI', api: 'API' }

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)

function family(word: string): string {
  return FAMILY_NAMES[word] ?? ACRONYMS[word] ?? capitalize(word)
}

/** `generate_content` → "Generate content"; acronyms stay capitals. */
function phrase(part: string, first: boolean): string {
  return part
    .split(/[_\s]+/)
    .filter((w) => w !== '')
    .map((w, i) => ACRONYMS[w] ?? (first && i === 0 ? capitalize(w) : w))
    .join(' ')
}

/**
 * `claude:messages` → "Claude Messages", `openai:responses:compact` → "OpenAI Responses (compact)",
 * `CLAUDE_CLI` → "Claude CLI", `foo:bar_baz` → "Foo Bar baz". Show the raw value beside it.
 */
export function formatLabel(raw: string): string {
  const value = raw.trim().toLowerCase()
  if (value === '') return raw
  const parts = value.includes(':') ? value.split(':') : legacyParts(value)
  const [head, kind, ...variants] = parts
  const words = [family(head)]
  if (kind) words.push(phrase(kind, true))
  const extra = variants.map((v) => phrase(v, false)).filter((v) => v !== '')
  if (extra.length > 0) words.push(`(${extra.join(', ')})`)
  return words.filter((w) => w !== '').join(' ')
}

/** Legacy's `CLAUDE_CLI`: the family, then the kind. */
function legacyParts(value: string): string[] {
  const [head, ...rest] = value.split('_')
  return rest.length > 0 ? [head, rest.join('_')] : [head]
}
