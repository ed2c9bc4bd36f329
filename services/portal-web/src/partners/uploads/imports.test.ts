import { describe, expect, it } from 'vitest';
import { formFieldOf, isFinished, uploadForm } from './imports';

describe('a spreadsheet upload', () => {
  it('sends the file and only the fields that are set', async () => {
    const form = uploadForm(new File(['Naam;E-mail\n'], 'klassen.csv', { type: 'text/csv' }), {
      mapping: '{"contactName":"Naam"}',
      activityId: '',
    });
    expect([...form.keys()]).toEqual(['file', 'mapping']);
    expect(await (form.get('file') as File).text()).toBe('Naam;E-mail\n');
  });

  it('shows a refusal of the mapping at the field whose column it concerns', () => {
    expect(formFieldOf('mapping.contactEmail')).toBe('contactEmail');
    expect(formFieldOf('activityId')).toBe('activityId');
    expect(formFieldOf('file')).toBe('file');
  });

  it('stops following an import once it is completed or failed', () => {
    expect(isFinished(undefined)).toBe(false);
    expect(isFinished({ status: 'running' } as never)).toBe(false);
    expect(isFinished({ status: 'completed' } as never)).toBe(true);
    expect(isFinished({ status: 'failed' } as never)).toBe(true);
  });
});
