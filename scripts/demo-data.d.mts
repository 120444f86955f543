/** Types of `scripts/demo-data.mjs` (the demo commons `npm start` seeds); only what TypeScript callers use. */
import type { CreateResourceSpecInput } from "@nondominium/client";
/** Specifications of the demo tool library (created by agent 1). */
export declare const DEMO_SPECS: CreateResourceSpecInput[];
/** Resources of the demo: specification by name, quantity, unit, creating agent (0-based, modulo the agents). */
export declare const DEMO_RESOURCES: { spec: string; quantity: number; unit: string; agent: number }[];
/** Public name for agent `index` (0-based). */
export declare function demoName(index: number): string;
