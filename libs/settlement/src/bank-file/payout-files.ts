import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { seoulDate } from '@goodpay/shared';
import {
  type AppendRequest,
  type CommandContext,
  type CommandResult,
  decideOnStream,
  EventStore,
  idempotencyOf,
  metadataOf,
  type Sql,
  sqlOn,
} from '@goodpay/event-store';
import { type Actor, Clock, ForbiddenError, InvalidInputError, newId, RuleViolationError } from '@goodpay/shared';
import { type ResolvedSettlementOptions, SETTLEMENT_OPTIONS } from '../options/settlement-options';
import { checkBankCode } from '../payout-account/account-number';
import type { PayoutAccount } from '../payout-account/decider';
import { type OpenedPayoutAccount, PayoutAccounts } from '../payout-account/payout-accounts';
import { payoutDecider } from '../payout/decider';
import { payoutStream, type PayoutSentInFile } from '../payout/events';
import { type CsvEncoding, decodeCsv, parseCsv, writeCsv } from './csv';
import { existingPayoutFile, payoutFileDecider } from './decider';
import { type PayoutFileCreated, type PayoutFileRow, payoutFileStream } from './events';
import {
  countLabel,
  MAX_ROWS_PER_FILE,
  passbookMemo,
  RESULT_COLUMNS,
  RESULT_FAILED,
  RESULT_PAID,
  TOTALS_LABEL,
  TRANSFER_COLUMNS,
  totalsCells,
  transferCells,
} from './layout';
import { readXlsx, writeXlsx } from './xlsx';

export type PayoutFileFormat = 'csv' | 'xlsx';

export interface PayoutFileMade {
  fileId: string;
  count: number;
  total: string;
  /** Payouts left out because their shop has no verified settlement account yet. */
  waitingForAccount: number;
}

export interface RenderedPayoutFile {
  bytes: Buffer;
  contentType: string;
  fileName: string;
}

export type ResultRowOutcome = 'paid' | 'failed' | 'already_recorded' | 'refused';

export interface ResultRowReport {
  row: number;
  payoutId: string;
  outcome: ResultRowOutcome;
  /** Why a row was refused: unknown_row, account_mismatch, amount_mismatch. */
  code?: string;
  message?: string;
}

export interface PayoutFileImportReport {
  fileId: string;
  sha256: string;
  paid: number;
  failed: number;
  alreadyRecorded: number;
  refused: number;
  rows: ResultRowReport[];
}

interface ResultLine {
  row: number;
  bankCode: string;
  accountNumber: string;
  amount: string;
  payoutId: string;
  paid: boolean;
  reason: string;
}

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const malformed = (message: string) =>
  new InvalidInputError(`the result file does not follow the documented layout: ${message}`, undefined, 'result_file_malformed');

function staffOnly(actor: Actor): void {
  if (actor.role !== 'staff') throw new ForbiddenError('only staff handle bulk-transfer files', 'wrong_role');
}

/**
 * The bulk-transfer files: staff make one of the payouts waiting (each marked sent-in-file in
 * the same transaction, so no payout is in two files), download it as CSV or XLSX, upload it
 * to the bank, and import the bank's result file, which marks each row paid or failed after
 * checking it against the file to the won. A failed row's payout waits for the next file.
 * Layout and rules: docs/payouts.md.
 */
@Injectable()
export class PayoutFiles {
  private readonly sql: Sql;

  constructor(
    private readonly store: EventStore,
    private readonly accounts: PayoutAccounts,
    private readonly clock: Clock,
    @Inject(SETTLEMENT_OPTIONS) private readonly options: ResolvedSettlementOptions,
    dataSource: DataSource,
  ) {
    this.sql = sqlOn(dataSource);
  }

  async create(context: CommandContext, senderBankCode: string): Promise<CommandResult<PayoutFileMade>> {
    staffOnly(context.actor);
    if (this.options.payoutAdapter !== 'bank-file') {
      throw new RuleViolationError(
        'bank_file_payouts_off',
        'payouts are not made by bulk-transfer file here (PAYOUT_ADAPTER is not bank-file)',
      );
    }
    checkBankCode(senderBankCode);
    const fileId = newId();
    return this.store.execute(
      async () => {
        const now = this.clock.now().toISOString();
        const { rows, appends, waitingForAccount } = await this.rowsFor(fileId, now);
        const file = await decideOnStream(this.store, payoutFileStream(fileId), payoutFileDecider, {
          type: 'CreatePayoutFile',
          actor: context.actor,
          fileId,
          senderBankCode,
          rows,
          now,
        });
        const created = (file.events[0] as PayoutFileCreated).data;
        return {
          appends: [file.append, ...appends],
          respond: () => ({ fileId, count: created.count, total: created.total, waitingForAccount }),
        };
      },
      { metadata: metadataOf(context), idempotency: idempotencyOf(context, 'CreatePayoutFile', { senderBankCode }), maxAttempts: 3 },
    );
  }

