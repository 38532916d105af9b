/* @ts-self-types="./cognito_wasm.d.ts" */
import { deviceName, jwt, AuthError, passkeyCreate, passkeyGet, post, storeRead } from './snippets/cognito-wasm-e953e6be271d57ae/js/glue.js';
import * as import1 from "./snippets/cognito-wasm-e953e6be271d57ae/js/glue.js"
import * as import2 from "./snippets/cognito-wasm-e953e6be271d57ae/js/glue.js"
import * as import3 from "./snippets/cognito-wasm-e953e6be271d57ae/js/glue.js"
import * as import4 from "./snippets/cognito-wasm-e953e6be271d57ae/js/glue.js"
import * as import5 from "./snippets/cognito-wasm-e953e6be271d57ae/js/glue.js"
import * as import6 from "./snippets/cognito-wasm-e953e6be271d57ae/js/glue.js"
import * as import7 from "./snippets/cognito-wasm-e953e6be271d57ae/js/glue.js"
import * as import8 from "./snippets/cognito-wasm-e953e6be271d57ae/js/glue.js"
import * as import9 from "./snippets/cognito-wasm-e953e6be271d57ae/js/glue.js"


/**
 * A client for one user pool and app client. Several can live side by side.
 */
export class AuthClient {
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        AuthClientFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.fa(ptr, 0);
    }
    /**
     * `associateWebAuthnCredential()`: registers a passkey for the signed-in user
     * (StartWebAuthnRegistration → `navigator.credentials.create` → CompleteWebAuthnRegistration).
     *
     * @throws AuthError `PasskeyRegistrationCanceled`, `PasskeyAlreadyExists`,
     * `RelyingPartyMismatch`, `PasskeyNotSupported`; Cognito's `WebAuthnNotEnabledException`, ….
     * @returns {Promise<void>}
     */
    associateWebAuthnCredential() {
        const ret = wasm.ia(this.__wbg_ptr);
        return ret;
    }
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
     * @returns {Promise<SignInOutput>}
     */
    autoSignIn() {
        const ret = wasm.ja(this.__wbg_ptr);
        return ret;
    }
    /**
     * `confirmResetPassword({ username, confirmationCode, newPassword, options?: { clientMetadata } })`
     * → `undefined`.
     *
     * @throws AuthError `EmptyConfirmResetPasswordUsername`,
     * `EmptyConfirmResetPasswordConfirmationCode`, `EmptyConfirmResetPasswordNewPassword`;
     * Cognito's `CodeMismatchException`, `ExpiredCodeException`, `InvalidPasswordException`, ….
     * @param {ConfirmResetPasswordInput} input
     * @returns {Promise<void>}
     */
    confirmResetPassword(input) {
        const ret = wasm.ka(this.__wbg_ptr, input);
        return ret;
    }
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
     * @param {ConfirmSignInInput} input
     * @returns {Promise<SignInOutput>}
     */
    confirmSignIn(input) {
        const ret = wasm.la(this.__wbg_ptr, input);
        return ret;
    }
    /**
     * `confirmSignUp({ username, confirmationCode, options?: { clientMetadata,
     * forceAliasCreation } })` → `{ isSignUpComplete, nextStep: { signUpStep } }` where
     * `signUpStep` is `COMPLETE_AUTO_SIGN_IN` when `signUp` armed an auto sign-in for this
     * user, else `DONE`.
     *
     * @throws AuthError `EmptyConfirmSignUpUsername`, `EmptyConfirmSignUpCode`; Cognito's
     * `CodeMismatchException`, `ExpiredCodeException`, `AliasExistsException`, ….
     * @param {ConfirmSignUpInput} input
     * @returns {Promise<SignUpOutput>}
     */
    confirmSignUp(input) {
        const ret = wasm.ma(this.__wbg_ptr, input);
        return ret;
    }
    /**
     * `confirmUserAttribute({ userAttributeKey, confirmationCode })` (VerifyUserAttribute).
     *
     * @throws AuthError `EmptyConfirmUserAttributeCode`; Cognito's `CodeMismatchException`,
     * `ExpiredCodeException`, ….
     * @param {ConfirmUserAttributeInput} input
     * @returns {Promise<void>}
     */
    confirmUserAttribute(input) {
        const ret = wasm.na(this.__wbg_ptr, input);
        return ret;
    }
    /**
     * `deleteUserAttributes({ userAttributeKeys })`.
     * @param {DeleteUserAttributesInput} input
     * @returns {Promise<void>}
     */
    deleteUserAttributes(input) {
        const ret = wasm.pa(this.__wbg_ptr, input);
        return ret;
    }
    /**
     * `deleteUser()`: deletes the signed-in user, then clears everything local (tokens, the
     * remembered device, any pending sign-in) and emits `signedOut`.
     * @returns {Promise<void>}
     */
    deleteUser() {
        const ret = wasm.oa(this.__wbg_ptr);
        return ret;
    }
    /**
     * `deleteWebAuthnCredential({ credentialId })`.
     * @param {DeleteWebAuthnCredentialInput} input
     * @returns {Promise<void>}
     */
    deleteWebAuthnCredential(input) {
        const ret = wasm.qa(this.__wbg_ptr, input);
        return ret;
    }
    /**
     * The pending sign-in as an opaque string for `resumeSignIn` on another page, or
     * `undefined`. It holds Cognito's challenge session: keep it as secret as a password. It
     * names its user pool and app client; only a client of the same ones resumes it.
     * @returns {string | undefined}
     */
    exportSignIn() {
        const ret = wasm.ra(this.__wbg_ptr);
        let v1;
        if (ret[0] !== 0) {
            v1 = getStringFromWasm0(ret[0], ret[1]);
            wasm.Eb(ret[0], ret[1] * 1, 1);
        }
        return v1;
    }
    /**
     * `fetchAuthSession({ forceRefresh? })` → `{ tokens: { accessToken, idToken }, userSub }`
     * (tokens are `{ payload, toString() }`), or `{}` when nobody is signed in. Refreshes
     * expired tokens first (clock drift included); concurrent calls share one refresh (the
     * driver's, shared with every call that needs fresh tokens). Emits
     * `tokenRefresh` / `tokenRefresh_failure`.
     *
     * @throws AuthError when the refresh fails; a revoked or expired refresh token
     * (`NotAuthorizedException`) also signs the user out locally.
     * @param {FetchAuthSessionOptions | null} [input]
     * @returns {Promise<AuthSession>}
     */
    fetchAuthSession(input) {
        const ret = wasm.sa(this.__wbg_ptr, isLikeNone(input) ? 0 : addToExternrefTable0(input));
        return ret;
    }
    /**
     * `fetchDevices()` → `[{ id, name?, attributes, createDate?, lastModifiedDate?,
     * lastAuthenticatedDate? }]` (ListDevices; dates as `Date`s).
     * @returns {Promise<AWSAuthDevice[]>}
     */
    fetchDevices() {
        const ret = wasm.ta(this.__wbg_ptr);
        return ret;
    }
    /**
     * `fetchMFAPreference()` → `{ enabled?: ('SMS'|'TOTP'|'EMAIL')[], preferred? }`.
     * @returns {Promise<FetchMFAPreferenceOutput>}
     */
    fetchMFAPreference() {
        const ret = wasm.ua(this.__wbg_ptr);
        return ret;
    }
    /**
     * `fetchUserAttributes()` → `{ email, email_verified, sub, … }` (GetUser).
     *
     * @throws AuthError `UserUnAuthenticatedException`; Cognito's errors.
     * @returns {Promise<AuthUserAttributes>}
     */
    fetchUserAttributes() {
        const ret = wasm.va(this.__wbg_ptr);
        return ret;
    }
    /**
     * `forgetDevice({ device? })`: forgets the given device, or this browser's (whose keys
     * then go from storage).
     *
     * @throws AuthError `DeviceMetadataNotFoundException` without `device` when this browser
     * has no device.
     * @param {ForgetDeviceInput | null} [input]
     * @returns {Promise<void>}
     */
    forgetDevice(input) {
        const ret = wasm.wa(this.__wbg_ptr, isLikeNone(input) ? 0 : addToExternrefTable0(input));
        return ret;
    }
    /**
     * `getCurrentUser()` → `{ username, userId, signInDetails }` from the stored tokens (no
     * request; resolves immediately).
     *
     * @throws AuthError `UserUnAuthenticatedException` when nobody is signed in.
     * @returns {Promise<AuthUser>}
     */
    getCurrentUser() {
        const ret = wasm.xa(this.__wbg_ptr);
        return ret;
    }
    /**
     * The pending sign-in's `{ isSignedIn: false, nextStep }`, e.g. after a reload, or
     * `undefined` when none is pending.
     * @returns {SignInOutput | undefined}
     */
    getPendingSignIn() {
        const ret = wasm.ya(this.__wbg_ptr);
        return ret;
    }
    /**
     * `listWebAuthnCredentials({ pageSize?, nextToken? })` → `{ credentials, nextToken? }`.
     * @param {ListWebAuthnCredentialsInput | null} [input]
     * @returns {Promise<ListWebAuthnCredentialsOutput>}
     */
    listWebAuthnCredentials(input) {
        const ret = wasm.za(this.__wbg_ptr, isLikeNone(input) ? 0 : addToExternrefTable0(input));
        return ret;
    }
    /**
     * A client for `config`: Amplify's `{ Auth: { Cognito: { userPoolId, userPoolClientId,
     * userPoolEndpoint? } } }` or an `amplify_outputs.json` object. `options.storage`:
     * `'localStorage'` (default), `'sessionStorage'`, `'memory'` or an object with `getItem` /
     * `setItem` / `removeItem`, synchronous or answering with Promises (Amplify's
     * `KeyValueStorageInterface`, e.g. its `CookieStorage`).
     *
     * @throws AuthError `AuthUserPoolException` when the pool or client id is missing,
     * `InvalidStorage` when `options.storage` lacks one of the three methods.
     * @param {AuthConfig} config
     * @param {AuthClientOptions | null} [options]
     */
    constructor(config, options) {
        const ret = wasm.Aa(config, isLikeNone(options) ? 0 : addToExternrefTable0(options));
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        this.__wbg_ptr = ret[0];
        AuthClientFinalization.register(this, this.__wbg_ptr, this);
        return this;
    }
    /**
     * `onAuthEvent(callback)`: calls `callback({ channel: 'auth', payload: { event, data } })`
     * for `signedIn`, `signedOut`, `tokenRefresh`, `tokenRefresh_failure`, `autoSignIn`,
     * `autoSignIn_failure`. A throwing listener does not stop the others. Returns a function
     * that unsubscribes.
     * @param {(capsule: AuthHubCapsule) => void} callback
     * @returns {() => void}
     */
    onAuthEvent(callback) {
        const ret = wasm.Ba(this.__wbg_ptr, callback);
        return ret;
    }
    /**
     * `rememberDevice()`: marks this browser's device remembered (UpdateDeviceStatus).
     *
     * @throws AuthError `DeviceMetadataNotFoundException` when this browser has no device.
     * @returns {Promise<void>}
     */
    rememberDevice() {
        const ret = wasm.Ca(this.__wbg_ptr);
        return ret;
    }
    /**
     * `resendSignUpCode({ username, options?: { clientMetadata } })` →
     * `{ destination, deliveryMedium, attributeName }`.
     *
     * @throws AuthError `EmptyResendSignUpCodeUsername`; Cognito's `LimitExceededException`, ….
     * @param {ResendSignUpCodeInput} input
     * @returns {Promise<CodeDeliveryDetails>}
     */
    resendSignUpCode(input) {
        const ret = wasm.Da(this.__wbg_ptr, input);
        return ret;
    }
    /**
     * `resetPassword({ username, options?: { clientMetadata } })` →
     * `{ isPasswordReset: false, nextStep: { resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE', codeDeliveryDetails } }`.
     *
     * @throws AuthError `EmptyResetPasswordUsername`; Cognito's `LimitExceededException`, ….
     * @param {ResetPasswordInput} input
     * @returns {Promise<ResetPasswordOutput>}
     */
    resetPassword(input) {
        const ret = wasm.Ea(this.__wbg_ptr, input);
        return ret;
    }
    /**
     * Resumes an exported sign-in; returns its `{ isSignedIn: false, nextStep }`, then answer
     * it with `confirmSignIn`.
     *
     * @throws AuthError `UserAlreadyAuthenticatedException` while a user is signed in;
     * `InvalidPendingSignIn` (not an exported sign-in, or another pool's or client's);
     * `SignInSessionExpiredException`.
     * @param {string} exported
     * @returns {SignInOutput}
     */
    resumeSignIn(exported) {
        const ptr0 = passStringToWasm0(exported, wasm.Cb, wasm.Db);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.Fa(this.__wbg_ptr, ptr0, len0);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * `sendUserAttributeVerificationCode({ userAttributeKey, options? })` →
     * `codeDeliveryDetails`.
     * @param {SendUserAttributeVerificationCodeInput} input
     * @returns {Promise<CodeDeliveryDetails>}
     */
    sendUserAttributeVerificationCode(input) {
        const ret = wasm.Ga(this.__wbg_ptr, input);
        return ret;
    }
    /**
     * `setUpTOTP()` → `{ sharedSecret, getSetupUri(appName, accountName?) }`.
     * @returns {Promise<TOTPSetupDetails>}
     */
    setUpTOTP() {
        const ret = wasm.Ha(this.__wbg_ptr);
        return ret;
    }
    /**
     * `signInWithPasskeyAutofill({ username })`: starts a passkey sign-in whose browser
     * prompt is the autofill list of an `<input autocomplete="username webauthn">`
     * (conditional mediation); resolves like `signIn` when the user picks a passkey. Cognito
     * needs the username first, so this serves returning users (e.g. the last signed-in
     * username). Any new ceremony aborts a waiting one (`abortPasskeyCeremony()` too).
     *
     * @throws AuthError `PasskeyCeremonyAborted`, `PasskeyAuthenticationCanceled`, ….
     * @param {PasskeyAutofillInput} input
     * @returns {Promise<SignInOutput>}
     */
    signInWithPasskeyAutofill(input) {
        const ret = wasm.Ja(this.__wbg_ptr, input);
        return ret;
    }
    /**
     * `signIn({ username, password?, options?: { authFlowType, preferredChallenge,
     * clientMetadata } })` → `{ isSignedIn, nextStep: { signInStep, … } }`. `authFlowType`:
     * `USER_SRP_AUTH` (default), `USER_PASSWORD_AUTH`, `CUSTOM_WITH_SRP`,
     * `CUSTOM_WITHOUT_SRP`, `USER_AUTH`.
     *
     * @throws AuthError `UserAlreadyAuthenticatedException`, `EmptySignInUsername`,
     * `EmptySignInPassword`, `InvalidAuthFlowType`; Cognito's `NotAuthorizedException`, ….
     * @param {SignInInput} input
     * @returns {Promise<SignInOutput>}
     */
    signIn(input) {
        const ret = wasm.Ia(this.__wbg_ptr, input);
        return ret;
    }
    /**
     * `signOut({ global? })`: forgets the tokens and any pending sign-in first (`signedOut`
     * is emitted then), then revokes the refresh token (or, with `global: true`, signs out
     * every device with GlobalSignOut); a revocation that fails or stalls leaves nothing
     * behind.
     * @param {SignOutInput | null} [input]
     * @returns {Promise<void>}
     */
    signOut(input) {
        const ret = wasm.Ka(this.__wbg_ptr, isLikeNone(input) ? 0 : addToExternrefTable0(input));
        return ret;
    }
    /**
     * `signUp({ username, password?, options?: { userAttributes, validationData,
     * clientMetadata, autoSignIn?: true | { authFlowType?, preferredChallenge?, clientMetadata? } } })`
     * → `{ isSignUpComplete, userId, nextStep: { signUpStep, codeDeliveryDetails? } }`.
     *
     * @throws AuthError `EmptySignUpUsername`; `AutoSignInNeedsPassword` (before any request)
     * when a sign-up without password asks for a password-based auto sign-in; Cognito's
     * `UsernameExistsException`, `InvalidPasswordException`, `InvalidParameterException`, ….
     * @param {SignUpInput} input
     * @returns {Promise<SignUpOutput>}
     */
    signUp(input) {
        const ret = wasm.La(this.__wbg_ptr, input);
        return ret;
    }
    /**
     * `updateMFAPreference({ sms?, totp?, email? })` with `'ENABLED' | 'DISABLED' | 'PREFERRED' | 'NOT_PREFERRED'`.
     * @param {UpdateMFAPreferenceInput} input
     * @returns {Promise<void>}
     */
    updateMFAPreference(input) {
        const ret = wasm.Ma(this.__wbg_ptr, input);
        return ret;
    }
    /**
     * `updatePassword({ oldPassword, newPassword })` (ChangePassword).
     *
     * @throws AuthError `EmptyUpdatePassword`; Cognito's `NotAuthorizedException` (wrong old
     * password), `InvalidPasswordException`, `LimitExceededException`, ….
     * @param {UpdatePasswordInput} input
     * @returns {Promise<void>}
     */
    updatePassword(input) {
        const ret = wasm.Na(this.__wbg_ptr, input);
        return ret;
    }
    /**
     * `updateUserAttribute({ userAttribute: { attributeKey, value }, options? })` → that
     * attribute's `{ isUpdated, nextStep }`.
     * @param {UpdateUserAttributeInput} input
     * @returns {Promise<UpdateUserAttributeOutput>}
     */
    updateUserAttribute(input) {
        const ret = wasm.Oa(this.__wbg_ptr, input);
        return ret;
    }
    /**
     * `updateUserAttributes({ userAttributes, options? })` → per attribute
     * `{ isUpdated, nextStep: { updateAttributeStep, codeDeliveryDetails? } }`.
     * @param {UpdateUserAttributesInput} input
     * @returns {Promise<UpdateUserAttributesOutput>}
     */
    updateUserAttributes(input) {
        const ret = wasm.Pa(this.__wbg_ptr, input);
        return ret;
    }
    /**
     * `verifyTOTPSetup({ code, options?: { friendlyDeviceName } })`.
     *
     * @throws AuthError `EmptyVerifyTOTPSetupCode`; Cognito's `EnableSoftwareTokenMFAException`, ….
     * @param {VerifyTOTPSetupInput} input
     * @returns {Promise<void>}
     */
    verifyTOTPSetup(input) {
        const ret = wasm.Qa(this.__wbg_ptr, input);
        return ret;
    }
}
if (Symbol.dispose) AuthClient.prototype[Symbol.dispose] = AuthClient.prototype.free;

