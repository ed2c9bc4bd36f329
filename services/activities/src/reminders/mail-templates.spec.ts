import { formatPeriod, renderAttendanceMail, renderRegistrantMail, type MailFacts } from './mail-templates';

const facts: MailFacts = {
  language: 'nl',
  titleNl: 'Democratiespel Zwolle',
  titleEn: 'Democracy game Zwolle',
  startsAt: new Date('2026-03-12T18:30:00Z'),
  endsAt: new Date('2026-03-12T20:30:00Z'),
  venueName: 'Provinciehuis',
  venueAddress: 'Luttenbergstraat 2, Zwolle',
  contactName: 'Anne de Vries',
  cancelLink: 'https://deelwijs.example/v1/registration-cancellations/abc?token=xyz',
};

describe('mail texts', () => {
  it('shows the time in Amsterdam, in the registrant language', () => {
    expect(formatPeriod(facts.startsAt, facts.endsAt, 'nl')).toBe('donderdag 12 maart 2026, 19:30–21:30');
    expect(formatPeriod(facts.startsAt, facts.endsAt, 'en')).toBe('Thursday 12 March 2026, 19:30–21:30');
  });

  it('writes a Dutch reminder with the cancel link', () => {
    const mail = renderRegistrantMail('reminder', facts);
    expect(mail.subject).toBe('Herinnering: Democratiespel Zwolle');
    expect(mail.text).toContain('Beste Anne de Vries,');
    expect(mail.text).toContain('Waar: Provinciehuis, Luttenbergstraat 2, Zwolle');
    expect(mail.text).toContain(facts.cancelLink);
  });

  it('writes English when the registrant chose it, with the English title', () => {
    const mail = renderRegistrantMail('confirmation', { ...facts, language: 'en' });
    expect(mail.subject).toBe('Registration confirmed: Democracy game Zwolle');
    expect(mail.text).toContain('When: Thursday 12 March 2026, 19:30–21:30');
  });

  it('offers no cancel link once the registration is cancelled, and gives the reason of a cancelled activity', () => {
    const mail = renderRegistrantMail('activity-cancelled', {
      ...facts,
      cancelReason: 'De spreker is ziek.',
    });
    expect(mail.text).toContain('Reden: De spreker is ziek.');
    expect(mail.text).not.toContain('registration-cancellations');
  });

  it('names the waiting-list position', () => {
    expect(renderRegistrantMail('waitlisted', { ...facts, waitlistPosition: 3 }).text).toContain(
      'wachtlijst (plaats 3)',
    );
  });

  it('asks the organiser to record attendance, in Dutch and English, with the link to the activity', () => {
    const mail = renderAttendanceMail({
      ...facts,
      activityId: 'a1',
      publicBaseUrl: 'https://deelwijs.example/',
    });
    expect(mail.subject).toBe('Registreer de aanwezigheid / Record attendance: Democratiespel Zwolle');
    expect(mail.text).toContain('https://deelwijs.example/v1/activities/a1');
    expect(mail.text).toContain('Please record attendance');
  });
});
