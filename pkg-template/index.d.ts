// cognito-wasm, main entry: ready on import (the wasm module is instantiated by a top-level
// await), so there is nothing to initialise. Same exports as 'cognito-wasm/init'.
export * from './init.js';
export { default } from './init.js';
