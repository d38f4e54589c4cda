import { validationGate } from '../../../shared/validation/gate'
import { describe, expect, it } from 'vitest'
import { DRIFT_TESTS } from '../../../shared/drift'
import type { ColumnDrift, DatasetInfo, Report } from '../../../shared/model'
import { renderReportText, verdictLine } from './table'

function dataset(name: string, rows: number): DatasetInfo {
  return {
    path: `/data/${name}`,
    name,
    format: 'csv',
    sizeBytes: 1234,
    sha256: 'abcdef0123456789'.repeat(4),
    rows,
    columns: [],
    sniff: {}
  }
}

const LONG_NAME = 'average_relative_humidity_measured_at_the_airport_weather_station_in_percent'

const features: ColumnDrift[] = [
  {
    column: 'temp',
    kind: 'numeric',
    status: 'tested',
    test: 'anderson',
    testName: 'Anderson-Darling',
    scoreKind: 'p_value',
    score: 0.001,
    threshold: 0.1,
    adjustedScore: 0.004,
    drifted: true,
    sampleSize: { reference: 431, current: 165 },
    reference: profile('temp', 431),
    current: profile('temp', 165)
  },
  {
    column: LONG_NAME,
    kind: 'numeric',
    status: 'tested',
    test: 'wasserstein',
    testName: 'Wasserstein distance (normed)',
    scoreKind: 'distance',
    score: 0.123456,
    threshold: 0.1,
    drifted: false
  },
  {
    column: 'windspeed',
    kind: 'numeric',
    status: 'tested',
    test: 'mannw',
    testName: 'Mann-Whitney U-rank test',
    scoreKind: 'p_value',
    score: 0.2,
    threshold: 0.05,
    adjustedScore: 0.8,
    drifted: false,
    deviation: DRIFT_TESTS.mannw.deviation as string
  },
  {
    column: 'atemp',
    kind: 'numeric',
    status: 'tested',
    test: 'mannw',
    testName: 'Mann-Whitney U-rank test',
    scoreKind: 'p_value',
    score: 1.26318156378475e-13,
    threshold: 0.05,
    adjustedScore: 5.05e-13,
    drifted: true,
    deviation: DRIFT_TESTS.mannw.deviation as string
  },
  {
    column: 'casual',
    kind: 'numeric',
    status: 'tested',
    test: 'empirical_mmd',
    testName: 'empirical_mmd',
    scoreKind: 'p_value',
    score: 0.5,
    threshold: 0.1,
    adjustedScore: 1,
    drifted: false,
    sampleSize: { reference: 300, current: 165 },
    reference: profile('casual', 431),
    current: profile('casual', 165)
  },
  {
    column: 'datetime',
    kind: 'datetime',
    status: 'not_tested',
    note: 'Date and time columns are not tested for drift; "datetime" is the time axis.',
    drifted: false
  }
]

function profile(name: string, count: number): NonNullable<ColumnDrift['reference']> {
  return { name, kind: 'numeric', sqlType: 'DOUBLE', rows: count, count, missing: 0, distinct: 50 }
}

