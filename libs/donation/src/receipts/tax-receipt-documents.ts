import { Inject, Injectable, Optional } from '@nestjs/common';
import { PersonalDataVault } from '@goodpay/personal-data';
import { type Actor, Clock } from '@goodpay/shared';
import { seoulDate } from '@goodpay/shared';
import { writeNtsBulkFile } from '../nts/nts-bulk-file';
import { DONATION_OPTIONS, type ResolvedDonationOptions } from '../options/donation-options';
import { DonationQueries, type ReceiptWithOwner } from '../queries/donation-queries';
import { isDonationTypeCode } from './donation-type-codes';
import type { TaxReceiptDocument } from './tax-receipt';

/** Opens a receipt's sealed tax identity (each read in the vault's access log) to print it or file it. */
@Injectable()
export class TaxReceiptDocuments {
  constructor(
    private readonly queries: DonationQueries,
    private readonly clock: Clock,
    @Inject(DONATION_OPTIONS) private readonly options: ResolvedDonationOptions,
    @Optional() @Inject(PersonalDataVault) private readonly vault?: PersonalDataVault,
  ) {}

  /** The receipt with every field of the form; the name in full (the donor's own document), the number masked. */
  async document(receipt: ReceiptWithOwner, reader: Actor): Promise<TaxReceiptDocument> {
    const { merchantOwnerId: _owner, tax: facts, status, reissuedOn, ...view } = receipt;
    const fields = facts ? await this.open(facts.person, facts.sealedIdentity, reader, 'printing a donation receipt') : null;
    const typeCode = facts && isDonationTypeCode(facts.typeCode) ? facts.typeCode : this.options.typeCode;
    return {
      receipt: view,
      recipient: facts?.recipient ?? this.options.chest,
      typeCode,
      tax:
        facts && fields
          ? { legalName: fields.legalName, maskedRrn: facts.maskedRrn, address: fields.address || null }
          : facts
            ? { legalName: '(파기됨 / erased)', maskedRrn: facts.maskedRrn, address: null }
            : null,
      status,
      reissuedOn,
    };
  }

  /** The year's file for the NTS: every standing tax receipt, with the full resident registration number. */
  async ntsFile(year: number, reader: Actor): Promise<Buffer> {
    const receipts = await this.queries.taxReceiptsOfYear(year);
    const listed = [];
    for (const receipt of receipts) {
      const facts = receipt.tax!;
      const fields = await this.open(facts.person, facts.sealedIdentity, reader, 'filing donation receipts with the National Tax Service');
      // An erased person cannot be filed: the receipt stays in the figures, staff file it by hand.
      if (!fields) continue;
      listed.push({
        receiptNumber: receipt.receiptNumber,
        donorRrn: fields.residentRegistrationNumber,
        donorName: fields.legalName,
        typeCode: facts.typeCode,
        issuedOn: receipt.issuedOn,
        items: receipt.items.map((item) => ({ donatedOn: item.donatedOn, amount: BigInt(item.amount) })),
      });
    }
    return writeNtsBulkFile({
      year,
      bodyNumber: this.options.chest.registrationNumber ?? '',
      bodyName: this.options.chest.name,
      submittedOn: seoulDate(this.clock.now().toISOString()),
      receipts: listed,
    });
  }

  private async open(person: string, sealed: string, reader: Actor, purpose: string) {
    if (!this.vault) throw new Error('the personal-data vault is not registered in this process');
    return this.vault.open(person, sealed, { actor: reader, purpose });
  }
}
