import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InvalidInputException } from '@deelwijs/platform';
import type { DirectoryApiKey, DirectoryOrganisation, Principal, Role } from '@deelwijs/identity';
import { IdentityRecords } from './identity-records';

export interface ApiKeyView {
  id: string;
  label: string;
  roles: string[];
  createdAt: string;
  revokedAt?: string;
  organisationId: string;
}

/**
 * The identity administration behind the portal: a partner sees and manages its own
 * organisation's keys (always with the partner role), an admin any organisation's. Every
 * change is an event on the IDENTITY stream; an answer waits until the directory has read it,
 * so the next listing shows it.
 */
@Injectable()
export class IdentityAdminService {
  constructor(private readonly records: IdentityRecords) {}

  organisations(caller: Principal): DirectoryOrganisation[] {
    const all = this.records.directory.organisations();
    return isAdmin(caller) ? all : all.filter((organisation) => organisation.id === caller.organisationId);
  }

  async registerOrganisation(name: string): Promise<DirectoryOrganisation> {
    const { organisationId, sequence } = await this.records.admin.registerOrganisation(name);
    await this.records.directory.waitFor(sequence);
    return { id: organisationId, name };
  }

  keys(caller: Principal, organisationId: string | undefined): ApiKeyView[] {
    const scope = isAdmin(caller) ? organisationId : this.ownOrganisation(caller);
    return this.records.directory.keys({ organisationId: scope }).map(view);
  }

  async issue(
    caller: Principal,
    label: string,
    organisationId: string | undefined,
    roles?: Role[],
  ): Promise<{ id: string; label: string; roles: Role[]; key: string }> {
    let target: string;
    if (isAdmin(caller)) {
      if (!organisationId) {
        throw new InvalidInputException([{ name: 'organisationId', reason: 'required for an admin: the organisation the key is for' }]);
      }
      target = organisationId;
    } else {
      if (roles) {
        throw new InvalidInputException([{ name: 'roles', reason: "only an admin chooses a key's roles; a partner's key is a partner key" }]);
      }
      target = this.ownOrganisation(caller);
    }
    if (!this.records.directory.organisation(target)) {
      throw new InvalidInputException([{ name: 'organisationId', reason: 'no such organisation' }]);
    }
    const keyRoles = roles ?? ['partner'];
    const { keyId, key, sequence } = await this.records.admin.issueKey(target, keyRoles, label);
    await this.records.directory.waitFor(sequence);
    return { id: keyId, label, roles: keyRoles, key };
  }

  async revoke(caller: Principal, keyId: string): Promise<void> {
    const key = this.records.directory.key(keyId);
    if (!key || (!isAdmin(caller) && key.organisationId !== caller.organisationId)) {
      throw new NotFoundException('Deze sleutel bestaat niet / no such key.');
    }
    if (key.revokedAt) {
      return;
    }
    const { sequence } = await this.records.admin.revokeKey(keyId);
    await this.records.directory.waitFor(sequence);
  }

  private ownOrganisation(caller: Principal): string {
    if (!caller.organisationId) {
      throw new ForbiddenException('Uw account hoort bij geen organisatie / your account belongs to no organisation.');
    }
    return caller.organisationId;
  }
}

function isAdmin(caller: Principal): boolean {
  return caller.roles.includes('admin');
}

function view(key: DirectoryApiKey): ApiKeyView {
  return {
    id: key.id,
    label: key.label,
    roles: key.roles,
    createdAt: key.createdAt,
    organisationId: key.organisationId,
    ...(key.revokedAt ? { revokedAt: key.revokedAt } : {}),
  };
}
