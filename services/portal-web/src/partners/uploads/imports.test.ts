import { describe, expect, it } from 'vitest';
import { itemOf, splitReason, suggestMapping } from './imports';
import { parseCsv } from './spreadsheet';

describe('a spreadsheet as registrations', () => {
  const sheet = parseCsv(
    'Naam docent;E-mailadres;School;Klas;Aantal leerlingen;Ons kenmerk\nJ. Jansen;j@school.example;Celeanum;vwo 5a;24;PD-9\n',
  );

  it('suggests the columns by their Dutch names', () => {
    expect(suggestMapping(sheet.columns)).toEqual({
      contactName: 'Naam docent',
      contactEmail: 'E-mailadres',
      schoolName: 'School',
      className: 'Klas',
      headcount: 'Aantal leerlingen',
      externalReference: 'Ons kenmerk',
    });
  });

  it('makes a row with a school a group, with its headcount as a number', () => {
    expect(itemOf(sheet, sheet.rows[0], suggestMapping(sheet.columns), 'a1')).toEqual({
      activityId: 'a1',
      kind: 'group',
      contactName: 'J. Jansen',
      contactEmail: 'j@school.example',
      headcount: 24,
      schoolName: 'Celeanum',
      className: 'vwo 5a',
      externalReference: 'PD-9',
    });
  });

  it('finds the field a refusal is about', () => {
    expect(splitReason('headcount: a group of 40 can never fit')).toEqual({
      field: 'headcount',
      reason: 'a group of 40 can never fit',
    });
    expect(splitReason('items[3].contactEmail: contactEmail must be an e-mail address')).toEqual({
      field: 'contactEmail',
      reason: 'contactEmail must be an e-mail address',
    });
    expect(splitReason('contactEmail must be an e-mail address')).toEqual({
      field: 'contactEmail',
      reason: 'contactEmail must be an e-mail address',
    });
    expect(splitReason('activity x is cancelled, not open for registration')).toEqual({
      reason: 'activity x is cancelled, not open for registration',
    });
  });
});
