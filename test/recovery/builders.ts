import type { Beacon } from '../harness/beacon';

/** What the recovery tests send and read: the coach app's documents, with the history addition. */

export const PLAN_FIELDS = `id version triggers warningSigns copingStrategies crisisPlan updatedAt
  supportContacts { name relationship phone } updatedBy { id }
  changes { field previousValue newValue version at changedBy { id } }`;
export const SAVE_PLAN = `mutation($input: SaveRecoveryPlanInput!) { saveRecoveryPlan(input: $input) { recoveryPlan { ${PLAN_FIELDS} } } }`;
export const RECORD_ASSESSMENT = `mutation($input: RecordAssessmentInput!) { recordAssessment(input: $input) { assessment { id takenOn items total createdAt recordedBy { id } } } }`;
export const HAND_OFF = `mutation($input: HandOffClientInput!) {
  handOffClient(input: $input) { client { id assignedCoach { id } handoffs { id note at from { id } to { id } } } } }`;
export const CLIENT_RECOVERY = `query($id: ID!) { client(id: $id) {
  id alias
  recoveryPlan { ${PLAN_FIELDS} }
  assessments { id takenOn items total recordedBy { id } }
  handoffs { id note at from { id } to { id } }
} }`;

/** The ten ratings of a BARC-10 that totals `10 + raise` (raise up to 50), spread over the items. */
export const ratings = (raise = 20) => Array.from({ length: 10 }, (_, i) => 1 + Math.floor(raise / 10) + (i < raise % 10 ? 1 : 0));

export async function savePlan(beacon: Beacon, token: string, input: Record<string, unknown>) {
  return (await beacon.ok(SAVE_PLAN, { input }, token)).saveRecoveryPlan.recoveryPlan;
}

export async function anAssessment(beacon: Beacon, token: string, clientId: string, takenOn: string, items = ratings()) {
  return (await beacon.ok(RECORD_ASSESSMENT, { input: { clientId, takenOn, items } }, token)).recordAssessment.assessment;
}

export async function handOff(beacon: Beacon, token: string, clientId: string, toCoachId: string, note: string | null = 'Meets weekly on Tuesdays') {
  return (await beacon.ok(HAND_OFF, { input: { clientId, toCoachId, note } }, token)).handOffClient.client;
}

export async function recoveryOf(beacon: Beacon, token: string, clientId: string) {
  return (await beacon.ok(CLIENT_RECOVERY, { id: clientId }, token)).client;
}

/** Rows of a recovery table for one client, read directly: the API never shows what a refused write would have left. */
export async function rowsOf(beacon: Beacon, table: 'recovery_plan' | 'recovery_assessment' | 'client_handoff', clientId: string): Promise<number> {
  const [{ n }] = await beacon.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE client_id = $1`, [clientId]);
  return n;
}

export async function planChangeRows(beacon: Beacon, clientId: string): Promise<number> {
  const [{ n }] = await beacon.dataSource.query(
    `SELECT count(*)::int AS n FROM recovery_plan_change c JOIN recovery_plan p ON p.id = c.plan_id WHERE p.client_id = $1`,
    [clientId],
  );
  return n;
}
