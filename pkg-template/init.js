// cognito-wasm, explicit-init entry ('cognito-wasm/init'): nothing happens on import; call
// the default export once before anything else:
//
//   import init, { configure, signUp, AuthError } from 'cognito-wasm/init';
//   await init();              // fetches cognito_wasm_bg.wasm next to this file
//   await init({ module_or_path: wasmUrl });    // or from where your bundler put it
//
// AuthError is the class every rejected call throws (the one the wasm module imports).
export * from './cognito_wasm.js';
export { default } from './cognito_wasm.js';
export { AuthError } from './snippets/__SNIPPET_DIR__/js/glue.js';
