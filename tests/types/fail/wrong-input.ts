// Must NOT compile: an unknown authFlowType.
import { signIn } from 'cognito-wasm';
export const p = signIn({ username: 'a', options: { authFlowType: 'MAGIC_LINK' } });
