import { expect } from 'chai';
import { BoundedCache, deepFreeze } from '@spindle/chaincode/protocol';

describe('a bounded memo of a pure function', function () {
    it('answers what the function answers, computing each key once while it is held', function () {
        const cache = new BoundedCache<string, number>(4);
        let computed = 0;
        const length = (text: string) => {
            computed += 1;
            return text.length;
        };
        expect([cache.get('ab', length), cache.get('abc', length), cache.get('ab', length)]).to.deep.equal([2, 3, 2]);
        expect(computed).to.equal(2);
    });

    it('holds at most its capacity, evicting the least recently used entry', function () {
        const cache = new BoundedCache<number, number>(3);
        const computed: number[] = [];
        const square = (n: number) => {
            computed.push(n);
            return n * n;
        };
        for (const n of [1, 2, 3, 1, 4, 5, 1]) {
            cache.get(n, square);
            expect(cache.size).to.be.at.most(3);
        }
        // 1 was used again before 4 came, so 2 went first, then 3; 1 stayed throughout.
        expect(computed).to.deep.equal([1, 2, 3, 4, 5]);
        cache.get(2, square);
        expect(computed).to.deep.equal([1, 2, 3, 4, 5, 2]);
        expect(cache.size).to.equal(3);
    });

    it('keeps nothing for a call that throws, so it throws again', function () {
        const cache = new BoundedCache<string, number>(2);
        let calls = 0;
        const refuse = (): number => {
            calls += 1;
            throw new Error('BAD: no');
        };
        expect(() => cache.get('x', refuse)).to.throw('BAD');
        expect(() => cache.get('x', refuse)).to.throw('BAD');
        expect(calls).to.equal(2);
        expect(cache.size).to.equal(0);
    });

    it('refuses a capacity below one', function () {
        expect(() => new BoundedCache<string, string>(0)).to.throw(RangeError);
    });
});

describe('deepFreeze', function () {
    it('freezes every object and array inside a value, so a shared value cannot be changed', function () {
        const value = deepFreeze({ a: { b: [1, { c: 2 }] }, d: 'e' });
        expect(Object.isFrozen(value)).to.equal(true);
        expect(Object.isFrozen(value.a)).to.equal(true);
        expect(Object.isFrozen(value.a.b)).to.equal(true);
        expect(Object.isFrozen(value.a.b[1])).to.equal(true);
        expect(() => {
            (value.a.b as unknown[]).push(3);
        }).to.throw(TypeError);
    });
});
