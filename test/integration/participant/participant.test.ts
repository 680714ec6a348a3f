import { randomUUID } from 'node:crypto';
import { campaignMigrations, CampaignModule, CreateCampaignCommand, jeonbukPreset } from '@goodpay/campaign';
import {
  CitizenQueries,
  ORGANISATION_VIEWS,
  OrganisationQueries,
  participantMigrations,
  ParticipantModule,
  RegisterCitizenCommand,
  RegisterOrganisationCommand,
  type RegisterOrganisationInput,
  SignParticipationAgreementCommand,
  type SignParticipationAgreementInput,
} from '@goodpay/participant';
import { personalDataMigrations, PersonalDataModule, PersonalDataVault } from '@goodpay/personal-data';
import type { Actor } from '@goodpay/shared';
import { tracesInDatabase } from '../../support/personal-data-traces';
import { type CatalogueModule, contextFor, refusal, startCatalogueModule } from '../campaign/catalogue-module';
import { KEYS } from '../personal-data/vault-module';

const staff: Actor = { id: 'staff-1', role: 'staff' };

describe('participant commands and views on the real event store', () => {
  let m: CatalogueModule;
  let organisations: OrganisationQueries;
  let citizens: CitizenQueries;
  let campaignId: string;

  beforeAll(async () => {
    m = await startCatalogueModule(
      [CampaignModule, ParticipantModule, PersonalDataModule.forRoot(KEYS)],
      [...campaignMigrations, ...participantMigrations, ...personalDataMigrations],
    );
    organisations = m.app.get(OrganisationQueries);
    citizens = m.app.get(CitizenQueries);
    const { startsOn, endsOn, raffle } = jeonbukPreset(2025);
    const created = await m.commands.execute(
      new CreateCampaignCommand(contextFor(staff, randomUUID()), {
        name: 'Jeonbuk good prepayment',
        region: { kind: 'province', name: 'Jeonbuk' },
        startsOn,
        endsOn,
        raffle,
        participationTarget: { participants: 50_000, amount: 5_000_000_000 },
      }),
    );
    campaignId = created.response.campaignId;
  });
  afterAll(() => m?.close());

  const federation = (name = 'Jeonbuk SME Federation'): RegisterOrganisationInput => ({
    kind: 'business_association',
    name,
    representativeId: 'rep-1',
  });
  const registerOrganisation = async (input = federation()) =>
    (await m.commands.execute(new RegisterOrganisationCommand(contextFor(staff, randomUUID()), input))).response.organisationId;
  const agreement = (overrides: Partial<SignParticipationAgreementInput> = {}): SignParticipationAgreementInput => ({
    campaignId,
    purposes: [
      { purpose: 'events', plannedAmount: 3_000_000 },
      { purpose: 'supplies', plannedAmount: 1_200_000 },
    ],
    signedOn: '2025-01-09',
    ...overrides,
  });
  const caughtUp = () => m.caughtUp(ORGANISATION_VIEWS);

  describe('citizens', () => {
    it('registers the signed-in citizen once, even when asked five times at once', async () => {
      const citizen: Actor = { id: `citizen-${randomUUID()}`, role: 'citizen' };
      const before = await m.eventCount();
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () =>
          m.commands.execute(new RegisterCitizenCommand(contextFor(citizen, randomUUID()), { displayName: 'Minji' })),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
        expect(r.reason).toMatchObject({ code: 'citizen_already_registered', status: 422 });
      }
      expect(await m.eventCount()).toBe(before + 1);
      expect(await citizens.get(citizen.id, citizen)).toEqual({ citizenId: citizen.id, displayName: 'Minji' });
    });

    it('keeps the display name sealed in the event, shows it to the citizen, and forgets it at erasure', async () => {
      const citizen: Actor = { id: `citizen-${randomUUID()}`, role: 'citizen' };
      const nickname = `한별-${randomUUID().slice(0, 8)}`;
      await m.commands.execute(new RegisterCitizenCommand(contextFor(citizen, randomUUID()), { displayName: ` ${nickname} ` }));
      expect(await tracesInDatabase(m.sql, [nickname])).toEqual([]);
      const { rows } = await m.sql.query<{ schema_version: number; data: Record<string, unknown> }>(
        `SELECT schema_version, data FROM events WHERE stream_id = $1`,
        [`citizen-${citizen.id}`],
      );
      expect(rows).toEqual([{ schema_version: 2, data: expect.objectContaining({ sealedDisplayName: expect.stringMatching(/^pd1\./) }) }]);
      expect(await citizens.get(citizen.id, citizen)).toEqual({ citizenId: citizen.id, displayName: nickname });

      await m.app.get(PersonalDataVault).erase(citizen.id, 'the person asked', staff);
      expect(await citizens.get(citizen.id, citizen)).toEqual({ citizenId: citizen.id, displayName: null });
    });

    it('refuses a display name of more than 50 characters, writing nothing and sealing nothing', async () => {
      const citizen: Actor = { id: `citizen-${randomUUID()}`, role: 'citizen' };
      const before = await m.eventCount();
      const refused = await refusal(
        m.commands.execute(new RegisterCitizenCommand(contextFor(citizen, randomUUID()), { displayName: 'x'.repeat(51) })),
      );
      expect(refused).toMatchObject({ code: 'invalid_input', status: 400 });
      expect(await m.eventCount()).toBe(before);
      expect((await m.sql.query('SELECT 1 FROM personal_data_keys WHERE subject_id = $1', [citizen.id])).rows).toEqual([]);
    });

    it('reads a registration written before names were sealed (version 1, name in clear) through its upcaster', async () => {
      const citizenId = `citizen-${randomUUID()}`;
      const streamId = `citizen-${citizenId}`;
      await m.sql.query(`INSERT INTO event_streams (stream_id, stream_type, version) VALUES ($1, 'citizen', 1)`, [streamId]);
      await m.sql.query(
        `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata) VALUES ($1, $2, 1, 'CitizenRegistered', 1, $3, '{}')`,
        [randomUUID(), streamId, { citizenId, displayName: 'Old Nick', registeredAt: '2024-12-01T00:00:00Z' }],
      );
      const { events } = await m.store.readStream(streamId);
      expect(events[0]).toMatchObject({ schemaVersion: 2, data: { citizenId, sealedDisplayName: null, legacyDisplayName: 'Old Nick' } });
      expect(await citizens.get(citizenId, { id: citizenId, role: 'citizen' })).toEqual({ citizenId, displayName: 'Old Nick' });
      await m.app.get(PersonalDataVault).erase(citizenId, 'the person asked', staff);
      expect(await citizens.get(citizenId, { id: citizenId, role: 'citizen' })).toEqual({ citizenId, displayName: null });
    });

    it('replays a registration with the same Idempotency-Key, and knows no unregistered citizen', async () => {
      const citizen: Actor = { id: `citizen-${randomUUID()}`, role: 'citizen' };
      const key = randomUUID();
      const first = await m.commands.execute(new RegisterCitizenCommand(contextFor(citizen, key), {}));
      expect(await m.commands.execute(new RegisterCitizenCommand(contextFor(citizen, key), {}))).toEqual({ ...first, replayed: true });
      await expect(citizens.get('nobody', citizen)).rejects.toMatchObject({ code: 'citizen_not_found', status: 404 });
    });
  });

  describe('organisations', () => {
    it('registers an organisation that signs its own agreement, and lists both', async () => {
      const organisationId = await registerOrganisation();
      const itself: Actor = { id: organisationId, role: 'organisation' };
      const signed = await m.commands.execute(
        new SignParticipationAgreementCommand(contextFor(itself, randomUUID()), organisationId, agreement()),
      );
      expect(signed.response).toEqual({ organisationId, campaignId });

      await caughtUp();
      expect(await organisations.get(organisationId, signed.position)).toMatchObject({
        organisationId,
        kind: 'business_association',
        name: 'Jeonbuk SME Federation',
        agreementCount: 1,
        agreements: [{ organisationId, campaignId, plannedAmount: 4_200_000n, signedOn: '2025-01-09', purposes: agreement().purposes }],
      });
      expect((await organisations.list({ campaignId })).items.map((o) => o.organisationId)).toEqual([organisationId]);
      expect((await organisations.listAgreements({ campaignId })).items).toEqual([
        expect.objectContaining({ organisationId, organisationName: 'Jeonbuk SME Federation', plannedAmount: 4_200_000n }),
      ]);
    });

    it('replays an agreement with the same key; a second agreement for the campaign is refused', async () => {
      const organisationId = await registerOrganisation(federation('Jeonju Public Agency'));
      const key = randomUUID();
      const first = await m.commands.execute(new SignParticipationAgreementCommand(contextFor(staff, key), organisationId, agreement()));
      expect(await m.commands.execute(new SignParticipationAgreementCommand(contextFor(staff, key), organisationId, agreement()))).toEqual({
        ...first,
        replayed: true,
      });
      const twice = await refusal(
        m.commands.execute(new SignParticipationAgreementCommand(contextFor(staff, randomUUID()), organisationId, agreement())),
      );
      expect(twice).toMatchObject({ code: 'agreement_already_signed', status: 422 });
    });

    it('refuses another organisation, an unknown organisation and an unknown campaign, writing nothing', async () => {
      const organisationId = await registerOrganisation(federation('Wansan-gu Office'));
      const before = await m.eventCount();
      const other: Actor = { id: randomUUID(), role: 'organisation' };
      expect(
        await refusal(
          m.commands.execute(new SignParticipationAgreementCommand(contextFor(other, randomUUID()), organisationId, agreement())),
        ),
      ).toMatchObject({ code: 'organisation_not_found', status: 404, message: `organisation ${organisationId} was not found` });
      expect(
        await refusal(
          m.commands.execute(new SignParticipationAgreementCommand(contextFor(staff, randomUUID()), randomUUID(), agreement())),
        ),
      ).toMatchObject({ code: 'organisation_not_found', status: 404 });
      expect(
        await refusal(
          m.commands.execute(
            new SignParticipationAgreementCommand(contextFor(staff, randomUUID()), organisationId, agreement({ campaignId: randomUUID() })),
          ),
        ),
      ).toMatchObject({ code: 'campaign_not_found', status: 404 });
      expect(
        await refusal(m.commands.execute(new RegisterOrganisationCommand(contextFor(other, randomUUID()), federation()))),
      ).toMatchObject({
        code: 'staff_only',
        status: 403,
      });
      await expect(organisations.get(randomUUID())).rejects.toMatchObject({ code: 'organisation_not_found', status: 404 });
      expect(await m.eventCount()).toBe(before);
    });

    it('rebuilds the organisation views from position 0 into exactly the live rows', async () => {
      await caughtUp();
      const live = [
        await m.rows('organisation_views', 'organisation_id'),
        await m.rows('participation_agreements', 'organisation_id, campaign_id'),
      ];
      expect(live[1].length).toBeGreaterThan(1);
      await m.sql.query(`DELETE FROM participation_agreements`);
      await m.subscriptions.rebuild(ORGANISATION_VIEWS);
      expect([
        await m.rows('organisation_views', 'organisation_id'),
        await m.rows('participation_agreements', 'organisation_id, campaign_id'),
      ]).toEqual(live);
    });
  });
});
