/** The kinds of activity prestatie 7.2.3 and 9.1.6 name; kept as data in a table from the activities issue on. */
export const ACTIVITY_TYPES = [
  'workshop',
  'exhibition',
  'lecture',
  'democracy-game',
  'guest-lesson',
  'debate',
  'training',
  'meeting',
] as const;
