import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Sql, sqlOn } from '@goodpay/event-store';
import type { HolderCheckAnswer } from '../decider';
import { AccountHolderCheck, type HolderInquiry } from './account-holder-check';

/**
 * The development "bank": an account is held by whoever the owner says, unless a test or demo
 * set another answer for it (`answer`): a different holder, or no such account. Every
 * inquiry is recorded (`inquiries`), so a test sees that the check was asked. Its book lives in
 * PostgreSQL, so every replica answers alike. Never used in production (configuration refuses).
 */
@Injectable()
export class RecordingAccountHolderCheck extends AccountHolderCheck {
  readonly name = 'recording';
  private readonly sql: Sql;

  constructor(dataSource: DataSource) {
    super();
    this.sql = sqlOn(dataSource);
  }

  async lookUp({ bankCode, accountNumber, declaredHolderName }: HolderInquiry): Promise<HolderCheckAnswer> {
    await this.sql.query(`INSERT INTO payout_recorded_holder_inquiries (bank_code, account_number) VALUES ($1, $2)`, [
      bankCode,
      accountNumber,
    ]);
    const { rows } = await this.sql.query<{ holder_name: string | null }>(
      `SELECT holder_name FROM payout_recorded_holders WHERE bank_code = $1 AND account_number = $2`,
      [bankCode, accountNumber],
    );
    if (!rows[0]) return { found: true, holderName: declaredHolderName, checkedBy: this.name };
    const holderName = rows[0].holder_name;
    return holderName === null ? { found: false, checkedBy: this.name } : { found: true, holderName, checkedBy: this.name };
  }

  /** From now on the account is held by `holderName`, or does not exist (null). */
  async answer(bankCode: string, accountNumber: string, holderName: string | null): Promise<void> {
    await this.sql.query(
      `INSERT INTO payout_recorded_holders (bank_code, account_number, holder_name) VALUES ($1, $2, $3)
       ON CONFLICT (bank_code, account_number) DO UPDATE SET holder_name = EXCLUDED.holder_name`,
      [bankCode, accountNumber, holderName],
    );
  }

  async inquiries(): Promise<{ bankCode: string; accountNumber: string }[]> {
    const { rows } = await this.sql.query<{ bank_code: string; account_number: string }>(
      `SELECT bank_code, account_number FROM payout_recorded_holder_inquiries ORDER BY id`,
    );
    return rows.map((row) => ({ bankCode: row.bank_code, accountNumber: row.account_number }));
  }
}
