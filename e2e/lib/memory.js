// The memory the running app holds, as the kernel counts it: the sum of PSS (proportional set
// size: a page shared by several processes counts once in total) over the app's process and its
// descendants (WebKitWebProcess, WebKitNetworkProcess), from /proc/<pid>/smaps_rollup.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'

function parentOf(pid) {
  try {
    // Field 4 of /proc/<pid>/stat, after the command name in parentheses (which may hold spaces).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return null
  }
}

const exeOf = (pid) => {
  try {
    return readlinkSync(`/proc/${pid}/exe`)
  } catch {
    return null
  }
}

const nameOf = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
  } catch {
    return '?'
  }
}

/** A process's PSS in kB, and the part of it that is anonymous (heap, not mapped files). */
function pssOf(pid) {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0)
    return { pssKb: field('Pss'), anonKb: field('Pss_Anon') }
  } catch {
    return { pssKb: 0, anonKb: 0 }
  }
}

/** Every process running `executable` and their descendants, with their PSS (and its anonymous part) in kB. */
export function appMemory(executable) {
  const pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number)
  const parents = new Map(pids.map((p) => [p, parentOf(p)]))
  const roots = pids.filter((p) => exeOf(p) === executable)
  const inApp = new Set(roots)
  let grew = true
  while (grew) {
    grew = false
    for (const [pid, parent] of parents) {
      if (!inApp.has(pid) && inApp.has(parent)) {
        inApp.add(pid)
        grew = true
      }
    }
  }
  const processes = [...inApp].map((pid) => ({ pid, name: nameOf(pid), ...pssOf(pid) }))
  return { processes, totalKb: processes.reduce((s, p) => s + p.pssKb, 0) }
}
