import { jest } from '@jest/globals'
import { RunCancellation, type SignalSource } from '../../src/support/run-cancellation.js'

/** Signals the test sends, instead of the process's. */
function signals(): SignalSource & { send(name: NodeJS.Signals): void; count(): number } {
  const listeners = new Map<NodeJS.Signals, Set<() => void>>()
  return {
    on(name, listener) {
      listeners.set(name, (listeners.get(name) ?? new Set()).add(listener))
    },
    off(name, listener) {
      listeners.get(name)?.delete(listener)
    },
    send(name) {
      for (const listener of listeners.get(name) ?? []) listener()
    },
    count: () => [...listeners.values()].reduce((total, set) => total + set.size, 0)
  }
}

const never = (): Promise<void> => new Promise(() => undefined)

beforeEach(() => {
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
})
afterEach(() => jest.restoreAllMocks())

describe('RunCancellation', () => {
  it('is cancelled by the first SIGINT or SIGTERM, and says which', () => {
    const source = signals()
    const cancellation = new RunCancellation(source)
    expect(cancellation.requested).toBeUndefined()
    source.send('SIGTERM')
    source.send('SIGINT')
    expect(cancellation.requested).toBe('SIGTERM')
    expect(cancellation.signal.aborted).toBe(true)
  })

  it('settles as the work does while nothing cancels it', async () => {
    const cancellation = new RunCancellation(signals())
    await expect(cancellation.within(Promise.resolve())).resolves.toBeUndefined()
    await expect(cancellation.within(Promise.reject(new Error('refused')))).rejects.toThrow('refused')
  })

  it('once cancelled, waits for the work at most its grace, then lets the step report', async () => {
    const source = signals()
    const cancellation = new RunCancellation(source, 50)
    const started = Date.now()
    const waiting = cancellation.within(never())
    source.send('SIGINT')
    await waiting
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('lets work that ends within the grace report its own outcome', async () => {
    const source = signals()
    const cancellation = new RunCancellation(source, 1000)
    const waiting = cancellation.within(
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('kubectl apply failed: stopped by SIGTERM')), 20)
      )
    )
    source.send('SIGTERM')
    await expect(waiting).rejects.toThrow('stopped by SIGTERM')
  })

  it('gives the signals back when disposed', () => {
    const source = signals()
    const cancellation = new RunCancellation(source)
    expect(source.count()).toBe(2)
    cancellation.dispose()
    expect(source.count()).toBe(0)
  })
})
