/**
 * Great Expectations import on suites written to the published 0.x and 1.x JSON formats: what maps becomes
 * the expected Driftwatch expectations, what does not is listed with its reason, and the imported suites
 * run with validateTable on the seed-weather reference (real DuckDB), passing where GE would pass and
 * failing where a bound is deliberately wrong.
 */
import { describe, expect, it } from 'vitest'
import { validateTable } from '../engine/validation'
import type { ColumnInfo } from '../../shared/model'
import {
  WEATHER_COLUMNS as COLUMNS,
  csvTables,
  useDuckDB,
  useTempFolder
} from '../../../test/integration/harness'
import { WEATHER_REFERENCE } from '../../../test/paths'
import { importGreatExpectations } from './greatExpectations'
import { readSuiteFile, writeSuiteFile } from './suiteFile'

const db = useDuckDB()
const folder = useTempFolder('ge-import')

const { stage } = csvTables(db, folder)

/** Reads the seed-weather reference into table weather. */
const stageReference = (): Promise<ColumnInfo[]> => stage('weather', WEATHER_REFERENCE)

/** A 0.x suite as `great_expectations/expectations/weather.json` stores it. */
const SUITE_0X = {
  data_asset_type: null,
  expectation_suite_name: 'weather.warning',
  ge_cloud_id: null,
  meta: { great_expectations_version: '0.18.8' },
  expectations: [
    {
      expectation_type: 'expect_table_row_count_to_be_between',
      kwargs: { min_value: 400, max_value: 500 },
      meta: {}
    },
    {
      expectation_type: 'expect_table_columns_to_match_ordered_list',
      kwargs: { column_list: COLUMNS },
      meta: {}
    },
    { expectation_type: 'expect_column_to_exist', kwargs: { column: 'temp' }, meta: {} },
    {
      expectation_type: 'expect_column_values_to_not_be_null',
      kwargs: { column: 'humidity', mostly: 0.95 },
      meta: { notes: { format: 'markdown', content: 'Sensors drop out now and then.' } }
    },
    {
      expectation_type: 'expect_column_values_to_be_between',
      kwargs: { column: 'temp', min_value: 0, max_value: 45, mostly: 0.99 },
      meta: {}
    },
    {
      expectation_type: 'expect_column_values_to_be_in_set',
      kwargs: { column: 'weather', value_set: [1, 2, 3, 4] },
      meta: {}
    },
    {
      expectation_type: 'expect_column_values_to_match_regex',
      kwargs: { column: 'humidity', regex: '^[0-9]+$' },
      meta: {}
    },
    {
      expectation_type: 'expect_column_values_to_not_match_regex',
      kwargs: { column: 'humidity', regex: '^-' },
      meta: {}
    },
    {
      expectation_type: 'expect_column_value_lengths_to_be_between',
      kwargs: { column: 'windspeed', min_value: 1, max_value: 8 },
      meta: {}
    },
    {
      expectation_type: 'expect_column_values_to_be_unique',
      kwargs: { column: 'datetime' },
      meta: {}
    },
    {
      expectation_type: 'expect_column_distinct_values_to_be_in_set',
      kwargs: { column: 'season', value_set: [1, 2, 3, 4] },
      meta: {}
    },
    {
      expectation_type: 'expect_column_mean_to_be_between',
      kwargs: { column: 'temp', min_value: 7, max_value: 9 },
      meta: {}
    },
    {
      expectation_type: 'expect_column_values_to_be_of_type',
      kwargs: { column: 'humidity', type_: 'int64' },
      meta: {}
    },
    {
      expectation_type: 'expect_column_values_to_be_increasing',
      kwargs: { column: 'datetime' },
      meta: {}
    },
    {
      expectation_type: 'expect_column_values_to_match_strftime_format',
      kwargs: { column: 'datetime', strftime_format: '%Y-%m-%d %H:%M:%S' },
      meta: {}
    },
    // These do not map.
    {
      expectation_type: 'expect_column_kl_divergence_to_be_less_than',
      kwargs: { column: 'temp', partition_object: { bins: [0, 10, 20], weights: [0.5, 0.5] } },
      meta: {}
    },
    {
      expectation_type: 'expect_column_values_to_be_between',
      kwargs: { column: 'atemp', min_value: 0, strict_min: true },
      meta: {}
    },
    {
      expectation_type: 'expect_column_values_to_be_in_set',
      kwargs: { column: 'weather', value_set: { $PARAMETER: 'allowed_weather' } },
      meta: {}
    }
  ]
}

