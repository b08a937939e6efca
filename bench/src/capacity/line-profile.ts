import type { MachineType } from '@spindle/chaincode/protocol';

/** The traffic one machine of a type makes, on average. */
export interface MachineTraffic {
    /** Machines of this type in a line of {@link LINE_MACHINES}, the mix the bench grows. */
    perLine: number;
    /** One upload of aggregated readings every this many seconds (jittered). */
    uploadEverySeconds: number;
    /** Plaintext bytes of one upload: the readings aggregated since the last one. */
    uploadBytes: number;
    /** Orders (downloads: lot changes, parameter settings) the machine receives per hour. */
    ordersPerHour: number;
    /** 9-step queries the machine asks its upstream machine per hour. */
    queriesPerHour: number;
    /** Registry reads (a machine's record or keys) per hour. */
    registryReadsPerHour: number;
}

/** The machine types of the profile, in process order: material flows from the first to the last. */
export const LINE_TYPES = ['blow-room', 'carding', 'drawing', 'lap-former', 'comber', 'winder'] as const;

/** A machine type of the profile. */
export type LineType = (typeof LINE_TYPES)[number] & MachineType;

/**
 * A spinning line's preparation and winding, by machine type. The rates are estimates, not
 * measurements of a mill: no vendor publishes the polling intervals of its mill monitoring.
 * What they rest on (see README, "Capacity"):
 *
 * - Mill information systems (Rieter SPIDERweb, Trützschler T-DATA / My Mill, Uster Quantum
 *   Expert for winders' clearers) collect sensor data at the machine, condense it there and
 *   pass it up to the supervisor's workstation as near-real-time production and quality figures
 *   (The Rieter Manual of Spinning, "Structure of mill information systems"). So a machine
 *   uploads aggregates, not every sample.
 * - OPC UA (OPC 10000-4, subscriptions) samples and publishes process values at intervals from
 *   100 ms to a few seconds; Spindle's device agent records at a 100 ms publishing interval and
 *   an upload carries the aggregate of the last seconds: every 5 s for the machines whose
 *   autolevellers and clearers change the sliver or yarn from second to second (cards, draw
 *   frames, winders), every 10 to 15 s for the slower blow room, lap former and comber.
 * - Orders (downloads) follow lot changes, doffs and parameter settings: a can at a card or a
 *   draw frame is full every few to tens of minutes, a lap every few minutes but doffed
 *   automatically, a lot change at the blow room a few times a shift: one to six orders an hour.
 * - A machine asks its upstream machine about the material it takes in (quality and history of
 *   the lot, 9 steps) when a new can or lap arrives: a draw frame's, comber's or lap former's
 *   creel of several cans or laps sees one change every few minutes, so about every five minutes
 *   (12 an hour; a card, fed by its chute, 6). The blow room takes bales, not a machine's
 *   output, so it asks nothing. OPC 40444 (OPC UA for Textile Testing
 *   Devices) shows the same pattern for laboratory results: on request, per job.
 * - Registry reads: the machine's agent checks a correspondent's record or keys about once a
 *   minute (a new receiver, a key rotation).
 */
export const LINE_PROFILE: Readonly<Record<LineType, MachineTraffic>> = {
    'blow-room': {
        perLine: 3,
        uploadEverySeconds: 15,
        uploadBytes: 512,
        ordersPerHour: 1,
        queriesPerHour: 0,
        registryReadsPerHour: 60,
    },
    carding: {
        perLine: 8,
        uploadEverySeconds: 5,
        uploadBytes: 1024,
        ordersPerHour: 2,
        queriesPerHour: 6,
        registryReadsPerHour: 60,
    },
    drawing: {
        perLine: 6,
        uploadEverySeconds: 5,
        uploadBytes: 1024,
        ordersPerHour: 4,
        queriesPerHour: 12,
        registryReadsPerHour: 60,
    },
    'lap-former': {
        perLine: 2,
        uploadEverySeconds: 10,
        uploadBytes: 512,
        ordersPerHour: 3,
        queriesPerHour: 12,
        registryReadsPerHour: 60,
    },
    comber: {
        perLine: 6,
        uploadEverySeconds: 10,
        uploadBytes: 768,
        ordersPerHour: 3,
        queriesPerHour: 12,
        registryReadsPerHour: 60,
    },
    winder: {
        perLine: 5,
        uploadEverySeconds: 5,
        uploadBytes: 2048,
        ordersPerHour: 6,
        queriesPerHour: 12,
        registryReadsPerHour: 60,
    },
};

/** Machines in one line of the profile (the sum of `perLine`). */
export const LINE_MACHINES = LINE_TYPES.reduce((sum, type) => sum + LINE_PROFILE[type].perLine, 0);

/**
 * The type of the machine at `index` when machines are added in the line's mix: each block of
 * {@link LINE_MACHINES} holds every type `perLine` times, interleaved so that any prefix of the
 * fleet is close to the mix.
 */
export function lineTypeOf(index: number): LineType {
    const slot = ((index % LINE_MACHINES) + LINE_MACHINES) % LINE_MACHINES;
    return LINE_ORDER[slot] ?? 'carding';
}

/** The line's slots, spread: the type whose share is most behind takes the next slot. */
const LINE_ORDER: readonly LineType[] = (() => {
    const counts = new Map<LineType, number>(LINE_TYPES.map((type) => [type, 0]));
    const order: LineType[] = [];
    for (let slot = 0; slot < LINE_MACHINES; slot += 1) {
        let best: LineType = LINE_TYPES[0];
        let bestLag = Number.NEGATIVE_INFINITY;
        for (const type of LINE_TYPES) {
            const lag = ((slot + 1) * LINE_PROFILE[type].perLine) / LINE_MACHINES - (counts.get(type) ?? 0);
            if (lag > bestLag) {
                best = type;
                bestLag = lag;
            }
        }
        order.push(best);
        counts.set(best, (counts.get(best) ?? 0) + 1);
    }
    return order;
})();

/** The type upstream of a type in the line (whose output it takes in), or undefined for the blow room. */
export function upstreamOf(type: LineType): LineType | undefined {
    const at = LINE_TYPES.indexOf(type);
    return at <= 0 ? undefined : LINE_TYPES[at - 1];
}

/** Mean events per second of each kind that `types` make together, from the profile. */
export function offeredRates(types: readonly LineType[]): Record<TrafficKind, number> {
    const rates: Record<TrafficKind, number> = { upload: 0, order: 0, query: 0, 'registry-read': 0 };
    for (const type of types) {
        const traffic = LINE_PROFILE[type];
        rates.upload += 1 / traffic.uploadEverySeconds;
        rates.order += traffic.ordersPerHour / 3600;
        rates.query += traffic.queriesPerHour / 3600;
        rates['registry-read'] += traffic.registryReadsPerHour / 3600;
    }
    return rates;
}

/** What one arrival of the mix does. */
export type TrafficKind = 'upload' | 'order' | 'query' | 'registry-read';
