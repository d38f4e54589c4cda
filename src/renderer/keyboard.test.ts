import { describe, expect, it } from 'vitest'
import { type KeyInput, SHORTCUTS, shortcutFor, stepColumn } from './keyboard'

function key(k: string, extra: Partial<KeyInput> = {}): KeyInput {
  return {
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    isTyping: false,
    ...extra
  }
}

describe('shortcutFor', () => {
  it('Ctrl on Linux and Windows, Cmd on macOS, for open, export and search', () => {
    expect(shortcutFor(key('o', { ctrlKey: true }), 'Linux x86_64')).toBe('open')
    expect(shortcutFor(key('O', { ctrlKey: true, shiftKey: true }), 'Win32')).toBe('open')
    expect(shortcutFor(key('e', { metaKey: true }), 'MacIntel')).toBe('export')
    expect(shortcutFor(key('e', { ctrlKey: true }), 'MacIntel')).toBeNull()
    expect(shortcutFor(key('f', { ctrlKey: true, isTyping: true }), 'Linux')).toBe('searchColumns')
  })

  it('letters are text in a field; Esc and Alt+arrows work there too', () => {
    expect(shortcutFor(key('j'), 'Linux')).toBe('nextColumn')
    expect(shortcutFor(key('j', { isTyping: true }), 'Linux')).toBeNull()
    expect(shortcutFor(key('/', { isTyping: true }), 'Linux')).toBeNull()
    expect(shortcutFor(key('ArrowDown', { altKey: true, isTyping: true }), 'Linux')).toBe(
      'nextColumn'
    )
    expect(shortcutFor(key('ArrowUp', { altKey: true }), 'Linux')).toBe('previousColumn')
    expect(shortcutFor(key('Escape', { isTyping: true }), 'Linux')).toBe('closeDetail')
    expect(shortcutFor(key('?', { shiftKey: true }), 'Linux')).toBe('help')
    expect(shortcutFor(key('2', { altKey: true }), 'Linux')).toBe('showCompare')
    expect(shortcutFor(key('x'), 'Linux')).toBeNull()
  })

  it('every listed shortcut is one shortcutFor gives', () => {
    const given = new Set(SHORTCUTS.map((s) => s.action))
    for (const action of [
      'open',
      'export',
      'searchColumns',
      'nextColumn',
      'previousColumn',
      'closeDetail',
      'help'
    ])
      expect(given.has(action as never)).toBe(true)
  })
})

describe('stepColumn', () => {
  it('steps through the visible order, starting at an end and stopping at the ends', () => {
    const order = ['a', 'b', 'c']
    expect(stepColumn(order, null, 1)).toBe('a')
    expect(stepColumn(order, null, -1)).toBe('c')
    expect(stepColumn(order, 'a', 1)).toBe('b')
    expect(stepColumn(order, 'c', 1)).toBe('c')
    expect(stepColumn(order, 'a', -1)).toBe('a')
    expect(stepColumn(order, 'gone', 1)).toBe('a')
    expect(stepColumn([], 'a', 1)).toBeNull()
  })
})
