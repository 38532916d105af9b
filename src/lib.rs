//! A browser client for Amazon Cognito user pools, compiled to WebAssembly.
