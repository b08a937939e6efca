/** The one well-known type the adversary builds itself; google-protobuf ships no types. */
declare module 'google-protobuf/google/protobuf/timestamp_pb' {
    /** google.protobuf.Timestamp: seconds and nanos since the epoch. */
    export class Timestamp {
        getSeconds(): number;
        setSeconds(value: number): Timestamp;
        getNanos(): number;
        setNanos(value: number): Timestamp;
        serializeBinary(): Uint8Array;
    }
}
