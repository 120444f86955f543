/**
 * The nondominium bridge (spec §8.4, SPEC-FUT-BRG-01..06; §8.9): a REST
 * service over the hApp for organisational systems (ERP, Tiki). It reaches
 * the conductor only through `@nondominium/client`, as the agent whose key
 * the conductor holds: it adds no authority of its own, and integrity
 * decides every write as for any other peer.
 *
 * - Reads are answered from a Redis cache (`cacheTTL` seconds) that every
 *   signal the conductor sends this agent invalidates (`X-Cache: HIT|MISS`).
 * - Writes are queued in BullMQ: `202 Accepted` with a job id, outcome at
 *   `GET /api/jobs/:id`; retried with backoff only when the conductor
 *   certainly did not run the call; an `Idempotency-Key` header makes a
 *   retried request the same job, so it never runs twice.
 * - Signals are forwarded to a webhook, HMAC-SHA256-signed (`webhook.ts`),
 *   in order.
 * - Request bodies are checked by the client's zod schemas (hashes as
 *   HoloHash base64 on the wire, `wire.ts`); results are the client's parsed
 *   results. The OpenAPI 3 document is generated from the same schemas:
 *   `/docs` (Swagger UI), `/docs/openapi.json`.
 */
import { createHash, randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { Queue, QueueEvents, UnrecoverableError, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { z } from "zod";
import { encodeHashToBase64 } from "@holochain/client";
import {
  ActionHashSchema,
  AgentPubKeySchema,
  ClaimCommitmentInputSchema,
  CommitmentSchema,
  CreateEconomicResourceInputSchema,
  CreateResourceSpecInputSchema,
  DecideCommitmentInputSchema,
  EconomicEventSchema,
  EconomicResourceSchema,
  formatIssues,
  HistoryEntrySchema,
  HistoryPageInputSchema,
  MyCommitmentsSchema,
  ParticipationReceiptSchema,
  ProposeCommitmentInputSchema,
  RecordEventInputSchema,
  ReputationSummarySchema,
  ResourceQuerySchema,
  ResourceSpecificationSchema,
  ValidationStateSchema,
  VerifiedReputationSummarySchema,
  type NondominiumClient,
  type NondominiumSignal,
} from "@nondominium/client";
import { Conductor, type ConductorConfig } from "./conductor.js";
import { classify, ConductorUnavailable, type CallFailure } from "./errors.js";
import { deliver, type WebhookConfig } from "./webhook.js";
import { entryRecordOf, fromWire, jsonSchemaOf, toWire, WireError, WireHash } from "./wire.js";

/** The bridge's version, reported by `/health`. */
export const BRIDGE_VERSION = "0.1.0";

/** Everything a bridge instance needs (see `config.ts` for the environment variables). */
export interface BridgeConfig {
  conductor: ConductorConfig;
  /** `redis://host:port[/db]`. */
  redisUrl: string;
  /** Seconds a cached read lives when no signal invalidates it first (default 60). */
  cacheTTL?: number;
  /** Prefix of every Redis key and BullMQ queue of this bridge (default "nd"). */
  prefix?: string;
  /** Whether this instance runs the write and webhook workers (default true); false: an API-only instance. */
  worker?: boolean;
  /** Concurrent queued writes (default 4). */
  writeConcurrency?: number;
  /** Attempts of a queued write when the conductor is unreachable (default 8), first delay in ms doubled per attempt (default 1000). */
  writeAttempts?: number;
  writeBackoffMs?: number;
  webhook?: WebhookConfig | null;
  /** Fastify's logger (default off). */
  logger?: boolean;
}

/** A running bridge: the Fastify app plus what tests and `main.ts` need to stop it. */
export interface Bridge {
  app: FastifyInstance;
  conductor: Conductor;
  /** Stops the HTTP server, workers, queues, Redis connections and the conductor connection. */
  close(): Promise<void>;
}

/** The body of every error answer. */
const ErrorBody = z.object({ status: z.number().int(), error: z.string() });

/** What a queued write answers: `202 Accepted`. */
const AcceptedBody = z.object({ job_id: z.string(), status_url: z.string() });

/** `GET /api/jobs/:id`: a queued write's state and, once settled, its result or its error. */
export const JobBody = z.object({
  job_id: z.string(),
  operation: z.string(),
  state: z.enum(["waiting", "delayed", "active", "completed", "failed", "prioritized", "waiting-children", "unknown"]),
  attempts: z.number().int(),
  result: z.unknown().optional(),
  error: ErrorBody.optional(),
});

/** A resource on the wire: its identity (first revision) and latest revision. */
const WireResourceState = z.object({ original_hash: WireHash, latest: entryRecordOf(EconomicResourceSchema) });
const WireResourcePage = z.object({
  items: z.array(WireResourceState.extend({ spec_name: z.string(), validation: ValidationStateSchema })),
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
});
/** A page of a resource's history on the wire: entries newest first; `earlier` the next page's `before` (null: no older event). */
const WireHistoryPage = z.object({ entries: z.array(HistoryEntrySchema), earlier: WireHash.nullable() });
const WireRecordedEvent = z.object({ event_hash: WireHash, event: EconomicEventSchema, revision: entryRecordOf(EconomicResourceSchema), applied: z.boolean() });
const WireCommitmentView = z.object({ record: entryRecordOf(CommitmentSchema), status: z.string(), decisions: z.array(z.unknown()), claim: z.unknown() });

/** A queued write: the client's input schema and the call it makes. */
interface WriteOp {
  summary: string;
  schema: z.ZodType;
  /** The result's wire form (documentation). */
  result: z.ZodType;
  run(client: NondominiumClient, input: never): Promise<unknown>;
}

/** Every write the bridge queues, by operation name (the job's name). */
export const WRITE_OPS = {
  create_resource_spec: {
    summary: "Create a resource specification (caller must be Accountable)",
    schema: CreateResourceSpecInputSchema,
    result: entryRecordOf(ResourceSpecificationSchema),
    run: (c, i) => c.resource.createResourceSpec(i),
  },
  create_economic_resource: {
    summary: "Create a resource held by the bridge's agent (REQ-USER-S-05)",
    schema: CreateEconomicResourceInputSchema,
    result: entryRecordOf(EconomicResourceSchema),
    run: (c, i) => c.resource.createEconomicResource(i),
  },
  record_event: {
    summary: "Record one ValueFlows event on a resource through the governance operator",
    schema: RecordEventInputSchema,
    result: WireRecordedEvent,
    run: (c, i) => c.resource.recordEvent(i),
  },
  confirm_resource_validation: {
    summary: "The custodian records that a pending resource passed peer validation (REQ-GOV-02)",
    schema: z.object({ resource_hash: ActionHashSchema }),
    result: entryRecordOf(EconomicResourceSchema),
    run: (c, i: { resource_hash: Uint8Array }) => c.resource.confirmResourceValidation(i.resource_hash),
  },
  propose_commitment: {
    summary: "Propose a commitment (spec §4.3.2; REQ-GOV-01)",
    schema: ProposeCommitmentInputSchema,
    result: entryRecordOf(CommitmentSchema),
    run: (c, i) => c.governance.proposeCommitment(i),
  },
  accept_commitment: { summary: "The counterparty accepts a commitment", schema: DecideCommitmentInputSchema, result: z.unknown(), run: (c, i) => c.governance.acceptCommitment(i) },
  decline_commitment: { summary: "The counterparty declines a commitment", schema: DecideCommitmentInputSchema, result: z.unknown(), run: (c, i) => c.governance.declineCommitment(i) },
  cancel_commitment: { summary: "A party cancels a commitment before it is claimed", schema: DecideCommitmentInputSchema, result: z.unknown(), run: (c, i) => c.governance.cancelCommitment(i) },
  claim_commitment: {
    summary: "The provider fulfils an accepted commitment: event, new revision and claim in one call (spec §4.3.3)",
    schema: ClaimCommitmentInputSchema,
    result: z.object({ claim: z.unknown(), event_hash: WireHash, revision: entryRecordOf(EconomicResourceSchema) }),
    run: (c, i) => c.governance.claimCommitment(i),
  },
} satisfies Record<string, WriteOp>;
export type WriteOpName = keyof typeof WRITE_OPS;

interface WriteJob {
  op: WriteOpName;
  /** The request's wire input, already checked by the op's schema. */
  input: unknown;
  /** sha256 of op + input: an `Idempotency-Key` reused for another request is refused. */
  fingerprint: string;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** Host, port and db of a `redis://` URL, as ioredis and BullMQ take them. */
export function redisOptions(url: string) {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 6379), db: Number(u.pathname.slice(1) || 0), password: u.password || undefined };
}

/** Builds and starts (not listening yet) a bridge; `app.listen` serves it. */
export async function buildBridge(config: BridgeConfig): Promise<Bridge> {
  const prefix = config.prefix ?? "nd";
  const ttl = config.cacheTTL ?? 60;
  const runWorkers = config.worker ?? true;
  const redisOpts = redisOptions(config.redisUrl);
  const started = Date.now();

  const redis = new Redis({ ...redisOpts, maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
  redis.on("error", () => undefined); // reported by /health; a cache miss meanwhile
  await redis.connect().catch(() => undefined);
  const bullConnection = { ...redisOpts, maxRetriesPerRequest: null };
  const writes = new Queue<WriteJob>(`${prefix}-writes`, { connection: bullConnection, prefix });
  const writeEvents = new QueueEvents(`${prefix}-writes`, { connection: bullConnection, prefix });
  const hooks = new Queue(`${prefix}-webhooks`, { connection: bullConnection, prefix });
  const conductor = new Conductor(config.conductor);

  // ── metrics (prom-client), one registry per instance ──
  const register = new Registry();
  collectDefaultMetrics({ register, prefix: "bridge_" });
  const latency = new Histogram({
    name: "bridge_http_request_duration_seconds",
    help: "HTTP request latency in seconds, by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [register],
  });
  const cacheRequests = new Counter({ name: "bridge_cache_requests_total", help: "Cached reads by result", labelNames: ["result"] as const, registers: [register] });
  let hits = 0;
  let misses = 0;
  new Gauge({
    name: "bridge_cache_hit_ratio",
    help: "Cache hits / cached reads since start (0 before any)",
    registers: [register],
    collect() {
      this.set(hits + misses === 0 ? 0 : hits / (hits + misses));
    },
  });
  new Gauge({
    name: "bridge_queue_depth",
    help: "Jobs not yet settled (waiting, delayed, active), by queue",
    labelNames: ["queue"] as const,
    registers: [register],
    async collect() {
      for (const [name, q] of [["writes", writes], ["webhooks", hooks]] as const) {
        const c = await q.getJobCounts("waiting", "delayed", "active", "prioritized").catch(() => null);
        if (c) this.set({ queue: name }, Object.values(c).reduce((a, b) => a + b, 0));
      }
    },
  });
  const webhookFailures = new Counter({ name: "bridge_webhook_failures_total", help: "Webhook delivery attempts that failed", registers: [register] });
  const webhookDeliveries = new Counter({ name: "bridge_webhook_deliveries_total", help: "Webhook deliveries, by outcome", labelNames: ["outcome"] as const, registers: [register] });
  const signalsReceived = new Counter({ name: "bridge_signals_total", help: "Signals received from the conductor, by entry type", labelNames: ["entry_type"] as const, registers: [register] });

  // ── cache: one generation counter, bumped by every signal ──
  const genKey = `${prefix}:cache:gen`;
  const timers = new Set<NodeJS.Timeout>();
  const invalidate = () => redis.incr(genKey).catch(() => undefined);
  /** A signal arrives before the peer's data is readable here (README "Live updates"): invalidate now and again later. */
  const invalidateSoonAndLater = () => {
    void invalidate();
    for (const ms of [1500, 4000, 8000]) {
      const t = setTimeout(() => {
        timers.delete(t);
        void invalidate();
      }, ms);
      timers.add(t);
    }
  };

  conductor.onSignal((signal: NondominiumSignal) => {
    signalsReceived.inc({ entry_type: signal.entry_type });
    invalidateSoonAndLater();
    const hook = config.webhook;
    if (hook && (hook.entryTypes.length === 0 || hook.entryTypes.includes(signal.entry_type))) {
      const deliveryId = `${signal.entry_type}-${signal.change}-${encodeHashToBase64(signal.action_hash)}`;
      const body = JSON.stringify({
        delivery_id: deliveryId,
        type: `${signal.entry_type}.${signal.change}`,
        agent: encodeHashToBase64(conductor.agentKey),
        signal: toWire(signal),
      });
      // jobId = delivery id: two bridge instances hearing the same signal deliver it once.
      void hooks.add("deliver", { body, deliveryId }, { jobId: deliveryId, removeOnComplete: { age: 3600 }, removeOnFail: { age: 86400 } }).catch(() => undefined);
    }
  });

  // ── workers ──
  const workers: Worker[] = [];
  if (runWorkers) {
    workers.push(
      new Worker<WriteJob>(
        `${prefix}-writes`,
        async (job: Job<WriteJob>) => {
          const op = WRITE_OPS[job.data.op] as WriteOp;
          if (!op) throw new UnrecoverableError(JSON.stringify({ status: 400, error: `unknown operation ${job.data.op}` }));
          // At most once: a marker set before the call. An attempt that finds it set follows one that
          // stopped mid-call (the bridge died): the call may have committed, so it is not run again.
          const marker = `${prefix}:run:${job.id}`;
          const fresh = await redis.set(marker, String(job.attemptsMade), "EX", 7 * 86400, "NX");
          if (fresh !== "OK") {
            throw new UnrecoverableError(
              JSON.stringify({ status: 504, error: "the bridge stopped during an earlier attempt of this write: its outcome is unknown, check before resubmitting" }),
            );
          }
          try {
            const client = await conductor.get();
            const result = await op.run(client, op.schema.parse(fromWire(op.schema, job.data.input)) as never);
            return toWire(result);
          } catch (e) {
            const failure = classify(e);
            if (failure.retryable) {
              await redis.del(marker); // the conductor did not run it: the next attempt may
              throw new Error(JSON.stringify({ status: failure.status, error: failure.message }));
            }
            throw new UnrecoverableError(JSON.stringify({ status: failure.status, error: failure.message }));
          }
        },
        { connection: bullConnection, prefix, concurrency: config.writeConcurrency ?? 4 },
      ),
    );
    const hook = config.webhook;
    if (hook) {
      // One delivery at a time, each retried before the next: signals reach the webhook in the order they came.
      workers.push(
        new Worker(
          `${prefix}-webhooks`,
          async (job: Job<{ body: string; deliveryId: string }>) => {
            try {
              await deliver(hook, job.data.body, job.data.deliveryId, () => webhookFailures.inc());
              webhookDeliveries.inc({ outcome: "delivered" });
            } catch (e) {
              webhookDeliveries.inc({ outcome: "failed" });
              throw e;
            }
          },
          { connection: bullConnection, prefix, concurrency: 1 },
        ),
      );
    }
    for (const w of workers) w.on("error", () => undefined);
  }

  // ── HTTP ──
  const app = Fastify({ logger: config.logger ?? false, bodyLimit: 1 << 20 });
  // Route schemas are for the OpenAPI document only: zod validates, JSON.stringify serialises.
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "nondominium bridge",
        version: BRIDGE_VERSION,
        description:
          "REST over the nondominium hApp (spec §8.4). Hashes are HoloHash base64 (`u…`); times are µs since the epoch. " +
          "Writes answer 202 with a job id (`GET /api/jobs/{id}`); `?wait=<seconds>` waits for the outcome. " +
          "Send `Idempotency-Key` so a retried request runs once. Errors: 400 input, 404 not found, 405/409 forbidden by the hApp, 422 refused by a zome (its message), 503 conductor unreachable.",
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  app.get("/docs/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  app.addHook("onResponse", async (req, reply) => {
    latency.observe({ method: req.method, route: req.routeOptions.url ?? "unmatched", status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  const fail = (reply: FastifyReply, f: Pick<CallFailure, "status" | "message">) => reply.code(f.status).send({ status: f.status, error: f.message });

  app.setErrorHandler((error, _req, reply) => {
    if (error instanceof WireError) return fail(reply, { status: 400, message: error.message });
    if (error instanceof z.ZodError) return fail(reply, { status: 400, message: formatIssues(error) });
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status < 500) return fail(reply, { status, message: (error as Error).message });
    return fail(reply, classify(error));
  });

  /** Parses a path parameter that must be a HoloHash. */
  const hashParam = (value: string, name: string) => {
    const parsed = ActionHashSchema.or(AgentPubKeySchema).safeParse(fromWire(ActionHashSchema, value, false, [name]));
    if (!parsed.success) throw new WireError(`${name}: ${formatIssues(parsed.error)}`);
    return parsed.data;
  };

  const inflight = new Map<string, Promise<string | null>>();
  /**
   * Answers a read: from the cache when present (X-Cache: HIT), else from
   * the conductor (X-Cache: MISS), cached for `ttl` s unless null (404).
   * `Cache-Control: no-cache` skips the cache lookup (the answer is still stored).
   */
  const read = async (req: FastifyRequest, reply: FastifyReply, load: (c: NondominiumClient) => Promise<unknown>) => {
    const gen = await redis.get(genKey).catch(() => null);
    const key = `${prefix}:cache:${gen ?? 0}:${req.url}`;
    const noCache = /no-cache/.test(String(req.headers["cache-control"] ?? ""));
    const cached = noCache || redis.status !== "ready" ? null : await redis.get(key).catch(() => null);
    if (cached !== null) {
      hits++;
      cacheRequests.inc({ result: "hit" });
      return reply.header("x-cache", "HIT").type("application/json").send(cached);
    }
    misses++;
    cacheRequests.inc({ result: "miss" });
    // Concurrent misses of the same key share one conductor call (and one cache write).
    let pending = inflight.get(key);
    if (!pending) {
      pending = (async () => {
        const value = toWire(await load(await conductor.get()));
        const body = value === null ? null : JSON.stringify(value);
        if (body !== null) await redis.set(key, body, "EX", ttl).catch(() => undefined);
        return body;
      })().finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    let body: string | null;
    try {
      body = await pending;
    } catch (e) {
      return fail(reply, classify(e));
    }
    if (body === null) return fail(reply, { status: 404, message: "not found" });
    return reply.header("x-cache", "MISS").type("application/json").send(body);
  };

  /** Reads a settled job's answer: [HTTP status, body]. */
  const jobView = async (job: Job<WriteJob>): Promise<z.infer<typeof JobBody>> => {
    const state = (await job.getState()) as z.infer<typeof JobBody>["state"];
    const view: z.infer<typeof JobBody> = { job_id: job.id!, operation: job.data.op, state, attempts: job.attemptsMade };
    if (state === "completed") view.result = job.returnvalue;
    if (state === "failed" || (state === "delayed" && job.failedReason)) {
      try {
        const f = JSON.parse(job.failedReason) as { status: number; error: string };
        view.error = { status: f.status, error: f.error };
      } catch {
        view.error = { status: 500, error: job.failedReason };
      }
    }
    return view;
  };

  /**
   * Queues a write: checks `input` with the operation's schema (400 on
   * refusal), then adds the job — the `Idempotency-Key` header names it, so
   * the same key gives the same job (409 when reused for another request).
   * `?wait=<seconds>` (≤ 60) waits for the outcome: 200/201 with the result,
   * the failure's status, or 202 when still running.
   */
  const write = async (req: FastifyRequest, reply: FastifyReply, opName: WriteOpName, input: unknown) => {
    const op = WRITE_OPS[opName] as WriteOp;
    const checked = op.schema.safeParse(fromWire(op.schema, input));
    if (!checked.success) return fail(reply, { status: 400, message: formatIssues(checked.error) });
    const fingerprint = sha256(`${opName}\n${JSON.stringify(input)}`);
    const key = req.headers["idempotency-key"];
    const jobId = typeof key === "string" && key.length > 0 ? `idem-${sha256(key).slice(0, 40)}` : `w-${randomUUID()}`;
    const existing = await writes.getJob(jobId);
    if (existing && existing.data.fingerprint !== fingerprint) {
      return fail(reply, { status: 409, message: "Idempotency-Key was already used for another request" });
    }
    const job =
      existing ??
      (await writes.add(
        opName,
        { op: opName, input, fingerprint },
        {
          jobId,
          attempts: config.writeAttempts ?? 8,
          backoff: { type: "exponential", delay: config.writeBackoffMs ?? 1000 },
          removeOnComplete: { age: 86400 },
          removeOnFail: { age: 7 * 86400 },
        },
      ));
    const wait = Math.min(Number((req.query as { wait?: string }).wait ?? 0) || 0, 60);
    if (wait > 0) {
      await job.waitUntilFinished(writeEvents, wait * 1000).catch(() => undefined);
      const settled = await writes.getJob(job.id!);
      if (settled) {
        const view = await jobView(settled);
        if (view.state === "completed") return reply.code(opName.startsWith("create") ? 201 : 200).send(view.result);
        if (view.state === "failed" && view.error) return fail(reply, { status: view.error.status, message: view.error.error });
      }
    }
    return reply.code(202).header("location", `/api/jobs/${job.id}`).send({ job_id: job.id, status_url: `/api/jobs/${job.id}` });
  };

  // Route schemas, from the client's zod schemas (documentation only).
  const doc = (summary: string, tags: string[], parts: { body?: z.ZodType; querystring?: z.ZodType; params?: string[]; ok?: z.ZodType; okStatus?: number; write?: boolean }) => ({
    summary,
    tags,
    ...(parts.body ? { body: jsonSchemaOf(parts.body) } : {}),
    ...(parts.querystring ? { querystring: jsonSchemaOf(parts.querystring) } : {}),
    ...(parts.params
      ? { params: { type: "object", properties: Object.fromEntries(parts.params.map((p) => [p, { type: "string", description: "HoloHash base64 (u…)" }])), required: parts.params } }
      : {}),
    response: {
      [parts.okStatus ?? 200]: parts.ok ? jsonSchemaOf(parts.ok, "output") : {},
      ...(parts.write ? { 202: jsonSchemaOf(AcceptedBody, "output") } : {}),
      "4XX": jsonSchemaOf(ErrorBody, "output"),
      503: jsonSchemaOf(ErrorBody, "output"),
    },
  });
  const writeDoc = (op: WriteOpName, tags: string[], params?: string[], omit: string[] = []) => {
    const spec = WRITE_OPS[op] as WriteOp;
    let body = spec.schema;
    if (omit.length > 0 && body instanceof z.ZodObject) body = body.omit(Object.fromEntries(omit.map((k) => [k, true])) as never);
    return { schema: doc(spec.summary, tags, { body, params, ok: spec.result, write: true, querystring: z.object({ wait: z.number().optional() }) }) };
  };
  type P = { Params: Record<string, string>; Body: Record<string, unknown> | undefined; Querystring: Record<string, string> };
  const body = (req: FastifyRequest<P>) => (req.body && typeof req.body === "object" ? req.body : {});

  // Resources
  app.post<P>("/api/resources", writeDoc("create_economic_resource", ["resources"]), (req, reply) => write(req, reply, "create_economic_resource", body(req)));
  app.get<P>(
    "/api/resources/search",
    { schema: doc("Find resources (find_resources): by specification, custodian, validation state, text; paginated", ["resources"], { querystring: ResourceQuerySchema, ok: WireResourcePage }) },
    (req, reply) => {
      const query = ResourceQuerySchema.parse(fromWire(ResourceQuerySchema, req.query, true));
      return read(req, reply, (c) => c.resource.findResources(query));
    },
  );
  app.get<P>("/api/resources/:hash", { schema: doc("A resource's latest revision (any revision hash)", ["resources"], { params: ["hash"], ok: WireResourceState }) }, (req, reply) => {
    const hash = hashParam(req.params.hash, "hash");
    return read(req, reply, (c) => c.resource.getEconomicResource(hash));
  });
  app.post<P>("/api/resources/:hash/use", writeDoc("record_event", ["resources"], ["hash"], ["resource_hash", "action"]), (req, reply) =>
    write(req, reply, "record_event", { ...body(req), resource_hash: req.params.hash, action: "Use" }),
  );
  app.post<P>("/api/resources/:hash/confirm-validation", writeDoc("confirm_resource_validation", ["resources"], ["hash"], ["resource_hash"]), (req, reply) =>
    write(req, reply, "confirm_resource_validation", { resource_hash: req.params.hash }),
  );
  app.delete<P>(
    "/api/resources/:hash",
    { schema: doc("Not allowed: resources are never deleted (REQ-RES-03)", ["resources"], { params: ["hash"], okStatus: 405 }) },
    (_req, reply) =>
      reply
        .code(405)
        .header("allow", "GET")
        .send({ status: 405, error: "resources are never deleted (REQ-RES-03): record an end of life instead (REQ-GOV-11)" }),
  );
  app.get<P>("/api/specifications", { schema: doc("Every resource specification", ["resources"], { ok: z.array(entryRecordOf(ResourceSpecificationSchema)) }) }, (req, reply) =>
    read(req, reply, (c) => c.resource.getAllResourceSpecs()),
  );
  app.post<P>("/api/specifications", writeDoc("create_resource_spec", ["resources"]), (req, reply) => write(req, reply, "create_resource_spec", body(req)));

  // Events
  app.post<P>("/api/events", writeDoc("record_event", ["events"]), (req, reply) => write(req, reply, "record_event", body(req)));
  app.get<P>(
    "/api/events/by-resource/:resource_hash",
    { schema: doc("A resource's audit trail: every event in order, with its claims and the state after it", ["events"], { params: ["resource_hash"], ok: z.array(HistoryEntrySchema) }) },
    (req, reply) => {
      const hash = hashParam(req.params.resource_hash, "resource_hash");
      return read(req, reply, (c) => c.governance.getResourceHistory(hash));
    },
  );
  const HistoryPageQuerySchema = HistoryPageInputSchema.omit({ resource_hash: true });
  app.get<P>(
    "/api/events/by-resource/:resource_hash/page",
    {
      schema: doc(
        "A page of a resource's audit trail, newest first (get_resource_history_page): `limit` 1-100 (default 20), `before` the previous page's `earlier`",
        ["events"],
        { params: ["resource_hash"], querystring: HistoryPageQuerySchema, ok: WireHistoryPage },
      ),
    },
    (req, reply) => {
      const resource_hash = hashParam(req.params.resource_hash, "resource_hash");
      const query = HistoryPageQuerySchema.parse(fromWire(HistoryPageQuerySchema, req.query, true));
      return read(req, reply, (c) => c.governance.getResourceHistoryPage({ ...query, resource_hash }));
    },
  );
  app.get<P>("/api/events/:hash", { schema: doc("One EconomicEvent", ["events"], { params: ["hash"], ok: entryRecordOf(EconomicEventSchema) }) }, (req, reply) => {
    const hash = hashParam(req.params.hash, "hash");
    return read(req, reply, (c) => c.governance.getEconomicEvent(hash));
  });

  // Commitments
  app.post<P>("/api/commitments", writeDoc("propose_commitment", ["commitments"]), (req, reply) => write(req, reply, "propose_commitment", body(req)));
  app.get<P>("/api/commitments", { schema: doc("The agent's commitments: proposed by and to it", ["commitments"], { ok: MyCommitmentsSchema }) }, (req, reply) =>
    read(req, reply, (c) => c.governance.getMyCommitments()),
  );
  app.get<P>("/api/commitments/:hash", { schema: doc("A commitment with its status, decisions and claim", ["commitments"], { params: ["hash"], ok: WireCommitmentView }) }, (req, reply) => {
    const hash = hashParam(req.params.hash, "hash");
    return read(req, reply, (c) => c.governance.getCommitment(hash));
  });
  for (const verb of ["accept", "decline", "cancel"] as const) {
    app.post<P>(`/api/commitments/:hash/${verb}`, writeDoc(`${verb}_commitment`, ["commitments"], ["hash"], ["commitment_hash"]), (req, reply) =>
      write(req, reply, `${verb}_commitment`, { ...body(req), commitment_hash: req.params.hash }),
    );
  }
  app.post<P>("/api/commitments/:hash/claim", writeDoc("claim_commitment", ["commitments"], ["hash"], ["commitment_hash"]), (req, reply) =>
    write(req, reply, "claim_commitment", { ...body(req), commitment_hash: req.params.hash }),
  );

  // Reputation (spec §4.3.10; receipts are private, REQ-USER-A-12; others' summaries only when shared, REQ-PPR-11)
  const isMe = (agent: Uint8Array) => Buffer.from(agent).equals(Buffer.from(conductor.agentKey));
  app.get<P>(
    "/api/reputation/:agent_id/summary",
    { schema: doc("The bridge agent's reputation summary, or one another agent shared with it (verified)", ["reputation"], { params: ["agent_id"], ok: ReputationSummarySchema.or(VerifiedReputationSummarySchema) }) },
    (req, reply) => {
      const agent = hashParam(req.params.agent_id, "agent_id");
      return read(req, reply, (c) => (isMe(agent) ? c.governance.getReputationSummary() : c.governance.getSharedReputationSummary(agent)));
    },
  );
  app.get<P>(
    "/api/reputation/:agent_id/receipts",
    { schema: doc("The bridge agent's own participation receipts (private: no one else's)", ["reputation"], { params: ["agent_id"], ok: z.array(ParticipationReceiptSchema) }) },
    (req, reply) => {
      const agent = hashParam(req.params.agent_id, "agent_id");
      if (!isMe(agent)) return fail(reply, { status: 403, message: "participation receipts are private to their agent (REQ-USER-A-12): ask for a shared summary instead" });
      return read(req, reply, (c) => c.governance.getMyParticipationClaims());
    },
  );

  // The agent, jobs, batch
  app.get("/api/agent", { schema: doc("The agent the bridge acts as", ["bridge"], { ok: z.object({ agent: WireHash }) }) }, async () => ({ agent: encodeHashToBase64(conductor.agentKey) }));
  app.get<P>("/api/jobs/:id", { schema: doc("A queued write's state, result or error", ["bridge"], { ok: JobBody }) }, async (req, reply) => {
    const job = await writes.getJob(req.params.id);
    if (!job) return fail(reply, { status: 404, message: `no job ${req.params.id}` });
    return reply.send(await jobView(job));
  });
  const BatchBody = z.object({
    requests: z
      .array(z.object({ method: z.enum(["GET", "POST"]), url: z.string().startsWith("/api/", "url must start with /api/"), body: z.unknown().optional(), idempotency_key: z.string().optional() }))
      .min(1, "requests must not be empty")
      .max(50, "at most 50 requests per batch"),
  });
  app.post<P>(
    "/api/batch",
    { schema: doc("Several requests in one, run in order; each answers as it would alone", ["bridge"], { body: BatchBody, ok: z.object({ responses: z.array(z.object({ status: z.number(), body: z.unknown() })) }) }) },
    async (req, reply) => {
      const parsed = BatchBody.safeParse(req.body);
      if (!parsed.success) return fail(reply, { status: 400, message: formatIssues(parsed.error) });
      const responses = [];
      for (const r of parsed.data.requests) {
        if (r.url.startsWith("/api/batch")) {
          responses.push({ status: 400, body: { status: 400, error: "a batch cannot contain a batch" } });
          continue;
        }
        const res = await app.inject({
          method: r.method,
          url: r.url,
          payload: r.method === "POST" ? ((r.body ?? {}) as object) : undefined,
          headers: r.idempotency_key ? { "idempotency-key": r.idempotency_key } : {},
        });
        responses.push({ status: res.statusCode, body: res.body ? JSON.parse(res.body) : null });
      }
      return reply.send({ responses });
    },
  );

  // Health (§8.9) and metrics
  app.get("/health", { schema: doc("HealthStatus (spec §8.9): conductor, Redis and queue", ["bridge"], {}) }, async (_req, reply) => {
    let connected = false;
    let latencyMs = 0;
    let holochainError: string | undefined;
    try {
      latencyMs = await conductor.ping();
      connected = true;
    } catch (e) {
      holochainError = e instanceof ConductorUnavailable ? e.message : String(e);
    }
    let redisUp = false;
    let memory = 0;
    let redisError: string | undefined;
    try {
      const info = await redis.info("memory");
      memory = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
      redisUp = true;
    } catch (e) {
      redisError = e instanceof Error ? e.message : String(e);
    }
    const counts = redisUp ? await writes.getJobCounts("waiting", "delayed", "active", "prioritized", "failed").catch(() => null) : null;
    const status = connected && redisUp ? "healthy" : connected || redisUp ? "degraded" : "unhealthy";
    return reply.code(status === "healthy" ? 200 : 503).send({
      status,
      holochain: { connected, latency: Math.round(latencyMs * 100) / 100, ...(holochainError ? { error: holochainError } : {}) },
      redis: { connected: redisUp, memory_usage: memory, ...(redisError ? { error: redisError } : {}) },
      queue: {
        jobs_pending: counts ? counts.waiting + counts.delayed + counts.active + counts.prioritized : 0,
        jobs_failed: counts?.failed ?? 0,
      },
      uptime: Math.round((Date.now() - started) / 1000),
      version: BRIDGE_VERSION,
    });
  });
  app.get("/metrics", { schema: { hide: true } }, async (_req, reply) => reply.type(register.contentType).send(await register.metrics()));

  // Connect now so signals flow (cache invalidation, webhooks) before the first request; a failure is retried on demand.
  await conductor.get().catch(() => undefined);

  return {
    app,
    conductor,
    async close() {
      for (const t of timers) clearTimeout(t);
      await app.close();
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([writes.close(), writeEvents.close(), hooks.close()]);
      await conductor.close();
      redis.disconnect();
    },
  };
}
