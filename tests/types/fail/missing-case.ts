// Must NOT compile: the switch forgets CONFIRM_SIGN_IN_WITH_TOTP_CODE, so `s` is not `never`.
import type { SignInOutput } from 'cognito-wasm';
function assertNever(x: never): never { throw new Error(String(x)); }
export function f(out: SignInOutput): string {
  const s = out.nextStep;
  switch (s.signInStep) {
    case 'CONFIRM_SIGN_IN_WITH_SMS_CODE':
    case 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE':
    case 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION':
    case 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION':
    case 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP':
    case 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP':
    case 'CONFIRM_SIGN_IN_WITH_PASSWORD':
    case 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION':
    case 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE':
    case 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED':
    case 'RESET_PASSWORD':
    case 'CONFIRM_SIGN_UP':
    case 'DONE':
      return s.signInStep;
    default:
      return assertNever(s);
  }
}
