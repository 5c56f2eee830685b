// Loaded first by the real-page tests' pages: keeps what a clean console must not have
// (errors, unhandled rejections, console warnings and errors, CSP violations) and, through
// page-listen.js, the events the page's own script hears.
window.kit = { errors: [], warnings: [], consoleErrors: [], violations: [], events: [], mostForms: {} };
addEventListener('error', (e) => kit.errors.push(String(e.message)));
addEventListener('unhandledrejection', (e) => kit.errors.push(String(e.reason)));
document.addEventListener('securitypolicyviolation', (e) => kit.violations.push(`${e.violatedDirective} ${e.blockedURI}`), true);
for (const [level, list] of [['warn', kit.warnings], ['error', kit.consoleErrors]]) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    list.push(args.map(String).join(' '));
    original(...args);
  };
}
// The most forms each <rechat-lead-form id> held at once, as the page was parsed and ran:
// a visitor must never see two.
new MutationObserver(() => {
  for (const el of document.querySelectorAll('rechat-lead-form[id]')) {
    kit.mostForms[el.id] = Math.max(kit.mostForms[el.id] ?? 0, el.querySelectorAll('form').length);
  }
}).observe(document, { childList: true, subtree: true });
