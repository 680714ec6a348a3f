import { createHash } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { requiredText, seoulDate } from '@goodpay/shared';
import {
  type AppendRequest,
  type CommandContext,
  decideOnStream,
  EventStore,
  type IdempotencyKey,
  idempotencyOf,
  metadataOf,
  recallResponse,
  sqlOn,
} from '@goodpay/event-store';
import { PersonKeys } from '@goodpay/identity';
import { normaliseKoreanMobile, PersonalDataVault, phoneIdentity, PhotoStore } from '@goodpay/personal-data';
import { newId } from '@goodpay/shared';
import { RoundContext } from '../../round/handlers/round-context';
import { certificationIdForPrepayment } from '../certification-id';
import type { EvidenceClaim, SubmitCertification } from '../commands';
import { raffleCertificationDecider } from '../decider';
import { raffleCertificationStream } from '../events';
import { roundOn } from '../rounds-on';
import { type CertificationAnswer, type CertificationEvidenceInput, SubmitRaffleCertificationCommand } from './certification-commands';
import { claimReceipt } from './claim-receipt';
import { enterRound } from './enter-round';
import { prepaymentFacts } from './prepayment-facts';

/** Certifications race with each other and with staff on the round stream: decide again after a conflict. */
export const CERTIFICATION_ATTEMPTS = 20;

/** Stand for the photo's id and the person while the request is checked, before anything is stored. */
const PHOTO_NOT_STORED_YET = 'photo-not-stored-yet';
const PERSON_NOT_KNOWN_YET = 'person-not-known-yet';

/**
 * Checks everything first (a dry decision with nothing sealed or stored), then stores the
 * photo and seals the name and phone in the vault, then appends: the certification, and for
 * an in-system prepayment its approval and the person's entry, for a receipt its claims on
 * the photo and on a review place (receipts.ts: no photo twice, a few pending per citizen
 * and round), in one atomic append. A
 * refusal at any step leaves nothing: no event, and a photo already stored is deleted again.
 */
