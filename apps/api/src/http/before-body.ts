import { SetMetadata, type Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { answerWithProblem } from '../errors/problem.filter';

/**
 * What is decided about a request before its body is read. Fastify reads and parses the body
 * before Nest runs a route's guards and pipes; so a body's size is limited per route, and the
 * checks that need only the request's head (a bearer token, a provider's shared secret) run in
 * Fastify's onRequest stage: a caller who would be refused cannot make the server read a body.
 */

/** JSON bodies of ordinary commands: a few fields, short lists (campaign rounds, purposes). */
export const DEFAULT_BODY_LIMIT = 64 * 1024;
/** The most any route may take (AddVouchers: 1,000 vouchers); also the server's own limit. */
export const MAX_BODY_LIMIT = 1024 * 1024;

/** A check on the request's head; it refuses by throwing (a DomainError: 401, 403...). */
export interface HeadCheck {
  /** `handler` is the route's Nest handler, for its metadata (roles). */
  check(request: FastifyRequest, handler: object): void | Promise<void>;
}

const HEAD_CHECK = 'goodpay:head-check';
const BODY_LIMIT = 'goodpay:body-limit';

/** Runs `check` (a provider) on the route before its body is read. */
export const CheckBeforeBody = (check: Type<HeadCheck>) => SetMetadata(HEAD_CHECK, check);

/** The route takes a body of up to `bytes` instead of DEFAULT_BODY_LIMIT (413 payload_too_large above). */
export const BodyLimit = (bytes: number) => SetMetadata(BODY_LIMIT, Math.min(bytes, MAX_BODY_LIMIT));

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * Gives every route its body limit and its head check, from the metadata of its Nest handler
 * (routes without one, such as the Bull Board's, get the default limit). Call before `init`.
 */
export function applyBeforeBodyRules(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route: RouteOptions) => {
      const handler = route.handler as object;
      route.bodyLimit ??= (Reflect.getMetadata(BODY_LIMIT, handler) as number | undefined) ?? DEFAULT_BODY_LIMIT;
      const checkType = Reflect.getMetadata(HEAD_CHECK, handler) as Type<HeadCheck> | undefined;
      if (!checkType) return;
      const check = app.get(checkType, { strict: false });
      const checkHead = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
        try {
          await check.check(request, handler);
          return undefined;
        } catch (error) {
          return answerWithProblem(error, request, reply);
        }
      };
      route.onRequest = [...asArray(route.onRequest), checkHead];
    });
}
