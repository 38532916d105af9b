// Type-checked against the installed tarball (both entries, through package.json "exports").
import { configure, signUp, confirmSignUp, autoSignIn, AuthClient, AuthError, WasmLoadError, preload } from 'cognito-wasm';
import type { SignInOutput } from 'cognito-wasm';
import init, { initSync, signUp as signUpInit, AuthError as InitAuthError } from 'cognito-wasm/init';

type IsAny<T> = 0 extends 1 & T ? true : false;
type NotAny<T> = IsAny<T> extends true ? false : true;
type Assert<T extends true> = T;
export type Checks = [
  Assert<NotAny<typeof signUp>>,
  Assert<NotAny<Parameters<typeof signUp>[0]>>,
  Assert<NotAny<Awaited<ReturnType<typeof signUp>>>>,
  Assert<NotAny<Awaited<ReturnType<typeof autoSignIn>>>>,
  Assert<NotAny<Awaited<ReturnType<typeof init>>>>,
  Assert<NotAny<ReturnType<typeof initSync>>>,
  Assert<NotAny<AuthError['recoverySuggestion']>>,
  Assert<NotAny<typeof AuthError>>,
  Assert<NotAny<Awaited<ReturnType<typeof preload>>>>,
  Assert<NotAny<SignInOutput>>,
];

export async function passwordless(username: string, email: string, code: () => Promise<string>): Promise<boolean> {
  await init(); // required with 'cognito-wasm/init' alone
  await preload(); // optional with the main entry: starts the wasm load now
  configure({ Auth: { Cognito: { userPoolId: 'us-east-1_x', userPoolClientId: 'c' } } });
  new AuthClient({ Auth: { Cognito: { userPoolId: 'us-east-1_x', userPoolClientId: 'c' } } }, { storage: 'memory' });
  try {
    const up = await signUp({ username, options: { userAttributes: { email }, autoSignIn: { authFlowType: 'USER_AUTH' } } });
    if (up.nextStep.signUpStep !== 'CONFIRM_SIGN_UP') return up.isSignUpComplete;
    const done = await confirmSignUp({ username, confirmationCode: await code() });
    if (done.nextStep.signUpStep === 'COMPLETE_AUTO_SIGN_IN') return (await autoSignIn()).isSignedIn;
    return false;
  } catch (e) {
    if (e instanceof AuthError) {
      const name: string = e.name;
      const message: string = e.message;
      const hint: string | undefined = e.recoverySuggestion;
      console.log(name, message, hint);
    }
    if (e instanceof WasmLoadError) {
      const name: 'WasmLoadError' = e.name;
      const base: AuthError = e;
      console.log(name, base);
    }
    const sameClass: typeof AuthError = InitAuthError;
    console.log(sameClass === AuthError);
    return false;
  }
}

export async function wrong(): Promise<void> {
  // @ts-expect-error the main entry has no initSync (it needs the module at once: 'cognito-wasm/init')
  const { initSync: none } = await import('cognito-wasm');
  console.log(none);
  // @ts-expect-error a username is a string
  await signUpInit({ username: 42 });
  // @ts-expect-error recoverySuggestion is optional and a string
  const n: number = new AuthError('X', 'y').recoverySuggestion;
  console.log(n);
}
