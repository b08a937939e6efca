/** The device area's OPC UA ends: machine simulators and the reading source the agent records from. */
export {
    FAULT_VARIABLE,
    MACHINE_VARIABLES,
    SIMULATED_MACHINE_TYPES,
    type CounterVariable,
    type GaugeVariable,
    type SimulatedMachineType,
    type SimulatedVariable,
} from './machine-variables';
export {
    newMachineSignal,
    signalVariables,
    type FaultTuning,
    type MachineSignal,
    type SignalValue,
} from './machine-signal';
export { startMachineSimulator, type MachineSimulatorOptions, type RunningSimulator } from './machine-simulator';
export { simulatorNodeId } from './simulator-node-ids';
export { newSeededRandom, type SeededRandom } from './seeded-random';
export {
    OPCUA_SECURITY_MODES,
    OPCUA_SECURITY_POLICIES,
    loadOpcuaConfig,
    opcuaMachineConfigSchema,
    opcuaReadingNodeSchema,
    parseOpcuaConfig,
    type OpcuaMachineConfig,
} from './opcua-config';
export {
    OpcuaReadingSource,
    type ReadingSourceOptions,
    type ReconnectPolicy,
    type SourceReading,
} from './reading-source';
export { simulatorConfig } from './simulator-config';
