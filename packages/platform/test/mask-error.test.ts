// What a client may see of an error: our codes pass; anything else is masked to a request id.
import { describe, expect, it } from 'vitest';
import { maskFormattedError } from '../src/graphql/mask-error';

describe('maskFormattedError', () => {
  it('masks an unknown error, dropping its message and extensions', () => {
    const masked = maskFormattedError(
      {
        message: 'insert into "patient"."patient" values ($1) params: Jane Doe',
        extensions: { code: 'XX000', stacktrace: ['at x'] },
      },
      'req-1',
    );
    expect(masked).toEqual({
      message: 'Internal server error',
      path: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-1' },
    });
  });

  it('keeps our own code, message and field', () => {
    const kept = maskFormattedError(
      {
        message: 'Invalid first: must be between 1 and 100',
        extensions: { code: 'BAD_USER_INPUT', field: 'first', serviceName: 'patient' },
      },
      undefined,
    );
    expect(kept.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(kept.message).toBe('Invalid first: must be between 1 and 100');
  });

  it('drops the rejected value from a variable coercion error', () => {
    const kept = maskFormattedError(
      {
        message:
          'Variable "$id" got invalid value { name: "Jane Doe" }; ID cannot represent value: { name: "Jane Doe" }',
        extensions: { code: 'BAD_USER_INPUT' },
      },
      undefined,
    );
    expect(kept.message).toBe('Variable "$id" got an invalid value');
  });
});
