/**
 * Fixture report: a small but complete Report with every field of the widened engine (Bonferroni decision,
 * adjusted p-values, sample sizes, a deviation, a not-tested column, multivariate drift, target and
 * prediction with their relationship), for the renderer's unit tests. Names include markup on purpose.
 */
import { validationGate } from '../../../shared/validation/gate'
import type { ColumnDrift, ColumnProfile, DatasetInfo, Report } from '../../../shared/model'
import { REPORT_VERSION } from '../../../shared/model'

function profile(name: string, distinct: number): ColumnProfile {
  return {
    name,
    kind: distinct <= 2 ? 'categorical' : 'numeric',
    sqlType: 'DOUBLE',
    rows: 500,
    count: 480,
    missing: 20,
    distinct
  }
}

function info(name: string, columns: readonly string[]): DatasetInfo {
  return {
    path: `/data/${name}`,
    name,
    format: 'csv',
    sizeBytes: 2048,
    sha256: 'ab'.repeat(32),
    rows: 500,
    columns: columns.map((c) => ({ name: c, sqlType: 'DOUBLE', kind: 'numeric' })),
    sniff: {}
  }
}

const FEATURES: readonly ColumnDrift[] = [
  {
    column: 'temp',
    kind: 'numeric',
    status: 'tested',
    test: 'anderson',
    testName: 'Anderson-Darling',
    scoreKind: 'p_value',
    score: 0.001,
    statistic: 12.5,
    threshold: 0.1,
    adjustedScore: 0.003,
    drifted: true,
    explanation: 'The Anderson–Darling test compares the cumulative distributions of temp.',
    reason: 'set by option',
    sampleSize: { reference: 480, current: 431 },
    reference: profile('temp', 300),
    current: profile('temp', 280)
  },
  {
    column: 'wind',
    kind: 'numeric',
    status: 'tested',
    test: 'mannw',
    testName: 'Mann-Whitney U-rank test',
    scoreKind: 'p_value',
    score: 0.2,
    statistic: 1000,
    threshold: 0.05,
    adjustedScore: 0.6,
    drifted: false,
    deviation: 'Driftwatch runs the two-sided test.',
    sampleSize: { reference: 480, current: 431 }
  },
  {
    column: '<b>city</b>',
    kind: 'categorical',
    status: 'tested',
    test: 'psi',
    testName: 'PSI',
    scoreKind: 'distance',
    score: 0.3,
    threshold: 0.1,
    drifted: true,
    sampleSize: { reference: 500, current: 450 }
  },
  {
    column: 'flat',
    kind: 'numeric',
    status: 'not_tested',
    drifted: false,
    note: 'Constant in both samples (always 1): nothing to compare.'
  }
]

const TARGET: ColumnDrift = {
  column: 'label',
  kind: 'categorical',
  role: 'target',
  status: 'tested',
  test: 'chisquare',
  scoreKind: 'p_value',
  score: 0.01,
  threshold: 0.05,
  drifted: true,
  sampleSize: { reference: 500, current: 450 },
  reference: profile('label', 2),
  current: profile('label', 2)
}

const PREDICTION: ColumnDrift = { ...TARGET, column: 'predicted', role: 'prediction', score: 0.4 }

export function fixtureReport(): Report {
  return {
    version: REPORT_VERSION,
    kind: 'compare',
    id: 'fixture',
    createdAt: '2025-01-01T00:00:00.000Z',
    app: { name: 'Driftwatch', version: '0.1.0', engine: 'test' },
    inputs: {
      reference: info('reference.csv', ['temp', 'wind', '<b>city</b>', 'flat', 'label']),
      current: info('current.csv', ['temp', 'wind', '<b>city</b>', 'flat', 'predicted'])
    },
    options: { rule: 'bonferroni', alpha: 0.05, perKind: { numeric: { test: 'anderson' } } },
    ignored: [],
    schema: { referenceOnly: [], currentOnly: [], kindMismatches: [] },
    gate: validationGate(null, true),
    columns: FEATURES,
    dataset: {
      numberOfColumns: 3,
      numberOfDrifted: 1,
      share: 1 / 3,
      driftShare: 0.5,
      drifted: true,
      rule: 'bonferroni',
      alpha: 0.05,
      excludedFromCorrection: ['<b>city</b>'],
      decision:
        'Bonferroni at α = 0.05 over 2 p-values: temp’s adjusted p = 0.003 is below 0.05, so the dataset drifted.'
    },
    multivariate: {
      columns: ['temp', 'wind'],
      sample: { reference: 480, current: 431, seed: 42, stratifiedBy: 'datetime' },
      mmd: {
        mmd2: 0.0421,
        sigma: 1.3,
        pvalue: 0.004975,
        permutations: 200,
        threshold: 0.05,
        drifted: true
      },
      pca: {
        components: 1,
        explainedVariance: 0.71,
        referenceMean: 0.5,
        referenceStd: 0.02,
        chunks: 10,
        currentError: 0.62,
        lower: 0.44,
        upper: 0.56,
        drifted: true
      },
      classifier: {
        model: 'logistic regression (L2)',
        auc: 0.55,
        score: 0.1,
        threshold: 0.2,
        train: 600,
        test: 311,
        drifted: false
      },
      drifted: true,
      notes: ['The time axis datetime stratifies the sample.']
    },
    targets: {
      task: 'classification',
      target: TARGET,
      prediction: PREDICTION,
      relationship: {
        perClass: [
          {
            value: 'yes',
            referenceShare: 0.4,
            currentShare: 0.55,
            referenceRecall: 0.9,
            currentRecall: 0.7
          },
          {
            value: 'no',
            referenceShare: 0.6,
            currentShare: 0.45,
            referenceRecall: null,
            currentRecall: 0.8
          }
        ],
        featureCorrelations: [
          { feature: 'wind', reference: 0.1, current: 0.15 },
          { feature: 'flat', reference: null, current: null },
          { feature: 'temp', reference: 0.6, current: -0.2 }
        ]
      },
      notes: []
    },
    notes: [],
    durationMs: 120
  }
}
