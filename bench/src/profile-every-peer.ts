import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MillConfig } from '@spindle/network';

import { capturePeerProfile, topCumOf } from './peer-profile';
import { type ProfileSummary, summariseProfile } from './profile-summary';

/** One mill's peer profile in short, or why it could not be taken. */
export interface PeerProfileSummary {
    mill: string;
    summary?: ProfileSummary;
    failure?: string;
}

/**
 * CPU profiles of every mill's peer at once over `seconds`, taken while a workload runs: each
 * raw profile (`<name>-<mill>.pb.gz`) and its whole `go tool pprof -top -cum` (`.txt`, nothing
 * dropped) stay in `dir`; the summaries are answered, a failure as its reason.
 */
export function profileEveryPeer(
    mills: readonly MillConfig[],
    seconds: number,
    dir: string,
    name: string,
): Promise<PeerProfileSummary[]> {
    return Promise.all(
        mills.map(async (mill): Promise<PeerProfileSummary> => {
            try {
                const file = join(dir, `${name}-${mill.name}.pb.gz`);
                await capturePeerProfile(mill.ports.peerProfile, seconds, file);
                const text = await topCumOf(file, 5000, 0);
                writeFileSync(join(dir, `${name}-${mill.name}.txt`), text);
                return { mill: mill.name, summary: summariseProfile(text) };
            } catch (error) {
                return { mill: mill.name, failure: error instanceof Error ? error.message : String(error) };
            }
        }),
    );
}
