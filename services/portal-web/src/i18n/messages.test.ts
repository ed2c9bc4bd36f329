import { describe, expect, it } from 'vitest';
import { translate } from './i18n';
import { messages, type MessageKey } from './messages';

describe('the catalogue', () => {
  it('has the same placeholders in Dutch and English for every key', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const [key, [nl, en]] of Object.entries(messages)) {
      expect({ key, names: placeholders(en) }).toEqual({ key, names: placeholders(nl) });
      expect(nl.trim()).not.toBe('');
      expect(en.trim()).not.toBe('');
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('nl', 'checkIn.count', { checkedIn: 3, total: 30 })).toBe(
      '3 van 30 personen ingecheckt',
    );
    expect(translate('en', 'checkIn.count', { checkedIn: 3 })).toBe('3 of {total} people checked in');
  });

  it('names every status, role and outcome the API knows', () => {
    const keys = Object.keys(messages) as MessageKey[];
    for (const status of ['draft', 'published', 'held', 'closed', 'cancelled']) {
      expect(keys).toContain(`status.${status}`);
    }
    for (const role of ['organiser', 'partner', 'reporter', 'approver', 'admin']) {
      expect(keys).toContain(`role.${role}`);
    }
    for (const outcome of ['accepted', 'waitlisted', 'duplicate', 'rejected']) {
      expect(keys).toContain(`outcome.${outcome}`);
    }
  });
});
