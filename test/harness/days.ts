/**
 * The day `at` falls on in the test server's DEFAULT_TIME_ZONE (America/New_York, the default):
 * the days outcomes, goals and reports are dated in. Worked out here rather than by the
 * server's own code, so that a test checks the server against an independent answer.
 */
export const localDay = (at: Date = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(at);
