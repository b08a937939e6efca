import type { peer } from '@hyperledger/fabric-protos';
import type { NetworkContext } from '@spindle/network';

import { type BroadcastOutcome, broadcast } from './broadcast';
import { chaincodeActionOf, processProposal } from './endorser';
import { assembleEnvelope, endorse, forgeResponsePayload } from './envelope';
import { type AttackerIdentity, millIdentity } from './identities';
import { buildProposal } from './proposal';
import { type RwsetSpec, encodeRwset } from './rwset';
import { type ValidationCodes, validationCodesOnEveryPeer } from './validation-codes';

/** A transaction forged end to end: who signs what, and what it claims to write. */
export interface ForgerySpec {
    /** The creator of the transaction, who signs the envelope. */
    creator: AttackerIdentity;
    /** Whoever "endorses": each signs the forged response payload with its own key. */
    endorsers: AttackerIdentity[];
    /** The rwset the attacker writes itself, in the chaincode's namespace; a function when keys need the transaction ID. */
    rwset: Omit<RwsetSpec, 'namespace'> | ((transactionId: string) => Omit<RwsetSpec, 'namespace'>);
    /** The invocation the proposal names; it never runs. Defaults to `Probe:ping`. */
    args?: string[];
    timestamp?: Date;
    /** The mill whose orderer gets the envelope; MillA's by default. */
    ordererMill?: string;
    /** Runs once the orderer took the envelope, before waiting for the peers (e.g. to time a commit). */
    afterBroadcast?: (transactionId: string) => Promise<void>;
}

/** What became of a forged transaction. */
export interface ForgeryOutcome {
    transactionId: string;
    broadcast: BroadcastOutcome;
    /** The validation code on every peer; empty when the orderer refused it. */
    codes: ValidationCodes;
}

let chaincodeIdTemplate: Promise<peer.ChaincodeID> | undefined;

/**
 * The chaincode ID (name and version) an honest endorser writes into its `ChaincodeAction`,
 * learnt once from an honest answer to `Probe:ping`: the attacker copies what its peer shows it.
 *
 * @throws Error EVALUATE_FAILED when MillA's peer does not answer.
 */
export function honestChaincodeId(ctx: NetworkContext): Promise<peer.ChaincodeID> {
    chaincodeIdTemplate ??= (async () => {
        const answer = await processProposal(
            ctx,
            'MillA',
            buildProposal({
                creator: millIdentity(ctx, 'MillA', 'operator'),
                channel: ctx.config.channel,
                chaincode: ctx.config.chaincode.name,
                args: ['Probe:ping'],
            }).signedProposal,
        );
        const id = chaincodeActionOf(answer.responsePayload).getChaincodeId();
        if (answer.status !== 200 || id === undefined) {
            throw new Error(`EVALUATE_FAILED: MillA's peer answered ${String(answer.status)}: ${answer.message}`);
        }
        return id;
    })();
    return chaincodeIdTemplate;
}

/**
 * Forges a transaction with no chaincode run anywhere: a hand-made proposal, a response payload
 * carrying the attacker's rwset, "endorsements" signed by the keys the attacker holds, and the
 * envelope signed by the creator, broadcast straight to an orderer. When the orderer takes it,
 * waits for every peer's validation code.
 */
export async function forgeAndBroadcast(ctx: NetworkContext, spec: ForgerySpec): Promise<ForgeryOutcome> {
    const proposal = buildProposal({
        creator: spec.creator,
        channel: ctx.config.channel,
        chaincode: ctx.config.chaincode.name,
        args: spec.args ?? ['Probe:ping'],
        ...(spec.timestamp === undefined ? {} : { timestamp: spec.timestamp }),
    });
    const rwset = typeof spec.rwset === 'function' ? spec.rwset(proposal.transactionId) : spec.rwset;
    const { results } = encodeRwset({ namespace: ctx.config.chaincode.name, ...rwset });
    const responsePayload = forgeResponsePayload(proposal, { results, chaincodeId: await honestChaincodeId(ctx) });
    const endorsements = spec.endorsers.map((endorser) => endorse(endorser, responsePayload));
    const envelope = assembleEnvelope(proposal, spec.creator, responsePayload, endorsements);
    const outcome = await broadcast(ctx, spec.ordererMill ?? 'MillA', envelope);
    if (spec.afterBroadcast !== undefined && outcome.status === 'SUCCESS') {
        await spec.afterBroadcast(proposal.transactionId);
    }
    const codes = outcome.status === 'SUCCESS' ? await validationCodesOnEveryPeer(ctx, proposal.transactionId) : {};
    return { transactionId: proposal.transactionId, broadcast: outcome, codes };
}

/**
 * Whether a forgery failed on every peer: refused by the orderer, or committed with a code
 * other than VALID on each peer.
 */
export function failedEverywhere(outcome: ForgeryOutcome): boolean {
    if (outcome.broadcast.status !== 'SUCCESS') {
        return true;
    }
    const codes = Object.values(outcome.codes);
    return codes.length > 0 && codes.every((code) => code !== 'VALID');
}

/** The codes of an outcome in one line, for messages and the table: `MillA ENDORSEMENT_POLICY_FAILURE, ...`. */
export function describeOutcome(outcome: ForgeryOutcome): string {
    if (outcome.broadcast.status !== 'SUCCESS') {
        return `orderer refused: ${outcome.broadcast.status}`;
    }
    const codes = Object.entries(outcome.codes);
    const distinct = new Set(codes.map(([, code]) => code));
    const [only] = distinct;
    return distinct.size === 1 && only !== undefined
        ? `${only} on every peer`
        : codes.map(([mill, code]) => `${mill} ${code}`).join(', ');
}
