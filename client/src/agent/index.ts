/**
 * The device agent: for its machines it follows the chaincode's events from a durable checkpoint,
 * checks and answers queries with a `QueryAnswerer`, and moves delivered packets into the
 * communication chain. `deviceAnswerer` (answers from a device's recorded history) is imported by
 * its path, `agent/device-answerer`, so that loading the library does not load the history store's
 * LevelDB.
 */
export { AGENT_STEPS, type AgentStep } from './agent-steps';
export { DeviceAgent, type AgentFaults, type DeviceAgentOptions, type QueryAnswerer } from './device-agent';
export { FileCheckpointer } from './file-checkpointer';
export { machineAnswerer } from './machine-answerer';
export { packetTimeProblem } from './packet-freshness';
