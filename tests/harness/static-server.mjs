// Static file server for e2e tests (the demo's server, scripts/serve.mjs):
//   import { startStaticServer } from '../harness/static-server.mjs';
//   const web = await startStaticServer({ root: 'www', port: 0 });  // web.url, await web.close()
export { startStaticServer, MIME } from '../../scripts/serve.mjs';
