// The open dialog's decisions: a PostgreSQL password joined to its URL for one connection (never
// kept), and recent entries told apart when their names are the same.
import type { RecentDatabase } from '@/api'

/**
 * `url` with `password` as its password, percent-encoded as a URL's user info must be (core reads
 * the password from the URL). The URL is left as typed when the password is empty or the text is
 * not a URL.
 */
export function withPassword(url: string, password: string): string {
  if (password === '') return url
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return url
  }
  if (!parsed.username) return url
  parsed.password = password
  return parsed.toString()
}

/** Why a URL cannot take the password: it names no user. */
export function needsUser(url: string, password: string): boolean {
  if (password === '') return false
  try {
    return !new URL(url).username
  } catch {
    return false
  }
}

function folders(location: string): string[] {
  const parts = location.split(/[\\/]/).filter((p) => p !== '')
  return parts.slice(0, -1)
}

/**
 * For each recent entry, the folder that tells it apart from others of the same name: the fewest
 * trailing folders of its path that differ from every same-named entry's (`null` when its name
 * is unique, or it is not a file path).
 */
export function recentFolders(recent: readonly RecentDatabase[]): (string | null)[] {
  return recent.map((r) => {
    if (r.kind !== 'sqlite') return null
    const same = recent.filter((o) => o !== r && o.kind === 'sqlite' && o.display_name === r.display_name)
    if (same.length === 0) return null
    const mine = folders(r.location)
    for (let n = 1; n <= mine.length; n++) {
      const tail = mine.slice(-n).join('/')
      if (same.every((o) => folders(o.location).slice(-n).join('/') !== tail)) return (n < mine.length ? '…/' : '/') + tail
    }
    return r.location
  })
}
