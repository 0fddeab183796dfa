import type { Context } from '../context';

export interface FieldChange {
  field: string;
  previous: unknown;
  next: unknown;
}

/** The fields whose canonical values differ between `before` and `after`, for the keys given. */
export function diff<T extends object>(before: T, after: T, keys: Iterable<keyof T>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const key of keys) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changes.push({ field: String(key), previous: before[key] ?? null, next: after[key] ?? null });
    }
  }
  return changes;
}

/** Writes one HSDS metadata row per changed field (one statement), in the caller's transaction. */
export async function recordChanges(tx: Context, serviceId: string, action: string, changes: FieldChange[]): Promise<void> {
  if (!changes.length) return;
  await tx.em.query(
    `INSERT INTO metadata (resource_id, resource_type, last_action_type, field_name, previous_value, replacement_value, updated_by_id)
     SELECT $1, 'service', $2, c->>'field', c->'previous', c->'next', $3
     FROM jsonb_array_elements($4::jsonb) AS c`,
    [serviceId, action, tx.viewer?.id ?? null, JSON.stringify(changes)],
  );
}
