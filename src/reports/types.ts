import { type ClassType, Field, Float, Int, ObjectType } from 'type-graphql';
import { DateScalar } from '../common/scalars';
import { ServiceCategory } from '../directory/enums';
import { OutcomeType } from '../referrals/enums';
import { ReportDimension } from './enums';

@ObjectType({
  description:
    'One cell of the report. Counts below the suppression threshold, and any count from which such a count could be derived, are null; so are rates and medians over them. Every other count is shifted by a consistent amount of at most maxPerturbation, and rates come from the shifted counts.',
})
export class OutcomeReportRow {
  @Field(() => String, { nullable: true, description: 'YYYY-MM under MONTH, YYYY-Qn under QUARTER.' })
  period: string | null;

  @Field(() => ServiceCategory, { nullable: true })
  category: ServiceCategory | null;

  /** The receiving organization, resolved through the organization loader. */
  organizationId: string | null;

  @Field(() => OutcomeType, { nullable: true, description: 'Null under OUTCOME_TYPE for the referrals with no outcome yet.' })
  outcomeType: OutcomeType | null;

  @Field(() => Int, { nullable: true }) referrals: number | null;
  @Field(() => Int, { nullable: true, description: 'Referrals that ever reached ACCEPTED.' }) accepted: number | null;
  @Field(() => Int, { nullable: true }) completed: number | null;
  @Field(() => Int, { nullable: true }) successful: number | null;
  @Field(() => Float, { nullable: true, description: 'successful / (successful + unsuccessful outcomes).' }) successRate: number | null;
  @Field(() => Float, { nullable: true, description: 'Days from creation to the outcome day, in DEFAULT_TIME_ZONE.' }) medianDaysToOutcome: number | null;
  @Field(() => Int, { nullable: true }) uniqueClients: number | null;

  @Field({ description: 'True when any value of this row is withheld.' })
  suppressed: boolean;
}

/**
 * The fields every protected report has around its rows (the outcome report, the recovery
 * capital report): one definition, so both say the same of their protection.
 */
export function ProtectedReport<Row extends object>(row: ClassType<Row>) {
  // Not in the schema itself: only the classes that extend it are reachable from a field.
  @ObjectType()
  abstract class Report {
    @Field(() => DateScalar) from: string;
    @Field(() => DateScalar) to: string;
    @Field(() => [ReportDimension]) groupBy: ReportDimension[];
    @Field(() => Int) suppressionThreshold: number;
    @Field(() => Int, { description: 'Every published count is shifted by a consistent amount of at most this many (0: exact counts).' })
    maxPerturbation: number;
    @Field(() => [row]) rows: Row[];
    @Field(() => row, { description: "Over the viewer's whole scope for the period, whatever the filters: they choose rows only." })
    totals: Row;
  }
  return Report;
}

@ObjectType()
export class OutcomeReport extends ProtectedReport(OutcomeReportRow) {}
