/**
 * Runs untrusted JavaScript in QuickJS (WebAssembly): a fresh WebAssembly instance per call, a
 * capped linear memory, a stack limit and a wall-clock deadline enforced by the interpreter's
 * interrupt hook. Nothing of the host is reachable — the VM has only the ECMAScript built-ins, so
 * no require, process or fetch.
 *
 * Why an instance per call: QuickJS's own `setMemoryLimit` does not work in this build (it cannot
 * measure allocation sizes — "malloc_usable_size unavailable" — so it counts 8 bytes per block and
 * a script grew to 1.6 GB under a 32 MiB limit). Capping the instance's WebAssembly.Memory is a
 * hard limit: allocation fails and QuickJS throws "out of memory". A fresh instance (≈3 ms from the
 * compiled module) also means a script that wrecks the interpreter cannot affect the next one.
 *
 * Values cross the boundary as JSON text in both directions, parsed on the far side, so no object
 * of one world is ever handed to the other.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  RELEASE_SYNC,
  newQuickJSWASMModule,
  newVariant,
  type CustomizeVariantOptions,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSWASMModule,
} from 'quickjs-emscripten';

export interface SandboxLimits {
  readonly memoryLimitBytes: number;
  readonly timeoutMs: number;
  readonly maxStackBytes: number;
}

export type SandboxResult =
  | { readonly ok: true; /** JSON text of the return value; undefined when it has no JSON form. */ readonly json: string | undefined }
  | { readonly ok: false; readonly reason: 'error' | 'timeout' | 'memory' | 'stack'; readonly message: string };

// This project's `lib` has no WebAssembly declarations (neither ES2023 nor @types/node 20 carry
// them), so the two members used here are typed locally.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  readonly Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { readonly WebAssembly: WasmApi }).WebAssembly;

const PAGE = 64 * 1024;
/** What the QuickJS build reserves before any script runs (its INITIAL_MEMORY: data, stack, heap start). */
const BASE_PAGES = 256;

let compiled: Promise<object> | undefined;

function compiledQuickJs(): Promise<object> {
  compiled ??= (async () => {
    const path = createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm');
    return wasm.compile(await readFile(path));
  })();
  return compiled;
}

type LoaderOptions = NonNullable<CustomizeVariantOptions['emscriptenModule']>;

/**
 * Emscripten prints teardown assertions of abandoned instances; they are expected, not news.
 * (`print`/`printErr` are honoured by the loader but missing from its type.) A new object each
 * time, because Emscripten decorates the options object it is given.
 */
function quietLoader(): LoaderOptions & { print(): void; printErr(): void } {
  return { print: () => undefined, printErr: () => undefined };
}

async function freshQuickJs(memoryLimitBytes: number): Promise<{ module: QuickJSWASMModule; memory: WasmMemory }> {
  const memory = new wasm.Memory({ initial: BASE_PAGES, maximum: BASE_PAGES + Math.ceil(memoryLimitBytes / PAGE) });
  const module = await newQuickJSWASMModule(
    newVariant(RELEASE_SYNC, {
      wasmModule: await compiledQuickJs(),
      wasmMemory: memory,
      emscriptenModule: quietLoader(),
    }),
  );
  return { module, memory };
}

/**
 * Evaluates `body` as the body of a function (so it may `return`), with `$` bound to the value of
 * `contextJson`. Never throws for script faults; those come back as `{ ok: false }`.
 */
export async function runSandboxedFunction(body: string, contextJson: string, limits: SandboxLimits): Promise<SandboxResult> {
  const { module, memory } = await freshQuickJs(limits.memoryLimitBytes);
  // A failed allocation need not fill memory to the last page (a big request just does not fit),
  // so "mostly used" is the test.
  const exhausted = (): boolean => memory.buffer.byteLength >= BASE_PAGES * PAGE + limits.memoryLimitBytes / 2;
  try {
    return evaluate(module, exhausted, body, contextJson, limits);
  } catch (err) {
    // WebAssembly frames share the host's native stack; if the interpreter's own stack check
    // (maxStackBytes) did not fire first, V8 stops the recursion. The instance is discarded anyway.
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      return { ok: false, reason: 'stack', message: 'stack overflow' };
    }
    throw err;
  }
}

