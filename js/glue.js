// JS-side helpers of cognito-wasm, imported by the wasm module (wasm-bindgen snippet).

// The error class every rejected call throws. `name` is spelled as in Amplify v6
// (e.g. 'UserAlreadyAuthenticatedException', 'CodeMismatchException').
export class AuthError extends Error {
  constructor(name, message, recoverySuggestion) {
    super(message);
    this.name = name;
    if (recoverySuggestion !== undefined) this.recoverySuggestion = recoverySuggestion;
  }
}

// Amplify's JWT shape: `{ payload, toString() }`.
export function jwt(token, payloadJson) {
  return { payload: JSON.parse(payloadJson), toString: () => token };
}
