mod common;
use common::*;
use serde_json::json;

#[test]
fn forgot_and_confirm_forgot_password() {
    let mut h = H::new();
    h.confirmed_user("alice");
    let c = h.client.clone();
    let out = h.ok("ForgotPassword", json!({"ClientId": c, "Username": "alice"}));
    assert_eq!(out["CodeDeliveryDetails"]["Destination"], "a***@e***");
    let code = h.code("alice", "FORGOT_PASSWORD");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    h.err(
        "ConfirmForgotPassword",
        json!({"ClientId": c, "Username": "alice", "ConfirmationCode": code, "Password": "weak"}),
        "InvalidPasswordException",
    );
    h.err("ConfirmForgotPassword", json!({"ClientId": c, "Username": "alice", "ConfirmationCode": wrong, "Password": "NewPassw0rd!"}), "CodeMismatchException");
    h.ok("ConfirmForgotPassword", json!({"ClientId": c, "Username": "alice", "ConfirmationCode": code, "Password": "NewPassw0rd!"}));
    // Codes are single use.
    h.err("ConfirmForgotPassword", json!({"ClientId": c, "Username": "alice", "ConfirmationCode": code, "Password": "NewPassw0rd!"}), "ExpiredCodeException");
    assert!(h.password_auth("alice", PW).is_err());
    tokens(&h.srp_sign_in("alice", "NewPassw0rd!").unwrap());
    // Expiry (1 h) and attempt limit.
    h.ok("ForgotPassword", json!({"ClientId": c, "Username": "alice"}));
    let code = h.code("alice", "FORGOT_PASSWORD");
    h.advance(3601);
    h.err("ConfirmForgotPassword", json!({"ClientId": c, "Username": "alice", "ConfirmationCode": code, "Password": "NewPassw0rd!2"}), "ExpiredCodeException");
    h.ok("ForgotPassword", json!({"ClientId": c, "Username": "alice"}));
    let code = h.code("alice", "FORGOT_PASSWORD");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        h.err("ConfirmForgotPassword", json!({"ClientId": c, "Username": "alice", "ConfirmationCode": wrong, "Password": "NewPassw0rd!2"}), "CodeMismatchException");
    }
    h.err("ConfirmForgotPassword", json!({"ClientId": c, "Username": "alice", "ConfirmationCode": code, "Password": "NewPassw0rd!2"}), "TooManyFailedAttemptsException");
    // Unknown users get a plausible answer with PreventUserExistenceErrors.
    h.ok("ForgotPassword", json!({"ClientId": c, "Username": "ghost"}));
    // Unverified contact: no reset possible; with PreventUserExistenceErrors the answer is
    // simulated delivery details (tests/fidelity.rs covers both settings).
    h.sign_up("unv", "unv@example.com");
    h.ok("ForgotPassword", json!({"ClientId": c, "Username": "unv"}));
    assert!(h.emu.inbox(Some("unv"), None).iter().all(|m| m.purpose != "FORGOT_PASSWORD"));
}

#[test]
fn admin_reset_forces_password_reset() {
    let mut h = H::new();
    h.confirmed_user("bob");
    h.ok("AdminResetUserPassword", json!({"UserPoolId": h.pool, "Username": "bob"}));
    let e = h.password_auth("bob", PW).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("PasswordResetRequiredException", "Password reset required for the user")
    );
    let c = h.client.clone();
    let e = h.call("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_SRP_AUTH", "AuthParameters": {"USERNAME": "bob", "SRP_A": "abcdef"}})).unwrap_err();
    assert_eq!(e.code, "PasswordResetRequiredException");
    let code = h.code("bob", "FORGOT_PASSWORD");
    h.ok("ConfirmForgotPassword", json!({"ClientId": c, "Username": "bob", "ConfirmationCode": code, "Password": "NewPassw0rd!"}));
    assert_eq!(
        h.ok("AdminGetUser", json!({"UserPoolId": h.pool, "Username": "bob"}))["UserStatus"],
        "CONFIRMED"
    );
    tokens(&h.password_auth("bob", "NewPassw0rd!").unwrap());
}

