// A Vite app using the cognito-wasm npm package as documented: no Vite plugin, no config,
// no init call. The pool comes from the query string (?userPoolId=…&userPoolClientId=…&endpoint=…);
// the test drives the library through window.app.
import { configure, signUp, confirmSignUp, autoSignIn, fetchAuthSession, AuthError } from 'cognito-wasm';

const q = new URLSearchParams(location.search);
configure({
  Auth: {
    Cognito: {
      userPoolId: q.get('userPoolId'),
      userPoolClientId: q.get('userPoolClientId'),
      userPoolEndpoint: q.get('endpoint'),
    },
  },
});

window.app = { signUp, confirmSignUp, autoSignIn, fetchAuthSession, AuthError };
document.getElementById('status').textContent = 'ready';
document.documentElement.dataset.ready = 'true';
