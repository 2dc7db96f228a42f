import { describe, expect, it } from 'vitest';
import { ibanValid, luhn, normalizeTerms, redact } from './redact';

describe('redact: what it finds', () => {
  it.each([
    ['write to anna.berg+work@uni-example.se today', 'write to [EMAIL] today', 'email'],
    ['Mail: J_Doe@mail.example.co.uk.', 'Mail: [EMAIL].', 'email'],
    ['call +46 70 123 45 67 tonight', 'call [PHONE] tonight', 'phone'],
    ['office (555) 010-4477 ext', 'office [PHONE] ext', 'phone'],
    ['ring 020 7946 0958 please', 'ring [PHONE] please', 'phone'],
    ['+14155550132', '[PHONE]', 'phone'],
    ['see https://shop.example.com/cart?session=abc123&u=9 now', 'see [URL] now', 'url'],
    ['(link: https://example.org/a?b=c)', '(link: [URL])', 'url'],
    ['www.example.com/search?q=my+diagnosis', '[URL]', 'url'],
    ['server at 192.168.1.20, port 22', 'server at [IP], port 22', 'ip'],
    ['my server 10.0.0.7 logs', 'my server [IP] logs', 'ip'],
    ['v6 host 2001:db8:85a3::8a2e:370:7334 up', 'v6 host [IP] up', 'ip'],
    ['fe80::1%eth0 link-local', '[IP] link-local', 'ip'],
    ['card 4111 1111 1111 1111 exp', 'card [CARD] exp', 'card'],
    ['amex 3782-822463-10005', 'amex [CARD]', 'card'],
    ['pay 5555555555554444.', 'pay [CARD].', 'card'],
    ['IBAN DE89 3704 0044 0532 0130 00 please', 'IBAN [IBAN] please', 'iban'],
    ['to GB82WEST12345698765432', 'to [IBAN]', 'iban'],
  ])('%s', (input, output, kind) => {
    const r = redact(input);
    expect(r.text).toBe(output);
    expect(r.counts[kind as keyof typeof r.counts]).toBe(1);
    expect(Object.values(r.counts).reduce((a, b) => a + b, 0)).toBe(1);
  });
});

describe('redact: false-positive traps are left alone', () => {
  it.each([
    ['a URL without a query stays: https://en.wikipedia.org/wiki/Luhn_algorithm'],
    ['Have you seen https://example.com/page?'],
    ['the meeting is on 2024-05-01 at 10:30'],
    ['born 01.05.1990 in town'],
    ['the years 1990-2000 were different'],
    ['pi is 3.14159265358979'],
    ['timestamp 1700000000000 in ms'],
    ['order number 4111111111111112 (fails Luhn)'],
    ['ISBN 9780262033848'],
    ['upgrade to version 1.2.3.4 or v10.0.0.1'],
    ['999.1.1.1 is not an address'],
    ['std::vector and a::b are C++'],
    ['at 12:30:45 sharp'],
    ['@username mentioned npm i @scope/pkg@1.2.3'],
    ['user@localhost has no domain'],
    ['DE89 3704 0044 0532 0130 01 has a bad checksum'],
    ['population 1,234,567 people'],
    ['costs $1,299.99 today'],
    ['ratio 1:2:3'],
  ])('%s', (input) => {
    const r = redact(input);
    expect(r.text).toBe(input);
    expect(r.spans).toEqual([]);
  });
});

describe("redact: the person's own terms", () => {
  it('matches whole words in any case, across whitespace, longest first', () => {
    const r = redact('Ann from Acme Corp lives in Uppsala; acme  corp pays ANN. Annual planning.', {
      terms: ['Ann', 'Acme Corp', 'uppsala', ' ', 'acme corp'],
    });
    expect(r.text).toBe('[REDACTED] from [REDACTED] lives in [REDACTED]; [REDACTED] pays [REDACTED]. Annual planning.');
    expect(r.counts.term).toBe(5);
  });

  it('treats regex characters in terms literally', () => {
    expect(redact('ask C++ (team) or C+', { terms: ['C++ (team)'] }).text).toBe('ask [REDACTED] or C+');
  });

  it('normalizes the list', () => {
    expect(normalizeTerms([' Ann ', 'ann', 'Acme  Corp', ''])).toEqual(['Acme Corp', 'Ann']);
  });

  it('handles non-Latin letters at word edges', () => {
    expect(redact('Åsa och Åsas bok', { terms: ['Åsa'] }).text).toBe('[REDACTED] och Åsas bok');
  });
});

describe('redact: spans and counts', () => {
  it('gives spans in the original and in the redacted text, in order', () => {
    const text = 'a@b.se then 192.168.0.1 and Ann';
    const r = redact(text, { terms: ['Ann'] });
    expect(r.text).toBe('[EMAIL] then [IP] and [REDACTED]');
    expect(r.spans.map((s) => text.slice(s.start, s.end))).toEqual(['a@b.se', '192.168.0.1', 'Ann']);
    expect(r.spans.map((s) => r.text.slice(s.outStart, s.outEnd))).toEqual(['[EMAIL]', '[IP]', '[REDACTED]']);
    expect(r.counts).toEqual({ email: 1, phone: 0, url: 0, ip: 1, card: 0, iban: 0, term: 1 });
  });

  it('an e-mail inside a URL query is one URL, not two findings', () => {
    const r = redact('https://x.example/?to=a@b.se');
    expect(r.text).toBe('[URL]');
    expect(r.counts.url + r.counts.email).toBe(1);
  });

  it('checksums', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('DE89370400440532013001')).toBe(false);
  });
});