#[test]
fn change_password() {
    let mut h = H::new();
    h.confirmed_user("alice");
    let t = h.password_auth("alice", PW).unwrap();
    let access = tokens(&t)["AccessToken"].clone();
    h.err("ChangePassword", json!({"AccessToken": access, "PreviousPassword": "Wrong#Pass1", "ProposedPassword": "NewPassw0rd!"}), "NotAuthorizedException");
    h.err(
        "ChangePassword",
        json!({"AccessToken": access, "PreviousPassword": PW, "ProposedPassword": "weak"}),
        "InvalidPasswordException",
    );
    h.err(
        "ChangePassword",
        json!({"AccessToken": access, "ProposedPassword": "NewPassw0rd!"}),
        "InvalidParameterException",
    );
    h.ok(
        "ChangePassword",
        json!({"AccessToken": access, "PreviousPassword": PW, "ProposedPassword": "NewPassw0rd!"}),
    );
    tokens(&h.password_auth("alice", "NewPassw0rd!").unwrap());
    h.err("ChangePassword", json!({"AccessToken": "garbage", "PreviousPassword": PW, "ProposedPassword": "NewPassw0rd!"}), "NotAuthorizedException");
}

#[test]
fn refresh_revoke_global_sign_out_and_expiry() {
    let mut h = H::from_json(
        json!({"id": "us-east-1_Tok", "clients": [{"id": "c1", "accessTokenValiditySeconds": 300, "idTokenValiditySeconds": 300, "refreshTokenValiditySeconds": 3600}]}),
    );
    h.client = "c1".into();
    h.confirmed_user("alice");
    let t = h.password_auth("alice", PW).unwrap();
    let t = tokens(&t).clone();
    assert_eq!(t["ExpiresIn"], 300);
    let access = t["AccessToken"].clone();
    let refresh = t["RefreshToken"].clone();
    let u = h.ok("GetUser", json!({"AccessToken": access}));
    assert_eq!(u["Username"], "alice");
    assert!(u["UserAttributes"].as_array().unwrap().iter().any(|a| a["Name"] == "sub"));
    h.advance(301);
    assert_eq!(
        h.err("GetUser", json!({"AccessToken": access}), "NotAuthorizedException"),
        "Access Token has expired"
    );
    let r = h.ok("InitiateAuth", json!({"ClientId": "c1", "AuthFlow": "REFRESH_TOKEN_AUTH", "AuthParameters": {"REFRESH_TOKEN": refresh}}));
    let rt = tokens(&r);
    assert!(rt.get("RefreshToken").is_none());
    assert_eq!(
        claims(rt["AccessToken"].as_str().unwrap())["origin_jti"],
        claims(access.as_str().unwrap())["origin_jti"]
    );
    h.ok("GetUser", json!({"AccessToken": rt["AccessToken"]}));
    let g = h.ok("GetTokensFromRefreshToken", json!({"ClientId": "c1", "RefreshToken": refresh}));
    let new_access = g["AuthenticationResult"]["AccessToken"].clone();
    h.err(
        "GetTokensFromRefreshToken",
        json!({"ClientId": "c1", "RefreshToken": "nope"}),
        "NotAuthorizedException",
    );
    h.err(
        "InitiateAuth",
        json!({"ClientId": "c1", "AuthFlow": "REFRESH_TOKEN", "AuthParameters": {}}),
        "InvalidParameterException",
    );
    // RevokeToken: refresh token and its access tokens die.
    h.err(
        "RevokeToken",
        json!({"ClientId": "c1", "Token": new_access}),
        "UnsupportedTokenTypeException",
    );
    h.ok("RevokeToken", json!({"ClientId": "c1", "Token": refresh}));
    assert_eq!(
        h.err("GetUser", json!({"AccessToken": new_access}), "NotAuthorizedException"),
        "Access Token has been revoked"
    );
    assert_eq!(
        h.err(
            "GetTokensFromRefreshToken",
            json!({"ClientId": "c1", "RefreshToken": refresh}),
            "NotAuthorizedException"
        ),
        "Refresh Token has been revoked"
    );
    // GlobalSignOut revokes every family.
    let a = tokens(&h.password_auth("alice", PW).unwrap()).clone();
    let b = tokens(&h.password_auth("alice", PW).unwrap()).clone();
    h.ok("GlobalSignOut", json!({"AccessToken": a["AccessToken"]}));
    h.err("GetUser", json!({"AccessToken": b["AccessToken"]}), "NotAuthorizedException");
    h.err(
        "GetTokensFromRefreshToken",
        json!({"ClientId": "c1", "RefreshToken": b["RefreshToken"]}),
        "NotAuthorizedException",
    );
    // Refresh token expiry.
    let c = tokens(&h.password_auth("alice", PW).unwrap()).clone();
    h.advance(3601);
    assert_eq!(
        h.err(
            "GetTokensFromRefreshToken",
            json!({"ClientId": "c1", "RefreshToken": c["RefreshToken"]}),
            "NotAuthorizedException"
        ),
        "Refresh Token has expired"
    );
    // Admin global sign-out.
    let d = tokens(&h.password_auth("alice", PW).unwrap()).clone();
    h.ok("AdminUserGlobalSignOut", json!({"UserPoolId": h.pool, "Username": "alice"}));
    h.err("GetUser", json!({"AccessToken": d["AccessToken"]}), "NotAuthorizedException");
}

