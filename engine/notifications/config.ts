/**
 * Which OpenStack notifications to consume, from the environment:
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `CONVECTION_NOTIFICATIONS_URL` | (off) | `amqp://user:pass@host:5672/vhost`; setting it turns consumption on |
 * | `CONVECTION_NOTIFICATIONS_EXCHANGES` | `nova` | comma list of the services' control exchanges |
 * | `CONVECTION_NOTIFICATIONS_TOPICS` | `notifications.info` | comma list of routing keys (oslo `topic.priority`) |
 * | `CONVECTION_NOTIFICATIONS_QUEUE` | `convection-notifications` | the queue every engine process shares |
 * | `CONVECTION_NOTIFICATIONS_CORRELATION` | (none) | a dotted path into the payload used as the event's correlation key, e.g. `instance_id` |
 */
export interface NotificationsConfig {
  readonly url: string;
  readonly exchanges: readonly string[];
  readonly topics: readonly string[];
  readonly queue: string;
  /** Dotted path into the payload whose value becomes the correlation key; null: none. */
  readonly correlationPath: string | null;
  /** First reconnect delay (ms); doubles up to `maxReconnectMs`. */
  readonly reconnectMs?: number;
  readonly maxReconnectMs?: number;
}

function list(raw: string | undefined, fallback: readonly string[]): readonly string[] {
  const items = (raw ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  return items.length > 0 ? items : fallback;
}

/** The configuration, or null when `CONVECTION_NOTIFICATIONS_URL` is unset (notifications off). */
export function notificationsConfigFromEnv(env: NodeJS.ProcessEnv): NotificationsConfig | null {
  const url = env['CONVECTION_NOTIFICATIONS_URL']?.trim();
  if (url === undefined || url === '') return null;
  if (!/^amqps?:\/\//.test(url)) throw new Error('CONVECTION_NOTIFICATIONS_URL must be an amqp:// or amqps:// URL');
  const path = env['CONVECTION_NOTIFICATIONS_CORRELATION']?.trim();
  return {
    url,
    exchanges: list(env['CONVECTION_NOTIFICATIONS_EXCHANGES'], ['nova']),
    topics: list(env['CONVECTION_NOTIFICATIONS_TOPICS'], ['notifications.info']),
    queue: env['CONVECTION_NOTIFICATIONS_QUEUE']?.trim() || 'convection-notifications',
    correlationPath: path === undefined || path === '' ? null : path,
  };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
}
