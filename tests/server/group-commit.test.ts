import { describe, expect, it } from 'vitest'
import { GroupCommit } from '../../server/store/group-commit'

/** A commit that records each group it is given and finishes only when the test says so. */
function controlledCommit() {
  const groups: string[][] = []
  const finish: ((outcome: Error | undefined) => void)[] = []
  const commit = (items: string[]) => {
    groups.push(items)
    return new Promise<string[]>((resolve, reject) => {
      finish.push((error) => (error ? reject(error) : resolve(items.map((item) => `stored ${item}`))))
    })
  }
  return { groups, finish, commit }
}

/** Lets the current event-loop turn end, past its check phase. */
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

describe('group commit', () => {
  it('commits the writes of one event-loop turn together and answers each with its own results', async () => {
    const c = controlledCommit()
    const writer = new GroupCommit(c.commit)
    const a = writer.submit(['a1', 'a2'])
    const b = writer.submit(['b'])
    expect(c.groups).toEqual([]) // nothing before the turn ends
    await nextTurn()
    expect(c.groups).toEqual([['a1', 'a2', 'b']])
    c.finish[0]!(undefined)
    expect(await a).toEqual(['stored a1', 'stored a2'])
    expect(await b).toEqual(['stored b'])
  })

  it('runs one commit at a time: what arrives meanwhile goes as the next group', async () => {
    const c = controlledCommit()
    const writer = new GroupCommit(c.commit)
    const first = writer.submit(['a'])
    await nextTurn()
    const second = [writer.submit(['b']), writer.submit(['c'])]
    await nextTurn()
    expect(c.groups).toEqual([['a']])
    c.finish[0]!(undefined)
    await first
    await nextTurn()
    expect(c.groups).toEqual([['a'], ['b', 'c']])
    c.finish[1]!(undefined)
    expect(await Promise.all(second)).toEqual([['stored b'], ['stored c']])
  })

  it('closes the next group at the end of the turn in which a commit returned, so writes made in that turn join it', async () => {
    const c = controlledCommit()
    const writer = new GroupCommit(c.commit)
    const late: Promise<string[]>[] = []
    // As a request answered by the first commit is followed, in the same turn, by the next one read.
    const first = writer.submit(['a']).then((results) => {
      late.push(writer.submit(['d']))
      return results
    })
    await nextTurn()
    const waiting = writer.submit(['b'])
    c.finish[0]!(undefined)
    await first
    await nextTurn()
    expect(c.groups).toEqual([['a'], ['b', 'd']])
    c.finish[1]!(undefined)
    expect(await waiting).toEqual(['stored b'])
    expect(await late[0]).toEqual(['stored d'])
  })

  it('fails only the writes of a commit that failed, and goes on with the next group', async () => {
    const c = controlledCommit()
    const writer = new GroupCommit(c.commit)
    const failed = writer.submit(['a'])
    await nextTurn()
    const next = writer.submit(['b'])
    c.finish[0]!(new Error('disk full'))
    await expect(failed).rejects.toThrow('disk full')
    await nextTurn()
    expect(c.groups).toEqual([['a'], ['b']])
    c.finish[1]!(undefined)
    expect(await next).toEqual(['stored b'])
  })

  it('is idle only once everything submitted has been committed', async () => {
    const c = controlledCommit()
    const writer = new GroupCommit(c.commit)
    void writer.submit(['a'])
    let idle = false
    const done = writer.idle().then(() => (idle = true))
    await nextTurn()
    void writer.submit(['b'])
    c.finish[0]!(undefined)
    await nextTurn()
    expect(idle).toBe(false)
    c.finish[1]!(undefined)
    await done
    expect(c.groups).toEqual([['a'], ['b']])
  })
})
