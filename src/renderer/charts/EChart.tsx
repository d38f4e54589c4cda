import { BarChart, HeatmapChart, LineChart } from 'echarts/charts'
import {
  GridComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent
} from 'echarts/components'
import { init, use as registerModules, type ECharts } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef, useSyncExternalStore } from 'react'
import type { ChartOption } from './options'

registerModules([
  BarChart,
  HeatmapChart,
  LineChart,
  GridComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer
])

type Props = Readonly<{
  option: ChartOption
  height?: number
  testId?: string
  ariaLabel?: string
  /** Called with the index of the data item clicked (and of its series). */
  onItemClick?: (dataIndex: number, seriesIndex: number) => void
}>

const DARK_QUERY = '(prefers-color-scheme: dark)'

function prefersDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches
}

function subscribeToScheme(onChange: () => void): () => void {
  if (typeof window.matchMedia !== 'function') return () => undefined
  const query = window.matchMedia(DARK_QUERY)
  query.addEventListener('change', onChange)
  return () => query.removeEventListener('change', onChange)
}

/**
 * The one ECharts wrapper: owns init, option updates, resize and dispose, and follows the OS's light or
 * dark theme (ECharts' own dark theme for axes and labels, on the page's background).
 */
export function EChart({ option, height = 280, testId, ariaLabel, onItemClick }: Props) {
  const container = useRef<HTMLDivElement | null>(null)
  const chart = useRef<ECharts | null>(null)
  const onClick = useRef(onItemClick)
  useEffect(() => {
    onClick.current = onItemClick
  }, [onItemClick])

  const isDark = useSyncExternalStore(subscribeToScheme, prefersDark, () => false)

  useEffect(() => {
    const element = container.current
    if (!element) return
    const instance = init(element, isDark ? 'dark' : undefined, { renderer: 'canvas' })
    chart.current = instance
    instance.on('click', (params) => {
      const p = params as { dataIndex?: number; seriesIndex?: number }
      if (p.dataIndex !== undefined) onClick.current?.(p.dataIndex, p.seriesIndex ?? 0)
    })
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(element)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [isDark])

  useEffect(() => {
    // The page's own background shows through, in either theme.
    chart.current?.setOption({ backgroundColor: 'transparent', ...option }, { notMerge: true })
  }, [option, isDark])

  return (
    <div
      ref={container}
      className="echart"
      style={{ height }}
      data-testid={testId}
      role="img"
      aria-label={ariaLabel}
    />
  )
}
