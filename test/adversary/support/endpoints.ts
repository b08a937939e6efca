import { readFileSync } from 'node:fs';

import * as grpc from '@grpc/grpc-js';
import { common, orderer, peer } from '@hyperledger/fabric-protos';
import { type NetworkContext, endpoint as millEndpoint, nodeTlsServerName } from '@spindle/network';

import { millNamed } from './identities';

/** A protobuf message as the generated classes of every fabric-protos copy shape it. */
interface Serializable {
    serializeBinary(): Uint8Array;
}

/**
 * The generated clients of @hyperledger/fabric-protos check `instanceof` against their own
 * copy's classes, and the gateway SDK loads other copies that share google-protobuf's global
 * namespace; so the adversary declares the two methods it calls with plain serializers.
 */
const SERVICES = {
    endorser: {
        processProposal: {
            path: '/protos.Endorser/ProcessProposal',
            requestStream: false,
            responseStream: false,
            requestSerialize: (message: Serializable) => Buffer.from(message.serializeBinary()),
            requestDeserialize: (bytes: Buffer) => peer.SignedProposal.deserializeBinary(bytes),
            responseSerialize: (message: Serializable) => Buffer.from(message.serializeBinary()),
            responseDeserialize: (bytes: Buffer) => peer.ProposalResponse.deserializeBinary(bytes),
        },
    },
    atomicBroadcast: {
        broadcast: {
            path: '/orderer.AtomicBroadcast/Broadcast',
            requestStream: true,
            responseStream: true,
            requestSerialize: (message: Serializable) => Buffer.from(message.serializeBinary()),
            requestDeserialize: (bytes: Buffer) => common.Envelope.deserializeBinary(bytes),
            responseSerialize: (message: Serializable) => Buffer.from(message.serializeBinary()),
            responseDeserialize: (bytes: Buffer) => orderer.BroadcastResponse.deserializeBinary(bytes),
        },
    },
} as const;

/** A client of a peer's Endorser service. */
export interface EndorserClient extends grpc.Client {
    processProposal(
        request: Serializable,
        options: grpc.CallOptions,
        callback: (error: grpc.ServiceError | null, response?: peer.ProposalResponse) => void,
    ): grpc.ClientUnaryCall;
}

/** A client of an orderer's AtomicBroadcast service. */
export interface BroadcastClient extends grpc.Client {
    broadcast(): grpc.ClientDuplexStream<Serializable, orderer.BroadcastResponse>;
}

/**
 * A node's address, TLS credentials and channel options: the certificate is checked against the
 * name the node's own TLS certificate carries, as the client's profiles do (never an IP address
 * as the TLS server name).
 */
function endpoint(
    ctx: NetworkContext,
    millName: string,
    node: 'peer' | 'orderer',
): [string, grpc.ChannelCredentials, grpc.ChannelOptions] {
    const mill = millNamed(ctx, millName);
    const tls = ctx.folders(mill)[node].tls;
    return [
        millEndpoint(mill.host, mill.ports[node]),
        grpc.credentials.createSsl(readFileSync(tls.ca)),
        { 'grpc.ssl_target_name_override': nodeTlsServerName(ctx, mill, node) },
    ];
}

const EndorserConstructor = grpc.makeGenericClientConstructor(SERVICES.endorser, 'Endorser');
const BroadcastConstructor = grpc.makeGenericClientConstructor(SERVICES.atomicBroadcast, 'AtomicBroadcast');

/** A gRPC client of a mill's peer's Endorser service, over TLS. Close it when done. */
export function endorserClient(ctx: NetworkContext, millName: string): EndorserClient {
    return new EndorserConstructor(...endpoint(ctx, millName, 'peer')) as unknown as EndorserClient;
}

/** A gRPC client of a mill's orderer's AtomicBroadcast service, over TLS. Close it when done. */
export function broadcastClient(ctx: NetworkContext, millName: string): BroadcastClient {
    return new BroadcastConstructor(...endpoint(ctx, millName, 'orderer')) as unknown as BroadcastClient;
}

/** The mills of the network, by name, in the configured order. */
export function millNames(ctx: NetworkContext): string[] {
    return ctx.config.mills.map((mill) => mill.name);
}
