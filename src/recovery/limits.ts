/** DESIGN.md's bounds on a relapse prevention plan (lists, contacts) and this module's on free text. */
export const LIMITS = {
  entries: 30,
  entryLength: 500,
  contacts: 20,
  contactName: 200,
  relationship: 100,
  phone: 40,
  crisisPlan: 2000,
  handoffNote: 2000,
};
