import { Injectable } from '@nestjs/common';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AddressRanges, ipAddressOf, isPublicAddress, parseCidr } from '@deelwijs/platform';
import { ReportingConfig } from '../config/reporting.config';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A webhook target that may not be reached; its message says why, without the URL's path or query. */
export class RefusedWebhookTarget extends Error {
  readonly code = 'EWEBHOOKTARGET';
}

/**
 * Where webhooks may go: only to the public internet, unless a host is allow-listed
 * (WEBHOOK_ALLOWED_HOSTS: host names, addresses, CIDR ranges). Otherwise an administrator's
 * subscription would be a way into the cluster's own network (the database, the metadata
 * service at 169.254.169.254, a sidecar on localhost).
 *
 * Checked twice: when a subscription is made (a clear 422), and on every delivery, in the
 * connection's own DNS lookup: the address checked is the address connected to, so a name that
 * resolved to a public address at subscription and to a private one since (DNS rebinding)
 * reaches nothing. Redirects are not followed, for the same reason.
 */
@Injectable()
export class WebhookTargets {
  private readonly allowedNames: Set<string>;
  private readonly allowedRanges: AddressRanges;

  constructor(config: ReportingConfig) {
    const entries = config.WEBHOOK_ALLOWED_HOSTS;
    this.allowedNames = new Set(entries.filter((entry) => parseCidr(entry) === undefined).map((entry) => entry.toLowerCase()));
    this.allowedRanges = new AddressRanges(entries.filter((entry) => parseCidr(entry) !== undefined));
  }

  /** Subscription time: why a webhook URL may not be subscribed, or undefined when it may. */
  async refusal(url: URL): Promise<string | undefined> {
    const host = url.hostname.toLowerCase();
    if (this.allowedNames.has(host)) {
      return undefined;
    }
    const literal = ipAddressOf(host);
    if (literal) {
      return this.addressAllowed(literal.address) ? undefined : `must be a public address: ${literal.address} is not (WEBHOOK_ALLOWED_HOSTS can allow it)`;
    }
    let addresses: LookupAddress[];
    try {
      addresses = await new Promise((resolve, reject) =>
        dnsLookup(host, { all: true }, (error, found) => (error ? reject(error) : resolve(found))),
      );
    } catch {
      return `must name a host that resolves: ${host} does not`;
    }
    const refused = addresses.find((address) => !this.addressAllowed(address.address));
    return refused ? `must be a public address: ${host} resolves to ${refused.address} (WEBHOOK_ALLOWED_HOSTS can allow it)` : undefined;
  }

  /**
   * Delivery time: POSTs the body and answers the status. Refuses (RefusedWebhookTarget) an
   * address that is not allowed, whether written in the URL or found by the lookup.
   */
  async post(target: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
    const url = new URL(target);
    const host = url.hostname.toLowerCase();
    const byName = this.allowedNames.has(host);
    const literal = ipAddressOf(host);
    if (!byName && literal && !this.addressAllowed(literal.address)) {
      throw new RefusedWebhookTarget(`webhook target refused: ${literal.address} is not a public address`);
    }
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<number>((resolve, reject) => {
      const outgoing = request(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          signal: AbortSignal.timeout(timeoutMs),
          // Node calls the lookup only for a name; a literal address was checked above.
          lookup: byName ? undefined : (hostname: string, options: LookupOptions, callback: LookupCallback) => this.lookup(hostname, options, callback),
        },
        (response) => {
          // The receiver's answer is not read, only drained, so the socket is freed.
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  private lookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, []);
        return;
      }
      const refused = addresses.find((address) => !this.addressAllowed(address.address));
      if (refused) {
        callback(new RefusedWebhookTarget(`webhook target refused: ${hostname} resolves to ${refused.address}, not a public address`), []);
      } else if (options.all) {
        callback(null, addresses);
      } else {
        callback(null, addresses[0].address, addresses[0].family);
      }
    });
  }

  private addressAllowed(address: string): boolean {
    return isPublicAddress(address) || this.allowedRanges.contains(address);
  }
}
