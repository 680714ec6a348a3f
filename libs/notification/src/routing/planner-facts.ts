import type { CampaignChanged, CampaignCreated } from '@goodpay/campaign';
import type { DomainEvent, ProjectedEvent, ProjectedOf, Sql } from '@goodpay/event-store';
import type { MerchantRegistered } from '@goodpay/merchant';
import type { PrepaymentClaimed, PrepaymentMade } from '@goodpay/prepayment';
import type { RaffleCertificationSubmitted } from '@goodpay/raffle';
import type { SettlementClosed } from '@goodpay/settlement';

/**
 * What later events need from earlier ones, kept by the planner in its own tables (contexts
 * never read each other's tables): a redemption names its prepayment, not the payer; no
 * prepayment event names the shop; a certification's approval names a pseudonymous person, not
 * the user who submitted it.
 */
export interface PlannerFacts {
  /** Null while a prepayment at the shop is unclaimed: it is the counter customer's, nobody to tell. */
  payerOf(prepaymentId: string): Promise<string | null>;
  merchantName(merchantId: string): Promise<string>;
  /** The user who runs the shop: the one to tell about its settlements. */
  merchantOwner(merchantId: string): Promise<string>;
  /** The Seoul day a settlement covered. */
  settlementDay(settlementId: string): Promise<string>;
  /** The user (token subject) who submitted a raffle certification: the one to tell about it. */
  certificationSubmitter(certificationId: string): Promise<string>;
  campaignName(campaignId: string): Promise<string>;
}

/** One fact an event tells, as its table keeps it. */
export type Fact =
  | { table: 'payers'; key: string; value: { payerId: string; merchantId: string } }
  | { table: 'merchants'; key: string; value: { name: string; ownerId: string | null } }
  | { table: 'settlements'; key: string; value: string }
  | { table: 'certifications'; key: string; value: string }
  | { table: 'campaigns'; key: string; value: string };

type FactTable = Fact['table'];
type ValueOf<T extends FactTable> = Extract<Fact, { table: T }>['value'];

/**
 * Which facts keep the first word and which the last: a payer, a settlement's day and a
 * certification's submitter never change once known (a replay must not overwrite them); a shop's
 * or a campaign's name is renamed by later events.
 */
const FIRST_WINS: Record<FactTable, boolean> = {
  payers: true,
  merchants: false,
  settlements: true,
  certifications: true,
  campaigns: false,
};

/** A fact recorder typed by its event (without metadata, as the planner reads it), filed under any event type. */
const recorder =
  <E extends DomainEvent>(tell: (event: ProjectedOf<E>) => Fact | null) =>
  (event: ProjectedEvent): Fact | null =>
    tell(event as ProjectedOf<E>);

/** How each fact-bearing event is remembered, by event type: the fact it tells, if any. */
export const FACT_RECORDERS: Record<string, (event: ProjectedEvent) => Fact | null> = {
  // Who pays for a prepayment: known when it is made on their behalf, or once they claim it.
  PrepaymentMade: recorder<PrepaymentMade>(({ data }) =>
    data.payer === null
      ? null
      : { table: 'payers', key: data.prepaymentId, value: { payerId: data.payer.id, merchantId: data.merchantId } },
  ),
  PrepaymentClaimed: recorder<PrepaymentClaimed>(({ data }) => ({
    table: 'payers',
    key: data.prepaymentId,
    value: { payerId: data.payer.id, merchantId: data.merchantId },
  })),
  MerchantRegistered: recorder<MerchantRegistered>(({ data }) => ({
    table: 'merchants',
    key: data.merchantId,
    value: { name: data.name, ownerId: data.ownerId ?? null },
  })),
  SettlementClosed: recorder<SettlementClosed>(({ data }) => ({ table: 'settlements', key: data.settlementId, value: data.day })),
  RaffleCertificationSubmitted: recorder<RaffleCertificationSubmitted>(({ data }) => ({
    table: 'certifications',
    key: data.certificationId,
    value: data.citizenId,
  })),
  CampaignCreated: recorder<CampaignCreated>(({ data }) => ({ table: 'campaigns', key: data.campaignId, value: data.name })),
  CampaignChanged: recorder<CampaignChanged>(({ data }) =>
    data.name === undefined ? null : { table: 'campaigns', key: data.campaignId, value: data.name },
  ),
};

