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
import type { Actor } from '@goodpay/shared';
import { type CatalogueModule, contextFor, refusal, startCatalogueModule } from '../campaign/catalogue-module';

const staff: Actor = { id: 'staff-1', role: 'staff' };

describe('participant commands and views on the real event store', () => {
  let m: CatalogueModule;
  let organisations: OrganisationQueries;
  let citizens: CitizenQueries;
  let campaignId: string;

  beforeAll(async () => {
    m = await startCatalogueModule([CampaignModule, ParticipantModule], [...campaignMigrations, ...participantMigrations]);
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
        Array.from({ length: 5 }, () => m.commands.execute(new RegisterCitizenCommand(contextFor(citizen, randomUUID()), { displayName: 'Minji' }))),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
        expect(r.reason).toMatchObject({ code: 'citizen_already_registered', status: 422 });
      }
      expect(await m.eventCount()).toBe(before + 1);
      expect(await citizens.get(citizen.id)).toEqual({ citizenId: citizen.id, displayName: 'Minji' });
    });

    it('replays a registration with the same Idempotency-Key, and knows no unregistered citizen', async () => {
      const citizen: Actor = { id: `citizen-${randomUUID()}`, role: 'citizen' };
      const key = randomUUID();
      const first = await m.commands.execute(new RegisterCitizenCommand(contextFor(citizen, key), {}));
      expect(await m.commands.execute(new RegisterCitizenCommand(contextFor(citizen, key), {}))).toEqual({ ...first, replayed: true });
      await expect(citizens.get('nobody')).rejects.toMatchObject({ code: 'citizen_not_found', status: 404 });
    });
  });

  describe('organisations', () => {
    it('registers an organisation that signs its own agreement, and lists both', async () => {
      const organisationId = await registerOrganisation();
      const itself: Actor = { id: organisationId, role: 'organisation' };
      const signed = await m.commands.execute(new SignParticipationAgreementCommand(contextFor(itself, randomUUID()), organisationId, agreement()));
      expect(signed.response).toEqual({ organisationId, campaignId });

      await caughtUp();
      expect(await organisations.get(organisationId, signed.position)).toMatchObject({
        organisationId,
        kind: 'business_association',
        name: 'Jeonbuk SME Federation',
        agreementCount: 1,
        agreements: [{ organisationId, campaignId, plannedAmount: 4_200_000, signedOn: '2025-01-09', purposes: agreement().purposes }],
      });
      expect((await organisations.list({ campaignId })).items.map((o) => o.organisationId)).toEqual([organisationId]);
      expect((await organisations.listAgreements({ campaignId })).items).toEqual([
        expect.objectContaining({ organisationId, organisationName: 'Jeonbuk SME Federation', plannedAmount: 4_200_000 }),
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
      const twice = await refusal(m.commands.execute(new SignParticipationAgreementCommand(contextFor(staff, randomUUID()), organisationId, agreement())));
      expect(twice).toMatchObject({ code: 'agreement_already_signed', status: 422 });
    });

    it('refuses another organisation, an unknown organisation and an unknown campaign, writing nothing', async () => {
      const organisationId = await registerOrganisation(federation('Wansan-gu Office'));
      const before = await m.eventCount();
      const other: Actor = { id: randomUUID(), role: 'organisation' };
      expect(
        await refusal(m.commands.execute(new SignParticipationAgreementCommand(contextFor(other, randomUUID()), organisationId, agreement()))),
      ).toMatchObject({ code: 'organisation_not_found', status: 404, message: `organisation ${organisationId} was not found` });
      expect(
        await refusal(m.commands.execute(new SignParticipationAgreementCommand(contextFor(staff, randomUUID()), randomUUID(), agreement()))),
      ).toMatchObject({ code: 'organisation_not_found', status: 404 });
      expect(
        await refusal(
          m.commands.execute(new SignParticipationAgreementCommand(contextFor(staff, randomUUID()), organisationId, agreement({ campaignId: randomUUID() }))),
        ),
      ).toMatchObject({ code: 'campaign_not_found', status: 404 });
      expect(await refusal(m.commands.execute(new RegisterOrganisationCommand(contextFor(other, randomUUID()), federation())))).toMatchObject({
        code: 'staff_only',
        status: 403,
      });
      await expect(organisations.get(randomUUID())).rejects.toMatchObject({ code: 'organisation_not_found', status: 404 });
      expect(await m.eventCount()).toBe(before);
    });

    it('rebuilds the organisation views from position 0 into exactly the live rows', async () => {
      await caughtUp();
      const live = [await m.rows('organisation_views', 'organisation_id'), await m.rows('participation_agreements', 'organisation_id, campaign_id')];
      expect(live[1].length).toBeGreaterThan(1);
      await m.sql.query(`DELETE FROM participation_agreements`);
      await m.subscriptions.rebuild(ORGANISATION_VIEWS);
      expect([await m.rows('organisation_views', 'organisation_id'), await m.rows('participation_agreements', 'organisation_id, campaign_id')]).toEqual(
        live,
      );
    });
  });
});
