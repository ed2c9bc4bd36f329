import { describe, expect, it } from 'vitest';
import { translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { fieldErrors, problemMessage, type Problem } from './problem';

const nl = (key: MessageKey, params?: Record<string, string | number>) => translate('nl', key, params);
const en = (key: MessageKey, params?: Record<string, string | number>) => translate('en', key, params);

describe('answers the API refused, in the person’s language', () => {
  const invalid: Problem = {
    type: 'https://deelwijs.nl/problems/400',
    title: 'Ongeldige invoer / Invalid input',
    status: 400,
    invalidParams: [
      { name: 'title.nl', reason: 'title.nl must be longer than or equal to 1 characters' },
      { name: 'endsAt', reason: 'endsAt must be after startsAt' },
      { name: 'contactEmail', reason: 'contactEmail must be an e-mail address' },
      { name: 'mystery', reason: 'mystery is odd' },
    ],
  };

  it('puts each message at the field the API names, mapped to the form’s own names', () => {
    expect(fieldErrors(invalid, nl, { 'title.nl': 'titleNl', endsAt: 'endTime' })).toEqual({
      titleNl: 'Vul dit veld in.',
      endTime: 'De eindtijd moet na de begintijd liggen.',
      contactEmail: 'Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.',
      mystery: 'Deze waarde wordt niet geaccepteerd (mystery is odd).',
    });
    expect(fieldErrors(invalid, en).endsAt).toBe('The end must be after the start.');
  });

  it('says what the activities service refused in an upload, at the field it names', () => {
    const upload = (name: string, reason: string): Problem => ({
      type: 'https://deelwijs.nl/problems/400',
      title: 'Ongeldige invoer / Invalid input',
      status: 400,
      invalidParams: [{ name, reason }],
    });
    expect(fieldErrors(upload('file', 'file is larger than 8388608 bytes'), nl)).toEqual({
      file: 'Dit bestand is te groot: het mag hoogstens 8 MB zijn.',
    });
    expect(
      fieldErrors(
        upload('file', 'file holds more than 50000 rows; split it into imports of at most that many'),
        en,
      ),
    ).toEqual({
      file: 'This file has more than 50000 rows; split it into uploads of at most 50000 rows.',
    });
    expect(fieldErrors(upload('file', 'file must be a CSV (UTF-8 text) or an XLSX workbook'), nl).file).toBe(
      'Dit bestand is niet te lezen als CSV of Excel.',
    );
    expect(
      fieldErrors(upload('mapping.contactEmail', 'column "Mail" is not in the first row of the file'), nl),
    ).toEqual({
      'mapping.contactEmail': 'Deze kolom staat niet in de eerste rij van het bestand.',
    });
  });

  it('says what the platform’s input rules refused, in words', () => {
    const refused: Problem = {
      type: 'https://deelwijs.nl/problems/400',
      title: 'Ongeldige invoer / Invalid input',
      status: 400,
      invalidParams: [
        { name: 'title.nl', reason: 'nl must be at most 300 characters long' },
        { name: 'contactEmail', reason: 'must not contain bidirectional control characters' },
        {
          name: 'startsAt',
          reason: "has offset +05:00, but Europe/Amsterdam is at +01:00 then; give Amsterdam's offset or Z",
        },
      ],
    };
    expect(fieldErrors(refused, nl)).toEqual({
      'title.nl': 'Gebruik ten hoogste 300 tekens.',
      contactEmail:
        'Deze tekst bevat een teken dat hier niet mag (een onzichtbaar of sturend teken); typ de tekst opnieuw.',
      startsAt: 'Vul een geldige datum en tijd in.',
    });
    expect(fieldErrors(refused, en)['title.nl']).toBe('Use at most 300 characters.');
  });

  it('says a refused state change in words, naming the statuses', () => {
    const refused: Problem = {
      type: 'https://deelwijs.nl/problems/409',
      title: 'Conflict',
      status: 409,
      detail:
        'An activity that is draft cannot become held: from draft it can become published or cancelled.',
    };
    expect(problemMessage(refused, nl)).toBe('Een activiteit die concept is, kan niet gehouden worden.');
    expect(problemMessage(refused, en)).toBe('An activity that is draft cannot become held.');
  });

  it('falls back to a sentence by status, never to a stack trace', () => {
    expect(problemMessage({ type: 'x', title: 'Interne fout / Internal error', status: 500 }, nl)).toMatch(
      /niets half opgeslagen/,
    );
    expect(problemMessage({ type: 'x', title: 'Geen toegang / Forbidden', status: 403 }, en)).toBe(
      'Your role does not allow this.',
    );
  });
});