/** A 1.x suite as `gx/expectations/weather.json` stores it (`ExpectationSuite.to_json_dict()`). */
const SUITE_1X = {
  name: 'weather_suite',
  id: '2f8e5c0a-3c53-4a0b-9bb5-6b1f2d4a2a10',
  meta: { great_expectations_version: '1.3.5' },
  notes: null,
  expectations: [
    {
      type: 'expect_column_median_to_be_between',
      kwargs: { column: 'temp', min_value: 8, max_value: 8.5 },
      meta: {},
      id: '0b6c9d7e-4b9e-4a87-8a4e-1b3a7c2d9e01',
      severity: 'critical'
    },
    {
      type: 'expect_column_stdev_to_be_between',
      kwargs: { column: 'temp', max_value: 4 },
      meta: {},
      id: '0b6c9d7e-4b9e-4a87-8a4e-1b3a7c2d9e02',
      severity: 'warning'
    },
    {
      type: 'expect_column_quantile_values_to_be_between',
      kwargs: {
        column: 'humidity',
        quantile_ranges: {
          quantiles: [0.1, 0.5, 0.9],
          value_ranges: [
            [20, 70],
            [40, 90],
            [60, 100]
          ]
        }
      },
      meta: {},
      id: '0b6c9d7e-4b9e-4a87-8a4e-1b3a7c2d9e03'
    },
    {
      type: 'expect_column_unique_value_count_to_be_between',
      kwargs: { column: 'weather', min_value: 2, max_value: 4 },
      meta: {},
      id: '0b6c9d7e-4b9e-4a87-8a4e-1b3a7c2d9e04',
      severity: 'info'
    },
    {
      type: 'expect_table_columns_to_match_set',
      kwargs: { column_set: ['datetime', 'temp', 'humidity'], exact_match: false },
      meta: {},
      id: '0b6c9d7e-4b9e-4a87-8a4e-1b3a7c2d9e05'
    },
    {
      type: 'expect_column_min_to_be_between',
      kwargs: { column: 'temp', min_value: 0 },
      meta: {},
      id: '0b6c9d7e-4b9e-4a87-8a4e-1b3a7c2d9e06',
      description: 'No frost readings below zero'
    },
    {
      type: 'expect_column_values_to_be_decreasing',
      kwargs: { column: 'windspeed', strictly: true },
      meta: {},
      id: '0b6c9d7e-4b9e-4a87-8a4e-1b3a7c2d9e07'
    },
    // Deliberately wrong: the reference's temperatures go above 5.
    {
      type: 'expect_column_max_to_be_between',
      kwargs: { column: 'temp', max_value: 5 },
      meta: {},
      id: '0b6c9d7e-4b9e-4a87-8a4e-1b3a7c2d9e08'
    },
    // These do not map.
    {
      type: 'expect_column_values_to_not_be_null',
      kwargs: { column: 'temp', row_condition: 'season==1', condition_parser: 'pandas' },
      meta: {},
      id: '0b6c9d7e-4b9e-4a87-8a4e-1b3a7c2d9e09'
    },
    {
      type: 'expect_column_pair_values_a_to_be_greater_than_b',
      kwargs: { column_A: 'registered', column_B: 'casual' },
      meta: {},
      id: '0b6c9d7e-4b9e-4a87-8a4e-1b3a7c2d9e10'
    }
  ]
}

