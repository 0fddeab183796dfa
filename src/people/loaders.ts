import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { Context } from '../context';
import { byKey, groupedByKey } from '../common/loaders';
import { Certification } from './certification.entity';
import { Organization } from './organization.entity';
import { User } from './user.entity';

export const userLoaders = (ctx: Context) => ({
  byId: new DataLoader<string, User | null>(async (ids) =>
    byKey(ids, await ctx.em.findBy(User, { id: In([...ids]) }), (u) => u.id),
  ),
  certifications: new DataLoader<string, Certification[]>(async (userIds) =>
    groupedByKey(
      userIds,
      await ctx.em.find(Certification, { where: { userId: In([...userIds]) }, order: { name: 'ASC' } }),
      (c) => c.userId,
    ),
  ),
});

export const organizationLoaders = (ctx: Context) => ({
  byId: new DataLoader<string, Organization | null>(async (ids) =>
    byKey(ids, await ctx.em.findBy(Organization, { id: In([...ids]) }), (o) => o.id),
  ),
});
