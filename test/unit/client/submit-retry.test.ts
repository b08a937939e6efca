import type { ServiceError } from '@grpc/grpc-js';
import { GatewayError, type Status, StatusCode, type Transaction } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';

import { SpindleError, commitSigned, decideAfterCommit, isLostPeer, isTransientOrderingFailure } from '@spindle/client';

function gatewayError(code: number, message = 'failed'): GatewayError {
    return new GatewayError({ code, details: [], cause: {} as ServiceError, message });
}

const UNAVAILABLE = 14;
const DEADLINE_EXCEEDED = 4;
const ABORTED = 10;

/** A signed transaction whose submits and status waits fail as scripted, then succeed. */
function scriptedTransaction(failures: { submit?: GatewayError[]; status?: GatewayError[]; codes?: Status['code'][] }) {
    const submitFailures = [...(failures.submit ?? [])];
    const statusFailures = [...(failures.status ?? [])];
    const codes = [...(failures.codes ?? [])];
    const submitted: string[] = [];
    const transaction = {
        getTransactionId: () => 'tx-1',
        submit: () => {
            submitted.push('tx-1');
            const failure = submitFailures.shift();
            if (failure) {
                return Promise.reject(failure);
            }
            return Promise.resolve({
                getStatus: () => {
                    const late = statusFailures.shift();
                    if (late) {
                        return Promise.reject(late);
                    }
                    const code = codes.shift() ?? StatusCode.VALID;
                    const status: Status = {
                        blockNumber: 7n,
                        code,
                        successful: code === StatusCode.VALID,
                        transactionId: 'tx-1',
                    };
                    return Promise.resolve(status);
                },
            });
        },
    } as unknown as Transaction;
    return { transaction, submitted };
}

const QUICK = { commitWaitMs: 50, orderingBudgetMs: 10_000 };

describe('resubmitting the same signed transaction', function () {
    it('treats unreachable orderers and missed deadlines as transient', function () {
        expect(isTransientOrderingFailure(gatewayError(UNAVAILABLE))).to.equal(true);
        expect(isTransientOrderingFailure(gatewayError(DEADLINE_EXCEEDED))).to.equal(true);
    });

    it('does not repeat an orderer refusal or a non-gateway error', function () {
        expect(isTransientOrderingFailure(gatewayError(ABORTED, 'status=BAD_REQUEST'))).to.equal(false);
        expect(isTransientOrderingFailure(new Error('UNAVAILABLE'))).to.equal(false);
    });

    it('tells a lost peer, which an agent waits out, from a refusal, which it must not', function () {
        expect(isLostPeer(gatewayError(UNAVAILABLE, 'Connection dropped'))).to.equal(true);
        expect(isLostPeer(new SpindleError('UNAVAILABLE', 'peer gone'))).to.equal(true);
        expect(isLostPeer(new SpindleError('TIMEOUT', 'no answer'))).to.equal(true);
        expect(isLostPeer(new SpindleError('RECEIVER_UNKNOWN', 'no such machine'))).to.equal(false);
        expect(isLostPeer(gatewayError(ABORTED))).to.equal(false);
    });

    it('commits a valid status, endorses an MVCC conflict again, and fails everything else', function () {
        expect(decideAfterCommit(StatusCode.VALID, 1, 5)).to.equal('COMMITTED');
        expect(decideAfterCommit(StatusCode.MVCC_READ_CONFLICT, 1, 5)).to.equal('ENDORSE_AGAIN');
        expect(decideAfterCommit(StatusCode.PHANTOM_READ_CONFLICT, 4, 5)).to.equal('ENDORSE_AGAIN');
        expect(decideAfterCommit(StatusCode.MVCC_READ_CONFLICT, 5, 5)).to.equal('FAILED');
        expect(decideAfterCommit(StatusCode.ENDORSEMENT_POLICY_FAILURE, 1, 5)).to.equal('FAILED');
        expect(decideAfterCommit(StatusCode.DUPLICATE_TXID, 1, 5)).to.equal('FAILED');
    });

    it('sends the same transaction again after the orderers were unavailable', async function () {
        const { transaction, submitted } = scriptedTransaction({ submit: [gatewayError(UNAVAILABLE)] });
        const resent: string[] = [];
        const status = await commitSigned(transaction, QUICK, (transactionId) => resent.push(transactionId));
        expect(status.transactionId).to.equal('tx-1');
        expect(submitted).to.deep.equal(['tx-1', 'tx-1']);
        expect(resent).to.deep.equal(['tx-1']);
    });

    it('sends the same transaction again when its commit status is late', async function () {
        const { transaction, submitted } = scriptedTransaction({ status: [gatewayError(DEADLINE_EXCEEDED)] });
        const status = await commitSigned(transaction, QUICK);
        expect(status.successful).to.equal(true);
        expect(submitted).to.have.length(2);
    });

    it("asks again when a status describes the transaction's duplicate copy, and gets the first copy's", async function () {
        const { transaction, submitted } = scriptedTransaction({ codes: [StatusCode.DUPLICATE_TXID] });
        const status = await commitSigned(transaction, QUICK);
        expect(status.code).to.equal(StatusCode.VALID);
        expect(submitted, 'sent once').to.have.length(1);
    });

    it('gives up with the transaction ID once the budget is spent', async function () {
        const { transaction, submitted } = scriptedTransaction({
            submit: Array.from({ length: 50 }, () => gatewayError(UNAVAILABLE)),
        });
        const error: unknown = await commitSigned(transaction, { commitWaitMs: 50, orderingBudgetMs: 100 }).catch(
            (caught: unknown) => caught,
        );
        expect(error).to.be.instanceOf(SpindleError);
        expect((error as SpindleError).code).to.equal('UNAVAILABLE');
        expect((error as SpindleError).transactionId).to.equal('tx-1');
        expect(submitted.length).to.be.greaterThan(1).and.lessThan(5);
    });

    it('does not send again after an orderer refused the transaction', async function () {
        const { transaction, submitted } = scriptedTransaction({ submit: [gatewayError(ABORTED)] });
        const error: unknown = await commitSigned(transaction, QUICK).catch((caught: unknown) => caught);
        expect(error).to.be.instanceOf(SpindleError);
        expect(submitted).to.have.length(1);
    });
});
