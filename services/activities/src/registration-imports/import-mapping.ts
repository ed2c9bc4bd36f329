import type { InvalidParam } from '@deelwijs/platform';

/**
 * How a sheet's columns feed a registration: the mapping names, per registration field, the
 * column (by its heading in the first row) that holds it. Pure: no I/O.
 */
export const IMPORT_FIELDS = [
  'activityId',
  'kind',
  'headcount',
  'contactName',
  'contactEmail',
  'contactPhone',
  'schoolName',
  'className',
  'externalReference',
  'language',
] as const;

export type ImportField = (typeof IMPORT_FIELDS)[number];
export type Mapping = Partial<Record<ImportField, string>>;

const REQUIRED: ImportField[] = ['contactName', 'contactEmail'];

/** Column headings people use for each field, in Dutch and English (lower case, without accents). */
const HEADINGS: Record<ImportField, RegExp> = {
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

/** The order in which suggestions are made: the most telling headings first. */
const SUGGESTION_ORDER: ImportField[] = [
  'contactName',
  'contactEmail',
  'kind',
  'schoolName',
  'className',
  'headcount',
  'contactPhone',
  'externalReference',
  'activityId',
  'language',
];

/** The headings of the first row; an empty heading becomes "kolom <n>" so that it can be mapped. */
export function columnsOf(header: string[]): string[] {
  return header.map((name, index) => name.trim() || `kolom ${index + 1}`);
}

/** A mapping suggested from the headings, each column used once. */
export function suggestMapping(columns: string[]): Mapping {
  const mapping: Mapping = {};
  const taken = new Set<string>();
  for (const field of SUGGESTION_ORDER) {
    const column = columns.find(
      (name) =>
        !taken.has(name) &&
        HEADINGS[field].test(
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

/**
 * The mapping sent as JSON text, checked against the file's headings: every problem named by
 * its field (`mapping.<field>`, or `activityId` when no activity is given for the rows).
 */
export function parseMapping(
  text: string | undefined,
  columns: string[],
  activityId: string | undefined,
): { mapping: Mapping; problems: InvalidParam[] } {
  if (text === undefined || text.trim() === '') {
    return {
      mapping: {},
      problems: [{ name: 'mapping', reason: 'mapping is required: a JSON object of field to column' }],
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {
      mapping: {},
      problems: [{ name: 'mapping', reason: 'mapping must be a JSON object of field to column' }],
    };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      mapping: {},
      problems: [{ name: 'mapping', reason: 'mapping must be a JSON object of field to column' }],
    };
  }
  const mapping: Mapping = {};
  const problems: InvalidParam[] = [];
  for (const [field, column] of Object.entries(raw as Record<string, unknown>)) {
    if (!(IMPORT_FIELDS as readonly string[]).includes(field)) {
      problems.push({
        name: `mapping.${field}`,
        reason: `${field} is not a registration field; the fields are ${IMPORT_FIELDS.join(', ')}`,
      });
    } else if (typeof column !== 'string' || column.trim() === '') {
      problems.push({ name: `mapping.${field}`, reason: `mapping.${field} must name a column` });
    } else if (!columns.includes(column)) {
      problems.push({
        name: `mapping.${field}`,
        reason: `column "${column}" is not in the first row of the file`,
      });
    } else {
      mapping[field as ImportField] = column;
    }
  }
  for (const field of REQUIRED) {
    if (!(field in (raw as object))) {
      problems.push({
        name: `mapping.${field}`,
        reason: `mapping.${field} is required: the column that holds ${field}`,
      });
    }
  }
  if (activityId === undefined && !('activityId' in (raw as object))) {
    problems.push({
      name: 'activityId',
      reason:
        'activityId is required: the activity for the rows, unless a column holds it (mapping.activityId)',
    });
  }
  return { mapping, problems };
}

/**
 * One row as a registration item, the way people fill in a sheet: the kind guessed from a
 * school or a headcount when no column says it, a headcount with a decimal comma, the language
 * in Dutch or English. What the item still gets wrong is the registration's validation's to say.
 */
export function itemOf(
  columns: string[],
  cells: string[],
  mapping: Mapping,
  activityId: string | undefined,
): Record<string, unknown> {
  const value = (field: ImportField): string | undefined => {
    const column = mapping[field];
    const cell = column === undefined ? undefined : cells[columns.indexOf(column)]?.trim();
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
  const item: Record<string, unknown> = {
    activityId: value('activityId') ?? activityId ?? '',
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
  const language = value('language')?.toLowerCase();
  if (language === 'en' || language === 'engels' || language === 'english') {
    item.language = 'en';
  }
  return item;
}