describe('importGreatExpectations', () => {
  it('maps a 0.x suite and lists what does not map', () => {
    const { suite, unmapped } = importGreatExpectations(JSON.parse(JSON.stringify(SUITE_0X)))
    expect(suite.name).toBe('weather.warning')
    const base = { severity: 'error', enabled: true }
    expect(suite.expectations).toEqual([
      { ...base, id: 'row_count_between', kind: 'row_count_between', min: 400, max: 500 },
      { ...base, id: 'set_equals', kind: 'column_set_equals', columns: COLUMNS },
      { ...base, id: 'order', kind: 'column_order', columns: COLUMNS },
      { ...base, id: 'temp-exists', kind: 'column_exists', column: 'temp' },
      {
        ...base,
        id: 'humidity-null_share_at_most',
        kind: 'column_null_share_at_most',
        column: 'humidity',
        max: 0.05,
        note: 'Sensors drop out now and then.'
      },
      {
        ...base,
        id: 'temp-values_between',
        kind: 'column_values_between',
        column: 'temp',
        min: 0,
        max: 45,
        mostly: 0.99
      },
      {
        ...base,
        id: 'weather-values_in_set',
        kind: 'column_values_in_set',
        column: 'weather',
        values: [1, 2, 3, 4]
      },
      {
        ...base,
        id: 'humidity-matches_regex',
        kind: 'column_matches_regex',
        column: 'humidity',
        regex: '^[0-9]+$'
      },
      {
        ...base,
        id: 'humidity-not_matches_regex',
        kind: 'column_not_matches_regex',
        column: 'humidity',
        regex: '^-'
      },
      {
        ...base,
        id: 'windspeed-length_between',
        kind: 'column_length_between',
        column: 'windspeed',
        min: 1,
        max: 8
      },
      {
        ...base,
        id: 'datetime-duplicate_share_at_most',
        kind: 'column_duplicate_share_at_most',
        column: 'datetime',
        max: 0
      },
      {
        ...base,
        id: 'season-values_in_set',
        kind: 'column_values_in_set',
        column: 'season',
        values: [1, 2, 3, 4]
      },
      {
        ...base,
        id: 'temp-statistic_between-mean',
        kind: 'column_statistic_between',
        column: 'temp',
        statistic: 'mean',
        min: 7,
        max: 9
      },
      {
        ...base,
        id: 'humidity-type_is',
        kind: 'column_type_is',
        column: 'humidity',
        type: 'numeric'
      },
      {
        ...base,
        id: 'datetime-monotonic',
        kind: 'column_monotonic',
        column: 'datetime',
        direction: 'increasing'
      },
      {
        ...base,
        id: 'datetime-parseable_as_date',
        kind: 'column_parseable_as_date',
        column: 'datetime',
        format: '%Y-%m-%d %H:%M:%S'
      }
    ])
    expect(unmapped).toEqual([
      {
        type: 'expect_column_kl_divergence_to_be_less_than',
        reason: 'distribution checks are Driftwatch drift tests, not expectations'
      },
      {
        type: 'expect_column_values_to_be_between',
        reason: 'its bounds are strict (strict_min/strict_max); Driftwatch bounds are inclusive'
      },
      {
        type: 'expect_column_values_to_be_in_set',
        reason:
          'value_set is a suite parameter ($PARAMETER), which is only known when GE runs; write the value in'
      }
    ])
  })

  it('maps a 1.x suite with its severities, quantile ranges and notes', () => {
    const { suite, unmapped } = importGreatExpectations(JSON.parse(JSON.stringify(SUITE_1X)))
    expect(suite.name).toBe('weather_suite')
    const byId = Object.fromEntries(suite.expectations.map((e) => [e.id, e]))
    expect(Object.keys(byId)).toEqual([
      'temp-statistic_between-median',
      'temp-statistic_between-std',
      'humidity-statistic_between-q0.1',
      'humidity-statistic_between-median',
      'humidity-statistic_between-q0.9',
      'weather-distinct_count_between',
      'set_contains',
      'temp-statistic_between-q0',
      'windspeed-monotonic',
      'temp-statistic_between-q1'
    ])
    expect(byId['temp-statistic_between-median']?.severity).toBe('error')
    expect(byId['temp-statistic_between-std']?.severity).toBe('warning')
    expect(byId['weather-distinct_count_between']?.severity).toBe('warning')
    expect(byId['humidity-statistic_between-q0.1']).toEqual({
      id: 'humidity-statistic_between-q0.1',
      kind: 'column_statistic_between',
      column: 'humidity',
      statistic: 'quantile',
      quantile: 0.1,
      min: 20,
      max: 70,
      severity: 'error',
      enabled: true
    })
    expect(byId['temp-statistic_between-q0']).toMatchObject({
      statistic: 'quantile',
      quantile: 0,
      min: 0,
      note: 'No frost readings below zero'
    })
    expect(byId['windspeed-monotonic']).toMatchObject({ direction: 'decreasing', strict: true })
    expect(byId['set_contains']).toMatchObject({
      kind: 'column_set_contains',
      columns: ['datetime', 'temp', 'humidity']
    })
    expect(unmapped).toEqual([
      {
        type: 'expect_column_values_to_not_be_null',
        reason: 'it is conditional (row_condition); Driftwatch expectations apply to every row'
      },
      {
        type: 'expect_column_pair_values_a_to_be_greater_than_b',
        reason: 'Driftwatch has no column-pair expectation (a row_condition can express it)'
      }
    ])
  })

  it('throws on something that is not a suite', () => {
    expect(() => importGreatExpectations([1, 2])).toThrow(
      'importGreatExpectations requires a Great Expectations suite'
    )
    expect(() => importGreatExpectations({ name: 'x' })).toThrow('"expectations" list')
  })

  it('gives runnable expectations: the 0.x suite passes on the seed-weather reference', async () => {
    const columns = await stageReference()
    const { suite } = importGreatExpectations(SUITE_0X)
    const result = await validateTable(db.connection(), 'weather', columns, suite)
    const notPassing = result.results.filter((r) => r.status !== 'pass')
    expect(notPassing.map((r) => `${r.id}: ${r.explanation}`)).toEqual([])
    expect(result.status).toBe('pass')
    expect(result.counts.pass).toBe(16)
  })

  it('gives runnable expectations: the 1.x suite fails exactly where its bounds are wrong', async () => {
    const columns = await stageReference()
    const { suite } = importGreatExpectations(SUITE_1X)
    const result = await validateTable(db.connection(), 'weather', columns, suite)
    const byId = Object.fromEntries(result.results.map((r) => [r.id, r]))
    expect(result.counts.error).toBe(0)
    // The reference's wind speeds are not decreasing, and its temperatures go above 5.
    expect(result.results.filter((r) => r.status === 'fail').map((r) => r.id)).toEqual([
      'windspeed-monotonic',
      'temp-statistic_between-q1'
    ])
    expect(byId['temp-statistic_between-q1']?.observed).toBeGreaterThan(5)
    expect(result.status).toBe('fail')
    expect(result.counts.pass).toBe(8)
  })

  it('writes an imported suite to a suite file that reads back whole, without problems', async () => {
    for (const source of [SUITE_0X, SUITE_1X]) {
      const { suite } = importGreatExpectations(source)
      const path = folder.path(`${suite.name ?? 'suite'}.yaml`)
      expect((await writeSuiteFile(path, suite)).ok).toBe(true)
      const read = await readSuiteFile(path)
      if (!read.ok) throw new Error(read.error.message)
      expect(read.value.problems).toEqual([])
      expect(read.value.suite).toEqual(suite)
    }
  })
})
