import { Field, Float, Int, ObjectType } from 'type-graphql';
import { ProtectedReport } from '../reports/types';

@ObjectType({
  description:
    'Clients with at least two assessments: the change from their first total to their latest. Protected like the outcome report: small counts, and counts from which one could be derived, are null, with the mean change beside them; every other count is shifted by a consistent amount of at most maxPerturbation.',
})
export class RecoveryCapitalRow {
  @Field(() => String, { nullable: true, description: 'Of the first assessment: YYYY-MM under MONTH, YYYY-Qn under QUARTER.' })
  period: string | null;

  /** The client's organization, resolved through the organization loader. */
  organizationId: string | null;

  @Field(() => Int, { nullable: true, description: 'Clients with two or more assessments.' })
  clients: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean of (latest total - first total), one decimal, over the exact figures; withheld with clients.' })
  meanChange: number | null;

  @Field(() => Int, { nullable: true, description: 'Clients whose latest total is above their first.' })
  improved: number | null;

  @Field({ description: 'True when any value of this row is withheld.' })
  suppressed: boolean;
}

@ObjectType()
export class RecoveryCapitalReport extends ProtectedReport(RecoveryCapitalRow) {}
