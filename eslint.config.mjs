// ESLint flat config: typescript-eslint's type-checked rules on every workspace, prettier for layout.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
    {
        ignores: [
            '**/dist/**',
            'build/**',
            'run/**',
            '.fabric/**',
            '**/node_modules/**',
            '**/*.js',
            '**/*.mjs',
            '!scripts/*.mjs',
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.strictTypeChecked,
    {
        languageOptions: {
            parserOptions: {
                projectService: true,
                tsconfigRootDir: import.meta.dirname,
            },
        },
        rules: {
            '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
            'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
        },
    },
    {
        // Chaincode runs on every endorsing peer and must give every peer the same result.
        files: ['chaincode/src/**/*.ts'],
        rules: {
            'no-restricted-properties': [
                'error',
                { object: 'Math', property: 'random', message: 'Chaincode must be deterministic: no randomness.' },
                {
                    object: 'Date',
                    property: 'now',
                    message: 'Chaincode must be deterministic: use the transaction timestamp.',
                },
                { object: 'process', property: 'env', message: 'Chaincode must not depend on the peer it runs on.' },
                { object: 'process', property: 'hrtime', message: 'Chaincode must be deterministic: no clocks.' },
                { object: 'performance', property: 'now', message: 'Chaincode must be deterministic: no clocks.' },
                { object: 'Promise', property: 'race', message: 'Chaincode must not depend on timing: no races.' },
                { object: 'Promise', property: 'any', message: 'Chaincode must not depend on timing: no races.' },
                {
                    object: 'crypto',
                    property: 'getRandomValues',
                    message: 'Chaincode must be deterministic: no randomness.',
                },
            ],
            'no-restricted-syntax': [
                'error',
                { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
                {
                    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
                    message: 'Chaincode must be deterministic: use the transaction timestamp, not the wall clock.',
                },
                {
                    selector: "CallExpression[callee.name='Date']",
                    message: 'Chaincode must be deterministic: Date() is the wall clock.',
                },
                {
                    selector: 'ForInStatement',
                    message: 'for-in order is not guaranteed across peers; iterate sorted keys.',
                },
                {
                    selector:
                        'MemberExpression[property.name=/^(localeCompare|toLocaleString|toLocaleDateString|toLocaleTimeString)$/]',
                    message: "Locale-dependent order and text differ between peers' ICU data; compare code units.",
                },
            ],
            'no-restricted-globals': [
                'error',
                ...['setTimeout', 'setInterval', 'setImmediate', 'WeakRef', 'FinalizationRegistry'].map((name) => ({
                    name,
                    message: 'Chaincode must not depend on timing or garbage collection.',
                })),
            ],
            'no-restricted-imports': [
                'error',
                {
                    paths: [
                        {
                            name: 'node:crypto',
                            importNames: [
                                'randomBytes',
                                'randomUUID',
                                'randomInt',
                                'createSign',
                                'sign',
                                'createCipheriv',
                            ],
                            message: 'Chaincode must not make randomness, sign or encrypt; verifying is fine.',
                        },
                        {
                            name: 'crypto',
                            message: "Import from 'node:crypto', where the determinism rule is enforced.",
                        },
                        { name: 'node:os', message: 'Chaincode must not depend on the peer it runs on.' },
                        { name: 'os', message: 'Chaincode must not depend on the peer it runs on.' },
                        { name: 'node:fs', message: 'Chaincode must not depend on the peer it runs on.' },
                        { name: 'fs', message: 'Chaincode must not depend on the peer it runs on.' },
                    ],
                },
            ],
        },
    },
    {
        files: ['test/**/*.ts'],
        rules: {
            // chai's property assertions (expect(x).to.be.true) read as unused expressions.
            '@typescript-eslint/no-unused-expressions': 'off',
            '@typescript-eslint/no-non-null-assertion': 'off',
        },
    },
    prettier,
);
