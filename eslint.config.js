// @ts-check
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

/**
 * The core boundary (DESIGN.md): src/core is pure TypeScript that runs the same in the browser,
 * in Node tests and in the command line. It must not reach into the UI, the database, the AI
 * layer, or their libraries.
 */
export const coreBoundary = {
  files: ['src/core/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: '(^|/)(ui|db|ai)(/|$)',
            message: 'src/core must not import from src/ui, src/db or src/ai (see DESIGN.md, layers).',
          },
          {
            regex: '^(svelte|dexie|@langchain|langchain)(/|$)',
            message: 'src/core must stay free of Svelte, Dexie and LangChain (see DESIGN.md, layers).',
          },
        ],
      },
    ],
  },
};

export default ts.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'tests/fixtures/', 'scenarios/*.json', '.scratch/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  coreBoundary,
);
