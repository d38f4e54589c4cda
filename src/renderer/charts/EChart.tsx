import { BarChart, HeatmapChart, LineChart } from 'echarts/charts'
import {
  GridComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent
} from 'echarts/components'
import { init, use as registerModules, type ECharts } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'
import type { ChartOption } from './options'

registerModules([
  BarChart,
  HeatmapChart,
  LineChart,
  GridComponent,
  MarkAreaComponent,
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

/** The one ECharts wrapper: owns init, option updates, resize and dispose. */
export function EChart({ option, height = 280, testId, ariaLabel, onItemClick }: Props) {
  const container = useRef<HTMLDivElement | null>(null)
  const chart = useRef<ECharts | null>(null)
  const onClick = useRef(onItemClick)
  useEffect(() => {
    onClick.current = onItemClick
  }, [onItemClick])

  useEffect(() => {
    const element = container.current
    if (!element) return
    const instance = init(element, undefined, { renderer: 'canvas' })
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
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true })
  }, [option])

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
