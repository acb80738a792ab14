/**
 * At start: every field payments.requiredInvoiceFields names is looked up on the portal
 * (crm.item.fields / crm.invoice.fields, integrations/bitrix/invoice-fields.ts). A name the invoices
 * do not have would hold every payment back as «не заполнено» with nothing a manager can fill; the
 * bot leaves it unchecked instead, logs it as an error and tells the admins (directors when none)
 * once per field. Checked at the directory's first load (the first pass), like the rules' stages
 * (stage-guard.ts); a portal that does not answer leaves it for the next load.
 */
import type { DeskContext } from '../kernel/context';
import { sendToPerson } from '../kernel/delivery';
import { messageKey } from '../kernel/keys';
import { errorMessage } from '../kernel/errors';
import type { ResolvedFields } from '../integrations/bitrix/invoice-fields';
import { ops } from '../texts';

/** The part of the invoice adapter this check asks (BitrixInvoices). */
export interface InvoiceFieldSource {
  invoiceKind(): Promise<'smart' | 'legacy'>;
  requiredFields(kind: 'smart' | 'legacy'): Promise<ResolvedFields>;
}

export class RequiredFieldsCheck {
  private state: 'waiting' | 'running' | 'done' = 'waiting';

  constructor(
    private readonly ctx: DeskContext,
    private readonly invoices: InvoiceFieldSource,
  ) {
    if (ctx.rules.payments.requiredInvoiceFields.length === 0) this.state = 'done';
    else ctx.events.on('directoryLoaded', () => void this.checkOnce());
  }

  /** Resolves when checked (or failed, to be asked again at the next load). */
  async checkOnce(): Promise<void> {
    if (this.state !== 'waiting') return;
    this.state = 'running';
    try {
      const kind = await this.invoices.invoiceKind();
      const found = await this.invoices.requiredFields(kind);
      this.state = 'done';
      for (const field of found.unknown) {
        const label = this.ctx.rules.payments.requiredInvoiceFields.find((f) => f.field === field)?.label ?? field;
        this.ctx.log.error(
          { field, label, kind, customFields: found.custom },
          'payments.requiredInvoiceFields names a field the invoices do not have: it is not checked until the rules are fixed',
        );
        const text = ops.invoiceFieldUnknown({ field, label, fields: found.custom.join(', ') });
        const { admins, directors } = this.ctx.rules.people;
        this.ctx.tx(() => {
          for (const id of admins.length ? admins : directors)
            sendToPerson(this.ctx, id, messageKey.unknownInvoiceField(field, id), { text });
        });
      }
    } catch (e) {
      this.state = 'waiting';
      this.ctx.log.warn(
        { err: errorMessage(e) },
        'could not read the invoice fields to check payments.requiredInvoiceFields; asking again at the next directory load',
      );
    }
  }
}
