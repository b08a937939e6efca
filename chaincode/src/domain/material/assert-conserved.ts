import { DomainError } from '../../protocol';

/**
 * Conservation of a transform: the outputs weigh no more than the inputs consumed, and the loss
 * (waste, noil, moisture) is at most `tolerancePermille` of the inputs. Integer arithmetic only.
 *
 * @throws DomainError CONSERVATION_VIOLATED otherwise.
 */
export function assertConserved(inputGrams: number, outputGrams: number, tolerancePermille: number): void {
    if (outputGrams > inputGrams) {
        throw new DomainError(
            'CONSERVATION_VIOLATED',
            `outputs weigh ${outputGrams} g, more than the ${inputGrams} g consumed`,
        );
    }
    if ((inputGrams - outputGrams) * 1000 > inputGrams * tolerancePermille) {
        throw new DomainError(
            'CONSERVATION_VIOLATED',
            `${inputGrams - outputGrams} g of ${inputGrams} g lost, more than the stated ${tolerancePermille} permille`,
        );
    }
}
