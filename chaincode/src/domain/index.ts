/**
 * Spindle's rules, pure: (state, command) -> next state, or a DomainError. No Fabric import, no
 * wall clock, no randomness; times come in as the transaction timestamp.
 */
export {
    assertActiveMachineItself,
    assertMachineItself,
    assertMachineOrMillAdmin,
    assertMachineOrMillStaff,
    assertMillAdmin,
    assertRole,
    isMachineItself,
    isMillEdgeOf,
} from './authorization';
export type { Caller } from './caller';
export { found } from './found';
export * from './communication';
export * from './housekeeping';
export * from './machine';
export * from './material';
export * from './query';