function evaluate(
  module: QuickJSWASMModule,
  memoryExhausted: () => boolean,
  body: string,
  contextJson: string,
  limits: SandboxLimits,
): SandboxResult {
  const runtime = module.newRuntime();
  const deadline = Date.now() + limits.timeoutMs;
  let timedOut = false;
  runtime.setMaxStackSize(limits.maxStackBytes);
  runtime.setInterruptHandler(() => {
    if (Date.now() > deadline) timedOut = true;
    return timedOut;
  });
  const vm = runtime.newContext();
  const handles: QuickJSHandle[] = [];
  const keep = (h: QuickJSHandle): QuickJSHandle => {
    handles.push(h);
    return h;
  };
  const fail = (error: QuickJSHandle): SandboxResult => {
    keep(error);
    if (timedOut) return { ok: false, reason: 'timeout', message: 'interrupted' };
    const message = describeError(vm, error);
    // When even the error object cannot be allocated, QuickJS throws null.
    if (message === 'InternalError: out of memory' || (message === 'null' && memoryExhausted())) {
      return { ok: false, reason: 'memory', message };
    }
    return { ok: false, reason: 'error', message };
  };
  try {
    const json = keep(vm.getProp(vm.global, 'JSON'));
    const parse = keep(vm.getProp(json, 'parse'));
    const stringify = keep(vm.getProp(json, 'stringify'));
    const parsed = vm.callFunction(parse, json, keep(vm.newString(contextJson)));
    if (parsed.error) return fail(parsed.error);
    vm.setProp(vm.global, '$', keep(parsed.value));

    const evaluated = vm.evalCode(`(function () {\n${body}\n})()`, 'script.js', { type: 'global' });
    if (evaluated.error) return fail(evaluated.error);
    let result = keep(evaluated.value);

    if (vm.typeof(result) === 'object' && isPromise(vm, result)) {
      const jobs = runtime.executePendingJobs();
      if (jobs.error) return fail(jobs.error);
      const state = vm.getPromiseState(result);
      if (state.type === 'pending') return { ok: false, reason: 'error', message: 'the returned promise never settled' };
      if (state.type === 'rejected') return fail(state.error);
      result = keep(state.value);
    }

    const text = vm.callFunction(stringify, json, result);
    if (text.error) return fail(text.error);
    keep(text.value);
    return { ok: true, json: vm.typeof(text.value) === 'string' ? vm.getString(text.value) : undefined };
  } finally {
    try {
      for (const h of handles.reverse()) if (h.alive) h.dispose();
      vm.dispose();
      runtime.dispose();
    } catch {
      // An interrupted or starved script can leave objects QuickJS's teardown asserts on; the
      // whole instance is garbage after this call, so there is nothing to repair.
    }
  }
}

function isPromise(vm: QuickJSContext, handle: QuickJSHandle): boolean {
  const state = vm.getPromiseState(handle);
  if (state.type === 'fulfilled' && state.notAPromise) return false;
  if (state.type === 'fulfilled' && state.value !== handle) state.value.dispose();
  if (state.type === 'rejected') state.error.dispose();
  return true;
}

/** `Name: message` for Error objects, the text itself for thrown strings, JSON for other values. */
function describeError(vm: QuickJSContext, error: QuickJSHandle): string {
  const kind = vm.typeof(error);
  if (kind === 'object' && !isNull(vm, error)) {
    const name = vm.getProp(error, 'name');
    const message = vm.getProp(error, 'message');
    try {
      if (vm.typeof(message) === 'string') {
        const n = vm.typeof(name) === 'string' ? vm.getString(name) : 'Error';
        const m = vm.getString(message);
        return m ? `${n}: ${m}` : n;
      }
    } finally {
      name.dispose();
      message.dispose();
    }
  }
  const dumped: unknown = vm.dump(error);
  if (typeof dumped === 'string') return dumped;
  try {
    return JSON.stringify(dumped) ?? String(dumped);
  } catch {
    return String(dumped);
  }
}

function isNull(vm: QuickJSContext, handle: QuickJSHandle): boolean {
  return vm.sameValue(handle, vm.null);
}
