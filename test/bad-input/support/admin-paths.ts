/** Where the Bull Board is mounted (QUEUE_BOARD_ROUTE). */
export const BOARD = '/admin/queues';

/**
 * Spellings of the Bull Board's page, assets and JSON API that a router might resolve to the
 * board: percent-escaped letters and slashes, doubled slashes, trailing dots and slashes, other
 * case, a query or fragment, dot segments, a semicolon. Without a staff token each must be
 * refused (401, 403 or 404 problem+json), whatever the router makes of it.
 */
export const BOARD_SPELLINGS: { method: 'GET' | 'PUT'; url: string }[] = [
  '/admin/queues',
  '/admin/queues/',
  '/admin/queues/api/queues',
  '/admin/queues/api/redis/stats',
  '/admin/queues/static/x.js',
  '/admin/%71ueues/api/queues',
  '/%61dmin/queues',
  '/%61%64%6d%69%6e/%71%75%65%75%65%73/%61%70%69/%71%75%65%75%65%73',
  '/admin/queues%2Fapi%2Fqueues',
  '/admin%2fqueues/api/queues',
  '/admin//queues/api/queues',
  '//admin/queues/api/queues',
  '/admin/queues//api/queues',
  '/admin/queues./api/queues',
  '/admin/queues/api/queues.',
  '/admin/queues/api/queues/',
  '/Admin/Queues/api/queues',
  '/ADMIN/QUEUES/API/QUEUES',
  '/admin/queues/api/queues?x=1',
  '/admin/queues/api/queues?',
  '/admin/queues/api/queues#x',
  '/admin/queues;x/api/queues',
  '/admin/queues/static/../api/queues',
  '/admin/./queues/api/queues',
  '/admin/queues/%2e%2e/queues/api/queues',
  '/admin/queues/api/queues%00',
  '/admin/queues%20/api/queues',
]
  .map((url): { method: 'GET' | 'PUT'; url: string } => ({ method: 'GET', url }))
  .concat([
    { method: 'PUT', url: '/admin/queues/api/queues/pause' },
    { method: 'PUT', url: '/admin/%71ueues/api/queues/pause' },
    { method: 'PUT', url: '/ADMIN/queues/api/queues/pause' },
  ]);
