import { LIMITS } from '@spindle/chaincode/protocol';

/**
 * Step 5's time window, judged by the receiving machine against its own clock (the chaincode
 * judges the same window against the transaction timestamp, which the sender chooses): a packet
 * older than `LIMITS.packetMaxAgeMs` or more than `LIMITS.packetMaxSkewMs` ahead is illegal.
 * Returns why the packet is out of the window, or undefined when it is within it.
 */
export function packetTimeProblem(packetTimestamp: string, now: Date): string | undefined {
    const sentMs = Date.parse(packetTimestamp);
    if (Number.isNaN(sentMs)) {
        return `the packet's timestamp ${packetTimestamp} is not a time`;
    }
    const ageMs = now.getTime() - sentMs;
    if (ageMs > LIMITS.packetMaxAgeMs) {
        return `the packet is ${Math.round(ageMs / 1000)} s old by the receiver's clock, over ${LIMITS.packetMaxAgeMs / 1000} s`;
    }
    if (-ageMs > LIMITS.packetMaxSkewMs) {
        return `the packet is ${Math.round(-ageMs / 1000)} s ahead of the receiver's clock, over ${LIMITS.packetMaxSkewMs / 1000} s`;
    }
    return undefined;
}
