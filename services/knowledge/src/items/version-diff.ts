import { createTwoFilesPatch, diffLines, diffWords, type ChangeObject } from 'diff';
import { CONTENT_FIELDS, type ItemSnapshot } from './knowledge-item';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  /** For text fields: what was removed and added, word by word (line by line for the body). */
  parts?: { value: string; added?: boolean; removed?: boolean }[];
}

export interface VersionDiff {
  itemId: string;
  from: number;
  to: number;
  changes: FieldChange[];
  /** The body as a unified diff, as reviewers know it from code review. */
  bodyPatch?: string;
}

const TEXT_FIELDS = new Set(['title', 'summary']);

const parts = (changes: ChangeObject<string>[]) =>
  changes.map((change) => ({
    value: change.value,
    ...(change.added ? { added: true } : {}),
    ...(change.removed ? { removed: true } : {}),
  }));

/** What changed between two versions of one item, field by field. */
export function diffSnapshots(itemId: string, from: number, before: ItemSnapshot, to: number, after: ItemSnapshot): VersionDiff {
  // In the order people read an item, not the order jsonb happens to keep keys in.
  const fields: (keyof ItemSnapshot)[] = [...CONTENT_FIELDS, 'status', 'attachments'];
  const changes: FieldChange[] = [];
  let bodyPatch: string | undefined;
  for (const field of fields) {
    // A version frozen before a field existed holds nothing for it: the same as its empty value (null).
    const a = before[field] ?? null;
    const b = after[field] ?? null;
    if (JSON.stringify(a) === JSON.stringify(b)) {
      continue;
    }
    const change: FieldChange = { field, before: a, after: b };
    if (TEXT_FIELDS.has(field)) {
      change.parts = parts(diffWords(String(a ?? ''), String(b ?? '')));
    } else if (field === 'body') {
      change.parts = parts(diffLines(String(a ?? ''), String(b ?? '')));
      bodyPatch = createTwoFilesPatch(`versie ${from}`, `versie ${to}`, ensureNewline(String(a ?? '')), ensureNewline(String(b ?? '')));
    }
    changes.push(change);
  }
  return { itemId, from, to, changes, ...(bodyPatch ? { bodyPatch } : {}) };
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') || text === '' ? text : `${text}\n`;
}
