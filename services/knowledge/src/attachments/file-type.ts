/** What the service stores and serves; everything else (HTML, SVG, executables, scripts) is refused. */
export interface SniffedType {
  mediaType: string;
  extensions: string[];
}

const OFFICE: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  zip: 'application/zip',
};

const TEXT: Record<string, string> = {
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

const startsWith = (content: Buffer, bytes: number[] | string, offset = 0) => {
  const expected = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return content.length >= offset + expected.length && content.subarray(offset, offset + expected.length).equals(expected);
};

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

/**
 * The type of a file from its first bytes, never from what the uploader claims. A ZIP container
 * or a text file is told apart by its name's extension, among the kinds allowed for it; a name
 * whose extension does not fit the content is refused by the caller.
 */
export function sniffFileType(content: Buffer, fileName: string): SniffedType | undefined {
  const extension = extensionOf(fileName);
  if (startsWith(content, '%PDF-')) {
    return { mediaType: 'application/pdf', extensions: ['pdf'] };
  }
  if (startsWith(content, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { mediaType: 'image/png', extensions: ['png'] };
  }
  if (startsWith(content, [0xff, 0xd8, 0xff])) {
    return { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'] };
  }
  if (startsWith(content, 'GIF87a') || startsWith(content, 'GIF89a')) {
    return { mediaType: 'image/gif', extensions: ['gif'] };
  }
  if (startsWith(content, 'RIFF') && startsWith(content, 'WEBP', 8)) {
    return { mediaType: 'image/webp', extensions: ['webp'] };
  }
  if (startsWith(content, [0x50, 0x4b, 0x03, 0x04])) {
    return OFFICE[extension] ? { mediaType: OFFICE[extension], extensions: [extension] } : undefined;
  }
  if (TEXT[extension] && isUtf8Text(content)) {
    return { mediaType: TEXT[extension], extensions: [extension] };
  }
  return undefined;
}

function isUtf8Text(content: Buffer): boolean {
  if (content.includes(0)) {
    return false;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
}

/**
 * A file name is kept for display and the download only; still, one that could walk a path or
 * hide its ending is refused outright rather than cleaned up.
 */
export function fileNameProblem(name: string | undefined): string | undefined {
  if (!name) {
    return 'name is required, as ?name=verslag.pdf';
  }
  if (name.length > 200) {
    return 'name must be at most 200 characters';
  }
  if (/[/\\]/.test(name) || name.includes('..') || name.startsWith('.')) {
    return 'name must be a plain file name, without folders, ".." or a leading dot';
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(name)) {
    return 'name must not contain control or text-direction characters';
  }
  if (!extensionOf(name)) {
    return 'name must end in an extension such as .pdf';
  }
  return undefined;
}

/** RFC 6266 / 5987: an ASCII fallback for old clients and the exact UTF-8 name for the rest. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
