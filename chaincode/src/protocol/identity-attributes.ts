/**
 * Certificate attributes fabric-ca issues to Spindle identities. The chaincode reads them from
 * the caller's enrollment certificate and always checks them together with the caller's MSP ID.
 */
export const ROLE_ATTRIBUTE = 'spindle.role';

/** Attribute naming the machine a `machine` identity speaks for. */
export const MACHINE_ATTRIBUTE = 'spindle.machine';

/** The values of {@link ROLE_ATTRIBUTE}: a mill's admin, a machine's agent, a mill's operator. */
export const ROLES = ['admin', 'machine', 'operator'] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];
