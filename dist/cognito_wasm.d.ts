/* tslint:disable */
/* eslint-disable */

export type AuthFlowType = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'CUSTOM_WITH_SRP' | 'CUSTOM_WITHOUT_SRP' | 'USER_AUTH';
export type AuthFactorType = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';
export type AuthMFAType = 'SMS' | 'TOTP' | 'EMAIL';
export type MFAPreference = 'ENABLED' | 'DISABLED' | 'PREFERRED' | 'NOT_PREFERRED';
export type AuthUserAttributes = Record<string, string>;
export type ClientMetadata = Record<string, string>;

export interface CodeDeliveryDetails {
    destination?: string;
    deliveryMedium?: 'EMAIL' | 'SMS' | string;
    attributeName?: string;
}
export interface TOTPSetupDetails {
    sharedSecret: string;
    /** `otpauth://totp/{appName}:{accountName}?secret=…&issuer={appName}` (percent-encoded). */
    getSetupUri(appName: string, accountName?: string): string;
}

/** Amplify v6 `configure()` input, or an `amplify_outputs.json` object. */
export type AuthConfig =
| { Auth: { Cognito: { userPoolId: string; userPoolClientId: string; userPoolEndpoint?: string; userPoolClientSecret?: string } } }
| { auth: { user_pool_id: string; user_pool_client_id: string; aws_region?: string; user_pool_endpoint?: string }; version?: string };
/** A key-value store: synchronous (the Web Storage interface) or async (Amplify's KeyValueStorageInterface, e.g. its CookieStorage). */
export interface KeyValueStorage { getItem(key: string): string | null | Promise<string | null>; setItem(key: string, value: string): void | Promise<void>; removeItem(key: string): void | Promise<void> }
export interface AuthClientOptions {
    storage?: 'localStorage' | 'sessionStorage' | 'memory' | KeyValueStorage;
    /** Milliseconds a request may go unanswered before it fails with `TimeoutError` (default 30000, at most 600000). */
    requestTimeout?: number;
}

export interface AutoSignInOptions { authFlowType?: AuthFlowType; preferredChallenge?: AuthFactorType; clientMetadata?: ClientMetadata }
export interface SignUpInput {
    username: string;
    password?: string;
    options?: { userAttributes?: AuthUserAttributes; validationData?: AuthUserAttributes; clientMetadata?: ClientMetadata; autoSignIn?: boolean | AutoSignInOptions };
}
export interface SignUpOutput { isSignUpComplete: boolean; userId?: string; nextStep: SignUpStepName }
export interface ConfirmSignUpInput { username: string; confirmationCode: string; options?: { clientMetadata?: ClientMetadata; forceAliasCreation?: boolean } }
export interface ResendSignUpCodeInput { username: string; options?: { clientMetadata?: ClientMetadata } }

export interface SignInInput {
    username: string;
    password?: string;
    options?: { authFlowType?: AuthFlowType; preferredChallenge?: AuthFactorType; clientMetadata?: ClientMetadata };
}
export interface ConfirmSignInInput {
    challengeResponse: string;
    options?: { userAttributes?: AuthUserAttributes; clientMetadata?: ClientMetadata; friendlyDeviceName?: string };
}
export interface SignInOutput { isSignedIn: boolean; nextStep: SignInStep }

export interface ResetPasswordInput { username: string; options?: { clientMetadata?: ClientMetadata } }
export interface ResetPasswordOutput { isPasswordReset: boolean; nextStep: ResetPasswordStep }
export interface ConfirmResetPasswordInput { username: string; confirmationCode: string; newPassword: string; options?: { clientMetadata?: ClientMetadata } }

export interface JWT { payload: Record<string, unknown> & { sub?: string; exp?: number; iat?: number }; toString(): string }
export interface AuthTokens { accessToken: JWT; idToken?: JWT }
export interface AuthSession { tokens?: AuthTokens; userSub?: string }
export interface FetchAuthSessionOptions { forceRefresh?: boolean }
export interface AuthUser { username: string; userId: string; signInDetails?: { loginId?: string; authFlowType?: AuthFlowType } }
export interface SignOutInput { global?: boolean }

