import { expect } from 'chai';
import { traceGenealogy, type GenealogySource } from '@spindle/chaincode/domain';
import { toTraceToken, type DomainError, type GenealogyGraph, type TraceQuery } from '@spindle/chaincode/protocol';
import { mergeGenealogyPages } from '@spindle/client';

/**
 * A yarn lot of 100 slivers, each carded from 31 bales that overlap their neighbours' by one:
 * 3,001 bales, 3,102 lots in all, past the 2,000 lots a trace used to stop at.
 */
function wideGenealogy(): { source: GenealogySource; lots: number; reads: () => number } {
    let reads = 0;
    const parents = new Map<string, string[]>();
    parents.set(
        'yarn-1',
        Array.from({ length: 100 }, (_, s) => `sliver-${String(s).padStart(3, '0')}`),
    );
    for (let s = 0; s < 100; s += 1) {
        const bales = Array.from({ length: 31 }, (_, b) => `bale-${String(s * 30 + b).padStart(4, '0')}`);
        parents.set(`sliver-${String(s).padStart(3, '0')}`, bales);
    }
    const source: GenealogySource = {
        lot: (lotId) =>
            Promise.resolve(
                lotId === 'yarn-1' || parents.has(lotId) || lotId.startsWith('bale-')
                    ? {
                          lotId,
                          form: lotId.startsWith('bale-') ? 'bale' : lotId === 'yarn-1' ? 'carded-yarn' : 'sliver',
                          quantityGrams: 1_000,
                          remainingGrams: 0,
                          ownerMspId: 'MillAMSP',
                          status: 'CONSUMED',
                          createdAt: '2026-01-01T00:00:00.000Z',
                          updatedAt: '2026-01-01T00:00:00.000Z',
                      }
                    : undefined,
            ),
        neighbours: (lotId) => {
            reads += 1;
            return Promise.resolve(
                (parents.get(lotId) ?? []).map((parent) => ({ lotId: parent, transformId: `t-${lotId}` })),
            );
        },
    };
    return { source, lots: 1 + 100 + 3_001, reads: () => reads };
}

async function refusal(work: () => Promise<unknown>): Promise<string | undefined> {
    try {
        await work();
    } catch (error) {
        return (error as DomainError).code;
    }
    return undefined;
}

describe('genealogy traces in pages', function () {
    const query: TraceQuery = { lotId: 'yarn-1', direction: 'upstream', maxDepth: 8, pageSize: 100, bookmark: '' };

    it('walks a genealogy of 3,102 lots to its last bale in pages of bounded work', async function () {
        const { source, lots, reads } = wideGenealogy();
        const pages: GenealogyGraph[] = [];
        let bookmark = '';
        do {
            const before = reads();
            const page = await traceGenealogy({ ...query, bookmark }, source);
            expect(page.nodes.length).to.be.at.most(query.pageSize);
            expect(reads() - before).to.be.at.most(query.pageSize + query.maxDepth + 1);
            pages.push(page);
            bookmark = page.bookmark;
        } while (bookmark !== '' && pages.length < 100);
        expect(bookmark).to.equal('');
        const merged = mergeGenealogyPages(pages);
        expect(merged?.nodes).to.have.length(lots);
        expect(merged?.nodes.filter((node) => node.depth === 2)).to.have.length(3_001);
        expect(merged?.edges).to.have.length(100 + 100 * 31);
    });

    it('gives the same lots whatever the page size', async function () {
        const { source } = wideGenealogy();
        const walk = async (pageSize: number) => {
            const pages: GenealogyGraph[] = [];
            let bookmark = '';
            do {
                const page = await traceGenealogy({ ...query, pageSize, bookmark }, source);
                pages.push(page);
                bookmark = page.bookmark;
            } while (bookmark !== '');
            return mergeGenealogyPages(pages)?.nodes.map((node) => node.lotId);
        };
        expect(await walk(7)).to.deep.equal(await walk(100));
    });

    it('refuses a tampered, foreign or made-up continuation token with TRACE_TOKEN_INVALID', async function () {
        const { source } = wideGenealogy();
        const first = await traceGenealogy(query, source);
        const token = first.bookmark;
        expect(token).not.to.equal('');
        const tampered = `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}${token.slice(-1)}`;
        const offPath = toTraceToken({ v: 1, root: 'yarn-1', direction: 'upstream', maxDepth: 8, path: ['bale-9999'] });
        for (const bookmark of [tampered, 'not a token', '12', offPath, 'e30']) {
            expect(await refusal(() => traceGenealogy({ ...query, bookmark }, source)), bookmark).to.equal(
                'TRACE_TOKEN_INVALID',
            );
        }
        expect(await refusal(() => traceGenealogy({ ...query, maxDepth: 3, bookmark: token }, source))).to.equal(
            'TRACE_TOKEN_INVALID',
        );
        expect(
            await refusal(() => traceGenealogy({ ...query, direction: 'downstream', bookmark: token }, source)),
        ).to.equal('TRACE_TOKEN_INVALID');
    });
});