/**
 * Aborts a running passkey ceremony (e.g. the autofill one when the user types a password).
 */
export function abortPasskeyCeremony() {
    wasm.ga();
}

/**
 * `associateWebAuthnCredential` on the default client.
 * @returns {Promise<void>}
 */
export function associateWebAuthnCredential() {
    const ret = wasm.ha();
    return ret;
}

/**
 * `autoSignIn` on the default client.
 * @returns {Promise<SignInOutput>}
 */
export function autoSignIn() {
    const ret = wasm.Ra();
    return ret;
}

/**
 * Configures the default client used by the top-level functions (same input as
 * `new AuthClient(config, options)`).
 *
 * @throws AuthError `AuthUserPoolException` when the pool or client id is missing,
 * `InvalidStorage` when `options.storage` lacks one of the three methods.
 * @param {AuthConfig} config
 * @param {AuthClientOptions | null} [options]
 */
export function configure(config, options) {
    const ret = wasm.Sa(config, isLikeNone(options) ? 0 : addToExternrefTable0(options));
    if (ret[1]) {
        throw takeFromExternrefTable0(ret[0]);
    }
}

/**
 * `confirmResetPassword` on the default client.
 * @param {ConfirmResetPasswordInput} input
 * @returns {Promise<void>}
 */
export function confirmResetPassword(input) {
    const ret = wasm.Ta(input);
    return ret;
}

