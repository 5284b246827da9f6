import type { Plugin } from 'vite'

// vue-i18n 11 looks up `currentInstance` on Vue's namespace with a computed key, "to avoid a bundler
// warning". A computed key makes the bundler keep every export of Vue (Transition, KeepAlive, Suspense,
// Teleport, hydration, custom elements, …): about 9 kB gzip the page never uses. Vue 3.5 has no
// `currentInstance` export, so the lookup always ends in `getCurrentInstance()`: say so directly.
const DYNAMIC = `const key = 'currentInstance';
    if (key in Vue) {
        return Vue[key];
    }
    else {
        return Vue.getCurrentInstance();
    }`
const STATIC = 'return Vue.getCurrentInstance();'

/** Lets the bundler tree-shake Vue under vue-i18n (see above). Fails the build if vue-i18n changed. */
export function vueI18nTreeShaking(): Plugin {
  return {
    name: 'hailong:vue-i18n-tree-shaking',
    // In development vue-i18n is pre-bundled and size does not matter.
    apply: 'build',
    transform(code, id) {
      if (!/\/vue-i18n\/dist\/vue-i18n(\.runtime)?\.mjs$/.test(id)) return null
      if (!code.includes(DYNAMIC)) {
        throw new Error(`vue-i18n-tree-shaking: ${id} no longer has the lookup this plugin rewrites; check whether it is still needed`)
      }
      return { code: code.replace(DYNAMIC, STATIC), map: null }
    },
  }
}
