import { truthy } from '../../language/values/value.js';
import { failure, type ActionDefinition } from '../action.js';
import { readParam } from '../input-readers.js';

export const FAIL_ACTION_MESSAGE = 'Fail action expected exception.';

export const failAction: ActionDefinition = {
  name: 'std.fail',
  description: 'Always fails; the error is `error_data` when given, else a fixed message.',
  params: [{ name: 'error_data', required: false, default: null }],
  idempotent: true,
  isAsync: false,
  run(input) {
    const data = readParam(input, 'error_data');
    // Python truthiness, as Mistral's `if self.error_data:` — '' or {} fall back to the message.
    return Promise.resolve(failure(truthy(data) ? data : FAIL_ACTION_MESSAGE));
  },
};
