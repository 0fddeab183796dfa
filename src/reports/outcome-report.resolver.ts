import { Arg, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Role } from '../people/enums';
import { organizationLoaders } from '../people/loaders';
import { Organization } from '../people/organization.entity';
import { OutcomeReportInput } from './inputs';
import { outcomeReport } from './outcome-report.service';
import { OutcomeReport, OutcomeReportRow } from './types';

@Resolver(() => OutcomeReportRow)
export class OutcomeReportResolver {
  @Authorized(Role.ADMIN, Role.FUNDER)
  @Query(() => OutcomeReport, { description: 'Funders: organizations they hold a grant for that overlaps the period. Admins: all.' })
  outcomeReport(@Ctx() ctx: Context, @Arg('input') input: OutcomeReportInput) {
    return outcomeReport(ctx, input, 'graphql');
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The receiving organization, under ORGANIZATION.' })
  organization(@Root() row: OutcomeReportRow, @Ctx() ctx: Context) {
    return row.organizationId ? ctx.load(organizationLoaders).byId.load(row.organizationId) : null;
  }
}
