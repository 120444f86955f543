/**
 * Seed data for `npm start` (scripts/start.mjs): a small neighbourhood tool
 * library run as a commons. Nothing here is shown unless it was written to
 * the DHT through the zomes first; the UI only ever displays what the
 * conductor returns.
 *
 * Shapes follow `@nondominium/client`:
 * - `DEMO_PROFILES[i]` is the public name of agent i+1 (AgentProfile.name).
 * - `DEMO_SPECS` are CreateResourceSpecInput values; every governance rule's
 *   `rule_data` is a JSON string, as spec §4.2.2 asks.
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

/** Resource specifications of the tool library, created by agent 1. */
export const DEMO_SPECS = [
  {
    name: "Cordless drill",
    description: "18 V drill/driver with two batteries, charger and a box of wood, metal and masonry bits.",
    image_url: null,
    governance_rules: [
      rule("usage_limit", { max_loan_days: 7 }),
      rule("transfer_conditions", { return_batteries_charged: true, bits_counted_at_handover: true }),
    ],
  },
  {
    name: "Ladder",
    description: "Aluminium three-section extension ladder, 7.5 m fully extended, with stabiliser bar.",
    image_url: null,
    governance_rules: [rule("access_requirement", { safety_briefing: true, min_age: 18 })],
  },
  {
    name: "Cargo bike",
    description: "Electric front-box cargo bike: two child seats with belts, rain cover, up to 80 kg of load.",
    image_url: null,
    governance_rules: [
      rule("access_requirement", { test_ride_with_custodian: true }),
      rule("usage_limit", { max_loan_hours: 24, max_distance_km: 60 }),
    ],
  },
  {
    name: "3D printer",
    description: "FDM printer, 220 × 220 × 250 mm build volume, prints PLA and PETG; filament is not included.",
    image_url: null,
    governance_rules: [
      rule("access_requirement", { training: "printer induction at the makerspace" }),
      rule("usage_limit", { max_print_hours: 12 }),
    ],
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
