import type { ServiceError } from '@grpc/grpc-js';
import { GatewayError, type Status, StatusCode, type Transaction } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';

import { type RetrySleep, commitSigned, isRetryableEndorsementFailure, onRetrySleep, retrying } from '@spindle/client';

const UNAVAILABLE = 14;
const FAILED_PRECONDITION = 9;

function gatewayError(code: number, message = 'failed'): GatewayError {
    return new GatewayError({ code, details: [], cause: {} as ServiceError, message });
}

/** Listens to retry waits while `work` runs. */
async function sleepsDuring(work: () => Promise<unknown>): Promise<RetrySleep[]> {
    const sleeps: RetrySleep[] = [];
    const stop = onRetrySleep((sleep) => sleeps.push(sleep));
    try {
        await work();
    } finally {
        stop();
    }
    return sleeps;
}

describe('retry waits', function () {
    it('tells listeners of each wait for an endorsement plan that discovery could not derive yet', async function () {
        let calls = 0;
        const sleeps = await sleepsDuring(() =>
            retrying(() => {
                calls += 1;
                return calls < 3
                    ? Promise.reject(gatewayError(FAILED_PRECONDITION, 'no combination of peers can be derived'))
                    : Promise.resolve('endorsed');
            }, isRetryableEndorsementFailure),
        );
        expect(sleeps.map((sleep) => [sleep.reason, sleep.attempt])).to.deep.equal([
            ['ENDORSEMENT', 1],
            ['ENDORSEMENT', 2],
        ]);
    });

    it('tells listeners of each wait before the same signed transaction is sent again', async function () {
        let submits = 0;
        const status: Status = { blockNumber: 3n, code: StatusCode.VALID, successful: true, transactionId: 'tx-1' };
        const transaction = {
            getTransactionId: () => 'tx-1',
            submit: () => {
                submits += 1;
                return submits === 1
                    ? Promise.reject(gatewayError(UNAVAILABLE))
                    : Promise.resolve({ getStatus: () => Promise.resolve(status) });
            },
        } as unknown as Transaction;
        const sleeps = await sleepsDuring(() =>
            commitSigned(transaction, { commitWaitMs: 50, orderingBudgetMs: 5_000 }),
        );
        expect(sleeps.map((sleep) => sleep.reason)).to.deep.equal(['ORDERING']);
        expect(sleeps[0]?.cause).to.be.instanceOf(GatewayError);
    });

    it('stops telling a listener once it stopped listening', async function () {
        const heard: RetrySleep[] = [];
        onRetrySleep((sleep) => heard.push(sleep))();
        let calls = 0;
        const sleeps = await sleepsDuring(() =>
            retrying(() => {
                calls += 1;
                return calls < 2 ? Promise.reject(gatewayError(UNAVAILABLE)) : Promise.resolve('endorsed');
            }, isRetryableEndorsementFailure),
        );
        expect(sleeps).to.have.length(1);
        expect(heard).to.deep.equal([]);
    });
});
