import { forwardToEngine } from '@/lib/dashboard/engine-proxy';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Context = { params: Promise<{ path: string[] }> };

async function handle(request: Request, context: Context): Promise<Response> {
  const { path } = await context.params;
  return forwardToEngine(request, path);
}

export { handle as GET, handle as POST, handle as PUT, handle as DELETE, handle as PATCH };
