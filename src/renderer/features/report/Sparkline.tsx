import type { SparkBar } from '../../charts/sparkline'

type Props = Readonly<{ bars: readonly SparkBar[]; side: 'reference' | 'current'; label: string }>

export const SPARK_WIDTH = 60
export const SPARK_HEIGHT = 22

/** A tiny inline histogram: cheap enough for hundreds of rows. */
export function Sparkline({ bars, side, label }: Props) {
  return (
    <svg
      className={`spark spark-${side}`}
      width={SPARK_WIDTH}
      height={SPARK_HEIGHT}
      viewBox={`0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`}
      role="img"
      aria-label={label}
    >
      <line x1={0} x2={SPARK_WIDTH} y1={SPARK_HEIGHT - 0.5} y2={SPARK_HEIGHT - 0.5} />
      {bars.map((b, i) => (
        <rect key={i} x={b.x} y={b.y} width={b.width} height={b.height} />
      ))}
    </svg>
  )
}
