/**
 * Next's request proxy: tells the pages which address was asked for (`x-convection-path`, without
 * the base path), so a visitor sent to the login page comes back to it afterwards. Server
 * components cannot read the request's path otherwise.
 */
import { NextResponse } from 'next/server';
import type { NextRequest } from 'next/server';
import { REQUESTED_PATH_HEADER } from './lib/dashboard/requested-path';

export function proxy(request: NextRequest): NextResponse {
  const headers = new Headers(request.headers);
  // Always set here, so a value sent by the browser never reaches the page.
  headers.set(REQUESTED_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: not the engine proxy, auth routes, static files or the login page itself.
  matcher: ['/((?!api/|_next/|login|icon|elk-worker).*)'],
};
