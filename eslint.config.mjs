import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.nx/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Services share code through libs and talk only through events: never import each other.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/services/*', '../../services/**', '../../../services/**'], message: 'Services never import each other; share through libs or events.' },
            { group: ['../../libs/**', '../../../libs/**', '../../../../libs/**'], message: 'Import libs through their @deelwijs/* alias.' },
            { group: ['**/system-tests/**'], message: 'System tests are no library; share test helpers through @deelwijs/testing.' },
          ],
        },
      ],
    },
  },
  {
    // The web app (React, browser): its own tsconfig gives the DOM and JSX; hooks follow React's rules.
    files: ['services/portal-web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly', setTimeout: 'readonly', URL: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
