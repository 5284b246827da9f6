import type { Plugin } from 'vite'
import type { OutputAsset } from 'rollup'

/**
 * Puts the entry stylesheet inside index.html instead of linking it. It is small (about 1.6 kB gzipped) and
 * every page needs it before it can paint: as a separate file it costs a phone on a weak link one more
 * round trip before the first paint, while the page shell the server writes into /q/<counter> could
 * already show. The file is then left out of the build, so the service worker does not precache it twice.
 */
export function inlineEntryCss(): Plugin {
  return {
    name: 'hailong:inline-entry-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle
        if (!bundle) return html
        return html.replace(/<link rel="stylesheet"(?: crossorigin)? href="\/(assets\/[^"]+\.css)">/g, (link, fileName: string) => {
          const asset = bundle[fileName] as OutputAsset | undefined
          if (asset?.type !== 'asset') return link
          delete bundle[fileName]
          // A stylesheet cannot hold "</style" in a valid rule, but escape it so that no text can end the element.
          return `<style>${String(asset.source).replaceAll('</style', '<\\/style')}</style>`
        })
      },
    },
  }
}