export interface VerifyTOTPSetupInput { code: string; options?: { friendlyDeviceName?: string } }
export interface UpdateMFAPreferenceInput { sms?: MFAPreference; totp?: MFAPreference; email?: MFAPreference }
export interface FetchMFAPreferenceOutput { enabled?: AuthMFAType[]; preferred?: AuthMFAType }

export interface AuthWebAuthnCredential {
    credentialId: string;
    friendlyCredentialName?: string;
    relyingPartyId?: string;
    authenticatorAttachment?: string;
    authenticatorTransports?: string[];
    createdAt?: Date;
}
export interface ListWebAuthnCredentialsInput { pageSize?: number; nextToken?: string }
export interface ListWebAuthnCredentialsOutput { credentials: AuthWebAuthnCredential[]; nextToken?: string }
export interface DeleteWebAuthnCredentialInput { credentialId: string }
export interface PasskeyAutofillInput { username: string }

export interface UpdatePasswordInput { oldPassword: string; newPassword: string }
export interface UpdateUserAttributesInput { userAttributes: AuthUserAttributes; options?: { clientMetadata?: ClientMetadata } }
export interface UpdateUserAttributeInput { userAttribute: { attributeKey: string; value: string }; options?: { clientMetadata?: ClientMetadata } }
export interface UpdateUserAttributeOutput { isUpdated: boolean; nextStep: UpdateAttributeStep }
export type UpdateUserAttributesOutput = Record<string, UpdateUserAttributeOutput>;
export interface ConfirmUserAttributeInput { userAttributeKey: string; confirmationCode: string }
export interface SendUserAttributeVerificationCodeInput { userAttributeKey: string; options?: { clientMetadata?: ClientMetadata } }
export interface DeleteUserAttributesInput { userAttributeKeys: string[] }
export interface AWSAuthDevice { id: string; name?: string; attributes: Record<string, string>; createDate?: Date; lastModifiedDate?: Date; lastAuthenticatedDate?: Date }
export interface ForgetDeviceInput { device?: { id: string } }

