import { HttpStatus } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { InvalidInputException, type InvalidParam } from '@deelwijs/platform';
import type { ImportUpload } from './registration-imports.service';
import { refusal } from './refusal';

const FIELDS = ['mapping', 'activityId'] as const;

/**
 * Reads an upload's multipart form: the part "file" into memory (up to the limit the multipart
 * plugin was registered with), the text fields by name. Every refusal names its part.
 */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<ImportUpload> {
  if (!request.isMultipart()) {
    throw refusal(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'file',
      'send the spreadsheet as multipart/form-data, in the part "file"',
    );
  }
  const upload: ImportUpload = { fields: {} };
  const problems: InvalidParam[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          problems.push({
            name: part.fieldname,
            reason: `${part.fieldname} is not a part of an upload; the spreadsheet goes in "file"`,
          });
          continue;
        }
        upload.file = await part.toBuffer();
      } else if ((FIELDS as readonly string[]).includes(part.fieldname)) {
        upload.fields[part.fieldname as (typeof FIELDS)[number]] = String(part.value);
      } else {
        problems.push({
          name: part.fieldname,
          reason: `${part.fieldname} is not a part of an upload; the parts are file, ${FIELDS.join(', ')}`,
        });
      }
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw refusal(HttpStatus.PAYLOAD_TOO_LARGE, 'file', `file is larger than ${maxBytes} bytes`);
    }
    if (code === 'FST_FILES_LIMIT') {
      throw refusal(HttpStatus.PAYLOAD_TOO_LARGE, 'file', 'one file per upload');
    }
    if (typeof code === 'string' && code.startsWith('FST_')) {
      throw new InvalidInputException([
        { name: 'file', reason: `the multipart form cannot be read: ${(error as Error).message}` },
      ]);
    }
    throw error;
  }
  if (problems.length > 0) {
    throw new InvalidInputException(problems);
  }
  return upload;
}
