import { BarChart } from 'echarts/charts'
import { GridComponent, TooltipComponent } from 'echarts/components'
import { init, use as registerModules, type ECharts } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'
import type { ChartOption } from './options'

registerModules([BarChart, GridComponent, TooltipComponent, CanvasRenderer])

type Props = Readonly<{
  option: ChartOption
  height?: number
  testId?: string
  ariaLabel?: string
}>

/** The one ECharts wrapper: owns init, option updates, resize and dispose. */
export function EChart({ option, height = 280, testId, ariaLabel }: Props) {
  const container = useRef<HTMLDivElement | null>(null)
  const chart = useRef<ECharts | null>(null)

  useEffect(() => {
    const element = container.current
    if (!element) return
    const instance = init(element, undefined, { renderer: 'canvas' })
    chart.current = instance
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
