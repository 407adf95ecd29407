import tseslint from 'typescript-eslint';

export default tseslint.config(
    { ignores: ['dist/**', 'node_modules/**', '.ci/**', 'out/**', '.vscode-test/**', '**/*.mjs', '**/*.js'] },
    ...tseslint.configs.recommended,
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
        // Core runs under plain Node (tests, CLI): it must never see the VS Code API, not even as a type.
        files: ['src/core/**/*.ts'],
        rules: {
            'no-restricted-imports': [
                'error',
                { paths: [{ name: 'vscode', message: 'src/core runs under plain Node: no vscode imports.' }] },
            ],
        },
    },
    {
        files: ['src/protocol/**/*.ts'],
        rules: {
            'no-restricted-imports': [
                'error',
                { patterns: [{ regex: '^(?!zod$)', message: 'src/protocol imports only zod.' }] },
            ],
        },
    },
    {
        files: ['webview-ui/**/*.ts'],
        rules: {
            'no-restricted-imports': [
                'error',
                {
                    paths: [{ name: 'vscode', message: 'The webview cannot use the VS Code API.' }],
                    patterns: [
                        {
                            group: ['**/extension/**'],
                            message: 'The webview talks to the extension only through src/protocol.',
                        },
                    ],
                },
            ],
        },
    },
);
