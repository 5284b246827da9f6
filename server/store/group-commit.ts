/**
 * Commits the writes that arrive during one turn of the event loop together, in one transaction with one
 * fsync. Each caller is answered only after that commit returns, so an acknowledgement still means "on
 * disk"; under load the fsync is shared by every request waiting for it instead of paid by each.
 */
export class GroupCommit<T, R> {
  private queue: { items: T[]; resolve: (results: R[]) => void; reject: (error: unknown) => void }[] = []
  private scheduled = false

  constructor(private readonly commit: (items: T[]) => R[]) {}

  submit(items: T[]): Promise<R[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject })
      if (!this.scheduled) {
        this.scheduled = true
        setImmediate(() => this.flush())
      }
    })
  }

  private flush(): void {
    this.scheduled = false
    const waiting = this.queue
    this.queue = []
    let results: R[]
    try {
      results = this.commit(waiting.flatMap((w) => w.items))
    } catch (error) {
      for (const w of waiting) w.reject(error)
      return
    }
    let offset = 0
    for (const w of waiting) {
      w.resolve(results.slice(offset, offset + w.items.length))
      offset += w.items.length
    }
  }
}
