import { describe, expect, it } from 'vitest'
import {
  countersSince,
  pressureSomeTotal,
  readMachineCounters,
  stealTicks,
  vmstatCounters
} from './machineCounters'

describe('machine counters', () => {
  it('reads the stall total of a pressure file', () => {
    const text =
      'some avg10=0.00 avg60=0.44 avg300=0.38 total=382790476\nfull avg10=0.00 avg60=0.32 avg300=0.24 total=206653331\n'
    expect(pressureSomeTotal(text)).toBe(382790476)
    expect(pressureSomeTotal('full avg10=0.00 total=5\n')).toBeNull()
  })

  it('sums the direct reclaim stalls and reads the major faults of /proc/vmstat', () => {
    const text =
      'nr_free_pages 100\npgmajfault 206777\nallocstall_dma 1\nallocstall_normal 71\nallocstall_movable 3585\n'
    expect(vmstatCounters(text)).toEqual({ directReclaims: 3657, majorFaults: 206777 })
    expect(vmstatCounters('nr_free_pages 100\n')).toEqual({
      directReclaims: null,
      majorFaults: null
    })
  })

  it('reads the steal ticks of the cpu line of /proc/stat', () => {
    const text =
      'cpu  2657209 1358552 925860 3750815 34900 0 8629 15983 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n'
    expect(stealTicks(text)).toBe(15983)
    expect(stealTicks('intr 1 2 3\n')).toBeNull()
  })

  it('gives the change between two readings, null where either lacks a counter', () => {
    const start = {
      cpuStallMicroseconds: null,
      memoryStallMicroseconds: 10,
      directReclaims: 5,
      majorFaults: null,
      stealTicks: 3
    }
    const end = {
      cpuStallMicroseconds: 7,
      memoryStallMicroseconds: 25,
      directReclaims: 5,
      majorFaults: 9,
      stealTicks: 4
    }
    expect(countersSince(start, end)).toEqual({
      cpuStallMicroseconds: null,
      memoryStallMicroseconds: 15,
      directReclaims: 0,
      majorFaults: null,
      stealTicks: 1
    })
  })

  it('reads this machine, where Linux has the files', () => {
    const counters = readMachineCounters()
    if (process.platform !== 'linux') return
    expect(counters.majorFaults).toBeGreaterThanOrEqual(0)
    if (counters.cpuStallMicroseconds !== null)
      expect(counters.cpuStallMicroseconds).toBeGreaterThanOrEqual(0)
    expect(counters.stealTicks).toBeGreaterThanOrEqual(0)
  })
})
