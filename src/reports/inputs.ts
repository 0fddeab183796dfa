import { IsEnum, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DateScalar } from '../common/scalars';
import { ServiceCategory } from '../directory/enums';
import { ReportDimension } from './enums';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MESSAGE = { message: 'must be a day, YYYY-MM-DD' };

/**
 * The report's selection. GraphQL checks these types itself; the class-validator rules are
 * there for the CSV route, whose query parameters arrive as plain strings.
 */
@InputType()
export class OutcomeReportInput {
  @Field(() => DateScalar, { description: "Referrals created on or after this day (days in the server's DEFAULT_TIME_ZONE)." })
  @Matches(DAY, DAY_MESSAGE)
  @IsISO8601({ strict: true }, DAY_MESSAGE)
  from: string;

  @Field(() => DateScalar, { description: 'Referrals created on or before this day.' })
  @Matches(DAY, DAY_MESSAGE)
  @IsISO8601({ strict: true }, DAY_MESSAGE)
  to: string;

  @Field(() => [ReportDimension], { description: 'At most one of MONTH and QUARTER.' })
  @IsEnum(ReportDimension, { each: true, message: `must each be one of ${Object.values(ReportDimension).join(', ')}` })
  groupBy: ReportDimension[];

  @Field(() => [ServiceCategory], { nullable: true })
  @IsOptional()
  @IsEnum(ServiceCategory, { each: true, message: `must each be one of ${Object.values(ServiceCategory).join(', ')}` })
  categories?: ServiceCategory[] | null;

  @Field(() => [ID], { nullable: true, description: 'Receiving organizations; default: every organization the viewer may report on.' })
  @IsOptional()
  @IsUUID('all', { each: true, message: 'must each be an id' })
  organizationIds?: string[] | null;
}
