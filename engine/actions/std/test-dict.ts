import { pyStr } from '../../language/values/python-format.js';
import { typeName, type MapKey, type Value } from '../../language/values/value.js';
import { success, type ActionDefinition } from '../action.js';
import { ActionError } from '../errors.js';
import { readParam } from '../input-readers.js';

/** Guards the engine's memory: Mistral has no cap, but a million keys is already absurd. */
export const TEST_DICT_MAX_SIZE = 1_000_000;

export const testDictAction: ActionDefinition = {
  name: 'std.test_dict',
  description: 'Builds `{key_prefix0: val, key_prefix1: val, …}` with `size` entries.',
  params: [
    { name: 'size', required: false, default: 0 },
    { name: 'key_prefix', required: false, default: '' },
    { name: 'val', required: false, default: '' },
  ],
  idempotent: true,
  isAsync: false,
  run(input) {
    const size = readParam(input, 'size');
    if (typeof size !== 'number' || !Number.isInteger(size)) {
      throw new ActionError(`Invalid value for parameter 'size' of std.test_dict: expected an int, got ${typeName(size)}`);
    }
    if (size > TEST_DICT_MAX_SIZE) {
      throw new ActionError(`std.test_dict size ${size} exceeds the limit of ${TEST_DICT_MAX_SIZE}`);
    }
    const prefix = pyStr(readParam(input, 'key_prefix'));
    const val = readParam(input, 'val');
    const out = new Map<MapKey, Value>();
    for (let i = 0; i < size; i++) out.set(`${prefix}${i}`, val);
    return Promise.resolve(success(out));
  },
};
