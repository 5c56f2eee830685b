// A page builder's script: it adds <rechat-lead-form> first and the form it holds a moment
// later, and counts how many forms the element ever holds at once.
const { channel } = document.currentScript.dataset;
const el = document.createElement('rechat-lead-form');
el.id = 'built';
el.setAttribute('channel', channel);
document.getElementById('builder').append(el);
window.mostForms = el.querySelectorAll('form').length;
new MutationObserver(() => {
  window.mostForms = Math.max(window.mostForms, el.querySelectorAll('form').length);
}).observe(el, { childList: true, subtree: true });
setTimeout(() => {
  const form = document.createElement('form');
  form.className = 'builder-form';
  const email = document.createElement('input');
  email.name = 'email';
  email.type = 'email';
  email.setAttribute('aria-label', 'Email');
  const phone = document.createElement('input');
  phone.name = 'phone_number';
  phone.setAttribute('aria-label', 'Phone');
  const button = document.createElement('button');
  button.textContent = 'Request a call';
  form.append(email, phone, button);
  el.append(form);
  window.formAdded = true;
}, 300);
