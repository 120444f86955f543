/**
 * The JSON wire format of the bridge (spec §8.4, SPEC-FUT-BRG-03): the
 * client's zod schemas type hashes as `Uint8Array`; over HTTP every HoloHash
 * travels as its base64url text with the `u` prefix (`encodeHashToBase64`,
 * e.g. `uhCkk…` for an action hash). `fromWire` decodes a request body
 * guided by the client's schema (only where the schema expects bytes), and
 * `toWire` encodes a client result for JSON. `jsonSchemaOf` renders a
 * client schema as the OpenAPI 3.0 schema of its wire form.
 */
import { decodeHashFromBase64, encodeHashToBase64 } from "@holochain/client";
import { z } from "zod";

/** A request the wire format refuses (a hash that is not HoloHash base64): answered 400. */
export class WireError extends Error {}

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType; in?: z.ZodType; options?: z.ZodType[] };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * Decodes `value` (parsed JSON, or query-string values when `coerce`) into
 * what `schema` parses: wherever the schema expects bytes (`z.custom`, the
 * HoloHash schemas), a string is decoded from HoloHash base64; with
 * `coerce`, a string where the schema expects a number becomes that number.
 * Everything else passes unchanged: the schema itself checks it next.
 * Throws `WireError` naming the path of a hash that does not decode.
 */
export function fromWire(schema: z.ZodType, value: unknown, coerce = false, path: string[] = []): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case "custom":
      if (typeof value !== "string") return value;
      try {
        return decodeHashFromBase64(value);
      } catch {
        throw new WireError(`${path.join(".") || "(value)"}: not a HoloHash in base64 (expected "u…")`);
      }
    case "object": {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        if (key in out) out[key] = fromWire(field, out[key], coerce, [...path, key]);
      }
      return out;
    }
    case "array":
      return Array.isArray(value) ? value.map((v, i) => fromWire(def.element!, v, coerce, [...path, String(i)])) : value;
    case "nullable":
      return value === null ? null : fromWire(def.innerType!, value, coerce, path);
    case "optional":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
      return value === undefined ? undefined : fromWire(def.innerType!, value, coerce, path);
    case "pipe":
      return fromWire(def.in!, value, coerce, path);
    case "number":
    case "int":
      return coerce && typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)) ? Number(value) : value;
    default:
      return value;
  }
}

/**
 * Encodes a client result for JSON: a 39-byte HoloHash becomes its base64
 * text (`u…`), any other byte array (a signature) base64url with the same
 * `u` prefix; an `EntryRecord`'s raw Holochain `record` is left out (its
 * decoded `entry`, hashes and timestamp stay). Timestamps stay numbers
 * (µs since the epoch).
 */
export function toWire(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    return value.length === 39 ? encodeHashToBase64(value) : `u${Buffer.from(value).toString("base64url")}`;
  }
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === "object") {
    const isEntryRecord = "actionHash" in value && "entry" in value && "record" in value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (isEntryRecord && k === "record") continue;
      if (v !== undefined) out[k] = toWire(v);
    }
    return out;
  }
  return value;
}

/** The OpenAPI text of a HoloHash on the wire. */
export const HASH_DESCRIPTION = "HoloHash, base64url with the `u` prefix (encodeHashToBase64), e.g. uhCkk… for an action hash";

/**
 * The OpenAPI 3.0 schema of `schema`'s wire form: `io` "input" for a request
 * (defaults applied by the schema are optional), "output" for a response.
 * Byte fields render as strings (`HASH_DESCRIPTION`); a transform renders
 * as any value (the bridge documents results with `entryRecordOf` instead).
 */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output" = "input"): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    target: "openapi-3.0",
    io,
    unrepresentable: "any",
    override: (ctx) => {
      if (defOf(ctx.zodSchema as unknown as z.ZodType).type === "custom") {
        ctx.jsonSchema.type = "string";
        ctx.jsonSchema.description = HASH_DESCRIPTION;
      }
    },
  }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/** A HoloHash on the wire, for the bridge's own response schemas (documentation only). */
export const WireHash = z.string().describe(HASH_DESCRIPTION);

/**
 * The wire form of the client's `EntryRecord<T>` (what `toWire` makes of
 * it): `actionHash` (this revision), `author`, `timestamp` (µs since the
 * epoch), `actionType` ("Create"/"Update"), and the decoded `entry`.
 */
export function entryRecordOf<T extends z.ZodType>(entry: T) {
  return z.object({ actionHash: WireHash, author: WireHash, timestamp: z.number().int(), actionType: z.string(), entry });
}