/**
 * `confirmSignIn` on the default client.
 * @param {ConfirmSignInInput} input
 * @returns {Promise<SignInOutput>}
 */
export function confirmSignIn(input) {
    const ret = wasm.Ua(input);
    return ret;
}

/**
 * `confirmSignUp` on the default client.
 * @param {ConfirmSignUpInput} input
 * @returns {Promise<SignUpOutput>}
 */
export function confirmSignUp(input) {
    const ret = wasm.Va(input);
    return ret;
}

/**
 * `confirmUserAttribute` on the default client.
 * @param {ConfirmUserAttributeInput} input
 * @returns {Promise<void>}
 */
export function confirmUserAttribute(input) {
    const ret = wasm.Wa(input);
    return ret;
}

/**
 * `decodeJWT(token)` → `{ payload, toString() }` (decodes; does not verify).
 *
 * @throws AuthError `InvalidTokenException` when `token` is not a JWT with a JSON payload.
 * @param {string} token
 * @returns {JWT}
 */
export function decodeJWT(token) {
    const ptr0 = passStringToWasm0(token, wasm.Cb, wasm.Db);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.Xa(ptr0, len0);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * `deleteUser` on the default client.
 * @returns {Promise<void>}
 */
export function deleteUser() {
    const ret = wasm.Ya();
    return ret;
}

/**
 * `deleteUserAttributes` on the default client.
 * @param {DeleteUserAttributesInput} input
 * @returns {Promise<void>}
 */
export function deleteUserAttributes(input) {
    const ret = wasm.Za(input);
    return ret;
}

/**
 * `deleteWebAuthnCredential` on the default client.
 * @param {DeleteWebAuthnCredentialInput} input
 * @returns {Promise<void>}
 */
export function deleteWebAuthnCredential(input) {
    const ret = wasm._a(input);
    return ret;
}

/**
 * `fetchAuthSession` on the default client.
 * @param {FetchAuthSessionOptions | null} [input]
 * @returns {Promise<AuthSession>}
 */
export function fetchAuthSession(input) {
    const ret = wasm.$a(isLikeNone(input) ? 0 : addToExternrefTable0(input));
    return ret;
}

/**
 * `fetchDevices` on the default client.
 * @returns {Promise<AWSAuthDevice[]>}
 */
export function fetchDevices() {
    const ret = wasm.ab();
    return ret;
}

/**
 * `fetchMFAPreference` on the default client.
 * @returns {Promise<FetchMFAPreferenceOutput>}
 */
export function fetchMFAPreference() {
    const ret = wasm.bb();
    return ret;
}

/**
 * `fetchUserAttributes` on the default client.
 * @returns {Promise<AuthUserAttributes>}
 */
export function fetchUserAttributes() {
    const ret = wasm.cb();
    return ret;
}

/**
 * `forgetDevice` on the default client.
 * @param {ForgetDeviceInput | null} [input]
 * @returns {Promise<void>}
 */
export function forgetDevice(input) {
    const ret = wasm.db(isLikeNone(input) ? 0 : addToExternrefTable0(input));
    return ret;
}

/**
 * `getCurrentUser` on the default client.
 * @returns {Promise<AuthUser>}
 */
export function getCurrentUser() {
    const ret = wasm.eb();
    return ret;
}

/**
 * Whether passkey autofill (conditional mediation) is available.
 * @returns {Promise<boolean>}
 */
export function isPasskeyAutofillSupported() {
    const ret = wasm.fb();
    return ret;
}

/**
 * Whether this browser can use passkeys (WebAuthn).
 * @returns {boolean}
 */
export function isPasskeySupported() {
    const ret = wasm.gb();
    return ret !== 0;
}

/**
 * `listWebAuthnCredentials` on the default client.
 * @param {ListWebAuthnCredentialsInput | null} [input]
 * @returns {Promise<ListWebAuthnCredentialsOutput>}
 */
export function listWebAuthnCredentials(input) {
    const ret = wasm.hb(isLikeNone(input) ? 0 : addToExternrefTable0(input));
    return ret;
}

/**
 * `onAuthEvent` on the default client.
 * @param {(capsule: AuthHubCapsule) => void} callback
 * @returns {() => void}
 */
export function onAuthEvent(callback) {
    const ret = wasm.ib(callback);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * `rememberDevice` on the default client.
 * @returns {Promise<void>}
 */
export function rememberDevice() {
    const ret = wasm.jb();
    return ret;
}

/**
 * `resendSignUpCode` on the default client.
 * @param {ResendSignUpCodeInput} input
 * @returns {Promise<CodeDeliveryDetails>}
 */
export function resendSignUpCode(input) {
    const ret = wasm.kb(input);
    return ret;
}

/**
 * `resetPassword` on the default client.
 * @param {ResetPasswordInput} input
 * @returns {Promise<ResetPasswordOutput>}
 */
export function resetPassword(input) {
    const ret = wasm.lb(input);
    return ret;
}

/**
 * `sendUserAttributeVerificationCode` on the default client.
 * @param {SendUserAttributeVerificationCodeInput} input
 * @returns {Promise<CodeDeliveryDetails>}
 */
export function sendUserAttributeVerificationCode(input) {
    const ret = wasm.mb(input);
    return ret;
}

/**
 * `setUpTOTP` on the default client.
 * @returns {Promise<TOTPSetupDetails>}
 */
export function setUpTOTP() {
    const ret = wasm.nb();
    return ret;
}

/**
 * `signIn` on the default client.
 * @param {SignInInput} input
 * @returns {Promise<SignInOutput>}
 */
export function signIn(input) {
    const ret = wasm.ob(input);
    return ret;
}

/**
 * `signInWithPasskeyAutofill` on the default client.
 * @param {PasskeyAutofillInput} input
 * @returns {Promise<SignInOutput>}
 */
export function signInWithPasskeyAutofill(input) {
    const ret = wasm.pb(input);
    return ret;
}

/**
 * `signOut` on the default client.
 * @param {SignOutInput | null} [input]
 * @returns {Promise<void>}
 */
export function signOut(input) {
    const ret = wasm.qb(isLikeNone(input) ? 0 : addToExternrefTable0(input));
    return ret;
}

/**
 * `signUp` on the default client.
 * @param {SignUpInput} input
 * @returns {Promise<SignUpOutput>}
 */
export function signUp(input) {
    const ret = wasm.rb(input);
    return ret;
}

/**
 * `updateMFAPreference` on the default client.
 * @param {UpdateMFAPreferenceInput} input
 * @returns {Promise<void>}
 */
export function updateMFAPreference(input) {
    const ret = wasm.sb(input);
    return ret;
}

/**
 * `updatePassword` on the default client.
 * @param {UpdatePasswordInput} input
 * @returns {Promise<void>}
 */
export function updatePassword(input) {
    const ret = wasm.tb(input);
    return ret;
}

/**
 * `updateUserAttribute` on the default client.
 * @param {UpdateUserAttributeInput} input
 * @returns {Promise<UpdateUserAttributeOutput>}
 */
export function updateUserAttribute(input) {
    const ret = wasm.ub(input);
    return ret;
}

/**
 * `updateUserAttributes` on the default client.
 * @param {UpdateUserAttributesInput} input
 * @returns {Promise<UpdateUserAttributesOutput>}
 */
export function updateUserAttributes(input) {
    const ret = wasm.vb(input);
    return ret;
}

/**
 * `verifyTOTPSetup` on the default client.
 * @param {VerifyTOTPSetupInput} input
 * @returns {Promise<void>}
 */
export function verifyTOTPSetup(input) {
    const ret = wasm.wb(input);
    return ret;
}
function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        V: function(arg0) {
            const ret = arg0 === null;
            return ret;
        },
        Y: function(arg0) {
            const ret = arg0 === undefined;
            return ret;
        },
        W: function(arg0, arg1) {
            const obj = arg1;
            const ret = typeof(obj) === 'number' ? obj : undefined;
            getDataViewMemory0().setFloat64((arg0 >>> 0) + 8 * 1, isLikeNone(ret) ? 0 : ret, true);
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, !isLikeNone(ret), true);
        },
        X: function(arg0, arg1) {
            const obj = arg1;
            const ret = typeof(obj) === 'string' ? obj : undefined;
            var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.Cb, wasm.Db);
            var len1 = WASM_VECTOR_LEN;
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
        },
        U: function(arg0, arg1) {
            throw new Error(getStringFromWasm0(arg0, arg1));
        },
        Z: function(arg0) {
            arg0._wbg_cb_unref();
        },
        p: function(arg0, arg1) {
            const ret = arg1.body;
            const ptr1 = passStringToWasm0(ret, wasm.Cb, wasm.Db);
            const len1 = WASM_VECTOR_LEN;
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
        },
        v: function() { return handleError(function (arg0, arg1, arg2) {
            const ret = arg0.call(arg1, arg2);
            return ret;
        }, arguments); },
        w: function(arg0) {
            const ret = deviceName();
            const ptr1 = passStringToWasm0(ret, wasm.Cb, wasm.Db);
            const len1 = WASM_VECTOR_LEN;
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
        },
        o: function(arg0, arg1) {
            const ret = arg1.errorType;
            var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.Cb, wasm.Db);
            var len1 = WASM_VECTOR_LEN;
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
        },
        K: function(arg0) {
            const ret = Array.from(arg0);
            return ret;
        },
        C: function() { return handleError(function (arg0, arg1, arg2, arg3) {
            const ret = arg1.getItem(getStringFromWasm0(arg2, arg3));
            var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.Cb, wasm.Db);
            var len1 = WASM_VECTOR_LEN;
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
        }, arguments); },
        x: function() { return handleError(function (arg0, arg1) {
            globalThis.crypto.getRandomValues(getArrayU8FromWasm0(arg0, arg1));
        }, arguments); },
        S: function() { return handleError(function (arg0, arg1) {
            const ret = Reflect.get(arg0, arg1);
            return ret;
        }, arguments); },
        s: function(arg0, arg1) {
            const ret = arg0[arg1 >>> 0];
            return ret;
        },
        E: function(arg0) {
            let result;
            try {
                result = arg0 instanceof Error;
            } catch (_) {
                result = false;
            }
            const ret = result;
            return ret;
        },
        y: function(arg0) {
            let result;
            try {
                result = arg0 instanceof Window;
            } catch (_) {
                result = false;
            }
            const ret = result;
            return ret;
        },
        f: function(arg0, arg1, arg2, arg3) {
            const ret = jwt(getStringFromWasm0(arg0, arg1), getStringFromWasm0(arg2, arg3));
            return ret;
        },
        u: function(arg0) {
            const ret = arg0.length;
            return ret;
        },
        z: function() { return handleError(function (arg0) {
            const ret = arg0.localStorage;
            return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
        }, arguments); },
        L: function(arg0) {
            const ret = arg0.message;
            return ret;
        },
        J: function() {
            const ret = new Array();
            return ret;
        },
        F: function(arg0) {
            const ret = new Date(arg0);
            return ret;
        },
        M: function() {
            const ret = new Object();
            return ret;
        },
        g: function(arg0, arg1, arg2, arg3, arg4, arg5) {
            let v0;
            if (arg4 !== 0) {
                v0 = getStringFromWasm0(arg4, arg5);
                wasm.Eb(arg4, arg5 * 1, 1);
            }
            const ret = new AuthError(getStringFromWasm0(arg0, arg1), getStringFromWasm0(arg2, arg3), v0);
            return ret;
        },
        G: function() {
            const ret = Date.now();
            return ret;
        },
        H: function() { return handleError(function (arg0, arg1) {
            const ret = JSON.parse(getStringFromWasm0(arg0, arg1));
            return ret;
        }, arguments); },
        l: function(arg0, arg1) {
            const ret = passkeyCreate(getStringFromWasm0(arg0, arg1));
            return ret;
        },
        k: function(arg0, arg1, arg2) {
            const ret = passkeyGet(getStringFromWasm0(arg0, arg1), arg2 !== 0);
            return ret;
        },
        m: function(arg0, arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8) {
            const ret = post(getStringFromWasm0(arg0, arg1), getStringFromWasm0(arg2, arg3), getStringFromWasm0(arg4, arg5), getStringFromWasm0(arg6, arg7), arg8 >>> 0);
            return ret;
        },
        t: function(arg0, arg1) {
            const ret = arg0.push(arg1);
            return ret;
        },
        R: function(arg0) {
            const ret = Promise.reject(arg0);
            return ret;
        },
        B: function() { return handleError(function (arg0, arg1, arg2) {
            arg0.removeItem(getStringFromWasm0(arg1, arg2));
        }, arguments); },
        A: function() { return handleError(function (arg0) {
            const ret = arg0.sessionStorage;
            return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
        }, arguments); },
        D: function() { return handleError(function (arg0, arg1, arg2, arg3, arg4) {
            arg0.setItem(getStringFromWasm0(arg1, arg2), getStringFromWasm0(arg3, arg4));
        }, arguments); },
        T: function() { return handleError(function (arg0, arg1, arg2) {
            const ret = Reflect.set(arg0, arg1, arg2);
            return ret;
        }, arguments); },
        N: function() {
            const ret = typeof globalThis === 'undefined' ? undefined : globalThis;
            return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
        },
        P: function() {
            const ret = typeof global === 'undefined' ? undefined : global;
            return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
        },
        O: function() {
            const ret = typeof self === 'undefined' ? undefined : self;
            return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
        },
        Q: function() {
            const ret = typeof window === 'undefined' ? undefined : window;
            return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
        },
        n: function(arg0) {
            const ret = arg0.status;
            return ret;
        },
        b: function(arg0, arg1, arg2) {
            var v0 = getArrayJsValueFromWasm0(arg1, arg2);
            wasm.Eb(arg1, arg2 * 4, 4);
            const ret = storeRead(arg0, v0);
            return ret;
        },
        I: function() { return handleError(function (arg0) {
            const ret = JSON.stringify(arg0);
            return ret;
        }, arguments); },
        $: function(arg0, arg1) {
            // Cast intrinsic for `Closure(Closure { owned: true, function: Function { arguments: [Boolean, Externref], shim_idx: 1, ret: Result(Externref), inner_ret: Some(Result(Externref)) }, mutable: true }) -> Externref`.
            const ret = makeMutClosure(arg0, arg1, wasm_bindgen__convert__closures_____invoke__h020e3da4b0d899c8);
            return ret;
        },
        aa: function(arg0, arg1) {
            // Cast intrinsic for `Closure(Closure { owned: true, function: Function { arguments: [String, Option(String)], shim_idx: 2, ret: String, inner_ret: Some(String) }, mutable: false }) -> Externref`.
            const ret = makeClosure(arg0, arg1, wasm_bindgen__convert__closures_____invoke__hf6f8f104fe0d87d0);
            return ret;
        },
        ba: function(arg0, arg1) {
            // Cast intrinsic for `Closure(Closure { owned: true, function: Function { arguments: [], shim_idx: 3, ret: Unit, inner_ret: Some(Unit) }, mutable: true }) -> Externref`.
            const ret = makeMutClosure(arg0, arg1, wasm_bindgen__convert__closures_____invoke__h35d786631f8e3f58);
            return ret;
        },
        ca: function(arg0) {
            // Cast intrinsic for `F64 -> Externref`.
            const ret = arg0;
            return ret;
        },
        da: function(arg0, arg1) {
            // Cast intrinsic for `Ref(String) -> Externref`.
            const ret = getStringFromWasm0(arg0, arg1);
            return ret;
        },
        _: function() {
            const table = wasm.Hb;
            table.set(0, undefined);
            table.set(1024, undefined);
            table.set(1025, null);
            table.set(1026, true);
            table.set(1027, false);
        },
    };
    Object.assign(import0, {
        "a": import9.drive,
        "c": import9.storeWrites,
        "d": import9.isStore,
        "e": import9.whenIdle,
        "h": import9.passkeySupported,
        "i": import9.passkeyAbort,
        "j": import9.passkeyConditionalSupported,
        "q": import9.sleep,
        "r": import9.withDates,
    });
    return { __proto__: null, a: import0
    };
}

