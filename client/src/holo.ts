/**
 * Schemas shared by every zome client: HoloHash shapes, Holochain records,
 * and the decoding of an app entry out of a record.
 */
import { decode } from "@msgpack/msgpack";
import type { AppClient, Record as HcRecord, RoleName } from "@holochain/client";
import { z } from "zod";

/** The three-byte prefixes of the HoloHash types we exchange (holo_hash crate). */
export const HASH_PREFIX = {
  agent: [0x84, 0x20, 0x24],
  entry: [0x84, 0x21, 0x24],
  action: [0x84, 0x29, 0x24],
  dna: [0x84, 0x2d, 0x24],
} as const;

/**
 * A zod schema for a 39-byte HoloHash of the given kind: 3 prefix bytes,
 * 32 bytes of hash, 4 bytes of DHT location.
 */
export function holoHash(kind: keyof typeof HASH_PREFIX) {
  const prefix = HASH_PREFIX[kind];
  return z
    .custom<Uint8Array>((v) => v instanceof Uint8Array, { message: `expected a ${kind} hash (Uint8Array)` })
    .refine((b) => b.length === 39, { message: `${kind} hash must be 39 bytes` })
    .refine((b) => b[0] === prefix[0] && b[1] === prefix[1] && b[2] === prefix[2], {
      message: `not a ${kind} hash (wrong prefix)`,
    });
}

/** Whether two hashes (or keys) are the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export const AgentPubKeySchema = holoHash("agent");
export const ActionHashSchema = holoHash("action");
export const EntryHashSchema = holoHash("entry");

/**
 * A resource's identity: the action hash of its first revision (Rust
 * `nondominium_types::ResourceId`). Branded, so a `RevisionHash` is not
 * accepted where a `ResourceId` is typed (both travel as the bare hash).
 */
export const ResourceIdSchema = ActionHashSchema.brand<"ResourceId">();
export type ResourceId = z.infer<typeof ResourceIdSchema>;

/** One exact revision of a resource (Rust `nondominium_types::RevisionHash`): what an event acts on. */
export const RevisionHashSchema = ActionHashSchema.brand<"RevisionHash">();
export type RevisionHash = z.infer<typeof RevisionHashSchema>;

/** Microseconds since the Unix epoch, as Holochain's `Timestamp`. */
export const TimestampSchema = z.number().int();

/** A finite number (Rust `f64` that validation accepts: no NaN, no infinity). */
export const FiniteNumber = z.number().finite();

/** A Holochain `Record` as the conductor returns it; checked loosely, decoded by `decodeRecord`. */
export const RecordSchema = z.object({
  signed_action: z.object({
    hashed: z.object({ content: z.record(z.string(), z.unknown()), hash: ActionHashSchema }),
    signature: z.custom<Uint8Array>((v) => v instanceof Uint8Array),
  }),
  entry: z.unknown(),
});

/**
 * An app entry decoded from a record, with the record's identity.
 * `actionHash` identifies this revision; `originalHash` the first revision
 * (the create), or the same hash for a create.
 */
export interface EntryRecord<T> {
  actionHash: Uint8Array;
  author: Uint8Array;
  /** Microseconds since the Unix epoch, set by the author. */
  timestamp: number;
  /** "Create" or "Update". */
  actionType: string;
  entry: T;
  record: HcRecord;
}

/**
 * Decodes a record's app entry through `schema`.
 * Throws when the record has no app entry or the entry does not match the
 * schema (the error names the field), which is how type drift between Rust and
 * TypeScript shows up.
 */
export function decodeRecord<T>(schema: z.ZodType<T>, raw: unknown): EntryRecord<T> {
  const record = RecordSchema.parse(raw) as unknown as HcRecord;
  const action = (record.signed_action.hashed.content as unknown) as Record<string, unknown>;
  const entry = record.entry as unknown as { Present?: { entry_type: string; entry: Uint8Array } };
  if (!entry || !entry.Present || entry.Present.entry_type !== "App") {
    throw new Error("record carries no app entry");
  }
  const decoded = schema.parse(decode(entry.Present.entry));
  return {
    actionHash: record.signed_action.hashed.hash,
    author: action.author as Uint8Array,
    timestamp: action.timestamp as number,
    actionType: action.type as string,
    entry: decoded,
    record,
  };
}

/** Base of the zome clients: one `call` that validates input and output. */
export class ZomeClient {
  /**
   * Hears of each call this client runs again (`retryOnHeadMoved`): the
   * zome function, the attempt that failed (1-based) and its error. For a
   * "trying again" notice in a UI and for counting collisions in tests and
   * benchmarks; null (the default) hears nothing.
   */
  onRetry: ((fnName: string, attempt: number, error: unknown) => void) | null = null;

  constructor(
    public readonly client: AppClient,
    public readonly zomeName: string,
    public readonly roleName: RoleName = "nondominium",
  ) {}

  /**
   * Calls `fn_name` of this zome with `payload` checked by `input`, and
   * parses the result with `output`. Input errors are thrown before any call
   * and name the field; zome errors are thrown as the conductor reports them.
   */
  protected async call<I, O>(fnName: string, input: z.ZodType<I>, payload: unknown, output: z.ZodType<O>): Promise<O> {
    const checked = input.safeParse(payload);
    if (!checked.success) {
      throw new Error(`${this.zomeName}.${fnName}: invalid input: ${formatIssues(checked.error)}`);
    }
    const result = await retryOnHeadMoved(
      () =>
        this.client.callZome({
          role_name: this.roleName,
          zome_name: this.zomeName,
          fn_name: fnName,
          payload: checked.data,
        }),
      undefined,
      (attempt, error) => this.onRetry?.(fnName, attempt, error),
    );
    return output.parse(result);
  }
}

/** How many times `retryOnHeadMoved` runs a call in all. */
export const HEAD_MOVED_ATTEMPTS = 6;

/** Pause before the n-th retry (1-based), in ms: 100, 200, 400, 800, 1600, with ±25 % jitter so two writers drift apart. */
export function retryPauseMs(retry: number, random: () => number = Math.random): number {
  return 100 * 2 ** (retry - 1) * (0.75 + random() / 2);
}

/**
 * Runs `call` again when the conductor says the commit did not happen and
 * may be retried — each such call wrote nothing, so running it again is
 * safe; any other error is thrown at once, and the last one after
 * `HEAD_MOVED_ATTEMPTS` runs (about 3 s of pauses in all):
 * - "source chain head has moved": another write of the same agent committed
 *   first (for instance a participation receipt the counterparty asked it to
 *   sign in the background);
 * - "The commit could not be completed but may be retried" (Holochain's
 *   `IncompleteCommit`, e.g. `DepMissingFromDht`): the write cites a record
 *   this conductor does not hold yet, such as a specification created a
 *   moment ago on another conductor, which gossip brings within a second or two.
 * `sleep` is for tests; `onRetry` hears of each attempt that failed and is
 * run again (its number, 1-based, and its error).
 */
export async function retryOnHeadMoved<T>(
  call: () => Promise<T>,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  onRetry?: (attempt: number, error: unknown) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      const transient = /source chain head has moved|could not be completed but may be retried/.test(String(e));
      if (attempt >= HEAD_MOVED_ATTEMPTS || !transient) throw e;
      onRetry?.(attempt, e);
      await sleep(retryPauseMs(attempt));
    }
  }
}

/** "field.path: message; ..." for a zod error. */
export function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(payload)"}: ${i.message}`).join("; ");
}

export const Unit = z.null().or(z.undefined()).transform(() => null);
