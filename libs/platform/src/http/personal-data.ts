import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import type { Observable } from 'rxjs';

const PERSONAL_DATA_KEY = 'deelwijs:personal-data';

/**
 * Declares, where the route is, that its answer carries personal data (a registrant's contact
 * details, an attendee list, an export, the audit of who read them): the answer is sent with
 * `Cache-Control: no-store`, so no browser, proxy or shared cache keeps a copy.
 */
export const PersonalData = () => SetMetadata(PERSONAL_DATA_KEY, true);

/** Whether a handler (or its controller) is declared @PersonalData(); for tests that list them. */
export function carriesPersonalData(reflector: Reflector, handler: Function, controller: Function): boolean {
  return reflector.getAllAndOverride<boolean>(PERSONAL_DATA_KEY, [handler, controller]) === true;
}

/** Sets the header before the handler runs, so that also an answer a handler streams itself (exports) has it. */
@Injectable()
export class PersonalDataInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http' && carriesPersonalData(this.reflector, context.getHandler(), context.getClass())) {
      void context.switchToHttp().getResponse<FastifyReply>().header('cache-control', 'no-store');
    }
    return next.handle();
  }
}