function wasm_bindgen__convert__closures_____invoke__h35d786631f8e3f58(arg0, arg1) {
    wasm.Bb(arg0, arg1);
}

function wasm_bindgen__convert__closures_____invoke__h020e3da4b0d899c8(arg0, arg1, arg2, arg3) {
    const ret = wasm.Ab(arg0, arg1, arg2, arg3);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

function wasm_bindgen__convert__closures_____invoke__hf6f8f104fe0d87d0(arg0, arg1, arg2, arg3) {
    let deferred3_0;
    let deferred3_1;
    try {
        let ptr0, len0, ptr1, len1;
        try {
            ptr0 = passStringToWasm0(arg2, wasm.Cb, wasm.Db);
            len0 = WASM_VECTOR_LEN;
            ptr1 = isLikeNone(arg3) ? 0 : passStringToWasm0(arg3, wasm.Cb, wasm.Db);
            len1 = WASM_VECTOR_LEN;
        } catch (e) {
            if (ptr1) { wasm.Eb(ptr1, len1 * 1, 1); }
            if (ptr0) { wasm.Eb(ptr0, len0 * 1, 1); }
            throw e;
        }
        const ret = wasm.zb(arg0, arg1, ptr0, len0, ptr1, len1);
        deferred3_0 = ret[0];
        deferred3_1 = ret[1];
        return getStringFromWasm0(ret[0], ret[1]);
    } finally {
        wasm.Eb(deferred3_0, deferred3_1, 1);
    }
}

const AuthClientFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.fa(ptr, 1));

