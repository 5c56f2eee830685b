/**
 * Every named, enabled field of a form as a lead payload: a repeated name (checkboxes, a
 * multiple select) becomes a list, blank values and files are left out, strings trimmed.
 * The submitter button's own name/value is included, as a native submission would.
 */
export function collectFormFields(form: HTMLFormElement, submitter?: HTMLElement | null): Record<string, unknown> {
  const data = formDataOf(form, submitter);
  const payload: Record<string, unknown> = {};
  for (const [name, raw] of data) {
    if (typeof raw !== 'string') continue;
    const value = raw.trim();
    if (value === '') continue;
    const previous = payload[name];
    if (previous === undefined) payload[name] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else payload[name] = [previous, value];
  }
  return payload;
}

/** The form's submit buttons, including those outside it that name it with `form=`. */
export function submitButtons(form: HTMLFormElement): Array<HTMLButtonElement | HTMLInputElement> {
  // Of a form's controls, only submit buttons have these types.
  return Array.from(form.elements).filter((el): el is HTMLButtonElement | HTMLInputElement =>
    ['submit', 'image'].includes((el as HTMLButtonElement).type),
  );
}

function formDataOf(form: HTMLFormElement, submitter?: HTMLElement | null): FormData {
  // FormData throws for a submitter that is not one of this form's submit buttons.
  if (submitter && (submitter as HTMLButtonElement).form === form) {
    try {
      return new FormData(form, submitter);
    } catch {
      // An older browser without the submitter argument: the fields alone.
    }
  }
  return new FormData(form);
}
