/** The machine types the simulator serves: the ones issue 13 names, in the order of the spinning flow. */
export const SIMULATED_MACHINE_TYPES = ['blow-room', 'carding', 'drawing', 'lap-former', 'comber', 'winder'] as const;

/** A machine type the simulator serves. */
export type SimulatedMachineType = (typeof SIMULATED_MACHINE_TYPES)[number];

/**
 * A quality or process value that wanders around a typical figure: Gaussian noise each tick on a
 * slow bounded drift, clamped to [min, max], shifted by `faultShift` while the machine's fault
 * flag is set, rounded to `decimals`.
 */
export interface GaugeVariable {
    readonly kind: 'gauge';
    readonly variable: string;
    readonly unit: string;
    readonly typical: number;
    readonly min: number;
    readonly max: number;
    /** Standard deviation of the tick-to-tick noise. */
    readonly noise: number;
    /** The largest the slow drift wanders from `typical`, either way. */
    readonly drift: number;
    readonly faultShift: number;
    readonly decimals: number;
}

/** A counter that goes up by one with `perTick` probability each tick (e.g. full packages doffed). */
export interface CounterVariable {
    readonly kind: 'counter';
    readonly variable: string;
    readonly unit: string;
    readonly perTick: number;
}

/** One variable a simulated machine serves. */
export type SimulatedVariable = GaugeVariable | CounterVariable;

/** The fault flag every simulated machine serves: 1 while faulted, else 0. */
export const FAULT_VARIABLE = 'fault';

const gauge = (
    variable: string,
    unit: string,
    [min, typical, max]: readonly [number, number, number],
    decimals: number,
    faultShift: number,
): GaugeVariable => {
    const span = max - min;
    return {
        kind: 'gauge',
        variable,
        unit,
        typical,
        min,
        max,
        noise: span / 40,
        drift: span / 6,
        faultShift,
        decimals,
    };
};

/**
 * What each simulated machine type serves, with [min, typical, max] figures from textbooks and
 * manufacturers' data (the comment on each line says where from). The ranges are for cotton
 * processed to medium counts (Ne 20-40), the paper's ring-spun line.
 */
export const MACHINE_VARIABLES: Readonly<Record<SimulatedMachineType, readonly SimulatedVariable[]>> = {
    'blow-room': [
        // Blow-room line throughput 600-1,000 kg/h (Rieter UNIfloc/UNIclean and Truetzschler BO-A/CL-C line data, up to ~1,500 kg/h).
        gauge('productionRate', 'kg/h', [600, 800, 1000], 1, -150),
        // Trash left in the cleaned tufts 0.8-1.6 % from 2-4 % in bale cotton at 50-65 % cleaning efficiency (Klein, The Rieter Manual of Spinning vol. 2).
        gauge('trash', '%', [0.8, 1.2, 1.6], 2, 0.4),
    ],
    carding: [
        // Card delivery speed 120-250 m/min for cotton (Rieter C 70 and Truetzschler TC 19i data, up to 300-400 m/min).
        gauge('deliverySpeed', 'm/min', [120, 180, 250], 1, -40),
        // Card sliver 4-6 ktex, i.e. Ne 0.10-0.14 (Klein, The Rieter Manual of Spinning vol. 2).
        gauge('sliverHank', 'Ne', [0.1, 0.12, 0.14], 4, 0.005),
        // Neps in card sliver 30-120 per gram (Uster Statistics, AFIS card sliver; Lord, Handbook of Yarn Production).
        gauge('nepsPerGram', '1/g', [30, 60, 120], 0, 40),
        // Card sliver mass CV 2.5-4.5 % (Uster Statistics, card sliver CVm).
        gauge('cv', '%', [2.5, 3.2, 4.5], 2, 1),
    ],
    drawing: [
        // Finisher draw frame sliver mass CV 2.0-3.5 % with autoleveller (Uster Statistics, drawn sliver CVm).
        gauge('cv', '%', [2.0, 2.6, 3.5], 2, 0.8),
    ],
    'lap-former': [
        // Comber lap 60-80 g/m (Rieter E 36 OMEGAlap data: laps up to 80 g/m; Klein, The Rieter Manual of Spinning vol. 3).
        gauge('lapWeight', 'g/m', [60, 72, 80], 2, -4),
        // Lap mass CV 0.8-2.0 % (Klein, The Rieter Manual of Spinning vol. 3, lap evenness).
        gauge('cv', '%', [0.8, 1.3, 2.0], 2, 0.6),
    ],
    comber: [
        // Comber speed 350-550 nips/min (Rieter E 86 and Truetzschler TCO 21 data, up to 600 nips/min).
        gauge('nipsPerMinute', 'nips/min', [350, 450, 550], 0, -100),
        // Noil 12-22 % for medium-count combed yarn (Klein, The Rieter Manual of Spinning vol. 3).
        gauge('noil', '%', [12, 17, 22], 2, 3),
    ],
    winder: [
        // 60 winding units, one package of ~2 kg every 30-60 min each: about one doff every 45 s (Schlafhorst Autoconer 6 data).
        { kind: 'counter', variable: 'packageCount', unit: 'packages', perTick: 1 / 45 },
        // Yarn clearer cuts 40-140 per 100 km (Uster Quantum clearing practice; Uster Statistics).
        gauge('cutsPer100km', 'cuts/100km', [40, 80, 140], 1, 40),
    ],
};
