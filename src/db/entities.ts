/**
 * Every table TypeORM maps, listed here in the database layer so that the data source knows
 * its entities without importing a resolver, a route or the schema.
 */
import { AuditEvent } from '../audit/audit-event.entity';
import { Client } from '../clients/client.entity';
import { Consent } from '../clients/consent.entity';
import { Goal } from '../clients/goal.entity';
import { Handoff } from '../clients/handoff.entity';
import { Address } from '../directory/address.entity';
import { Attribute } from '../directory/attribute.entity';
import { ServiceCapacity } from '../directory/capacity.entity';
import { ChangeRecord } from '../directory/change-record.entity';
import { CostOption } from '../directory/cost-option.entity';
import { Language } from '../directory/language.entity';
import { Location } from '../directory/location.entity';
import { Phone } from '../directory/phone.entity';
import { Schedule } from '../directory/schedule.entity';
import { ServiceAtLocation } from '../directory/service-at-location.entity';
import { Service } from '../directory/service.entity';
import { TaxonomyTerm } from '../directory/taxonomy-term.entity';
import { WebhookDelivery } from '../notifications/webhook-delivery.entity';
import { Webhook } from '../notifications/webhook.entity';
import { Certification } from '../people/certification.entity';
import { Grant } from '../people/grant.entity';
import { Organization } from '../people/organization.entity';
import { User } from '../people/user.entity';
import { ReferralEvent } from '../referrals/referral-event.entity';
import { ReferralNote } from '../referrals/referral-note.entity';
import { Referral } from '../referrals/referral.entity';
import { RecoveryCapitalAssessment } from '../recovery/assessment.entity';
import { RecoveryPlanChange } from '../recovery/recovery-plan-change.entity';
import { RecoveryPlan } from '../recovery/recovery-plan.entity';

export const entities: Function[] = [
  // people
  Organization, User, Certification, Grant,
  // audit
  AuditEvent,
  // directory
  Service, Location, ServiceAtLocation, Address, Phone, Schedule, CostOption, ServiceCapacity, Language, TaxonomyTerm, Attribute, ChangeRecord,
  // clients
  Client, Consent, Goal,
  // referrals
  Referral, ReferralEvent, ReferralNote,
  // recovery
  RecoveryPlan, RecoveryPlanChange, RecoveryCapitalAssessment, Handoff,
  // notifications
  Webhook, WebhookDelivery,
];
