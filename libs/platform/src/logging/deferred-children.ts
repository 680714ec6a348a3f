import type { Bindings, ChildLoggerOptions, Logger } from 'pino';

/**
 * `logger`, whose children (and theirs) are made when first used rather than when asked for.
 * pino-http gives every request two child loggers (its `req` and its custom props), and pino
 * serializes, redacts and copies the level methods for each at once: about 2 % of the api's
 * CPU under load, for loggers that above info write nothing for a request that succeeds. A
 * deferred child is made, with the same bindings, the first time anything of it is read; a
 * call at a level its logger does not write is dropped without making it.
 */
export function deferChildren<T extends Logger>(logger: T): T {
  return new Proxy(logger, {
    get: (target, key) => (key === 'child' ? deferredChild(() => target, target) : Reflect.get(target, key, target)),
  });
}

const noop = () => undefined;

/**
 * A child of `parent()` made on first use. `levels` is a logger made already whose level the
 * child has (none of the children between them set one), undefined when one did.
 */
function deferredChild<T extends Logger>(parent: () => T, levels: Logger | undefined) {
  return (bindings: Bindings, options?: ChildLoggerOptions): T => {
    let made: T | undefined;
    const make = (): T => (made ??= parent().child(bindings, options) as T);
    const sameLevels = options?.level === undefined ? levels : undefined;
    // A level the child does not write (pino-http sets none of its own): nothing to make.
    const quiet = (key: string | symbol): boolean =>
      made === undefined &&
      sameLevels !== undefined &&
      typeof key === 'string' &&
      key in sameLevels.levels.values &&
      !sameLevels.isLevelEnabled(key);
    return new Proxy({} as T, {
      get: (_, key) => {
        // Made already (pino-http's own child is, when it starts): its children have its level.
        if (key === 'child') return deferredChild(make, made ?? sameLevels);
        if (quiet(key)) return noop;
        const real = make();
        const value = Reflect.get(real, key, real) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(real) : value;
      },
      set: (_, key, value) => Reflect.set(make(), key, value),
      has: (_, key) => Reflect.has(make(), key),
      getPrototypeOf: () => Reflect.getPrototypeOf(make()),
    });
  };
}
