import { ServiceCategory } from '../directory/enums';
// Imported (not read from disk) so that tsc copies the file into dist/ beside the compiled module.
import crosswalkJson from './crosswalk.json';

/** One imported taxonomy term of a service, as HSDS gives it. */
export interface CrosswalkTerm {
  /** The term's taxonomy as the publisher names it ("AIRS", "211 LA County", "Open Eligibility"...), if any. */
  taxonomy: string | null;
  code: string | null;
  name: string | null;
  /** The term's ancestors, nearest (the parent) first. */
  ancestors?: { code: string | null; name: string | null }[];
}

export interface CrosswalkResult {
  category: ServiceCategory;
  mapped: boolean;
  /** the rule that decided, for the report */
  rule: string | null;
}

interface Source {
  id: string;
  name: string;
  url: string;
  licence: string;
  read: string;
}

interface Rule {
  category: ServiceCategory | null;
  source: string;
  note?: string;
}

interface AirsRule extends Rule {
  code: string;
  name: string;
}

interface OpenEligibilityRule extends Rule {
  name: string;
  /** Depth in the Human Services tree (1 for Food, Housing...); required when category is not null. */
  level?: number;
  /** The rule decides for every term beneath it, whatever their own names. */
  branch?: boolean;
}

export interface CrosswalkFile {
  sources: Source[];
  fallback: ServiceCategory;
  notes: string[];
  airs: { taxonomyNames: string[]; notes: string; rules: AirsRule[] };
  openEligibility: { taxonomyNames: string[]; notes: string; rules: OpenEligibilityRule[] };
}

/** Letters, then optional dash-separated groups of digits and dots: B, BH, BH-1800, BH-1800.8500-150. */
const AIRS_CODE = /^[A-Z]{1,2}(?:-\d+(?:[.-]\d+)*)?$/;
const CATEGORIES = new Set<string>(Object.values(ServiceCategory));

/** Upper case without whitespace: ' bh-1800 .8500' is BH-1800.8500. */
const airsCode = (code: string) => code.replace(/\s+/g, '').toUpperCase();

/**
 * Open Eligibility names compare on their words, without case, punctuation or "and":
 * "Addiction & Recovery", "addiction and recovery" and the slug "addiction_recovery" are one name.
 */
const nameKey = (name: string) =>
  name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '' && word !== 'and')
    .join('');

/** Taxonomy names compare like term names, and a URL by its host: https://www.211taxonomy.org/ is 211taxonomy.org. */
const taxonomyKey = (taxonomy: string) => nameKey(taxonomy.trim().replace(/^https?:\/\/(www\.)?/i, ''));

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

function fail(message: string): never {
  throw new Error(`HSDS taxonomy crosswalk: ${message}`);
}

const SOURCE_FIELDS = ['id', 'name', 'url', 'licence', 'read'];

/** A vocabulary's section and the checks common to its rules; returns the rules for the vocabulary's own checks. */
function sectionRules(file: Record<string, unknown>, key: string, vocabulary: string, identity: string, sourceIds: Set<string>) {
  const section = file[key];
  if (!isObject(section) || !isStringList(section.taxonomyNames) || typeof section.notes !== 'string' || !Array.isArray(section.rules)) {
    fail(`${key} needs taxonomyNames, notes and rules`);
  }
  return section.rules.map((rule: unknown, index: number) => {
    const label = isObject(rule) && typeof rule[identity] === 'string' ? JSON.stringify(rule[identity]) : `#${index + 1}`;
    const where = `${vocabulary} rule ${label}`;
    if (!isObject(rule)) fail(`${where} is not an object`);
    if (!('category' in rule) || (rule.category !== null && !CATEGORIES.has(rule.category as string))) {
      fail(`${where}: category ${JSON.stringify(rule.category)} is neither a ServiceCategory nor null`);
    }
    if (typeof rule.source !== 'string') fail(`${where} names no source`);
    if (!sourceIds.has(rule.source)) fail(`${where}: source "${rule.source}" is not in sources`);
    if (rule.note !== undefined && typeof rule.note !== 'string') fail(`${where}: note must be a string`);
    return { rule, where };
  });
}