function addToExternrefTable0(obj) {
    const idx = wasm.Gb();
    wasm.Hb.set(idx, obj);
    return idx;
}

const CLOSURE_DTORS = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(state => wasm.Jb(state.a, state.b));

function getArrayJsValueFromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    const mem = getDataViewMemory0();
    const result = [];
    for (let i = ptr; i < ptr + 4 * len; i += 4) {
        result.push(wasm.Hb.get(mem.getUint32(i, true)));
    }
    wasm.Ib(ptr, len);
    return result;
}

function getArrayU8FromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return getUint8ArrayMemory0().subarray(ptr / 1, ptr / 1 + len);
}

let cachedDataViewMemory0 = null;
function getDataViewMemory0() {
    if (cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer.detached === true || (cachedDataViewMemory0.buffer.detached === undefined && cachedDataViewMemory0.buffer !== wasm.ea.buffer)) {
        cachedDataViewMemory0 = new DataView(wasm.ea.buffer);
    }
    return cachedDataViewMemory0;
}

function getStringFromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}

let cachedUint8ArrayMemory0 = null;
function getUint8ArrayMemory0() {
    if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
        cachedUint8ArrayMemory0 = new Uint8Array(wasm.ea.buffer);
    }
    return cachedUint8ArrayMemory0;
}

