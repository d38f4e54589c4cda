import { BarChart, HeatmapChart, LineChart } from 'echarts/charts'
import {
  GridComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapPiecewiseComponent
} from 'echarts/components'
import { init, use as registerModules, type ECharts } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'
import { deferDraw } from './drawQueue'
import type { ChartOption } from './options'

registerModules([
  BarChart,
  HeatmapChart,
  LineChart,
  GridComponent,
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

/** The one ECharts wrapper: owns init (at once or deferred), option updates, resize and dispose. */
export function EChart(props: Props) {
  const { option, height = 280, testId, ariaLabel, onItemClick, isDeferred = false } = props
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
    chart.current?.setOption(option, { notMerge: true })
  }, [option])

  useEffect(() => {
    const element = container.current
    if (!element) return
    let observer: ResizeObserver | null = null
    const draw = (): void => {
      const instance = init(element, undefined, { renderer: 'canvas' })
      chart.current = instance
      instance.on('click', (params) => {
        const p = params as { dataIndex?: number; seriesIndex?: number }
        if (p.dataIndex !== undefined) onClick.current?.(p.dataIndex, p.seriesIndex ?? 0)
      })
      instance.setOption(latest.current, { notMerge: true })
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
  }, [isDeferred])

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
