import { Field, ObjectType } from 'type-graphql';
import { Certification } from './certification.entity';
import { Grant } from './grant.entity';
import { Organization } from './organization.entity';
import { User } from './user.entity';

@ObjectType()
export class AuthPayload {
  @Field({ description: 'Bearer token for the Authorization header.' }) token: string;
  @Field() expiresAt: Date;
  @Field(() => User) user: User;
}

@ObjectType()
export class OrganizationPayload {
  @Field(() => Organization) organization: Organization;
}

@ObjectType()
export class UserPayload {
  @Field(() => User) user: User;
}

@ObjectType()
export class CertificationPayload {
  @Field(() => Certification) certification: Certification;
}

@ObjectType()
export class GrantPayload {
  @Field(() => Grant) grant: Grant;
}
