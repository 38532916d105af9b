//! The control plane in Cognito's shapes: pools and clients made by CreateUserPool /
//! CreateUserPoolClient behave as their settings say, Describe returns them, Update resets
//! what it leaves out, Delete forgets everything, List pages.

mod common;
use common::*;
use serde_json::{json, Value};

/// An emulator whose current pool and client are made through the control plane.
fn api_pool(pool: Value, client: Value) -> H {
    let mut h = H::new();
    let mut req = json!({"PoolName": "app", "AutoVerifiedAttributes": ["email"]});
    merge(&mut req, pool);
    let p = h.ok("CreateUserPool", req);
    h.pool = p["UserPool"]["Id"].as_str().unwrap().to_string();
    let mut req = json!({"UserPoolId": h.pool, "ClientName": "web"});
    merge(&mut req, client);
    let c = h.ok("CreateUserPoolClient", req);
    h.client = c["UserPoolClient"]["ClientId"].as_str().unwrap().to_string();
    h
}

fn merge(into: &mut Value, from: Value) {
    if let (Value::Object(a), Value::Object(b)) = (into, from) {
        a.extend(b);
    }
}

fn all_flows() -> Value {
    json!({"ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH"]})
}

#[test]
fn created_pool_and_client_sign_users_up_and_in() {
    let mut h = api_pool(json!({"AutoVerifiedAttributes": ["email"]}), all_flows());
    h.confirmed_user("alice");
    let t = h.password_auth("alice", PW).unwrap();
    let access = claims(tokens(&t)["AccessToken"].as_str().unwrap());
    assert_eq!(access["client_id"], h.client.as_str());
    assert!(access["iss"].as_str().unwrap().ends_with(&h.pool));
    h.srp_sign_in("alice", PW).unwrap();
}

#[test]
fn describe_returns_what_create_set() {
    let mut h = api_pool(
        json!({
            "Policies": {"PasswordPolicy": {"MinimumLength": 12, "RequireNumbers": true,
                "TemporaryPasswordValidityDays": 3},
                "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}},
            "UsernameAttributes": ["email"],
            "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": true},
            "DeletionProtection": "ACTIVE",
            "LambdaConfig": {"PreSignUp": "arn:aws:lambda:us-east-1:000000000000:function:f"},
            "UserPoolTags": {"team": "auth"},
        }),
        json!({
            "GenerateSecret": true,
            "AccessTokenValidity": 15, "IdTokenValidity": 2, "RefreshTokenValidity": 7,
            "TokenValidityUnits": {"AccessToken": "minutes"},
            "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid", "email"],
            "AllowedOAuthFlowsUserPoolClient": true,
            "CallbackURLs": ["https://app.example.com/cb", "http://localhost:3000/"],
            "LogoutURLs": ["https://app.example.com/out"],
            "SupportedIdentityProviders": ["COGNITO"],
            "PreventUserExistenceErrors": "ENABLED",
            "RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 10},
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"],
            "AuthSessionValidity": 5,
        }),
    );
    let pool = h.ok("DescribeUserPool", json!({"UserPoolId": h.pool}))["UserPool"].clone();
    assert_eq!(pool["Id"], h.pool.as_str());
    assert_eq!(pool["Name"], "app");
    let pp = &pool["Policies"]["PasswordPolicy"];
    assert_eq!(pp["MinimumLength"], 12);
    assert_eq!(pp["RequireNumbers"], true);
    assert_eq!(pp["RequireSymbols"], false);
    assert_eq!(pp["TemporaryPasswordValidityDays"], 3);
    assert_eq!(
        pool["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"],
        json!(["PASSWORD", "EMAIL_OTP"])
    );
    assert_eq!(pool["UsernameAttributes"], json!(["email"]));
    assert_eq!(pool["DeviceConfiguration"]["ChallengeRequiredOnNewDevice"], true);
    assert_eq!(pool["DeviceConfiguration"]["DeviceOnlyRememberedOnUserPrompt"], false);
    assert_eq!(pool["DeletionProtection"], "ACTIVE");
    assert_eq!(pool["MfaConfiguration"], "OFF");
    assert_eq!(pool["UserPoolTags"], json!({"team": "auth"}));
    assert!(pool["LambdaConfig"]["PreSignUp"].is_string());
    assert!(pool["CreationDate"].is_number());
    assert!(pool.get("UsernameConfiguration").is_none(), "case sensitive by default: {pool}");

    let d = h.ok("DescribeUserPoolClient", json!({"UserPoolId": h.pool, "ClientId": h.client}));
    let c = &d["UserPoolClient"];
    assert_eq!(c["ClientName"], "web");
    assert_eq!(c["ClientSecret"].as_str().unwrap().len(), 51);
    assert_eq!(c["AccessTokenValidity"], 15);
    assert_eq!(c["IdTokenValidity"], 2);
    assert_eq!(c["RefreshTokenValidity"], 7);
    assert_eq!(
        c["TokenValidityUnits"],
        json!({"AccessToken": "minutes", "IdToken": "hours", "RefreshToken": "days"})
    );
    assert_eq!(c["AllowedOAuthFlows"], json!(["code"]));
    assert_eq!(c["AllowedOAuthScopes"], json!(["openid", "email"]));
    assert_eq!(c["CallbackURLs"][1], "http://localhost:3000/");
    assert_eq!(c["LogoutURLs"], json!(["https://app.example.com/out"]));
    assert_eq!(c["SupportedIdentityProviders"], json!(["COGNITO"]));
    assert_eq!(c["PreventUserExistenceErrors"], "ENABLED");
    assert_eq!(c["RefreshTokenRotation"]["RetryGracePeriodSeconds"], 10);
    assert_eq!(c["AuthSessionValidity"], 5);
    assert_eq!(c["ExplicitAuthFlows"], json!(["ALLOW_USER_SRP_AUTH"]));
}

