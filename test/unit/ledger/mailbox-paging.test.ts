import { expect } from 'chai';
import { LIMITS, mailboxEntrySchema, pageSchema } from '@spindle/chaincode/protocol';

import { machineIdentity } from '../../contract-suite/fixture';
import { SuiteWorld } from '../../contract-suite/suite-world';
import { TX } from '../../contract-suite/transactions';
import { ResultIterator } from '../support/fabric-stub/query-iterators';
import { StubHarness } from '../support/stub-harness';

const mailboxPage = pageSchema(mailboxEntrySchema);
const MESSAGES = 30;
const PAGE_SIZE = 4;

/** Counts the range entries every iterator hands out while `work` runs. */
async function entriesRead<T>(work: () => Promise<T>): Promise<{ result: T; read: number }> {
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const next = ResultIterator.prototype.next;
    let read = 0;
    ResultIterator.prototype.next = function (this: ResultIterator<unknown>) {
        read += 1;
        return next.call(this);
    };
    try {
        return { result: await work(), read };
    } finally {
        ResultIterator.prototype.next = next;
    }
}

describe('listMailbox paging', function () {
    this.timeout(60_000);
    const world = new SuiteWorld(new StubHarness());

    before(async function () {
        await world.activate('carding-a1', 'drawing-b1');
        for (let sent = 0; sent < MESSAGES; sent += 1) {
            await world.send('carding-a1', 'drawing-b1');
        }
    });

    it('reads one page from its bookmark on, not every page before it', async function () {
        const seen: string[] = [];
        const reads: number[] = [];
        let bookmark = '';
        do {
            const { result: page, read } = await entriesRead(() =>
                world.evaluateFor(mailboxPage, machineIdentity('drawing-b1'), TX.communication.listMailbox, [
                    JSON.stringify({ machineId: 'drawing-b1', mailbox: 'inbox', pageSize: PAGE_SIZE, bookmark }),
                ]),
            );
            seen.push(...page.items.map((entry) => entry.messageId));
            reads.push(read);
            bookmark = page.bookmark;
        } while (bookmark !== '');
        expect(seen).to.have.length(MESSAGES);
        expect(new Set(seen).size).to.equal(MESSAGES);
        expect(seen).to.deep.equal([...seen].sort());
        // A page and the one entry that names the next bookmark, or the end of the range.
        expect(Math.max(...reads), `entries read per page: ${reads.join(', ')}`).to.be.at.most(PAGE_SIZE + 1);
    });

    it('answers an empty last page when the bookmark is past every entry', async function () {
        const page = await world.evaluateFor(mailboxPage, machineIdentity('drawing-b1'), TX.communication.listMailbox, [
            JSON.stringify({
                machineId: 'drawing-b1',
                mailbox: 'inbox',
                pageSize: LIMITS.pageSizeMax,
                bookmark: 'f'.repeat(64),
            }),
        ]);
        expect(page).to.deep.equal({ items: [], bookmark: '' });
    });
});
