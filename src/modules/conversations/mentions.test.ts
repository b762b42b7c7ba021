import { describe, expect, it } from 'vitest';
import { findMentions, type Mentionable } from './mentions.js';

const members: Mentionable[] = [
  { id: 'ana', name: 'Ana Lima', email: 'alima@shop.example' },
  { id: 'anab', name: 'Ana Beatriz', email: 'beatriz@shop.example' },
  { id: 'jose', name: 'José García', email: 'jg@shop.example' },
  { id: 'sam', name: 'Sam', email: 'sam.k@shop.example' },
];

describe('findMentions', () => {
  it.each([
    ['@Ana Lima can you check?', ['ana']],
    ['ping @ana lima and @Ana Beatriz', ['ana', 'anab']],
    ['@Ana please', []], // two members are called Ana: the first name alone names neither
    ['@jose garcia look', ['jose']], // accents and case do not matter
    ['@José here', ['jose']], // a unique first name
    ['cc @jg', ['jose']], // email local part
    ['@sam.k and @Sam', ['sam']], // each member once
    ['write to sam@shop.example', []], // an email address is no mention
    ['@Samantha is not Sam', []], // a handle ends at a word boundary
    ['(@Sam)', ['sam']],
    ['@@Sam', []],
    ['no mentions at all', []],
    ['@', []],
  ])('%s', (body, expected) => {
    expect(findMentions(body, members)).toEqual(expected);
  });
});
