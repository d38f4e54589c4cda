/**
 * A small XML well-formedness checker for the JUnit files the tests read: every tag closed in order, every
 * attribute quoted, no raw `<` or stray `&` in text or attributes, no character XML 1.0 forbids, one root.
 * It checks what a hand-written XML writer can get wrong, not the whole of XML (no DTDs, no CDATA).
 */

/** An element as parsed: its name, its attributes as written (entities left escaped), its direct text. */
export type XmlElement = Readonly<{
  name: string
  attributes: Readonly<Record<string, string>>
  /** The element's text content before its first child or its end tag, as written. */
  text: string
}>

/** Whether XML 1.0 cannot hold the UTF-16 code unit at all (control characters but tab and breaks). */
function isForbidden(code: number): boolean {
  return (code < 0x20 && code !== 0x9 && code !== 0xa && code !== 0xd) || code >= 0xfffe
}

/** Parses `xml`, throwing with the first problem; returns the elements in document order. */
export function parseXml(xml: string): XmlElement[] {
  for (let at = 0; at < xml.length; at++) {
    const code = xml.charCodeAt(at)
    if (isForbidden(code)) throw new Error(`character U+${code.toString(16)} at ${at}`)
  }
  const elements: { name: string; attributes: Record<string, string>; text: string }[] = []
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '')
  const entity = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/
  const stack: string[] = []
  let roots = 0
  let i = 0
  while (i < body.length) {
    const lt = body.indexOf('<', i)
    const text = lt < 0 ? body.slice(i) : body.slice(i, lt)
    if (entity.test(text)) throw new Error(`stray & in text: ${text.slice(0, 60)}`)
    if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root: ${text}`)
    const last = elements.at(-1)
    if (last !== undefined && last.text === '' && stack.at(-1) === last.name) last.text = text
    if (lt < 0) break
    const gt = body.indexOf('>', lt)
    if (gt < 0) throw new Error('unclosed tag')
    const tag = body.slice(lt + 1, gt)
    i = gt + 1
    if (tag.startsWith('/')) {
      const open = stack.pop()
      if (open !== tag.slice(1)) throw new Error(`</${tag.slice(1)}> closes <${open}>`)
      continue
    }
    const selfClosing = tag.endsWith('/')
    const match = /^([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*\/?$/.exec(tag)
    if (!match) throw new Error(`malformed tag <${tag}>`)
    const attributes: Record<string, string> = {}
    for (const a of (match[2] ?? '').matchAll(/([A-Za-z_][\w.-]*)="([^"<]*)"/g)) {
      const value = a[2] as string
      if (entity.test(value)) throw new Error(`stray & in attribute: ${value}`)
      attributes[a[1] as string] = value
    }
    if (stack.length === 0) roots += 1
    elements.push({ name: match[1] as string, attributes, text: '' })
    if (!selfClosing) stack.push(match[1] as string)
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`)
  if (roots !== 1) throw new Error(`${roots} root elements`)
  return elements
}

/**
 * Text or an attribute value as a reader gets it: the five named entities and numeric references decoded.
 *
 * @example unescapeXml('a&lt;b &amp; &quot;c&quot;') // 'a<b & "c"'
 */
export function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16))
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10))
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name] as string
  })
}

/** A JUnit test case as parsed: names decoded, how it ended, and its outcome's element. */
export type JunitCaseRead = Readonly<{
  name: string
  classname: string
  outcome: 'passed' | 'failure' | 'error' | 'skipped'
  element?: XmlElement
}>

/** A JUnit `<testsuite>` as parsed: its name decoded, its attributes as written, its cases. */
export type JunitSuiteRead = Readonly<{
  name: string
  attributes: Readonly<Record<string, string>>
  cases: JunitCaseRead[]
}>

/**
 * Where a suite's `tests`, `failures`, `errors` and `skipped` disagree with the cases it holds, one line
 * each; empty when they all agree.
 */
export function junitCountProblems(suites: readonly JunitSuiteRead[]): string[] {
  const problems: string[] = []
  for (const suite of suites) {
    const held: Record<string, number> = {
      tests: suite.cases.length,
      failures: suite.cases.filter((c) => c.outcome === 'failure').length,
      errors: suite.cases.filter((c) => c.outcome === 'error').length,
      skipped: suite.cases.filter((c) => c.outcome === 'skipped').length
    }
    for (const [attribute, count] of Object.entries(held)) {
      const said = suite.attributes[attribute]
      if (Number(said) !== count) {
        problems.push(`${suite.name}: ${attribute}="${said}" but it holds ${count}`)
      }
    }
  }
  return problems
}

/**
 * The suites of a parsed JUnit document, each with its attributes next to the cases it holds, so a test
 * can check that the counts agree with the cases.
 */
export function junitSuites(elements: readonly XmlElement[]): JunitSuiteRead[] {
  const suites: JunitSuiteRead[] = []
  for (const [index, e] of elements.entries()) {
    if (e.name === 'testsuite') {
      suites.push({
        name: unescapeXml(e.attributes['name'] ?? ''),
        attributes: e.attributes,
        cases: []
      })
    } else if (e.name === 'testcase') {
      const next = elements[index + 1]
      const outcome =
        next !== undefined && ['failure', 'error', 'skipped'].includes(next.name) ? next : undefined
      suites.at(-1)?.cases.push({
        name: unescapeXml(e.attributes['name'] ?? ''),
        classname: unescapeXml(e.attributes['classname'] ?? ''),
        outcome: (outcome?.name ?? 'passed') as JunitCaseRead['outcome'],
        ...(outcome === undefined ? {} : { element: outcome })
      })
    }
  }
  return suites
}