  /** Staff: the file, as made. Account numbers and holders are opened from the vault (audited). */
  async render(actor: Actor, fileId: string, format: PayoutFileFormat, encoding: CsvEncoding = 'utf-8'): Promise<RenderedPayoutFile> {
    staffOnly(actor);
    const file = existingPayoutFile((await this.store.aggregate(payoutFileStream(fileId), payoutFileDecider)).state, fileId);
    const memo = passbookMemo(seoulDate(file.createdAt));
    const cells: string[][] = [[...TRANSFER_COLUMNS]];
    for (const row of file.rows) {
      const account = await this.opened(row, { actor, purpose: `bulk-transfer file ${fileId}` });
      cells.push(
        transferCells({
          row: row.row,
          bankCode: row.bankCode,
          accountNumber: account.accountNumber,
          holderName: account.holderName,
          amount: row.amount,
          memo,
          payoutId: row.settlementId,
        }),
      );
    }
    cells.push(totalsCells(file.count, BigInt(file.total)));
    const name = `goodpay-payouts-${file.senderBankCode}-${seoulDate(file.createdAt)}-${fileId}`;
    if (format === 'xlsx') {
      const amountColumn = TRANSFER_COLUMNS.indexOf('이체금액');
      return {
        bytes: await writeXlsx(cells, amountColumn),
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        fileName: `${name}.xlsx`,
      };
    }
    return { bytes: writeCsv(cells, encoding), contentType: `text/csv; charset=${encoding}`, fileName: `${name}.csv` };
  }

  /**
   * The bank's result file (CSV in UTF-8 or EUC-KR, or XLSX). A file that breaks the layout is
   * refused whole; a row that names another payout, account or amount than the file had is
   * refused on its own and reported. The rest are recorded in one transaction. Importing the
   * same result again finds every payout recorded already and changes nothing.
   */
  async importResult(context: CommandContext, fileId: string, bytes: Buffer): Promise<CommandResult<PayoutFileImportReport>> {
    staffOnly(context.actor);
    const file = existingPayoutFile((await this.store.aggregate(payoutFileStream(fileId), payoutFileDecider)).state, fileId);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const lines = resultLines(bytes.subarray(0, 4).equals(XLSX_MAGIC) ? await readXlsx(bytes) : parseCsv(decodeCsv(bytes)));
    const byRow = new Map(file.rows.map((row) => [row.row, row]));
    const checked: { line: ResultLine; row: PayoutFileRow }[] = [];
    const refusals: ResultRowReport[] = [];
    for (const line of lines) {
      const refusal = await this.refusalOf(line, byRow.get(line.row), context.actor, fileId);
      if (refusal) refusals.push(refusal);
      else checked.push({ line, row: byRow.get(line.row)! });
    }
    return this.store.execute(
      async () => {
        const now = this.clock.now().toISOString();
        const appends: AppendRequest[] = [];
        const reports: ResultRowReport[] = [...refusals];
        for (const { line, row } of checked) {
          const outcome = line.paid
            ? { paid: true as const, bankReference: `bank-file:${fileId}:${row.row}` }
            : { paid: false as const, reason: line.reason || '사유 없음' };
          const { events, append } = await decideOnStream(this.store, payoutStream(row.settlementId), payoutDecider, {
            type: 'RecordPayoutFileResult',
            settlementId: row.settlementId,
            fileId,
            outcome,
            now,
          });
          if (events.length > 0) appends.push(append);
          reports.push({
            row: row.row,
            payoutId: row.settlementId,
            outcome: events.length === 0 ? 'already_recorded' : line.paid ? 'paid' : 'failed',
          });
        }
        reports.sort((a, b) => a.row - b.row);
        const count = (outcome: ResultRowOutcome) => reports.filter((report) => report.outcome === outcome).length;
        const [paid, failed, alreadyRecorded, refused] = [count('paid'), count('failed'), count('already_recorded'), count('refused')];
        const imported = await decideOnStream(this.store, payoutFileStream(fileId), payoutFileDecider, {
          type: 'RecordPayoutFileImport',
          actor: context.actor,
          fileId,
          sha256,
          paid,
          failed,
          refused,
          now,
        });
        if (imported.events.length > 0) appends.unshift(imported.append);
        return { appends, respond: () => ({ fileId, sha256, paid, failed, alreadyRecorded, refused, rows: reports }) };
      },
      { metadata: metadataOf(context), maxAttempts: 3 },
    );
  }

