import { Writable } from 'node:stream';
import { pino } from 'pino';
import { deferChildren } from './deferred-children';

describe('deferred child loggers', () => {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  const root = pino({ level: 'warn', base: { service: 'test' } }, stream);
  const made = jest.spyOn(root, 'child');
  const logger = deferChildren(root);

  beforeEach(() => {
    lines.length = 0;
    made.mockClear();
  });

  it('makes no child for a request whose logger writes nothing', () => {
    const perRequest = logger.child({ req: { id: 'r-1' } }).child({ correlationId: 'r-1' });
    perRequest.info('below the level');
    perRequest.debug({ detail: 1 }, 'below too');
    expect(made).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
  });

  it("makes none either below a child made with a level of its own, as pino-http's is", () => {
    const middleware = logger.child({}, { level: 'warn' });
    expect(middleware.levels.values.warn).toBe(40); // pino-http reads its levels when it starts: made
    made.mockClear();
    middleware
      .child({ req: { id: 'r-0' } })
      .child({ correlationId: 'r-0' })
      .info('below the level');
    expect(made).not.toHaveBeenCalled();
  });

  it('makes the child, with every binding of the chain, when a line is written', async () => {
    const perRequest = logger.child({ req: { id: 'r-2' } }).child({ correlationId: 'r-2' });
    perRequest.warn({ some: 1 }, 'written');
    await new Promise((resolve) => setImmediate(resolve));
    expect(made).toHaveBeenCalledTimes(2); // the chain of two, made once it is used
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, service: 'test', req: { id: 'r-2' }, correlationId: 'r-2', some: 1, msg: 'written' }),
    ]);
    expect(perRequest.bindings()).toEqual({ service: 'test', req: { id: 'r-2' }, correlationId: 'r-2' });
  });

  it('follows the root when its level changes', async () => {
    const perRequest = logger.child({ req: { id: 'r-3' } });
    root.level = 'info';
    try {
      perRequest.info('now written');
      await new Promise((resolve) => setImmediate(resolve));
      expect(lines).toEqual([expect.objectContaining({ level: 30, msg: 'now written' })]);
    } finally {
      root.level = 'warn';
    }
  });
});
