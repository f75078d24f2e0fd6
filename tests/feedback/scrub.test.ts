// What the citizen did not mean to hand over is removed from the free text before it is stored;
// ordinary facts (dates, times, fees, postcodes, house numbers) stay readable for the editors.
import { describe, expect, it } from 'vitest';
import { PLACEHOLDERS, removePersonalData } from '../../core/feedback/scrub.ts';

const { email, phone, iban } = PLACEHOLDERS;

describe('removePersonalData', () => {
  it.each([
    ['Schreiben Sie an anna.muster@example.de bitte', `Schreiben Sie an ${email} bitte`],
    ['Mail: Jörg.Müller+ksp@städte-post.de.', `Mail: ${email}.`],
    ['anna (at) example (dot) de', email],
    ['anna[at]example.de oder bob@example.org', `${email} oder ${email}`],
  ])('e-mail addresses: %s', (input, expected) => expect(removePersonalData(input)).toBe(expected));

  it.each([
    ['Rufen Sie an: 0561 1234567', `Rufen Sie an: ${phone}`],
    ['+49 561 787-0 ist die Zentrale', `${phone} ist die Zentrale`],
    ['Handy 0170/1234567, abends', `Handy ${phone}, abends`],
    ['(0561) 78 70 80', phone],
    ['0049 (0)561 12345', phone],
    ['Tel.+491701234567', `Tel.${phone}`],
  ])('phone numbers: %s', (input, expected) => expect(removePersonalData(input)).toBe(expected));

  it.each([
    ['Bitte an DE89 3704 0044 0532 0130 00 überweisen', `Bitte an ${iban} überweisen`],
    ['IBAN: DE89370400440532013000.', `IBAN: ${iban}.`],
    ['at611904300234573201', iban],
  ])('IBANs: %s', (input, expected) => expect(removePersonalData(input)).toBe(expected));

  it.each([
    'Am 01.05.2025 um 10:30 Uhr war geschlossen.',
    'Die Gebühr von 37,50 € stimmt nicht, es sind 22,50 €.',
    'Obere Königsstraße 39, 34117 Kassel, 1. Etage',
    'Bus 500 und Tram 1, 4 und 8 halten am Königsplatz.',
    'Formular 0815 fehlt',
    'Öffnungszeiten 9–18 Uhr, Samstag 10–16 Uhr',
    'Reisepass abholen: https://servicepoint.kassel.de/dienstleistungen/reisepass/',
  ])('keeps ordinary text: %s', (input) => expect(removePersonalData(input)).toBe(input));

  it('removes several kinds in one text and keeps the rest', () => {
    expect(removePersonalData('Ich (anna@example.de, 0561 998877) habe DE89 3704 0044 0532 0130 00 angegeben.')).toBe(
      `Ich (${email}, ${phone}) habe ${iban} angegeben.`,
    );
  });
});
