import type { Rolldown } from 'vite'

/**
 * Lazy routes whose code loads as one chunk, by the modules that the router imports lazily. Staff work on
 * office computers and move between these pages, so one request per area beats a dozen small ones, and
 * every chunk fewer is one name fewer in the list of lazy files that the first paint's entry carries (vite's
 * `__vite__mapDeps`). The citizen's lazy pages (feedback, tracking) stay one chunk each: a phone on a weak
 * link should fetch only the page it opens.
 */
const AREAS: [area: string, routeModules: RegExp][] = [
  ['admin', /\/client\/pages\/admin\//],
  ['staff', /\/client\/pages\/staff\/|\/client\/stores\/staff-session\.ts$/],
  ['dashboard', /\/client\/pages\/DashboardPage\.vue$|\/client\/dashboard\/access\.ts$/],
]

/**
 * `build.rolldownOptions.output.codeSplitting` for the client.
 *
 * 1. Everything the first paint imports statically goes into the entry chunk. Left to itself, rolldown puts
 *    the modules that the lazy pages share with the first paint (Vue's runtime core, reactivity) into a
 *    second chunk that the first paint loads beside the entry: two gzip streams and a list of imports and
 *    exports between them, about 1 kB gzip more than one chunk.
 * 2. A module that only the routes of one area (above) reach goes into that area's chunk. Modules that
 *    several areas or the citizen pages share stay where rolldown puts them, so no area loads another's code
 *    and no two chunks import each other.
 */
export function chunkGroups(): Rolldown.CodeSplittingOptions {
  const areas = new WeakMap<Rolldown.ChunkingContext, Map<string, Set<string>>>()
  return {
    groups: [
      { name: 'index', tags: ['$initial'], priority: 2 },
      {
        debugName: 'areas',
        name: (id, ctx) => {
          let known = areas.get(ctx)
          if (!known) areas.set(ctx, (known = new Map()))
          let found = known.get(id)
          if (!found) known.set(id, (found = reachedFrom(id, ctx)))
          const [area] = found
          return found.size === 1 && AREAS.some(([name]) => name === area) ? area! : null
        },
        // The area's modules only: what they import from outside stays shared (see 2. above).
        includeDependenciesRecursively: false,
        priority: 1,
      },
    ],
  }
}

/**
 * Where a module is loaded from: 'entry' for the first paint, an area for a lazy route module of one, the
 * module's own id for any other lazily imported module. Walks every chain of static importers up to the
 * lazily imported modules and the entry (a plain search, exact whatever cycles the import graph has).
 */
function reachedFrom(id: string, ctx: Rolldown.ChunkingContext): Set<string> {
  const found = new Set<string>()
  const seen = new Set<string>([id])
  const queue = [id]
  while (queue.length > 0) {
    const current = queue.pop()!
    const info = ctx.getModuleInfo(current)
    if (!info) {
      found.add('unknown')
      continue
    }
    if (info.isEntry) found.add('entry')
    if (info.dynamicImporters.length > 0) found.add(AREAS.find(([, routes]) => routes.test(current))?.[0] ?? current)
    for (const importer of info.importers) {
      if (!seen.has(importer)) {
        seen.add(importer)
        queue.push(importer)
      }
    }
  }
  return found
}
