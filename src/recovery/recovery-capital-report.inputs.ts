import { Field, ID, InputType } from 'type-graphql';
import { DateScalar } from '../common/scalars';
import { ReportDimension } from '../reports/enums';
import { IsDimensionList, IsOrganizationList, IsReportDay } from '../reports/inputs';

/** The recovery capital report's selection, checked by the outcome report's rules for the GraphQL query and the CSV route alike. */
@InputType()
export class RecoveryCapitalReportInput {
  @Field(() => DateScalar, { description: 'Clients whose first assessment falls in [from, to]; whole months, as the outcome report.' })
  @IsReportDay()
  from: string;

  @Field(() => DateScalar)
  @IsReportDay()
  to: string;

  @Field(() => [ReportDimension], { description: "Any of MONTH or QUARTER (of the first assessment) and ORGANIZATION (the client's)." })
  @IsDimensionList()
  groupBy: ReportDimension[];

  @Field(() => [ID], {
    nullable: true,
    description:
      "The clients' organizations whose rows are shown (grouped by ORGANIZATION if groupBy does not say so); default: every organization the viewer may report on. Every figure, the totals included, is over all of them.",
  })
  @IsOrganizationList()
  organizationIds?: string[] | null;
}
