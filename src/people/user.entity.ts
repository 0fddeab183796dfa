import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { CoachKind, Role } from './enums';

@ObjectType()
@Entity('app_user')
export class User {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-case; unique. */
  @Field()
  @Column('text')
  email: string;

  @Field()
  @Column('text')
  name: string;

  @Field(() => Role)
  @Column('text')
  role: Role;

  @Field(() => CoachKind, { nullable: true })
  @Column('text', { name: 'coach_kind', nullable: true })
  coachKind: CoachKind | null;

  @Column('uuid', { name: 'organization_id', nullable: true })
  organizationId: string | null;

  @Column('uuid', { name: 'supervisor_id', nullable: true })
  supervisorId: string | null;

  @Column('text', { name: 'password_hash', select: false })
  passwordHash: string;

  @Field()
  @Column('boolean')
  active: boolean;

  /** Carried in every token; changing or setting the password increments it, which ends every earlier token. */
  @Column('integer', { name: 'token_version', default: 0 })
  tokenVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
