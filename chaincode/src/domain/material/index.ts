/** Rules of the material blockchain: bales, transforms, conservation and genealogy. */
export { applyTransform } from './apply-transform';
export type { TransformContext, TransformResult } from './apply-transform';
export { assertConserved } from './assert-conserved';
export { createBale } from './create-bale';
export { traceGenealogy } from './trace-genealogy';
export type { GenealogySource, Neighbour } from './trace-genealogy';
