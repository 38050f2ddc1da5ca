import { errorBody } from '@/server/errors';

export const dynamic = 'force-dynamic';

/** Unknown REST paths answer in the API's own error shape, not with an HTML page. */
const notFound = (request: Request) =>
  Response.json(errorBody('NOT_FOUND', `${request.method} ${new URL(request.url).pathname}: no such endpoint (see /api/v1/openapi.json)`), { status: 404 });

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
