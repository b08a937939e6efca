import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The ledger folders of a peer whose size the soak follows. */
export const LEDGER_FOLDERS = ['stateLeveldb', 'historyLeveldb', 'pvtdataStore', 'chains'] as const;

/** A ledger folder's name. */
export type LedgerFolder = (typeof LEDGER_FOLDERS)[number];

/** One peer's disk and memory at a moment. */
export interface PeerFootprint {
    mill: string;
    /** Bytes on disk of each ledger folder. */
    folderBytes: Record<LedgerFolder, number>;
    /** Resident memory of the peer process, bytes (0 when it is gone). */
    peerRssBytes: number;
    /** Resident memory of the mill's chaincode server, bytes (0 when it is gone). */
    chaincodeRssBytes: number;
}

/** The peer's `ledgersData` folder under the run folder (as the network tool lays it out). */
export function ledgersDataOf(runDir: string, millKey: string): string {
    return join(runDir, 'organizations', millKey, 'peer', 'data', 'ledgersData');
}

/**
 * A peer's footprint: its ledger folders' sizes and the RSS of the PIDs the network tool recorded
 * for its peer and chaincode server (`run/pids/<mill>-peer.json`, `<mill>-chaincode.json`).
 */
export function peerFootprint(runDir: string, millKey: string): PeerFootprint {
    const ledgers = ledgersDataOf(runDir, millKey);
    const folderBytes = Object.fromEntries(
        LEDGER_FOLDERS.map((folder) => [folder, bytesUnder(join(ledgers, folder))]),
    ) as Record<LedgerFolder, number>;
    return {
        mill: millKey,
        folderBytes,
        peerRssBytes: rssOf(recordedPid(runDir, `${millKey}-peer`)),
        chaincodeRssBytes: rssOf(recordedPid(runDir, `${millKey}-chaincode`)),
    };
}

/** Bytes of every file under a folder; 0 when it does not exist. */
export function bytesUnder(path: string): number {
    try {
        const stat = statSync(path);
        if (!stat.isDirectory()) {
            return stat.size;
        }
    } catch {
        return 0;
    }
    return readdirSync(path).reduce((sum, name) => sum + bytesUnder(join(path, name)), 0);
}

function recordedPid(runDir: string, name: string): number | undefined {
    try {
        const record: unknown = JSON.parse(readFileSync(join(runDir, 'pids', `${name}.json`), 'utf8'));
        return typeof record === 'object' && record !== null && 'pid' in record && typeof record.pid === 'number'
            ? record.pid
            : undefined;
    } catch {
        return undefined;
    }
}

/** VmRSS of a process in bytes, from /proc; 0 when it is gone. */
export function rssOf(pid: number | undefined): number {
    if (pid === undefined) {
        return 0;
    }
    try {
        const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
        return kilobytes === undefined ? 0 : Number(kilobytes) * 1024;
    } catch {
        return 0;
    }
}
