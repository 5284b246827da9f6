/**
 * The background loops of the server process (the webhook dispatcher, the notifier): a round at a time, the
 * next `intervalMs` after the last one ended, never inside a request. Tests call `tick` themselves instead of
 * starting the timer. A failed round is logged by `label` and the error's message (never data) and the loop
 * goes on.
 */
export interface TimerLoop {
  /** One round, after the one in progress; resolves when it is done. */
  tick(): Promise<void>
  start(): void
  /** Stops the timer and waits for the round in progress. */
  stop(): Promise<void>
  /** Whether stop was called: a round working through a long queue ends early. */
  readonly stopping: boolean
}

export function timerLoop(label: string, intervalMs: number, round: () => Promise<void>): TimerLoop {
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  let looping = false
  let stopping = false

  const tick = () => {
    running = running.then(round, round).catch((error: unknown) => {
      console.error(`${label}:`, error instanceof Error ? error.message : 'unknown error')
    })
    return running
  }
  const loop = () => {
    if (!looping) return
    void tick().then(() => {
      if (looping) timer = setTimeout(loop, intervalMs)
    })
  }
  return {
    tick,
    start() {
      if (looping) return
      looping = true
      stopping = false
      loop()
    },
    async stop() {
      looping = false
      stopping = true
      clearTimeout(timer)
      await running
    },
    get stopping() {
      return stopping
    },
  }
}
