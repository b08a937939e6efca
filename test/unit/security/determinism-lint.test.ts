import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

/** Each line breaks the chaincode's determinism rule one way. */
const NONDETERMINISTIC = [
    "import { randomBytes } from 'node:crypto';",
    "import { hostname } from 'node:os';",
    'export const a = Math.random();',
    'export const b = Date.now();',
    'export const c = new Date();',
    'export const d = Date();',
    'export const e = process.env.PEER;',
    'export const f = performance.now();',
    'export const g = process.hrtime();',
    'export const h = Promise.race([Promise.resolve(1)]);',
    "export const i = ['b', 'a'].sort((x, y) => x.localeCompare(y));",
    'setTimeout(() => undefined, 1);',
    'for (const key in { a: 1 }) { console.log(key); }',
];

/** Uses the imports, so the fixture is otherwise plain code. */
const USES = 'export const j = randomBytes(8).length + hostname().length;';

/** The chaincode block of the repository's ESLint config, on its own: no type information needed. */
async function chaincodeLinter(): Promise<ESLint> {
    const config = (await import(pathToFileURL(join(ROOT, 'eslint.config.mjs')).href)) as { default: Linter.Config[] };
    const chaincode = config.default.find((block) => block.files?.includes('chaincode/src/**/*.ts'));
    if (chaincode === undefined) {
        throw new Error('eslint.config.mjs has no block for chaincode/src');
    }
    return new ESLint({
        cwd: ROOT,
        overrideConfigFile: true,
        overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, chaincode],
    });
}

describe("the chaincode's determinism lint rule", function () {
    this.timeout(30_000);

    it('fires on every kind of wall clock, randomness, peer dependence, race and unordered iteration', async function () {
        const [result] = await (
            await chaincodeLinter()
        ).lintText([...NONDETERMINISTIC, USES].join('\n'), {
            filePath: join(ROOT, 'chaincode/src/nondeterministic.ts'),
        });
        const flagged = new Set(result?.messages.map((message) => message.line));
        const missed = NONDETERMINISTIC.filter((_, index) => !flagged.has(index + 1));
        expect(missed, 'lines the rule let through').to.deep.equal([]);
    });

    it('leaves the chaincode as it is alone', async function () {
        const file = join(ROOT, 'chaincode/src/ledger/rate-store.ts');
        const [result] = await (await chaincodeLinter()).lintText(readFileSync(file, 'utf8'), { filePath: file });
        expect(result?.messages.map((message) => `${message.line}: ${message.message}`)).to.deep.equal([]);
    });

    it('applies to the chaincode only', async function () {
        const [result] = await (
            await chaincodeLinter()
        ).lintText('export const b = Date.now();', {
            filePath: join(ROOT, 'client/src/now.ts'),
        });
        expect(result?.messages).to.deep.equal([]);
    });
});
