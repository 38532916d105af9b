// cognito-wasm, main entry: the wasm module loads in the background (on the first call, or when
// the page is idle after `configure`); every function may be called at once. Same functions
// and types as 'cognito-wasm/init' without its initialisers (`initSync` needs the module).
// Before the module is ready, `configure` and `new AuthClient(…)` cannot check their input:
// what they would have thrown rejects the next call (of the default client, or of that client).
/// <reference lib="esnext.disposable" />
import type { InitInput, InitOutput } from './cognito_wasm.js';
import { AuthError } from './init.js';

export type * from './cognito_wasm.js';
/* __VALUES__ */
export { AuthError };

/**
 * What a call rejects with when the wasm module could not be loaded (network, HTTP status,
 * not a wasm module). The next call tries the load again.
 */
export declare class WasmLoadError extends AuthError {
  name: 'WasmLoadError';
}

/**
 * Starts fetching and compiling the wasm module now (it otherwise starts when the page is idle
 * after `configure`, or at the first call); resolves once every function runs without waiting.
 * `AuthClient`'s synchronous `getPendingSignIn`, `exportSignIn` and `resumeSignIn` throw an
 * AuthError `WasmNotReady` before that.
 *
 * @throws WasmLoadError when the module could not be loaded.
 */
export declare function preload(): Promise<void>;

/**
 * `preload()`, optionally from another place than `cognito_wasm_bg.wasm` next to this module
 * (call it before anything else for that); resolves to the instantiated module's exports.
 */
export default function init(
  module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<InitOutput>;
