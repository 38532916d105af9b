// cognito-wasm, main entry: for Vite and other bundlers that understand
// `new URL('…', import.meta.url)` and top-level await. Importing this module fetches and
// instantiates the wasm module once (top-level await), so every export is ready to call:
//
//   import { configure, signUp, AuthError } from 'cognito-wasm';
//
// For a bundler without those features, or a plain <script type="module">, use the
// explicit-init entry 'cognito-wasm/init'.
import init from './init.js';

export * from './init.js';
// init() again is a no-op (kept so that `import init from 'cognito-wasm'; await init();` works).
export { default } from './init.js';

await init({ module_or_path: new URL('./cognito_wasm_bg.wasm', import.meta.url) });
