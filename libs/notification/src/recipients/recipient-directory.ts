import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Sql, sqlOn } from '@goodpay/event-store';
import { maskPhone, PersonalDataVault } from '@goodpay/personal-data';
import { type Actor, Clock, SYSTEM_ACTOR } from '@goodpay/shared';
import { type ContactPresence, DEFAULT_PREFERENCES, type RecipientPreferences } from '../delivery/delivery-decision';
import type { NotificationKind } from '../kinds/notification-kinds';
import type { Contact } from './contact-rules';

export interface RecipientDeliveryFacts {
  preferences: RecipientPreferences;
  presence: ContactPresence;
}

/** What the person sees of their own contact details: masked. */
export interface MaskedContact {
  phone: string | null;
  email: string | null;
}

/** Hides the local part of an e-mail address but its first letter: k***@example.kr. */
export const maskEmail = (email: string): string => {
  const [local, domain] = email.split('@');
  return `${local.slice(0, 1)}${'*'.repeat(Math.max(local.length - 1, 1))}@${domain}`;
};

/**
 * Recipients' contact details and preferences, by user id (the token subject). Contact details
 * are sealed with the personal-data vault, under the user id as subject: the table holds only
 * ciphertext and which details exist, and an erasure of the subject makes them unreadable.
 * They are opened only by `openContact`, at sending time.
 */
@Injectable()
export class RecipientDirectory {
  private readonly sql: Sql;

  constructor(
    dataSource: DataSource,
    private readonly vault: PersonalDataVault,
    private readonly clock: Clock,
  ) {
    this.sql = sqlOn(dataSource);
  }

  async setContact(userId: string, contact: Contact): Promise<MaskedContact> {
    const fields: Record<string, string> = {};
    if (contact.phone) fields.phone = contact.phone;
    if (contact.email) fields.email = contact.email;
    const sealed = await this.vault.seal(userId, fields);
    await this.sql.query(
      `INSERT INTO notification_contacts (user_id, sealed, has_phone, has_email, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id) DO UPDATE SET sealed = EXCLUDED.sealed, has_phone = EXCLUDED.has_phone,
         has_email = EXCLUDED.has_email, updated_at = EXCLUDED.updated_at`,
      [userId, sealed, contact.phone !== null, contact.email !== null, this.clock.now()],
    );
    return mask(contact);
  }

  /** The person's own view of their contact details (masked); null when none are set or they were erased. */
  async maskedContact(userId: string, reader: Actor): Promise<MaskedContact | null> {
    const contact = await this.open(userId, reader, 'show the person their own contact details');
    return contact && mask(contact);
  }

  async setPreferences(userId: string, preferences: RecipientPreferences): Promise<RecipientPreferences> {
    await this.sql.query(
      `INSERT INTO notification_preferences (user_id, opted_out, preferred, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET opted_out = EXCLUDED.opted_out, preferred = EXCLUDED.preferred, updated_at = EXCLUDED.updated_at`,
      [userId, preferences.optedOut, preferences.preferred, this.clock.now()],
    );
    return preferences;
  }

  async preferences(userId: string): Promise<RecipientPreferences> {
    return (await this.deliveryFacts([userId])).get(userId)!.preferences;
  }

  /** What the sender decides on, per recipient (see readDeliveryFacts). */
  deliveryFacts(userIds: readonly string[]): Promise<Map<string, RecipientDeliveryFacts>> {
    return readDeliveryFacts(this.sql, userIds);
  }

  /** The contact details in clear, for a provider call only; null once the person was erased. */
  openContact(userId: string): Promise<Contact | null> {
    return this.open(userId, SYSTEM_ACTOR, 'send a notification');
  }

  private async open(userId: string, actor: Actor, purpose: string): Promise<Contact | null> {
    const { rows } = await this.sql.query<{ sealed: string }>(`SELECT sealed FROM notification_contacts WHERE user_id = $1`, [userId]);
    if (!rows[0]) return null;
    const fields = await this.vault.open(userId, rows[0].sealed, { actor, purpose });
    return fields && { phone: fields.phone ?? null, email: fields.email ?? null };
  }
}

const mask = (contact: Contact): MaskedContact => ({
  phone: contact.phone && maskPhone(contact.phone),
  email: contact.email && maskEmail(contact.email),
});

/**
 * What the sender decides on, per recipient: preferences (the defaults when none are set) and
 * which contact details exist, without opening them. One query for a whole batch of recipients.
 */
export async function readDeliveryFacts(sql: Sql, userIds: readonly string[]): Promise<Map<string, RecipientDeliveryFacts>> {
  const { rows } = await sql.query<{
    user_id: string;
    opted_out: NotificationKind[] | null;
    preferred: RecipientPreferences['preferred'] | null;
    has_phone: boolean | null;
    has_email: boolean | null;
  }>(
    `SELECT u.user_id, p.opted_out, p.preferred, c.has_phone, c.has_email
     FROM unnest($1::text[]) AS u(user_id)
     LEFT JOIN notification_preferences p ON p.user_id = u.user_id
     LEFT JOIN notification_contacts c ON c.user_id = u.user_id`,
    [[...new Set(userIds)]],
  );
  return new Map(
    rows.map((row) => [
      row.user_id,
      {
        preferences: row.preferred === null ? DEFAULT_PREFERENCES : { optedOut: row.opted_out ?? [], preferred: row.preferred },
        presence: { phone: row.has_phone ?? false, email: row.has_email ?? false },
      },
    ]),
  );
}