function report(overrides: Partial<Report> = {}): Report {
  return {
    version: 3,
    kind: 'compare',
    id: 'r1',
    createdAt: '2025-01-01T00:00:00.000Z',
    app: { name: 'Driftwatch', version: '0.1.0', engine: 'duckdb' },
    inputs: {
      reference: dataset('weather-reference-sample.csv', 431),
      current: dataset('week1.csv', 165)
    },
    options: { rule: 'bonferroni' },
    timeColumn: 'datetime',
    ignored: ['count'],
    schema: { referenceOnly: ['count'], currentOnly: [], kindMismatches: [] },
    gate: validationGate(null, true),
    columns: features,
    dataset: {
      numberOfColumns: 5,
      numberOfDrifted: 2,
      share: 0.4,
      driftShare: 0.5,
      drifted: true,
      rule: 'bonferroni',
      alpha: 0.05,
      excludedFromCorrection: [LONG_NAME],
      decision:
        'Bonferroni at α = 0.05 over 4 p-values: 2 columns have an adjusted p-value below 0.05, so the dataset has drifted.'
    },
    multivariate: {
      columns: ['temp', 'atemp', 'humidity', 'windspeed', 'casual'],
      sample: { reference: 431, current: 165, seed: 42, stratifiedBy: 'datetime' },
      mmd: {
        mmd2: 0.0412345,
        sigma: 2.3456,
        pvalue: 0.004975,
        permutations: 200,
        threshold: 0.05,
        drifted: true
      },
      pca: {
        components: 3,
        explainedVariance: 0.712,
        referenceMean: 1.25,
        referenceStd: 0.05,
        chunks: 8,
        currentError: 1.61,
        lower: 1.1,
        upper: 1.4,
        drifted: true
      },
      classifier: {
        model: 'logistic regression (L2)',
        auc: 0.8125,
        score: 0.625,
        threshold: 0.2,
        train: 418,
        test: 178,
        drifted: true
      },
      drifted: true,
      notes: ['The sample keeps the current batch whole: it has fewer rows than the sample size.']
    },
    targets: {
      task: 'classification',
      target: {
        column: 'label',
        kind: 'categorical',
        role: 'target',
        status: 'tested',
        test: 'chisquare',
        testName: 'chi-square p_value',
        scoreKind: 'p_value',
        score: 0.0312,
        threshold: 0.05,
        drifted: true
      },
      prediction: {
        column: 'predicted',
        kind: 'categorical',
        role: 'prediction',
        status: 'tested',
        test: 'jensenshannon',
        testName: 'Jensen-Shannon distance',
        scoreKind: 'distance',
        score: 0.05,
        threshold: 0.1,
        drifted: false,
        note: 'Compared as categories.'
      },
      relationship: {
        correlation: { reference: 0.91234, current: null },
        perClass: [
          {
            value: 'busy',
            referenceShare: 0.4,
            currentShare: 0.55,
            referenceRecall: 0.9,
            currentRecall: 0.701
          },
          {
            value: 'quiet',
            referenceShare: 0.6,
            currentShare: 0.45,
            referenceRecall: 0.8,
            currentRecall: null
          }
        ],
        featureCorrelations: [
          { feature: 'temp', reference: 0.39, current: 0.12 },
          { feature: 'humidity', reference: -0.31, current: -0.2 }
        ]
      },
      notes: ['The task is classification: the target has 2 distinct values.']
    },
    notes: ['"datetime" is the time axis.'],
    durationMs: 321,
    ...overrides
  }
}

/** The cells of the first table row whose first cell is `column`, below the line starting with `after`. */
function row(text: string, column: string, after = ''): string[] {
  const lines = text.split('\n')
  const from = lines.findIndex((l) => l.startsWith(after))
  const line = lines.slice(from).find((l) => l.trim().split(/\s{2,}/)[0] === column)
  if (!line) throw new Error(`no row for ${column} in\n${text}`)
  return line.trim().split(/\s{2,}/)
}

