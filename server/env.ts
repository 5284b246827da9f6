import type { Config } from './config'
import type { Store } from './store/store'

/** What every handler can reach through `c.var`. */
export type Env = {
  Variables: {
    config: Config
    store: Store
  }
}
