import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ROLES } from '@deelwijs/contracts';

export type Role = (typeof ROLES)[number];

/** Who is calling: a staff member with a bearer token, or an organisation's API key. */
export interface Principal {
  kind: 'staff' | 'api-key';
  /** The staff member's subject, or the key's id. */
  id: string;
  organisationId?: string;
  roles: Role[];
}

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    context.switchToHttp().getRequest<{ principal?: Principal }>().principal,
);
