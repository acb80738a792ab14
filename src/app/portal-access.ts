/**
 * The portal refuses the webhook (401 NO_AUTH_FOUND / expired_token, 403 INVALID_CREDENTIALS /
 * insufficient_scope — _includes/system-errors.md): the admin must act, nothing is wrong with the
 * writes. This watch remembers since when (kv, so a restart keeps it), tells the admins once — in
 * Telegram where they have it, since the Bitrix24 messenger goes through the same webhook — reports
 * it to /healthz, and says when calls work again. The outbox holds the writes meanwhile.
 */
import type { DeskContext } from '../kernel/context';
import { isAdminRefusal } from '../kernel/errors';
import { copyKey, kvKey, messageKey, type MessageKey } from '../kernel/keys';
import type { OutMessage } from '../kernel/ports';
import { ops } from '../texts';
import { DateTime } from 'luxon';

export interface PortalRefusal {
  /** When the first refusal came (clock ms). */
  since: number;
  code: string;
  status: number;
  /** The method refused; for insufficient_scope only its success ends the refusal. */
  method: string;
}

/** Refusals of the whole portal (_includes/system-errors.md), each with its own advice. */
const WHOLE_PORTAL: Record<string, 'plan' | 'blocked' | 'closed'> = {
  ACCESS_DENIED: 'plan',
  OVERLOAD_LIMIT: 'blocked',
  PORTAL_DELETED: 'closed',
};

type Shared = Pick<DeskContext, 'kv' | 'rules' | 'clock' | 'log' | 'outbox' | 'reach' | 'tx'>;

export class PortalAccessWatch {
  constructor(
    private readonly ctx: Shared,
    /** Wakes the loop so the notice goes out now. */
    private readonly kick: () => void = () => undefined,
  ) {}

  /** The refusal in force, if any. */
  current(): PortalRefusal | null {
    const raw = this.ctx.kv.get(kvKey.portalNeedsAdmin);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as PortalRefusal;
    } catch {
      return null;
    }
  }

  /** Every Bitrix24 call's outcome (the REST client's onCall). */
  onCall(method: string, outcome: 'ok' | 'retry' | 'error', code?: string, status = 0, description = ''): void {
    try {
      if (outcome === 'ok') this.worked(method);
      else if (outcome === 'error' && code !== undefined && isAdminRefusal(code, description))
        this.refused(method, code, status);
    } catch (e) {
      // The store refusing writes must not turn a REST answer into an exception of its own.
      this.ctx.log.warn({ err: (e as Error).message }, 'could not record the portal’s access state');
    }
  }

  private refused(method: string, code: string, status: number): void {
    if (this.current()) return;
    const since = this.ctx.clock.now().getTime();
    const refusal: PortalRefusal = { since, code, status: status || (code === 'NO_AUTH_FOUND' ? 401 : 403), method };
    this.ctx.tx(() => {
      this.ctx.kv.set(kvKey.portalNeedsAdmin, JSON.stringify(refusal));
      this.tellAdmins((id) => messageKey.portalNeedsAdmin(since, id), {
        text: ops.portalNeedsAdmin({
          status: refusal.status,
          code,
          since: this.at(since),
          scope: code === 'insufficient_scope',
          portal: WHOLE_PORTAL[code],
        }),
      });
    });
    this.ctx.log.error(
      { code, method, status: refusal.status },
      'the portal refuses the webhook: CRM writes and Bitrix24 messages are held until the admin fixes it',
    );
    this.kick();
  }

  private worked(method: string): void {
    const r = this.current();
    if (!r) return;
    // A missing scope is that method's: another method working proves nothing about it.
    if (r.code === 'insufficient_scope' && r.method.toLowerCase() !== method.toLowerCase()) return;
    this.ctx.tx(() => {
      this.ctx.kv.delete(kvKey.portalNeedsAdmin);
      this.tellAdmins((id) => messageKey.portalBack(r.since, id), {
        text: ops.portalBack({ since: this.at(r.since) }),
      });
    });
    this.ctx.log.info(
      { code: r.code, since: r.since },
      'the portal takes the webhook again; held writes go out in order',
    );
    this.kick();
  }

  /** To each admin (directors when none), in Telegram when linked there, else in the Bitrix24 messenger. */
  private tellAdmins(key: (id: number) => MessageKey, m: OutMessage): void {
    const { admins, directors } = this.ctx.rules.people;
    for (const id of admins.length ? admins : directors) {
      const tg = this.ctx.reach.telegramOf(id);
      this.ctx.outbox.enqueue(
        copyKey(key(id), tg ? 'telegram' : 'b24chat'),
        { channel: tg ? 'telegram' : 'b24chat', op: 'send', target: tg ?? String(id), payload: { text: m.text } },
        this.ctx.clock.now().getTime(),
      );
    }
  }

  private at(ms: number): string {
    return DateTime.fromMillis(ms, { zone: this.ctx.rules.workingHours.zone }).toFormat('dd.MM HH:mm');
  }
}
