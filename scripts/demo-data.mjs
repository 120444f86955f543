/**
 * Seed data for `npm start` (scripts/start.mjs): a small neighbourhood tool
 * library run as a commons. Nothing here is shown unless it was written to
 * the DHT through the zomes first; the UI only ever displays what the
 * conductor returns.
 *
 * Shapes follow `@nondominium/client`:
 * - `DEMO_PROFILES[i]` is the public name of agent i+1 (AgentProfile.name).
 * - `DEMO_SPECS` are CreateResourceSpecInput values; every governance rule's
 *   `rule_data` is a JSON string of its rule type's shape, as spec §4.2.2 asks.
 * - `DEMO_RESOURCES` say which specification (by name), how much, in which
 *   unit, and which agent (0-based index, taken modulo the number of agents)
 *   creates and therefore first holds each resource.
 */

/** Public names of the first agents; agents beyond the list get {@link fallbackName}. */
export const DEMO_PROFILES = [
  "Alice (tool library)",
  "Bilal (bike workshop)",
  "Chen (makerspace)",
  "Dana (community garden)",
  "Emeka (repair café)",
  "Fatima (allotments)",
];

/** Name of agent `index` (0-based) when {@link DEMO_PROFILES} has run out. */
export function fallbackName(index) {
  return `Neighbour ${index + 1}`;
}

/** Public name for agent `index` (0-based). */
export function demoName(index) {
  return DEMO_PROFILES[index] ?? fallbackName(index);
}

const rule = (rule_type, data) => ({ rule_type, rule_data: JSON.stringify(data), enforced_by: null });

/**
 * Resource specifications of the tool library, created by agent 1 (the
 * progenitor: only Accountable agents define resource types). Rules use the
 * typed rule types of `@nondominium/client` (`RULE_TYPES`): unknown rule
 * types or `rule_data` fields are refused by the zomes, and so are the fields
 * they do not evaluate (a usage limit is `max_quantity` only — no
 * duration or concurrency, which no single event records).
 */
export const DEMO_SPECS = [
  {
    name: "Cordless drill",
    description: "18 V drill/driver with two batteries, charger and a box of wood, metal and masonry bits.",
    image_url: null,
    governance_rules: [rule("usage_limit", { max_quantity: 1 })],
  },
  {
    name: "Ladder",
    description: "Aluminium three-section extension ladder, 7.5 m fully extended, with stabiliser bar.",
    image_url: null,
    governance_rules: [rule("usage_limit", { max_quantity: 1 })],
  },
  {
    name: "Cargo bike",
    description: "Electric front-box cargo bike: two child seats with belts, rain cover, up to 80 kg of load.",
    image_url: null,
    governance_rules: [rule("transfer_conditions", { receiver_role: "Transport" })],
  },
  {
    name: "3D printer",
    description: "FDM printer, 220 × 220 × 250 mm build volume, prints PLA and PETG; filament is not included.",
    image_url: null,
    governance_rules: [rule("access_requirement", { accountable_only: true })],
  },
];

/** Concrete resources: who creates (and first holds) which, by 0-based agent index. */
export const DEMO_RESOURCES = [
  { spec: "Cordless drill", quantity: 1, unit: "unit", agent: 0 },
  { spec: "Cordless drill", quantity: 1, unit: "unit", agent: 1 },
  { spec: "Ladder", quantity: 1, unit: "unit", agent: 1 },
  { spec: "Cargo bike", quantity: 1, unit: "unit", agent: 0 },
  { spec: "3D printer", quantity: 1, unit: "unit", agent: 2 },
];

/**
 * The first custody transfer of the promotion story: agent `from`
 * (0-based) hands the resource of specification `spec` they created to agent
 * `to`. Creating a resource and then transferring custody of one is what an
 * Accountable role requires of its candidate (REQ-GOV-03).
 */
export const DEMO_TRANSFER = { spec: "Ladder", from: 1, to: 0, note: "lent for the gutter repair on Elm Street" };

/**
 * Private identity data (a private entry, never published) that agents 2 and
 * 3 (0-based 1 and 2) store and share with agent 1, the progenitor, for
 * review before promotion. Invented people at invented addresses.
 */
export const DEMO_PRIVATE_DATA = [
  {
    agent: 1,
    data: { legal_name: "Bilal Haddad", address: "12 Elm Street, Springfield", email: "bilal@example.org", photo_id_hash: null },
    fields: ["legal_name", "address", "email"],
  },
  {
    agent: 2,
    data: { legal_name: "Chen Wei", address: "4 Mill Lane, Springfield", email: "chen@example.org", photo_id_hash: null },
    fields: ["legal_name", "email"],
  },
];

/** How long the demo's identity-data grants last. */
export const DEMO_GRANT_DAYS = 30;
