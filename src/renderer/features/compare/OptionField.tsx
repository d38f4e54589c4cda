import { useId } from 'react'

type Props = Readonly<{
  label: string
  value: string
  onChange: (value: string) => void
  testId: string
  /** What is wrong with the value, shown under the field instead of the hint. */
  problem?: string
  hint?: string
  placeholder?: string
  /** Names offered as suggestions (a datalist). */
  suggestions?: readonly string[]
  size?: 'narrow' | 'wide'
  inputMode?: 'decimal' | 'numeric' | 'text'
}>

/** A labelled text field of the options with its message (or hint) under it, tied by aria-describedby. */
export function OptionField(props: Props) {
  const { label, value, onChange, testId, problem, hint, placeholder, suggestions } = props
  const id = useId()
  const listId = `${id}-list`
  const messageId = `${id}-message`
  const message = problem ?? hint
  return (
    <div className={`option-field option-field-${props.size ?? 'narrow'}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        data-testid={testId}
        value={value}
        placeholder={placeholder}
        inputMode={props.inputMode ?? 'decimal'}
        spellCheck={false}
        autoComplete="off"
        list={suggestions && suggestions.length > 0 ? listId : undefined}
        aria-invalid={problem === undefined ? undefined : true}
        aria-describedby={message === undefined ? undefined : messageId}
        onChange={(e) => onChange(e.target.value)}
      />
      {suggestions && suggestions.length > 0 ? (
        <datalist id={listId}>
          {suggestions.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      ) : null}
      {problem !== undefined ? (
        <p id={messageId} className="field-problem" data-testid={`${testId}-problem`}>
          {problem}
        </p>
      ) : hint !== undefined ? (
        <p id={messageId} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  )
}