function handleError(f, args) {
    try {
        return f.apply(this, args);
    } catch (e) {
        const idx = addToExternrefTable0(e);
        wasm.Fb(idx);
    }
}

function isLikeNone(x) {
    return x === undefined || x === null;
}

function makeClosure(arg0, arg1, f) {
    const state = { a: arg0, b: arg1, cnt: 1 };
    const real = (...args) => {

        // First up with a closure we increment the internal reference
        // count. This ensures that the Rust closure environment won't
        // be deallocated while we're invoking it.
        state.cnt++;
        try {
            return f(state.a, state.b, ...args);
        } finally {
            real._wbg_cb_unref();
        }
    };
    real._wbg_cb_unref = () => {
        if (--state.cnt === 0) {
            wasm.Jb(state.a, state.b);
            state.a = 0;
            CLOSURE_DTORS.unregister(state);
        }
    };
    CLOSURE_DTORS.register(real, state, state);
    return real;
}

function makeMutClosure(arg0, arg1, f) {
    const state = { a: arg0, b: arg1, cnt: 1 };
    const real = (...args) => {

        // First up with a closure we increment the internal reference
        // count. This ensures that the Rust closure environment won't
        // be deallocated while we're invoking it.
        state.cnt++;
        const a = state.a;
        state.a = 0;
        try {
            return f(a, state.b, ...args);
        } finally {
            state.a = a;
            real._wbg_cb_unref();
        }
    };
    real._wbg_cb_unref = () => {
        if (--state.cnt === 0) {
            wasm.Jb(state.a, state.b);
            state.a = 0;
            CLOSURE_DTORS.unregister(state);
        }
    };
    CLOSURE_DTORS.register(real, state, state);
    return real;
}

