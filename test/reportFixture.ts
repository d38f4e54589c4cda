/**
 * A small but complete Report for the export renderers' unit tests: a failed validation (an error, a
 * warning, one that could not be checked, a disabled one, one that passed) from a suite file with a
 * problem, explained schema changes, drifted, calm and untested features (one of them named to break
 * XML, HTML and Markdown), a Bonferroni decision with adjusted p-values, target and prediction, and all
 * three multivariate methods. Every field a renderer reads is set, so a missing section is the renderer's
 * fault.
 */
import type {
  BatchRecord,
  ColumnDrift,
  DatasetInfo,
  ExpectationResult,
  Report,
  ValidationResult
} from '../src/shared/model'
import { REPORT_VERSION } from '../src/shared/model'
import { validationGate } from '../src/shared/validation/gate'

/** Column names no renderer may pass through as they are. */
export const HOSTILE = {
  script: '</script><script>alert(1)</script>',
  markup: 'a|b `c` *d* _e_ [f](g) & "h" \'i\' <j>',
  control: 'bell\u0007tab\tline\nbreak'
} as const

export function datasetInfo(name: string, rows: number): DatasetInfo {
  return {
    path: `/data/${name}`,
    name,
    format: 'csv',
    sizeBytes: 4096,
    sha256: '0123456789abcdef'.repeat(4),
    rows,
    columns: [{ name: 'temp', sqlType: 'DOUBLE', kind: 'numeric' }],
    sniff: {}
  }
}

export function expectation(over: Partial<ExpectationResult>): ExpectationResult {
  return {
    id: 'temp-range',
    kind: 'column_values_between',
    column: 'temp',
    severity: 'error',
    status: 'pass',
    observed: null,
    expected: 'between -20 and 50',
    explanation: 'Every value of "temp" lies between -20 and 50.',
    ...over
  }
}

export const FIXTURE_VALIDATION: ValidationResult = {
  status: 'fail',
  rows: 165,
  results: [
    expectation({ id: 'temp-range' }),
    expectation({
      id: 'temp-missing',
      kind: 'column_null_share_at_most',
      severity: 'warning',
      status: 'fail',
      observed: 0.2,
      expected: 'null share ≤ 0.05',
      elementCount: 165,
      unexpectedCount: 33,
      unexpectedShare: 0.2,
      explanation: '20% of "temp" is missing, more than the 5% allowed.'
    }),
    expectation({
      id: 'script-range',
      column: HOSTILE.script,
      status: 'fail',
      observed: 900,
      expected: 'at most 100',
      elementCount: 165,
      unexpectedCount: 4,
      unexpectedShare: 4 / 165,
      samples: [{ row: 3, values: { [HOSTILE.script]: 900 } }],
      explanation: `4 values of "${HOSTILE.script}" are above 100.`
    }),
    expectation({
      id: 'code-format',
      kind: 'column_matches_regex',
      column: 'code',
      status: 'error',
      expected: 'matches ^[A-Z]+(',
      explanation: 'The regular expression ^[A-Z]+( of "code" does not compile.'
    }),
    expectation({
      id: 'humidity-mean',
      kind: 'column_statistic_between',
      column: 'humidity',
      status: 'skipped',
      expected: 'mean between 40 and 80',
      explanation: 'Disabled in the suite.'
    })
  ],
  counts: { pass: 1, fail: 2, error: 1, skipped: 1 },
  durations: { aggregateMs: 20, samplesMs: 5, totalMs: 25 },
  evaluatedAt: '2025-03-01T12:00:00.000Z'
}

function tested(column: string, score: number, drifted: boolean): ColumnDrift {
  return {
    column,
    kind: 'numeric',
    status: 'tested',
    test: 'ks',
    testName: 'K-S p_value',
    scoreKind: 'p_value',
    score,
    statistic: 0.3,
    threshold: 0.05,
    adjustedScore: Math.min(1, score * 3),
    drifted,
    explanation: `The Kolmogorov–Smirnov test compares the cumulative distributions of ${column}.`,
    reason: 'numeric column with more than 1000 values'
  }
}

