import { ArrayMaxSize, IsEnum, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DateScalar } from '../common/scalars';
import { ServiceCategory } from '../directory/enums';
import { ReportDimension } from './enums';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MESSAGE = { message: 'must be a day, YYYY-MM-DD' };

// Lists are bounded so that one request cannot make the validation, the SQL parameters or the
// suppression's groups as large as it likes: each dimension and category once at most (repeats
// add nothing), and more organizations than a funder's grants would ever name.
const MAX_DIMENSIONS = Object.values(ReportDimension).length;
const MAX_CATEGORIES = Object.values(ServiceCategory).length;
const MAX_ORGANIZATIONS = 200;

// The rules every report's input shares, as decorators of their own so that each input keeps its
// fields' descriptions; each applies its rules in the order stacked decorators would.

/** A day, YYYY-MM-DD. */
export function IsReportDay(): PropertyDecorator {
  return (target, key) => {
    IsISO8601({ strict: true }, DAY_MESSAGE)(target, key as string);
    Matches(DAY, DAY_MESSAGE)(target, key as string);
  };
}

/** Report dimensions, each a ReportDimension (which of them a report offers is its service's rule). */
export function IsDimensionList(): PropertyDecorator {
  return (target, key) => {
    IsEnum(ReportDimension, { each: true, message: `must each be one of ${Object.values(ReportDimension).join(', ')}` })(target, key as string);
    ArrayMaxSize(MAX_DIMENSIONS, { message: `must list at most ${MAX_DIMENSIONS} dimensions` })(target, key as string);
  };
}

/** Optional organization ids. */
export function IsOrganizationList(): PropertyDecorator {
  return (target, key) => {
    IsUUID('all', { each: true, message: 'must each be an id' })(target, key as string);
    ArrayMaxSize(MAX_ORGANIZATIONS, { message: `must list at most ${MAX_ORGANIZATIONS} organizations` })(target, key as string);
    IsOptional()(target, key as string);
  };
}

/**
 * The report's selection, checked by the same class-validator rules for the GraphQL query and
 * the CSV route. GraphQL checks the types itself; the day, enum and id rules are there for the
 * CSV route, whose query parameters arrive as plain strings.
 */
@InputType()
export class OutcomeReportInput {
  @Field(() => DateScalar, { description: "Referrals created on or after this day (days in the server's DEFAULT_TIME_ZONE): the first day of a month (of a quarter under QUARTER)." })
  @IsReportDay()
  from: string;

  @Field(() => DateScalar, { description: 'Referrals created on or before this day: the last day of a month (of a quarter under QUARTER).' })
  @IsReportDay()
  to: string;

  @Field(() => [ReportDimension], { description: 'At most one of MONTH and QUARTER.' })
  @IsDimensionList()
  groupBy: ReportDimension[];

  @Field(() => [ServiceCategory], {
    nullable: true,
    description: 'Chooses rows, not figures: rows of these categories are shown (grouped by CATEGORY if groupBy does not say so); every figure, the totals included, is over the whole scope.',
  })
  @IsOptional()
  @ArrayMaxSize(MAX_CATEGORIES, { message: `must list at most ${MAX_CATEGORIES} categories` })
  @IsEnum(ServiceCategory, { each: true, message: `must each be one of ${Object.values(ServiceCategory).join(', ')}` })
  categories?: ServiceCategory[] | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Receiving organizations whose rows are shown (grouped by ORGANIZATION if groupBy does not say so); every figure, the totals included, is over every organization the viewer may report on.',
  })
  @IsOrganizationList()
  organizationIds?: string[] | null;
}
