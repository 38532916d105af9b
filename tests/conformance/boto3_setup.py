"""A setup script as a team would write it for Amazon Cognito, run against local-cognito.

    python boto3_setup.py ENDPOINT_URL

Only boto3's Cognito client with endpoint_url: create a pool and an app client, describe and
list them, sign a user up (SignUp + AdminConfirmSignUp) and create one (AdminCreateUser +
AdminSetUserPassword), sign both in with USER_PASSWORD_AUTH, refresh, then delete the client
and the pool. Prints "ok" last; any failure raises.
"""
import sys

import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
idp = boto3.client(
    "cognito-idp",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="local",
    aws_secret_access_key="local",
)

pool = idp.create_user_pool(
    PoolName="boto3-app",
    Policies={"PasswordPolicy": {"MinimumLength": 10, "RequireNumbers": True}},
    AutoVerifiedAttributes=["email"],
    UsernameAttributes=["email"],
    UsernameConfiguration={"CaseSensitive": False},
    Schema=[{"Name": "email", "AttributeDataType": "String", "Required": True}],
)["UserPool"]
pool_id = pool["Id"]
assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 10, pool

client = idp.create_user_pool_client(
    UserPoolId=pool_id,
    ClientName="web",
    ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    AccessTokenValidity=30,
    TokenValidityUnits={"AccessToken": "minutes"},
    PreventUserExistenceErrors="ENABLED",
)["UserPoolClient"]
client_id = client["ClientId"]

described = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
assert described["AccessTokenValidity"] == 30 and described["TokenValidityUnits"]["AccessToken"] == "minutes", described
assert described["CreationDate"].year >= 2020, described  # parsed by botocore as a timestamp
assert any(p["Id"] == pool_id for p in idp.list_user_pools(MaxResults=60)["UserPools"])
paginator = idp.get_paginator("list_user_pool_clients")
ids = [c["ClientId"] for page in paginator.paginate(UserPoolId=pool_id, PaginationConfig={"PageSize": 1}) for c in page["UserPoolClients"]]
assert ids == [client_id], ids

# A required attribute (Schema) and the password policy are enforced.
try:
    idp.sign_up(ClientId=client_id, Username="ann@example.com", Password="Short1")
    raise AssertionError("sign_up with a short password succeeded")
except ClientError as e:
    assert e.response["Error"]["Code"] == "InvalidPasswordException", e.response

idp.sign_up(
    ClientId=client_id,
    Username="ann@example.com",
    Password="long-password-1",
    UserAttributes=[{"Name": "email", "Value": "ann@example.com"}],
)
idp.admin_confirm_sign_up(UserPoolId=pool_id, Username="ann@example.com")

idp.admin_create_user(
    UserPoolId=pool_id,
    Username="ben@example.com",
    TemporaryPassword="temporary-pw-1",
    UserAttributes=[{"Name": "email", "Value": "ben@example.com"}, {"Name": "email_verified", "Value": "true"}],
    MessageAction="SUPPRESS",
)
idp.admin_set_user_password(UserPoolId=pool_id, Username="ben@example.com", Password="long-password-2", Permanent=True)

for username, password in [("ANN@example.com", "long-password-1"), ("ben@example.com", "long-password-2")]:
    auth = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password},
    )["AuthenticationResult"]
    assert auth["ExpiresIn"] == 1800, auth
    me = idp.get_user(AccessToken=auth["AccessToken"])
    assert {a["Name"]: a["Value"] for a in me["UserAttributes"]}["email"] == username.lower(), me
    refreshed = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": auth["RefreshToken"]},
    )["AuthenticationResult"]
    assert refreshed["AccessToken"], refreshed

idp.delete_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
idp.delete_user_pool(UserPoolId=pool_id)
try:
    idp.describe_user_pool(UserPoolId=pool_id)
    raise AssertionError("deleted pool still described")
except idp.exceptions.ResourceNotFoundException:
    pass
print("ok")
