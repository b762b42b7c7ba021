import { expect, it } from 'vitest';
import { THROTTLE } from '../src/modules/accounts/throttle.js';
import { describeEachDb } from './harness.js';
import { STRONG_PASSWORD, signUp } from './factories.js';

/**
 * A signed-in person is asked for their password again before sensitive changes (a new password, email or phone,
 * deleting the account). Those checks counted nothing: someone holding a session (a laptop left open, a stolen
 * cookie) could guess the password at the general request rate, learn it, and keep the login. They now count
 * towards the sign-in throttle of that login (THROTTLE.perEmail wrong guesses in the window lock it): once locked,
 * even the right password is refused with 429 and Retry-After, and signing in is locked too.
 */
describeEachDb('password asked again: the sign-in throttle', (use) => {
  const wrong = 'not-the-password-9';

  it('wrong current passwords on change-password, profile and account deletion lock the login', async () => {
    const a = await signUp(use().app);
    const c = a.client;
    const attempts = [
      () => c.post('/v1/auth/password', { currentPassword: wrong, newPassword: 'another-strong-passphrase-77' }),
      () => c.patch('/v1/me', { phone: '+14155550177', currentPassword: wrong }),
      () => c.post('/v1/account/deletion', { password: wrong }),
    ];
    for (let i = 0; i < THROTTLE.perEmail; i++) {
      const r = await attempts[i % attempts.length]();
      expect(r.statusCode, r.body).toBe(422);
      expect(r.json().error.code).toBe('wrong_password');
    }
    // Locked: the right password is refused too, everywhere it is asked.
    const right = await c.post('/v1/auth/password', { currentPassword: STRONG_PASSWORD, newPassword: 'another-strong-passphrase-77' });
    expect(right.statusCode, right.body).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect((await c.patch('/v1/me', { phone: '+14155550177', currentPassword: STRONG_PASSWORD })).statusCode).toBe(429);
    expect((await c.post('/v1/account/deletion', { password: STRONG_PASSWORD })).statusCode).toBe(429);
    const signIn = await use().app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: a.email, password: STRONG_PASSWORD } });
    expect(signIn.statusCode).toBe(429);
  });

  it('a right password asked again clears the typos before it, as a sign-in does', async () => {
    const a = await signUp(use().app);
    const change = (currentPassword: string, phone = '+14155550178') => a.client.patch('/v1/me', { phone, currentPassword });
    for (let i = 0; i < THROTTLE.perEmail - 1; i++) expect((await change(wrong)).statusCode).toBe(422);
    expect((await change(STRONG_PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < THROTTLE.perEmail - 1; i++) expect((await change(wrong, '+14155550179')).statusCode).toBe(422);
    const signIn = await use().app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: a.email, password: STRONG_PASSWORD } });
    expect(signIn.statusCode).toBe(200);
  });

  it('a right password asked again does not lock, and a profile change without a new email or phone asks for none', async () => {
    const a = await signUp(use().app);
    for (let i = 0; i < THROTTLE.perEmail + 2; i++) {
      expect((await a.client.patch('/v1/me', { name: `Name ${i}` })).statusCode).toBe(200);
    }
    const r = await a.client.post('/v1/auth/password', { currentPassword: STRONG_PASSWORD, newPassword: 'another-strong-passphrase-77' });
    expect(r.statusCode, r.body).toBe(204);
  });
});
