import { describe, expect, it } from 'vitest'
import { createFrameBatcher } from './frameBatcher'

/** A batcher whose frames the test runs by hand (each schedule call queues one), and what it delivered. */
function manualBatcher<T>() {
  const frames: Array<() => void> = []
  const delivered: T[][] = []
  const batcher = createFrameBatcher<T>(
    (items) => delivered.push([...items]),
    (callback) => frames.push(callback)
  )
  return {
    batcher,
    delivered,
    runFrame: () => frames.shift()?.(),
    waiting: () => frames.length
  }
}

describe('createFrameBatcher', () => {
  it('hands over everything pushed before a frame in one delivery, asking for one frame', () => {
    const { batcher, delivered, runFrame, waiting } = manualBatcher<number>()
    batcher.push(1)
    batcher.push(2)
    batcher.push(3)
    expect(waiting()).toBe(1)
    expect(delivered).toEqual([])
    runFrame()
    expect(delivered).toEqual([[1, 2, 3]])
    batcher.push(4)
    runFrame()
    expect(delivered).toEqual([[1, 2, 3], [4]])
  })

  it('flushes at once when asked, and a frame with nothing waiting delivers nothing', () => {
    const { batcher, delivered, runFrame } = manualBatcher<string>()
    batcher.push('a')
    batcher.flush()
    expect(delivered).toEqual([['a']])
    runFrame()
    expect(delivered).toEqual([['a']])
  })

  it('drops what is waiting when disposed and ignores later pushes', () => {
    const { batcher, delivered, runFrame, waiting } = manualBatcher<number>()
    batcher.push(1)
    batcher.dispose()
    runFrame()
    batcher.push(2)
    batcher.flush()
    expect(delivered).toEqual([])
    expect(waiting()).toBe(0)
  })

  it('uses a timer where there are no animation frames (Node)', async () => {
    const delivered: number[][] = []
    const batcher = createFrameBatcher<number>((items) => delivered.push([...items]))
    batcher.push(7)
    expect(delivered).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(delivered).toEqual([[7]])
  })
})
