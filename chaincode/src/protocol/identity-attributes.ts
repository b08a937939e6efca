/**
 * Certificate attributes fabric-ca issues to Spindle identities. The chaincode reads them from
 * the caller's enrollment certificate and always checks them together with the caller's MSP ID.
 */
export const ROLE_ATTRIBUTE = 'spindle.role';

/** Attribute naming the machine a `machine` identity speaks for. */
export const MACHINE_ATTRIBUTE = 'spindle.machine';

/**
 * The values of {@link ROLE_ATTRIBUTE}: a mill's admin, a machine's agent, a mill's operator, and
 * (release 1.4) a mill's edge box, which may deliver batches of its own mill's machines' packets,
 * each signed by its machine (`Communication:sendBatch`), and nothing else.
 */
export const ROLES = ['admin', 'machine', 'operator', 'edge'] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];
