/**
 * What a client needs to reach the network: gateway and connection profiles, TLS server names,
 * and enrolment at the CA a profile names.
 */
export {
    connectionProfile,
    type ConnectionProfile,
    connectionProfileFile,
    type ProfileNode,
    profileOrdererName,
    profilePeerName,
    type ProfilePeerRoles,
} from './connection-profile';
export {
    type GatewayProfile,
    gatewayProfileFile,
    type IdentityFiles,
    nodeTlsServerName,
    readGatewayProfile,
    writeGatewayProfiles,
} from './gateway-profile';
export { enrollAtProfileCa, type ProfileEnrollment, type Registrar, type SpindleRole } from './profile-ca';
export {
    parseSubjectAltNames,
    type SubjectAltNames,
    subjectAltNamesOf,
    tlsServerName,
    tlsServerNameOfFile,
} from './tls-server-name';
