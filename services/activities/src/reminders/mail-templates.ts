import { DateTime } from 'luxon';
import type { MailKind } from './notification-ids';

export type Language = 'nl' | 'en';

/** What a mail about an activity says; read from the database at send time. */
export interface MailFacts {
  language: Language;
  titleNl: string;
  titleEn: string | null;
  startsAt: Date;
  endsAt: Date;
  venueName: string | null;
  venueAddress: string | null;
  contactName?: string | null;
  cancelLink?: string;
  waitlistPosition?: number;
  cancelReason?: string | null;
}

export interface RenderedMail {
  subject: string;
  text: string;
}

const ZONE = 'Europe/Amsterdam';

/** "donderdag 12 maart 2026, 19:30–21:30" in Amsterdam time, in the registrant's language. */
export function formatPeriod(startsAt: Date, endsAt: Date, language: Language): string {
  const start = DateTime.fromJSDate(startsAt, { zone: ZONE }).setLocale(language);
  const end = DateTime.fromJSDate(endsAt, { zone: ZONE }).setLocale(language);
  const day = start.toFormat('cccc d MMMM yyyy');
  const sameDay = start.hasSame(end, 'day');
  return sameDay
    ? `${day}, ${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')}`
    : `${day} ${start.toFormat('HH:mm')} – ${end.toFormat('cccc d MMMM yyyy HH:mm')}`;
}

function title(facts: MailFacts): string {
  return facts.language === 'en' && facts.titleEn ? facts.titleEn : facts.titleNl;
}

function where(facts: MailFacts): string | undefined {
  const parts = [facts.venueName, facts.venueAddress].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(', ') : undefined;
}

const COPY = {
  nl: {
    greeting: (name?: string | null) => (name ? `Beste ${name},` : 'Beste deelnemer,'),
    when: 'Wanneer',
    where: 'Waar',
    cancel: 'Kunt u niet komen? Meld u dan af via',
    closing: 'Met vriendelijke groet,\nDeelwijs',
    confirmation: {
      subject: 'Aanmelding bevestigd',
      body: 'Uw aanmelding is ontvangen en u heeft een plaats.',
    },
    waitlisted: {
      subject: 'Op de wachtlijst',
      body: (position?: number) =>
        `De activiteit is vol; u staat op de wachtlijst${position ? ` (plaats ${position})` : ''}. Komt er een plaats vrij, dan krijgt u bericht.`,
    },
    promoted: {
      subject: 'Er is een plaats vrijgekomen',
      body: 'Er is een plaats vrijgekomen: u bent nu aangemeld.',
    },
    reminder: { subject: 'Herinnering', body: 'Een herinnering: u bent aangemeld voor deze activiteit.' },
    'registration-cancelled': { subject: 'Afmelding bevestigd', body: 'Uw aanmelding is geannuleerd.' },
    'activity-cancelled': {
      subject: 'Activiteit gaat niet door',
      body: (reason?: string | null) =>
        `Helaas gaat deze activiteit niet door.${reason ? ` Reden: ${reason}` : ''} Uw aanmelding vervalt.`,
    },
  },
  en: {
    greeting: (name?: string | null) => (name ? `Dear ${name},` : 'Dear participant,'),
    when: 'When',
    where: 'Where',
    cancel: 'Cannot come? Cancel your registration at',
    closing: 'Kind regards,\nDeelwijs',
    confirmation: {
      subject: 'Registration confirmed',
      body: 'We received your registration and you have a place.',
    },
    waitlisted: {
      subject: 'On the waiting list',
      body: (position?: number) =>
        `The activity is full; you are on the waiting list${position ? ` (position ${position})` : ''}. We will let you know when a place comes free.`,
    },
    promoted: { subject: 'A place came free', body: 'A place came free: you are now registered.' },
    reminder: { subject: 'Reminder', body: 'A reminder: you are registered for this activity.' },
    'registration-cancelled': {
      subject: 'Cancellation confirmed',
      body: 'Your registration has been cancelled.',
    },
    'activity-cancelled': {
      subject: 'Activity cancelled',
      body: (reason?: string | null) =>
        `Unfortunately this activity will not take place.${reason ? ` Reason: ${reason}` : ''} Your registration lapses.`,
    },
  },
} as const;

/** A registrant's mail in their language (Dutch unless they chose English). */
export function renderRegistrantMail(kind: Exclude<MailKind, 'attendance'>, facts: MailFacts): RenderedMail {
  const copy = COPY[facts.language];
  let body: string;
  switch (kind) {
    case 'waitlisted':
      body = copy.waitlisted.body(facts.waitlistPosition);
      break;
    case 'activity-cancelled':
      body = copy['activity-cancelled'].body(facts.cancelReason);
      break;
    default:
      body = copy[kind].body;
  }
  const lines = [
    copy.greeting(facts.contactName),
    '',
    body,
    '',
    `${title(facts)}`,
    `${copy.when}: ${formatPeriod(facts.startsAt, facts.endsAt, facts.language)}`,
  ];
  const place = where(facts);
  if (place) {
    lines.push(`${copy.where}: ${place}`);
  }
  // Only while the registration still holds or waits for a place is there anything to cancel.
  if (
    facts.cancelLink &&
    (kind === 'confirmation' || kind === 'waitlisted' || kind === 'promoted' || kind === 'reminder')
  ) {
    lines.push('', `${copy.cancel} ${facts.cancelLink}`);
  }
  lines.push('', copy.closing);
  return { subject: `${copy[kind].subject}: ${title(facts)}`, text: lines.join('\n') };
}

/** The organiser's request to record attendance and close the activity out (Dutch and English). */
export function renderAttendanceMail(
  facts: MailFacts & { activityId: string; publicBaseUrl: string },
): RenderedMail {
  const period = formatPeriod(facts.startsAt, facts.endsAt, 'nl');
  const link = `${facts.publicBaseUrl.replace(/\/$/, '')}/v1/activities/${facts.activityId}`;
  return {
    subject: `Registreer de aanwezigheid / Record attendance: ${facts.titleNl}`,
    text: [
      'Beste organisator,',
      '',
      `De activiteit "${facts.titleNl}" (${period}) is afgelopen. Registreer de aanwezigheid en sluit de activiteit af met de werkelijke deelnemers, kosten en geleerde lessen.`,
      '',
      `The activity "${facts.titleEn ?? facts.titleNl}" has ended. Please record attendance and close it out with the actual participants, cost and lessons learned.`,
      '',
      link,
      '',
      'Deelwijs',
    ].join('\n'),
  };
}