export type AuthHubEventName = 'signedIn' | 'signedOut' | 'tokenRefresh' | 'tokenRefresh_failure' | 'autoSignIn' | 'autoSignIn_failure';
export interface AuthHubCapsule { channel: 'auth'; payload: { event: AuthHubEventName; data?: unknown } }
export type SignInStep =
| { signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE'; codeDeliveryDetails: CodeDeliveryDetails }
| { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE'; codeDeliveryDetails: CodeDeliveryDetails }
| { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' }
| { signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION'; allowedMFATypes: AuthMFAType[] }
| { signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION'; allowedMFATypes: AuthMFAType[] }
| { signInStep: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP' }
| { signInStep: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP'; totpSetupDetails: TOTPSetupDetails }
| { signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD' }
| { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION'; availableChallenges: AuthFactorType[] }
| { signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE'; additionalInfo: Record<string, string> }
| { signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED'; missingAttributes: string[] }
| { signInStep: 'RESET_PASSWORD' }
| { signInStep: 'CONFIRM_SIGN_UP' }
| { signInStep: 'DONE' };
export type SignUpStepName =
| { signUpStep: 'CONFIRM_SIGN_UP'; codeDeliveryDetails: CodeDeliveryDetails }
| { signUpStep: 'COMPLETE_AUTO_SIGN_IN' }
| { signUpStep: 'DONE' };
export type ResetPasswordStep =
| { resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE'; codeDeliveryDetails: CodeDeliveryDetails }
| { resetPasswordStep: 'DONE' };
export type UpdateAttributeStep =
| { updateAttributeStep: 'CONFIRM_ATTRIBUTE_WITH_CODE'; codeDeliveryDetails: CodeDeliveryDetails }
| { updateAttributeStep: 'DONE' };



/**
 * A client for one user pool and app client. Several can live side by side.
 */
export class AuthClient {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * `associateWebAuthnCredential()`: registers a passkey for the signed-in user
     * (StartWebAuthnRegistration → `navigator.credentials.create` → CompleteWebAuthnRegistration).
     *
     * @throws AuthError `PasskeyRegistrationCanceled`, `PasskeyAlreadyExists`,
     * `RelyingPartyMismatch`, `PasskeyNotSupported`; Cognito's `WebAuthnNotEnabledException`, ….
     */
    associateWebAuthnCredential(): Promise<void>;
    /**
     * `autoSignIn()` → `{ isSignedIn, nextStep }` after `confirmSignUp` returned
     * `COMPLETE_AUTO_SIGN_IN`. USER_AUTH uses the confirmation's session (no password);
     * password flows use the sign-up password, which is held in memory only. The armed state
     * survives a reload for the session's validity. Emits `autoSignIn` (and `signedIn`) or
     * `autoSignIn_failure`.
     *
     * @throws AuthError `AutoSignInException` (nothing armed), `AutoSignInNotConfirmedException`,
     * `AutoSignInExpiredException`, `AutoSignInPasswordLostException` (password flow after a
     * reload), `UserAlreadyAuthenticatedException`; Cognito's errors.
     */
    autoSignIn(): Promise<SignInOutput>;
    /**
     * `confirmResetPassword({ username, confirmationCode, newPassword, options?: { clientMetadata } })`
     * → `undefined`.
     *
     * @throws AuthError `EmptyConfirmResetPasswordUsername`,
     * `EmptyConfirmResetPasswordConfirmationCode`, `EmptyConfirmResetPasswordNewPassword`;
     * Cognito's `CodeMismatchException`, `ExpiredCodeException`, `InvalidPasswordException`, ….
     */
    confirmResetPassword(input: ConfirmResetPasswordInput): Promise<void>;
    /**
     * `confirmSignIn({ challengeResponse, options?: { userAttributes, clientMetadata,
     * friendlyDeviceName } })` → `{ isSignedIn, nextStep }`. The answer depends on the step:
     * a code, `SMS`/`TOTP`/`EMAIL`, an email address, a first factor name, a password or a
     * custom answer.
     *
     * @throws AuthError `UserAlreadyAuthenticatedException` while a user is signed in,
     * `SignInException` (nothing pending), `SignInSessionExpiredException`,
     * `EmptyChallengeResponse`, `InvalidCodeFormat`, `IncorrectMFAMethod`,
     * `IncorrectFirstFactor`; Cognito's `CodeMismatchException` (the step stays answerable), ….
     */
    confirmSignIn(input: ConfirmSignInInput): Promise<SignInOutput>;
    /**
     * `confirmSignUp({ username, confirmationCode, options?: { clientMetadata,
     * forceAliasCreation } })` → `{ isSignUpComplete, nextStep: { signUpStep } }` where
     * `signUpStep` is `COMPLETE_AUTO_SIGN_IN` when `signUp` armed an auto sign-in for this
     * user, else `DONE`.
     *
     * @throws AuthError `EmptyConfirmSignUpUsername`, `EmptyConfirmSignUpCode`; Cognito's
     * `CodeMismatchException`, `ExpiredCodeException`, `AliasExistsException`, ….
     */
    confirmSignUp(input: ConfirmSignUpInput): Promise<SignUpOutput>;
    /**
     * `confirmUserAttribute({ userAttributeKey, confirmationCode })` (VerifyUserAttribute).
     *
     * @throws AuthError `EmptyConfirmUserAttributeCode`; Cognito's `CodeMismatchException`,
     * `ExpiredCodeException`, ….
     */
    confirmUserAttribute(input: ConfirmUserAttributeInput): Promise<void>;
    /**
     * `deleteUserAttributes({ userAttributeKeys })`.
     */
    deleteUserAttributes(input: DeleteUserAttributesInput): Promise<void>;
    /**
     * `deleteUser()`: deletes the signed-in user, then clears everything local (tokens, the
     * remembered device, any pending sign-in) and emits `signedOut`.
     */
    deleteUser(): Promise<void>;
    /**
     * `deleteWebAuthnCredential({ credentialId })`.
     */
    deleteWebAuthnCredential(input: DeleteWebAuthnCredentialInput): Promise<void>;
    /**
     * The pending sign-in as an opaque string for `resumeSignIn` on another page, or
     * `undefined`. It holds Cognito's challenge session: keep it as secret as a password. It
     * names its user pool and app client; only a client of the same ones resumes it.
     */
    exportSignIn(): string | undefined;
    /**
     * `fetchAuthSession({ forceRefresh? })` → `{ tokens: { accessToken, idToken }, userSub }`
     * (tokens are `{ payload, toString() }`), or `{}` when nobody is signed in. Refreshes
     * expired tokens first (clock drift included); concurrent calls share one refresh (the
     * driver's, shared with every call that needs fresh tokens). Emits
     * `tokenRefresh` / `tokenRefresh_failure`.
     *
     * @throws AuthError when the refresh fails; a revoked or expired refresh token
     * (`NotAuthorizedException`) also signs the user out locally.
     */
    fetchAuthSession(input?: FetchAuthSessionOptions | null): Promise<AuthSession>;
    /**
     * `fetchDevices()` → `[{ id, name?, attributes, createDate?, lastModifiedDate?,
     * lastAuthenticatedDate? }]` (ListDevices; dates as `Date`s).
     */
    fetchDevices(): Promise<AWSAuthDevice[]>;
    /**
     * `fetchMFAPreference()` → `{ enabled?: ('SMS'|'TOTP'|'EMAIL')[], preferred? }`.
     */
    fetchMFAPreference(): Promise<FetchMFAPreferenceOutput>;
    /**
     * `fetchUserAttributes()` → `{ email, email_verified, sub, … }` (GetUser).
     *
     * @throws AuthError `UserUnAuthenticatedException`; Cognito's errors.
     */
    fetchUserAttributes(): Promise<AuthUserAttributes>;
    /**
     * `forgetDevice({ device? })`: forgets the given device, or this browser's (whose keys
     * then go from storage).
     *
     * @throws AuthError `DeviceMetadataNotFoundException` without `device` when this browser
     * has no device.
     */
    forgetDevice(input?: ForgetDeviceInput | null): Promise<void>;
    /**
     * `getCurrentUser()` → `{ username, userId, signInDetails }` from the stored tokens (no
     * request; resolves immediately).
     *
     * @throws AuthError `UserUnAuthenticatedException` when nobody is signed in.
     */
    getCurrentUser(): Promise<AuthUser>;
    /**
     * The pending sign-in's `{ isSignedIn: false, nextStep }`, e.g. after a reload, or
     * `undefined` when none is pending.
     */
    getPendingSignIn(): SignInOutput | undefined;
    /**
     * `listWebAuthnCredentials({ pageSize?, nextToken? })` → `{ credentials, nextToken? }`.
     */
    listWebAuthnCredentials(input?: ListWebAuthnCredentialsInput | null): Promise<ListWebAuthnCredentialsOutput>;
    /**
     * A client for `config`: Amplify's `{ Auth: { Cognito: { userPoolId, userPoolClientId,
     * userPoolEndpoint? } } }` or an `amplify_outputs.json` object. `options.storage`:
     * `'localStorage'` (default), `'sessionStorage'`, `'memory'` or an object with `getItem` /
     * `setItem` / `removeItem`, synchronous or answering with Promises (Amplify's
     * `KeyValueStorageInterface`, e.g. its `CookieStorage`).
     *
     * @throws AuthError `AuthUserPoolException` when the pool or client id is missing,
     * `InvalidStorage` when `options.storage` lacks one of the three methods.
     */
    constructor(config: AuthConfig, options?: AuthClientOptions | null);
    /**
     * `onAuthEvent(callback)`: calls `callback({ channel: 'auth', payload: { event, data } })`
     * for `signedIn`, `signedOut`, `tokenRefresh`, `tokenRefresh_failure`, `autoSignIn`,
     * `autoSignIn_failure`. A throwing listener does not stop the others. Returns a function
     * that unsubscribes.
     */
    onAuthEvent(callback: (capsule: AuthHubCapsule) => void): () => void;
    /**
     * `rememberDevice()`: marks this browser's device remembered (UpdateDeviceStatus).
     *
     * @throws AuthError `DeviceMetadataNotFoundException` when this browser has no device.
     */
    rememberDevice(): Promise<void>;
    /**
     * `resendSignUpCode({ username, options?: { clientMetadata } })` →
     * `{ destination, deliveryMedium, attributeName }`.
     *
     * @throws AuthError `EmptyResendSignUpCodeUsername`; Cognito's `LimitExceededException`, ….
     */
    resendSignUpCode(input: ResendSignUpCodeInput): Promise<CodeDeliveryDetails>;
    /**
     * `resetPassword({ username, options?: { clientMetadata } })` →
     * `{ isPasswordReset: false, nextStep: { resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE', codeDeliveryDetails } }`.
     *
     * @throws AuthError `EmptyResetPasswordUsername`; Cognito's `LimitExceededException`, ….
     */
    resetPassword(input: ResetPasswordInput): Promise<ResetPasswordOutput>;
    /**
     * Resumes an exported sign-in; returns its `{ isSignedIn: false, nextStep }`, then answer
     * it with `confirmSignIn`.
     *
     * @throws AuthError `UserAlreadyAuthenticatedException` while a user is signed in;
     * `InvalidPendingSignIn` (not an exported sign-in, or another pool's or client's);
     * `SignInSessionExpiredException`.
     */
    resumeSignIn(exported: string): SignInOutput;
    /**
     * `sendUserAttributeVerificationCode({ userAttributeKey, options? })` →
     * `codeDeliveryDetails`.
     */
    sendUserAttributeVerificationCode(input: SendUserAttributeVerificationCodeInput): Promise<CodeDeliveryDetails>;
    /**
     * `setUpTOTP()` → `{ sharedSecret, getSetupUri(appName, accountName?) }`.
     */
    setUpTOTP(): Promise<TOTPSetupDetails>;
    /**
     * `signInWithPasskeyAutofill({ username })`: starts a passkey sign-in whose browser
     * prompt is the autofill list of an `<input autocomplete="username webauthn">`
     * (conditional mediation); resolves like `signIn` when the user picks a passkey. Cognito
     * needs the username first, so this serves returning users (e.g. the last signed-in
     * username). Any new ceremony aborts a waiting one (`abortPasskeyCeremony()` too).
     *
     * @throws AuthError `PasskeyCeremonyAborted`, `PasskeyAuthenticationCanceled`, ….
     */
    signInWithPasskeyAutofill(input: PasskeyAutofillInput): Promise<SignInOutput>;
    /**
     * `signIn({ username, password?, options?: { authFlowType, preferredChallenge,
     * clientMetadata } })` → `{ isSignedIn, nextStep: { signInStep, … } }`. `authFlowType`:
     * `USER_SRP_AUTH` (default), `USER_PASSWORD_AUTH`, `CUSTOM_WITH_SRP`,
     * `CUSTOM_WITHOUT_SRP`, `USER_AUTH`.
     *
     * @throws AuthError `UserAlreadyAuthenticatedException`, `EmptySignInUsername`,
     * `EmptySignInPassword`, `InvalidAuthFlowType`; Cognito's `NotAuthorizedException`, ….
     */
    signIn(input: SignInInput): Promise<SignInOutput>;
    /**
     * `signOut({ global? })`: forgets the tokens and any pending sign-in first (`signedOut`
     * is emitted then), then revokes the refresh token (or, with `global: true`, signs out
     * every device with GlobalSignOut); a revocation that fails or stalls leaves nothing
     * behind.
     */
    signOut(input?: SignOutInput | null): Promise<void>;
    /**
     * `signUp({ username, password?, options?: { userAttributes, validationData,
     * clientMetadata, autoSignIn?: true | { authFlowType?, preferredChallenge?, clientMetadata? } } })`
     * → `{ isSignUpComplete, userId, nextStep: { signUpStep, codeDeliveryDetails? } }`.
     *
     * @throws AuthError `EmptySignUpUsername`; `AutoSignInNeedsPassword` (before any request)
     * when a sign-up without password asks for a password-based auto sign-in; Cognito's
     * `UsernameExistsException`, `InvalidPasswordException`, `InvalidParameterException`, ….
     */
    signUp(input: SignUpInput): Promise<SignUpOutput>;
    /**
     * `updateMFAPreference({ sms?, totp?, email? })` with `'ENABLED' | 'DISABLED' | 'PREFERRED' | 'NOT_PREFERRED'`.
     */
    updateMFAPreference(input: UpdateMFAPreferenceInput): Promise<void>;
    /**
     * `updatePassword({ oldPassword, newPassword })` (ChangePassword).
     *
     * @throws AuthError `EmptyUpdatePassword`; Cognito's `NotAuthorizedException` (wrong old
     * password), `InvalidPasswordException`, `LimitExceededException`, ….
     */
    updatePassword(input: UpdatePasswordInput): Promise<void>;
    /**
     * `updateUserAttribute({ userAttribute: { attributeKey, value }, options? })` → that
     * attribute's `{ isUpdated, nextStep }`.
     */
    updateUserAttribute(input: UpdateUserAttributeInput): Promise<UpdateUserAttributeOutput>;
    /**
     * `updateUserAttributes({ userAttributes, options? })` → per attribute
     * `{ isUpdated, nextStep: { updateAttributeStep, codeDeliveryDetails? } }`.
     */
    updateUserAttributes(input: UpdateUserAttributesInput): Promise<UpdateUserAttributesOutput>;
    /**
     * `verifyTOTPSetup({ code, options?: { friendlyDeviceName } })`.
     *
     * @throws AuthError `EmptyVerifyTOTPSetupCode`; Cognito's `EnableSoftwareTokenMFAException`, ….
     */
    verifyTOTPSetup(input: VerifyTOTPSetupInput): Promise<void>;
}

/**
 * Aborts a running passkey ceremony (e.g. the autofill one when the user types a password).
 */
export function abortPasskeyCeremony(): void;

/**
 * `associateWebAuthnCredential` on the default client.
 */
export function associateWebAuthnCredential(): Promise<void>;

/**
 * `autoSignIn` on the default client.
 */
export function autoSignIn(): Promise<SignInOutput>;

/**
 * Configures the default client used by the top-level functions (same input as
 * `new AuthClient(config, options)`).
 *
 * @throws AuthError `AuthUserPoolException` when the pool or client id is missing,
 * `InvalidStorage` when `options.storage` lacks one of the three methods.
 */
export function configure(config: AuthConfig, options?: AuthClientOptions | null): void;

/**
 * `confirmResetPassword` on the default client.
 */
export function confirmResetPassword(input: ConfirmResetPasswordInput): Promise<void>;

/**
 * `confirmSignIn` on the default client.
 */
export function confirmSignIn(input: ConfirmSignInInput): Promise<SignInOutput>;

/**
 * `confirmSignUp` on the default client.
 */
export function confirmSignUp(input: ConfirmSignUpInput): Promise<SignUpOutput>;

/**
 * `confirmUserAttribute` on the default client.
 */
export function confirmUserAttribute(input: ConfirmUserAttributeInput): Promise<void>;

/**
 * `decodeJWT(token)` → `{ payload, toString() }` (decodes; does not verify).
 *
 * @throws AuthError `InvalidTokenException` when `token` is not a JWT with a JSON payload.
 */
export function decodeJWT(token: string): JWT;

/**
 * `deleteUser` on the default client.
 */
export function deleteUser(): Promise<void>;

/**
 * `deleteUserAttributes` on the default client.
 */
export function deleteUserAttributes(input: DeleteUserAttributesInput): Promise<void>;

/**
 * `deleteWebAuthnCredential` on the default client.
 */
export function deleteWebAuthnCredential(input: DeleteWebAuthnCredentialInput): Promise<void>;

/**
 * `fetchAuthSession` on the default client.
 */
export function fetchAuthSession(input?: FetchAuthSessionOptions | null): Promise<AuthSession>;

/**
 * `fetchDevices` on the default client.
 */
export function fetchDevices(): Promise<AWSAuthDevice[]>;

/**
 * `fetchMFAPreference` on the default client.
 */
export function fetchMFAPreference(): Promise<FetchMFAPreferenceOutput>;

/**
 * `fetchUserAttributes` on the default client.
 */
export function fetchUserAttributes(): Promise<AuthUserAttributes>;

/**
 * `forgetDevice` on the default client.
 */
export function forgetDevice(input?: ForgetDeviceInput | null): Promise<void>;

/**
 * `getCurrentUser` on the default client.
 */
export function getCurrentUser(): Promise<AuthUser>;

/**
 * Whether passkey autofill (conditional mediation) is available.
 */
export function isPasskeyAutofillSupported(): Promise<boolean>;

/**
 * Whether this browser can use passkeys (WebAuthn).
 */
export function isPasskeySupported(): boolean;

/**
 * `listWebAuthnCredentials` on the default client.
 */
export function listWebAuthnCredentials(input?: ListWebAuthnCredentialsInput | null): Promise<ListWebAuthnCredentialsOutput>;

/**
 * `onAuthEvent` on the default client.
 */
export function onAuthEvent(callback: (capsule: AuthHubCapsule) => void): () => void;

/**
 * `rememberDevice` on the default client.
 */
export function rememberDevice(): Promise<void>;

/**
 * `resendSignUpCode` on the default client.
 */
export function resendSignUpCode(input: ResendSignUpCodeInput): Promise<CodeDeliveryDetails>;

/**
 * `resetPassword` on the default client.
 */
export function resetPassword(input: ResetPasswordInput): Promise<ResetPasswordOutput>;

/**
 * `sendUserAttributeVerificationCode` on the default client.
 */
export function sendUserAttributeVerificationCode(input: SendUserAttributeVerificationCodeInput): Promise<CodeDeliveryDetails>;

/**
 * `setUpTOTP` on the default client.
 */
export function setUpTOTP(): Promise<TOTPSetupDetails>;

/**
 * `signIn` on the default client.
 */
export function signIn(input: SignInInput): Promise<SignInOutput>;

/**
 * `signInWithPasskeyAutofill` on the default client.
 */
export function signInWithPasskeyAutofill(input: PasskeyAutofillInput): Promise<SignInOutput>;

/**
 * `signOut` on the default client.
 */
export function signOut(input?: SignOutInput | null): Promise<void>;

/**
 * `signUp` on the default client.
 */
export function signUp(input: SignUpInput): Promise<SignUpOutput>;

/**
 * `updateMFAPreference` on the default client.
 */
export function updateMFAPreference(input: UpdateMFAPreferenceInput): Promise<void>;

/**
 * `updatePassword` on the default client.
 */
export function updatePassword(input: UpdatePasswordInput): Promise<void>;

/**
 * `updateUserAttribute` on the default client.
 */
export function updateUserAttribute(input: UpdateUserAttributeInput): Promise<UpdateUserAttributeOutput>;

/**
 * `updateUserAttributes` on the default client.
 */
export function updateUserAttributes(input: UpdateUserAttributesInput): Promise<UpdateUserAttributesOutput>;

/**
 * `verifyTOTPSetup` on the default client.
 */
export function verifyTOTPSetup(input: VerifyTOTPSetupInput): Promise<void>;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly ea: WebAssembly.Memory;
    readonly fa: (a: number, b: number) => void;
    readonly ga: () => void;
    readonly ha: () => any;
    readonly ia: (a: number) => any;
    readonly ja: (a: number) => any;
    readonly ka: (a: number, b: any) => any;
    readonly la: (a: number, b: any) => any;
    readonly ma: (a: number, b: any) => any;
    readonly na: (a: number, b: any) => any;
    readonly oa: (a: number) => any;
    readonly pa: (a: number, b: any) => any;
    readonly qa: (a: number, b: any) => any;
    readonly ra: (a: number) => [number, number];
    readonly sa: (a: number, b: number) => any;
    readonly ta: (a: number) => any;
    readonly ua: (a: number) => any;
    readonly va: (a: number) => any;
    readonly wa: (a: number, b: number) => any;
    readonly xa: (a: number) => any;
    readonly ya: (a: number) => any;
    readonly za: (a: number, b: number) => any;
    readonly Aa: (a: any, b: number) => [number, number, number];
    readonly Ba: (a: number, b: any) => any;
    readonly Ca: (a: number) => any;
    readonly Da: (a: number, b: any) => any;
    readonly Ea: (a: number, b: any) => any;
    readonly Fa: (a: number, b: number, c: number) => [number, number, number];
    readonly Ga: (a: number, b: any) => any;
    readonly Ha: (a: number) => any;
    readonly Ia: (a: number, b: any) => any;
    readonly Ja: (a: number, b: any) => any;
    readonly Ka: (a: number, b: number) => any;
    readonly La: (a: number, b: any) => any;
    readonly Ma: (a: number, b: any) => any;
    readonly Na: (a: number, b: any) => any;
    readonly Oa: (a: number, b: any) => any;
    readonly Pa: (a: number, b: any) => any;
    readonly Qa: (a: number, b: any) => any;
    readonly Ra: () => any;
    readonly Sa: (a: any, b: number) => [number, number];
    readonly Ta: (a: any) => any;
    readonly Ua: (a: any) => any;
    readonly Va: (a: any) => any;
    readonly Wa: (a: any) => any;
    readonly Xa: (a: number, b: number) => [number, number, number];
    readonly Ya: () => any;
    readonly Za: (a: any) => any;
    readonly _a: (a: any) => any;
    readonly $a: (a: number) => any;
    readonly ab: () => any;
    readonly bb: () => any;
    readonly cb: () => any;
    readonly db: (a: number) => any;
    readonly eb: () => any;
    readonly fb: () => any;
    readonly gb: () => number;
    readonly hb: (a: number) => any;
    readonly ib: (a: any) => [number, number, number];
    readonly jb: () => any;
    readonly kb: (a: any) => any;
    readonly lb: (a: any) => any;
    readonly mb: (a: any) => any;
    readonly nb: () => any;
    readonly ob: (a: any) => any;
    readonly pb: (a: any) => any;
    readonly qb: (a: number) => any;
    readonly rb: (a: any) => any;
    readonly sb: (a: any) => any;
    readonly tb: (a: any) => any;
    readonly ub: (a: any) => any;
    readonly vb: (a: any) => any;
    readonly wb: (a: any) => any;
    readonly zb: (a: number, b: number, c: number, d: number, e: number, f: number) => [number, number];
    readonly Ab: (a: number, b: number, c: number, d: any) => [number, number, number];
    readonly Bb: (a: number, b: number) => void;
    readonly Cb: (a: number, b: number) => number;
    readonly Db: (a: number, b: number, c: number, d: number) => number;
    readonly Eb: (a: number, b: number, c: number) => void;
    readonly Fb: (a: number) => void;
    readonly Gb: () => number;
    readonly Hb: WebAssembly.Table;
    readonly Ib: (a: number, b: number) => void;
    readonly Jb: (a: number, b: number) => void;
    readonly Kb: (a: number) => void;
    readonly Lb: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
