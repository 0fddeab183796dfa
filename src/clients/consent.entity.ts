import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ConsentMethod, ConsentScope } from './enums';

/** A client's consent to share with one organization; `active` is computed when read (ConsentResolver). */
@ObjectType()
@Entity('consent')
export class Consent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'client_id' })
  clientId: string;

  /** The organization the client consents to share with. */
  @Column('uuid', { name: 'organization_id' })
  organizationId: string;

  @Field(() => ConsentScope)
  @Column('text')
  scope: ConsentScope;

  @Field(() => ConsentMethod)
  @Column('text')
  method: ConsentMethod;

  @Field()
  @Column({ type: 'timestamptz', name: 'granted_at', precision: 3 })
  grantedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', name: 'expires_at', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', name: 'revoked_at', precision: 3, nullable: true })
  revokedAt: Date | null;

  @Column('uuid', { name: 'recorded_by_id' })
  recordedById: string;
}

/** Granted, not revoked, not expired, at `now`. */
export function isActive(consent: Pick<Consent, 'revokedAt' | 'expiresAt'>, now = new Date()): boolean {
  return consent.revokedAt === null && (consent.expiresAt === null || consent.expiresAt > now);
}
