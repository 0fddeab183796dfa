import { IsOptional, IsUUID } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { ReferralUpdateKind } from './enums';

@InputType()
export class CreateWebhookInput {
  @Field(() => ID, { nullable: true, description: "Default: the viewer's organization. Only admins may name another." })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  organizationId?: string | null;

  /** Checked by the service (webhook-address.ts), which says what is wrong with it. */
  @Field({ description: 'An absolute https URL of at most 2000 characters.' }) url: string;

  @Field(() => [ReferralUpdateKind], { nullable: true, description: 'Default: every kind.' }) kinds?: ReferralUpdateKind[] | null;
}
