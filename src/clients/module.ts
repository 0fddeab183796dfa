import { Clients1764000002000 } from '../db/migrations/1764000002000-Clients';
import { Client } from './client.entity';
import { ClientResolver } from './client.resolver';
import { Consent } from './consent.entity';
import { ConsentResolver } from './consent.resolver';
import { Goal } from './goal.entity';
import { GoalResolver } from './goal.resolver';

export const entities = [Client, Consent, Goal];
export const migrations = [Clients1764000002000];
export const resolvers = [ClientResolver, ConsentResolver, GoalResolver];