#[test]
fn refresh_token_rotation() {
    let flows = json!(["USER_PASSWORD_AUTH", "USER_SRP_AUTH"]);
    let mut h = H::from_json(json!({"id": "us-east-1_Rot", "clients": [
        {"id": "r0", "explicitAuthFlows": flows, "refreshTokenValiditySeconds": 3600,
         "refreshTokenRotation": {"feature": "ENABLED"}},
        {"id": "r5", "explicitAuthFlows": flows, "refreshTokenRotation": {"feature": "ENABLED", "retryGracePeriodSeconds": 5}},
    ]}));
    h.client = "r0".into();
    h.confirmed_user("alice");
    let first = tokens(&h.password_auth("alice", PW).unwrap()).clone();
    let refresh = |h: &mut H, client: &str, token: &serde_json::Value| {
        h.call("GetTokensFromRefreshToken", json!({"ClientId": client, "RefreshToken": token}))
    };
    // Each refresh returns a new refresh token of the same family; no grace: the old one is
    // refused at once with RefreshTokenReuseException.
    h.advance(1800);
    let r1 = refresh(&mut h, "r0", &first["RefreshToken"]).unwrap()["AuthenticationResult"].clone();
    let rt1 = r1["RefreshToken"].clone();
    assert!(rt1.is_string() && rt1 != first["RefreshToken"]);
    assert_eq!(
        claims(r1["AccessToken"].as_str().unwrap())["origin_jti"],
        claims(first["AccessToken"].as_str().unwrap())["origin_jti"]
    );
    let e = refresh(&mut h, "r0", &first["RefreshToken"]).unwrap_err();
    assert_eq!(e.code, "RefreshTokenReuseException");
    // The new token has a fresh validity (a sliding window): 1800 + 1801 s after sign-in it
    // still works, where the first token's 3600 s would have run out.
    h.advance(1801);
    let rt2 = refresh(&mut h, "r0", &rt1).unwrap()["AuthenticationResult"]["RefreshToken"].clone();
    assert!(rt2.is_string() && rt2 != rt1);
    // REFRESH_TOKEN_AUTH is not an allowed flow on a rotating client.
    h.err("InitiateAuth", json!({"ClientId": "r0", "AuthFlow": "REFRESH_TOKEN_AUTH", "AuthParameters": {"REFRESH_TOKEN": rt2}}), "InvalidParameterException");
    // RevokeToken on the current token ends the family, rotated-out tokens included.
    h.ok("RevokeToken", json!({"ClientId": "r0", "Token": rt2}));
    assert_eq!(refresh(&mut h, "r0", &rt2).unwrap_err().code, "NotAuthorizedException");
    assert_eq!(refresh(&mut h, "r0", &rt1).unwrap_err().code, "NotAuthorizedException");

    // With a grace period the old token keeps working (a retry after a lost answer) until it ends.
    h.client = "r5".into();
    let t = tokens(&h.password_auth("alice", PW).unwrap()).clone();
    let a = refresh(&mut h, "r5", &t["RefreshToken"]).unwrap()["AuthenticationResult"]
        ["RefreshToken"]
        .clone();
    h.advance(4);
    let b = refresh(&mut h, "r5", &t["RefreshToken"]).unwrap()["AuthenticationResult"]
        ["RefreshToken"]
        .clone();
    assert!(b.is_string() && b != a);
    h.advance(1);
    assert_eq!(
        refresh(&mut h, "r5", &t["RefreshToken"]).unwrap_err().code,
        "RefreshTokenReuseException"
    );
    refresh(&mut h, "r5", &b).unwrap();

    // Settings Cognito refuses.
    for (bad, why) in [
        (json!({"refreshTokenRotation": {"feature": "ENABLED"}}), "REFRESH_TOKEN_AUTH"),
        (
            json!({"explicitAuthFlows": flows, "refreshTokenRotation": {"feature": "ENABLED", "retryGracePeriodSeconds": 61}}),
            "0 to 60",
        ),
        (json!({"refreshTokenRotation": {"feature": "ON"}}), "ENABLED or DISABLED"),
    ] {
        let cfg: local_cognito::config::PoolConfig =
            serde_json::from_value(json!({"clients": [bad]})).unwrap();
        let e = h.emu.add_pool(cfg, 0).unwrap_err();
        assert!(e.contains(why), "{e}");
    }
}

