// Agent pages: the directory, or one agent's profile with a contact form assigned to them,
// inside a <rechat-sdk> provider (the elements inside use its Sdk).
import { CHANNELS, el, loadAgents } from './data.js';

const main = document.querySelector('#agent');
const agents = await loadAgents();
const agent = agents.get(new URLSearchParams(location.search).get('id') ?? '');

if (!agent) {
  main.replaceChildren(
    el('h1', {}, 'Our agents'),
    el(
      'ul',
      { class: 'agents' },
      ...[...agents.values()].map((a) =>
        el('li', {}, el('a', { href: `/agent.html?id=${encodeURIComponent(a.id)}` }, `${a.first_name} ${a.last_name}`), ` — ${a.office}`),
      ),
    ),
  );
} else {
  document.title = `${agent.first_name} ${agent.last_name} — Adler & Associates`;
  main.replaceChildren(
    el('h1', {}, `${agent.first_name} ${agent.last_name}`),
    el('p', {}, `${agent.office} · ${agent.phone_number} · ${agent.email}`),
    el('p', {}, `MLS ${agent.mls} #${agent.mlsid}`),
    el(
      'section',
      { 'aria-labelledby': 'contact-agent' },
      el('h2', { id: 'contact-agent' }, `Contact ${agent.first_name}`),
      el(
        'rechat-sdk',
        { 'api-url': '/' },
        el('rechat-lead-form', {
          channel: CHANNELS.agent,
          'assignee-email': agent.email,
          'agent-mlsid': agent.mlsid,
          'lead-source': 'Agent profile',
          'submit-label': `Contact ${agent.first_name}`,
          'success-message': `Thanks! ${agent.first_name} will get back to you.`,
        }),
      ),
    ),
  );
}
