/** A real SSH server (ssh2's) on 127.0.0.1 for the std.ssh tests, with scripted commands. */
import { generateKeyPairSync, timingSafeEqual } from 'node:crypto';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { Server, utils, type AuthContext, type ParsedKey } from 'ssh2';

export interface SshTestServer {
  readonly port: number;
  /** `user@command` for every command run, oldest first. */
  readonly commands: string[];
  /** `host:port` of every forwarded (jump host) connection. */
  readonly forwards: string[];
  close(): Promise<void>;
}

export interface SshTestUser {
  readonly username: string;
  readonly password?: string;
  /** PEM private key whose public half this user may log in with. */
  readonly privateKey?: string;
}

export function newRsaPrivateKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'pkcs1', format: 'pem' } })
    .privateKey;
}

function parsed(pem: string): ParsedKey {
  const key = utils.parseKey(pem);
  if (key instanceof Error) throw key;
  return Array.isArray(key) ? (key[0] as ParsedKey) : key;
}

function same(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function authenticate(ctx: AuthContext, users: readonly SshTestUser[]): boolean {
  const user = users.find((u) => u.username === ctx.username);
  if (!user) return false;
  if (ctx.method === 'password') return user.password !== undefined && ctx.password === user.password;
  if (ctx.method === 'publickey' && user.privateKey) {
    const allowed = parsed(user.privateKey);
    if (ctx.key.algo !== allowed.type || !same(ctx.key.data, allowed.getPublicSSH())) return false;
    return !ctx.signature || allowed.verify(ctx.blob as Buffer, ctx.signature, ctx.hashAlgo) === true;
  }
  return false;
}

/** Commands: `echo <text>` prints text; `fail` writes to stderr and exits 3; `whoami` prints the user. */
export async function startSshServer(users: readonly SshTestUser[], hostKey: string): Promise<SshTestServer> {
  const commands: string[] = [];
  const forwards: string[] = [];
  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    let username = '';
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (authenticate(ctx, users)) {
        username = ctx.username;
        ctx.accept();
      } else {
        ctx.reject(['password', 'publickey']);
      }
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('exec', (accept, _reject, info) => {
          const stream = accept();
          commands.push(`${username}@${info.command}`);
          if (info.command.startsWith('echo ')) {
            stream.write(`${info.command.slice(5)}\n`);
            stream.exit(0);
          } else if (info.command === 'whoami') {
            stream.write(`${username}\n`);
            stream.exit(0);
          } else if (info.command === 'fail') {
            stream.write('partial output\n');
            stream.stderr.write('boom\n');
            stream.exit(3);
          } else {
            stream.stderr.write(`${info.command}: command not found\n`);
            stream.exit(127);
          }
          stream.end();
        });
      });
      client.on('tcpip', (accept, reject, info) => {
        forwards.push(`${info.destIP}:${info.destPort}`);
        const socket = netConnect(info.destPort, info.destIP);
        socket.once('error', () => reject());
        socket.once('connect', () => {
          const channel = accept();
          channel.pipe(socket).pipe(channel);
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    commands,
    forwards,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