#[test]
fn pool_settings_drive_behaviour() {
    let mut h = api_pool(
        json!({"Policies": {"PasswordPolicy": {"MinimumLength": 12}}, "UsernameAttributes": ["email"]}),
        all_flows(),
    );
    let c = h.client.clone();
    // Password policy from Policies.PasswordPolicy.
    h.err(
        "SignUp",
        json!({"ClientId": c, "Username": "bob@example.com", "Password": "Short1!"}),
        "InvalidPasswordException",
    );
    // UsernameAttributes: sign up with an email, sign in with it.
    h.ok(
        "SignUp",
        json!({"ClientId": c, "Username": "bob@example.com", "Password": "long-enough-pw"}),
    );
    let code = h.code("bob@example.com", "SIGN_UP");
    h.ok(
        "ConfirmSignUp",
        json!({"ClientId": c, "Username": "bob@example.com", "ConfirmationCode": code}),
    );
    h.password_auth("bob@example.com", "long-enough-pw").unwrap();
    // No UsernameConfiguration: case sensitive, as Cognito's API default.
    h.password_auth("BOB@example.com", "long-enough-pw").unwrap_err();
}

#[test]
fn case_insensitive_pool_and_default_client_flows() {
    let mut h = api_pool(json!({"UsernameConfiguration": {"CaseSensitive": false}}), json!({}));
    let c = h.client.clone();
    h.ok(
        "SignUp",
        json!({"ClientId": c, "Username": "Carol", "Password": PW,
            "UserAttributes": [{"Name": "email", "Value": "carol@example.com"}]}),
    );
    let code = h.code("Carol", "SIGN_UP");
    h.ok("ConfirmSignUp", json!({"ClientId": c, "Username": "carol", "ConfirmationCode": code}));
    // Default ExplicitAuthFlows: SRP, custom, refresh; not USER_PASSWORD_AUTH.
    let e = h.password_auth("carol", PW).unwrap_err();
    assert_eq!(e.code, "InvalidParameterException", "{e:?}");
    h.srp_sign_in("CAROL", PW).unwrap();
    let d = h.ok("DescribeUserPool", json!({"UserPoolId": h.pool}));
    assert_eq!(d["UserPool"]["UsernameConfiguration"]["CaseSensitive"], false);
}

