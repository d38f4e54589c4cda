import { describe, expect, it } from 'vitest'
import { detectFormat } from './sources'

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)

describe('detectFormat', () => {
  it('reads a .json file of one record per line as newline-delimited JSON', () => {
    expect(detectFormat('batch.json', bytes('{"a":1}\n{"a":2}\n'))).toEqual({
      format: 'ndjson',
      compressed: false
    })
  })
  it('reads a .json file holding an array as a JSON array', () => {
    expect(detectFormat('batch.json', bytes(' [{"a":1}]'))).toEqual({
      format: 'json',
      compressed: false
    })
  })
  it('takes .jsonl, .csv and .tsv by their extension', () => {
    expect(detectFormat('b.jsonl', bytes('{"a":1}')).format).toBe('ndjson')
    expect(detectFormat('b.csv', bytes('a,b\n1,2\n')).format).toBe('csv')
    expect(detectFormat('b.tsv', bytes('a\tb\n1\t2\n')).format).toBe('tsv')
  })
  it('recognises Parquet by its signature whatever the name', () => {
    expect(detectFormat('b.bin', bytes('PAR1xxxx')).format).toBe('parquet')
  })
  it('refuses a .parquet name over other bytes', () => {
    expect(() => detectFormat('b.parquet', bytes('a,b\n1,2\n'))).toThrow(/Parquet signature/)
  })
})
