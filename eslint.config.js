// Lint rules, including the import direction of ARCHITECTURE.md:
// renderer -> shared, preload -> shared, main -> shared; shared imports none of them (nor node:*, electron,
// react or the DOM-only packages). Test files beside shared code may read files through test/ helpers.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'worker_threads',
  'http'
]

function restrict(patterns, message) {
  return {
    'no-restricted-imports': [
      'error',
      { patterns: patterns.map((group) => ({ group: [group], message })) }
    ]
  }
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'bench/data/**'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
        queueMicrotask: 'readonly'
      }
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']",
          message: '.only must not be committed'
        }
      ]
    }
  },
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/**/*.test.ts'],
    rules: restrict(
      [
        ...nodeBuiltins,
        'electron',
        'react',
        'react-dom',
        'zustand',
        'echarts',
        '**/main/**',
        '**/renderer/**',
        '**/preload/**',
        '../../test/**'
      ],
      'src/shared is pure TypeScript: no node:*, electron, DOM, React or imports from main/renderer/preload.'
    )
  },
  {
    files: ['src/shared/**/*.test.ts'],
    rules: restrict(
      ['electron', 'react', '**/main/**', '**/renderer/**', '**/preload/**'],
      'Tests of src/shared may use node and test/ helpers, but not main, renderer or preload.'
    )
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        [...nodeBuiltins, 'electron', '**/main/**', '**/preload/**'],
        'The renderer imports only src/shared and browser packages; it reaches the backend through renderer/api.ts.'
      )
    }
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict(
      ['**/main/**', '**/renderer/**'],
      'The preload imports only electron and src/shared.'
    )
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/hosts/electron/**'],
    rules: restrict(
      ['electron', '**/renderer/**', '**/preload/**'],
      'Only src/main/hosts/electron may import electron; main never imports the renderer or preload.'
    )
  },
  {
    files: ['src/main/hosts/electron/**/*.ts'],
    rules: restrict(
      ['**/renderer/**', '**/preload/**'],
      'main never imports the renderer or preload.'
    )
  }
)
