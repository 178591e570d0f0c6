import { createApp } from 'vue'
import App from './App.vue'
import { i18n, setLocale } from './i18n'
import { makeRouter } from './router'
import './theme.css'

async function start() {
  // `vite --mode mock` serves the UI over a fake backend; the branch is dropped from real builds.
  if (import.meta.env.MODE === 'mock') (await import('./dev/mockBackend')).install()
  setLocale(i18n.global.locale.value, false)
  createApp(App).use(i18n).use(makeRouter()).mount('#app')
}

void start()
