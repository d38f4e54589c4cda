import { describe, expect, it } from 'vitest'
import { decodeBinaryEnvelope, encodeBinaryEnvelope, hasBytes } from './binaryEnvelope'

describe('hasBytes', () => {
  it('finds a Uint8Array at any depth, and nothing in plain data', () => {
    expect(hasBytes({ ok: true, value: { page: [{ arrow: new Uint8Array(1) }] } })).toBe(true)
    expect(hasBytes({ ok: true, value: { rows: [1, 2], name: 'a' } })).toBe(false)
    expect(hasBytes(null)).toBe(false)
  })
})

describe('encodeBinaryEnvelope and decodeBinaryEnvelope', () => {
  it('round-trips a Result with several byte blocks and plain fields', () => {
    const value = {
      ok: true,
      value: {
        total: 3,
        arrow: new Uint8Array([1, 2, 3, 255]),
        nested: [{ more: new Uint8Array([9]) }, 'text'],
        empty: new Uint8Array(0)
      }
    }
    const bytes = encodeBinaryEnvelope(value)
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('DWB1')
    const decoded = decodeBinaryEnvelope(bytes) as typeof value
    expect(decoded.value.total).toBe(3)
    expect([...decoded.value.arrow]).toEqual([1, 2, 3, 255])
    expect(decoded.value.nested[1]).toBe('text')
    expect([...(decoded.value.nested[0] as { more: Uint8Array }).more]).toEqual([9])
    expect(decoded.value.empty).toBeInstanceOf(Uint8Array)
    expect(decoded.value.empty.byteLength).toBe(0)
  })

  it('carries a Node Buffer as its bytes, not as its JSON form', () => {
    const decoded = decodeBinaryEnvelope(encodeBinaryEnvelope({ b: Buffer.from('hi') })) as {
      b: Uint8Array
    }
    expect(new TextDecoder().decode(decoded.b)).toBe('hi')
  })

  it('reads an envelope inside a larger buffer (a view with an offset)', () => {
    const inner = encodeBinaryEnvelope({ a: new Uint8Array([7, 8]) })
    const outer = new Uint8Array(inner.byteLength + 5)
    outer.set(inner, 5)
    const decoded = decodeBinaryEnvelope(outer.subarray(5)) as { a: Uint8Array }
    expect([...decoded.a]).toEqual([7, 8])
  })

  it('keeps an object that merely looks like a reference when it is not one', () => {
    const decoded = decodeBinaryEnvelope(encodeBinaryEnvelope({ x: { $bytes: 'no' } }))
    expect(decoded).toEqual({ x: { $bytes: 'no' } })
  })

  it('refuses bytes that are not an envelope, or point beyond their end', () => {
    expect(() => decodeBinaryEnvelope(new TextEncoder().encode('{"ok":true}'))).toThrow(/DWB1/)
    const bytes = encodeBinaryEnvelope({ a: new Uint8Array([1, 2, 3]) })
    expect(() => decodeBinaryEnvelope(bytes.subarray(0, bytes.byteLength - 1))).toThrow(
      /beyond the end/
    )
  })
})
