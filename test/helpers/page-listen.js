// The page's own script, placed after the bundle, as a site's script would be: it hears the
// elements' events on the document, including those fired while the page loads.
for (const type of [
  'rechat-lead-submit',
  'rechat-lead-success',
  'rechat-lead-queued',
  'rechat-lead-error',
  'rechat-lead-spam',
  'rechat-track',
  'rechat-track-error',
]) {
  document.addEventListener(type, (e) => {
    const el = e.composedPath()[0];
    // What the visitor read when the event fired.
    const status = el.querySelector?.('[role=status]')?.textContent;
    kit.events.push({ type, id: el.id, detail: e.detail, status });
  });
}