@CommandHandler(SubmitRaffleCertificationCommand)
export class SubmitRaffleCertificationHandler implements ICommandHandler<SubmitRaffleCertificationCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly rounds: RoundContext,
    private readonly vault: PersonalDataVault,
    private readonly photos: PhotoStore,
    private readonly personKeys: PersonKeys,
  ) {}

  async execute({ context, campaignId, person, evidence }: SubmitRaffleCertificationCommand) {
    const name = requiredText(person.name, 'name', 50);
    const phone = normaliseKoreanMobile(person.phone);
    let personId = PERSON_NOT_KNOWN_YET;
    const certificationId = evidence.kind === 'prepayment' ? certificationIdForPrepayment(evidence.prepaymentId) : newId();

    const photoSha256 = evidence.kind === 'receipt_photo' ? createHash('sha256').update(evidence.photo).digest('hex') : null;
    // The key's request is kept as a plain SHA-256, which a guessable phone or name must not
    // be fed to: the person stands in by their random subject id, and the name is left out.
    const idempotencyFor = (subjectId: string): IdempotencyKey | undefined =>
      idempotencyOf(context, 'SubmitRaffleCertification', {
        campaignId,
        personId: subjectId,
        consent: person.consent,
        evidence: requestOf(evidence, photoSha256),
      });

    const build = async (contact: string, photoId: string) => {
      const command = await this.command(context, {
        certificationId,
        campaignId,
        personId,
        contact,
        consent: person.consent,
        evidence,
        photoId,
      });
      const decided = await decideOnStream(this.store, raffleCertificationStream(certificationId), raffleCertificationDecider, command);
      const round = decided.events[0].data.round;
      const citizenId = context.actor.id;
      const claims =
        photoSha256 === null ? [] : await claimReceipt(this.store, { campaignId, certificationId, citizenId, round, photoSha256 });
      return { command, round, claims, ...decided };
    };
    // Refuses bad input (and a photo sent before) before anything is stored.
    await build('', PHOTO_NOT_STORED_YET).catch((refusal: unknown) => this.unlessRepeated(refusal, context, phone, idempotencyFor));
    // The person key (libs/identity): a verified citizen is the subject of their CI, one person
    // whatever account or phone they use. Unverified, where allowed: random, found again by
    // phone through the vault's sealed index (a new one after an erasure). Asked for only now,
    // so a refused request leaves no index row of the phone behind.
    personId = await this.personOf(context, phone);

    // The photo first: the store checks its content before it makes the person a key.
    const photo = evidence.kind === 'receipt_photo' ? await this.photos.put(personId, evidence.photo) : null;
    try {
      const contact = await this.vault.seal(personId, { name, phone });
      const result = await this.store.execute(
        async () => {
          const decided = await build(contact, photo?.photoId ?? PHOTO_NOT_STORED_YET);
          const { command, state, round, claims } = decided;
          let { append } = decided;
          const appends: AppendRequest[] = [...claims];
          let entryId: string | null = null;
          if (decided.events.some((e) => e.type === 'RaffleCertificationApproved')) {
            const prepaymentId = evidence.kind === 'prepayment' ? evidence.prepaymentId : null;
            const entered = await enterRound(this.store, this.rounds, {
              campaignId,
              round,
              personId,
              certificationId,
              prepaymentId,
              entryId: command.entryId,
              now: command.now,
            });
            entryId = entered.entryId;
            // The person is already in the round: the approval names their existing entry.
            if (entryId !== command.entryId)
              append = { ...append, events: raffleCertificationDecider.decide({ ...command, entryId }, state) };
            appends.push(entered.append);
          }
          appends.unshift(append);
          const respond = (): CertificationAnswer => ({
            certificationId,
            campaignId,
            round,
            status: entryId ? 'approved' : 'pending',
            entryId,
          });
          return { appends: appends.filter((a) => a.events.length > 0), respond };
        },
        { metadata: metadataOf(context), idempotency: idempotencyFor(personId), maxAttempts: CERTIFICATION_ATTEMPTS },
      );
      // A replayed request answers the first certification: the photo sent again is not kept.
      if (result.replayed && photo) await this.photos.delete(photo.photoId);
      return result;
    } catch (error) {
      if (photo) await this.photos.delete(photo.photoId);
      throw error;
    }
  }

  /**
   * A refusal of the dry check stands unless this is a request repeated with its
   * Idempotency-Key (the prepayment or photo is "already" there because of it): then the
   * append step answers with the first result.
   */
  private async unlessRepeated(
    refusal: unknown,
    context: CommandContext,
    phone: string,
    idempotencyFor: (subjectId: string) => IdempotencyKey | undefined,
  ): Promise<void> {
    // Without a key it cannot be a repeat: no subject is looked up (or made) for a refused phone.
    if (context.idempotencyKey === undefined) throw refusal;
    const idempotency = idempotencyFor(await this.personOf(context, phone));
    if (idempotency && (await recallResponse(sqlOn(this.store.dataSource), idempotency))) return;
    throw refusal;
  }

  /**
   * THE one-person lookup of the raffle: the id one entry per round and one prize per person
   * are keyed on. A verified citizen's person key (libs/identity, the CI's subject); unverified,
   * where VERIFIED_IDENTITY_REQUIRED allows, the vault's subject for the phone in the form.
   */
  private personOf(context: CommandContext, phone: string): Promise<string> {
    return this.personKeys.personOf(context.actor.id, () => this.vault.subjectFor(phoneIdentity(phone)));
  }

  /** The decision's input, read fresh for each attempt. */
  private async command(
    context: CommandContext,
    input: {
      certificationId: string;
      campaignId: string;
      personId: string;
      contact: string;
      consent: unknown;
      evidence: CertificationEvidenceInput;
      photoId: string;
    },
  ): Promise<SubmitCertification> {
    const { campaign } = await this.rounds.campaign(input.campaignId);
    const claim: EvidenceClaim =
      input.evidence.kind === 'prepayment'
        ? {
            kind: 'prepayment',
            prepaymentId: input.evidence.prepaymentId,
            prepayment: await prepaymentFacts(this.store, input.evidence.prepaymentId),
          }
        : {
            kind: 'receipt_photo',
            photoId: input.photoId,
            amount: input.evidence.amount,
            shopName: input.evidence.shopName,
            paidOn: input.evidence.paidOn,
          };
    const day =
      claim.kind === 'prepayment'
        ? claim.prepayment
          ? seoulDate(claim.prepayment.paidAt)
          : null
        : typeof claim.paidOn === 'string'
          ? claim.paidOn
          : null;
    const round = day === null ? null : roundOn(campaign.raffle.rounds, day);
    const roundState = round === null ? null : (await this.rounds.round(input.campaignId, round)).state;
    return {
      type: 'SubmitCertification',
      actor: context.actor,
      now: this.rounds.clockOf(campaign).now().toISOString(),
      certificationId: input.certificationId,
      campaignId: input.campaignId,
      campaign: { minimumCertifiedAmount: campaign.raffle.minimumCertifiedAmount, rounds: campaign.raffle.rounds },
      frozenRounds: round !== null && roundState?.frozen ? [round] : [],
      personId: input.personId,
      contact: input.contact,
      consent: input.consent,
      evidence: claim,
      entryId: newId(),
    };
  }
}

/** The evidence as an Idempotency-Key compares it: a photo by its SHA-256, not its bytes. */
function requestOf(evidence: CertificationEvidenceInput, photoSha256: string | null): unknown {
  if (evidence.kind === 'prepayment') return evidence;
  const { photo, ...fields } = evidence;
  return { ...fields, photoSha256 };
}
