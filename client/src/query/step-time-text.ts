import type { QueryStep } from './query-flow';

/** `+412 ms`, or `+388 ms, responder's clock` for a time the responder's records carry. */
export function stepTimeText(step: QueryStep): string {
    return `+${step.atMs} ms${step.clock === 'responder' ? ", responder's clock" : ''}`;
}
