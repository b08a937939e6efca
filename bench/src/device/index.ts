/** The bench's device workloads: recording, sealing and proving costs (`npm run bench -- --device`). */
export { DEVICE_WORKLOADS, deviceTable, runDevice } from './device-run';
export { median, msSince, type DeviceBench, type DeviceFigure, type DeviceWorkload } from './device-workload';
export { syntheticReading, syntheticReadings } from './device-readings';