function passStringToWasm0(arg, malloc, realloc) {
    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }

    let len = arg.length;
    let ptr = malloc(len, 1) >>> 0;

    const mem = getUint8ArrayMemory0();

    let offset = 0;

    for (; offset < len; offset++) {
        const code = arg.charCodeAt(offset);
        if (code > 0x7F) break;
        mem[ptr + offset] = code;
    }
    if (offset !== len) {
        if (offset !== 0) {
            arg = arg.slice(offset);
        }
        ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
        const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
        const ret = cachedTextEncoder.encodeInto(arg, view);

        offset += ret.written;
        ptr = realloc(ptr, len, offset, 1) >>> 0;
    }

    WASM_VECTOR_LEN = offset;
    return ptr;
}

function takeFromExternrefTable0(idx) {
    const value = wasm.Hb.get(idx);
    wasm.Kb(idx);
    return value;
}

let cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
cachedTextDecoder.decode();
const MAX_SAFARI_DECODE_BYTES = 2146435072;
let numBytesDecoded = 0;
function decodeText(bytes) {
    numBytesDecoded += bytes.length;
    if (numBytesDecoded >= MAX_SAFARI_DECODE_BYTES) {
        cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
        cachedTextDecoder.decode();
        numBytesDecoded = bytes.length;
    }
    return cachedTextDecoder.decode(bytes);
}

