// axe-core over a mounted component. Rules that need a laid-out page (contrast, a page's
// landmarks and title) cannot run in a DOM-less environment and are left to the e2e run.
import axe from 'axe-core'

const NOT_WITHOUT_LAYOUT = ['color-contrast', 'region', 'landmark-one-main', 'page-has-heading-one', 'document-title', 'html-has-lang']

/** The violations axe finds in `element`, as `rule: target` lines (empty when clean). */
export async function axeViolations(element: Element): Promise<string[]> {
  const result = await axe.run(element, {
    rules: Object.fromEntries(NOT_WITHOUT_LAYOUT.map((id) => [id, { enabled: false }])),
    resultTypes: ['violations'],
  })
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${v.help}`))
}
