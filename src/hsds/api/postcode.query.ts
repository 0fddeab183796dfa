import type { EntityManager } from 'typeorm';
import type { Params } from '../../directory/search.sql';
import { hsdsTable } from '../model';
import { recordsSql } from '../records';

/** A postal code as compared: upper case, without spaces (sw1a 1aa is SW1A1AA). */
const key = (sql: string) => `upper(replace(${sql}, ' ', ''))`;

/** Public addresses only: recordsSql withholds those of confidential locations. */
const ADDRESSES = recordsSql(hsdsTable('address'));

/**
 * The centroid of `postcode`. Beacon has no geocoder, so this is the mean point of Beacon's own
 * located public addresses with that postal code: a confidential location's address is withheld
 * there, so a shelter never pulls the centroid toward itself. Null when Beacon has none, and then
 * nothing is near it. A statement that reads every address (no index on postal codes).
 */
export async function postcodeCentroid(em: EntityManager, postcode: string): Promise<{ latitude: number; longitude: number } | null> {
  const [centre]: { latitude: number | null; longitude: number | null }[] = await em.query(
    `SELECT avg(l.latitude::float8) AS latitude, avg(l.longitude::float8) AS longitude
     FROM (${ADDRESSES}) a JOIN (${recordsSql(hsdsTable('location'))}) l ON l.id = a.location_id
     WHERE ${key('a.postal_code')} = ${key('$1')} AND l.latitude::float8 BETWEEN -90 AND 90`,
    [postcode],
  );
  return centre.latitude === null || centre.longitude === null ? null : { latitude: centre.latitude, longitude: centre.longitude };
}

/** SQL true when the location `locationId` (SQL) has a public address with `postcode`. */
export function hasPostcodeSql(locationId: string, postcode: string, p: Params): string {
  return `EXISTS (SELECT 1 FROM (${ADDRESSES}) a WHERE a.location_id = ${locationId} AND ${key('a.postal_code')} = ${key(p.add(postcode))})`;
}
