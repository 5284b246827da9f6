import type { Plugin } from 'vite'

// pinia keeps a copy of FileSaver for its devtools' "save state" button: `saveAs` is chosen when the module
// loads, by reading `HTMLAnchorElement.prototype` and the navigator (property reads the bundler must assume
// may run a getter). So the function and the three it chooses from stay in every build, devtools or not:
// about 1 kB gzip of first-paint JavaScript the page never runs. Marked pure, they drop out when unused.
const CHOICE = 'const saveAs = !IS_CLIENT ? () => {} : typeof HTMLAnchorElement !== "undefined" && "download" in HTMLAnchorElement.prototype && !isMacOSWebView ? downloadSaveAs : "msSaveOrOpenBlob" in _navigator ? msSaveAs : fileSaverSaveAs;'
const PINIA = /\/pinia\/dist\/pinia\.js$/

/** Lets the bundler drop pinia's unused FileSaver copy; fails the build if pinia changed so that this no longer applies. */
export function piniaTreeShaking(): Plugin {
  return {
    name: 'hailong:pinia-tree-shaking',
    apply: 'build',
    transform(code, id) {
      if (!PINIA.test(id)) return null
      if (!code.includes(CHOICE)) {
        throw new Error(`pinia-tree-shaking: ${id} no longer chooses saveAs as this plugin expects; check whether it is still needed`)
      }
      const pure = CHOICE.replace('const saveAs = ', 'const saveAs = /* @__PURE__ */ (() => ').replace(/;$/, ')();')
      return { code: code.replace(CHOICE, pure), map: null }
    },
  }
}
