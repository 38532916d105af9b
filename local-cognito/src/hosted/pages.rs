//! The hosted UI's HTML: plain, accessible pages (labelled fields, errors announced with
//! `role="alert"`), no JavaScript. Every value written into a page is escaped.

use super::AuthRequest;

/// HTML-escape text and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#16191f}\
label{display:block;margin-top:1rem;font-weight:600}\
input{display:block;width:100%;box-sizing:border-box;padding:.5rem;margin-top:.25rem;font-size:1rem}\
button,.provider{display:block;width:100%;box-sizing:border-box;margin-top:1.25rem;padding:.6rem;font-size:1rem;text-align:center}\
.provider{border:1px solid #545b64;color:#16191f;text-decoration:none;margin-top:.75rem}\
[role=alert]{color:#b3261e;font-weight:600}.note{color:#545b64;font-size:.9rem}";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{} - local-cognito</title><style>{STYLE}</style></head><body><main>{body}</main></body></html>",
        esc(title)
    )
}

fn hidden(req: &AuthRequest, csrf: &str) -> String {
    let mut out = String::new();
    for (k, v) in req.params() {
        out.push_str(&format!("<input type=\"hidden\" name=\"{k}\" value=\"{}\">", esc(&v)));
    }
    out.push_str(&format!("<input type=\"hidden\" name=\"_csrf\" value=\"{}\">", esc(csrf)));
    out
}

fn alert(error: Option<&str>) -> String {
    match error {
        Some(e) => format!("<p role=\"alert\" id=\"error\">{}</p>", esc(e)),
        None => String::new(),
    }
}

/// The display name of a provider.
fn provider_label(p: &str) -> &str {
    match p {
        "LoginWithAmazon" => "Amazon",
        "SignInWithApple" => "Apple",
        other => other,
    }
}

/// A query string of the request's parameters plus `extra`.
fn query(req: &AuthRequest, extra: &[(&str, &str)]) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in req.params() {
        q.append_pair(k, &v);
    }
    for (k, v) in extra {
        q.append_pair(k, v);
    }
    q.finish()
}

/// The sign-in page: the username/password form when the client supports `COGNITO`, and a
/// button per simulated provider it supports.
pub(crate) fn login(
    prefix: &str,
    req: &AuthRequest,
    providers: &[String],
    csrf: &str,
    error: Option<&str>,
    username: &str,
) -> String {
    let mut body = String::from("<h1>Sign in</h1>");
    body.push_str(&alert(error));
    if providers.iter().any(|p| p == "COGNITO") {
        let invalid =
            if error.is_some() { " aria-invalid=\"true\" aria-describedby=\"error\"" } else { "" };
        body.push_str(&format!(
            "<form method=\"post\" action=\"{prefix}/login\">{}\
<label for=\"username\">Username</label>\
<input id=\"username\" name=\"username\" autocomplete=\"username\" autocapitalize=\"none\" required value=\"{}\"{invalid}>\
<label for=\"password\">Password</label>\
<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required{invalid}>\
<button type=\"submit\">Sign in</button></form>",
            hidden(req, csrf),
            esc(username),
        ));
    }
    let social: Vec<&String> = providers.iter().filter(|p| *p != "COGNITO").collect();
    if !social.is_empty() {
        body.push_str("<h2>Or sign in with</h2>");
        for p in social {
            let href =
                format!("{prefix}/oauth2/authorize?{}", query(req, &[("identity_provider", p)]));
            body.push_str(&format!(
                "<a class=\"provider\" href=\"{}\">Continue with {} (simulated)</a>",
                esc(&href),
                esc(provider_label(p))
            ));
        }
    }
    body.push_str("<p class=\"note\">local-cognito hosted UI (an emulator; no request leaves this machine).</p>");
    page("Sign in", &body)
}

/// The page standing in for a social or OIDC provider: an email address is the identity.
pub(crate) fn provider(
    prefix: &str,
    req: &AuthRequest,
    provider: &str,
    csrf: &str,
    error: Option<&str>,
) -> String {
    let label = provider_label(provider);
    let body = format!(
        "<h1>Sign in with {} (simulated)</h1>{}\
<p class=\"note\">This page stands in for {}. The email you enter becomes the federated user's; the same email signs in as the same user again.</p>\
<form method=\"post\" action=\"{prefix}/simulated-idp\">{}\
<input type=\"hidden\" name=\"identity_provider\" value=\"{}\">\
<label for=\"email\">Email</label>\
<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"email\" required>\
<button type=\"submit\">Continue</button></form>",
        esc(label),
        alert(error),
        esc(label),
        hidden(req, csrf),
        esc(provider),
    );
    page(&format!("Sign in with {label}"), &body)
}

/// An error that is not sent back to the app (unknown client, unregistered redirect URI).
pub(crate) fn error(message: &str) -> String {
    let body = format!(
        "<h1>Something went wrong</h1><p role=\"alert\">{}</p>\
<p class=\"note\">The request was not sent back to the application because its client or redirect URI could not be trusted.</p>",
        esc(message)
    );
    page("Error", &body)
}

/// A sign-in step the emulator's hosted UI does not implement.
pub(crate) fn unsupported(prefix: &str, req: &AuthRequest, message: &str) -> String {
    let back = format!("{prefix}/login?{}", query(req, &[]));
    let body = format!(
        "<h1>This sign-in cannot finish here</h1><p role=\"alert\">{}</p><p><a href=\"{}\">Back to sign in</a></p>",
        esc(message),
        esc(&back)
    );
    page("Unsupported", &body)
}
