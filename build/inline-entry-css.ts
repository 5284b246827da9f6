import type { Plugin, Rolldown } from 'vite'

/**
 * Puts the entry stylesheet inside index.html instead of linking it. It is small (about 1.6 kB gzipped) and
 * every page needs it before it can paint: as a separate file it costs a phone on a weak link one more
 * round trip before the first paint, while the page shell the server writes into /q/<counter> could
 * already show. The file is then left out of the build, so the service worker does not precache it twice.
 *
 * Leaving it out must also take its name out of the chunks' metadata: vite builds each lazy import's preload
 * list (`__vite__mapDeps`) afterwards from the CSS that every chunk it reaches imports, and the lazy chunks
 * that import the entry chunk would otherwise preload a file that does not exist. Offline that fetch fails
 * (nothing precaches it), the preload rejects and the import with it: the feedback pages lost their texts.
 * Every document already holds the stylesheet inline, so nothing needs to fetch it.
 */
export function inlineEntryCss(): Plugin {
  return {
    name: 'hailong:inline-entry-css',
    apply: 'build',
    // The preload lists are written after the file names are hashed, so the hash must say that the entry's
    // stylesheet is left out of them (vite's CSS plugin adds a chunk's stylesheet names to its hash for the
    // same reason). A name is a cache key: the service worker keeps an assets/ file it already holds under the
    // same name, so without this the builds that preloaded the missing file would stay cached on devices.
    augmentChunkHash: (chunk) => (chunk.isEntry ? 'entry stylesheet inlined, not preloaded' : undefined),
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle
        if (!bundle) return html
        return html.replace(/<link rel="stylesheet"(?: crossorigin)? href="\/(assets\/[^"]+\.css)">/g, (link, fileName: string) => {
          const asset = bundle[fileName]
          if (asset?.type !== 'asset') return link
          delete bundle[fileName]
          forgetImportedCss(bundle, fileName)
          // A stylesheet cannot hold "</style" in a valid rule, but escape it so that no text can end the element.
          return `<style>${String(asset.source).replaceAll('</style', '<\\/style')}</style>`
        })
      },
    },
  }
}

/**
 * Drops `fileName` from the CSS that the chunks import. Vite's index.html is written in the generateBundle
 * hook of vite:build-html, which runs before the one of vite:build-import-analysis that writes the preload
 * lists, so they are written without it.
 */
function forgetImportedCss(bundle: Rolldown.OutputBundle, fileName: string): void {
  for (const output of Object.values(bundle)) {
    if (output.type === 'chunk') output.viteMetadata?.importedCss.delete(fileName)
  }
}
