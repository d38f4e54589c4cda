#!/usr/bin/env node
// Draws Driftwatch's tray icons with Node alone (zlib for the PNG stream, no image library): a ring, the
// watch, with a wave through it, the drift. Anti-aliased by 8×8 supersampling of the shapes' distance
// fields; written as 8-bit RGBA PNGs in resources/tray/:
//   trayTemplate.png, trayTemplate@2x.png  black with alpha: macOS template images (the system tints them)
//   tray.png, tray@2x.png                  teal, readable on light and dark taskbars (Windows, Linux)
// Electron picks the @2x file on high-density screens by itself.
//
//   node scripts/trayIcon.mjs           writes the four files
//   node scripts/trayIcon.mjs --check   exits 1 when a committed file's pixels differ from the drawing
import { Buffer } from 'node:buffer'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync, inflateSync } from 'node:zlib'

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'tray')
const TEMPLATE = [0, 0, 0]
const TEAL = [0x1f, 0xa3, 0x9b]
const ICONS = [
  { file: 'trayTemplate.png', size: 16, rgb: TEMPLATE },
  { file: 'trayTemplate@2x.png', size: 32, rgb: TEMPLATE },
  { file: 'tray.png', size: 16, rgb: TEAL },
  { file: 'tray@2x.png', size: 32, rgb: TEAL }
]
const SUPERSAMPLE = 8

/** The glyph in unit coordinates (0..1 across the icon): a ring and a wave, each a stroked curve. */
const RING = { cx: 0.5, cy: 0.5, r: 0.4 }
const STROKE = 0.115
const WAVE = Array.from({ length: 41 }, (_, i) => {
  const t = i / 40
  return [0.2 + 0.6 * t, 0.52 - 0.13 * Math.sin(2 * Math.PI * t)]
})

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax
  const dy = by - ay
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
  return Math.hypot(px - ax - t * dx, py - ay - t * dy)
}

function isInk(x, y) {
  const ring = Math.abs(Math.hypot(x - RING.cx, y - RING.cy) - RING.r)
  if (ring <= STROKE / 2) return true
  for (let i = 1; i < WAVE.length; i++) {
    if (distanceToSegment(x, y, WAVE[i - 1], WAVE[i]) <= STROKE / 2) return true
  }
  return false
}

/** RGBA pixels, row by row: `rgb` everywhere, alpha = the share of the pixel the glyph covers. */
export function draw(size, rgb) {
  const pixels = Buffer.alloc(size * size * 4)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let covered = 0
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const ux = (x + (sx + 0.5) / SUPERSAMPLE) / size
          const uy = (y + (sy + 0.5) / SUPERSAMPLE) / size
          if (isInk(ux, uy)) covered++
        }
      }
      const at = (y * size + x) * 4
      pixels[at] = rgb[0]
      pixels[at + 1] = rgb[1]
      pixels[at + 2] = rgb[2]
      pixels[at + 3] = Math.round((255 * covered) / (SUPERSAMPLE * SUPERSAMPLE))
    }
  }
  return pixels
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes) {
  let c = 0xffffffff
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A PNG file of `size`×`size` RGBA pixels (colour type 6, 8 bits, no interlace, filter 0 on every row). */
export function encodePng(size, pixels) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8
  header[9] = 6
  const rows = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) {
    pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0))
  ])
}

/** The RGBA pixels of a PNG this script wrote (one IDAT, filter 0 rows), or null when it is not one. */
export function decodePng(file) {
  if (file.readUInt32BE(12) !== 0x49484452) return null
  const size = file.readUInt32BE(16)
  if (file.readUInt32BE(20) !== size || file[24] !== 8 || file[25] !== 6) return null
  const idat = file.indexOf('IDAT', 33, 'ascii')
  if (idat < 0) return null
  const rows = inflateSync(file.subarray(idat + 4, idat + 4 + file.readUInt32BE(idat - 4)))
  const pixels = Buffer.alloc(size * size * 4)
  for (let y = 0; y < size; y++) {
    if (rows[y * (size * 4 + 1)] !== 0) return null
    rows.copy(pixels, y * size * 4, y * (size * 4 + 1) + 1, (y + 1) * (size * 4 + 1))
  }
  return { size, pixels }
}

function main(argv) {
  const check = argv.includes('--check')
  mkdirSync(OUT_DIR, { recursive: true })
  let stale = 0
  for (const icon of ICONS) {
    const pixels = draw(icon.size, icon.rgb)
    const path = join(OUT_DIR, icon.file)
    if (!check) {
      writeFileSync(path, encodePng(icon.size, pixels))
      process.stdout.write(`wrote ${path}\n`)
      continue
    }
    let committed = null
    try {
      committed = decodePng(readFileSync(path))
    } catch {
      committed = null
    }
    if (committed === null || committed.size !== icon.size || !committed.pixels.equals(pixels)) {
      process.stderr.write(`${path} differs from the drawing; run node scripts/trayIcon.mjs\n`)
      stale++
    }
  }
  process.exit(stale === 0 ? 0 : 1)
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2))
}
