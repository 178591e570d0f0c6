// The screens are routes in the URL hash, so back returns where the admin was and a reload keeps
// the screen, its window and its filters (composables/routeQuery.ts says what the query holds).
// App.vue renders the screens itself (the providers list stays mounted under the others, keeping
// its scroll position), so the records carry no components of their own.
import { createRouter, createWebHashHistory, type RouterHistory } from 'vue-router'

const screen = { render: () => null }

export const routes = [
  { path: '/', name: 'providers', component: screen },
  { path: '/fleet', name: 'fleet', component: screen },
  { path: '/provider/:id', name: 'provider', component: screen },
  { path: '/provider/:id/events', name: 'events', component: screen },
  { path: '/request/:requestId', name: 'request', component: screen },
  { path: '/:rest(.*)*', redirect: '/' },
]

const afterFrames = (n: number): Promise<void> =>
  new Promise((resolve) => (n <= 0 ? resolve() : requestAnimationFrame(() => void afterFrames(n - 1).then(resolve))))

export function makeRouter(history: RouterHistory = createWebHashHistory()) {
  return createRouter({
    history,
    routes,
    // Back and forward return to where the page was (after two frames: the providers list, shown
    // again, measures its rows first); a new screen starts at its top; a control or filter
    // change (same screen) leaves the page where it is.
    scrollBehavior: (to, from, saved) =>
      saved ? afterFrames(2).then(() => saved) : to.name !== from.name ? { top: 0 } : false,
  })
}
