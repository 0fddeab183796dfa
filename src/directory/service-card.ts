/** A record as JSON built in SQL. */
export type Json = Record<string, unknown>;

/**
 * A service's card as the SQL of service-cards.ts builds it: only the parts asked are there. In a
 * file of its own because the loaders read cards and service-cards.ts reads the loaders.
 */
export interface ServiceCard {
  service: Json;
  organization?: Json | null;
  taxonomyTerms?: Json[];
  capacity?: Json | null;
  languages?: string[];
  costOptions?: Json[];
  openNow?: boolean | null;
  locations?: { location: Json; address?: Json | null; phones?: Json[]; schedules?: Json[] }[];
}
