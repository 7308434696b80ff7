// `npm run lint`: ESLint 9 flat config. The recommended sets of ESLint, typescript-eslint and eslint-plugin-svelte,
// without type information (type-aware rules would need a full TypeScript program per run; svelte-check already
// does the strict type check). Formatting is Prettier's job (`npm run format`), so no style rules here.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'test-output/', '.vite/', 'public/'] },
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  {
    // App code runs in the browser and in workers; tests, scripts and the nn core run in Node too.
    languageOptions: { globals: { ...globals.browser, ...globals.worker, ...globals.node } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: {
      parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig },
    },
  },
  {
    files: ['**/*.ts', '**/*.svelte'],
    rules: {
      // TypeScript (svelte-check) already reports undefined names, and no-undef does not know type-only globals.
      'no-undef': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    rules: {
      // The lessons' {#each} blocks draw fixed-size grids and tables of numbers whose rows never move, so
      // Svelte's in-place (index) update is the right one and a key would only restate the index.
      'svelte/require-each-key': 'off',
      // It flags every mutated Set/URL in a .svelte.ts file. Here those are private, deliberately non-reactive
      // bookkeeping (#listeners, #warmed) and throwaway URLs built for history.replaceState or a Worker;
      // state that the UI reads is declared with $state, which is where reactivity belongs.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['test/e2e/**/*.ts'],
    // Code inside page.evaluate() runs in the page and reaches window.notebook's tfjs and nn untyped.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    rules: {
      // A leading underscore marks a parameter kept for its position (callbacks, tfjs kernel signatures).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
);
