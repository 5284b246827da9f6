interface Waiting<T, R> {
  items: T[]
  resolve: (results: R[]) => void
  reject: (error: unknown) => void
}

/** Where capture leaves the functions that settle the promise just made; read right after, synchronously. */
const captured: { resolve: (value: never) => void; reject: (error: unknown) => void } = { resolve: () => {}, reject: () => {} }

function capture(resolve: (value: never) => void, reject: (error: unknown) => void): void {
  captured.resolve = resolve
  captured.reject = reject
}

/** Resolves in the check phase of this event-loop turn, after the I/O the turn has read. */
function endOfTurn(): Promise<void> {
  return new Promise(afterIo)
}

function afterIo(resolve: () => void): void {
  setImmediate(resolve)
}

/**
 * Commits concurrent writes together, in one transaction with one fsync. Each caller is answered only after
 * that commit returns, so an acknowledgement still means "on disk"; under load the fsync is shared by every
 * request waiting for it instead of paid by each.
 *
 * One commit runs at a time, and a group closes at the end of an event-loop turn, so that the requests read
 * in the same turn go together: the first write waits for it, and so does the group that gathered while a
 * commit ran (on the writer thread, see sqlite/writer-thread.ts). Closing that group as soon as the commit
 * returns would leave out the requests already read in that turn, and would wake the writer thread before the
 * answers of the group just committed are written: under load that cost about a tenth of the throughput.
 * The busier the server, the bigger the groups, without any timer adding latency when it is quiet.
 */
export class GroupCommit<T, R> {
  private waiting: Waiting<T, R>[] = []
  /** The running flush loop, if any: a commit is scheduled or in progress. */
  private running: Promise<void> | undefined

  constructor(private readonly commit: (items: T[]) => R[] | Promise<R[]>) {}

  submit(items: T[]): Promise<R[]> {
    // The executor is one function made once (see capture), not an arrow made for every write.
    const promise = new Promise<R[]>(capture)
    this.waiting.push({ items, resolve: captured.resolve as (results: R[]) => void, reject: captured.reject })
    this.running ??= endOfTurn().then(() => this.flush())
    return promise
  }

  /** Resolves once everything submitted so far has been committed (or has failed): for closing the store. */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  private async flush(): Promise<void> {
    while (this.waiting.length > 0) {
      const group = this.waiting
      this.waiting = []
      try {
        const results = await this.commit(group.flatMap((w) => w.items))
        let offset = 0
        for (const w of group) {
          w.resolve(results.slice(offset, offset + w.items.length))
          offset += w.items.length
        }
      } catch (error) {
        // The transaction rolled back: nothing of this group is stored, and every caller in it hears so.
        for (const w of group) w.reject(error)
      }
      await endOfTurn()
    }
    this.running = undefined
  }
}
