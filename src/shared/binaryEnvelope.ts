/**
 * How an API answer that carries bytes (a data preview's Arrow page) crosses HTTP without turning each byte
 * into a JSON number: the Result as JSON with every Uint8Array replaced by a reference `{ "$bytes": [start,
 * length] }`, followed by the bytes themselves. Electron IPC and worker messages need none of this: their
 * structured clone carries a Uint8Array as it is.
 *
 * Layout: the 4 ASCII bytes `DWB1`, the JSON's length in bytes (uint32, big-endian), the JSON (UTF-8),
 * then the byte blocks one after the other (`start` counts from the first byte after the JSON).
 *
 * @example
 * const bytes = encodeBinaryEnvelope({ ok: true, value: { total: 3, arrow: new Uint8Array([1, 2]) } })
 * decodeBinaryEnvelope(bytes) // { ok: true, value: { total: 3, arrow: Uint8Array [1, 2] } }
 */

/** The media type of an envelope, as the HTTP host labels it. */
export const BINARY_ENVELOPE_TYPE = 'application/x-driftwatch-envelope'

const MAGIC = [0x44, 0x57, 0x42, 0x31] // 'DWB1'
const HEADER_BYTES = 8

/** Whether `value` holds a Uint8Array anywhere inside its objects and arrays. O(size of value). */
export function hasBytes(value: unknown): boolean {
  if (value instanceof Uint8Array) return true
  if (Array.isArray(value)) return value.some(hasBytes)
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasBytes)
  return false
}

/** Encodes a JSON-serialisable value whose Uint8Arrays travel as raw bytes. O(size of value). */
export function encodeBinaryEnvelope(value: unknown): Uint8Array {
  const blocks: Uint8Array[] = []
  let length = 0
  // The holder's own value, not `item`: a Node Buffer (a Uint8Array) has already become { type, data }.
  const text = JSON.stringify(value, function (this: unknown, key: string, item: unknown) {
    const original = (this as Record<string, unknown>)[key]
    if (!(original instanceof Uint8Array)) return item
    blocks.push(original)
    const reference = { $bytes: [length, original.byteLength] }
    length += original.byteLength
    return reference
  })
  const json = new TextEncoder().encode(text)
  const out = new Uint8Array(HEADER_BYTES + json.byteLength + length)
  out.set(MAGIC, 0)
  new DataView(out.buffer).setUint32(4, json.byteLength, false)
  out.set(json, HEADER_BYTES)
  let at = HEADER_BYTES + json.byteLength
  for (const block of blocks) {
    out.set(block, at)
    at += block.byteLength
  }
  return out
}

/**
 * Decodes an envelope back into its value; each Uint8Array is a view into `bytes` (no copy). Throws when the
 * bytes are not an envelope or a reference points outside them.
 */
export function decodeBinaryEnvelope(bytes: Uint8Array): unknown {
  if (bytes.byteLength < HEADER_BYTES || !MAGIC.every((b, i) => bytes[i] === b)) {
    throw new Error('decodeBinaryEnvelope requires bytes that start with DWB1')
  }
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(
    4,
    false
  )
  const dataStart = HEADER_BYTES + jsonLength
  if (dataStart > bytes.byteLength) {
    throw new Error('decodeBinaryEnvelope found a JSON length beyond the end of the bytes')
  }
  const text = new TextDecoder().decode(bytes.subarray(HEADER_BYTES, dataStart))
  return JSON.parse(text, (_key, item: unknown) => {
    const range = bytesReference(item)
    if (range === null) return item
    const [start, length] = range
    if (dataStart + start + length > bytes.byteLength) {
      throw new Error('decodeBinaryEnvelope found a byte block beyond the end of the bytes')
    }
    return bytes.subarray(dataStart + start, dataStart + start + length)
  })
}

/** `[start, length]` of a `{ $bytes: [start, length] }` reference, else null. */
function bytesReference(item: unknown): readonly [number, number] | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return null
  const keys = Object.keys(item)
  if (keys.length !== 1 || keys[0] !== '$bytes') return null
  const range = (item as { $bytes: unknown }).$bytes
  if (
    !Array.isArray(range) ||
    range.length !== 2 ||
    !range.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)
  ) {
    return null
  }
  return [range[0] as number, range[1] as number]
}
