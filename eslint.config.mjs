// ESLint flat config: typescript-eslint's type-checked rules on every workspace, prettier for layout.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
    { ignores: ['**/dist/**', 'build/**', 'run/**', '.fabric/**', '**/node_modules/**', '**/*.js', '**/*.mjs'] },
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
            ],
            'no-restricted-syntax': [
                'error',
                { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
                {
                    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
                    message: 'Chaincode must be deterministic: use the transaction timestamp, not the wall clock.',
                },
                {
                    selector: 'ForInStatement',
                    message: 'for-in order is not guaranteed across peers; iterate sorted keys.',
                },
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
