import { AuthResolver } from './auth.resolver';

export const resolvers = [AuthResolver];
