import type { NetworkContext } from '@spindle/network';

import { broadcast } from './broadcast';
import { processProposal } from './endorser';
import { assembleEnvelope } from './envelope';
import type { AttackerIdentity } from './identities';
import type { HandMadeProposal } from './proposal';
import { type ValidationCodes, validationCodesOnEveryPeer } from './validation-codes';

/**
 * Submits a hand-made proposal the way any client could without Spindle's: asks the chosen
 * mills' honest peers to endorse it, puts their endorsements into an envelope signed by the
 * creator, broadcasts it to an orderer and waits for every peer's validation code.
 *
 * @throws Error ENDORSEMENT_REFUSED naming the peer and its message when one refuses;
 *   ENDORSEMENTS_DIFFER when the peers' response payloads differ.
 */
export async function submitThroughHonestPeers(
    ctx: NetworkContext,
    proposal: HandMadeProposal,
    creator: AttackerIdentity,
    mills: readonly string[],
): Promise<{ codes: ValidationCodes; payload: Uint8Array }> {
    const answers = [];
    for (const mill of mills) {
        const answer = await processProposal(ctx, mill, proposal.signedProposal);
        if (answer.status !== 200 || answer.endorsement === undefined) {
            throw new Error(`ENDORSEMENT_REFUSED: ${mill}'s peer answered ${String(answer.status)}: ${answer.message}`);
        }
        answers.push(answer);
    }
    const [first] = answers;
    if (first === undefined) {
        throw new Error('ENDORSEMENT_REFUSED: no mill asked');
    }
    if (answers.some((answer) => !Buffer.from(answer.responsePayload).equals(Buffer.from(first.responsePayload)))) {
        throw new Error('ENDORSEMENTS_DIFFER: the peers simulated different results');
    }
    const envelope = assembleEnvelope(
        proposal,
        creator,
        first.responsePayload,
        answers.flatMap((answer) => (answer.endorsement === undefined ? [] : [answer.endorsement])),
    );
    const outcome = await broadcast(ctx, mills[0] ?? 'MillA', envelope);
    if (outcome.status !== 'SUCCESS') {
        throw new Error(`BROADCAST_FAILED: the orderer answered ${outcome.status}: ${outcome.info}`);
    }
    return { codes: await validationCodesOnEveryPeer(ctx, proposal.transactionId), payload: first.payload };
}
