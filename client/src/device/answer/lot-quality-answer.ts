import { DomainError, type LotQualityAnswer, type LotRecord, type TransformRecord } from '@spindle/chaincode/protocol';

/**
 * The answer to `lot-quality` from a lot record and the transform that produced it: what the lot
 * is now, what went into it, and the quality the transform recorded. Pure.
 *
 * @throws DomainError NOT_FOUND when machine `machineId` did not produce the lot (another
 *   machine's lot, or a bale, which no machine produced); INVALID_ARGUMENT when `transform` is
 *   not the lot's `producedBy`.
 */
export function lotQualityAnswer(
    machineId: string,
    lot: LotRecord,
    transform: TransformRecord | undefined,
    answeredAt: Date,
): LotQualityAnswer {
    if (lot.machineId !== machineId || lot.producedBy === undefined || transform === undefined) {
        throw new DomainError('NOT_FOUND', `lot ${lot.lotId} was not produced by machine ${machineId}`);
    }
    if (transform.transformId !== lot.producedBy || transform.machineId !== machineId) {
        throw new DomainError(
            'INVALID_ARGUMENT',
            `transform ${transform.transformId} did not produce lot ${lot.lotId} on ${machineId}`,
        );
    }
    return {
        kind: 'lot-quality',
        machineId,
        answeredAt: answeredAt.toISOString(),
        lotId: lot.lotId,
        form: lot.form,
        quantityGrams: lot.quantityGrams,
        remainingGrams: lot.remainingGrams,
        status: lot.status,
        transformId: transform.transformId,
        processStep: transform.processStep,
        recordedAt: transform.recordedAt,
        inputs: transform.inputs.map((input) => ({ lotId: input.lotId, quantityGrams: input.quantityGrams })),
        tolerancePermille: transform.tolerancePermille,
        quality: { ...transform.quality },
    };
}
