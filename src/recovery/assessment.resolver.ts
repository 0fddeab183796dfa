import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Role } from '../people/enums';
import { userLoaders } from '../people/loaders';
import { User } from '../people/user.entity';
import { RecoveryCapitalAssessment } from './assessment.entity';
import { recordAssessment } from './assessments.service';
import { RecordAssessmentInput } from './inputs';
import { AssessmentPayload } from './payloads';

@Resolver(() => RecoveryCapitalAssessment)
export class AssessmentResolver {
  // Coach side only: a role that may never do this is FORBIDDEN (whatever the client), a coach or supervisor out of reach NOT_FOUND.
  @Authorized(Role.COACH, Role.SUPERVISOR)
  @Mutation(() => AssessmentPayload, { description: "The client's coach and supervisors of its organization." })
  async recordAssessment(@Ctx() ctx: Context, @Arg('input') input: RecordAssessmentInput) {
    return { assessment: await recordAssessment(ctx, input) };
  }

  @FieldResolver(() => User)
  recordedBy(@Root() assessment: RecoveryCapitalAssessment, @Ctx() ctx: Context) {
    return ctx.load(userLoaders).byId.load(assessment.recordedById);
  }
}
