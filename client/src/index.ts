/** The Spindle client library. */
export { connectGateway, type ConnectionOptions, type GatewayConnection } from './gateway-connection';