/** Checks a crosswalk file; a broken file throws an error that names the rule at fault. Exported for its tests. */
export function validateCrosswalk(file: unknown): CrosswalkFile {
  if (!isObject(file)) fail('the file is not a JSON object');
  if (!Array.isArray(file.sources) || file.sources.length === 0) fail('sources must be a non-empty list');
  const sourceIds = new Set<string>();
  file.sources.forEach((source: unknown, index: number) => {
    if (!isObject(source) || !SOURCE_FIELDS.every((field) => typeof source[field] === 'string' && source[field] !== '')) {
      fail(`source #${index + 1} needs ${SOURCE_FIELDS.join(', ')} (read: the date it was read)`);
    }
    if (sourceIds.has(source.id as string)) fail(`source "${source.id}" is listed twice`);
    sourceIds.add(source.id as string);
  });
  if (!CATEGORIES.has(file.fallback as string)) fail(`fallback ${JSON.stringify(file.fallback)} is not a ServiceCategory`);
  if (!isStringList(file.notes)) fail('notes must be a list of strings');

  const codes = new Set<string>();
  for (const { rule, where } of sectionRules(file, 'airs', 'AIRS', 'code', sourceIds)) {
    if (typeof rule.code !== 'string' || !AIRS_CODE.test(rule.code)) fail(`${where}: code must be an upper-case AIRS code such as BH or BH-1800.8500`);
    if (typeof rule.name !== 'string' || rule.name === '') fail(`${where} needs the code's name`);
    if (codes.has(rule.code)) fail(`${where} is listed twice`);
    codes.add(rule.code);
  }
  const nameKeys = new Set<string>();
  for (const { rule, where } of sectionRules(file, 'openEligibility', 'Open Eligibility', 'name', sourceIds)) {
    if (typeof rule.name !== 'string' || nameKey(rule.name) === '') fail(`${where} needs a name`);
    if (rule.category !== null && !(Number.isInteger(rule.level) && (rule.level as number) >= 1)) fail(`${where} needs a level (1 for a top-level term)`);
    if (rule.branch !== undefined && typeof rule.branch !== 'boolean') fail(`${where}: branch must be true or false`);
    if (nameKeys.has(nameKey(rule.name))) fail(`${where} is listed twice (names match ignoring case and punctuation)`);
    nameKeys.add(nameKey(rule.name));
  }
  return file as unknown as CrosswalkFile;
}

/** A rule ready to decide: depth is how specific it is (AIRS code levels; Open Eligibility level). */
interface Decision {
  category: ServiceCategory | null;
  depth: number;
  rule: string;
  branch: boolean;
}

const crosswalk = validateCrosswalk(crosswalkJson);

export const crosswalkFallback: ServiceCategory = crosswalk.fallback;

/** B is level 1, BH level 2, and each further -group or .group one more: BH-1800.8500-150 is level 5. */
const airsDepth = (code: string) => (code.length <= 2 ? code.length : 2 + (code.match(/[-.]/g) ?? []).length);

const airsRules = new Map<string, Decision>(
  crosswalk.airs.rules.map((rule) => [rule.code, { category: rule.category, depth: airsDepth(rule.code), rule: `AIRS ${rule.code} ${rule.name}`, branch: false }]),
);
const openEligibilityRules = new Map<string, Decision>(
  crosswalk.openEligibility.rules.map((rule) => [
    nameKey(rule.name),
    { category: rule.category, depth: rule.level ?? 0, rule: `Open Eligibility ${rule.name}`, branch: rule.branch === true },
  ]),
);
const airsTaxonomies = new Set(crosswalk.airs.taxonomyNames.map(taxonomyKey));
const openEligibilityTaxonomies = new Set(crosswalk.openEligibility.taxonomyNames.map(taxonomyKey));

