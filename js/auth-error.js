// The error class every rejected call of cognito-wasm throws. `name` is spelled as in
// Amplify v6 (e.g. 'UserAlreadyAuthenticatedException', 'CodeMismatchException').
export class AuthError extends Error {
  constructor(name, message, recoverySuggestion) {
    super(message);
    this.name = name;
    if (recoverySuggestion !== undefined) this.recoverySuggestion = recoverySuggestion;
  }
}
