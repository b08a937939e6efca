/**
 * `answer` with its list `key` cut to the longest prefix whose whole JSON fits `maxBytes`, and
 * `truncated` set when anything was cut. The sizes add up exactly: the JSON of the answer with an
 * empty list, plus each kept item's JSON, plus the commas between them.
 */
export function fitToBytes<T extends { truncated: boolean }>(answer: T, key: keyof T, maxBytes: number): T {
    if (byteLength(answer) <= maxBytes) {
        return answer;
    }
    const items = answer[key] as unknown as readonly unknown[];
    let total = byteLength({ ...answer, [key]: [], truncated: true });
    let kept = 0;
    for (const item of items) {
        total += byteLength(item) + (kept === 0 ? 0 : 1);
        if (total > maxBytes) {
            break;
        }
        kept += 1;
    }
    return { ...answer, [key]: items.slice(0, kept), truncated: true };
}

function byteLength(value: unknown): number {
    return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
