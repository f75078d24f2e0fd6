// Links to pages that are gone on purpose (core/links.ts): dropped from view models as plain text
// or left out of link lists; everything else untouched.
import { describe, expect, it } from 'vitest';
import { createGoneCheck, dropGoneLinks, goneLinkSources } from '../../core/links.ts';

const isGone = createGoneCheck(['/anfahrt/', '/en/press/old/'], 'https://ksp.example');

describe('links to gone pages', () => {
  it('matches paths with or without trailing slash, query and fragment, and absolute links to the site', () => {
    expect(isGone('/anfahrt')).toBe(true);
    expect(isGone('/anfahrt/?x=1#weg')).toBe(true);
    expect(isGone('https://ksp.example/anfahrt/')).toBe(true);
    expect(isGone('/en/press/old')).toBe(true);
    expect(isGone('/anfahrt-neu/')).toBe(false);
    expect(isGone('https://elsewhere.example/anfahrt/')).toBe(false);
    expect(isGone('mailto:a@b.de')).toBe(false);
    expect(isGone(undefined)).toBe(false);
  });

  it('turns a link annotation into plain text and leaves out a menu entry, keeping the rest', () => {
    const model = {
      title: 'x',
      body: {
        de: [
          {
            _type: 'block',
            markDefs: [
              { _key: 'a', _type: 'link', href: '/anfahrt/' },
              { _key: 'b', _type: 'link', href: '/oeffnungszeiten/' },
            ],
            children: [
              { _type: 'span', text: 'Weg', marks: ['a', 'strong'] },
              { _type: 'span', text: 'Zeiten', marks: ['b'] },
            ],
          },
        ],
      },
      navigation: [
        { label: { de: 'Anfahrt' }, href: '/anfahrt' },
        { label: { de: 'Presse' }, href: '/presse' },
      ],
    };
    const dropped = dropGoneLinks(model, isGone);
    expect(dropped.body.de[0]!.markDefs).toEqual([{ _key: 'b', _type: 'link', href: '/oeffnungszeiten/' }]);
    expect(dropped.body.de[0]!.children).toEqual([
      { _type: 'span', text: 'Weg', marks: ['strong'] },
      { _type: 'span', text: 'Zeiten', marks: ['b'] },
    ]);
    expect(dropped.navigation).toEqual([{ label: { de: 'Presse' }, href: '/presse' }]);
    // The input stays as it was; with nothing gone, the same object comes back.
    expect(model.navigation).toHaveLength(2);
    expect(dropGoneLinks(model, createGoneCheck([], ''))).toBe(model);
  });

  it('names document and field of each link to a gone page', () => {
    const docs = [
      { _id: 'page-a', _type: 'page', body: { de: [{ _type: 'block', markDefs: [{ _key: 'a', _type: 'link', href: '/anfahrt' }], children: [] }] } },
      { _id: 'service-b', _type: 'service', links: [{ href: 'https://ksp.example/oeffnungszeiten/' }] },
    ];
    expect(goneLinkSources(docs, isGone)).toEqual([{ id: 'page-a', type: 'page', field: 'body.de.0.markDefs.0.href', href: '/anfahrt' }]);
  });
});
