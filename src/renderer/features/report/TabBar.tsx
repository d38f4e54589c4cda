import type { ReactNode } from 'react'

export type TabItem<T extends string> = Readonly<{ id: T; label: ReactNode; testId?: string }>

type Props<T extends string> = Readonly<{
  tabs: readonly TabItem<T>[]
  selected: T
  onSelect: (id: T) => void
  /** What the tabs choose between, for assistive technology. */
  label: string
  className?: string
}>

/** A row of tabs (the column detail's charts, the data preview's sides): one is selected at a time. */
export function TabBar<T extends string>({ tabs, selected, onSelect, label, className }: Props<T>) {
  return (
    <div className={className} role="tablist" aria-label={label}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          aria-selected={tab.id === selected}
          className={tab.id === selected ? 'nav-tab is-active' : 'nav-tab'}
          data-testid={tab.testId}
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  )
}
