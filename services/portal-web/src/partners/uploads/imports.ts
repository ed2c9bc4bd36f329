import { activitiesApi, data } from '../../api/client';
import type { components } from '../../api/openapi/activities';
import type { Sheet } from './spreadsheet';

/**
 * A spreadsheet registered through the activities API's bulk registration, in chunks: the page
 * shows progress between chunks, each chunk is safe to send again (its Idempotency-Key comes from
 * the file's content, the choices and the chunk's place), and a row with a reference the partner
 * already registered comes back as "duplicate", so uploading the same file twice registers nobody
 * twice. The per-row answer is the API's own.
 */
export type ImportField =
  | 'activityId'
  | 'kind'
  | 'headcount'
  | 'contactName'
  | 'contactEmail'
  | 'contactPhone'
  | 'schoolName'
  | 'className'
  | 'externalReference'
  | 'language';

export type Mapping = Partial<Record<ImportField, string>>;
export type RowResult = components['schemas']['BulkItemResult'] & { row: number; field?: string };

/** The registration fields a column can feed, in the order the mapping form asks for them. */
export const IMPORT_FIELDS: Array<{ field: ImportField; required: boolean }> = [
  { field: 'contactName', required: true },
  { field: 'contactEmail', required: true },
  { field: 'kind', required: false },
  { field: 'schoolName', required: false },
  { field: 'className', required: false },
  { field: 'headcount', required: false },
  { field: 'contactPhone', required: false },
  { field: 'externalReference', required: false },
  { field: 'activityId', required: false },
  { field: 'language', required: false },
];

/** Column names people use for each field, in Dutch and English (lower case, without accents). */
const NAMES: Record<ImportField, RegExp> = {
  contactName: /^(naam|name|contact|contactpersoon|docent|teacher|begeleider)/,
  contactEmail: /(e-?mail)/,
  kind: /^(soort|kind|type)/,
  schoolName: /^(school)/,
  className: /^(klas|class|groep)$/,
  headcount: /(aantal|headcount|leerlingen|deelnemers|pupils)/,
  contactPhone: /(telefoon|phone|mobiel)/,
  externalReference: /(kenmerk|referentie|reference|nummer|id$)/,
  activityId: /(activiteit|activity)/,
  language: /^(taal|language)/,
};

export function suggestMapping(columns: string[]): Mapping {
  const mapping: Mapping = {};
  const taken = new Set<string>();
  for (const { field } of IMPORT_FIELDS) {
    const column = columns.find(
      (name) =>
        !taken.has(name) &&
        NAMES[field].test(
          name
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, '')
            .toLowerCase()
            .trim(),
        ),
    );
    if (column) {
      mapping[field] = column;
      taken.add(column);
    }
  }
  return mapping;
}

/** One row as a bulk item; what the API refuses in it comes back as that row's answer. */
export function itemOf(
  sheet: Sheet,
  row: string[],
  mapping: Mapping,
  activityId: string,
): Record<string, unknown> {
  const value = (field: ImportField): string | undefined => {
    const column = mapping[field];
    const cell = column === undefined ? undefined : row[sheet.columns.indexOf(column)]?.trim();
    return cell ? cell : undefined;
  };
  const headcountText = value('headcount');
  const headcount = headcountText === undefined ? undefined : Number(headcountText.replace(',', '.'));
  const kindText = value('kind')?.toLowerCase();
  const kind =
    kindText !== undefined
      ? /^(groep|group|klas|class)/.test(kindText)
        ? 'group'
        : 'individual'
      : value('schoolName') !== undefined || (headcount !== undefined && headcount > 1)
        ? 'group'
        : 'individual';
  const language = value('language')?.toLowerCase();
  const item: Record<string, unknown> = {
    activityId: value('activityId') ?? activityId,
    kind,
    contactName: value('contactName') ?? '',
    contactEmail: value('contactEmail') ?? '',
  };
  if (headcount !== undefined) {
    item.headcount = Number.isFinite(headcount) ? headcount : headcountText;
  }
  for (const field of ['contactPhone', 'schoolName', 'className', 'externalReference'] as const) {
    if (value(field) !== undefined) {
      item[field] = value(field);
    }
  }
  if (language === 'en' || language === 'engels' || language === 'english') {
    item.language = 'en';
  }
  return item;
}

/**
 * The field a row's refusal concerns: "items[3].contactEmail: ..." or "headcount: ..." as the API
 * names it, or the field the
 * validator's own sentence starts with ("headcount must not be less than 1").
 */
export function splitReason(reason: string | undefined): { field?: string; reason?: string } {
  if (!reason) {
    return {};
  }
  // A bulk item's own validation names it items[<index>].<field>.
  const named = /^(?:items\[\d+\]\.)?(\w+): (.*)$/s.exec(reason);
  if (named) {
    return { field: named[1], reason: named[2] };
  }
  const leading = /^(\w+) /.exec(reason)?.[1];
  return IMPORT_FIELDS.some(({ field }) => field === leading) ? { field: leading, reason } : { reason };
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export const CHUNK = 250;

/** Registers every row, CHUNK at a time, telling the page after each chunk. */
export async function registerRows(
  sheet: Sheet,
  mapping: Mapping,
  activityId: string,
  onProgress: (done: number, results: RowResult[]) => void,
): Promise<RowResult[]> {
  const items = sheet.rows.map((row) => itemOf(sheet, row, mapping, activityId));
  const key = await sha256(JSON.stringify({ items }));
  const results: RowResult[] = [];
  for (let start = 0; start < items.length; start += CHUNK) {
    const answer = await data(
      activitiesApi.POST('/v1/registrations/bulk', {
        params: { header: { 'Idempotency-Key': `upload-${key.slice(0, 40)}-${start / CHUNK}` } },
        body: { items: items.slice(start, start + CHUNK) as never },
      }),
    );
    for (const item of answer.items) {
      const { field, reason } = splitReason(item.reason);
      // Row numbers as the spreadsheet shows them: the header is row 1.
      results.push({ ...item, row: start + item.index + 2, field, reason });
    }
    onProgress(Math.min(start + CHUNK, items.length), results);
  }
  return results;
}
