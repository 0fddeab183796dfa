import { OutcomeType, ReferralStatus as S } from './enums';

/** The side a step belongs to: the referring coach's, the receiving agency's, or an admin's. */
export type Side = 'requester' | 'agency' | 'admin';

export interface Step {
  from: S;
  to: S;
  by: Side[];
  reasonRequired: boolean;
}

const ACTIVE = [S.ACCEPTED, S.IN_PROGRESS, S.ON_HOLD];
const NOT_IN_ERROR = Object.values(S).filter((s) => s !== S.ENTERED_IN_ERROR);

function rows(from: S[], to: S[], by: Side[], reasonRequired: boolean): Step[] {
  return from.flatMap((f) => to.filter((t) => t !== f).map((t) => ({ from: f, to: t, by, reasonRequired })));
}

/**
 * DESIGN.md's lifecycle table, one row per (from, to). No status moves to itself; REJECTED,
 * COMPLETED, FAILED and CANCELLED lead only to ENTERED_IN_ERROR, which leads nowhere.
 */
export const LIFECYCLE: readonly Step[] = [
  ...rows([S.DRAFT], [S.REQUESTED], ['requester'], false),
  ...rows([S.DRAFT], [S.CANCELLED], ['requester'], true),
  ...rows([S.REQUESTED], [S.ACCEPTED], ['agency'], false),
  ...rows([S.REQUESTED], [S.REJECTED], ['agency'], true),
  ...rows([S.REQUESTED], [S.CANCELLED], ['requester'], true),
  ...rows(ACTIVE, [S.IN_PROGRESS, S.COMPLETED], ['agency'], false),
  ...rows(ACTIVE, [S.ON_HOLD, S.FAILED], ['agency'], true),
  ...rows(ACTIVE, [S.CANCELLED], ['requester', 'agency'], true),
  ...rows(NOT_IN_ERROR, [S.ENTERED_IN_ERROR], ['requester', 'admin'], true),
];

/** The steps from `from` that a caller acting as any of `sides` may take. */
export function stepsFrom(from: S, sides: readonly Side[]): Step[] {
  return LIFECYCLE.filter((step) => step.from === from && step.by.some((side) => sides.includes(side)));
}

/**
 * Whether a caller acting as `sides` records a step into `to` on the agency's behalf: the
 * coach side taking a step that only the agency may take. An outcome may close a referral
 * where the table has no row from `from` (REQUESTED to COMPLETED), so then the rows into
 * `to` from anywhere say whose step it is.
 */
export function onBehalfOfAgency(from: S, to: S, sides: readonly Side[]): boolean {
  const direct = LIFECYCLE.filter((step) => step.from === from && step.to === to);
  const into = direct.length > 0 ? direct : LIFECYCLE.filter((step) => step.to === to);
  return sides.includes('requester') && into.every((step) => !step.by.includes('requester'));
}

/** Where recordOutcome may be called from. */
export const OUTCOME_FROM = new Set<S>([S.REQUESTED, S.ACCEPTED, S.IN_PROGRESS, S.ON_HOLD]);

/** Where an outcome closes the referral: success completes it; otherwise it depends on whether the agency ever accepted it. */
export function outcomeLanding(successful: boolean, type: OutcomeType, everAccepted: boolean): S {
  if (successful) return S.COMPLETED;
  if (everAccepted) return S.FAILED;
  return type === OutcomeType.NOT_ELIGIBLE || type === OutcomeType.NO_CAPACITY ? S.REJECTED : S.CANCELLED;
}
