/**
 * The mills' certificate authorities and the identities enrolled at them (nodes, admins, machines).
 */
export { caName, caProcessName, caUrl, type Registration, startCa } from './ca';
export {
    type EnrolledIdentity,
    enrollIdentity,
    issueMillIdentities,
    MACHINE_ATTRIBUTE,
    ROLE_ATTRIBUTE,
} from './identities';
