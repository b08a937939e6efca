import type { Context } from 'fabric-contract-api';
import { toCanonicalBytes, type EventName, type EventPayload } from '../protocol';

/** Sets the transaction's chaincode event. Fabric keeps only the last one a transaction sets. */
export function emitEvent<N extends EventName>(ctx: Context, name: N, payload: EventPayload<N>): void {
    ctx.stub.setEvent(name, toCanonicalBytes(payload));
}
