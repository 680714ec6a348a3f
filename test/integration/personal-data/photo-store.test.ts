import { createHash, randomUUID } from 'node:crypto';
import type { Actor } from '@goodpay/shared';
import { JPEG, PNG, refusal, startVaultWorld, type VaultWorld } from './vault-module';

const staff: Actor = { id: 'staff-3', role: 'staff' };
const asStaff = { actor: staff, purpose: 'certification review' };
const asSystem = { actor: { id: 'system', role: 'system' } as Actor, purpose: 'raffle eligibility' };
const newSubject = () => `person-${randomUUID()}`;

describe('photo store on the real PostgreSQL', () => {
  let w: VaultWorld;

  beforeAll(async () => {
    w = await startVaultWorld();
  });
  afterAll(() => w?.close());

  const photoCount = async () => (await w.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM personal_data_photos')).rows[0].n;

  it('stores a photo encrypted and gives it back as uploaded, typed by its content', async () => {
    const subject = newSubject();
    const stored = await w.photos.put(subject, PNG);
    expect(stored).toEqual({
      photoId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      contentType: 'image/png',
      size: PNG.length,
      sha256: createHash('sha256').update(PNG).digest('hex'),
    });
    const { rows } = await w.sql.query<{ ciphertext: Buffer }>('SELECT ciphertext FROM personal_data_photos WHERE photo_id = $1', [
      stored.photoId,
    ]);
    expect(rows[0].ciphertext.includes(PNG.subarray(0, 8))).toBe(false);
    expect(rows[0].ciphertext.includes(PNG.subarray(16, 40))).toBe(false);

    expect(await w.photos.get(stored.photoId, asSystem)).toEqual({ bytes: PNG, contentType: 'image/png', subjectId: subject });
  });

  it('refuses a photo by its content and size, storing nothing', async () => {
    const subject = newSubject();
    const before = await photoCount();
    expect(await refusal(w.photos.put(subject, Buffer.from('just some text, named photo.jpg')))).toMatchObject({
      code: 'photo_type_not_allowed',
      status: 415,
    });
    // Starts like a JPEG, then is a page: the whole file is checked, not its first bytes.
    const jpegThenHtml = Buffer.concat([JPEG.subarray(0, 4), Buffer.from('<html><script>alert(1)</script></html>')]);
    expect(await refusal(w.photos.put(subject, jpegThenHtml))).toMatchObject({ code: 'photo_malformed', status: 422 });
    expect(await refusal(w.photos.put(subject, Buffer.alloc(0)))).toMatchObject({ code: 'photo_empty' });
    const elevenMiB = Buffer.concat([JPEG, Buffer.alloc(11 * 1024 * 1024 - JPEG.length)]);
    expect(await refusal(w.photos.put(subject, elevenMiB))).toMatchObject({ code: 'photo_too_large' });
    expect(await photoCount()).toBe(before);
    const keys = await w.sql.query('SELECT 1 FROM personal_data_keys WHERE subject_id = $1', [subject]);
    expect(keys.rows).toHaveLength(0);
  });

  it('keeps the image only: what followed its end in the file is neither stored nor served', async () => {
    const subject = newSubject();
    const polyglot = Buffer.concat([JPEG, Buffer.from('<html><script>alert(document.cookie)</script></html>')]);
    const stored = await w.photos.put(subject, polyglot);
    expect(stored).toMatchObject({ contentType: 'image/jpeg', size: JPEG.length });
    expect((await w.photos.get(stored.photoId, asSystem))?.bytes).toEqual(JPEG);
  });

  it('shares the subject key with the sealed fields', async () => {
    const subject = newSubject();
    await w.vault.seal(subject, { name: '홍길동' });
    await w.photos.put(subject, JPEG);
    await w.photos.put(subject, PNG);
    const { rows } = await w.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM personal_data_keys WHERE subject_id = $1', [subject]);
    expect(rows[0].n).toBe(1);
  });

  it('audits staff reads of a photo, not the system’s', async () => {
    const subject = newSubject();
    const { photoId } = await w.photos.put(subject, JPEG);
    w.clock.set('2025-03-04T02:00:00Z');
    await w.photos.get(photoId, asStaff);
    await w.photos.get(photoId, asSystem);
    expect(await w.vault.accessLog(subject)).toEqual([
      { actorId: 'staff-3', role: 'staff', purpose: 'certification review', at: '2025-03-04T02:00:00.000Z' },
    ]);
    expect(await refusal(w.photos.get(photoId, { actor: staff, purpose: '' }))).toMatchObject({ code: 'access_purpose_required' });
  });

  it('refuses a photo whose row was altered instead of returning other bytes', async () => {
    const [a, b] = [newSubject(), newSubject()];
    const photoA = await w.photos.put(a, JPEG);
    const photoB = await w.photos.put(b, PNG);
    await w.sql.query('UPDATE personal_data_photos SET content_type = $2 WHERE photo_id = $1', [photoA.photoId, 'image/png']);
    await expect(w.photos.get(photoA.photoId, asSystem)).rejects.toThrow(/does not decrypt/);
    // Same key owner, swapped ciphertext: bound to its photo id, so refused too.
    const photoB2 = await w.photos.put(b, JPEG);
    await w.sql.query(
      'UPDATE personal_data_photos SET ciphertext = (SELECT ciphertext FROM personal_data_photos WHERE photo_id = $1) WHERE photo_id = $2',
      [photoB2.photoId, photoB.photoId],
    );
    await expect(w.photos.get(photoB.photoId, asSystem)).rejects.toThrow(/does not decrypt/);
  });

  it('deletes one photo, idempotently, and knows no missing one', async () => {
    const subject = newSubject();
    const kept = await w.photos.put(subject, JPEG);
    const deleted = await w.photos.put(subject, PNG);
    await w.photos.delete(deleted.photoId);
    await w.photos.delete(deleted.photoId);
    expect(await w.photos.get(deleted.photoId, asStaff)).toBeNull();
    expect((await w.photos.get(kept.photoId, asStaff))?.bytes).toEqual(JPEG);
    expect(await w.photos.get(randomUUID(), asStaff)).toBeNull();
    expect(await w.photos.get('not-a-uuid', asStaff)).toBeNull();
    expect(await w.vault.accessLog(subject)).toHaveLength(1);
  });
});
