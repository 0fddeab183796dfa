import { ClientResolver } from './client.resolver';
import { ConsentResolver } from './consent.resolver';
import { GoalResolver } from './goal.resolver';

export const resolvers = [ClientResolver, ConsentResolver, GoalResolver];