/** The longest prefix of the code, cut at its own boundaries (BH-1800.8500, BH-1800, BH, B), that has a rule. */
function airsDecision(code: string): Decision | undefined {
  let prefix = code;
  for (;;) {
    const decision = airsRules.get(prefix);
    if (decision) return decision;
    const cut = Math.max(prefix.lastIndexOf('-'), prefix.lastIndexOf('.'));
    if (cut > 0) prefix = prefix.slice(0, cut);
    else if (prefix.length > 1) prefix = prefix.slice(0, 1);
    else return undefined;
  }
}

/** A node's name, or its code; a slug path such as human_services:health:detox gives its names nearest first. */
const nodeKeys = (node: { code: string | null; name: string | null }) =>
  (node.name ?? node.code ?? '').split(':').reverse().map(nameKey).filter((key) => key !== '');

/** The nearest of the term and its ancestors that has a rule, unless a branch rule above them decides for all. */
function openEligibilityDecision(term: CrosswalkTerm): Decision | undefined {
  const path = [term, ...(term.ancestors ?? [])].flatMap(nodeKeys);
  const decisions = path.map((key) => openEligibilityRules.get(key)).filter((decision) => decision !== undefined);
  return decisions.find((decision) => decision.branch) ?? decisions[0];
}

/**
 * A term's vocabulary: its taxonomy name when known; otherwise an AIRS-shaped code, then an exact
 * Open Eligibility name. A code of letters alone (L, BH) counts as AIRS only when no taxonomy is
 * named: another named vocabulary (NTEE's L is housing) may use bare letters too.
 */
function decide(term: CrosswalkTerm): Decision | undefined {
  const taxonomy = (term.taxonomy && taxonomyKey(term.taxonomy)) || null;
  const code = term.code ? airsCode(term.code) : '';
  if (taxonomy !== null && airsTaxonomies.has(taxonomy)) return AIRS_CODE.test(code) ? airsDecision(code) : undefined;
  if (taxonomy !== null && openEligibilityTaxonomies.has(taxonomy)) return openEligibilityDecision(term);
  if (AIRS_CODE.test(code) && (taxonomy === null || code.includes('-'))) return airsDecision(code);
  if (term.name && openEligibilityRules.has(nameKey(term.name))) return openEligibilityDecision(term);
  return undefined;
}

/**
 * Between rules of the same depth, the category earlier here wins: treatment and recovery support
 * are what Beacon is for; housing is the first need after treatment; then health care, work, legal
 * and money matters, education; transportation usually serves another need; basic needs come last,
 * being the broadest category (and the fallback). Equal categories keep the rule whose name sorts
 * first, so the answer never depends on the order of the terms.
 */
const PRIORITY: Record<ServiceCategory, number> = {
  [ServiceCategory.TREATMENT]: 0,
  [ServiceCategory.RECOVERY_SUPPORT]: 1,
  [ServiceCategory.HOUSING]: 2,
  [ServiceCategory.HEALTH_CARE]: 3,
  [ServiceCategory.EMPLOYMENT]: 4,
  [ServiceCategory.LEGAL]: 5,
  [ServiceCategory.FINANCIAL]: 6,
  [ServiceCategory.EDUCATION]: 7,
  [ServiceCategory.TRANSPORTATION]: 8,
  [ServiceCategory.BASIC_NEEDS]: 9,
};

type Mapping = Decision & { category: ServiceCategory };
const maps = (decision: Decision | undefined): decision is Mapping => decision !== undefined && decision.category !== null;
const beats = (a: Mapping, b: Mapping) =>
  a.depth !== b.depth ? a.depth > b.depth : a.category !== b.category ? PRIORITY[a.category] < PRIORITY[b.category] : a.rule < b.rule;

/** The Beacon category of a service from its imported terms: the most specific rule over all its terms; the fallback (mapped: false) when none maps. */
export function categoryForTerms(terms: CrosswalkTerm[]): CrosswalkResult {
  let best: Mapping | undefined;
  for (const term of terms) {
    const decision = decide(term);
    if (maps(decision) && (best === undefined || beats(decision, best))) best = decision;
  }
  return best ? { category: best.category, mapped: true, rule: best.rule } : { category: crosswalkFallback, mapped: false, rule: null };
}
