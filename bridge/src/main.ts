/**
 * `tsx bridge/src/main.ts`: runs one bridge from the environment
 * (`config.ts`) until SIGINT/SIGTERM, then closes everything it opened.
 */
import { buildBridge } from "./app.js";
import { configFromEnv } from "./config.js";

const { bridge: config, port, host } = configFromEnv();
const bridge = await buildBridge(config);
const address = await bridge.app.listen({ port, host });
console.log(`[bridge] listening on ${address} (docs: ${address}/docs)`);
let stopping = false;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, async () => {
    if (stopping) process.exit(130);
    stopping = true;
    await bridge.close();
    process.exit(0);
  });
}