describe('renderReportText', () => {
  const text = renderReportText(report())
  const lines = text.split('\n')
  /** The text with line breaks and runs of spaces made single spaces, to find wrapped sentences. */
  const flat = text.replace(/\s+/g, ' ')

  it('keeps every line within 100 columns, cutting a long column name with an ellipsis', () => {
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(100)
    const cut = lines.find((l) => l.startsWith('average_relative')) as string
    expect(cut.split(/\s{2,}/)[0]).toBe(`${LONG_NAME.slice(0, 29)}…`)
  })
  it('names both inputs with their rows and hash', () => {
    expect(lines[0]).toBe('Reference: weather-reference-sample.csv (431 rows, sha256 abcdef012345)')
    expect(lines[1]).toBe('Current:   week1.csv (165 rows, sha256 abcdef012345)')
  })
  it('prints one row per feature: column, type, test, score, threshold, adjusted p, verdict', () => {
    expect(lines[3]?.split(/\s{2,}/)).toEqual([
      'Column',
      'Type',
      'Test',
      'Score',
      'Threshold',
      'Adj. p',
      'Drift'
    ])
    expect(row(text, 'temp')).toEqual([
      'temp',
      'numeric',
      'anderson',
      '0.001',
      '0.1',
      '0.004',
      'DRIFT'
    ])
    expect(row(text, 'atemp')).toEqual([
      'atemp',
      'numeric',
      'mannw',
      '1.263e-13',
      '0.05',
      '5.050e-13',
      'DRIFT'
    ])
    expect(row(text, 'windspeed')).toEqual([
      'windspeed',
      'numeric',
      'mannw',
      '0.2',
      '0.05',
      '0.8',
      'no'
    ])
    expect(row(text, 'datetime')).toEqual([
      'datetime',
      'datetime',
      '-',
      '-',
      '-',
      '-',
      'not tested'
    ])
    const distance = lines.find((l) => l.startsWith('average_relative')) as string
    expect(distance.split(/\s{2,}/).slice(1)).toEqual([
      'numeric',
      'wasserstein',
      '0.1235',
      '0.1',
      '-',
      'no'
    ])
  })
  it('aligns scores on the right', () => {
    const header = lines[3] as string
    const scoreEnd = header.indexOf('Score') + 'Score'.length
    const temp = lines.find((l) => l.startsWith('temp ')) as string
    const atemp = lines.find((l) => l.startsWith('atemp ')) as string
    expect(temp.indexOf('0.001') + '0.001'.length).toBe(scoreEnd)
    expect(atemp.indexOf('1.263e-13') + '1.263e-13'.length).toBe(scoreEnd)
  })
  it('follows the table with the decision, then target & prediction, multivariate and notes', () => {
    const decision = text.indexOf('Dataset drift detected. Bonferroni at α = 0.05')
    const targets = text.indexOf('Target & prediction (classification)')
    const multivariate = text.indexOf(
      'Multivariate drift (joint distribution of 5 numeric columns): DRIFT'
    )
    const notes = text.indexOf('\nnote: ')
    expect(decision).toBeGreaterThan(text.indexOf('datetime  '))
    expect(targets).toBeGreaterThan(decision)
    expect(multivariate).toBeGreaterThan(targets)
    expect(text.indexOf('note: datetime: Date')).toBeGreaterThan(multivariate)
    expect(notes).toBeGreaterThan(targets)
  })
  it('shows the target and prediction rows with their roles, and the relationship', () => {
    expect(row(text, 'label')).toEqual([
      'label',
      'target',
      'categorical',
      'chisquare',
      '0.0312',
      '0.05',
      'DRIFT'
    ])
    expect(row(text, 'predicted')).toEqual([
      'predicted',
      'prediction',
      'categorical',
      'jensenshannon',
      '0.0500',
      '0.1',
      'no'
    ])
    expect(text).toContain(
      'Correlation of target and prediction: 0.912 in the reference, n/a in the current batch.'
    )
    expect(row(text, 'busy')).toEqual(['busy', '40%', '55%', '90%', '70.1%'])
    expect(row(text, 'quiet')).toEqual(['quiet', '60%', '45%', '80%', 'n/a'])
    const correlations = 'Correlation of the target with each numeric feature'
    expect(row(text, 'temp', correlations)).toEqual(['temp', '0.390', '0.120', '-0.270'])
    expect(row(text, 'humidity', correlations)).toEqual(['humidity', '-0.310', '-0.200', '+0.110'])
    expect(text).toContain('note: predicted: Compared as categories.')
    expect(text).toContain('note: The task is classification: the target has 2 distinct values.')
  })
  it('shows the multivariate results with the sample sizes and seed', () => {
    expect(text).toContain(
      '  Sample             431 reference and 165 current rows, seed 42, stratified by datetime'
    )
    expect(text).toContain('  Columns            temp, atemp, humidity, windspeed, casual')
    expect(text).toContain(
      '  MMD²        DRIFT  MMD² = 0.04123 (RBF kernel, σ = 2.346); p = 0.004975 over 200 permutations,'
    )
    expect(lines).toContain(
      '  PCA error   DRIFT  mean reconstruction error 1.61 vs band 1.1 to 1.4 (reference 1.25 ± 3 × 0.05'
    )
    expect(lines).toContain('                     over 8 chunks; 3 components, 71.2% of variance)')
    expect(text).toContain(
      '  Classifier  DRIFT  logistic regression (L2): 2·AUC − 1 = 0.625 (AUC 0.813), threshold 0.2;'
    )
    expect(flat).toContain('trained on 418 rows, scored on 178 held out')
    expect(text).toContain('note: The sample keeps the current batch whole')
  })
  it('notes column notes, sampled tests, each departure from Evidently once, and the schema', () => {
    expect(text).toContain(
      'note: datetime: Date and time columns are not tested for drift; "datetime" is the time axis.'
    )
    expect(text).toContain('note: casual: empirical_mmd used 300 reference and 165 current values.')
    expect(text).not.toContain('note: temp: anderson used')
    expect(text.split('mannw differs from Evidently').length).toBe(2)
    expect(flat).toContain(
      `note: Left out of the Bonferroni correction (their tests give distances, not p-values): ${LONG_NAME}.`
    )
    expect(text).toContain('note: Only in the reference: count')
    expect(text).toContain('note: Ignored: count')
  })
})

