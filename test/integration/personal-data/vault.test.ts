import { randomUUID } from 'node:crypto';
import { phoneIdentity } from '@goodpay/personal-data';
import type { Actor } from '@goodpay/shared';
import { tracesInDatabase, tracesOfPhone } from '../../support/personal-data-traces';
import { KEYS, JPEG, refusal, startVault, startVaultWorld, type VaultWorld } from './vault-module';

const staff: Actor = { id: 'staff-7', role: 'staff' };
const citizen: Actor = { id: 'citizen-1', role: 'citizen' };
const system: Actor = { id: 'system', role: 'system' };
const asStaff = { actor: staff, purpose: 'raffle winner contact' };
const asSystem = { actor: system, purpose: 'winner notification' };

const hong = { name: '홍길동', phone: '01012345678' };
const newSubject = () => `person-${randomUUID()}`;

/** The sealed string with one byte of its ciphertext flipped, still well-formed. */
function tampered(sealed: string, at = -1): string {
  const box = Buffer.from(sealed.slice('pd1.'.length), 'base64url');
  box[at < 0 ? box.length + at : at] ^= 0x01;
  return `pd1.${box.toString('base64url')}`;
}

describe('personal-data vault on the real PostgreSQL', () => {
  let w: VaultWorld;

  beforeAll(async () => {
    w = await startVaultWorld();
  });
  afterAll(() => w?.close());

  const keyCount = async (subjectId: string) =>
    (await w.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM personal_data_keys WHERE subject_id = $1', [subjectId])).rows[0].n;

  describe('subjects', () => {
    const indexRows = async (subjectId: string) =>
      (await w.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM personal_data_subject_index WHERE subject_id = $1', [subjectId]))
        .rows[0].n;

    it('gives one random subject per phone, whatever the written form, computed from nothing', async () => {
      const id = await w.vault.subjectFor(phoneIdentity('010-2222-5678'));
      expect(id).toMatch(/^subject-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(await w.vault.subjectFor(phoneIdentity('+82 10 2222 5678'))).toBe(id);
      expect(await w.vault.subjectFor(phoneIdentity('01022225678'))).toBe(id);
      expect(await w.vault.subjectFor(phoneIdentity('010-2222-5679'))).not.toBe(id);
      // Another database with the same keys gives the same phone another subject: nothing to recompute.
      const other = await startVaultWorld();
      try {
        expect(await other.vault.subjectFor(phoneIdentity('010-2222-5678'))).not.toBe(id);
      } finally {
        await other.close();
      }
      expect(await tracesInDatabase(w.sql, tracesOfPhone(KEYS, '01022225678').slice(0, 4))).toEqual([]);
    });

    it('refuses what is not a Korean mobile number', async () => {
      expect(await refusal(w.vault.subjectFor(phoneIdentity('02-123-4567')))).toMatchObject({ code: 'invalid_phone', status: 400 });
    });

    it('gives two first uses of one phone at once one subject', async () => {
      const forms = ['010-3333-0001', '01033330001', '+82 10 3333 0001', '+82 (0)10-3333-0001'];
      const subjects = await Promise.all(Array.from({ length: 24 }, (_, i) => w.vault.subjectFor(phoneIdentity(forms[i % forms.length]))));
      expect(new Set(subjects).size).toBe(1);
      expect(await indexRows(subjects[0])).toBe(1);
    });

    it('forgets the phone at erasure: nothing left links to it, and the person coming back is a new subject', async () => {
      const phone = '010-4444-0002';
      const gone = await w.vault.subjectFor(phoneIdentity(phone));
      const sealed = await w.vault.seal(gone, { name: '이몽룡', phone: '01044440002' });
      await w.photos.put(gone, JPEG);
      // The scan sees what there is: before the erasure, the index row's lookup (a bytea, as hex).
      const [, , , legacy, lookup] = tracesOfPhone(KEYS, phone);
      expect(await tracesInDatabase(w.sql, [legacy, lookup])).toEqual([`personal_data_subject_index: ${lookup}`]);

      await w.vault.erase(gone, 'the person asked', staff);

      expect(await indexRows(gone)).toBe(0);
      expect(await tracesInDatabase(w.sql, [...tracesOfPhone(KEYS, phone), '이몽룡'])).toEqual([]);
      expect(await w.vault.open(gone, sealed, asSystem)).toBeNull();
      const back = await w.vault.subjectFor(phoneIdentity(phone));
      expect(back).not.toBe(gone);
      expect(await w.vault.open(back, await w.vault.seal(back, { name: '이몽룡' }), asSystem)).toEqual({ name: '이몽룡' });
    });

    it('keeps a living person recorded before subjects were random under their old id, and not an erased one', async () => {
      const [living, erased] = ['010-5555-0003', '010-5555-0004'];
      const legacyId = (phone: string) => `person-${tracesOfPhone(KEYS, phone)[3]}`;
      const sealed = await w.vault.seal(legacyId(living), { name: '성춘향', phone: '01055550003' });
      await w.vault.seal(legacyId(erased), { name: '변학도' });
      await w.vault.erase(legacyId(erased), 'erased before the change', staff);

      const [first, again] = await Promise.all([w.vault.subjectFor(phoneIdentity(living)), w.vault.subjectFor(phoneIdentity(living))]);
      expect([first, again]).toEqual([legacyId(living), legacyId(living)]);
      expect(await w.vault.open(first, sealed, asSystem)).toEqual({ name: '성춘향', phone: '01055550003' });
      expect(await w.vault.subjectFor(phoneIdentity(erased))).toMatch(/^subject-/);
    });
  });

  describe('seal and open', () => {
    it('opens what it sealed, and the sealed string shows none of it', async () => {
      const subject = newSubject();
      const sealed = await w.vault.seal(subject, hong);
      expect(sealed).toMatch(/^pd1\.[A-Za-z0-9_-]+$/);
      expect(sealed).not.toContain('01012345678');
      expect(Buffer.from(sealed.slice(4), 'base64url').toString('utf8')).not.toContain('홍길동');
      expect(await w.vault.open(subject, sealed, asSystem)).toEqual(hong);
      // Same fields, new nonce: a sealed value says nothing about equality.
      expect(await w.vault.seal(subject, hong)).not.toBe(sealed);
      expect(await keyCount(subject)).toBe(1);
    });

    it('refuses a sealed value with any byte changed, one of another subject, and one that is not ours', async () => {
      const subject = newSubject();
      const other = newSubject();
      const sealed = await w.vault.seal(subject, hong);
      await w.vault.seal(other, { name: '김철수' });
      for (const at of [0, 12, 20, 28, -1]) {
        expect(await refusal(w.vault.open(subject, tampered(sealed, at), asStaff))).toMatchObject({
          code: 'sealed_data_invalid',
          status: 422,
        });
      }
      expect(await refusal(w.vault.open(other, sealed, asStaff))).toMatchObject({ code: 'sealed_data_invalid' });
      expect(await refusal(w.vault.open(newSubject(), sealed, asStaff))).toMatchObject({ code: 'sealed_data_invalid' });
      expect(await refusal(w.vault.open(subject, 'not sealed at all', asStaff))).toMatchObject({ code: 'sealed_data_invalid' });
      expect(await w.vault.accessLog(subject)).toEqual([]);
    });

    it('refuses fields that are not text, and a read that does not say why', async () => {
      const subject = newSubject();
      expect(await refusal(w.vault.seal(subject, { age: 42 } as never))).toMatchObject({ code: 'invalid_personal_fields', status: 400 });
      expect(await refusal(w.vault.seal('  ', hong))).toMatchObject({ code: 'invalid_subject_id' });
      expect(await keyCount(subject)).toBe(0);
      const sealed = await w.vault.seal(subject, hong);
      expect(await refusal(w.vault.open(subject, sealed, { actor: staff, purpose: ' ' }))).toMatchObject({
        code: 'access_purpose_required',
      });
      expect(await w.vault.accessLog(subject)).toEqual([]);
    });

    it('makes one key for a new subject sealed ten times at once', async () => {
      const subject = newSubject();
      const sealed = await Promise.all(Array.from({ length: 10 }, (_, i) => w.vault.seal(subject, { name: `name ${i}` })));
      expect(await keyCount(subject)).toBe(1);
      const opened = await Promise.all(sealed.map((s) => w.vault.open(subject, s, asSystem)));
      expect(opened).toEqual(Array.from({ length: 10 }, (_, i) => ({ name: `name ${i}` })));
    });
  });

  describe('keys at rest', () => {
    it('stores only wrapped data keys and never the master key; another master key opens nothing', async () => {
      const subject = newSubject();
      const sealed = await w.vault.seal(subject, hong);
      const { rows } = await w.sql.query<{ dump: string }>(
        `SELECT string_agg(t::text, ' ') AS dump FROM (
           SELECT subject_id, encode(wrapped_key, 'escape') AS k FROM personal_data_keys) t`,
      );
      expect(rows[0].dump).not.toContain(KEYS.masterKey);
      expect(rows[0].dump).not.toContain(KEYS.hashKey);

      const twin = await startVault(w.db, { async: true });
      const impostor = await startVault(w.db, {
        async: true,
        keys: { ...KEYS, masterKey: 'another-master-key-0123456789abcdef-0123456789' },
      });
      try {
        expect(await twin.vault.open(subject, sealed, asSystem)).toEqual(hong);
        await expect(impostor.vault.open(subject, sealed, asSystem)).rejects.toThrow(/does not unwrap/);
      } finally {
        await twin.app.close();
        await impostor.app.close();
      }
    });

    it('refuses a wrapped key moved onto another subject', async () => {
      const [a, b] = [newSubject(), newSubject()];
      await w.vault.seal(a, hong);
      const sealedB = await w.vault.seal(b, { name: '김철수' });
      await w.sql.query(
        'UPDATE personal_data_keys SET wrapped_key = (SELECT wrapped_key FROM personal_data_keys WHERE subject_id = $1) WHERE subject_id = $2',
        [a, b],
      );
      await expect(w.vault.open(b, sealedB, asSystem)).rejects.toThrow(/does not unwrap/);
    });
  });

  describe('erasure (crypto-shredding)', () => {
    it('makes the sealed data and photos unreadable, records who erased and why, and leaves others alone', async () => {
      const [gone, stays] = [newSubject(), newSubject()];
      const goneSealed = await w.vault.seal(gone, hong);
      const staysSealed = await w.vault.seal(stays, { name: '김철수', phone: '01098765432' });
      const gonePhoto = await w.photos.put(gone, JPEG);
      const staysPhoto = await w.photos.put(stays, JPEG);
      await w.vault.open(gone, goneSealed, asStaff);

      await w.vault.erase(gone, 'the person asked (PIPA art. 36)', staff);

      expect(await w.vault.isErased(gone)).toBe(true);
      expect(await w.vault.open(gone, goneSealed, asStaff)).toBeNull();
      expect(await w.photos.get(gonePhoto.photoId, asStaff)).toBeNull();
      expect(await keyCount(gone)).toBe(0);
      const photoRows = await w.sql.query('SELECT 1 FROM personal_data_photos WHERE subject_id = $1', [gone]);
      expect(photoRows.rows).toHaveLength(0);
      const erasure = await w.sql.query(
        'SELECT reason, erased_by_id, erased_by_role, erased_at FROM personal_data_erasures WHERE subject_id = $1',
        [gone],
      );
      expect(erasure.rows).toEqual([
        {
          reason: 'the person asked (PIPA art. 36)',
          erased_by_id: 'staff-7',
          erased_by_role: 'staff',
          erased_at: new Date('2025-03-02T01:00:00Z'),
        },
      ]);
      // The audit trail outlives the person: it holds no personal data.
      expect(await w.vault.accessLog(gone)).toHaveLength(1);

      expect(await w.vault.isErased(stays)).toBe(false);
      expect(await w.vault.open(stays, staysSealed, asSystem)).toEqual({ name: '김철수', phone: '01098765432' });
      expect((await w.photos.get(staysPhoto.photoId, asSystem))?.bytes).toEqual(JPEG);
    });

    it('is idempotent and keeps the first record', async () => {
      const subject = newSubject();
      await w.vault.seal(subject, hong);
      await w.vault.erase(subject, 'purpose ended', staff);
      w.clock.advance(60_000);
      await w.vault.erase(subject, 'asked again', citizen);
      const { rows } = await w.sql.query('SELECT reason, erased_by_id FROM personal_data_erasures WHERE subject_id = $1', [subject]);
      expect(rows).toEqual([{ reason: 'purpose ended', erased_by_id: 'staff-7' }]);
    });

    it('never gives an erased subject a new key: sealing or storing a photo is subject_erased (410)', async () => {
      const subject = newSubject();
      await w.vault.erase(subject, 'erased before anything was sealed', staff);
      expect(await refusal(w.vault.seal(subject, hong))).toMatchObject({ code: 'subject_erased', status: 410 });
      expect(await refusal(w.photos.put(subject, JPEG))).toMatchObject({ code: 'subject_erased', status: 410 });
      expect(await keyCount(subject)).toBe(0);
    });

    it('leaves no key behind when first seals and the erasure race', async () => {
      const subjects = Array.from({ length: 50 }, newSubject);
      await Promise.all(
        subjects.map((subject) =>
          Promise.allSettled([w.vault.seal(subject, hong), w.vault.erase(subject, 'race', staff), w.photos.put(subject, JPEG)]),
        ),
      );
      const { rows } = await w.sql.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM personal_data_keys WHERE subject_id = ANY($1))::int
              + (SELECT count(*) FROM personal_data_photos WHERE subject_id = ANY($1))::int AS n`,
        [subjects],
      );
      expect(rows[0].n).toBe(0);
    });

    it('refuses an erasure without a reason', async () => {
      const subject = newSubject();
      expect(await refusal(w.vault.erase(subject, '', staff))).toMatchObject({ code: 'erasure_reason_required', status: 400 });
      expect(await w.vault.isErased(subject)).toBe(false);
    });
  });

  describe('access log', () => {
    it('records each staff read (who, why, when) and not the data; reads by the system or the person are not staff reads', async () => {
      const subject = newSubject();
      const sealed = await w.vault.seal(subject, hong);
      w.clock.set('2025-03-05T09:30:00Z');
      await w.vault.open(subject, sealed, asStaff);
      await w.vault.open(subject, sealed, asSystem);
      await w.vault.open(subject, sealed, { actor: citizen, purpose: 'my own details' });
      w.clock.set('2025-03-05T09:31:00Z');
      await w.vault.open(subject, sealed, { actor: { id: 'staff-9', role: 'staff' }, purpose: 'dispute' });

      expect(await w.vault.accessLog(subject)).toEqual([
        { actorId: 'staff-7', role: 'staff', purpose: 'raffle winner contact', at: '2025-03-05T09:30:00.000Z' },
        { actorId: 'staff-9', role: 'staff', purpose: 'dispute', at: '2025-03-05T09:31:00.000Z' },
      ]);
      const { rows } = await w.sql.query<{ row: string }>('SELECT l::text AS row FROM personal_data_access_log l WHERE subject_id = $1', [
        subject,
      ]);
      for (const { row } of rows) {
        expect(row).not.toContain('홍길동');
        expect(row).not.toContain('01012345678');
      }
    });
  });
});