const cachedTextEncoder = new TextEncoder();

if (!('encodeInto' in cachedTextEncoder)) {
    cachedTextEncoder.encodeInto = function (arg, view) {
        const buf = cachedTextEncoder.encode(arg);
        view.set(buf);
        return {
            read: arg.length,
            written: buf.length
        };
    };
}

let WASM_VECTOR_LEN = 0;

let wasmModule, wasmInstance, wasm;
function __wbg_finalize_init(instance, module) {
    wasmInstance = instance;
    wasm = instance.exports;
    wasmModule = module;
    cachedDataViewMemory0 = null;
    cachedUint8ArrayMemory0 = null;
    wasm.Lb();
    return wasm;
}

async function __wbg_load(module, imports) {
    if (typeof Response === 'function' && module instanceof Response) {
        if (!module.ok) {
            throw new Error(`failed to fetch Wasm: ${module.status} ${module.statusText} fetching '${module.url}'`);
        }

        if (typeof WebAssembly.instantiateStreaming === 'function') {
            try {
                return await WebAssembly.instantiateStreaming(module, imports);
            } catch (e) {
                const validResponse = expectedResponseType(module.type);

                if (validResponse && module.headers.get('Content-Type') !== 'application/wasm') {
                    console.warn("`WebAssembly.instantiateStreaming` failed because your server does not serve Wasm with `application/wasm` MIME type. Falling back to `WebAssembly.instantiate` which is slower. Original error:\n", e);

                } else { throw e; }
            }
        }

        const bytes = await module.arrayBuffer();
        return await WebAssembly.instantiate(bytes, imports);
    } else {
        const instance = await WebAssembly.instantiate(module, imports);

        if (instance instanceof WebAssembly.Instance) {
            return { instance, module };
        } else {
            return instance;
        }
    }

    function expectedResponseType(type) {
        switch (type) {
            case 'basic': case 'cors': case 'default': return true;
        }
        return false;
    }
}

function initSync(module) {
    if (wasm !== undefined) return wasm;


    if (module !== undefined) {
        if (Object.getPrototypeOf(module) === Object.prototype) {
            ({module} = module)
        } else {
            console.warn('using deprecated parameters for `initSync()`; pass a single object instead')
        }
    }

    const imports = __wbg_get_imports();
    if (!(module instanceof WebAssembly.Module)) {
        module = new WebAssembly.Module(module);
    }
    const instance = new WebAssembly.Instance(module, imports);
    return __wbg_finalize_init(instance, module);
}

let __wbg_init_promise;
async function __wbg_init(module_or_path) {
    if (wasm !== undefined) return wasm;
    if (__wbg_init_promise === undefined) {
        __wbg_init_promise = __wbg_init_once(module_or_path);
        __wbg_init_promise.catch(() => { __wbg_init_promise = undefined; });
    }
    return __wbg_init_promise;
}

async function __wbg_init_once(module_or_path) {

    if (module_or_path !== undefined) {
        if (Object.getPrototypeOf(module_or_path) === Object.prototype) {
            ({module_or_path} = module_or_path)
        } else {
            console.warn('using deprecated parameters for the initialization function; pass a single object instead')
        }
    }

    if (module_or_path === undefined) {
        module_or_path = new URL('cognito_wasm_bg.wasm', import.meta.url);
    }
    const imports = __wbg_get_imports();

    if (typeof module_or_path === 'string' || (typeof Request === 'function' && module_or_path instanceof Request) || (typeof URL === 'function' && module_or_path instanceof URL)) {
        module_or_path = fetch(module_or_path);
    }

    const { instance, module } = await __wbg_load(await module_or_path, imports);

    return __wbg_finalize_init(instance, module);
}

export { initSync, __wbg_init as default };