  /** The payouts waiting, oldest first, each with its shop's verified account, as many as a file takes. */
  private async rowsFor(fileId: string, now: string) {
    const { rows: candidates } = await this.sql.query<{ settlement_id: string; merchant_id: string }>(
      `SELECT settlement_id::text AS settlement_id, merchant_id FROM payouts WHERE status IN ('scheduled', 'retried') ORDER BY scheduled_at, settlement_id`,
    );
    const accounts = new Map<string, PayoutAccount | null>();
    const rows: PayoutFileRow[] = [];
    const appends: AppendRequest[] = [];
    let waitingForAccount = 0;
    for (const { settlement_id: settlementId, merchant_id: merchantId } of candidates) {
      if (rows.length >= MAX_ROWS_PER_FILE) break;
      if (!accounts.has(merchantId)) accounts.set(merchantId, await this.accounts.verifiedAccount(merchantId));
      const account = accounts.get(merchantId);
      if (!account) {
        waitingForAccount += 1;
        continue;
      }
      const row = rows.length + 1;
      const { events, append } = await decideOnStream(this.store, payoutStream(settlementId), payoutDecider, {
        type: 'SendPayoutInFile',
        settlementId,
        fileId,
        row,
        accountId: account.accountId,
        now,
      });
      if (events.length === 0) continue; // paid, failed for staff, or out in another file
      const { amount } = (events[0] as PayoutSentInFile).data;
      rows.push({ row, settlementId, merchantId, accountId: account.accountId, bankCode: account.bankCode, amount });
      appends.push(append);
    }
    return { rows, appends, waitingForAccount };
  }

  private async opened(row: PayoutFileRow, access: { actor: Actor; purpose: string }): Promise<OpenedPayoutAccount> {
    const account = await this.accounts.open(row.merchantId, row.accountId, access);
    if (!account) {
      throw new RuleViolationError(
        'payout_account_erased',
        `the settlement account of row ${row.row} was erased; make a new file once the shop registers again`,
        { row: row.row },
      );
    }
    return account;
  }

  private async refusalOf(line: ResultLine, row: PayoutFileRow | undefined, actor: Actor, fileId: string): Promise<ResultRowReport | null> {
    const refuse = (code: string, message: string): ResultRowReport => ({
      row: line.row,
      payoutId: line.payoutId,
      outcome: 'refused',
      code,
      message,
    });
    if (!row || row.settlementId !== line.payoutId) return refuse('unknown_row', 'the file has no such row for this payout');
    if (line.amount !== String(row.amount)) return refuse('amount_mismatch', `the file sent ${row.amount} won on this row`);
    const account = await this.opened(row, { actor, purpose: `bulk-transfer result ${fileId}` });
    if (line.bankCode !== row.bankCode || line.accountNumber !== account.accountNumber)
      return refuse('account_mismatch', 'the file sent this row to another account');
    return null;
  }
}

/**
 * The data rows of a result file: the header must be RESULT_COLUMNS; an optional last 합계 row
 * must count the rows and sum their amounts exactly; every row must be well formed and appear once.
 */
export function resultLines(rows: string[][]): ResultLine[] {
  const cells = rows.map((row) => row.map((cell) => cell.trim()));
  const header = cells.shift();
  if (!header || header.length < RESULT_COLUMNS.length || RESULT_COLUMNS.some((column, i) => header[i] !== column)) {
    throw malformed(`the first row must be the header ${RESULT_COLUMNS.join(',')}`);
  }
  const totals = cells.length > 0 && cells[cells.length - 1][0] === TOTALS_LABEL ? cells.pop()! : null;
  const seen = new Set<number>();
  const lines = cells.map((row, index): ResultLine => {
    const at = `row ${index + 2}`;
    const [rowNumber, bankCode, accountNumber, , amount, , payoutId, result, reason = ''] = row;
    if (!/^\d{1,6}$/.test(rowNumber ?? '')) throw malformed(`${at}: 순번 must be a row number`);
    if (!/^\d{3}$/.test(bankCode ?? '') || !/^\d{1,20}$/.test(accountNumber ?? ''))
      throw malformed(`${at}: bank code or account number is not digits`);
    if (!/^(0|[1-9]\d{0,15})$/.test(amount ?? '')) throw malformed(`${at}: 이체금액 must be whole won`);
    if (result !== RESULT_PAID && result !== RESULT_FAILED) throw malformed(`${at}: 처리결과 must be ${RESULT_PAID} or ${RESULT_FAILED}`);
    const line = {
      row: Number(rowNumber),
      bankCode,
      accountNumber,
      amount,
      payoutId: payoutId ?? '',
      paid: result === RESULT_PAID,
      reason: reason.slice(0, 200),
    };
    if (seen.has(line.row)) throw malformed(`${at}: row ${line.row} appears twice`);
    seen.add(line.row);
    return line;
  });
  if (lines.length === 0) throw malformed('it has no rows');
  if (totals) {
    const sum = lines.reduce((total, line) => total + BigInt(line.amount), 0n);
    if (totals[3] !== countLabel(lines.length) || totals[4] !== sum.toString()) {
      throw new RuleViolationError('result_totals_mismatch', `the 합계 row does not add up: ${lines.length} rows, ${sum} won`, {
        count: lines.length,
        total: sum.toString(),
      });
    }
  }
  return lines;
}
