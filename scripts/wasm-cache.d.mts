/** Types of `scripts/wasm-cache.mjs` (compiled zomes shared by this machine's conductors). */
/** The shared cache directory (`.wasm-cache/` at the repository root). */
export declare const WASM_CACHE_DIR: string;
/** Copies the shared compiled zomes into a conductor's data root; call it before the conductor starts. */
export declare function seedWasmCache(conductorDir: string): void;
/** Adds the zomes a conductor compiled to the shared cache. */
export declare function harvestWasmCache(conductorDir: string): void;
