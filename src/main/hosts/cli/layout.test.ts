import { describe, expect, it } from 'vitest'
import { renderColumns, textLength, truncate, wrapText } from './layout'

describe('truncate and textLength', () => {
  it('counts code points and cuts with an ellipsis only when needed', () => {
    expect(textLength('σ²…')).toBe(3)
    expect(truncate('humidity', 8)).toBe('humidity')
    expect(truncate('humidity', 5)).toBe('humi…')
    expect(truncate('humidity', 1)).toBe('h')
  })
})

describe('renderColumns', () => {
  it('pads to the widest cell, aligns right where asked and trims line ends', () => {
    expect(
      renderColumns(
        [{ header: 'Column' }, { header: 'Score', align: 'right' }, { header: 'Drift' }],
        [
          ['temp', '0.001', 'DRIFT'],
          ['season', '0.5', 'no']
        ]
      )
    ).toEqual([
      'Column  Score  Drift',
      '------  -----  -----',
      'temp    0.001  DRIFT',
      'season    0.5  no'
    ])
  })
  it('shrinks only the columns that may shrink, widest first, to fit the width', () => {
    const lines = renderColumns(
      [{ header: 'Column', minWidth: 6 }, { header: 'Test', minWidth: 4 }, { header: 'Drift' }],
      [['a_very_long_column_name', 'cramer_von_mises', 'DRIFT']],
      { width: 30 }
    )
    for (const line of lines) expect(textLength(line)).toBeLessThanOrEqual(30)
    expect(lines[2]).toBe('a_very_lo…  cramer_von…  DRIFT')
  })
  it('indents every line and stops at the minimum widths rather than cutting further', () => {
    const lines = renderColumns(
      [{ header: 'Column', minWidth: 6 }, { header: 'Drift' }],
      [['a_very_long_column_name', 'DRIFT']],
      { width: 10, indent: '  ' }
    )
    expect(lines).toEqual(['  Column  Drift', '  ------  -----', '  a_ver…  DRIFT'])
  })
})

describe('wrapText', () => {
  it('breaks at spaces with a hanging indent', () => {
    expect(wrapText('one two three four', 13, 'note: ', '      ')).toEqual([
      'note: one two',
      '      three',
      '      four'
    ])
  })
  it('keeps a short text on one line and collapses runs of spaces', () => {
    expect(wrapText('a   b', 100)).toEqual(['a b'])
    expect(wrapText('', 100, '- ')).toEqual(['-'])
  })
  it('cuts a word longer than a line across lines', () => {
    expect(wrapText('x abcdefghij', 6, '', '  ')).toEqual(['x abcd', '  efgh', '  ij'])
  })
})
