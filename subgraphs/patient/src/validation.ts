// Input rules specific to patient records (contact formats); generic ones live in the platform.
import { badInput, parseOptionalText } from '@caregraph/platform';

const PHONE = /^\+?[0-9][0-9 ()-]{5,24}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,63}$/;

export function parsePhone(field: string, value: string | null | undefined): string | null {
  const phone = parseOptionalText(field, value, 30);
  if (phone !== null && !PHONE.test(phone)) throw badInput(field, 'not a phone number');
  return phone;
}

export function parseEmail(field: string, value: string | null | undefined): string | null {
  const email = parseOptionalText(field, value, 254);
  if (email !== null && !EMAIL.test(email)) throw badInput(field, 'not an email address');
  return email;
}
