import { expect } from 'chai';
import canonicalize from 'canonicalize';
import { deepFreeze, toCanonicalJson } from '@spindle/chaincode/protocol';

/** Values that exercise every branch of RFC 8785 and of the canonicalize package's handling, made anew on each call. */
const values = (): unknown[] => [
    null,
    true,
    false,
    0,
    -0,
    1,
    -1.5,
    1e21,
    1e-7,
    123456789012345680000,
    0.1 + 0.2,
    Number.MAX_SAFE_INTEGER,
    '',
    'plain',
    'quote " backslash \\ newline \n tab \t control \u0001 unicode é € 😀 \u2028',
    [],
    {},
    [1, 'two', null, undefined, [3, [4]], { b: 1, a: 2 }],
    { b: 1, a: 2, c: { z: [], y: {} }, d: undefined },
    { '€': 1, é: 2, a: 3, A: 4, '10': 5, '9': 6, '': 7, '\u0080': 8, '😀': 9, '\ufb33': 10 },
    { date: new Date('2026-01-02T03:04:05.006Z'), nested: { toJSON: () => ({ replaced: true }) } },
    {
        version: 1,
        senderId: 'carding-a1',
        receiverId: 'lap-former-b1',
        type: 'upload',
        nonce: 'AAAAAAAAAAAAAAAAAAAAAA',
        timestamp: '2026-12-03T05:00:00.000Z',
        size: 256,
        payload: 'cGF5bG9hZA==',
        signature: 'c2lnbmF0dXJl',
        inspection: 'ab'.repeat(32),
    },
];

describe('canonical JSON', function () {
    it('gives the text of the canonicalize package for every kind of value', function () {
        for (const value of values()) {
            expect(toCanonicalJson(value), JSON.stringify(value)).to.equal(canonicalize(value));
        }
    });

    it('gives the same text for a deeply frozen value as for its mutable copy, inside other values too', function () {
        const copies = values();
        values().forEach((frozen, index) => {
            deepFreeze(frozen);
            const value = copies[index];
            // Twice: the second answer comes from the memo.
            expect(toCanonicalJson(frozen)).to.equal(canonicalize(value));
            expect(toCanonicalJson(frozen)).to.equal(canonicalize(value));
            expect(toCanonicalJson({ inner: frozen, list: [frozen] })).to.equal(
                canonicalize({ inner: value, list: [value] }),
            );
        });
    });

    it('serialises a deeply frozen value once, however often it is written', function () {
        let reads = 0;
        const packet = { senderId: 'carding-a1', payload: 'cGF5bG9hZA==' };
        Object.defineProperty(packet, 'nonce', {
            enumerable: true,
            get: () => {
                reads += 1;
                return 'AAAAAAAAAAAAAAAAAAAAAA';
            },
        });
        deepFreeze(packet);
        reads = 0;
        const first = toCanonicalJson(packet);
        const inbox = toCanonicalJson({ mailbox: 'inbox', packet });
        const outbox = toCanonicalJson({ mailbox: 'outbox', packet });
        expect(reads).to.equal(1);
        expect(inbox).to.equal(`{"mailbox":"inbox","packet":${first}}`);
        expect(outbox).to.equal(`{"mailbox":"outbox","packet":${first}}`);
    });

    it('serialises a value again when it can change: not frozen, or frozen around a mutable part', function () {
        const mutable: Record<string, unknown> = { a: 1 };
        expect(toCanonicalJson(mutable)).to.equal('{"a":1}');
        mutable.a = 2;
        expect(toCanonicalJson(mutable)).to.equal('{"a":2}');
        const inner = { b: 1 };
        const shell = Object.freeze({ inner });
        expect(toCanonicalJson(shell)).to.equal('{"inner":{"b":1}}');
        inner.b = 2;
        expect(toCanonicalJson(shell)).to.equal('{"inner":{"b":2}}');
    });

    it('refuses what has no JSON form as the package does', function () {
        expect(() => toCanonicalJson(undefined)).to.throw(TypeError);
        expect(() => toCanonicalJson(Number.NaN)).to.throw('NaN is not allowed');
        expect(() => toCanonicalJson({ a: Number.POSITIVE_INFINITY })).to.throw('Infinity is not allowed');
    });
});
