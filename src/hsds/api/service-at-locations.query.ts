import type { Context } from '../../context';
import type { Params } from '../../directory/search.sql';
import type { Matches } from './listing';
import type { HsdsParams } from './params';
import { hasPostcodeSql, postcodeCentroid } from './postcode.query';
import { matchingServicesSql, serviceCriteria } from './services.query';
import { taxonomyLinks } from './taxonomy-links.query';

type Circle = { latitude: number; longitude: number; meters: number };

/**
 * SQL true when the location `locationId` (SQL) lies within `circle` as a public reader may
 * place it: a confidential location at its public point, the centre of its 0.1° cell (DESIGN.md,
 * Access; the same cell_centre the directory's search measures from), so no radius, however
 * small, tells it from anywhere else in its cell. A latitude that names no place is off the map.
 */
function withinSql(locationId: string, circle: Circle, p: Params): string {
  const point = (column: string, origin: number) => `CASE WHEN l.confidential THEN cell_centre(l.${column}, ${origin}) ELSE l.${column} END`;
  return `EXISTS (SELECT 1 FROM location l WHERE l.id = ${locationId} AND l.latitude BETWEEN -90 AND 90
            AND great_circle_m(${p.add(circle.latitude)}, ${p.add(circle.longitude)}, ${point('latitude', 90)}, ${point('longitude', 180)}) <= ${p.add(circle.meters)})`;
}

/**
 * /service_at_locations: those of the services the directory's search finds, linked to the
 * taxonomy themselves or through their service, and with postcode, at a location with a public
 * address of that postal code; with proximity too, at a location within that many meters of the
 * postcode's centroid instead (the directory's grid cells find the services, then each location
 * is measured). Null when nothing can match: no word to search for, or a postcode Beacon does
 * not know.
 */
export async function matchingServiceAtLocations(ctx: Context, params: HsdsParams): Promise<Matches | null> {
  const centre = params.proximity === null ? null : await postcodeCentroid(ctx.em, params.postcode!);
  if (params.proximity !== null && !centre) return null;
  const circle = centre && { ...centre, meters: params.proximity! };
  const c = await serviceCriteria(ctx, params, circle);
  if (c.matchesNothing) return null;
  return {
    table: 'service_at_location',
    alias: 'sal',
    narrow: params.postcode !== null,
    ids: (p, from) => {
      const where = [`sal.service_id IN (${matchingServicesSql(c, params, p)})`];
      for (const links of taxonomyLinks(params, p)) where.push(`(sal.id IN (${links}) OR sal.service_id IN (${links}))`);
      if (circle) where.push(withinSql('sal.location_id', circle, p));
      else if (params.postcode) where.push(hasPostcodeSql('sal.location_id', params.postcode, p));
      return `SELECT sal.id FROM ${from} WHERE ${where.join(' AND ')}`;
    },
  };
}
