// "Another page" of the site for the attribution tests: a same-origin frame whose URL
// carries the campaign parameters. It starts an Sdk with visitor tracking wired in and,
// when asked (`?capture=<lead channel>`), captures a lead; then it tells its parent.
import { CoreVisitorSdk } from '../../helpers/visitor-sdk.js';

const params = new URLSearchParams(location.search);
const sdk = new CoreVisitorSdk({ apiUrl: params.get('api')! });
const channel = params.get('capture');
const lead = channel ? await sdk.Leads.capture({ lead_channel: channel }, { email: 'frame@example.com' }) : null;
parent.postMessage({ page: location.href, lead }, '*');
