import tseslint from 'typescript-eslint';
import { boundaries } from './scripts/eslint-boundaries.mjs';

/**
 * The .mjs scripts are ES modules run by Node: their globals are exactly those of the Node running ESLint (no
 * `require`, `__dirname` or DOM), taken from `globalThis` rather than from a hand-kept list.
 */
const nodeGlobals = Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly']));

/** `boundaries/imports` for the files of one layer (scripts/eslint-boundaries.mjs describes the options). */
const layer = (files, options) => ({ files, rules: { 'boundaries/imports': ['error', options] } });

export default tseslint.config(
    { ignores: ['dist/**', 'node_modules/**', '.ci/**', 'out/**', '.vscode-test/**', 'test-results/**', '**/*.js'] },
    ...tseslint.configs.recommended,
    { plugins: { boundaries } },
    {
        files: ['**/*.ts'],
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        rules: {
            '@typescript-eslint/no-floating-promises': [
                'error',
                {
                    // node:test's describe/it return promises the runner tracks itself.
                    allowForKnownSafeCalls: [
                        { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
                    ],
                },
            ],
            '@typescript-eslint/no-explicit-any': 'error',
            '@typescript-eslint/consistent-type-imports': 'error',
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        },
    },
    {
        files: ['**/*.mjs'],
        languageOptions: { sourceType: 'module', globals: nodeGlobals },
        rules: {
            'no-undef': 'error',
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        },
    },
    layer(['src/core/**/*.ts'], {
        deny: { paths: ['src/extension', 'src/cli', 'sim'], packages: ['vscode'] },
        because:
            'src/core runs under plain Node for the CLI and the tests: no vscode (not even types), extension, cli or sim.',
    }),
    layer(['src/cli/**/*.ts'], {
        deny: { paths: ['src/extension', 'sim'], packages: ['vscode'] },
        because: 'The CLI builds on src/core only: no vscode, extension or sim.',
    }),
    layer(['src/extension/**/*.ts'], {
        deny: { paths: ['src/cli', 'sim'] },
        because: 'The extension builds on src/core and src/protocol, never on the CLI or the simulator.',
    }),
    layer(['src/protocol/**/*.ts'], {
        allow: { paths: ['src/protocol'], packages: ['zod'] },
        because: 'src/protocol is shared with the webview bundle: it imports only zod.',
    }),
    layer(['webview-ui/**/*.ts'], {
        allow: {
            paths: ['webview-ui/src', 'src/protocol'],
            packages: ['@vscode-elements/elements', '@vscode/codicons', 'dompurify', 'marked'],
        },
        because: 'The webview runs in a browser sandbox and talks to the extension only through src/protocol.',
    }),
);
