import { Arg, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Role } from '../people/enums';
import { organizationLoaders } from '../people/loaders';
import { Organization } from '../people/organization.entity';
import { RecoveryCapitalReportInput } from './recovery-capital-report.inputs';
import { recoveryCapitalReport } from './recovery-capital-report.service';
import { RecoveryCapitalReport, RecoveryCapitalRow } from './recovery-capital-report.types';

@Resolver(() => RecoveryCapitalRow)
export class RecoveryCapitalReportResolver {
  @Authorized(Role.ADMIN, Role.FUNDER)
  @Query(() => RecoveryCapitalReport, { description: 'Funders: organizations they hold a grant for that overlaps the period. Admins: all.' })
  recoveryCapitalReport(@Ctx() ctx: Context, @Arg('input') input: RecoveryCapitalReportInput) {
    return recoveryCapitalReport(ctx, input, 'graphql');
  }

  @FieldResolver(() => Organization, { nullable: true, description: "The clients' organization, under ORGANIZATION." })
  organization(@Root() row: RecoveryCapitalRow, @Ctx() ctx: Context) {
    return row.organizationId ? ctx.load(organizationLoaders).byId.load(row.organizationId) : null;
  }
}
