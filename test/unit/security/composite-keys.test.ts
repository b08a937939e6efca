import { expect } from 'chai';
import fc from 'fast-check';
import { ID_PATTERN, parseId } from '@spindle/chaincode/protocol';
import { codeOf } from '../support/code-of';
import { createCompositeKey, splitCompositeKey } from '../support/fabric-stub';

const RUNS = process.env.SPINDLE_FULL_COUNTS === '1' ? 20_000 : 1_000;

const id = fc.stringMatching(ID_PATTERN);
const objectType = fc.stringMatching(/^[a-z][a-z-]{0,15}$/);
/** Characters that could forge or shift a composite key: its separator, the max rune, `~`, and more. */
const forging = fc.constantFrom('\u0000', '\u{10FFFF}', '~', '\uFFFF', 'A', ' ', '/', '.', '_', '\n');

describe('IDs crafted to collide in composite keys', function () {
    it('refuses every ID with a separator, the max rune or any other character outside the whitelist', function () {
        fc.assert(
            fc.property(fc.string(), forging, fc.string(), (before, character, after) => {
                expect(codeOf(() => parseId(`${before}${character}${after}`, 'id'))).to.equal('INVALID_ARGUMENT');
            }),
            { numRuns: RUNS },
        );
    });

    it('maps distinct valid (type, IDs) tuples to distinct keys: the key splits back to its tuple', function () {
        fc.assert(
            fc.property(objectType, fc.array(id, { minLength: 1, maxLength: 4 }), (type, attributes) => {
                expect(splitCompositeKey(createCompositeKey(type, attributes))).to.deep.equal({
                    objectType: type,
                    attributes,
                });
            }),
            { numRuns: RUNS },
        );
    });

    it('never lets IDs that share their text, split differently, build one key (a-b + c vs a + b-c)', function () {
        const pieces = fc.array(fc.stringMatching(/^[a-z0-9]{1,4}$/), { minLength: 2, maxLength: 6 });
        const grouping = (joins: boolean[], parts: string[]): string[] =>
            parts.reduce<string[]>((groups, part, index) => {
                const last = groups.at(-1);
                return index > 0 && joins[index - 1] === true && last !== undefined
                    ? [...groups.slice(0, -1), `${last}-${part}`]
                    : [...groups, part];
            }, []);
        fc.assert(
            fc.property(
                pieces,
                fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
                fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
                (parts, joinsA, joinsB) => {
                    const a = grouping(joinsA, parts);
                    const b = grouping(joinsB, parts);
                    const sameTuple = JSON.stringify(a) === JSON.stringify(b);
                    expect(createCompositeKey('lot-parent', a) === createCompositeKey('lot-parent', b)).to.equal(
                        sameTuple,
                    );
                },
            ),
            { numRuns: RUNS },
        );
    });
});
