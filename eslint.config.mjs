// @ts-check
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';

/** Test files: unit and integration specs, test folders, test helpers. */
const TEST_FILES = ['**/*.spec.ts', '**/test/**/*.ts', '**/testing/**/*.ts'];

/**
 * Which project may import which, by tag. `type:testing` (libs/local-aws: local protocol servers and
 * stand-ins) is for tests and tools only: the source of a lib, an app or infra may not import it, their
 * test files may (`testing: true`).
 *
 * @param {{ testing: boolean }} options
 */
function moduleBoundaries({ testing }) {
  const extra = testing ? ['type:testing'] : [];
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      depConstraints: [
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', ...extra] },
        { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', ...extra] },
        { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:lib', ...extra] },
        {
          sourceTag: 'type:tool',
          onlyDependOnLibsWithTags: ['type:lib', 'type:tool', 'type:testing'],
        },
        { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
      ],
    },
  ];
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/tmp/**',
      '**/coverage/**',
      '**/.nx/**',
      '**/cdktf.out/**',
      '**/out/**',
      '**/vendor/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries({ testing: false }),
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@cdktf/provider-aws',
              message:
                'Import provider resources by deep path (@cdktf/provider-aws/lib/<resource>): the barrel loads 2,212 modules.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests may use the local servers (type:testing); production source may not (above).
    files: TEST_FILES,
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries({ testing: true }) },
  },
  {
    // Rules that need type information: every .ts file belongs to its project's tsconfig.json (the
    // nearest one, which the project service finds), so these run on sources and tests alike.
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // An un-awaited promise loses its rejection (an unhandled rejection kills the Lambda runtime)
      // and its ordering (a delete racing the read that justified it).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // A new union member (a verdict, a state, an event kind) must be handled wherever it is switched on.
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/e2e/**/*.ts'],
    plugins: { jest },
    languageOptions: { globals: jest.environments.globals.globals },
    rules: {
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/no-identical-title': 'error',
      'jest/valid-expect': 'error',
      // Helpers named expect*/assert* hold the assertions of the tests that call them; fc.assert fails
      // the test when a property throws or returns false.
      'jest/expect-expect': [
        'error',
        { assertFunctionNames: ['expect', 'expect*', 'assert*', 'fc.assert'] },
      ],
    },
  },
  {
    files: ['**/*.cjs', '**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
