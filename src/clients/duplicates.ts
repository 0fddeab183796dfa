import type { Context } from '../context';
import { AppError } from '../common/errors';
import { Client } from './client.entity';
import { isCoachSide } from './client.policy';

/** Likely duplicates: BAD_USER_INPUT that says how many there are and lists only those the caller may see. */
export class LikelyDuplicates extends AppError {
  constructor(count: number, visible: Pick<Client, 'id' | 'alias'>[]) {
    const seen = visible.length > 0 ? ` (${visible.map((c) => c.alias).join(', ')} among them)` : '';
    const message = `${count} client${count === 1 ? '' : 's'} in your organization already ${count === 1 ? 'has' : 'have'} this first name, last name and birth year${seen}; set allowDuplicate to create this client anyway.`;
    const field = (name: string) => ({ field: `input.${name}`, message: `matches ${count} existing client${count === 1 ? '' : 's'}` });
    super(message, 'BAD_USER_INPUT', {
      fields: [field('firstName'), field('lastName'), field('birthYear')],
      duplicateCount: count,
      duplicates: visible.map((c) => ({ id: c.id, alias: c.alias })),
    });
  }
}

/**
 * Throws LikelyDuplicates when the organization already has a client with the same first
 * name, last name and birth year (case-insensitive); a record that lacks any of the three is
 * never a likely duplicate.
 */
export async function checkDuplicates(
  ctx: Context,
  organizationId: string,
  person: { firstName: string | null; lastName: string | null; birthYear: number | null },
): Promise<void> {
  if (!person.firstName || !person.lastName || person.birthYear === null) return;
  const matches = await ctx.em
    .createQueryBuilder(Client, 'c')
    .where('c.organization_id = :organizationId', { organizationId })
    .andWhere('lower(c.last_name) = lower(:lastName)', { lastName: person.lastName })
    .andWhere('lower(c.first_name) = lower(:firstName)', { firstName: person.firstName })
    .andWhere('c.birth_year = :birthYear', { birthYear: person.birthYear })
    .orderBy('lower(c.alias)')
    .getMany();
  if (matches.length === 0) return;
  throw new LikelyDuplicates(matches.length, matches.filter((c) => isCoachSide(ctx.viewer, c)));
}