describe('renderReportText without the optional sections', () => {
  const plain = report({
    multivariate: undefined,
    targets: undefined,
    dataset: {
      numberOfColumns: 5,
      numberOfDrifted: 1,
      share: 0.2,
      driftShare: 0.5,
      drifted: false,
      rule: 'share',
      decision:
        'Share rule: 1 of 5 columns drifted (20%), below the drift share of 50%, so the dataset has not drifted.'
    },
    columns: features.map((c) => ({ ...c, adjustedScore: undefined }))
  })
  const text = renderReportText(plain)

  it('has no adjusted p column under the share rule and no target or multivariate block', () => {
    expect(text).not.toContain('Adj. p')
    expect(text).not.toContain('Target & prediction')
    expect(text).not.toContain('Multivariate drift')
    expect(row(text, 'temp')).toEqual(['temp', 'numeric', 'anderson', '0.001', '0.1', 'DRIFT'])
    expect(text).toContain('No dataset drift. Share rule: 1 of 5 columns drifted (20%)')
  })
  it('lays out for a narrower terminal when asked', () => {
    for (const line of renderReportText(report(), 80).split('\n')) {
      expect([...line].length).toBeLessThanOrEqual(80)
    }
  })
})

describe('renderReportText from a reference profile', () => {
  const folder = '/data/weather-reference-sample.csv.profile'
  const fromProfile = report({
    referenceProfile: { path: folder, createdAt: '2025-01-01T00:00:00.000Z' },
    notes: ['The multivariate checks need the reference’s rows, so they were not run.']
  })
  const lines = renderReportText(fromProfile).split('\n')

  it('says under the reference that its statistics came from the stored profile', () => {
    expect(lines[0]).toBe('Reference: weather-reference-sample.csv (431 rows, sha256 abcdef012345)')
    const current = lines.findIndex((l) => l.startsWith('Current:'))
    const under = lines.slice(1, current)
    for (const line of under) expect(line.startsWith(' '.repeat(11))).toBe(true)
    expect(under.join(' ').replace(/\s+/g, ' ').trim()).toBe(
      `its statistics came from the stored profile ${folder} (built 2025-01-01T00:00:00.000Z); the file was not read`
    )
    expect(lines[current]).toBe('Current:   week1.csv (165 rows, sha256 abcdef012345)')
  })
  it('prints the report note on why the multivariate checks did not run', () => {
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain(
      'note: The multivariate checks need the reference’s rows, so they were not run.'
    )
  })
  it('says nothing of a profile when the reference was read', () => {
    expect(renderReportText(report())).not.toContain('stored profile')
  })
})

describe('verdictLine', () => {
  it('uses the decision sentence, and counts when a report has none', () => {
    expect(verdictLine(report())).toBe(
      'Dataset drift detected. Bonferroni at α = 0.05 over 4 p-values: 2 columns have an adjusted p-value below 0.05, so the dataset has drifted.'
    )
    const old = report({
      dataset: { ...report().dataset, drifted: false, decision: '' }
    })
    expect(verdictLine(old)).toBe(
      'No dataset drift: 2 of 5 columns drifted (40%; dataset drift at 50%).'
    )
  })
})
