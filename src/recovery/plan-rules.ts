import { FieldProblems } from '../common/errors';
import type { SaveRecoveryPlanInput, SupportContactInput } from './inputs';
import { LIMITS } from './limits';
import type { SupportContact } from './recovery-plan.entity';

const LISTS = ['triggers', 'warningSigns', 'copingStrategies'] as const;

/** The fields a plan's history follows, one change row each. */
export const PLAN_FIELDS = [...LISTS, 'supportContacts', 'crisisPlan'] as const;

export interface PlanValues {
  triggers: string[];
  warningSigns: string[];
  copingStrategies: string[];
  supportContacts: SupportContact[];
  crisisPlan: string | null;
}

/** What a plan holds before its first save. */
export const EMPTY_PLAN: PlanValues = { triggers: [], warningSigns: [], copingStrategies: [], supportContacts: [], crisisPlan: null };

/**
 * The values the input gives, trimmed: an omitted field is absent (it stays as it is), a null
 * one empty. Every bad entry is BAD_USER_INPUT naming its path (input.triggers.3), all at once.
 * Lengths of contacts' fields and of the crisis plan are class-validator's (inputs.ts).
 */
export function givenValues(input: SaveRecoveryPlanInput): Partial<PlanValues> {
  const problems = new FieldProblems();
  const given: Partial<PlanValues> = {};
  for (const field of LISTS) {
    if (input[field] !== undefined) given[field] = textList(problems, `input.${field}`, input[field] ?? []);
  }
  if (input.supportContacts !== undefined) given.supportContacts = contacts(problems, input.supportContacts ?? []);
  if (input.crisisPlan !== undefined) given.crisisPlan = input.crisisPlan?.trim() || null;
  problems.throwIfAny();
  return given;
}

function textList(problems: FieldProblems, path: string, list: string[]): string[] {
  problems.check(list.length <= LIMITS.entries, path, `must list at most ${LIMITS.entries} entries`);
  return list.map((entry, i) => {
    const text = entry.trim();
    problems.check(text.length > 0, `${path}.${i}`, 'must not be blank');
    problems.check(text.length <= LIMITS.entryLength, `${path}.${i}`, `must be at most ${LIMITS.entryLength} characters`);
    return text;
  });
}

function contacts(problems: FieldProblems, list: SupportContactInput[]): SupportContact[] {
  problems.check(list.length <= LIMITS.contacts, 'input.supportContacts', `must list at most ${LIMITS.contacts} contacts`);
  return list.map((contact, i) => {
    const name = contact.name.trim();
    problems.check(name.length > 0, `input.supportContacts.${i}.name`, 'must not be blank');
    return { name, relationship: contact.relationship?.trim() || null, phone: contact.phone?.trim() || null };
  });
}