#[test]
fn attributes_update_and_verify() {
    let mut h = H::new();
    h.confirmed_user("alice");
    let access = tokens(&h.password_auth("alice", PW).unwrap())["AccessToken"].clone();
    let out = h.ok("UpdateUserAttributes", json!({"AccessToken": access, "UserAttributes": [{"Name": "email", "Value": "new@example.com"}, {"Name": "custom:team", "Value": "blue"}]}));
    assert_eq!(out["CodeDeliveryDetailsList"][0]["Destination"], "n***@e***");
    h.err("UpdateUserAttributes", json!({"AccessToken": access, "UserAttributes": [{"Name": "email_verified", "Value": "true"}]}), "InvalidParameterException");
    h.err(
        "UpdateUserAttributes",
        json!({"AccessToken": access, "UserAttributes": [{"Name": "bogus", "Value": "x"}]}),
        "InvalidParameterException",
    );
    let u = h.ok("GetUser", json!({"AccessToken": access}));
    let attr = |n: &str| {
        u["UserAttributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["Name"] == n)
            .map(|a| a["Value"].clone())
    };
    assert_eq!(attr("email_verified"), Some(json!("false")));
    assert_eq!(attr("custom:team"), Some(json!("blue")));
    let code = h.code("new@example.com", "VERIFY_ATTRIBUTE");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    h.err(
        "VerifyUserAttribute",
        json!({"AccessToken": access, "AttributeName": "email", "Code": wrong}),
        "CodeMismatchException",
    );
    h.ok(
        "VerifyUserAttribute",
        json!({"AccessToken": access, "AttributeName": "email", "Code": code}),
    );
    h.err(
        "VerifyUserAttribute",
        json!({"AccessToken": access, "AttributeName": "email", "Code": code}),
        "ExpiredCodeException",
    );
    let out = h.ok(
        "GetUserAttributeVerificationCode",
        json!({"AccessToken": access, "AttributeName": "email"}),
    );
    assert_eq!(out["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    h.err(
        "GetUserAttributeVerificationCode",
        json!({"AccessToken": access, "AttributeName": "phone_number"}),
        "InvalidParameterException",
    );
    h.ok(
        "DeleteUserAttributes",
        json!({"AccessToken": access, "UserAttributeNames": ["custom:team"]}),
    );
    let f = h.ok("GetUserAuthFactors", json!({"AccessToken": access}));
    assert_eq!(f["ConfiguredUserAuthFactors"], json!(["PASSWORD", "EMAIL_OTP"]));
    h.ok("DeleteUser", json!({"AccessToken": access}));
    h.err("GetUser", json!({"AccessToken": access}), "NotAuthorizedException");
    h.err(
        "AdminGetUser",
        json!({"UserPoolId": h.pool, "Username": "alice"}),
        "UserNotFoundException",
    );
}

#[test]
fn admin_actions() {
    let mut h = H::new();
    let p = h.pool.clone();
    h.err(
        "AdminGetUser",
        json!({"UserPoolId": "us-east-1_Nope", "Username": "x"}),
        "ResourceNotFoundException",
    );
    h.err("AdminGetUser", json!({"UserPoolId": p, "Username": "x"}), "UserNotFoundException");
    let out = h.ok("AdminCreateUser", json!({"UserPoolId": p, "Username": "ad", "UserAttributes": [{"Name": "email", "Value": "ad@example.com"}], "DesiredDeliveryMediums": ["EMAIL"]}));
    assert_eq!(out["User"]["Username"], "ad");
    assert!(out["User"]["UserCreateDate"].is_number());
    h.err("AdminCreateUser", json!({"UserPoolId": p, "Username": "ad"}), "UsernameExistsException");
    h.err(
        "AdminCreateUser",
        json!({"UserPoolId": p, "Username": "ad2", "TemporaryPassword": "weak"}),
        "InvalidPasswordException",
    );
    let first = h.code("ad", "INVITATION");
    h.ok("AdminCreateUser", json!({"UserPoolId": p, "Username": "ad", "MessageAction": "RESEND"}));
    let second = h.code("ad", "INVITATION");
    assert_eq!(h.emu.inbox(Some("ad"), None).len(), 2);
    assert!(h.password_auth("ad", &second).is_ok());
    if first != second {
        assert!(h.password_auth("ad", &first).is_err());
    }
    h.ok(
        "AdminSetUserPassword",
        json!({"UserPoolId": p, "Username": "ad", "Password": PW, "Permanent": true}),
    );
    assert_eq!(
        h.ok("AdminGetUser", json!({"UserPoolId": p, "Username": "ad"}))["UserStatus"],
        "CONFIRMED"
    );
    h.err(
        "AdminCreateUser",
        json!({"UserPoolId": p, "Username": "ad", "MessageAction": "RESEND"}),
        "UnsupportedUserStateException",
    );
    h.ok("AdminUpdateUserAttributes", json!({"UserPoolId": p, "Username": "ad", "UserAttributes": [{"Name": "email_verified", "Value": "true"}, {"Name": "name", "Value": "Ad"}]}));
    let u = h.ok("AdminGetUser", json!({"UserPoolId": p, "Username": "ad"}));
    assert!(u["UserAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["Name"] == "name" && a["Value"] == "Ad"));
    h.sign_up("un", "un@example.com");
    h.ok("AdminConfirmSignUp", json!({"UserPoolId": p, "Username": "un"}));
    h.err(
        "AdminConfirmSignUp",
        json!({"UserPoolId": p, "Username": "un"}),
        "NotAuthorizedException",
    );
    let l = h.ok("ListUsers", json!({"UserPoolId": p, "Filter": "email = \"un@example.com\""}));
    assert_eq!(l["Users"].as_array().unwrap().len(), 1);
    assert_eq!(h.ok("ListUsers", json!({"UserPoolId": p}))["Users"].as_array().unwrap().len(), 2);
    h.ok(
        "AdminSetUserPassword",
        json!({"UserPoolId": p, "Username": "un", "Password": "Other#Pass1"}),
    );
    assert_eq!(
        h.ok("AdminGetUser", json!({"UserPoolId": p, "Username": "un"}))["UserStatus"],
        "FORCE_CHANGE_PASSWORD"
    );
    assert_eq!(
        h.password_auth("un", "Other#Pass1").unwrap()["ChallengeName"],
        "NEW_PASSWORD_REQUIRED"
    );
    h.ok("AdminDeleteUser", json!({"UserPoolId": p, "Username": "un"}));
    h.err("AdminDeleteUser", json!({"UserPoolId": p, "Username": "un"}), "UserNotFoundException");
}

#[test]
fn seeded_users_and_add_pool() {
    let mut h = H::from_json(json!({"id": "us-east-1_Seed", "clients": [{"id": "c1"}], "users": [
        {"username": "seed", "password": "Passw0rd!", "attributes": {"email": "seed@example.com", "email_verified": "true"}}]}));
    h.client = "c1".into();
    tokens(&h.srp_sign_in("seed", PW).unwrap());
    let info = h
        .emu
        .add_pool(
            serde_json::from_value(json!({"clients": [{"generateSecret": true}]})).unwrap(),
            h.now,
        )
        .unwrap();
    assert!(info.user_pool_id.starts_with("us-east-1_"));
    assert_eq!(info.user_pool_client_id.len(), 26);
    assert!(info.client_secret.is_some());
    assert!(h
        .emu
        .add_pool(serde_json::from_value(json!({"id": "us-east-1_Seed"})).unwrap(), h.now)
        .is_err());
}

#[test]
fn admin_initiate_auth_and_respond() {
    let mut h = H::from_json(
        json!({"id": "us-east-1_Adm", "mfa": "OPTIONAL", "clients": [{"id": "c1", "explicitAuthFlows": ["USER_SRP_AUTH", "REFRESH_TOKEN_AUTH"]}]}),
    );
    h.client = "c1".into();
    h.confirmed_user("ada");
    let p = h.pool.clone();
    let out = h.ok("AdminInitiateAuth", json!({"UserPoolId": p, "ClientId": "c1", "AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "ada", "PASSWORD": PW}}));
    tokens(&out);
    h.err("AdminInitiateAuth", json!({"UserPoolId": p, "ClientId": "c1", "AuthFlow": "ADMIN_NO_SRP_AUTH", "AuthParameters": {"USERNAME": "ada", "PASSWORD": "Wrong#Pass1"}}), "NotAuthorizedException");
    h.err("AdminInitiateAuth", json!({"UserPoolId": p, "ClientId": "c1", "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "ada", "PASSWORD": PW}}), "InvalidParameterException");
    h.err("AdminInitiateAuth", json!({"UserPoolId": "us-east-1_LocalPool1", "ClientId": "c1", "AuthFlow": "ADMIN_NO_SRP_AUTH", "AuthParameters": {}}), "ResourceNotFoundException");
    h.ok("AdminSetUserMFAPreference", json!({"UserPoolId": p, "Username": "ada", "EmailMfaSettings": {"Enabled": true, "PreferredMfa": true}}));
    let ch = h.ok("AdminInitiateAuth", json!({"UserPoolId": p, "ClientId": "c1", "AuthFlow": "ADMIN_NO_SRP_AUTH", "AuthParameters": {"USERNAME": "ada", "PASSWORD": PW}}));
    assert_eq!(ch["ChallengeName"], "EMAIL_OTP");
    let code = h.code("ada", "MFA");
    let out = h.ok("AdminRespondToAuthChallenge", json!({"UserPoolId": p, "ClientId": "c1", "ChallengeName": "EMAIL_OTP", "Session": ch["Session"], "ChallengeResponses": {"USERNAME": "ada", "EMAIL_OTP_CODE": code}}));
    tokens(&out);
}