/** The keys of each fact table a batch reads. */
export type FactKeys = Record<FactTable, Set<string>>;

export const noFactKeys = (): FactKeys => ({
  payers: new Set(),
  merchants: new Set(),
  settlements: new Set(),
  certifications: new Set(),
  campaigns: new Set(),
});

/**
 * Facts that answer every question with a stand-in and note which key was asked: the routes run
 * on it once (a dry run) to say what a batch will read. The stand-ins are never "unknown", so a
 * route that would ask more once a fact is known (a redemption's shop once its payer is) asks it
 * here too: the keys noted are all those the real run can ask.
 */
export function recordingFacts(keys: FactKeys): PlannerFacts {
  const asked = async (table: FactTable, key: string) => (keys[table].add(key), `(${table} ${key})`);
  return {
    payerOf: (prepaymentId) => asked('payers', prepaymentId),
    merchantName: (merchantId) => asked('merchants', merchantId),
    merchantOwner: (merchantId) => asked('merchants', merchantId),
    settlementDay: (settlementId) => asked('settlements', settlementId),
    certificationSubmitter: (certificationId) => asked('certifications', certificationId),
    campaignName: (campaignId) => asked('campaigns', campaignId),
  };
}

/** How each fact table is read (the keys a batch asks) and written (the batch's facts, one per key). */
interface FactTableSql<T extends FactTable> {
  load: string;
  valueOf(row: Record<string, string | null>): ValueOf<T>;
  /** The columns after the key, for unnest. */
  columnsOf(values: ValueOf<T>[]): unknown[][];
  write: string;
}

const TABLES: { [T in FactTable]: FactTableSql<T> } = {
  payers: {
    load: `SELECT prepayment_id AS key, payer_id, merchant_id FROM notification_prepayment_payers WHERE prepayment_id = ANY($1::text[])`,
    valueOf: (row) => ({ payerId: row.payer_id!, merchantId: row.merchant_id! }),
    columnsOf: (values) => [values.map((value) => value.payerId), values.map((value) => value.merchantId)],
    write: `INSERT INTO notification_prepayment_payers (prepayment_id, payer_id, merchant_id)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
            ON CONFLICT (prepayment_id) DO NOTHING`,
  },
  merchants: {
    load: `SELECT merchant_id AS key, name, owner_id FROM notification_merchant_names WHERE merchant_id = ANY($1::text[])`,
    valueOf: (row) => ({ name: row.name!, ownerId: row.owner_id }),
    columnsOf: (values) => [values.map((value) => value.name), values.map((value) => value.ownerId)],
    write: `INSERT INTO notification_merchant_names (merchant_id, name, owner_id)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
            ON CONFLICT (merchant_id) DO UPDATE SET name = EXCLUDED.name, owner_id = EXCLUDED.owner_id`,
  },
  settlements: {
    load: `SELECT settlement_id AS key, day::text AS value FROM notification_settlement_days WHERE settlement_id = ANY($1::text[])`,
    valueOf: (row) => row.value!,
    columnsOf: (values) => [values],
    write: `INSERT INTO notification_settlement_days (settlement_id, day)
            SELECT * FROM unnest($1::text[], $2::date[])
            ON CONFLICT (settlement_id) DO NOTHING`,
  },
  certifications: {
    load: `SELECT certification_id AS key, citizen_id AS value FROM notification_raffle_certifications WHERE certification_id = ANY($1::text[])`,
    valueOf: (row) => row.value!,
    columnsOf: (values) => [values],
    write: `INSERT INTO notification_raffle_certifications (certification_id, citizen_id)
            SELECT * FROM unnest($1::text[], $2::text[])
            ON CONFLICT (certification_id) DO NOTHING`,
  },
  campaigns: {
    load: `SELECT campaign_id AS key, name AS value FROM notification_campaign_names WHERE campaign_id = ANY($1::text[])`,
    valueOf: (row) => row.value!,
    columnsOf: (values) => [values],
    write: `INSERT INTO notification_campaign_names (campaign_id, name)
            SELECT * FROM unnest($1::text[], $2::text[])
            ON CONFLICT (campaign_id) DO UPDATE SET name = EXCLUDED.name`,
  },
};

