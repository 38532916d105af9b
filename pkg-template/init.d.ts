// cognito-wasm, explicit-init entry ('cognito-wasm/init'). Everything the wasm module
// exports (cognito_wasm.d.ts), the AuthError class, and the initialisers.
// cognito_wasm.d.ts declares `[Symbol.dispose]()` (wasm-bindgen), so pull in that lib for
// apps whose tsconfig "lib" stops at ES2022.
/// <reference lib="esnext.disposable" />
import type { InitInput, SyncInitInput } from './cognito_wasm.js';

export * from './cognito_wasm.js';

/**
 * The error every rejected call throws. `name` is spelled as in Amplify v6
 * (`UserAlreadyAuthenticatedException`, `CodeMismatchException`, `EmptySignInPassword`, …)
 * or is Cognito's exception name; network failures are `NetworkError`.
 */
export declare class AuthError extends Error {
  constructor(name: string, message: string, recoverySuggestion?: string);
  name: string;
  message: string;
  /** What to do about it, where there is something to do. */
  recoverySuggestion?: string;
}

/**
 * Fetches (for a URL, string or Request; default: `cognito_wasm_bg.wasm` next to this module)
 * and instantiates the wasm module. Call it once before using the other exports; later calls
 * return the same promise.
 */
export default function init(
  module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<WebAssembly.Exports>;

/** Instantiates the wasm module synchronously from its bytes or a compiled module. */
export declare function initSync(module: { module: SyncInitInput } | SyncInitInput): WebAssembly.Exports;
