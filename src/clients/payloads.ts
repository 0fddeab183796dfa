import { Field, ObjectType } from 'type-graphql';
import { Client } from './client.entity';
import { Consent } from './consent.entity';
import { Goal } from './goal.entity';

@ObjectType()
export class ClientPayload {
  @Field(() => Client) client: Client;
}

@ObjectType()
export class ConsentPayload {
  @Field(() => Consent) consent: Consent;
}

@ObjectType()
export class GoalPayload {
  @Field(() => Goal) goal: Goal;
}
