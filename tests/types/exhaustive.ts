// Every nextStep union can be switched over exhaustively, and each member carries exactly its fields.
import type { SignInOutput, SignUpOutput, ResetPasswordOutput, UpdateUserAttributeOutput } from 'cognito-wasm';

function assertNever(x: never): never {
  throw new Error('unexpected ' + String(x));
}

export function describeSignIn(out: SignInOutput): string {
  const s = out.nextStep;
  switch (s.signInStep) {
    case 'CONFIRM_SIGN_IN_WITH_SMS_CODE':
    case 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE':
      return s.codeDeliveryDetails.destination ?? '';
    case 'CONFIRM_SIGN_IN_WITH_TOTP_CODE':
      return 'totp';
    case 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION':
    case 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION':
      return s.allowedMFATypes.join(',');
    case 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP':
      return 'email';
    case 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP':
      return s.totpSetupDetails.getSetupUri('App') + s.totpSetupDetails.sharedSecret;
    case 'CONFIRM_SIGN_IN_WITH_PASSWORD':
      return 'password';
    case 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION':
      return s.availableChallenges.join(',');
    case 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE':
      return Object.keys(s.additionalInfo).join(',');
    case 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED':
      return s.missingAttributes.join(',');
    case 'RESET_PASSWORD':
    case 'CONFIRM_SIGN_UP':
    case 'DONE':
      return s.signInStep;
    default:
      return assertNever(s);
  }
}

export function describeSignUp(out: SignUpOutput): string {
  const s = out.nextStep;
  switch (s.signUpStep) {
    case 'CONFIRM_SIGN_UP':
      return s.codeDeliveryDetails.deliveryMedium ?? '';
    case 'COMPLETE_AUTO_SIGN_IN':
    case 'DONE':
      return s.signUpStep;
    default:
      return assertNever(s);
  }
}

export function describeReset(out: ResetPasswordOutput): string {
  const s = out.nextStep;
  switch (s.resetPasswordStep) {
    case 'CONFIRM_RESET_PASSWORD_WITH_CODE':
      return s.codeDeliveryDetails.destination ?? '';
    case 'DONE':
      return 'done';
    default:
      return assertNever(s);
  }
}

export function describeAttributeUpdate(out: UpdateUserAttributeOutput): string {
  const s = out.nextStep;
  switch (s.updateAttributeStep) {
    case 'CONFIRM_ATTRIBUTE_WITH_CODE':
      return s.codeDeliveryDetails.deliveryMedium ?? '';
    case 'DONE':
      return 'done';
    default:
      return assertNever(s);
  }
}
