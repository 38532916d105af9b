// The calls of the README type-check as written.
import {
  AuthClient, configure, signUp, confirmSignUp, autoSignIn, signIn, confirmSignIn, resetPassword,
  confirmResetPassword, signOut, fetchAuthSession, getCurrentUser, fetchUserAttributes, setUpTOTP,
  verifyTOTPSetup, updateMFAPreference, fetchMFAPreference, onAuthEvent, resendSignUpCode,
  updatePassword, updateUserAttributes, updateUserAttribute, confirmUserAttribute,
  sendUserAttributeVerificationCode, deleteUserAttributes, deleteUser, fetchDevices, rememberDevice,
  forgetDevice, decodeJWT, signInWithRedirect,
} from 'cognito-wasm';

export async function flows(code: string): Promise<void> {
  configure({ Auth: { Cognito: { userPoolId: 'eu-west-1_x', userPoolClientId: 'c' } } });
  configure({ version: '1.3', auth: { user_pool_id: 'eu-west-1_x', user_pool_client_id: 'c', aws_region: 'eu-west-1' } }, { storage: 'memory' });
  const up = await signUp({ username: 'ann', options: { userAttributes: { email: 'a@example.com' }, autoSignIn: { authFlowType: 'USER_AUTH' } } });
  const userId: string | undefined = up.userId;
  await confirmSignUp({ username: 'ann', confirmationCode: code });
  await resendSignUpCode({ username: 'ann' });
  const auto = await autoSignIn();
  const signedIn: boolean = auto.isSignedIn;
  const out = await signIn({ username: 'ann', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
  if (out.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE') {
    await confirmSignIn({ challengeResponse: code, options: { friendlyDeviceName: 'phone' } });
  }
  const reset = await resetPassword({ username: 'ann' });
  await confirmResetPassword({ username: 'ann', confirmationCode: code, newPassword: 'New-Pass-1' });
  const session = await fetchAuthSession({ forceRefresh: true });
  const sub: string | undefined = session.userSub;
  const token: string | undefined = session.tokens?.accessToken.toString();
  const user = await getCurrentUser();
  const attrs: Record<string, string> = await fetchUserAttributes();
  const totp = await setUpTOTP();
  const uri: string = totp.getSetupUri('App', user.username);
  await verifyTOTPSetup({ code });
  await updateMFAPreference({ totp: 'PREFERRED', sms: 'DISABLED' });
  const pref = await fetchMFAPreference();
  await updatePassword({ oldPassword: 'a', newPassword: 'b' });
  const updated = await updateUserAttributes({ userAttributes: { name: 'Ann', email: 'b@example.com' } });
  const emailStep = updated.email?.nextStep;
  const dest: string | undefined = emailStep?.updateAttributeStep === 'CONFIRM_ATTRIBUTE_WITH_CODE' ? emailStep.codeDeliveryDetails.destination : undefined;
  const one = await updateUserAttribute({ userAttribute: { attributeKey: 'nickname', value: 'an' }, options: { clientMetadata: { k: 'v' } } });
  const isUpdated: boolean = one.isUpdated;
  await confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: code });
  const sent = await sendUserAttributeVerificationCode({ userAttributeKey: 'email' });
  const medium: string | undefined = sent.deliveryMedium;
  await deleteUserAttributes({ userAttributeKeys: ['nickname'] });
  const devices = await fetchDevices();
  const created: Date | undefined = devices[0]?.createDate;
  const deviceName: string | undefined = devices[0]?.name;
  await rememberDevice();
  await forgetDevice();
  await forgetDevice({ device: { id: devices[0]?.id ?? '' } });
  const jwt = decodeJWT(token ?? '');
  const exp: number | undefined = jwt.payload.exp;
  await deleteUser();
  void [dest, isUpdated, medium, created, deviceName, exp];
  const unsubscribe: () => void = onAuthEvent((c) => { const e: string = c.payload.event; void e; });
  unsubscribe();
  await signOut();
  await signOut({ global: true });
  // The hosted UI (README "Sign in with the hosted UI").
  configure({ Auth: { Cognito: { userPoolId: 'eu-west-1_x', userPoolClientId: 'c', loginWith: { oauth: {
    domain: 'auth.example.com', scopes: ['openid', 'email'], redirectSignIn: ['https://app.example.com/'],
    redirectSignOut: ['https://app.example.com/'], responseType: 'code' } } } } });
  await signInWithRedirect();
  await signInWithRedirect({ provider: 'Google', customState: '/cart' });
  await signInWithRedirect({ provider: { custom: 'MyOIDC' }, options: { loginHint: 'a@b.c', prompt: 'LOGIN' } });
  await signOut({ oauth: { redirectUrl: 'https://app.example.com/' } });
  await signOut({ oauth: { skipRedirect: true } });
  const client = new AuthClient({ Auth: { Cognito: { userPoolId: 'eu-west-1_x', userPoolClientId: 'c' } } }, { storage: 'sessionStorage' });
  // Token stores: Web Storage itself, or an async one shaped like Amplify's KeyValueStorageInterface.
  const cookies = {
    getItem: async (key: string): Promise<string | null> => (key ? null : null),
    setItem: async (key: string, value: string): Promise<void> => { void [key, value]; },
    removeItem: async (key: string): Promise<void> => { void key; },
    clear: async (): Promise<void> => {},
  };
  new AuthClient({ Auth: { Cognito: { userPoolId: 'eu-west-1_x', userPoolClientId: 'c' } } }, { storage: cookies });
  new AuthClient({ Auth: { Cognito: { userPoolId: 'eu-west-1_x', userPoolClientId: 'c' } } }, { storage: window.localStorage });
  const pending = client.getPendingSignIn();
  const exported: string | undefined = client.exportSignIn();
  if (exported) client.resumeSignIn(exported);
  void [userId, signedIn, reset, sub, token, attrs, uri, pref, pending];
}
