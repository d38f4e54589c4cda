import { BarChart, HeatmapChart, LineChart } from 'echarts/charts'
import {
  GridComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapPiecewiseComponent
} from 'echarts/components'
import { init, use as registerModules, type ECharts } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef, useSyncExternalStore } from 'react'
import { deferDraw } from './drawQueue'
import type { ChartOption } from './options'

registerModules([
  BarChart,
  HeatmapChart,
  LineChart,
  GridComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapPiecewiseComponent,
  CanvasRenderer
])

type Props = Readonly<{
  option: ChartOption
  height?: number
  testId?: string
  ariaLabel?: string
  /** Called with the index of the data item clicked (and of its series). */
  onItemClick?: (dataIndex: number, seriesIndex: number) => void
  /**
   * Drawn when it comes near the viewport, in idle time, or before printing, not at once (see drawQueue):
   * for pages with many charts. Default false.
   */
  isDeferred?: boolean
}>

const DARK_QUERY = '(prefers-color-scheme: dark)'

/**
 * Whether charts are drawn dark: the OS asks for it, on the app's pages. An exported document (the `html`
 * element has the class `is-document`) stays light: it is a document to print and to mail.
 */
function isDarkTheme(): boolean {
  if (typeof window.matchMedia !== 'function') return false
  if (document.documentElement.classList.contains('is-document')) return false
  return window.matchMedia(DARK_QUERY).matches
}

function subscribeToScheme(onChange: () => void): () => void {
  if (typeof window.matchMedia !== 'function') return () => undefined
  const query = window.matchMedia(DARK_QUERY)
  query.addEventListener('change', onChange)
  return () => query.removeEventListener('change', onChange)
}

/** The option with the page's own background showing through, in either theme. */
function onPage(option: ChartOption): ChartOption {
  return { backgroundColor: 'transparent', ...option }
}

/**
 * The one ECharts wrapper: owns init (at once or deferred), option updates, resize and dispose, and follows
 * the OS's light or dark theme (ECharts' own dark theme for axes and labels).
 */
export function EChart(props: Props) {
  const { option, height = 280, testId, ariaLabel, onItemClick, isDeferred = false } = props
  const isDark = useSyncExternalStore(subscribeToScheme, isDarkTheme, () => false)
  const container = useRef<HTMLDivElement | null>(null)
  const chart = useRef<ECharts | null>(null)
  const onClick = useRef(onItemClick)
  const latest = useRef(option)
  useEffect(() => {
    onClick.current = onItemClick
  }, [onItemClick])

  // Before the init below on mount, so the first draw has the option; later it redraws with the new one.
  useEffect(() => {
    latest.current = option
    chart.current?.setOption(onPage(option), { notMerge: true })
  }, [option])

  useEffect(() => {
    const element = container.current
    if (!element) return
    let observer: ResizeObserver | null = null
    const draw = (): void => {
      const instance = init(element, isDark ? 'dark' : undefined, { renderer: 'canvas' })
      chart.current = instance
      instance.on('click', (params) => {
        const p = params as { dataIndex?: number; seriesIndex?: number }
        if (p.dataIndex !== undefined) onClick.current?.(p.dataIndex, p.seriesIndex ?? 0)
      })
      instance.setOption(onPage(latest.current), { notMerge: true })
      observer = new ResizeObserver(() => instance.resize())
      observer.observe(element)
    }
    let cancel: (() => void) | null = null
    if (isDeferred) cancel = deferDraw(element, draw)
    else draw()
    return () => {
      cancel?.()
      observer?.disconnect()
      chart.current?.dispose()
      chart.current = null
    }
  }, [isDeferred, isDark])

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
