// Must NOT compile: a TOTP code step has no codeDeliveryDetails.
import type { SignInOutput } from 'cognito-wasm';
export function f(out: SignInOutput): string | undefined {
  const s = out.nextStep;
  if (s.signInStep === 'CONFIRM_SIGN_IN_WITH_TOTP_CODE') return s.codeDeliveryDetails.destination;
  return undefined;
}
