import type { NewReading } from '@spindle/client/dist/device/history';

/** Reading `i` of a steady synthetic lap former: lap weight and CV alternately, one every 100 ms. */
export function syntheticReading(i: number): NewReading {
    return {
        variable: i % 2 === 0 ? 'lapWeight' : 'cv',
        value: 60 + (i % 100) / 10,
        unit: i % 2 === 0 ? 'g/m' : '%',
        sourceTimestamp: new Date(Date.UTC(2026, 11, 2) + i * 100).toISOString(),
    };
}

/** `count` synthetic readings from number `from`. */
export function syntheticReadings(from: number, count: number): NewReading[] {
    return Array.from({ length: count }, (_, i) => syntheticReading(from + i));
}
