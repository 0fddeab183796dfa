import { ReferralStatus, Urgency } from './enums';

/** A follow-up window: whole days on the local calendar (business days or any days) plus hours. */
interface Window {
  days: number;
  businessDays: boolean;
  hours: number;
}

const HOUR = 3600_000;

/** DESIGN.md's routine windows per open status. */
const ROUTINE: Partial<Record<ReferralStatus, Window>> = {
  [ReferralStatus.DRAFT]: { days: 2, businessDays: false, hours: 0 },
  [ReferralStatus.REQUESTED]: { days: 2, businessDays: true, hours: 0 },
  [ReferralStatus.ACCEPTED]: { days: 14, businessDays: false, hours: 0 },
  [ReferralStatus.IN_PROGRESS]: { days: 14, businessDays: false, hours: 0 },
  [ReferralStatus.ON_HOLD]: { days: 7, businessDays: false, hours: 0 },
};

/** URGENT halves a window: an odd number of calendar days leaves half a day (12 hours). */
function halved(window: Window): Window {
  const half = window.days / 2;
  if (window.businessDays || Number.isInteger(half)) return { ...window, days: Math.max(1, Math.floor(half)) };
  return { ...window, days: Math.floor(half), hours: 12 };
}

/**
 * When the next follow-up is due for a referral in `status` whose window started at
 * `anchor`; null once it is closed. Days are counted on the calendar of `timeZone` and end
 * at the same local time of day, so a daylight-saving change does not shift them.
 */
export function followUpDue(status: ReferralStatus, urgency: Urgency, anchor: Date, timeZone: string): Date | null {
  const routine = ROUTINE[status];
  if (!routine) return null;
  if (urgency === Urgency.EMERGENCY) return new Date(anchor.getTime() + 4 * HOUR);
  const window = urgency === Urgency.URGENT ? halved(routine) : routine;
  const local = wallClock(anchor, timeZone);
  let day = Date.UTC(local.year, local.month - 1, local.day);
  for (let counted = 0; counted < window.days; ) {
    day += 24 * HOUR;
    const weekday = new Date(day).getUTCDay();
    if (!window.businessDays || (weekday !== 0 && weekday !== 6)) counted++;
  }
  const date = new Date(day);
  const end = fromWallClock({ ...local, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }, timeZone);
  return new Date(end.getTime() + window.hours * HOUR);
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The local date and time of `instant` in `timeZone`. */
function wallClock(instant: Date, timeZone: string): WallClock {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, Number(p.value)]));
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
    millisecond: instant.getUTCMilliseconds(),
  };
}

const asUtc = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);

/** The instant a local time names in `timeZone` (the later offset when a spring-forward gap swallows it). */
function fromWallClock(local: WallClock, timeZone: string): Date {
  const guess = asUtc(local);
  const offset = asUtc(wallClock(new Date(guess), timeZone)) - guess;
  const first = guess - offset;
  const corrected = asUtc(wallClock(new Date(first), timeZone)) - first;
  return new Date(guess - corrected);
}
