import { readFileSync } from 'node:fs';

import * as grpc from '@grpc/grpc-js';
import { orderer, peer } from '@hyperledger/fabric-protos';
import type { NetworkContext } from '@spindle/network';

import { millNamed } from './identities';

/** A node's gRPC address and the TLS CA that signed its server certificate. */
interface Endpoint {
    address: string;
    credentials: grpc.ChannelCredentials;
}

function endpoint(ctx: NetworkContext, millName: string, node: 'peer' | 'orderer'): Endpoint {
    const mill = millNamed(ctx, millName);
    const tls = ctx.folders(mill)[node].tls;
    return {
        address: `127.0.0.1:${String(mill.ports[node])}`,
        credentials: grpc.credentials.createSsl(readFileSync(tls.ca)),
    };
}

/** A gRPC client of a mill's peer's Endorser service, over TLS. Close it when done. */
export function endorserClient(ctx: NetworkContext, millName: string): peer.EndorserClient {
    const { address, credentials } = endpoint(ctx, millName, 'peer');
    return new peer.EndorserClient(address, credentials);
}

/** A gRPC client of a mill's orderer's AtomicBroadcast service, over TLS. Close it when done. */
export function broadcastClient(ctx: NetworkContext, millName: string): orderer.AtomicBroadcastClient {
    const { address, credentials } = endpoint(ctx, millName, 'orderer');
    return new orderer.AtomicBroadcastClient(address, credentials);
}

/** The mills of the network, by name, in the configured order. */
export function millNames(ctx: NetworkContext): string[] {
    return ctx.config.mills.map((mill) => mill.name);
}
