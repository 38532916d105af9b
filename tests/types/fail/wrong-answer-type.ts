// Must NOT compile: challengeResponse is a string.
import { confirmSignIn } from 'cognito-wasm';
export const p = confirmSignIn({ challengeResponse: 123456 });