const FACT_TABLES = Object.keys(TABLES) as FactTable[];

/**
 * The facts of one batch: what the tables held for the keys the batch reads (one query per
 * table), with the batch's own facts laid over them in event order, as the tables would hold
 * them had each event been written before the next was read. `save` writes the batch's facts
 * in one statement per table.
 */
export class BatchFacts implements PlannerFacts {
  /** Per table and key: the value, or null where the key was looked up and is not known. */
  private readonly known = new Map<FactTable, Map<string, unknown>>(FACT_TABLES.map((table) => [table, new Map()]));
  /** The batch's facts to write, one per key: the first or the last told, as the table keeps them. */
  private readonly told = new Map<FactTable, Map<string, unknown>>(FACT_TABLES.map((table) => [table, new Map()]));

  private constructor() {}

  static async load(sql: Sql, keys: FactKeys): Promise<BatchFacts> {
    const facts = new BatchFacts();
    for (const table of FACT_TABLES) {
      if (keys[table].size === 0) continue;
      const known = facts.known.get(table)!;
      for (const key of keys[table]) known.set(key, null);
      const { rows } = await sql.query<Record<string, string | null>>(TABLES[table].load, [[...keys[table]]]);
      for (const row of rows) known.set(row.key!, TABLES[table].valueOf(row));
    }
    return facts;
  }

  /** Lays an event's fact over the batch: a first-wins fact only where none is known. */
  remember(fact: Fact): void {
    const known = this.known.get(fact.table)!;
    const told = this.told.get(fact.table)!;
    const first = FIRST_WINS[fact.table];
    if (!first || !known.get(fact.key)) known.set(fact.key, fact.value);
    if (!first || !told.has(fact.key)) told.set(fact.key, fact.value);
  }

  /** Writes the batch's facts: one statement per table, each key once (ON CONFLICT cannot take a key twice). */
  async save(sql: Sql): Promise<void> {
    for (const table of FACT_TABLES) {
      const told = this.told.get(table)!;
      if (told.size === 0) continue;
      const { columnsOf, write } = TABLES[table] as FactTableSql<FactTable>;
      await sql.query(write, [[...told.keys()], ...columnsOf([...told.values()] as ValueOf<FactTable>[])]);
    }
  }

  private lookUp<T extends FactTable>(table: T, key: string): ValueOf<T> | null {
    const value = this.known.get(table)!.get(key) as ValueOf<T> | null | undefined;
    // The dry run notes every key a route can ask: one not loaded is a route that asks differently when run for real.
    if (value === undefined) throw new Error(`planner fact ${table} ${key} was not loaded for the batch`);
    return value;
  }

  async payerOf(prepaymentId: string): Promise<string | null> {
    // A prepayment at the shop counts for nobody until its payer claims it.
    return this.lookUp('payers', prepaymentId)?.payerId ?? null;
  }

  async merchantName(merchantId: string): Promise<string> {
    // A shop registered before the log began (imported data) still gets a readable message.
    return this.lookUp('merchants', merchantId)?.name ?? '가맹점';
  }

  async merchantOwner(merchantId: string): Promise<string> {
    const owner = this.lookUp('merchants', merchantId)?.ownerId;
    // A shop is registered (with its owner) before anything is settled for it.
    if (!owner) throw new Error(`no owner known for merchant ${merchantId}`);
    return owner;
  }

  async settlementDay(settlementId: string): Promise<string> {
    const day = this.lookUp('settlements', settlementId);
    // The settlement is closed (and its payout scheduled) in one append before any payout is paid.
    if (day === null) throw new Error(`no day known for settlement ${settlementId}`);
    return day;
  }

  async certificationSubmitter(certificationId: string): Promise<string> {
    const citizen = this.lookUp('certifications', certificationId);
    // A certification is submitted before it is decided or wins: a miss is a broken read model.
    if (citizen === null) throw new Error(`no submitter known for certification ${certificationId}`);
    return citizen;
  }

  async campaignName(campaignId: string): Promise<string> {
    // As for a shop: a campaign created before the log began still gets a readable message.
    return this.lookUp('campaigns', campaignId) ?? '착한 선결제';
  }
}
