/**
 * Mistral's own functions (`task()`, `env()`, `json_parse()`, …) as YAQL functions. They keep their
 * snake_case names and answer through the evaluation's host.
 */
import { FunctionCallError, MISTRAL_FUNCTIONS } from '../../mistral-functions.js';
import { fail } from '../errors.js';
import { REST, T, define, type Overload } from './signature.js';

export const MISTRAL_YAQL_FUNCTIONS: readonly Overload[] = [...MISTRAL_FUNCTIONS].flatMap(([name, fn]) =>
  define({
    name,
    form: 'function',
    params: [],
    rest: REST.values(T.any),
    kwargs: true,
    impl: (_, ctx, positional, named) => {
      try {
        return fn(ctx.host, { positional, named });
      } catch (e) {
        if (e instanceof FunctionCallError) fail(e.message);
        throw e;
      }
    },
  }),
);
