// Loaded first by test pages: keeps every uncaught error, unhandled rejection and warning.
window.pageErrors = [];
window.warnings = [];
window.addEventListener('error', (e) => window.pageErrors.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => window.pageErrors.push(String(e.reason)));
const warn = console.warn.bind(console);
console.warn = (...args) => {
  window.warnings.push(args.map(String).join(' '));
  warn(...args);
};