#[test]
fn sign_in_policy_limits_user_auth_choices() {
    let mut h = api_pool(json!({"AutoVerifiedAttributes": ["email"]}), all_flows());
    h.confirmed_user("dan");
    let c = h.client.clone();
    let start =
        json!({"ClientId": c, "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "dan"}});
    let r = h.ok("InitiateAuth", start.clone());
    assert_eq!(r["AvailableChallenges"], json!(["PASSWORD", "PASSWORD_SRP"]), "{r}");
    let pool = h.pool.clone();
    h.ok(
        "UpdateUserPool",
        json!({"UserPoolId": pool, "AutoVerifiedAttributes": ["email"],
        "Policies": {"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}}}),
    );
    let r = h.ok("InitiateAuth", start);
    assert_eq!(r["AvailableChallenges"], json!(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]), "{r}");
}

#[test]
fn token_validity_in_units_reaches_the_tokens() {
    let mut h = api_pool(
        json!({}),
        json!({"ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"], "AccessTokenValidity": 10,
            "IdTokenValidity": 2, "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "hours"}}),
    );
    h.confirmed_user("erin");
    let t = h.password_auth("erin", PW).unwrap();
    let t = tokens(&t);
    assert_eq!(t["ExpiresIn"], 600);
    let access = claims(t["AccessToken"].as_str().unwrap());
    let id = claims(t["IdToken"].as_str().unwrap());
    assert_eq!(access["exp"].as_u64().unwrap() - access["iat"].as_u64().unwrap(), 600);
    assert_eq!(id["exp"].as_u64().unwrap() - id["iat"].as_u64().unwrap(), 7200);
}

#[test]
fn update_resets_what_it_leaves_out_and_keeps_immutables() {
    let mut h = api_pool(
        json!({"Policies": {"PasswordPolicy": {"MinimumLength": 20}}, "AliasAttributes": ["email"],
            "MfaConfiguration": "OPTIONAL"}),
        json!({"ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"], "AccessTokenValidity": 2}),
    );
    let (pool, client) = (h.pool.clone(), h.client.clone());
    h.ok("UpdateUserPool", json!({"UserPoolId": pool, "PoolName": "renamed"}));
    let p = h.ok("DescribeUserPool", json!({"UserPoolId": pool}))["UserPool"].clone();
    assert_eq!(p["Name"], "renamed");
    assert_eq!(p["Policies"]["PasswordPolicy"]["MinimumLength"], 8);
    assert_eq!(p["MfaConfiguration"], "OFF");
    assert_eq!(p["AliasAttributes"], json!(["email"]));
    h.ok(
        "UpdateUserPoolClient",
        json!({"UserPoolId": pool, "ClientId": client, "ClientName": "web2"}),
    );
    let c = h.ok("DescribeUserPoolClient", json!({"UserPoolId": pool, "ClientId": client}));
    let c = &c["UserPoolClient"];
    assert_eq!(c["ClientName"], "web2");
    assert_eq!(c["AccessTokenValidity"], 1);
    assert_eq!(
        c["ExplicitAuthFlows"],
        json!(["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"])
    );
    // The reset policy (8 characters) accepts PW; the reset flows refuse USER_PASSWORD_AUTH.
    h.ok(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "fay", "MessageAction": "SUPPRESS"}),
    );
    h.ok(
        "AdminSetUserPassword",
        json!({"UserPoolId": pool, "Username": "fay", "Password": PW, "Permanent": true}),
    );
    assert_eq!(h.password_auth("fay", PW).unwrap_err().code, "InvalidParameterException");
    h.srp_sign_in("fay", PW).unwrap();
}

#[test]
fn deleting_a_client_or_pool_forgets_it_and_its_tokens() {
    let mut h = api_pool(json!({}), all_flows());
    h.confirmed_user("gus");
    let t = h.password_auth("gus", PW).unwrap();
    let refresh = tokens(&t)["RefreshToken"].as_str().unwrap().to_string();
    let access = tokens(&t)["AccessToken"].as_str().unwrap().to_string();
    let session = h.ok(
        "InitiateAuth",
        json!({"ClientId": h.client, "AuthFlow": "USER_AUTH",
        "AuthParameters": {"USERNAME": "gus"}}),
    )["Session"]
        .clone();
    let (pool, client) = (h.pool.clone(), h.client.clone());
    h.ok("DeleteUserPoolClient", json!({"UserPoolId": pool, "ClientId": client}));
    h.err(
        "DescribeUserPoolClient",
        json!({"UserPoolId": pool, "ClientId": client}),
        "ResourceNotFoundException",
    );
    h.err(
        "InitiateAuth",
        json!({"ClientId": client, "AuthFlow": "REFRESH_TOKEN_AUTH",
        "AuthParameters": {"REFRESH_TOKEN": refresh}}),
        "ResourceNotFoundException",
    );
    h.err("GetUser", json!({"AccessToken": access}), "NotAuthorizedException");
    h.err(
        "RespondToAuthChallenge",
        json!({"ClientId": client, "ChallengeName": "SELECT_CHALLENGE",
        "Session": session, "ChallengeResponses": {"USERNAME": "gus", "ANSWER": "PASSWORD"}}),
        "ResourceNotFoundException",
    );
    h.ok("DeleteUserPool", json!({"UserPoolId": pool}));
    h.err("DescribeUserPool", json!({"UserPoolId": pool}), "ResourceNotFoundException");
    h.err(
        "AdminGetUser",
        json!({"UserPoolId": pool, "Username": "gus"}),
        "ResourceNotFoundException",
    );
}

#[test]
fn deletion_protection_blocks_delete_until_updated() {
    let mut h = api_pool(json!({"DeletionProtection": "ACTIVE"}), json!({}));
    let pool = h.pool.clone();
    let m = h.err("DeleteUserPool", json!({"UserPoolId": pool}), "InvalidParameterException");
    assert!(m.contains("deletion protection"), "{m}");
    h.ok("UpdateUserPool", json!({"UserPoolId": pool, "DeletionProtection": "INACTIVE"}));
    h.ok("DeleteUserPool", json!({"UserPoolId": pool}));
}

#[test]
fn list_calls_page_with_next_token() {
    let mut h = H::new();
    for i in 0..5 {
        h.ok("CreateUserPool", json!({"PoolName": format!("p{i}")}));
    }
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..10 {
        let mut req = json!({"MaxResults": 2});
        if let Some(t) = &token {
            req["NextToken"] = json!(t);
        }
        let page = h.ok("ListUserPools", req);
        let ids: Vec<String> = page["UserPools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["Id"].as_str().unwrap().to_string())
            .collect();
        assert!(ids.len() <= 2);
        seen.extend(ids);
        match page.get("NextToken").and_then(Value::as_str) {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 6, "5 created + the configured one: {seen:?}");
    let mut dedup = seen.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(dedup.len(), 6);
    h.err(
        "ListUserPools",
        json!({"MaxResults": 2, "NextToken": "!!"}),
        "InvalidParameterException",
    );
    h.err("ListUserPools", json!({}), "InvalidParameterException");
    h.err("ListUserPools", json!({"MaxResults": 61}), "InvalidParameterException");

    let pool = h.pool.clone();
    for i in 0..3 {
        h.ok("CreateUserPoolClient", json!({"UserPoolId": pool, "ClientName": format!("c{i}")}));
    }
    let p1 = h.ok("ListUserPoolClients", json!({"UserPoolId": pool, "MaxResults": 3}));
    assert_eq!(p1["UserPoolClients"].as_array().unwrap().len(), 3);
    let p2 = h.ok(
        "ListUserPoolClients",
        json!({"UserPoolId": pool, "MaxResults": 3, "NextToken": p1["NextToken"]}),
    );
    assert_eq!(p2["UserPoolClients"].as_array().unwrap().len(), 1);
    assert!(p2.get("NextToken").is_none());
    assert_eq!(p2["UserPoolClients"][0]["UserPoolId"], pool.as_str());
}

#[test]
fn bad_requests_get_cognito_errors() {
    let mut h = H::new();
    let pool = h.pool.clone();
    h.err("DescribeUserPool", json!({"UserPoolId": "us-east-1_nope"}), "ResourceNotFoundException");
    h.err("DescribeUserPool", json!({}), "InvalidParameterException");
    h.err("CreateUserPool", json!({}), "InvalidParameterException");
    h.err("CreateUserPool", json!({"PoolName": "bad/name"}), "InvalidParameterException");
    h.err("CreateUserPool", json!({"PoolName": 7}), "SerializationException");
    h.err(
        "CreateUserPool",
        json!({"PoolName": "a", "AliasAttributes": ["email"], "UsernameAttributes": ["email"]}),
        "InvalidParameterException",
    );
    h.err(
        "CreateUserPool",
        json!({"PoolName": "a", "Policies": {"PasswordPolicy": {"MinimumLength": 5}}}),
        "InvalidParameterException",
    );
    h.err("CreateUserPool", json!({"PoolName": "a", "Policies": {"SignInPolicy": {"AllowedFirstAuthFactors": ["EMAIL_OTP"]}}}), "InvalidParameterException");
    h.err(
        "CreateUserPool",
        json!({"PoolName": "a", "MfaConfiguration": "SOMETIMES"}),
        "InvalidParameterException",
    );
    let client = |extra: Value| {
        let mut r = json!({"UserPoolId": pool, "ClientName": "c"});
        merge(&mut r, extra);
        r
    };
    h.err(
        "CreateUserPoolClient",
        client(json!({"AccessTokenValidity": 4, "TokenValidityUnits": {"AccessToken": "minutes"}})),
        "InvalidParameterException",
    );
    h.err(
        "CreateUserPoolClient",
        client(json!({"AccessTokenValidity": 25})),
        "InvalidParameterException",
    );
    h.err(
        "CreateUserPoolClient",
        client(json!({"RefreshTokenValidity": 3651})),
        "InvalidParameterException",
    );
    h.err(
        "CreateUserPoolClient",
        client(json!({"AccessTokenValidity": -1})),
        "InvalidParameterException",
    );
    h.err(
        "CreateUserPoolClient",
        client(json!({"AccessTokenValidity": 1e300})),
        "SerializationException",
    );
    h.err(
        "CreateUserPoolClient",
        client(json!({"AuthSessionValidity": 16})),
        "InvalidParameterException",
    );
    h.err(
        "CreateUserPoolClient",
        client(json!({"ExplicitAuthFlows": ["USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"]})),
        "InvalidParameterException",
    );
    h.err(
        "CreateUserPoolClient",
        client(json!({"ExplicitAuthFlows": ["ALLOW_EVERYTHING"]})),
        "InvalidParameterException",
    );
    h.err(
        "CreateUserPoolClient",
        client(json!({"AllowedOAuthScopes": ["api/read"]})),
        "ScopeDoesNotExistException",
    );
    h.err(
        "CreateUserPoolClient",
        client(json!({"CallbackURLs": ["http://app.example.com/"]})),
        "InvalidParameterException",
    );
    h.err("CreateUserPoolClient", client(json!({"AllowedOAuthFlows": ["client_credentials"], "AllowedOAuthScopes": ["openid"], "AllowedOAuthFlowsUserPoolClient": true})), "InvalidOAuthFlowException");
    h.err(
        "CreateUserPoolClient",
        client(json!({"RefreshTokenRotation": {"Feature": "ENABLED"}})),
        "InvalidParameterException",
    );
    h.err(
        "CreateUserPoolClient",
        json!({"UserPoolId": "us-east-1_nope", "ClientName": "c"}),
        "ResourceNotFoundException",
    );
    h.err(
        "DescribeUserPoolClient",
        json!({"UserPoolId": pool, "ClientId": "nope"}),
        "ResourceNotFoundException",
    );
    h.err("CreateUserPoolTypo", json!({}), "UnknownOperationException");
}

#[test]
fn configured_pools_describe_in_the_same_shapes() {
    let mut h = H::new();
    let (pool, client) = (h.pool.clone(), h.client.clone());
    let p = h.ok("DescribeUserPool", json!({"UserPoolId": pool}))["UserPool"].clone();
    assert_eq!(p["Id"], pool.as_str());
    assert_eq!(
        p["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"],
        json!(["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"])
    );
    assert_eq!(p["UsernameConfiguration"]["CaseSensitive"], false);
    let c = h.ok("DescribeUserPoolClient", json!({"UserPoolId": pool, "ClientId": client}));
    assert_eq!(c["UserPoolClient"]["AccessTokenValidity"], 1);
    assert_eq!(c["UserPoolClient"]["PreventUserExistenceErrors"], "ENABLED");
    let l = h.ok("ListUserPoolClients", json!({"UserPoolId": pool}));
    assert_eq!(l["UserPoolClients"][0]["ClientId"], client.as_str());
}

#[test]
fn mfa_config_sets_types_mode_and_relying_party() {
    let mut h = api_pool(json!({}), all_flows());
    let pool = h.pool.clone();
    h.err(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": pool, "MfaConfiguration": "ON"}),
        "InvalidParameterException",
    );
    let r = h.ok("SetUserPoolMfaConfig", json!({"UserPoolId": pool, "MfaConfiguration": "ON",
        "SoftwareTokenMfaConfiguration": {"Enabled": true},
        "WebAuthnConfiguration": {"RelyingPartyId": "app.example.com", "UserVerification": "required"}}));
    assert_eq!(r["MfaConfiguration"], "ON");
    assert!(r.get("SmsMfaConfiguration").is_none());
    let g = h.ok("GetUserPoolMfaConfig", json!({"UserPoolId": pool}));
    assert_eq!(g, r);
    assert_eq!(g["WebAuthnConfiguration"]["RelyingPartyId"], "app.example.com");
    h.confirmed_user("hal");
    let r = h.password_auth("hal", PW).unwrap();
    assert_eq!(r["ChallengeName"], "MFA_SETUP");
    assert_eq!(r["ChallengeParameters"]["MFAS_CAN_SETUP"], "[\"SOFTWARE_TOKEN_MFA\"]", "{r}");
}

#[test]
fn admin_create_user_only_pools_refuse_sign_up() {
    let mut h =
        api_pool(json!({"AdminCreateUserConfig": {"AllowAdminCreateUserOnly": true}}), all_flows());
    let c = h.client.clone();
    let m = h.err(
        "SignUp",
        json!({"ClientId": c, "Username": "ivy", "Password": PW}),
        "NotAuthorizedException",
    );
    assert!(m.contains("SignUp is not permitted"), "{m}");
    let p = h.ok("DescribeUserPool", json!({"UserPoolId": h.pool}));
    assert_eq!(p["UserPool"]["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"], true);
    let pool = h.pool.clone();
    h.ok("UpdateUserPool", json!({"UserPoolId": pool}));
    h.ok("SignUp", json!({"ClientId": c, "Username": "ivy", "Password": PW}));
}

#[test]
fn config_file_fields_reach_the_control_plane() {
    let mut h = H::from_json(json!({
        "id": "us-east-1_Config1",
        "deletionProtection": true,
        "allowAdminCreateUserOnly": true,
        "deviceConfiguration": {"challengeRequiredOnNewDevice": true},
        "stored": {"UserPoolTags": {"env": "dev"}},
        "clients": [{"id": "configclient", "accessTokenValiditySeconds": 900,
            "tokenValidityUnits": {"accessToken": "minutes"},
            "allowedOAuthFlows": ["code"], "callbackURLs": ["http://localhost:5173/"]}],
    }));
    let p =
        h.ok("DescribeUserPool", json!({"UserPoolId": "us-east-1_Config1"}))["UserPool"].clone();
    assert_eq!(p["DeletionProtection"], "ACTIVE");
    assert_eq!(p["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"], true);
    assert_eq!(p["DeviceConfiguration"]["ChallengeRequiredOnNewDevice"], true);
    assert_eq!(p["UserPoolTags"]["env"], "dev");
    h.err(
        "DeleteUserPool",
        json!({"UserPoolId": "us-east-1_Config1"}),
        "InvalidParameterException",
    );
    let c = h.ok(
        "DescribeUserPoolClient",
        json!({"UserPoolId": "us-east-1_Config1", "ClientId": "configclient"}),
    );
    assert_eq!(c["UserPoolClient"]["AccessTokenValidity"], 15);
    assert_eq!(c["UserPoolClient"]["TokenValidityUnits"]["AccessToken"], "minutes");
    assert_eq!(c["UserPoolClient"]["CallbackURLs"], json!(["http://localhost:5173/"]));
}

#[test]
fn configured_durations_are_range_checked() {
    use local_cognito::{EmulatorConfig, PoolConfig};
    for pool in [
        json!({"codeValiditySeconds": 18_446_744_073_709_551_615u64}),
        json!({"passwordPolicy": {"temporaryPasswordValidityDays": 10_000_000_000_000u64}}),
        json!({"clients": [{"refreshTokenValiditySeconds": 18_446_744_073_709_551_615u64}]}),
        json!({"clients": [{"accessTokenValiditySeconds": 0}]}),
        json!({"clients": [{"authSessionValidityMinutes": 9_000_000_000_000_000u64}]}),
    ] {
        let p: PoolConfig = serde_json::from_value(pool.clone()).unwrap();
        let cfg = EmulatorConfig { pools: vec![p.clone()], ..Default::default() };
        assert!(local_cognito::Emulator::new(cfg).is_err(), "accepted {pool}");
        let mut h = H::new();
        assert!(h.emu.add_pool(p, h.now).is_err(), "add_pool accepted {pool}");
        h.confirmed_user("jo");
        h.password_auth("jo", PW).unwrap();
    }
}

#[test]
fn a_bad_client_secret_is_not_echoed() {
    let mut h = H::new();
    let pool = h.pool.clone();
    for secret in ["tooshort-secret", "has spaces in it but long enough 123"] {
        let m = h.err(
            "CreateUserPoolClient",
            json!({"UserPoolId": pool, "ClientName": "c", "ClientSecret": secret}),
            "InvalidParameterException",
        );
        assert!(!m.contains(secret), "{m}");
    }
}
