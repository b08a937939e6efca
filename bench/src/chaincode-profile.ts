/**
 * `node bench/dist/chaincode-profile.js <dir> [--from <ISO> --to <ISO>] [--count <n>] [--top <n>]`:
 * where each chaincode server spent its CPU, from the profiles a network brought up with
 * `SPINDLE_CHAINCODE_CPU_PROF=<dir>` wrote at `down` (one folder per server). `--from`/`--to` cut
 * the profile to a workload's window (the bench prints it: "send ran from ... to ..."), by the
 * clock file each server wrote at start; `--count` divides busy time by the transactions.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { type NodeCpuProfile, nodeProfileText, summariseNodeProfile } from './node-profile';

function option(name: string): string | undefined {
    const index = process.argv.indexOf(name);
    return index === -1 ? undefined : process.argv[index + 1];
}

interface Clock {
    monotonicMicros: number;
    epochMillis: number;
}

function toMicros(iso: string | undefined, clock: Clock | undefined): number | undefined {
    if (iso === undefined) {
        return undefined;
    }
    if (clock === undefined) {
        throw new Error('PROFILE_CLOCK_MISSING: no clock.<pid>.json beside the profile to cut it by wall time');
    }
    return clock.monotonicMicros + (Date.parse(iso) - clock.epochMillis) * 1000;
}

function main(): void {
    const dir = process.argv[2];
    if (dir === undefined || dir.startsWith('--')) {
        throw new Error('USAGE: chaincode-profile.js <dir> [--from <ISO> --to <ISO>] [--count <n>] [--top <n>]');
    }
    const count = option('--count');
    const top = Number(option('--top') ?? '25');
    for (const server of readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
        const folder = join(dir, server.name);
        const files = readdirSync(folder);
        for (const file of files.filter((name) => name.endsWith('.cpuprofile')).sort()) {
            // Node names it CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile.
            const pid = file.split('.')[3];
            const clockFile = files.find((name) => name === `clock.${pid}.json`);
            const clock =
                clockFile === undefined
                    ? undefined
                    : (JSON.parse(readFileSync(join(folder, clockFile), 'utf8')) as Clock);
            const profile = JSON.parse(readFileSync(join(folder, file), 'utf8')) as NodeCpuProfile;
            const summary = summariseNodeProfile(
                profile,
                { fromMicros: toMicros(option('--from'), clock), toMicros: toMicros(option('--to'), clock) },
                top,
            );
            console.log(`== ${server.name}: ${file}`);
            console.log(
                nodeProfileText(
                    summary,
                    count === undefined ? undefined : { count: Number(count), unit: 'transaction' },
                ),
            );
            console.log('');
        }
    }
}

main();
