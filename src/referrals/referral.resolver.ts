import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Client } from '../clients/client.entity';
import { clientLoaders, goalLoaders } from '../clients/loaders';
import { Goal } from '../clients/goal.entity';
import { Selection } from '../common/selection';
import { serviceLoaders } from '../directory/loaders';
import { servicePartsOf } from '../directory/service-cards';
import { Service } from '../directory/service.entity';
import { Role } from '../people/enums';
import { organizationLoaders, userLoaders } from '../people/loaders';
import { Organization } from '../people/organization.entity';
import { User } from '../people/user.entity';
import { AddReferralNoteInput, CreateReferralInput, RecordOutcomeInput, ReferralFilter, TransitionReferralInput } from './inputs';
import type { ReferralParts } from './loaders';
import { visibleNotes, visibleOutcomeNote, visibleReason, type HistoryEvent } from './referral-notes.policy';
import { ReferralEvent } from './referral-event.entity';
import { ReferralNote } from './referral-note.entity';
import { followUpQueue, getReferral, historyOf, listReferrals, outcomeOf } from './referral-reads.service';
import { Referral } from './referral.entity';
import { addReferralNote, createReferral, recordOutcome, transitionReferral } from './referrals.service';
import { Outcome, ReferralConnection, ReferralNotePayload, ReferralPayload } from './types';

const READERS = [Role.ADMIN, Role.COACH, Role.SUPERVISOR, Role.AGENCY_STAFF];
const PARTIES = [Role.COACH, Role.SUPERVISOR, Role.AGENCY_STAFF];

/** What a ReferralConnection's selection reads besides the referrals' own columns (see primeReferralParts). */
function referralPartsOf(connection: Selection): ReferralParts {
  const node = connection.under('edges').under('node');
  return {
    totalCount: connection.has('totalCount'),
    client: node.has('client'),
    service: node.has('service') ? servicePartsOf(node.under('service')) : null,
    receivingOrganization: node.has('receivingOrganization'),
    referredBy: node.has('referredBy'),
    outcomeRecordedBy: node.under('outcome').has('recordedBy'),
  };
}

@Resolver(() => Referral)
export class ReferralResolver {
  @Authorized(...READERS)
  @Query(() => ReferralConnection)
  referrals(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => ReferralFilter, { nullable: true }) filter?: ReferralFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return listReferrals(ctx, filter, { first, after, parts: referralPartsOf(Selection.of(info)) });
  }

  @Authorized(...READERS)
  @Query(() => Referral, { nullable: true })
  referral(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return getReferral(ctx, id);
  }

  @Authorized(...READERS)
  @Query(() => ReferralConnection, { description: 'Open referrals whose follow-up is due, most overdue first.' })
  followUpQueue(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return followUpQueue(ctx, { first, after, parts: referralPartsOf(Selection.of(info)) });
  }

  @Authorized(Role.COACH, Role.SUPERVISOR)
  @Mutation(() => ReferralPayload)
  async createReferral(@Ctx() ctx: Context, @Arg('input') input: CreateReferralInput) {
    return { referral: await createReferral(ctx, input) };
  }

  @Authorized(...READERS)
  @Mutation(() => ReferralPayload, {
    description: "Coaches: requester steps, and agency steps on the agency's behalf. Agency staff: agency steps on referrals they receive.",
  })
  async transitionReferral(@Ctx() ctx: Context, @Arg('input') input: TransitionReferralInput) {
    return { referral: await transitionReferral(ctx, input) };
  }

  @Authorized(...PARTIES)
  @Mutation(() => ReferralNotePayload)
  addReferralNote(@Ctx() ctx: Context, @Arg('input') input: AddReferralNoteInput) {
    return addReferralNote(ctx, input);
  }

  @Authorized(...PARTIES)
  @Mutation(() => ReferralPayload, {
    description:
      'Records the outcome and closes the referral: COMPLETED when the outcome is successful; otherwise REJECTED or CANCELLED if it was never accepted, FAILED if it was.',
  })
  async recordOutcome(@Ctx() ctx: Context, @Arg('input') input: RecordOutcomeInput) {
    return { referral: await recordOutcome(ctx, input) };
  }

  @FieldResolver(() => Client)
  client(@Root() referral: Referral, @Ctx() ctx: Context) {
    return ctx.load(clientLoaders).byId.load(referral.clientId);
  }

  @FieldResolver(() => Service)
  service(@Root() referral: Referral, @Ctx() ctx: Context) {
    return ctx.load(serviceLoaders).byId.load(referral.serviceId);
  }

  @FieldResolver(() => Organization, { description: 'The organization the service belongs to, which receives the referral.' })
  receivingOrganization(@Root() referral: Referral, @Ctx() ctx: Context) {
    return ctx.load(organizationLoaders).byId.load(referral.receivingOrganizationId);
  }

  @FieldResolver(() => User)
  referredBy(@Root() referral: Referral, @Ctx() ctx: Context) {
    return ctx.load(userLoaders).byId.load(referral.referredById);
  }

  @FieldResolver(() => Goal, { nullable: true })
  goal(@Root() referral: Referral, @Ctx() ctx: Context) {
    return referral.goalId ? ctx.load(goalLoaders).byId.load(referral.goalId) : null;
  }

  @FieldResolver(() => [ReferralEvent], { description: 'Oldest first.' })
  history(@Root() referral: Referral, @Ctx() ctx: Context) {
    return historyOf(ctx, referral);
  }

  @FieldResolver(() => [ReferralNote], {
    description: 'Visible to the receiving agency only with an active SHARE_NOTES consent, and never once the referral is ENTERED_IN_ERROR.',
  })
  notes(@Root() referral: Referral, @Ctx() ctx: Context) {
    return visibleNotes(ctx, referral);
  }

  @FieldResolver(() => Outcome, { nullable: true })
  outcome(@Root() referral: Referral) {
    return outcomeOf(referral);
  }

  @FieldResolver(() => Boolean)
  overdue(@Root() referral: Referral) {
    return referral.followUpDue !== null && referral.followUpDue < new Date();
  }
}

@Resolver(() => ReferralEvent)
export class ReferralEventResolver {
  @FieldResolver(() => User)
  actor(@Root() event: HistoryEvent, @Ctx() ctx: Context) {
    return ctx.load(userLoaders).byId.load(event.actorId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Free text like a note: the referring side reads every reason; the receiving agency its own staff's, and the others' only under an active SHARE_NOTES consent and never once the referral is ENTERED_IN_ERROR; admins only those of ENTERED_IN_ERROR events. Null where hidden.",
  })
  reason(@Root() event: HistoryEvent, @Ctx() ctx: Context) {
    return visibleReason(ctx, event);
  }
}

@Resolver(() => ReferralNote)
export class ReferralNoteResolver {
  @FieldResolver(() => User)
  author(@Root() note: ReferralNote, @Ctx() ctx: Context) {
    return ctx.load(userLoaders).byId.load(note.authorId);
  }
}

@Resolver(() => Outcome)
export class OutcomeResolver {
  @FieldResolver(() => User)
  recordedBy(@Root() outcome: Outcome, @Ctx() ctx: Context) {
    return ctx.load(userLoaders).byId.load(outcome.recordedById);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Read as the referral\'s notes are: hidden (null) from those who may not read them.' })
  note(@Root() outcome: Outcome, @Ctx() ctx: Context) {
    return visibleOutcomeNote(ctx, outcome);
  }
}
