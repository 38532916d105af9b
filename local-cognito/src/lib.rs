//! Local Cognito.
