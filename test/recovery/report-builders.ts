import type { Beacon } from '../harness/beacon';
import { clientDocument } from '../../src/trusted-documents/manifest';

/** The funder dashboard's document, as the contract writes it. */
export const RECOVERY_CAPITAL_REPORT = clientDocument('RecoveryCapitalReport');

export async function recoveryReport(beacon: Beacon, token: string, input: Record<string, unknown>) {
  return (await beacon.ok(RECOVERY_CAPITAL_REPORT, { input }, token)).recoveryCapitalReport;
}

/** Ten BARC-10 ratings (1 to 6) that add up to `total` (10 to 60). */
export function ratingsFor(total: number): number[] {
  const base = Math.floor(total / 10);
  return Array.from({ length: 10 }, (_, i) => base + (i < total % 10 ? 1 : 0));
}

/** One assessment: the day it was taken, its total, and when it was recorded (default: noon that day). */
export type Taken = [day: string, total: number, recordedAt?: string];

/**
 * Assessments of a client, written straight into recovery_assessment in the order given:
 * recordAssessment is being built beside this report and cannot date an assessment in the
 * past anyway, so the tests set the days (and recording times) they need with SQL.
 */
export async function assessed(beacon: Beacon, clientId: string, recordedById: string, taken: Taken[]): Promise<void> {
  for (const [day, total, recordedAt] of taken) {
    await beacon.dataSource.query(
      `INSERT INTO recovery_assessment (client_id, taken_on, items, recorded_by_id, created_at) VALUES ($1, $2::date, $3::smallint[], $4, $5::timestamptz)`,
      [clientId, day, ratingsFor(total), recordedById, recordedAt ?? `${day}T12:00:00Z`],
    );
  }
}

/** A row of the report without its organization's name, for comparing figures. */
export const figuresOf = (row: { period?: string | null; organization?: { id: string } | null; clients: number | null; meanChange: number | null; improved: number | null; suppressed: boolean }) => ({
  period: row.period ?? null,
  organizationId: row.organization?.id ?? null,
  clients: row.clients,
  meanChange: row.meanChange,
  improved: row.improved,
  suppressed: row.suppressed,
});