/** A batch of a project in `drops/`, done unless `over` says otherwise. */
export function batchRecord(name: string, over: Partial<BatchRecord> = {}): BatchRecord {
  return {
    id: name,
    path: `drops/${name}`,
    name,
    sha256: 'ab'.repeat(32),
    sizeBytes: 10,
    modifiedAt: '2025-03-01T00:00:00.000Z',
    arrivedAt: '2025-03-01T00:00:01.000Z',
    status: 'done',
    attempts: 1,
    ...over
  }
}

/** The fixture, with `overrides` applied on top. */
export function fixtureReport(overrides: Partial<Report> = {}): Report {
  const columns: ColumnDrift[] = [
    tested('temp', 0.0001, true),
    tested(HOSTILE.script, 0.001, true),
    tested(HOSTILE.markup, 0.4, false),
    tested(HOSTILE.control, 0.6, false),
    {
      column: 'station',
      kind: 'text',
      status: 'not_tested',
      drifted: false,
      note: 'Free text with 160 distinct values in 165 rows: no test fits.'
    }
  ]
  return {
    version: REPORT_VERSION,
    kind: 'compare',
    id: 'report-1',
    createdAt: '2025-03-01T12:00:01.000Z',
    app: { name: 'Driftwatch', version: '0.1.0', engine: 'DuckDB 1.5' },
    inputs: {
      reference: datasetInfo('reference.csv', 431),
      current: datasetInfo(`week<1>&.csv`, 165)
    },
    options: { rule: 'bonferroni', target: 'count', prediction: 'predicted' },
    ignored: [],
    schema: { referenceOnly: ['count_old'], currentOnly: [], kindMismatches: [] },
    columns,
    dataset: {
      numberOfColumns: 4,
      numberOfDrifted: 2,
      share: 0.5,
      driftShare: 0.5,
      drifted: true,
      rule: 'bonferroni',
      alpha: 0.05,
      decision:
        'Bonferroni at α = 0.05 over 4 p-values: 2 columns drifted, so the dataset has drifted.'
    },
    multivariate: {
      columns: ['temp', 'humidity'],
      sample: { reference: 431, current: 165, seed: 42, stratifiedBy: 'datetime' },
      mmd: {
        mmd2: 0.04,
        sigma: 2.3,
        pvalue: 0.01,
        permutations: 100,
        threshold: 0.05,
        drifted: true
      },
      pca: {
        components: 1,
        explainedVariance: 0.7,
        referenceMean: 1.2,
        referenceStd: 0.05,
        chunks: 8,
        currentError: 1.3,
        lower: 1.05,
        upper: 1.35,
        drifted: false
      },
      classifier: {
        model: 'logistic regression (L2)',
        auc: 0.55,
        score: 0.1,
        threshold: 0.2,
        train: 418,
        test: 178,
        drifted: false
      },
      drifted: true,
      notes: ['The current batch is smaller than the sample size: it is used whole.']
    },
    targets: {
      task: 'regression',
      target: { ...tested('count', 0.02, true), role: 'target' },
      prediction: { ...tested('predicted', 0.3, false), role: 'prediction' },
      relationship: { correlation: { reference: 0.9, current: 0.7 } },
      notes: ['The task is regression: count has 120 distinct values.']
    },
    validation: {
      suite: { version: 1, expectations: [] },
      source: {
        kind: 'file',
        path: 'driftwatch/expectations.yaml',
        problems: [{ line: 12, id: 'broken', message: 'severity must be error or warning.' }]
      },
      result: FIXTURE_VALIDATION,
      schemaChanges: {
        dropped: ['count_old'],
        added: [],
        renames: [],
        typeChanges: [],
        sentences: ['Column "count_old" (BIGINT) is missing from the batch.']
      }
    },
    gate: validationGate('fail', true, undefined, ['script-range']),
    notes: ['"datetime" is the time axis.'],
    durationMs: 1500,
    ...overrides
  }
}
